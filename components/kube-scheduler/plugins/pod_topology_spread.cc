#include "components/kube-scheduler/plugins/pod_topology_spread.h"

#include <climits>
#include <map>

#include "components/kube-scheduler/plugins/pod_topology_spread_internal.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using framework::Status;

constexpr std::string_view kPreFilterKey = "PreFilterPodTopologySpread";

// criticalPaths: the two topology values with the fewest matching pods.
struct CriticalPaths {
  struct Path {
    std::string value;
    int match_num = INT_MAX;
  };
  Path p[2];
  void Update(const std::string& value, int num) {
    int i = value == p[0].value ? 0 : value == p[1].value ? 1 : -1;
    if (i >= 0) {
      p[i].match_num = num;
      if (p[0].match_num > p[1].match_num) std::swap(p[0], p[1]);
    } else if (num < p[0].match_num) {
      p[1] = p[0];
      p[0] = {value, num};
    } else if (num < p[1].match_num) {
      p[1] = {value, num};
    }
  }
};

struct PreFilterState final : framework::StateData {
  std::vector<SpreadConstraint> constraints;
  std::vector<CriticalPaths> critical_paths;
  std::vector<std::map<std::string, int>> tp_value_to_match_num;
  std::shared_ptr<framework::StateData> Clone() const override { return std::make_shared<PreFilterState>(*this); }
  int MinMatchNum(size_t i, int32_t min_domains) const {
    if (static_cast<int64_t>(tp_value_to_match_num[i].size()) < min_domains) return 0;
    return critical_paths[i].p[0].match_num;
  }
};

}  // namespace

std::vector<api::core::v1::TopologySpreadConstraint> SystemDefaultSpreadConstraints() {
  api::core::v1::TopologySpreadConstraint host, zone;
  host.topology_key = std::string(framework::kLabelHostname);
  host.when_unsatisfiable = std::string(spread::kScheduleAnyway);
  host.max_skew = 3;
  zone.topology_key = "topology.kubernetes.io/zone";
  zone.when_unsatisfiable = std::string(spread::kScheduleAnyway);
  zone.max_skew = 5;
  return {host, zone};
}

StatusOr<std::shared_ptr<PodTopologySpread>> PodTopologySpread::Create(const PodTopologySpreadArgs& args,
                                                                      const framework::Handle& handle,
                                                                      const WorkloadLister* lister) {
  std::shared_ptr<PodTopologySpread> pl(new PodTopologySpread(handle, lister));
  if (args.system_defaulting) {
    pl->default_constraints_ = SystemDefaultSpreadConstraints();
    pl->system_defaulted_ = true;
  } else {
    for (const auto& c : args.default_constraints) {
      if (c.when_unsatisfiable != spread::kDoNotSchedule && c.when_unsatisfiable != spread::kScheduleAnyway) {
        return ::kubecxx::Status::Invalid("defaultConstraints: unsupported whenUnsatisfiable \"" +
                                          c.when_unsatisfiable + "\"");
      }
      if (c.label_selector) {
        return ::kubecxx::Status::Invalid(
            "defaultConstraints.labelSelector: Forbidden: constraint must not define a selector, as they deduced for "
            "each pod");
      }
    }
    pl->default_constraints_ = args.default_constraints;
  }
  return pl;
}

StatusOr<std::vector<SpreadConstraint>> PodTopologySpread::FilterConstraints(
    const std::vector<api::core::v1::TopologySpreadConstraint>& constraints,
    const std::map<std::string, std::string>& pod_labels, std::string_view action) {
  std::vector<SpreadConstraint> out;
  for (const auto& c : constraints) {
    if (c.when_unsatisfiable != action) continue;
    auto sel = LabelSelectorAsSelector(c.label_selector ? &*c.label_selector : nullptr);
    if (!sel.ok()) return sel.status();
    SpreadConstraint sc;
    sc.selector = std::move(sel).value();
    if (!c.match_label_keys.empty()) {
      std::map<std::string, std::string> match;
      for (const auto& key : c.match_label_keys) {
        auto it = pod_labels.find(key);
        if (it != pod_labels.end()) match[key] = it->second;
      }
      if (!match.empty() && !sc.selector.IsNothing()) {
        // mergeLabelSetWithSelector: the label set first, then the selector's requirements.
        api::Selector merged = api::Selector::FromSet(match);
        for (const auto& r : sc.selector.selector().Requirements()) merged.Add(r);
        sc.selector = PodSelector(std::move(merged));
      }
    }
    sc.max_skew = c.max_skew;
    sc.topology_key = c.topology_key;
    sc.min_domains = c.min_domains.value_or(1);
    if (c.node_affinity_policy) sc.honor_node_affinity = *c.node_affinity_policy == "Honor";
    if (c.node_taints_policy) sc.honor_node_taints = *c.node_taints_policy == "Honor";
    out.push_back(std::move(sc));
  }
  return out;
}

StatusOr<std::vector<SpreadConstraint>> PodTopologySpread::Constraints(const framework::Pod& pod,
                                                                       std::string_view action) const {
  if (!pod.spec.topology_spread_constraints.empty()) {
    return FilterConstraints(pod.spec.topology_spread_constraints, pod.object_meta.labels, action);
  }
  auto cs = FilterConstraints(default_constraints_, pod.object_meta.labels, action);
  if (!cs.ok() || cs->empty()) return cs;
  PodSelector sel = DefaultSelector(pod, lister_);
  if (sel.Empty()) return std::vector<SpreadConstraint>{};
  for (auto& c : *cs) c.selector = sel;
  return cs;
}

