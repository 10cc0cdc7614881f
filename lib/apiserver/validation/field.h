// Building blocks of upstream's field validation (k8s.io/apimachinery/pkg/util/validation and
// .../field, pkg/api/validate/content): field paths as field.Path prints them, the error
// constructors field_errors.h lacks (NotFound, Duplicate, TooLong, TooMany), the value
// formatting of field.Error.ErrorBody (strings %q, integers %v, other values json.Marshal),
// and the name/format checks with their exact messages.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "lib/apiserver/field_errors.h"

namespace kubecxx::apiserver::validation {

using Errors = std::vector<FieldError>;
using Messages = std::vector<std::string>;

// field.Path: Child appends ".name" (no dot at the root), Index "[i]", Key "[key]".
class Path {
 public:
  Path() = default;
  explicit Path(std::string_view root) : s_(root) {}
  Path Child(std::string_view name) const {
    return Path(s_.empty() ? std::string(name) : s_ + "." + std::string(name));
  }
  Path Index(size_t i) const { return Path(s_ + "[" + std::to_string(i) + "]"); }
  Path Key(std::string_view k) const { return Path(s_ + "[" + std::string(k) + "]"); }
  const std::string& str() const { return s_; }

 private:
  std::string s_;
};

// The ErrorBody renderings of Go values.
std::string QuoteStr(std::string_view s);   // %q
std::string QuoteJson(std::string_view s);  // a JSON string (inside json.Marshal output)
// json.Marshal(map); an empty map prints as null (a nil Go map).
std::string JsonOfMap(const std::map<std::string, std::string>& m);

inline FieldError Invalid(const Path& p, std::string_view value_json, std::string_view detail) {
  return FieldInvalid(p.str(), value_json, detail);
}
inline FieldError InvalidStr(const Path& p, std::string_view value, std::string_view detail) {
  return FieldInvalid(p.str(), QuoteStr(value), detail);
}
inline FieldError InvalidInt(const Path& p, int64_t value, std::string_view detail) {
  return FieldInvalid(p.str(), std::to_string(value), detail);
}
inline FieldError Required(const Path& p, std::string_view detail = "") {
  return FieldRequired(p.str(), detail);
}
inline FieldError Forbidden(const Path& p, std::string_view detail) {
  return FieldForbidden(p.str(), detail);
}
inline FieldError NotSupported(const Path& p, std::string_view value,
                               const std::vector<std::string>& supported) {
  return FieldNotSupported(p.str(), QuoteStr(value), supported);
}
FieldError NotFound(const Path& p, std::string_view value_json);
FieldError Duplicate(const Path& p, std::string_view value_json);
// field.TooLong: "Too long: may not be more than N bytes" (the value is never shown).
FieldError TooLong(const Path& p, int max_bytes);

void Append(Errors* out, Errors more);
// One Invalid error per message, the value shown as a quoted string.
void AppendInvalid(Errors* out, const Path& p, std::string_view value, const Messages& msgs);

// ---- formats (util/validation, validate/content) ----
Messages IsDNS1123Label(std::string_view v);      // "characters" length messages
Messages IsDNS1123Subdomain(std::string_view v);
Messages IsDNS1123SubdomainBytes(std::string_view v);  // validate/content: "bytes" lengths
Messages IsDNS1035Label(std::string_view v);
Messages IsQualifiedName(std::string_view v);     // label key; "bytes" length messages
Messages IsLabelValue(std::string_view v);
Messages IsConfigMapKey(std::string_view v);
Messages IsRelaxedEnvVarName(std::string_view v);
Messages IsValidPortName(std::string_view v);
Messages IsValidPortNum(int64_t port);
Messages IsHTTPHeaderName(std::string_view v);
Messages IsValidPercent(std::string_view v);
Messages IsPathSegmentName(std::string_view v);

// apimachinery's name functions (NameIsDNSSubdomain ...): prefix=true for generateName.
enum class NameRule { kDNSSubdomain, kDNSLabel, kDNS1035Label, kPathSegment };
Messages ValidateName(NameRule rule, std::string_view name, bool prefix);

std::string InclusiveRangeError(int64_t lo, int64_t hi);
inline constexpr std::string_view kNegativeMsg = "must be greater than or equal to 0";
inline constexpr std::string_view kImmutableMsg = "field is immutable";

// ValidateNonnegativeField.
void NonNegative(Errors* out, const Path& p, int64_t v);

}  // namespace kubecxx::apiserver::validation
