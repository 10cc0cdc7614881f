#include "components/kube-scheduler/plugins/inter_pod_affinity.h"

#include <map>
#include <utility>

namespace kubecxx::scheduler::plugins {
namespace {

using framework::AffinityTerm;
using framework::Code;
using framework::Status;
using Labels = std::map<std::string, std::string>;
using TopologyCounts = std::map<std::pair<std::string, std::string>, int64_t>;

constexpr std::string_view kPreFilterKey = "PreFilterInterPodAffinity";

struct PreFilterState final : framework::StateData {
  TopologyCounts existing_anti_affinity_counts;
  TopologyCounts affinity_counts;
  TopologyCounts anti_affinity_counts;
  std::shared_ptr<const framework::Pod> pod;
  std::vector<AffinityTerm> affinity_terms;
  std::vector<AffinityTerm> anti_affinity_terms;
  Labels namespace_labels;
  std::shared_ptr<framework::StateData> Clone() const override { return std::make_shared<PreFilterState>(*this); }
};

void Update(TopologyCounts& m, const framework::Node& node, const std::string& key, int64_t value) {
  auto it = node.object_meta.labels.find(key);
  if (it == node.object_meta.labels.end()) return;
  auto pair = std::make_pair(key, it->second);
  int64_t& v = m[pair];
  v += value;
  if (v == 0) m.erase(pair);
}

// Record without erasing zeros (the PreFilter accumulation; values only grow there).
void Record(TopologyCounts& m, const framework::Node& node, const std::string& key, int64_t value) {
  auto it = node.object_meta.labels.find(key);
  if (it != node.object_meta.labels.end()) m[{key, it->second}] += value;
}

bool MatchesAll(const std::vector<AffinityTerm>& terms, const framework::Pod& pod) {
  if (terms.empty()) return false;
  for (const auto& t : terms) {
    if (!t.Matches(pod, nullptr)) return false;
  }
  return true;
}

int64_t Get(const TopologyCounts& m, const std::string& key, const std::string& value) {
  auto it = m.find({key, value});
  return it == m.end() ? 0 : it->second;
}

void UpdateWithPod(PreFilterState& s, const framework::PodInfo& p, const framework::Node& node, int64_t mult) {
  for (const auto& t : p.affinity_terms().required_anti_affinity) {
    if (t.Matches(*s.pod, &s.namespace_labels)) Update(s.existing_anti_affinity_counts, node, t.topology_key, mult);
  }
  if (MatchesAll(s.affinity_terms, p.pod())) {
    for (const auto& t : s.affinity_terms) Update(s.affinity_counts, node, t.topology_key, mult);
  }
  for (const auto& t : s.anti_affinity_terms) {
    if (t.Matches(p.pod(), nullptr)) Update(s.anti_affinity_counts, node, t.topology_key, mult);
  }
}

}  // namespace

StatusOr<std::shared_ptr<InterPodAffinity>> InterPodAffinity::Create(const InterPodAffinityArgs& args,
                                                                    const framework::Handle& handle,
                                                                    const NamespaceLister* namespaces) {
  if (args.hard_pod_affinity_weight < 0 || args.hard_pod_affinity_weight > 100) {
    return ::kubecxx::Status::Invalid("hardPodAffinityWeight: Invalid value: " +
                                      std::to_string(args.hard_pod_affinity_weight) + ": not in valid range [0-100]");
  }
  return std::shared_ptr<InterPodAffinity>(new InterPodAffinity(args, handle, namespaces));
}

void InterPodAffinity::MergeNamespaces(AffinityTerm& term) const {
  if (term.namespace_selector.Empty()) return;
  if (namespaces_) {
    for (auto& n : namespaces_->List(term.namespace_selector)) term.namespaces.insert(std::move(n));
  }
  term.namespace_selector = framework::PodSelector::Nothing();
}

Labels InterPodAffinity::NamespaceLabels(const std::string& ns) const {
  if (!namespaces_) return {};
  return namespaces_->Labels(ns).value_or(Labels{});
}

Status InterPodAffinity::PreFilter(framework::CycleState& state, const framework::Pod& pod,
                                   const framework::NodeInfoList& all_nodes, framework::PreFilterResult*) {
  auto s = std::make_shared<PreFilterState>();
  s->pod = std::make_shared<const framework::Pod>(pod);
  auto terms = framework::ParsePodAffinityTerms(pod);
  if (!terms.ok()) {
    return Status(Code::kUnschedulableAndUnresolvable, "parsing pod: " + std::string(terms.status().message()));
  }
  s->affinity_terms = std::move(terms->required_affinity);
  s->anti_affinity_terms = std::move(terms->required_anti_affinity);
  for (auto& t : s->affinity_terms) MergeNamespaces(t);
  for (auto& t : s->anti_affinity_terms) MergeNamespaces(t);
  s->namespace_labels = NamespaceLabels(pod.object_meta.namespace_);

  for (const auto& ni : handle_.SnapshotLister().HavePodsWithRequiredAntiAffinityList()) {
    for (const auto& existing : ni->pods_with_required_anti_affinity()) {
      for (const auto& t : existing->affinity_terms().required_anti_affinity) {
        if (t.Matches(pod, &s->namespace_labels)) Record(s->existing_anti_affinity_counts, *ni->node(), t.topology_key, 1);
      }
    }
  }
  if (!s->affinity_terms.empty() || !s->anti_affinity_terms.empty()) {
    for (const auto& ni : all_nodes) {
      for (const auto& existing : ni->pods()) {
        if (MatchesAll(s->affinity_terms, existing->pod())) {
          for (const auto& t : s->affinity_terms) Record(s->affinity_counts, *ni->node(), t.topology_key, 1);
        }
        for (const auto& t : s->anti_affinity_terms) {
          if (t.Matches(existing->pod(), nullptr)) Record(s->anti_affinity_counts, *ni->node(), t.topology_key, 1);
        }
      }
    }
  }
  if (s->existing_anti_affinity_counts.empty() && s->affinity_terms.empty() && s->anti_affinity_terms.empty()) {
    return Status(Code::kSkip);
  }
  state.Write(std::string(kPreFilterKey), std::move(s));
  return Status();
}

Status InterPodAffinity::AddPod(framework::CycleState& state, const framework::Pod&,
                                const std::shared_ptr<const framework::PodInfo>& pod_to_add,
                                const framework::NodeInfo& node_info) {
  auto* s = state.Read<PreFilterState>(kPreFilterKey);
  if (!s) return Status::Error("error reading \"PreFilterInterPodAffinity\" from cycleState: not found");
  UpdateWithPod(*s, *pod_to_add, *node_info.node(), 1);
  return Status();
}

Status InterPodAffinity::RemovePod(framework::CycleState& state, const framework::Pod&,
                                   const std::shared_ptr<const framework::PodInfo>& pod_to_remove,
                                   const framework::NodeInfo& node_info) {
  auto* s = state.Read<PreFilterState>(kPreFilterKey);
  if (!s) return Status::Error("error reading \"PreFilterInterPodAffinity\" from cycleState: not found");
  UpdateWithPod(*s, *pod_to_remove, *node_info.node(), -1);
  return Status();
}

Status InterPodAffinity::Filter(const framework::CycleState& state, const framework::Pod&,
                                const framework::NodeInfo& node_info) const {
  const auto* s = state.Read<PreFilterState>(kPreFilterKey);
  if (!s) return Status::Error("error reading \"PreFilterInterPodAffinity\" from cycleState: not found");
  const Labels& labels = node_info.node()->object_meta.labels;

  // nodeTopologyMatchesAffinity.
  if (!s->affinity_terms.empty()) {
    bool pods_exist = true;
    for (const auto& t : s->affinity_terms) {
      auto it = labels.find(t.topology_key);
      if (it == labels.end()) {
        return Status(Code::kUnschedulableAndUnresolvable, std::string(kErrReasonAffinityRulesNotMatch));
      }
      if (Get(s->affinity_counts, t.topology_key, it->second) <= 0) pods_exist = false;
    }
    // With no matching pod anywhere, the pod may go first if it matches its own terms.
    if (!pods_exist && !(s->affinity_counts.empty() && MatchesAll(s->affinity_terms, *s->pod))) {
      return Status(Code::kUnschedulableAndUnresolvable, std::string(kErrReasonAffinityRulesNotMatch));
    }
  }
  // satisfyPodAntiAffinity.
  if (!s->anti_affinity_counts.empty()) {
    for (const auto& t : s->anti_affinity_terms) {
      auto it = labels.find(t.topology_key);
      if (it != labels.end() && Get(s->anti_affinity_counts, t.topology_key, it->second) > 0) {
        return Status(Code::kUnschedulable, std::string(kErrReasonAntiAffinityRulesNotMatch));
      }
    }
  }
  // satisfyExistingPodsAntiAffinity.
  if (!s->existing_anti_affinity_counts.empty()) {
    for (const auto& [k, v] : labels) {
      if (Get(s->existing_anti_affinity_counts, k, v) > 0) {
        return Status(Code::kUnschedulable, std::string(kErrReasonExistingAntiAffinityRulesNotMatch));
      }
    }
  }
  return Status();
}

}  // namespace kubecxx::scheduler::plugins
