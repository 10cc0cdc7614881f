#include "components/kube-scheduler/queue/events.h"

namespace kubecxx::scheduler::queue {

bool MatchClusterEvents(const ClusterEvent& registered, const ClusterEvent& incoming) {
  return (registered.resource == kResourceWildCard || registered.resource == incoming.resource) &&
         (registered.action & incoming.action) != 0;
}

ClusterEvent UnschedulableTimeoutEvent() {
  return ClusterEvent{std::string(kResourceWildCard), action::kAll, "UnschedulableTimeout"};
}

bool IsWildCard(const ClusterEvent& e) { return e.resource == kResourceWildCard && e.action == action::kAll; }

std::vector<ClusterEventWithHint> DefaultEventsToRegister() {
  using namespace action;
  auto ev = [](std::string_view res, uint32_t act) { return ClusterEvent{std::string(res), act, ""}; };
  QueueingHintFn gates_gone = [](const api::core::v1::Pod& pod, const EventObject&, const EventObject& new_obj) {
    const auto* p = std::get_if<std::shared_ptr<const api::core::v1::Pod>>(&new_obj);
    if (!p || !*p || (*p)->object_meta.uid != pod.object_meta.uid) return QueueingHint::kQueueSkip;
    return (*p)->spec.scheduling_gates.empty() ? QueueingHint::kQueue : QueueingHint::kQueueSkip;
  };
  QueueingHintFn node_schedulable = [](const api::core::v1::Pod&, const EventObject&, const EventObject& new_obj) {
    const auto* n = std::get_if<std::shared_ptr<const api::core::v1::Node>>(&new_obj);
    if (!n || !*n) return QueueingHint::kQueue;
    return (*n)->spec.unschedulable ? QueueingHint::kQueueSkip : QueueingHint::kQueue;
  };
  return {
      {ev(kResourcePod, kUpdatePodSchedulingGatesEliminated), "SchedulingGates", gates_gone},
      {ev(kResourceNode, kAdd | kUpdateNodeTaint), "NodeUnschedulable", node_schedulable},
      {ev(kResourceNode, kAdd), "NodeName", nullptr},
      {ev(kResourceNode, kAdd | kUpdateNodeTaint), "TaintToleration", nullptr},
      {ev(kResourcePod, kUpdatePodToleration), "TaintToleration", nullptr},
      {ev(kResourceNode, kAdd | kUpdateNodeLabel), "NodeAffinity", nullptr},
      {ev(kResourceAssignedPod, kDelete), "NodePorts", nullptr},
      {ev(kResourceNode, kAdd), "NodePorts", nullptr},
      {ev(kResourceAssignedPod, kDelete | kUpdatePodScaleDown), "NodeResourcesFit", nullptr},
      {ev(kResourceNode, kAdd | kUpdateNodeAllocatable | kUpdateNodeTaint | kUpdateNodeLabel), "NodeResourcesFit", nullptr},
      {ev(kResourcePod, kUpdatePodScaleDown), "NodeResourcesFit", nullptr},
      {ev(kResourceAssignedPod, kAdd | kUpdatePodLabel | kDelete), "PodTopologySpread", nullptr},
      {ev(kResourcePod, kUpdatePodToleration | kUpdatePodLabel), "PodTopologySpread", nullptr},
      {ev(kResourceNode, kAdd | kDelete | kUpdateNodeLabel | kUpdateNodeTaint), "PodTopologySpread", nullptr},
      {ev(kResourceAssignedPod, kAdd | kUpdatePodLabel | kDelete), "InterPodAffinity", nullptr},
      {ev(kResourcePod, kUpdatePodLabel), "InterPodAffinity", nullptr},
      {ev(kResourceNode, kAdd | kUpdateNodeLabel), "InterPodAffinity", nullptr},
  };
}

}  // namespace kubecxx::scheduler::queue
