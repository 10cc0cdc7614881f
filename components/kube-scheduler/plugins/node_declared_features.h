// NodeDeclaredFeatures (upstream plugins/nodedeclaredfeatures; in v1.37's default profile
// since the NodeDeclaredFeatures gate is GA and locked on). The pod's required node
// features are inferred as component-helpers/nodedeclaredfeatures does for scheduling in
// v1.37 (its registry; only three of its nine features infer anything for scheduling):
//   RestartAllContainersOnContainerExits - a container or init container restart rule
//     with action RestartAllContainers;
//   UserNamespacesHostNetworkSupport - hostNetwork with hostUsers: false;
//   VolumeBindMountOptions - a (init / ephemeral) container volume mount with
//     bindMountOptions.
//  PreFilter: Skip when nothing is required. Filter: the node's status.declaredFeatures
//  must contain every required feature, else UnschedulableAndUnresolvable
//  "node(s) didn't match Pod's required features".
// Thread-safety: stateless.
#pragma once

#include <set>
#include <string>

#include "components/kube-scheduler/framework/interface.h"
#include "components/kube-scheduler/plugins/names.h"

namespace kubecxx::scheduler::plugins {

class NodeDeclaredFeatures final : public framework::PreFilterPlugin, public framework::FilterPlugin {
 public:
  static constexpr std::string_view kErrReason = "node(s) didn't match Pod's required features";
  std::string_view Name() const override { return names::kNodeDeclaredFeatures; }
  framework::Status PreFilter(framework::CycleState& state, const framework::Pod& pod,
                              const framework::NodeInfoList& nodes, framework::PreFilterResult* result) override;
  framework::Status Filter(const framework::CycleState& state, const framework::Pod& pod,
                           const framework::NodeInfo& node_info) const override;
};

// InferForPodScheduling: the feature names the pod needs.
std::set<std::string> InferRequiredNodeFeatures(const framework::Pod& pod);

}  // namespace kubecxx::scheduler::plugins
