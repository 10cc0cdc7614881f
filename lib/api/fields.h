// Field selectors: k8s.io/apimachinery/pkg/fields ParseSelector/Matches/String with
// upstream's grammar, escaping and error texts.
//
// Grammar: terms separated by unescaped ','; each term is field=value, field==value or
// field!=value (split at the first operator). In values, '\', ',' and '=' are escaped
// with '\'. Terms are sorted as raw strings before parsing, like upstream; a term with an
// empty field and an empty value is dropped.
//
// Thread-safety: immutable after construction; concurrent const use is safe.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/api/labels.h"
#include "lib/base/status.h"

namespace kubecxx::api {

// fields.Requirement. op is kEquals (for both "=" and "==") or kNotEquals.
struct FieldRequirement {
  std::string field;
  SelectorOperator op = SelectorOperator::kEquals;
  std::string value;  // unescaped

  bool operator==(const FieldRequirement&) const = default;
};

// fields.EscapeValue / fields.UnescapeValue (errors carry upstream's texts).
std::string EscapeFieldValue(std::string_view s);
StatusOr<std::string> UnescapeFieldValue(std::string_view s);

class FieldSelector {
 public:
  // fields.Everything(): empty, matches everything.
  FieldSelector() = default;
  // fields.SelectorFromSet: field=value terms in key order.
  static FieldSelector FromSet(const std::map<std::string, std::string>& set);

  const std::vector<FieldRequirement>& Requirements() const { return requirements_; }
  bool Empty() const { return requirements_.empty(); }
  // Terms joined by ',', values escaped; "==" prints as "=".
  std::string String() const;

  // Selector.Matches. get(field) returns the field's value; nullopt counts as "" (upstream's
  // Fields.Get). The returned view only needs to live until get is called again.
  using Getter = std::function<std::optional<std::string_view>(std::string_view field)>;
  bool Matches(const Getter& get) const;
  bool Matches(const std::map<std::string, std::string>& fields) const;

  // Selector.RequiresExactMatch: the value of the first field=value term on `field`.
  std::optional<std::string> RequiresExactMatch(std::string_view field) const;

 private:
  friend StatusOr<FieldSelector> ParseFieldSelector(std::string_view s);
  std::vector<FieldRequirement> requirements_;
};

// fields.ParseSelector(s).
StatusOr<FieldSelector> ParseFieldSelector(std::string_view s);

}  // namespace kubecxx::api
