// Node selector matching (component-helpers/scheduling/corev1/nodeaffinity): required
// node affinity (spec.nodeSelector AND any of the required terms) and the weighted
// preferred terms.
//
// Terms with neither matchExpressions nor matchFields are dropped. matchExpressions map
// In/NotIn/Exists/DoesNotExist/Gt/Lt onto label requirements (validated as upstream);
// matchFields support only In/NotIn with exactly one value, compared against the node's
// fields (just metadata.name), and are ignored for a node without a name. A term that
// fails to parse matches nothing (its errors are kept, with upstream's field paths:
// "nodeSelectorTerms[i].matchExpressions[j].key: ..." for a NodeSelector, "[i]...." for
// preferred terms; several errors are joined as Go's utilerrors aggregate: "[e1, e2]").
// Thread-safety: immutable after construction.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kubecxx/api/core/v1/types.h"
#include "lib/api/labels.h"

namespace kubecxx::scheduler::plugins {

class NodeSelectorTerm {
 public:
  // `path` is the field path of the term ("nodeSelectorTerms[0]", "[2]").
  NodeSelectorTerm(const api::core::v1::NodeSelectorTerm& term, const std::string& path);
  // False when the term did not parse.
  bool Match(const api::core::v1::Node& node) const;
  const std::vector<std::string>& parse_errors() const { return errors_; }

 private:
  struct FieldReq {
    std::string key;
    bool equal;
    std::string value;
  };
  std::optional<std::vector<api::LabelRequirement>> labels_;
  std::optional<std::vector<FieldReq>> fields_;
  std::vector<std::string> errors_;
};

// utilerrors.NewAggregate(errs).Error(): "" / the one message / "[m1, m2]" (duplicates dropped).
std::string AggregateErrors(const std::vector<std::string>& errs);

// LazyErrorNodeSelector: any of the non-empty terms.
class NodeSelector {
 public:
  explicit NodeSelector(const api::core::v1::NodeSelector& selector);
  bool Match(const api::core::v1::Node& node) const;
  // "" or the aggregated parse errors of all terms (NewNodeSelector's error).
  std::string Error() const;

 private:
  std::vector<NodeSelectorTerm> terms_;
};

// nodeaffinity.RequiredNodeAffinity of a pod.
class RequiredNodeAffinity {
 public:
  explicit RequiredNodeAffinity(const api::core::v1::Pod& pod);
  bool Match(const api::core::v1::Node& node) const;

 private:
  std::optional<api::Selector> node_selector_;
  std::optional<NodeSelector> affinity_;
};

// nodeaffinity.PreferredSchedulingTerms: the sum of the weights of matching terms.
class PreferredSchedulingTerms {
 public:
  // Terms with weight 0 or no requirements are dropped; any parse error fails.
  static std::optional<PreferredSchedulingTerms> Create(
      const std::vector<api::core::v1::PreferredSchedulingTerm>& terms, std::string* error);
  int64_t Score(const api::core::v1::Node& node) const;

 private:
  std::vector<std::pair<NodeSelectorTerm, int64_t>> terms_;
};

}  // namespace kubecxx::scheduler::plugins
