// InterPodAffinity's scoring half (upstream interpodaffinity/scoring.go).
#include <cmath>
#include <map>

#include "components/kube-scheduler/plugins/inter_pod_affinity.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::AffinityTerm;
using framework::Code;
using framework::Status;
using framework::WeightedAffinityTerm;
using Labels = std::map<std::string, std::string>;
// topologyKey -> value -> score.
using ScoreMap = std::map<std::string, std::map<std::string, int64_t>, std::less<>>;

constexpr std::string_view kPreScoreKey = "PreScoreInterPodAffinity";

struct PreScoreState final : framework::StateData {
  ScoreMap topology_score;
  std::shared_ptr<framework::StateData> Clone() const override { return std::make_shared<PreScoreState>(*this); }
};

void ProcessTerm(ScoreMap& m, const AffinityTerm& term, int32_t weight, const framework::Pod& pod,
                 const Labels* ns_labels, const framework::Node& node, int32_t multiplier) {
  if (!term.Matches(pod, ns_labels)) return;
  auto it = node.object_meta.labels.find(term.topology_key);
  if (it == node.object_meta.labels.end()) return;
  m[term.topology_key][it->second] += static_cast<int64_t>(weight * multiplier);
}

void ProcessTerms(ScoreMap& m, const std::vector<WeightedAffinityTerm>& terms, const framework::Pod& pod,
                  const Labels* ns_labels, const framework::Node& node, int32_t multiplier) {
  for (const auto& t : terms) ProcessTerm(m, t.term, t.weight, pod, ns_labels, node, multiplier);
}

}  // namespace

Status InterPodAffinity::PreScore(framework::CycleState& state, const framework::Pod& pod,
                                  const framework::NodeInfoList&) {
  const auto& aff = pod.spec.affinity;
  const bool has_constraints =
      aff && ((aff->pod_affinity && !aff->pod_affinity->preferred_during_scheduling_ignored_during_execution.empty()) ||
              (aff->pod_anti_affinity &&
               !aff->pod_anti_affinity->preferred_during_scheduling_ignored_during_execution.empty()));
  if (args_.ignore_preferred_terms_of_existing_pods && !has_constraints) return Status(Code::kSkip);
  const framework::Snapshot& snap = handle_.SnapshotLister();
  const framework::NodeInfoList& nodes = has_constraints ? snap.List() : snap.HavePodsWithAffinityList();

  auto terms = framework::ParsePodAffinityTerms(pod);
  if (!terms.ok()) return Status::Error("failed to parse pod: " + std::string(terms.status().message()));
  for (auto& t : terms->preferred_affinity) MergeNamespaces(t.term);
  for (auto& t : terms->preferred_anti_affinity) MergeNamespaces(t.term);
  const Labels ns_labels = NamespaceLabels(pod.object_meta.namespace_);

  auto s = std::make_shared<PreScoreState>();
  for (const auto& ni : nodes) {
    const framework::Node& node = *ni->node();
    if (node.object_meta.labels.empty()) continue;
    const auto& pods = has_constraints ? ni->pods() : ni->pods_with_affinity();
    for (const auto& existing : pods) {
      const framework::Pod& ep = existing->pod();
      ProcessTerms(s->topology_score, terms->preferred_affinity, ep, nullptr, node, 1);
      ProcessTerms(s->topology_score, terms->preferred_anti_affinity, ep, nullptr, node, -1);
      const framework::PodAffinityTerms& et = existing->affinity_terms();
      if (args_.hard_pod_affinity_weight > 0) {
        for (const auto& t : et.required_affinity) {
          ProcessTerm(s->topology_score, t, args_.hard_pod_affinity_weight, pod, &ns_labels, node, 1);
        }
      }
      ProcessTerms(s->topology_score, et.preferred_affinity, pod, &ns_labels, node, 1);
      ProcessTerms(s->topology_score, et.preferred_anti_affinity, pod, &ns_labels, node, -1);
    }
  }
  if (s->topology_score.empty()) return Status(Code::kSkip);
  state.Write(std::string(kPreScoreKey), std::move(s));
  return Status();
}

Status InterPodAffinity::Score(const framework::CycleState& state, const framework::Pod&,
                               const framework::NodeInfo& node_info, int64_t* score) const {
  const auto* s = state.Read<PreScoreState>(kPreScoreKey);
  if (!s) return Status::Error("failed to read \"PreScoreInterPodAffinity\" from cycleState: not found");
  const Labels& labels = node_info.node()->object_meta.labels;
  int64_t total = 0;
  for (const auto& [key, values] : s->topology_score) {
    auto it = labels.find(key);
    if (it == labels.end()) continue;
    auto v = values.find(it->second);
    if (v != values.end()) total += v->second;
  }
  *score = total;
  return Status();
}

Status InterPodAffinity::NormalizeScore(const framework::CycleState& state, const framework::Pod&,
                                        framework::NodeScoreList& scores) const {
  const auto* s = state.Read<PreScoreState>(kPreScoreKey);
  if (!s) return Status::Error("failed to read \"PreScoreInterPodAffinity\" from cycleState: not found");
  if (s->topology_score.empty()) return Status();
  int64_t min_count = INT64_MAX, max_count = INT64_MIN;
  for (const auto& sc : scores) {
    max_count = std::max(max_count, sc.score);
    min_count = std::min(min_count, sc.score);
  }
  const int64_t diff = max_count - min_count;
  for (auto& sc : scores) {
    double f = 0;
    if (diff > 0) {
      f = static_cast<double>(framework::kMaxNodeScore) *
          (static_cast<double>(sc.score - min_count) / static_cast<double>(diff));
    }
    sc.score = static_cast<int64_t>(f);
  }
  return Status();
}

}  // namespace kubecxx::scheduler::plugins
