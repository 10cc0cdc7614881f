// A small JSON tree for PATCH bodies: parse, serialize (object key order kept, new keys
// appended) and RFC 7386 JSON merge patch (what application/merge-patch+json means, and what
// a strategic merge patch means when it holds only objects and scalars).
// Thread-safety: plain values and pure functions.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/base/status.h"
#include "lib/codec/json_reader.h"

namespace kubecxx::apiserver {

struct JsonValue {
  codec::JsonType type = codec::JsonType::kNull;
  std::string raw;  // scalars: their JSON text
  std::vector<std::pair<std::string, JsonValue>> fields;  // objects, in order
  std::vector<JsonValue> items;                           // arrays
};

StatusOr<JsonValue> ParseJson(std::string_view text);
std::string SerializeJson(const JsonValue& v);

// RFC 7386: objects merge recursively, null removes a key, anything else replaces.
JsonValue MergePatch(JsonValue target, const JsonValue& patch);

// True when a strategic merge patch means the same as a JSON merge patch: no arrays (whose
// meaning depends on each field's patch strategy) and no "$" directives anywhere.
bool StrategicPatchIsPlainMerge(const JsonValue& patch);

}  // namespace kubecxx::apiserver
