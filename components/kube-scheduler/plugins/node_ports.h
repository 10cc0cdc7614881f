// NodePorts (upstream plugins/nodeports): PreFilter collects the pod's host ports (Skip
// when there are none); Filter rejects a node where one of them conflicts with a port in
// use: "node(s) didn't have free ports for the requested pod ports" (Unschedulable).
// Thread-safety: stateless.
#pragma once

#include "components/kube-scheduler/framework/interface.h"
#include "components/kube-scheduler/plugins/names.h"

namespace kubecxx::scheduler::plugins {

class NodePorts final : public framework::PreFilterPlugin, public framework::FilterPlugin {
 public:
  static constexpr std::string_view kErrReason = "node(s) didn't have free ports for the requested pod ports";
  std::string_view Name() const override { return names::kNodePorts; }
  framework::Status PreFilter(framework::CycleState& state, const framework::Pod& pod,
                              const framework::NodeInfoList& nodes,
                              framework::PreFilterResult* result) override;
  framework::Status Filter(const framework::CycleState& state, const framework::Pod& pod,
                           const framework::NodeInfo& node_info) const override;
};

// Whether none of the pod's host ports conflicts with the node's (nodeports.Fits).
bool FitsPorts(const framework::Pod& pod, const framework::NodeInfo& node_info);

}  // namespace kubecxx::scheduler::plugins
