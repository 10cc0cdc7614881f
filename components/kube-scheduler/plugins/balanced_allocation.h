// NodeResourcesBalancedAllocation (upstream noderesources/balanced_allocation.go, default
// weight 1), v1.37 formula: with f_i = min(1, requested_i / allocatable_i) over the
// configured resources the node has, std = |f0 - f1| / 2 for two resources, the
// population standard deviation for more, 0 for one; balance(x) = int((1 - std) * 100);
// score = 50 + (50 + balance(with pod) - balance(without pod)) / 2 (integer division).
// Requests are the actual ones (no scoring defaults); PreScore skips best-effort pods.
// Thread-safety: immutable after Create.
#pragma once

#include <memory>

#include "components/kube-scheduler/framework/interface.h"
#include "components/kube-scheduler/plugins/names.h"
#include "components/kube-scheduler/plugins/resource_allocation.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::plugins {

struct BalancedAllocationArgs {
  std::vector<ResourceSpec> resources = DefaultResourceSpecs();
};

class BalancedAllocation final : public framework::PreScorePlugin, public framework::ScorePlugin {
 public:
  static StatusOr<std::shared_ptr<BalancedAllocation>> Create(const BalancedAllocationArgs& args);

  std::string_view Name() const override { return names::kNodeResourcesBalancedAllocation; }
  framework::Status PreScore(framework::CycleState& state, const framework::Pod& pod,
                             const framework::NodeInfoList& nodes) override;
  framework::Status Score(const framework::CycleState& state, const framework::Pod& pod,
                          const framework::NodeInfo& node_info, int64_t* score) const override;

 private:
  explicit BalancedAllocation(ResourceAllocationScorer scorer) : scorer_(std::move(scorer)) {}
  ResourceAllocationScorer scorer_;
};

// balancedResourceScorer (exposed for tests).
int64_t BalancedResourceScorer(const std::vector<int64_t>& requested, const std::vector<int64_t>& allocated,
                               const std::vector<int64_t>& allocatable);

}  // namespace kubecxx::scheduler::plugins
