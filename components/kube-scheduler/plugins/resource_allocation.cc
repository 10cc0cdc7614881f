#include "components/kube-scheduler/plugins/resource_allocation.h"

#include <cmath>

namespace kubecxx::scheduler::plugins {
namespace {

using framework::kMaxNodeScore;

template <typename PerResource>
int64_t WeightedFloorMean(const std::vector<ResourceSpec>& res, const std::vector<int64_t>& requested,
                          const std::vector<int64_t>& allocatable, PerResource per) {
  int64_t node_score = 0, weight_sum = 0;
  for (size_t i = 0; i < requested.size(); ++i) {
    if (allocatable[i] == 0) continue;
    node_score += per(requested[i], allocatable[i]) * res[i].weight;
    weight_sum += res[i].weight;
  }
  return weight_sum == 0 ? 0 : node_score / weight_sum;
}

}  // namespace

std::vector<ResourceSpec> DefaultResourceSpecs() { return {{"cpu", 1}, {"memory", 1}}; }

ResourceAllocationScorer ResourceAllocationScorer::Make(ScoringStrategyType type,
                                                        std::vector<ResourceSpec> resources,
                                                        const std::vector<UtilizationShapePoint>& shape) {
  std::vector<ResourceSpec> res = resources;
  switch (type) {
    case ScoringStrategyType::kLeastAllocated:
      return ResourceAllocationScorer(std::move(resources), false,
          [res](const auto& requested, const auto&, const auto& allocatable) {
            return WeightedFloorMean(res, requested, allocatable, [](int64_t req, int64_t cap) -> int64_t {
              if (cap == 0 || req > cap) return 0;
              return (cap - req) * kMaxNodeScore / cap;
            });
          });
    case ScoringStrategyType::kMostAllocated:
      return ResourceAllocationScorer(std::move(resources), false,
          [res](const auto& requested, const auto&, const auto& allocatable) {
            return WeightedFloorMean(res, requested, allocatable, [](int64_t req, int64_t cap) -> int64_t {
              if (cap == 0) return 0;
              return std::min(req, cap) * kMaxNodeScore / cap;
            });
          });
    case ScoringStrategyType::kRequestedToCapacityRatio: {
      std::vector<FunctionShapePoint> points;
      for (const auto& p : shape) {
        points.push_back({p.utilization, static_cast<int64_t>(p.score) * (kMaxNodeScore / kMaxCustomPriorityScore)});
      }
      return ResourceAllocationScorer(std::move(resources), false,
          [res, points](const auto& requested, const auto&, const auto& allocatable) {
            int64_t node_score = 0, weight_sum = 0;
            for (size_t i = 0; i < requested.size(); ++i) {
              if (allocatable[i] == 0) continue;
              int64_t s = requested[i] > allocatable[i]
                              ? BrokenLinear(points, 100)
                              : BrokenLinear(points, requested[i] * 100 / allocatable[i]);
              if (s > 0) {
                node_score += s * res[i].weight;
                weight_sum += res[i].weight;
              }
            }
            if (weight_sum == 0) return int64_t{0};
            return static_cast<int64_t>(std::round(static_cast<double>(node_score) / static_cast<double>(weight_sum)));
          });
    }
  }
  return ResourceAllocationScorer({}, false, nullptr);
}

std::vector<int64_t> ResourceAllocationScorer::PodRequests(const framework::Pod& pod) const {
  framework::PodResourcesOptions opts;
  opts.use_status_resources = true;
  opts.in_place_pod_level_resources = true;
  framework::ResourceList defaults;
  if (!use_requested_) {
    defaults.emplace("cpu", api::Quantity::FromMilli(framework::kDefaultMilliCPURequest, api::Format::kDecimalSI));
    defaults.emplace("memory", api::Quantity(framework::kDefaultMemoryRequest, api::Format::kDecimalSI));
    opts.non_missing_container_requests = &defaults;
  }
  framework::ResourceList requests = framework::PodRequests(pod, opts);
  std::vector<int64_t> out(resources_.size(), 0);
  for (size_t i = 0; i < resources_.size(); ++i) {
    auto it = requests.find(resources_[i].name);
    if (it == requests.end()) continue;
    out[i] = resources_[i].name == "cpu" ? it->second.MilliValue() : it->second.Value();
  }
  return out;
}

framework::Status ResourceAllocationScorer::Score(const framework::NodeInfo& node,
                                                  const std::vector<int64_t>& pod_requests,
                                                  int64_t* score) const {
  if (resources_.empty()) return framework::Status(framework::Code::kError, "resources not found");
  const size_t n = resources_.size();
  std::vector<int64_t> requested(n, 0), allocated(n, 0), allocatable(n, 0);
  const framework::Resource& req = use_requested_ ? node.requested() : node.non_zero_requested();
  for (size_t i = 0; i < n; ++i) {
    const std::string& name = resources_[i].name;
    if (pod_requests[i] == 0 && framework::IsScalarResourceName(name)) continue;
    int64_t cap = 0, used = 0;
    if (name == "cpu") {
      cap = node.allocatable().milli_cpu;
      used = req.milli_cpu;
    } else if (name == "memory") {
      cap = node.allocatable().memory;
      used = req.memory;
    } else if (name == "ephemeral-storage") {
      cap = node.allocatable().ephemeral_storage;
      used = node.requested().ephemeral_storage;
    } else if (node.allocatable().scalar_resources.contains(name)) {
      cap = node.allocatable().Scalar(name);
      used = node.requested().Scalar(name);
    }
    if (cap == 0) continue;
    allocatable[i] = cap;
    allocated[i] = used;
    requested[i] = used + pod_requests[i];
  }
  *score = fn_(requested, allocated, allocatable);
  return framework::Status();
}

}  // namespace kubecxx::scheduler::plugins
