#include "components/kube-scheduler/plugins/node_declared_features.h"

#include <algorithm>

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using framework::Status;

constexpr std::string_view kPreFilterKey = "PreFilterNodeDeclaredFeatures";

struct PreFilterState final : framework::StateData {
  std::set<std::string> required;
  std::shared_ptr<framework::StateData> Clone() const override { return std::make_shared<PreFilterState>(*this); }
};

template <typename C>
bool RestartsAll(const C& c) {
  return std::any_of(c.restart_policy_rules.begin(), c.restart_policy_rules.end(),
                     [](const auto& r) { return r.action == "RestartAllContainers"; });
}

template <typename C>
bool HasBindMountOptions(const C& c) {
  return std::any_of(c.volume_mounts.begin(), c.volume_mounts.end(),
                     [](const auto& m) { return !m.bind_mount_options.empty(); });
}

}  // namespace

std::set<std::string> InferRequiredNodeFeatures(const framework::Pod& pod) {
  std::set<std::string> out;
  const auto& spec = pod.spec;
  if (std::any_of(spec.containers.begin(), spec.containers.end(), RestartsAll<api::core::v1::Container>) ||
      std::any_of(spec.init_containers.begin(), spec.init_containers.end(), RestartsAll<api::core::v1::Container>)) {
    out.insert("RestartAllContainersOnContainerExits");
  }
  if (spec.host_network && spec.host_users.has_value() && !*spec.host_users) {
    out.insert("UserNamespacesHostNetworkSupport");
  }
  bool bind = std::any_of(spec.containers.begin(), spec.containers.end(), HasBindMountOptions<api::core::v1::Container>) ||
              std::any_of(spec.init_containers.begin(), spec.init_containers.end(),
                          HasBindMountOptions<api::core::v1::Container>);
  for (const auto& e : spec.ephemeral_containers) bind = bind || HasBindMountOptions(e.ephemeral_container_common);
  if (bind) out.insert("VolumeBindMountOptions");
  return out;
}

Status NodeDeclaredFeatures::PreFilter(framework::CycleState& state, const framework::Pod& pod,
                                       const framework::NodeInfoList&, framework::PreFilterResult*) {
  auto s = std::make_shared<PreFilterState>();
  s->required = InferRequiredNodeFeatures(pod);
  if (s->required.empty()) return Status(Code::kSkip);
  state.Write(std::string(kPreFilterKey), std::move(s));
  return Status();
}

Status NodeDeclaredFeatures::Filter(const framework::CycleState& state, const framework::Pod&,
                                    const framework::NodeInfo& node_info) const {
  const auto* s = state.Read<PreFilterState>(kPreFilterKey);
  if (!s) return Status::Error("error reading \"PreFilterNodeDeclaredFeatures\" from cycle-state: not found");
  const auto& declared = node_info.node()->status.declared_features;
  for (const auto& f : s->required) {
    if (std::find(declared.begin(), declared.end(), f) == declared.end()) {
      return Status(Code::kUnschedulableAndUnresolvable, std::string(kErrReason));
    }
  }
  return Status();
}

}  // namespace kubecxx::scheduler::plugins
