// The small default plugins, each a few lines of upstream semantics:
//  * PrioritySort (QueueSort): higher spec.priority first, then earlier queue timestamp.
//  * SchedulingGates (PreEnqueue): "waiting for scheduling gates: [a b]"
//    (UnschedulableAndUnresolvable) while spec.schedulingGates is non-empty.
//  * NodeUnschedulable (Filter): "node(s) were unschedulable" (UnschedulableAndUnresolvable)
//    for spec.unschedulable nodes unless the pod tolerates
//    node.kubernetes.io/unschedulable:NoSchedule.
//  * NodeName (PreFilter + Filter): spec.nodeName restricts the nodes;
//    "node(s) didn't match the requested node name" (UnschedulableAndUnresolvable).
// Thread-safety: stateless; safe from any thread.
#pragma once

#include <memory>

#include "components/kube-scheduler/framework/interface.h"
#include "components/kube-scheduler/plugins/names.h"

namespace kubecxx::scheduler::plugins {

class PrioritySort final : public framework::QueueSortPlugin {
 public:
  std::string_view Name() const override { return names::kPrioritySort; }
  bool Less(const framework::QueuedPodInfo& a, const framework::QueuedPodInfo& b) const override;
};

class SchedulingGates final : public framework::PreEnqueuePlugin {
 public:
  std::string_view Name() const override { return names::kSchedulingGates; }
  framework::Status PreEnqueue(const framework::Pod& pod) override;
};

class NodeUnschedulable final : public framework::FilterPlugin {
 public:
  static constexpr std::string_view kErrReasonUnschedulable = "node(s) were unschedulable";
  std::string_view Name() const override { return names::kNodeUnschedulable; }
  framework::Status Filter(const framework::CycleState& state, const framework::Pod& pod,
                           const framework::NodeInfo& node_info) const override;
};

class NodeName final : public framework::PreFilterPlugin, public framework::FilterPlugin {
 public:
  static constexpr std::string_view kErrReason = "node(s) didn't match the requested node name";
  std::string_view Name() const override { return names::kNodeName; }
  framework::Status PreFilter(framework::CycleState& state, const framework::Pod& pod,
                              const framework::NodeInfoList& nodes,
                              framework::PreFilterResult* result) override;
  framework::Status Filter(const framework::CycleState& state, const framework::Pod& pod,
                           const framework::NodeInfo& node_info) const override;
};

}  // namespace kubecxx::scheduler::plugins
