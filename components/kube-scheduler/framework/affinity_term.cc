#include "components/kube-scheduler/framework/affinity_term.h"

namespace kubecxx::scheduler::framework {
namespace {

StatusOr<AffinityTerm> NewAffinityTerm(const api::core::v1::Pod& pod, const api::core::v1::PodAffinityTerm& t) {
  AffinityTerm out;
  auto sel = LabelSelectorAsSelector(t.label_selector ? &*t.label_selector : nullptr);
  if (!sel.ok()) return sel.status();
  out.selector = std::move(sel).value();
  if (t.namespaces.empty() && !t.namespace_selector) {
    out.namespaces.insert(pod.object_meta.namespace_);
  } else {
    out.namespaces.insert(t.namespaces.begin(), t.namespaces.end());
  }
  auto ns_sel = LabelSelectorAsSelector(t.namespace_selector ? &*t.namespace_selector : nullptr);
  if (!ns_sel.ok()) return ns_sel.status();
  out.namespace_selector = std::move(ns_sel).value();
  out.topology_key = t.topology_key;
  return out;
}

}  // namespace

bool AffinityTerm::Matches(const api::core::v1::Pod& pod, const std::map<std::string, std::string>* ns_labels) const {
  static const std::map<std::string, std::string> kNone;
  if (namespaces.contains(pod.object_meta.namespace_) || namespace_selector.Matches(ns_labels ? *ns_labels : kNone)) {
    return selector.Matches(pod.object_meta.labels);
  }
  return false;
}

StatusOr<std::vector<AffinityTerm>> GetAffinityTerms(const api::core::v1::Pod& pod,
                                                     const std::vector<api::core::v1::PodAffinityTerm>& terms) {
  std::vector<AffinityTerm> out;
  for (const auto& t : terms) {
    auto term = NewAffinityTerm(pod, t);
    if (!term.ok()) return term.status();
    out.push_back(std::move(term).value());
  }
  return out;
}

StatusOr<std::vector<WeightedAffinityTerm>> GetWeightedAffinityTerms(
    const api::core::v1::Pod& pod, const std::vector<api::core::v1::WeightedPodAffinityTerm>& terms) {
  std::vector<WeightedAffinityTerm> out;
  for (const auto& t : terms) {
    auto term = NewAffinityTerm(pod, t.pod_affinity_term);
    if (!term.ok()) return term.status();
    out.push_back({std::move(term).value(), t.weight});
  }
  return out;
}

StatusOr<PodAffinityTerms> ParsePodAffinityTerms(const api::core::v1::Pod& pod) {
  PodAffinityTerms out;
  const auto& aff = pod.spec.affinity;
  if (!aff) return out;
  static const std::vector<api::core::v1::PodAffinityTerm> kNoTerms;
  static const std::vector<api::core::v1::WeightedPodAffinityTerm> kNoWeighted;
  const auto* pa = aff->pod_affinity ? &*aff->pod_affinity : nullptr;
  const auto* anti = aff->pod_anti_affinity ? &*aff->pod_anti_affinity : nullptr;
  std::vector<std::string> errs;  // utilerrors aggregate of the four lists' errors
  auto req = GetAffinityTerms(pod, pa ? pa->required_during_scheduling_ignored_during_execution : kNoTerms);
  if (req.ok()) {
    out.required_affinity = std::move(req).value();
  } else {
    errs.push_back("requiredAffinityTerms: " + std::string(req.status().message()));
  }
  auto req_anti = GetAffinityTerms(pod, anti ? anti->required_during_scheduling_ignored_during_execution : kNoTerms);
  if (req_anti.ok()) {
    out.required_anti_affinity = std::move(req_anti).value();
  } else {
    errs.push_back("requiredAntiAffinityTerms: " + std::string(req_anti.status().message()));
  }
  auto pref = GetWeightedAffinityTerms(pod, pa ? pa->preferred_during_scheduling_ignored_during_execution : kNoWeighted);
  if (pref.ok()) {
    out.preferred_affinity = std::move(pref).value();
  } else {
    errs.push_back("preferredAffinityTerms: " + std::string(pref.status().message()));
  }
  auto pref_anti =
      GetWeightedAffinityTerms(pod, anti ? anti->preferred_during_scheduling_ignored_during_execution : kNoWeighted);
  if (pref_anti.ok()) {
    out.preferred_anti_affinity = std::move(pref_anti).value();
  } else {
    errs.push_back("preferredAntiAffinityTerms: " + std::string(pref_anti.status().message()));
  }
  if (errs.empty()) return out;
  if (errs.size() == 1) return ::kubecxx::Status::Invalid(errs[0]);
  std::string msg = "[";
  for (size_t i = 0; i < errs.size(); ++i) msg += (i ? ", " : "") + errs[i];
  return ::kubecxx::Status::Invalid(msg + "]");
}

}  // namespace kubecxx::scheduler::framework
