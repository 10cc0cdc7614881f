// A small JSON tree for PATCH bodies and the objects they patch: parse, serialize (object
// key order kept, new keys appended), RFC 7386 JSON merge patch, and the Go-value views the
// patch algorithms need (type classes and scalar equality as Go's interface == sees values
// decoded with ints preserved, which is how the stock apiserver holds them).
// Thread-safety: plain values and pure functions.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/base/status.h"
#include "lib/codec/json_reader.h"

namespace kubecxx::patch {

struct JsonValue {
  codec::JsonType type = codec::JsonType::kNull;
  std::string raw;  // scalars: their JSON text
  std::vector<std::pair<std::string, JsonValue>> fields;  // objects, in order
  std::vector<JsonValue> items;                           // arrays
  // JSON patch bookkeeping: the containers evanphx/json-patch would have decoded (and so
  // re-marshal with sorted keys) while applying operations; see SerializePatchedDocument.
  bool materialized = false;

  static JsonValue Object() { return JsonValue{codec::JsonType::kObject, "", {}, {}, false}; }
  static JsonValue Array() { return JsonValue{codec::JsonType::kArray, "", {}, {}, false}; }
  static JsonValue String(std::string_view s);

  bool is_null() const { return type == codec::JsonType::kNull; }
  bool is_object() const { return type == codec::JsonType::kObject; }
  bool is_array() const { return type == codec::JsonType::kArray; }
  // Objects: the field named key (the last one when a body repeated a key), or nullptr.
  const JsonValue* Find(std::string_view key) const;
  JsonValue* Find(std::string_view key);
  // Objects: sets key (replacing in place, else appending).
  void Set(std::string_view key, JsonValue v);
  // Objects: removes key; false when absent.
  bool Erase(std::string_view key);
  // Strings: the decoded text (empty for other types).
  std::string StringValue() const;
};

// Parses one JSON document. Repeated object keys collapse to the last value, as Go's
// decoding into a map does. Depth is limited (100) like the stock server's decoder.
StatusOr<JsonValue> ParseJson(std::string_view text);
std::string SerializeJson(const JsonValue& v);

// RFC 7386: objects merge recursively, null removes a key, anything else replaces.
JsonValue MergePatch(JsonValue target, const JsonValue& patch);

// True when a strategic merge patch means the same as a JSON merge patch: no arrays (whose
// meaning depends on each field's patch strategy) and no "$" directives anywhere.
bool StrategicPatchIsPlainMerge(const JsonValue& patch);

// Go's reflect.TypeOf of a value decoded into interface{} with ints preserved.
enum class GoType { kNil, kMap, kSlice, kString, kBool, kInt64, kFloat64 };
GoType GoTypeOf(const JsonValue& v);
// reflect.Type.String(): "map[string]interface {}", "[]interface {}", "int64", ...
std::string_view GoTypeName(GoType t);
// Go's == on two such values (scalars by type and value; maps and slices never equal).
bool GoScalarEqual(const JsonValue& a, const JsonValue& b);
// A string that is equal for two values exactly when GoScalarEqual holds (for scalars).
std::string GoScalarKey(const JsonValue& v);
// fmt's %v of such a value: map[a:1 b:x] (keys sorted), [1 2], <nil>, strings bare.
std::string GoFormatV(const JsonValue& v);
// fmt's %s of such a value (strings bare, others as %!s(type=value)).
std::string GoFormatS(const JsonValue& v);

}  // namespace kubecxx::patch