Status PodTopologySpread::PreFilter(framework::CycleState& state, const framework::Pod& pod,
                                    const framework::NodeInfoList& nodes, framework::PreFilterResult*) {
  auto cs = Constraints(pod, spread::kDoNotSchedule);
  if (!cs.ok()) {
    return Status::Error("get constraints from pod: obtaining pod's hard topology spread constraints: " +
                         std::string(cs.status().message()));
  }
  if (cs->empty()) return Status(Code::kSkip);
  auto s = std::make_shared<PreFilterState>();
  s->constraints = std::move(cs).value();
  const size_t n = s->constraints.size();
  s->tp_value_to_match_num.resize(n);
  s->critical_paths.resize(n);
  RequiredNodeAffinity required(pod);
  for (const auto& ni : nodes) {
    const framework::Node& node = *ni->node();
    if (!spread::NodeHasAllKeys(node, s->constraints)) continue;
    for (size_t i = 0; i < n; ++i) {
      const SpreadConstraint& c = s->constraints[i];
      if (!spread::MatchNodeInclusionPolicies(c, pod, node, required)) continue;
      const std::string& value = node.object_meta.labels.at(c.topology_key);
      s->tp_value_to_match_num[i][value] += spread::CountPodsMatch(ni->pods(), c.selector, pod.object_meta.namespace_);
    }
  }
  for (size_t i = 0; i < n; ++i) {
    for (const auto& [value, num] : s->tp_value_to_match_num[i]) s->critical_paths[i].Update(value, num);
  }
  state.Write(std::string(kPreFilterKey), std::move(s));
  return Status();
}

void PodTopologySpread::UpdateWithPod(framework::CycleState& state, const framework::Pod& updated,
                                      const framework::Pod& preemptor, const framework::Node* node, int delta) const {
  auto* s = state.Read<PreFilterState>(kPreFilterKey);
  if (!s || updated.object_meta.namespace_ != preemptor.object_meta.namespace_ || !node) return;
  if (!spread::NodeHasAllKeys(*node, s->constraints)) return;
  RequiredNodeAffinity required(preemptor);
  for (size_t i = 0; i < s->constraints.size(); ++i) {
    const SpreadConstraint& c = s->constraints[i];
    if (!c.selector.Matches(updated.object_meta.labels)) continue;
    if (!spread::MatchNodeInclusionPolicies(c, preemptor, *node, required)) continue;
    const std::string& v = node->object_meta.labels.at(c.topology_key);
    int& num = s->tp_value_to_match_num[i][v];
    num += delta;
    s->critical_paths[i].Update(v, num);
  }
}

Status PodTopologySpread::AddPod(framework::CycleState& state, const framework::Pod& pod_to_schedule,
                                 const std::shared_ptr<const framework::PodInfo>& pod_to_add,
                                 const framework::NodeInfo& node_info) {
  if (!state.Read<PreFilterState>(kPreFilterKey)) {
    return Status::Error("reading \"PreFilterPodTopologySpread\" from cycleState: not found");
  }
  UpdateWithPod(state, pod_to_add->pod(), pod_to_schedule, node_info.node(), 1);
  return Status();
}

Status PodTopologySpread::RemovePod(framework::CycleState& state, const framework::Pod& pod_to_schedule,
                                    const std::shared_ptr<const framework::PodInfo>& pod_to_remove,
                                    const framework::NodeInfo& node_info) {
  if (!state.Read<PreFilterState>(kPreFilterKey)) {
    return Status::Error("reading \"PreFilterPodTopologySpread\" from cycleState: not found");
  }
  UpdateWithPod(state, pod_to_remove->pod(), pod_to_schedule, node_info.node(), -1);
  return Status();
}

Status PodTopologySpread::Filter(const framework::CycleState& state, const framework::Pod& pod,
                                 const framework::NodeInfo& node_info) const {
  const auto* s = state.Read<PreFilterState>(kPreFilterKey);
  if (!s) return Status::Error("reading \"PreFilterPodTopologySpread\" from cycleState: not found");
  const auto& labels = node_info.node()->object_meta.labels;
  for (size_t i = 0; i < s->constraints.size(); ++i) {
    const SpreadConstraint& c = s->constraints[i];
    auto it = labels.find(c.topology_key);
    if (it == labels.end()) {
      return Status(Code::kUnschedulableAndUnresolvable, std::string(kErrReasonNodeLabelNotMatch));
    }
    const int min_match = s->MinMatchNum(i, c.min_domains);
    const int self = c.selector.Matches(pod.object_meta.labels) ? 1 : 0;
    auto m = s->tp_value_to_match_num[i].find(it->second);
    const int match = m == s->tp_value_to_match_num[i].end() ? 0 : m->second;
    if (match + self - min_match > c.max_skew) {
      return Status(Code::kUnschedulable, std::string(kErrReasonConstraintsNotMatch));
    }
  }
  return Status();
}

}  // namespace kubecxx::scheduler::plugins
