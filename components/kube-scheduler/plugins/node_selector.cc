#include "components/kube-scheduler/plugins/node_selector.h"

namespace kubecxx::scheduler::plugins {
namespace {

bool IsEmptyTerm(const api::core::v1::NodeSelectorTerm& t) {
  return t.match_expressions.empty() && t.match_fields.empty();
}

std::optional<api::SelectorOperator> LabelOp(const std::string& op) {
  if (op == "In") return api::SelectorOperator::kIn;
  if (op == "NotIn") return api::SelectorOperator::kNotIn;
  if (op == "Exists") return api::SelectorOperator::kExists;
  if (op == "DoesNotExist") return api::SelectorOperator::kDoesNotExist;
  if (op == "Gt") return api::SelectorOperator::kGreaterThan;
  if (op == "Lt") return api::SelectorOperator::kLessThan;
  return std::nullopt;
}

}  // namespace

NodeSelectorTerm::NodeSelectorTerm(const api::core::v1::NodeSelectorTerm& term) {
  if (!term.match_expressions.empty()) {
    std::vector<api::LabelRequirement> reqs;
    for (const auto& e : term.match_expressions) {
      auto op = LabelOp(e.operator_);
      if (!op) {
        if (error_.empty()) {
          error_ = "matchExpressions.operator: Unsupported value: \"" + e.operator_ +
                   "\": supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\", \"Gt\", \"Lt\"";
        }
        continue;
      }
      auto r = api::LabelRequirement::Create(e.key, *op, e.values);
      if (!r.ok()) {
        if (error_.empty()) error_ = r.status().message();
        continue;
      }
      reqs.push_back(std::move(r).value());
    }
    labels_ = std::move(reqs);
  }
  if (!term.match_fields.empty()) {
    std::vector<FieldReq> reqs;
    for (const auto& f : term.match_fields) {
      if (f.operator_ != "In" && f.operator_ != "NotIn") {
        if (error_.empty()) {
          error_ = "matchFields.operator: Unsupported value: \"" + f.operator_ +
                   "\": supported values: \"In\", \"NotIn\"";
        }
        continue;
      }
      if (f.values.size() != 1) {
        if (error_.empty()) error_ = "matchFields.values: Invalid value: must have one element";
        continue;
      }
      reqs.push_back(FieldReq{f.key, f.operator_ == "In", f.values[0]});
    }
    fields_ = std::move(reqs);
  }
}

bool NodeSelectorTerm::Match(const api::core::v1::Node& node, std::string* error) const {
  if (!error_.empty()) {
    if (error) *error = error_;
    return false;
  }
  if (labels_) {
    for (const auto& r : *labels_) {
      if (!r.Matches(node.object_meta.labels)) return false;
    }
  }
  if (fields_ && !node.object_meta.name.empty()) {
    for (const auto& f : *fields_) {
      const std::string value = f.key == "metadata.name" ? node.object_meta.name : "";
      if ((value == f.value) != f.equal) return false;
    }
  }
  return true;
}

NodeSelector::NodeSelector(const api::core::v1::NodeSelector& selector) {
  for (const auto& t : selector.node_selector_terms) {
    if (!IsEmptyTerm(t)) terms_.emplace_back(t);
  }
}

bool NodeSelector::Match(const api::core::v1::Node& node) const {
  for (const auto& t : terms_) {
    if (t.Match(node)) return true;
  }
  return false;
}

std::string NodeSelector::FirstError() const {
  for (const auto& t : terms_) {
    if (!t.parse_error().empty()) return t.parse_error();
  }
  return "";
}

RequiredNodeAffinity::RequiredNodeAffinity(const api::core::v1::Pod& pod) {
  if (!pod.spec.node_selector.empty()) node_selector_ = api::Selector::FromSet(pod.spec.node_selector);
  const auto& aff = pod.spec.affinity;
  if (aff && aff->node_affinity && aff->node_affinity->required_during_scheduling_ignored_during_execution) {
    affinity_.emplace(*aff->node_affinity->required_during_scheduling_ignored_during_execution);
  }
}

bool RequiredNodeAffinity::Match(const api::core::v1::Node& node) const {
  if (node_selector_ && !node_selector_->Matches(node.object_meta.labels)) return false;
  if (affinity_) return affinity_->Match(node);
  return true;
}

std::optional<PreferredSchedulingTerms> PreferredSchedulingTerms::Create(
    const std::vector<api::core::v1::PreferredSchedulingTerm>& terms, std::string* error) {
  PreferredSchedulingTerms out;
  for (const auto& t : terms) {
    if (t.weight == 0 || IsEmptyTerm(t.preference)) continue;
    NodeSelectorTerm parsed(t.preference);
    if (!parsed.parse_error().empty()) {
      if (error) *error = parsed.parse_error();
      return std::nullopt;
    }
    out.terms_.emplace_back(std::move(parsed), t.weight);
  }
  return out;
}

int64_t PreferredSchedulingTerms::Score(const api::core::v1::Node& node) const {
  int64_t score = 0;
  for (const auto& [term, weight] : terms_) {
    if (term.Match(node)) score += weight;
  }
  return score;
}

}  // namespace kubecxx::scheduler::plugins
