#include "components/kube-scheduler/plugins/simple_plugins.h"

#include "components/kube-scheduler/plugins/helper.h"

namespace kubecxx::scheduler::plugins {

using framework::Code;
using framework::Status;

bool PrioritySort::Less(const framework::QueuedPodInfo& a, const framework::QueuedPodInfo& b) const {
  int32_t p1 = a.Priority();
  int32_t p2 = b.Priority();
  return p1 > p2 || (p1 == p2 && a.timestamp < b.timestamp);
}

Status SchedulingGates::PreEnqueue(const framework::Pod& pod) {
  if (pod.spec.scheduling_gates.empty()) return Status();
  std::string gates = "[";
  for (size_t i = 0; i < pod.spec.scheduling_gates.size(); ++i) {
    if (i) gates += " ";
    gates += pod.spec.scheduling_gates[i].name;
  }
  gates += "]";
  return Status(Code::kUnschedulableAndUnresolvable, "waiting for scheduling gates: " + gates);
}

Status NodeUnschedulable::Filter(const framework::CycleState&, const framework::Pod& pod,
                                 const framework::NodeInfo& node_info) const {
  if (!node_info.node()->spec.unschedulable) return Status();
  api::core::v1::Taint taint;
  taint.key = "node.kubernetes.io/unschedulable";
  taint.effect = "NoSchedule";
  if (TolerationsTolerateTaint(pod.spec.tolerations, taint)) return Status();
  return Status(Code::kUnschedulableAndUnresolvable, std::string(kErrReasonUnschedulable));
}

Status NodeName::PreFilter(framework::CycleState&, const framework::Pod& pod,
                           const framework::NodeInfoList&, framework::PreFilterResult* result) {
  if (!pod.spec.node_name.empty()) {
    result->node_names = std::set<std::string, std::less<>>{pod.spec.node_name};
  }
  return Status();
}

Status NodeName::Filter(const framework::CycleState&, const framework::Pod& pod,
                        const framework::NodeInfo& node_info) const {
  if (pod.spec.node_name.empty() || pod.spec.node_name == node_info.name()) return Status();
  return Status(Code::kUnschedulableAndUnresolvable, std::string(kErrReason));
}

}  // namespace kubecxx::scheduler::plugins
