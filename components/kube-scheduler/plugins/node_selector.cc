#include "components/kube-scheduler/plugins/node_selector.h"

#include <algorithm>

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


// A []string as field.Invalid prints it (json.Marshal: null when empty/nil).
std::string JsonStringSlice(const std::vector<std::string>& v) {
  if (v.empty()) return "null";
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ",";
    out += "\"";
    for (char c : v[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += "\"";
  }
  return out + "]";
}

// Puts `path.` in front of the field names of a path-less labels error ("key: ...",
// "values: ...", "values[0]: ..."), also inside an aggregate "[a, b]".
std::string WithPath(const std::string& path, const std::string& msg) {
  std::string out;
  size_t i = 0;
  bool at_start = true;
  while (i < msg.size()) {
    if (at_start && (msg.compare(i, 4, "key:") == 0 || msg.compare(i, 6, "values") == 0)) out += path + ".";
    at_start = false;
    if (msg[i] == '[' && i == 0) {
      out += msg[i++];
      at_start = true;
      continue;
    }
    if (msg.compare(i, 2, ", ") == 0) {
      out += ", ";
      i += 2;
      at_start = true;
      continue;
    }
    out += msg[i++];
  }
  return out;
}

}  // namespace

std::string AggregateErrors(const std::vector<std::string>& errs) {
  std::vector<std::string> seen;
  for (const auto& e : errs) {
    if (std::find(seen.begin(), seen.end(), e) == seen.end()) seen.push_back(e);
  }
  if (seen.empty()) return "";
  if (seen.size() == 1) return seen[0];
  std::string out = "[";
  for (size_t i = 0; i < seen.size(); ++i) {
    if (i) out += ", ";
    out += seen[i];
  }
  return out + "]";
}

NodeSelectorTerm::NodeSelectorTerm(const api::core::v1::NodeSelectorTerm& term, const std::string& path) {
  if (!term.match_expressions.empty()) {
    std::vector<api::LabelRequirement> reqs;
    for (size_t i = 0; i < term.match_expressions.size(); ++i) {
      const auto& e = term.match_expressions[i];
      const std::string p = path + ".matchExpressions[" + std::to_string(i) + "]";
      auto op = LabelOp(e.operator_);
      if (!op) {
        errors_.push_back(p + ".operator: Unsupported value: \"" + e.operator_ +
                          "\": supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\", \"Gt\", \"Lt\"");
        continue;
      }
      auto r = api::LabelRequirement::Create(e.key, *op, e.values);
      if (!r.ok()) {
        errors_.push_back(WithPath(p, std::string(r.status().message())));
        continue;
      }
      reqs.push_back(std::move(r).value());
    }
    labels_ = std::move(reqs);
  }
  if (!term.match_fields.empty()) {
    std::vector<FieldReq> reqs;
    for (size_t i = 0; i < term.match_fields.size(); ++i) {
      const auto& f = term.match_fields[i];
      const std::string p = path + ".matchFields[" + std::to_string(i) + "]";
      if (f.operator_ != "In" && f.operator_ != "NotIn") {
        errors_.push_back(p + ".operator: Unsupported value: \"" + f.operator_ +
                          "\": supported values: \"In\", \"NotIn\"");
        continue;
      }
      if (f.values.size() != 1) {
        errors_.push_back(p + ".values: Invalid value: " + JsonStringSlice(f.values) + ": must have one element");
        continue;
      }
      reqs.push_back(FieldReq{f.key, f.operator_ == "In", f.values[0]});
    }
    fields_ = std::move(reqs);
  }
}

bool NodeSelectorTerm::Match(const api::core::v1::Node& node) const {
  if (!errors_.empty()) return false;
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
  for (size_t i = 0; i < selector.node_selector_terms.size(); ++i) {
    const auto& t = selector.node_selector_terms[i];
    if (!IsEmptyTerm(t)) terms_.emplace_back(t, "nodeSelectorTerms[" + std::to_string(i) + "]");
  }
}

bool NodeSelector::Match(const api::core::v1::Node& node) const {
  for (const auto& t : terms_) {
    if (t.Match(node)) return true;
  }
  return false;
}

std::string NodeSelector::Error() const {
  std::vector<std::string> errs;
  for (const auto& t : terms_) errs.insert(errs.end(), t.parse_errors().begin(), t.parse_errors().end());
  return AggregateErrors(errs);
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
  std::vector<std::string> errs;
  for (size_t i = 0; i < terms.size(); ++i) {
    const auto& t = terms[i];
    if (t.weight == 0 || IsEmptyTerm(t.preference)) continue;
    NodeSelectorTerm parsed(t.preference, "[" + std::to_string(i) + "]");
    if (!parsed.parse_errors().empty()) {
      errs.insert(errs.end(), parsed.parse_errors().begin(), parsed.parse_errors().end());
      continue;
    }
    out.terms_.emplace_back(std::move(parsed), t.weight);
  }
  if (!errs.empty()) {
    if (error) *error = AggregateErrors(errs);
    return std::nullopt;
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
