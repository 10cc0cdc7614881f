#include "lib/patch/json_value.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "lib/api/go_strconv.h"
#include "lib/codec/json_writer.h"

namespace kubecxx::patch {
namespace {

constexpr int kMaxDepth = 100;

bool Parse(codec::JsonReader& r, JsonValue* out, int depth) {
  if (depth > kMaxDepth) return r.Fail("exceeded max depth");
  out->type = r.Peek();
  switch (out->type) {
    case codec::JsonType::kObject: {
      if (!r.BeginObject()) return false;
      std::string_view key_view;
      while (r.NextKey(&key_view)) {
        // The view may point into the reader's scratch buffer (escaped keys), which parsing
        // the value reuses.
        std::string key(key_view);
        JsonValue v;
        if (!Parse(r, &v, depth + 1)) return false;
        out->Set(key, std::move(v));
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
    target = JsonValue::Object();
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

JsonValue JsonValue::String(std::string_view s) {
  JsonValue v;
  v.type = codec::JsonType::kString;
  codec::JsonWriter w(&v.raw);
  w.String(s);
  return v;
}

const JsonValue* JsonValue::Find(std::string_view key) const {
  for (const auto& [k, v] : fields) {
    if (k == key) return &v;
  }
  return nullptr;
}

JsonValue* JsonValue::Find(std::string_view key) {
  for (auto& [k, v] : fields) {
    if (k == key) return &v;
  }
  return nullptr;
}

void JsonValue::Set(std::string_view key, JsonValue v) {
  if (JsonValue* f = Find(key)) {
    *f = std::move(v);
  } else {
    fields.emplace_back(std::string(key), std::move(v));
  }
}

bool JsonValue::Erase(std::string_view key) {
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    if (it->first == key) {
      fields.erase(it);
      return true;
    }
  }
  return false;
}

std::string JsonValue::StringValue() const {
  if (type != codec::JsonType::kString) return "";
  codec::JsonReader r(raw);
  std::string out;
  if (!r.ReadString(&out)) return "";
  return out;
}

namespace {

bool IsIntegerToken(std::string_view raw) {
  return raw.find_first_of(".eE") == std::string_view::npos;
}

// Go's %v of a float64: shortest round-trip digits, %e form when the exponent is < -4 or
// >= 21.
std::string GoFloat(double d) {
  if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  size_t e = sci.find('e');
  int exp = std::atoi(sci.c_str() + e + 1);
  if (exp < -4 || exp >= 21) {
    std::string mant = sci.substr(0, e);
    char sign = exp < 0 ? '-' : '+';
    int a = std::abs(exp);
    std::string digits = std::to_string(a);
    if (digits.size() < 2) digits = "0" + digits;
    return mant + "e" + sign + digits;
  }
  res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
  return std::string(buf, res.ptr);
}

}  // namespace

GoType GoTypeOf(const JsonValue& v) {
  switch (v.type) {
    case codec::JsonType::kObject: return GoType::kMap;
    case codec::JsonType::kArray: return GoType::kSlice;
    case codec::JsonType::kString: return GoType::kString;
    case codec::JsonType::kBool: return GoType::kBool;
    case codec::JsonType::kNumber:
      // sigs.k8s.io/json keeps integers that fit in int64 as int64, others become float64.
      return IsIntegerToken(v.raw) && api::ParseGoInt64(v.raw) ? GoType::kInt64
                                                                : GoType::kFloat64;
    default: return GoType::kNil;
  }
}

std::string_view GoTypeName(GoType t) {
  switch (t) {
    case GoType::kMap: return "map[string]interface {}";
    case GoType::kSlice: return "[]interface {}";
    case GoType::kString: return "string";
    case GoType::kBool: return "bool";
    case GoType::kInt64: return "int64";
    case GoType::kFloat64: return "float64";
    default: return "%!s(<nil>)";
  }
}

std::string GoScalarKey(const JsonValue& v) {
  GoType t = GoTypeOf(v);
  switch (t) {
    case GoType::kString: return "s" + v.StringValue();
    case GoType::kBool: return "b" + v.raw;
    case GoType::kInt64: return "i" + std::to_string(*api::ParseGoInt64(v.raw));
    case GoType::kFloat64: return "f" + GoFloat(std::strtod(v.raw.c_str(), nullptr));
    case GoType::kNil: return "n";
    default: return "";  // maps and slices have no scalar key
  }
}

bool GoScalarEqual(const JsonValue& a, const JsonValue& b) {
  GoType ta = GoTypeOf(a);
  if (ta == GoType::kMap || ta == GoType::kSlice || ta != GoTypeOf(b)) return false;
  return GoScalarKey(a) == GoScalarKey(b);
}

std::string GoFormatV(const JsonValue& v) {
  switch (GoTypeOf(v)) {
    case GoType::kMap: {
      std::vector<std::pair<std::string, const JsonValue*>> sorted;
      for (const auto& [k, f] : v.fields) sorted.emplace_back(k, &f);
      std::sort(sorted.begin(), sorted.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      std::string out = "map[";
      for (size_t i = 0; i < sorted.size(); ++i) {
        if (i > 0) out += ' ';
        out += sorted[i].first + ":" + GoFormatV(*sorted[i].second);
      }
      return out + "]";
    }
    case GoType::kSlice: {
      std::string out = "[";
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (i > 0) out += ' ';
        out += GoFormatV(v.items[i]);
      }
      return out + "]";
    }
    case GoType::kString: return v.StringValue();
    case GoType::kBool: return v.raw;
    case GoType::kInt64: return std::to_string(*api::ParseGoInt64(v.raw));
    case GoType::kFloat64: return GoFloat(std::strtod(v.raw.c_str(), nullptr));
    default: return "<nil>";
  }
}

std::string GoFormatS(const JsonValue& v) {
  GoType t = GoTypeOf(v);
  if (t == GoType::kString) return v.StringValue();
  if (t == GoType::kNil) return "%!s(<nil>)";
  if (t == GoType::kMap || t == GoType::kSlice) return GoFormatV(v);
  return "%!s(" + std::string(GoTypeName(t)) + "=" + GoFormatV(v) + ")";
}

}  // namespace kubecxx::patch
