#include "components/kube-scheduler/plugins/node_resources_fit.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using framework::Status;

constexpr std::string_view kPreFilterKey = "PreFilterNodeResourcesFit";
constexpr std::string_view kPreScoreKey = "PreScoreNodeResourcesFit";

struct PreFilterState final : framework::StateData {
  framework::Resource request;
  std::shared_ptr<framework::StateData> Clone() const override {
    return std::make_shared<PreFilterState>(*this);
  }
};

struct PreScoreState final : framework::StateData {
  std::vector<int64_t> pod_requests;
  std::shared_ptr<framework::StateData> Clone() const override {
    return std::make_shared<PreScoreState>(*this);
  }
};

framework::Resource ComputePodResourceRequest(const framework::Pod& pod) {
  framework::Resource r;
  r.SetMaxResource(framework::PodRequests(pod, framework::PodResourcesOptions{}));
  return r;
}

std::vector<InsufficientResource> FitsRequest(const framework::Resource& req, const framework::NodeInfo& node,
                                              const std::set<std::string, std::less<>>* ignored,
                                              const std::set<std::string, std::less<>>* ignored_groups) {
  std::vector<InsufficientResource> out;
  const framework::Resource& alloc = node.allocatable();
  const framework::Resource& used = node.requested();
  const int64_t pods = static_cast<int64_t>(node.pods().size());
  if (pods + 1 > alloc.allowed_pod_number) {
    out.push_back({"pods", "Too many pods", 1, pods, alloc.allowed_pod_number, false});
  }
  if (req.milli_cpu == 0 && req.memory == 0 && req.ephemeral_storage == 0 && req.scalar_resources.empty()) {
    return out;
  }
  if (req.milli_cpu > 0 && req.milli_cpu > alloc.milli_cpu - used.milli_cpu) {
    out.push_back({"cpu", "Insufficient cpu", req.milli_cpu, used.milli_cpu, alloc.milli_cpu,
                   req.milli_cpu > alloc.milli_cpu});
  }
  if (req.memory > 0 && req.memory > alloc.memory - used.memory) {
    out.push_back({"memory", "Insufficient memory", req.memory, used.memory, alloc.memory,
                   req.memory > alloc.memory});
  }
  if (req.ephemeral_storage > 0 && req.ephemeral_storage > alloc.ephemeral_storage - used.ephemeral_storage) {
    out.push_back({"ephemeral-storage", "Insufficient ephemeral-storage", req.ephemeral_storage,
                   used.ephemeral_storage, alloc.ephemeral_storage, req.ephemeral_storage > alloc.ephemeral_storage});
  }
  for (const auto& [name, q] : req.scalar_resources) {
    if (q == 0) continue;
    if (framework::IsExtendedResourceName(name)) {
      std::string prefix = name.substr(0, name.find('/'));
      if ((ignored && ignored->contains(name)) ||
          (ignored_groups && !ignored_groups->empty() && ignored_groups->contains(prefix))) {
        continue;
      }
    }
    const int64_t cap = alloc.Scalar(name);
    const int64_t u = used.Scalar(name);
    if (q > 0 && q > cap - u) {
      out.push_back({name, "Insufficient " + name, q, u, cap, q > cap});
    }
  }
  return out;
}

}  // namespace

std::vector<InsufficientResource> Fits(const framework::Pod& pod, const framework::NodeInfo& node) {
  return FitsRequest(ComputePodResourceRequest(pod), node, nullptr, nullptr);
}

std::string ValidateResources(const std::vector<ResourceSpec>& resources) {
  for (const auto& r : resources) {
    if (r.weight <= 0 || r.weight > 100) {
      return "resources[" + r.name + "].weight: Invalid value: " + std::to_string(r.weight) +
             ": resource weight of " + r.name + " should be in range [1, 100]";
    }
  }
  return "";
}

NodeResourcesFit::NodeResourcesFit(const NodeResourcesFitArgs& args, ResourceAllocationScorer scorer)
    : ignored_resources_(args.ignored_resources.begin(), args.ignored_resources.end()),
      ignored_resource_groups_(args.ignored_resource_groups.begin(), args.ignored_resource_groups.end()),
      scorer_(std::move(scorer)) {}

StatusOr<std::shared_ptr<NodeResourcesFit>> NodeResourcesFit::Create(const NodeResourcesFitArgs& args) {
  const ScoringStrategy& s = args.scoring_strategy;
  if (std::string err = ValidateResources(s.resources); !err.empty()) return ::kubecxx::Status::Invalid(err);
  if (s.type == ScoringStrategyType::kRequestedToCapacityRatio) {
    const auto& shape = s.requested_to_capacity_ratio_shape;
    if (shape.empty()) return ::kubecxx::Status::Invalid("scoringStrategy.shape: Required value: at least one point must be specified");
    for (size_t i = 0; i < shape.size(); ++i) {
      if (shape[i].utilization < 0 || shape[i].utilization > 100 || shape[i].score < 0 ||
          shape[i].score > kMaxCustomPriorityScore ||
          (i > 0 && shape[i].utilization <= shape[i - 1].utilization)) {
        return ::kubecxx::Status::Invalid("scoringStrategy.shape[" + std::to_string(i) + "]: Invalid value");
      }
    }
  }
  return std::shared_ptr<NodeResourcesFit>(new NodeResourcesFit(
      args, ResourceAllocationScorer::Make(s.type, s.resources, s.requested_to_capacity_ratio_shape)));
}

Status NodeResourcesFit::PreFilter(framework::CycleState& state, const framework::Pod& pod,
                                   const framework::NodeInfoList&, framework::PreFilterResult*) {
  auto s = std::make_shared<PreFilterState>();
  s->request = ComputePodResourceRequest(pod);
  state.Write(std::string(kPreFilterKey), std::move(s));
  return Status();
}

Status NodeResourcesFit::Filter(const framework::CycleState& state, const framework::Pod&,
                                const framework::NodeInfo& node_info) const {
  const auto* s = state.Read<PreFilterState>(kPreFilterKey);
  if (!s) {
    return Status::Error("error reading \"PreFilterNodeResourcesFit\" from cycleState: not found");
  }
  std::vector<InsufficientResource> missing =
      FitsRequest(s->request, node_info, &ignored_resources_, &ignored_resource_groups_);
  if (missing.empty()) return Status();
  Code code = Code::kUnschedulable;
  std::vector<std::string> reasons;
  for (auto& m : missing) {
    reasons.push_back(std::move(m.reason));
    if (m.unresolvable) code = Code::kUnschedulableAndUnresolvable;
  }
  return Status(code, std::move(reasons));
}

Status NodeResourcesFit::PreScore(framework::CycleState& state, const framework::Pod& pod,
                                  const framework::NodeInfoList&) {
  auto s = std::make_shared<PreScoreState>();
  s->pod_requests = scorer_.PodRequests(pod);
  state.Write(std::string(kPreScoreKey), std::move(s));
  return Status();
}

Status NodeResourcesFit::Score(const framework::CycleState& state, const framework::Pod& pod,
                               const framework::NodeInfo& node_info, int64_t* score) const {
  if (const auto* s = state.Read<PreScoreState>(kPreScoreKey)) {
    return scorer_.Score(node_info, s->pod_requests, score);
  }
  return scorer_.Score(node_info, scorer_.PodRequests(pod), score);
}

}  // namespace kubecxx::scheduler::plugins
