// Label selectors: k8s.io/apimachinery/pkg/labels Parse/Matches/String with upstream's
// grammar, validation and error texts.
//
// Grammar (whitespace = space, \t, \r, \n between tokens; requirements ANDed by ','):
//   key=value  key==value  key!=value  key in (v1,v2)  key notin (v1,v2)
//   key        !key        key>int     key<int
// Keys must be qualified names ([prefix/]name), values valid label values. Parsing sorts
// requirements by key, so String() is canonical ("a=1,b in (x,y),!c").
//
// Deviations: errors are formatted for the path-less labels.Parse() (what apiservers call);
// for more than 12 requirements sharing a key, the relative order of those requirements
// is stable here while Go's unstable pdqsort may permute them.
//
// Thread-safety: immutable after construction; concurrent const use is safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/base/status.h"

namespace kubecxx::api {

// selection.Operator.
enum class SelectorOperator : uint8_t {
  kDoesNotExist,  // "!"
  kEquals,        // "="
  kDoubleEquals,  // "=="
  kIn,            // "in"
  kNotEquals,     // "!="
  kNotIn,         // "notin"
  kExists,        // "exists"
  kGreaterThan,   // "gt"
  kLessThan,      // "lt"
};

// The selection.Operator string, e.g. "notin".
std::string_view SelectorOperatorName(SelectorOperator op);

// The errors labels.NewRequirement reports, each relative to the requirement's own path
// ("key: Invalid value: ...", "values: ...", "values[0][key]: ..."), in upstream's order;
// empty when valid. Callers with a field path prefix each with "<path>.".
std::vector<std::string> LabelRequirementErrors(const std::string& key, SelectorOperator op,
                                                const std::vector<std::string>& values);
// validation.IsQualifiedName (a label key): the messages, empty when valid.
std::vector<std::string> QualifiedNameErrors(std::string_view value);

// labels.Requirement: one key/operator/values clause.
class LabelRequirement {
 public:
  // labels.NewRequirement: validates key, value count for the operator, Gt/Lt integers and
  // label values, failing with upstream's aggregated field errors (path-less form).
  static StatusOr<LabelRequirement> Create(std::string key, SelectorOperator op,
                                           std::vector<std::string> values);

  const std::string& key() const { return key_; }
  SelectorOperator op() const { return op_; }
  // Values as given (the parser supplies them sorted and de-duplicated).
  const std::vector<std::string>& values() const { return values_; }

  // Requirement.Matches over any map-like container with find(std::string).
  template <typename Map>
  bool Matches(const Map& labels) const {
    return MatchesLookup(&LookupIn<Map>, &labels);
  }
  // Requirement.String(), e.g. "x in (a,b)", "!y", "z>3".
  std::string String() const;
  void AppendTo(std::string* out) const;

  // Implementation detail of Matches(): returns the label's value or nullptr.
  using Lookup = const std::string* (*)(const void* labels, const std::string& key);
  bool MatchesLookup(Lookup lookup, const void* labels) const;

  template <typename Map>
  static const std::string* LookupIn(const void* labels, const std::string& key) {
    const Map& m = *static_cast<const Map*>(labels);
    auto it = m.find(key);
    return it == m.end() ? nullptr : &it->second;
  }

 private:
  friend class Selector;
  LabelRequirement() = default;
  LabelRequirement(std::string key, SelectorOperator op, std::vector<std::string> values)
      : key_(std::move(key)), op_(op), values_(std::move(values)) {}

  std::string key_;
  SelectorOperator op_ = SelectorOperator::kExists;
  std::vector<std::string> values_;
};

// labels.Selector (internalSelector): a conjunction of requirements sorted by key.
// The default-constructed selector is labels.Everything(): empty, matches everything.
class Selector {
 public:
  Selector() = default;

  // labels.SelectorFromSet / SelectorFromValidatedSet: key=value requirements, unvalidated.
  static Selector FromSet(const std::map<std::string, std::string>& set);

  const std::vector<LabelRequirement>& Requirements() const { return requirements_; }
  bool Empty() const { return requirements_.empty(); }
  // Requirements joined by ',' ("" for Everything).
  std::string String() const;

  template <typename Map>
  bool Matches(const Map& labels) const {
    for (const LabelRequirement& r : requirements_) {
      if (!r.Matches(labels)) return false;
    }
    return true;
  }

  // Selector.RequiresExactMatch: the value if the first requirement on `label` is =, == or
  // in with exactly one value.
  std::optional<std::string> RequiresExactMatch(std::string_view label) const;

  // Selector.Add: appends and re-sorts by key.
  void Add(LabelRequirement requirement);

 private:
  friend StatusOr<Selector> ParseSelector(std::string_view s);
  std::vector<LabelRequirement> requirements_;
};

// labels.Parse(s).
StatusOr<Selector> ParseSelector(std::string_view s);

}  // namespace kubecxx::api
