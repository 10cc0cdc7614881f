// Pod (anti-)affinity terms in the form the scheduler evaluates them (upstream
// fwk.AffinityTerm / WeightedAffinityTerm and GetAffinityTerms): the label selector and
// namespace selector parsed, and the namespaces a term applies to (the pod's own when
// the term names neither namespaces nor a namespaceSelector).
//
// Matches(pod, ns_labels): the pod's namespace is listed or ns_labels (the labels of
// that namespace; null = none) match the namespace selector, and the pod's labels match
// the selector.
//
// Thread-safety: immutable values.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "components/kube-scheduler/framework/label_selector.h"
#include "kubecxx/api/core/v1/types.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::framework {

struct AffinityTerm {
  std::set<std::string, std::less<>> namespaces;
  PodSelector selector = PodSelector::Nothing();
  std::string topology_key;
  PodSelector namespace_selector = PodSelector::Nothing();

  bool Matches(const api::core::v1::Pod& pod, const std::map<std::string, std::string>* ns_labels) const;
};

struct WeightedAffinityTerm {
  AffinityTerm term;
  int32_t weight = 0;
};

StatusOr<std::vector<AffinityTerm>> GetAffinityTerms(const api::core::v1::Pod& pod,
                                                     const std::vector<api::core::v1::PodAffinityTerm>& terms);
StatusOr<std::vector<WeightedAffinityTerm>> GetWeightedAffinityTerms(
    const api::core::v1::Pod& pod, const std::vector<api::core::v1::WeightedPodAffinityTerm>& terms);

// The four term lists of a pod (PodInfo's Required/Preferred(Anti)AffinityTerms).
struct PodAffinityTerms {
  std::vector<AffinityTerm> required_affinity;
  std::vector<AffinityTerm> required_anti_affinity;
  std::vector<WeightedAffinityTerm> preferred_affinity;
  std::vector<WeightedAffinityTerm> preferred_anti_affinity;
};

// Parses all four lists; the first selector error fails (upstream NewPodInfo's error).
StatusOr<PodAffinityTerms> ParsePodAffinityTerms(const api::core::v1::Pod& pod);

}  // namespace kubecxx::scheduler::framework
