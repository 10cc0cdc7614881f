#include "components/kube-scheduler/plugins/node_affinity.h"

#include "components/kube-scheduler/plugins/helper.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using framework::Status;

constexpr std::string_view kPreFilterKey = "PreFilterNodeAffinity";
constexpr std::string_view kPreScoreKey = "PreScoreNodeAffinity";

struct PreFilterState final : framework::StateData {
  explicit PreFilterState(const framework::Pod& pod) : required(pod) {}
  RequiredNodeAffinity required;
  std::shared_ptr<framework::StateData> Clone() const override {
    return std::make_shared<PreFilterState>(*this);
  }
};

struct PreScoreState final : framework::StateData {
  std::optional<PreferredSchedulingTerms> preferred;
  std::shared_ptr<framework::StateData> Clone() const override {
    return std::make_shared<PreScoreState>(*this);
  }
};

// getPodPreferredNodeAffinity: nullopt without preferred terms; false on parse error.
bool PodPreferred(const framework::Pod& pod, std::optional<PreferredSchedulingTerms>* out,
                  std::string* error) {
  out->reset();
  const auto& aff = pod.spec.affinity;
  if (!aff || !aff->node_affinity ||
      aff->node_affinity->preferred_during_scheduling_ignored_during_execution.empty()) {
    return true;
  }
  *out = PreferredSchedulingTerms::Create(
      aff->node_affinity->preferred_during_scheduling_ignored_during_execution, error);
  return out->has_value();
}

}  // namespace

StatusOr<std::shared_ptr<NodeAffinity>> NodeAffinity::Create(const NodeAffinityArgs& args) {
  std::shared_ptr<NodeAffinity> pl(new NodeAffinity());
  if (args.added_affinity) {
    if (const auto& ns = args.added_affinity->required_during_scheduling_ignored_during_execution) {
      NodeSelector sel(*ns);
      if (std::string err = sel.Error(); !err.empty()) {
        return ::kubecxx::Status::Invalid(
            "parsing addedAffinity.requiredDuringSchedulingIgnoredDuringExecution: " + err);
      }
      pl->added_node_selector_ = std::move(sel);
    }
    const auto& terms = args.added_affinity->preferred_during_scheduling_ignored_during_execution;
    if (!terms.empty()) {
      std::string err;
      pl->added_pref_terms_ = PreferredSchedulingTerms::Create(terms, &err);
      if (!pl->added_pref_terms_) {
        return ::kubecxx::Status::Invalid(
            "parsing addedAffinity.preferredDuringSchedulingIgnoredDuringExecution: " + err);
      }
    }
  }
  return pl;
}

Status NodeAffinity::PreFilter(framework::CycleState& state, const framework::Pod& pod,
                               const framework::NodeInfoList&, framework::PreFilterResult* result) {
  const auto& aff = pod.spec.affinity;
  const api::core::v1::NodeSelector* required =
      aff && aff->node_affinity ? aff->node_affinity->required_during_scheduling_ignored_during_execution.get()
                                : nullptr;
  if (!required && !added_node_selector_ && pod.spec.node_selector.empty()) return Status(Code::kSkip);
  state.Write(std::string(kPreFilterKey), std::make_shared<PreFilterState>(pod));
  if (!required || required->node_selector_terms.empty()) return Status();

  std::optional<std::set<std::string, std::less<>>> node_names;
  for (const auto& term : required->node_selector_terms) {
    std::optional<std::set<std::string, std::less<>>> term_names;
    for (const auto& r : term.match_fields) {
      if (r.key != "metadata.name" || r.operator_ != "In") continue;
      std::set<std::string, std::less<>> s(r.values.begin(), r.values.end());
      if (!term_names) {
        term_names = std::move(s);
      } else {
        std::set<std::string, std::less<>> both;
        for (const auto& n : *term_names) {
          if (s.contains(n)) both.insert(n);
        }
        term_names = std::move(both);
      }
    }
    if (!term_names) return Status();  // this term can match any node
    if (!node_names) node_names.emplace();
    node_names->insert(term_names->begin(), term_names->end());
  }
  if (node_names && node_names->empty()) {
    return Status(Code::kUnschedulableAndUnresolvable, std::string(kErrReasonConflict));
  }
  if (node_names) result->node_names = std::move(node_names);
  return Status();
}

Status NodeAffinity::Filter(const framework::CycleState& state, const framework::Pod& pod,
                            const framework::NodeInfo& node_info) const {
  const framework::Node& node = *node_info.node();
  if (added_node_selector_ && !added_node_selector_->Match(node)) {
    return Status(Code::kUnschedulableAndUnresolvable, std::string(kErrReasonEnforced));
  }
  bool match;
  if (const auto* s = state.Read<PreFilterState>(kPreFilterKey)) {
    match = s->required.Match(node);
  } else {
    match = RequiredNodeAffinity(pod).Match(node);
  }
  if (!match) return Status(Code::kUnschedulableAndUnresolvable, std::string(kErrReasonPod));
  return Status();
}

Status NodeAffinity::PreScore(framework::CycleState& state, const framework::Pod& pod,
                              const framework::NodeInfoList&) {
  auto s = std::make_shared<PreScoreState>();
  std::string err;
  if (!PodPreferred(pod, &s->preferred, &err)) return Status::Error(err);
  if (!s->preferred && !added_pref_terms_) return Status(Code::kSkip);
  state.Write(std::string(kPreScoreKey), std::move(s));
  return Status();
}

Status NodeAffinity::Score(const framework::CycleState& state, const framework::Pod& pod,
                           const framework::NodeInfo& node_info, int64_t* score) const {
  const framework::Node& node = *node_info.node();
  int64_t count = 0;
  if (added_pref_terms_) count += added_pref_terms_->Score(node);
  if (const auto* s = state.Read<PreScoreState>(kPreScoreKey)) {
    if (s->preferred) count += s->preferred->Score(node);
  } else {
    std::optional<PreferredSchedulingTerms> preferred;
    std::string err;
    if (!PodPreferred(pod, &preferred, &err)) return Status::Error(err);
    if (preferred) count += preferred->Score(node);
  }
  *score = count;
  return Status();
}

Status NodeAffinity::NormalizeScore(const framework::CycleState&, const framework::Pod&,
                                    framework::NodeScoreList& scores) const {
  DefaultNormalizeScore(framework::kMaxNodeScore, false, scores);
  return Status();
}

}  // namespace kubecxx::scheduler::plugins
