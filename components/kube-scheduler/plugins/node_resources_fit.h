// NodeResourcesFit (upstream noderesources/fit.go, default weight 1, LeastAllocated).
//  PreFilter: the pod's effective request (PodRequests from the spec: max of the
//    init-container phase and the app containers plus sidecars, pod-level requests,
//    overhead).
//  Filter: "Too many pods" when the node is at its pod capacity; "Insufficient cpu",
//    "Insufficient memory", "Insufficient ephemeral-storage", "Insufficient <name>" for a
//    requested resource exceeding allocatable - requested (scalar resources in name
//    order; ignoredResources / ignoredResourceGroups skip extended resources). The status
//    is Unschedulable, or UnschedulableAndUnresolvable when some request exceeds the
//    node's whole allocatable.
//  Score: the configured strategy over the configured resources (resource_allocation.h).
// Not yet: DRA-backed extended resources (DRAExtendedResource) - with no DRA manager a
// resource is never delegated, which is what upstream does without DeviceClasses.
// Thread-safety: immutable after Create.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "components/kube-scheduler/framework/interface.h"
#include "components/kube-scheduler/plugins/names.h"
#include "components/kube-scheduler/plugins/resource_allocation.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::plugins {

struct ScoringStrategy {
  ScoringStrategyType type = ScoringStrategyType::kLeastAllocated;
  std::vector<ResourceSpec> resources = DefaultResourceSpecs();
  std::vector<UtilizationShapePoint> requested_to_capacity_ratio_shape;
};

struct NodeResourcesFitArgs {
  std::vector<std::string> ignored_resources;
  std::vector<std::string> ignored_resource_groups;
  ScoringStrategy scoring_strategy;
};

// fit.go InsufficientResource.
struct InsufficientResource {
  std::string resource_name;
  std::string reason;
  int64_t requested = 0;
  int64_t used = 0;
  int64_t capacity = 0;
  bool unresolvable = false;
};

// noderesources.Fits: what the pod lacks on the node (no ignored resources).
std::vector<InsufficientResource> Fits(const framework::Pod& pod, const framework::NodeInfo& node);

class NodeResourcesFit final : public framework::PreFilterPlugin,
                               public framework::FilterPlugin,
                               public framework::PreScorePlugin,
                               public framework::ScorePlugin {
 public:
  // Errors for an empty resource list, weights outside [1, 100], or an invalid shape.
  static StatusOr<std::shared_ptr<NodeResourcesFit>> Create(const NodeResourcesFitArgs& args);

  std::string_view Name() const override { return names::kNodeResourcesFit; }
  framework::Status PreFilter(framework::CycleState& state, const framework::Pod& pod,
                              const framework::NodeInfoList& nodes,
                              framework::PreFilterResult* result) override;
  framework::Status Filter(const framework::CycleState& state, const framework::Pod& pod,
                           const framework::NodeInfo& node_info) const override;
  framework::Status PreScore(framework::CycleState& state, const framework::Pod& pod,
                             const framework::NodeInfoList& nodes) override;
  framework::Status Score(const framework::CycleState& state, const framework::Pod& pod,
                          const framework::NodeInfo& node_info, int64_t* score) const override;

 private:
  NodeResourcesFit(const NodeResourcesFitArgs& args, ResourceAllocationScorer scorer);
  std::set<std::string, std::less<>> ignored_resources_;
  std::set<std::string, std::less<>> ignored_resource_groups_;
  ResourceAllocationScorer scorer_;
};

// Validation shared with BalancedAllocation ("" when valid).
std::string ValidateResources(const std::vector<ResourceSpec>& resources);

}  // namespace kubecxx::scheduler::plugins
