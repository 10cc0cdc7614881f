#include "components/kube-scheduler/plugins/node_ports.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using framework::Status;

constexpr std::string_view kPreFilterKey = "PreFilterNodePorts";

struct PreFilterState final : framework::StateData {
  std::vector<api::core::v1::ContainerPort> ports;
  std::shared_ptr<framework::StateData> Clone() const override {
    return std::make_shared<PreFilterState>(*this);
  }
};

bool Fits(const std::vector<api::core::v1::ContainerPort>& want, const framework::HostPortInfo& used) {
  for (const auto& p : want) {
    if (used.CheckConflict(p.host_ip, p.protocol, p.host_port)) return false;
  }
  return true;
}

}  // namespace

Status NodePorts::PreFilter(framework::CycleState& state, const framework::Pod& pod,
                            const framework::NodeInfoList&, framework::PreFilterResult*) {
  auto s = std::make_shared<PreFilterState>();
  s->ports = framework::GetHostPorts(pod);
  if (s->ports.empty()) return Status(Code::kSkip);
  state.Write(std::string(kPreFilterKey), std::move(s));
  return Status();
}

Status NodePorts::Filter(const framework::CycleState& state, const framework::Pod&,
                         const framework::NodeInfo& node_info) const {
  const auto* s = state.Read<PreFilterState>(kPreFilterKey);
  if (!s) return Status::Error("reading \"PreFilterNodePorts\" from cycleState: not found");
  if (!Fits(s->ports, node_info.used_ports())) return Status(Code::kUnschedulable, std::string(kErrReason));
  return Status();
}

bool FitsPorts(const framework::Pod& pod, const framework::NodeInfo& node_info) {
  return Fits(framework::GetHostPorts(pod), node_info.used_ports());
}

}  // namespace kubecxx::scheduler::plugins
