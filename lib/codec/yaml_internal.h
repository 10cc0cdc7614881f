// Internals of the YAML codec (yaml.h), shared by its three translation units:
//   yaml.cc          reading: yaml-cpp events -> go-yaml's decoder -> JSON text
//   yaml_scalar.cc   scalars: go-yaml's resolve() and Go's strconv number forms
//   yaml_emitter.cc  writing: JSON as go-yaml reads it -> libyaml's emitter
// Not for use outside lib/codec/yaml*.cc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lib/base/status.h"

namespace kubecxx::codec::yaml_internal {

// What go-yaml decodes into interface{}, and what a JSON document means.
struct GEntry;

struct GValue {
  enum class Kind : uint8_t { kNull, kBool, kInt, kUint, kFloat, kString, kSeq, kMap };
  Kind kind = Kind::kNull;
  bool b = false;
  int64_t i = 0;
  uint64_t u = 0;
  double f = 0;
  std::string s;
  std::vector<GValue> seq;
  // In assignment order; for a repeated key the last entry wins, as with a Go map.
  std::vector<GEntry> map;

  static GValue String(std::string_view text);
};

struct GEntry {
  std::string key;
  GValue value;
};

// Defined after GEntry: constructing a GValue needs the complete type (clang insists).
inline GValue GValue::String(std::string_view text) {
  GValue v;
  v.kind = Kind::kString;
  v.s = std::string(text);
  return v;
}

// Indices of the map entries that survive "last assignment wins", in assignment order.
std::vector<size_t> LiveEntries(const std::vector<GEntry>& map);

inline constexpr std::string_view kLongTagPrefix = "tag:yaml.org,2002:";
inline constexpr std::string_view kStrTag = "tag:yaml.org,2002:str";
inline constexpr std::string_view kBoolTag = "tag:yaml.org,2002:bool";
inline constexpr std::string_view kIntTag = "tag:yaml.org,2002:int";
inline constexpr std::string_view kFloatTag = "tag:yaml.org,2002:float";
inline constexpr std::string_view kNullTag = "tag:yaml.org,2002:null";
inline constexpr std::string_view kTimestampTag = "tag:yaml.org,2002:timestamp";
inline constexpr std::string_view kBinaryTag = "tag:yaml.org,2002:binary";
inline constexpr std::string_view kMergeTag = "tag:yaml.org,2002:merge";

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline char Lower(char c) { return static_cast<char>(c | ('x' - 'X')); }

// --- yaml_scalar.cc ---

// "tag:yaml.org,2002:int" -> "!!int", for messages.
std::string ShortTag(std::string_view tag);

// The tag an untagged plain scalar (or a JSON number) resolves to, with its value in
// *out: bool for yes/no/on/off/y/n..., null for ~/null/"", int64 or uint64 for Go
// integers (0x, 0o, 0b, leading-0 octal, '_' ignored), float64, else the string.
// `timestamps`: whether timestamp syntax counts (a timestamp's value is its text).
std::string_view ResolveText(std::string_view in, bool timestamps, GValue* out);

// go-yaml's resolve(tag, in) with its check that an explicit tag fits the text.
// Returns the resolved tag, or an empty view with *error set.
std::string_view Resolve(std::string_view tag, std::string_view in, GValue* out,
                         std::string* error);

// Whether encode.go would write s without quotes (it reads back as the string).
bool CanBePlain(std::string_view s);

// strconv.FormatFloat(v, 'g', -1, 64 or 32).
std::string GoFormatFloatG(double v, bool as_float32);
// go-yaml's float text: GoFormatFloatG with .inf, -.inf, .nan for the specials.
std::string YamlFloatText(double v, bool as_float32);

// go-yaml's reader: input must be UTF-8 without control characters other than
// tab, LF, CR and U+0085.
Status CheckYamlReadable(std::string_view s);

// --- yaml_emitter.cc ---

// JSON text -> the value go-yaml's Unmarshal reads from it (JSONToYAML parses JSON as
// YAML: raw line breaks in strings fold, keys must fit go-yaml's simple-key limits).
// REQUIRES: CheckYamlReadable(json) passed; json is not all whitespace.
Status ReadJsonLikeGoYaml(std::string_view json, GValue* out);

// The YAML document go-yaml's Marshal writes for `value`.
std::string EmitYaml(const GValue& value);

}  // namespace kubecxx::codec::yaml_internal
