// PodTopologySpread's scoring half (upstream podtopologyspread/scoring.go).
#include <cmath>
#include <set>

#include "components/kube-scheduler/plugins/pod_topology_spread.h"
#include "components/kube-scheduler/plugins/pod_topology_spread_internal.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using framework::Status;

constexpr std::string_view kPreScoreKey = "PreScorePodTopologySpread";
constexpr int64_t kInvalidScore = -1;

struct PreScoreState final : framework::StateData {
  std::vector<SpreadConstraint> constraints;
  std::set<std::string, std::less<>> ignored_nodes;
  std::vector<std::map<std::string, int64_t>> topology_value_to_pod_counts;
  std::vector<double> topology_normalizing_weight;
  std::shared_ptr<framework::StateData> Clone() const override { return std::make_shared<PreScoreState>(*this); }
};

double ScoreForCount(int64_t cnt, int32_t max_skew, double weight) {
  return static_cast<double>(cnt) * weight + static_cast<double>(max_skew - 1);
}

}  // namespace

Status PodTopologySpread::PreScore(framework::CycleState& state, const framework::Pod& pod,
                                   const framework::NodeInfoList& filtered) {
  const framework::NodeInfoList& all = handle_.SnapshotLister().List();
  if (all.empty()) return Status(Code::kSkip);
  auto s = std::make_shared<PreScoreState>();
  const bool require_all = !pod.spec.topology_spread_constraints.empty() || !system_defaulted_;
  auto cs = Constraints(pod, spread::kScheduleAnyway);
  if (!cs.ok()) {
    return Status::Error(std::string("calculating preScoreState: ") +
                         (pod.spec.topology_spread_constraints.empty()
                              ? "setting default soft topology spread constraints: "
                              : "obtaining pod's soft topology spread constraints: ") +
                         std::string(cs.status().message()));
  }
  if (cs->empty()) return Status(Code::kSkip);
  s->constraints = std::move(cs).value();
  const size_t n = s->constraints.size();
  s->topology_value_to_pod_counts.resize(n);
  std::vector<int> topo_size(n, 0);
  for (const auto& ni : filtered) {
    const framework::Node& node = *ni->node();
    if (require_all && !spread::NodeHasAllKeys(node, s->constraints)) {
      s->ignored_nodes.insert(node.object_meta.name);
      continue;
    }
    for (size_t i = 0; i < n; ++i) {
      const SpreadConstraint& c = s->constraints[i];
      if (c.topology_key == framework::kLabelHostname) continue;
      auto it = node.object_meta.labels.find(c.topology_key);
      const std::string value = it == node.object_meta.labels.end() ? "" : it->second;
      if (s->topology_value_to_pod_counts[i].emplace(value, 0).second) ++topo_size[i];
    }
  }
  s->topology_normalizing_weight.resize(n);
  for (size_t i = 0; i < n; ++i) {
    int size = topo_size[i];
    if (s->constraints[i].topology_key == framework::kLabelHostname) {
      size = static_cast<int>(filtered.size() - s->ignored_nodes.size());
    }
    s->topology_normalizing_weight[i] = std::log(static_cast<double>(size + 2));
  }
  RequiredNodeAffinity required(pod);
  for (const auto& ni : all) {
    const framework::Node& node = *ni->node();
    if (require_all && !spread::NodeHasAllKeys(node, s->constraints)) continue;
    for (size_t i = 0; i < n; ++i) {
      const SpreadConstraint& c = s->constraints[i];
      if (!spread::MatchNodeInclusionPolicies(c, pod, node, required)) continue;
      auto it = node.object_meta.labels.find(c.topology_key);
      const std::string value = it == node.object_meta.labels.end() ? "" : it->second;
      auto count = s->topology_value_to_pod_counts[i].find(value);
      if (count == s->topology_value_to_pod_counts[i].end()) continue;
      count->second += spread::CountPodsMatch(ni->pods(), c.selector, pod.object_meta.namespace_);
    }
  }
  state.Write(std::string(kPreScoreKey), std::move(s));
  return Status();
}

Status PodTopologySpread::Score(const framework::CycleState& state, const framework::Pod& pod,
                                const framework::NodeInfo& node_info, int64_t* score) const {
  const auto* s = state.Read<PreScoreState>(kPreScoreKey);
  if (!s) return Status::Error("error reading \"PreScorePodTopologySpread\" from cycleState: not found");
  const framework::Node& node = *node_info.node();
  *score = 0;
  if (s->ignored_nodes.contains(node.object_meta.name)) return Status();
  double total = 0;
  for (size_t i = 0; i < s->constraints.size(); ++i) {
    const SpreadConstraint& c = s->constraints[i];
    auto it = node.object_meta.labels.find(c.topology_key);
    if (it == node.object_meta.labels.end()) continue;
    int64_t cnt;
    if (c.topology_key == framework::kLabelHostname) {
      cnt = spread::CountPodsMatch(node_info.pods(), c.selector, pod.object_meta.namespace_);
    } else {
      auto m = s->topology_value_to_pod_counts[i].find(it->second);
      // Upstream dereferences the counter; a value unseen in the filtered nodes cannot be
      // scored (the node would have been filtered), treat it as 0.
      cnt = m == s->topology_value_to_pod_counts[i].end() ? 0 : m->second;
    }
    total += ScoreForCount(cnt, c.max_skew, s->topology_normalizing_weight[i]);
  }
  *score = static_cast<int64_t>(std::round(total));
  return Status();
}

Status PodTopologySpread::NormalizeScore(const framework::CycleState& state, const framework::Pod&,
                                         framework::NodeScoreList& scores) const {
  const auto* s = state.Read<PreScoreState>(kPreScoreKey);
  if (!s) return Status::Error("error reading \"PreScorePodTopologySpread\" from cycleState: not found");
  int64_t min_score = INT64_MAX, max_score = 0;
  for (auto& sc : scores) {
    if (s->ignored_nodes.contains(sc.name)) {
      sc.score = kInvalidScore;
      continue;
    }
    min_score = std::min(min_score, sc.score);
    max_score = std::max(max_score, sc.score);
  }
  for (auto& sc : scores) {
    if (sc.score == kInvalidScore) {
      sc.score = 0;
    } else if (max_score == 0) {
      sc.score = framework::kMaxNodeScore;
    } else {
      sc.score = framework::kMaxNodeScore * (max_score + min_score - sc.score) / max_score;
    }
  }
  return Status();
}

}  // namespace kubecxx::scheduler::plugins
