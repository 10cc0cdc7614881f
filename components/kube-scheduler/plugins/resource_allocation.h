// The resource-allocation scorers shared by NodeResourcesFit and
// NodeResourcesBalancedAllocation (upstream noderesources/resource_allocation.go,
// least_allocated.go, most_allocated.go, requested_to_capacity_ratio.go).
//
// For each configured resource: allocatable from the node, allocated = what pods on the
// node request (NonZeroRequested for cpu/memory unless use_requested; Requested for
// ephemeral-storage and scalar resources), requested = allocated + the pod's request.
// Resources the node does not have, and scalar resources the pod does not request, are
// left out. Strategy formulas (integer arithmetic as upstream, MaxNodeScore 100):
//   LeastAllocated: (cap - req) * 100 / cap (0 when req > cap), weighted mean (floor).
//   MostAllocated:  min(req, cap) * 100 / cap, weighted mean (floor).
//   RequestedToCapacityRatio: broken-linear shape(req * 100 / cap) (shape(100) when
//     req > cap) with shape scores * 10; weighted mean over resources scoring > 0,
//     rounded half away from zero.
// Thread-safety: immutable after construction.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "components/kube-scheduler/framework/interface.h"
#include "components/kube-scheduler/plugins/helper.h"

namespace kubecxx::scheduler::plugins {

struct ResourceSpec {
  std::string name;
  int64_t weight = 1;
};
// config.v1 defaultResourceSpec: cpu and memory, weight 1 each.
std::vector<ResourceSpec> DefaultResourceSpecs();

// config.MaxCustomPriorityScore: the top of a UtilizationShapePoint score.
inline constexpr int64_t kMaxCustomPriorityScore = 10;
struct UtilizationShapePoint {
  int32_t utilization = 0;
  int32_t score = 0;
};

enum class ScoringStrategyType { kLeastAllocated, kMostAllocated, kRequestedToCapacityRatio };

class ResourceAllocationScorer {
 public:
  using ScoreFn = std::function<int64_t(const std::vector<int64_t>& requested,
                                        const std::vector<int64_t>& allocated,
                                        const std::vector<int64_t>& allocatable)>;
  ResourceAllocationScorer(std::vector<ResourceSpec> resources, bool use_requested, ScoreFn fn)
      : resources_(std::move(resources)), use_requested_(use_requested), fn_(std::move(fn)) {}

  static ResourceAllocationScorer Make(ScoringStrategyType type, std::vector<ResourceSpec> resources,
                                       const std::vector<UtilizationShapePoint>& shape);

  const std::vector<ResourceSpec>& resources() const { return resources_; }
  // The pod's request per configured resource (milli for cpu), with the scoring
  // defaults for containers without cpu/memory requests unless use_requested.
  std::vector<int64_t> PodRequests(const framework::Pod& pod) const;
  // Error "resources not found" when no resources are configured.
  framework::Status Score(const framework::NodeInfo& node, const std::vector<int64_t>& pod_requests,
                          int64_t* score) const;

 private:
  std::vector<ResourceSpec> resources_;
  bool use_requested_;
  ScoreFn fn_;
};

}  // namespace kubecxx::scheduler::plugins
