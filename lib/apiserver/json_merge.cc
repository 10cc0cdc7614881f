#include "lib/apiserver/json_merge.h"

#include "lib/codec/json_writer.h"

namespace kubecxx::apiserver {
namespace {

constexpr int kMaxDepth = 100;

bool Parse(codec::JsonReader& r, JsonValue* out, int depth) {
  if (depth > kMaxDepth) return r.Fail("exceeded max depth");
  out->type = r.Peek();
  switch (out->type) {
    case codec::JsonType::kObject: {
      if (!r.BeginObject()) return false;
      std::string_view key;
      while (r.NextKey(&key)) {
        out->fields.emplace_back(std::string(key), JsonValue{});
        if (!Parse(r, &out->fields.back().second, depth + 1)) return false;
      }
      return r.ok();
    }
    case codec::JsonType::kArray: {
      if (!r.BeginArray()) return false;
      while (r.NextElement()) {
        out->items.emplace_back();
        if (!Parse(r, &out->items.back(), depth + 1)) return false;
      }
      return r.ok();
    }
    case codec::JsonType::kInvalid: return r.Fail("invalid JSON value");
    default: {
      std::string_view raw;
      if (!r.ReadRaw(&raw)) return false;
      out->raw = std::string(raw);
      return true;
    }
  }
}

void Write(codec::JsonWriter& w, const JsonValue& v) {
  switch (v.type) {
    case codec::JsonType::kObject:
      w.BeginObject();
      for (const auto& [k, f] : v.fields) {
        w.EscapedKey(k);
        Write(w, f);
      }
      w.EndObject();
      return;
    case codec::JsonType::kArray:
      w.BeginArray();
      for (const auto& item : v.items) Write(w, item);
      w.EndArray();
      return;
    default: w.RawValue(v.raw.empty() ? "null" : v.raw);
  }
}

}  // namespace

StatusOr<JsonValue> ParseJson(std::string_view text) {
  codec::JsonReader r(text);
  JsonValue v;
  if (!Parse(r, &v, 0) || !r.ExpectEnd()) return r.status();
  return v;
}

std::string SerializeJson(const JsonValue& v) {
  std::string out;
  codec::JsonWriter w(&out);
  Write(w, v);
  return out;
}

JsonValue MergePatch(JsonValue target, const JsonValue& patch) {
  if (patch.type != codec::JsonType::kObject) return patch;
  if (target.type != codec::JsonType::kObject) {
    target = JsonValue{codec::JsonType::kObject, "", {}, {}};
  }
  for (const auto& [key, value] : patch.fields) {
    auto it = target.fields.begin();
    while (it != target.fields.end() && it->first != key) ++it;
    if (value.type == codec::JsonType::kNull) {
      if (it != target.fields.end()) target.fields.erase(it);
    } else if (it != target.fields.end()) {
      it->second = MergePatch(std::move(it->second), value);
    } else {
      target.fields.emplace_back(key, MergePatch(JsonValue{}, value));
    }
  }
  return target;
}

bool StrategicPatchIsPlainMerge(const JsonValue& patch) {
  if (patch.type == codec::JsonType::kArray) return false;
  for (const auto& [key, value] : patch.fields) {
    if (!key.empty() && key[0] == '$') return false;
    if (!StrategicPatchIsPlainMerge(value)) return false;
  }
  return true;
}

}  // namespace kubecxx::apiserver
