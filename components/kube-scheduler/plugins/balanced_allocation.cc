#include "components/kube-scheduler/plugins/balanced_allocation.h"

#include <cmath>

#include "components/kube-scheduler/plugins/node_resources_fit.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using framework::Status;

constexpr std::string_view kPreScoreKey = "PreScoreNodeResourcesBalancedAllocation";

struct PreScoreState final : framework::StateData {
  std::vector<int64_t> pod_requests;
  std::shared_ptr<framework::StateData> Clone() const override {
    return std::make_shared<PreScoreState>(*this);
  }
};

int64_t Balance(const std::vector<int64_t>& requested, const std::vector<int64_t>& allocatable) {
  std::vector<double> fractions;
  double total = 0;
  for (size_t i = 0; i < requested.size(); ++i) {
    if (allocatable[i] == 0) continue;
    double f = static_cast<double>(requested[i]) / static_cast<double>(allocatable[i]);
    if (f > 1) f = 1;
    total += f;
    fractions.push_back(f);
  }
  double std_dev = 0;
  if (fractions.size() == 2) {
    std_dev = std::fabs((fractions[0] - fractions[1]) / 2);
  } else if (fractions.size() > 2) {
    double mean = total / static_cast<double>(fractions.size());
    double sum = 0;
    for (double f : fractions) sum = sum + (f - mean) * (f - mean);
    std_dev = std::sqrt(sum / static_cast<double>(fractions.size()));
  }
  return static_cast<int64_t>((1 - std_dev) * static_cast<double>(framework::kMaxNodeScore));
}

bool IsBestEffort(const std::vector<int64_t>& requests) {
  for (int64_t r : requests) {
    if (r != 0) return false;
  }
  return true;
}

}  // namespace

int64_t BalancedResourceScorer(const std::vector<int64_t>& requested, const std::vector<int64_t>& allocated,
                               const std::vector<int64_t>& allocatable) {
  int64_t with_pod = Balance(requested, allocatable);
  int64_t without_pod = Balance(allocated, allocatable);
  return framework::kMaxNodeScore / 2 + (framework::kMaxNodeScore / 2 + with_pod - without_pod) / 2;
}

StatusOr<std::shared_ptr<BalancedAllocation>> BalancedAllocation::Create(const BalancedAllocationArgs& args) {
  if (std::string err = ValidateResources(args.resources); !err.empty()) return ::kubecxx::Status::Invalid(err);
  return std::shared_ptr<BalancedAllocation>(
      new BalancedAllocation(ResourceAllocationScorer(args.resources, true, BalancedResourceScorer)));
}

Status BalancedAllocation::PreScore(framework::CycleState& state, const framework::Pod& pod,
                                    const framework::NodeInfoList&) {
  auto s = std::make_shared<PreScoreState>();
  s->pod_requests = scorer_.PodRequests(pod);
  if (IsBestEffort(s->pod_requests)) return Status(Code::kSkip);
  state.Write(std::string(kPreScoreKey), std::move(s));
  return Status();
}

Status BalancedAllocation::Score(const framework::CycleState& state, const framework::Pod& pod,
                                 const framework::NodeInfo& node_info, int64_t* score) const {
  if (const auto* s = state.Read<PreScoreState>(kPreScoreKey)) {
    return scorer_.Score(node_info, s->pod_requests, score);
  }
  std::vector<int64_t> requests = scorer_.PodRequests(pod);
  if (IsBestEffort(requests)) {
    *score = 0;
    return Status();
  }
  return scorer_.Score(node_info, requests, score);
}

}  // namespace kubecxx::scheduler::plugins
