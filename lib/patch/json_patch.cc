#include "lib/patch/json_patch.h"

#include <algorithm>
#include <optional>
#include <string>

#include "lib/api/go_strconv.h"

namespace kubecxx::patch {
namespace {

using codec::JsonType;

std::string_view GoJsonTypeName(JsonType t) {
  switch (t) {
    case JsonType::kObject: return "object";
    case JsonType::kArray: return "array";
    case JsonType::kString: return "string";
    case JsonType::kNumber: return "number";
    case JsonType::kBool: return "bool";
    default: return "null";
  }
}

// RFC 6901 unescaping in one left-to-right pass, as strings.NewReplacer("~1", "/", "~0", "~").
std::string DecodeKey(std::string_view k) {
  std::string out;
  for (size_t i = 0; i < k.size(); ++i) {
    if (k[i] == '~' && i + 1 < k.size() && (k[i + 1] == '1' || k[i + 1] == '0')) {
      out += k[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += k[i];
    }
  }
  return out;
}

// strconv.Atoi on a 64-bit platform.
std::optional<int64_t> Atoi(std::string_view s) { return api::ParseGoInt64(s); }

// The value of an operation member that is present and not JSON null.
const JsonValue* Member(const JsonValue& op, std::string_view name) {
  const JsonValue* v = op.Find(name);
  return v != nullptr && !v->is_null() ? v : nullptr;
}

bool StringMember(const JsonValue& op, std::string_view name, std::string* out) {
  const JsonValue* v = Member(op, name);
  if (v == nullptr || v->type != JsonType::kString) return false;
  *out = v->StringValue();
  return true;
}

// "value": absent and null both mean a nil node (null once written).
JsonValue ValueOf(const JsonValue& op) {
  const JsonValue* v = op.Find("value");
  return v != nullptr ? *v : JsonValue{};
}

// The container the last path segment lives in, and that segment, as findObject does.
JsonValue* FindContainer(JsonValue* doc, std::string_view path, std::string* key) {
  std::vector<std::string_view> split;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    split.push_back(path.substr(start, slash == path.npos ? path.npos : slash - start));
    if (slash == path.npos) break;
    start = slash + 1;
  }
  if (split.size() < 2) return nullptr;
  JsonValue* cur = doc;
  cur->materialized = true;
  for (size_t i = 1; i + 1 < split.size(); ++i) {
    std::string part = DecodeKey(split[i]);
    JsonValue* next = nullptr;
    if (cur->is_object()) {
      next = cur->Find(part);
    } else {
      auto idx = Atoi(part);
      if (!idx) return nullptr;
      int64_t n = static_cast<int64_t>(cur->items.size());
      int64_t j = *idx;
      if (j < 0) {
        if (j < -n) return nullptr;
        j += n;
      }
      if (j >= n) return nullptr;
      next = &cur->items[j];
    }
    if (next == nullptr || next->is_null()) return nullptr;
    if (!next->is_array() && !next->is_object()) return nullptr;
    next->materialized = true;
    cur = next;
  }
  *key = DecodeKey(split.back());
  return cur;
}

// Array index for get/set/remove: negative from the end; out of range is an error.
bool ExistingIndex(const JsonValue& ary, const std::string& key, size_t* out) {
  auto idx = Atoi(key);
  if (!idx) return false;
  int64_t n = static_cast<int64_t>(ary.items.size());
  int64_t j = *idx;
  if (j < 0) {
    if (j < -n) return false;
    j += n;
  }
  if (j >= n) return false;
  *out = static_cast<size_t>(j);
  return true;
}

// get: objects answer nil (nullptr) for a missing key, never an error.
bool Get(JsonValue* con, const std::string& key, JsonValue** out) {
  if (con->is_object()) {
    *out = con->Find(key);
    return true;
  }
  size_t i;
  if (!ExistingIndex(*con, key, &i)) return false;
  *out = &con->items[i];
  return true;
}

bool Add(JsonValue* con, const std::string& key, JsonValue val) {
  if (con->is_object()) {
    con->Set(key, std::move(val));
    return true;
  }
  if (key == "-") {
    con->items.push_back(std::move(val));
    return true;
  }
  auto idx = Atoi(key);
  if (!idx) return false;
  int64_t size = static_cast<int64_t>(con->items.size()) + 1;
  int64_t j = *idx;
  if (j >= size) return false;
  if (j < 0) {
    if (j < -size) return false;
    j += size;
  }
  con->items.insert(con->items.begin() + j, std::move(val));
  return true;
}

bool Remove(JsonValue* con, const std::string& key) {
  if (con->is_object()) return con->Erase(key);
  size_t i;
  if (!ExistingIndex(*con, key, &i)) return false;
  con->items.erase(con->items.begin() + static_cast<ptrdiff_t>(i));
  return true;
}

// lazyNode.equal: scalars by their compact text, objects by key set and values, arrays
// element-wise. n is never null here; a null o never equals.
bool Equal(const JsonValue& n, const JsonValue& o) {
  if (n.is_object()) {
    if (!o.is_object() || n.fields.size() != o.fields.size()) return false;
    for (const auto& [k, v] : n.fields) {
      const JsonValue* ov = o.Find(k);
      if (ov == nullptr) return false;
      if (v.is_null() != ov->is_null()) return false;
      if (v.is_null()) continue;
      if (!Equal(v, *ov)) return false;
    }
    return true;
  }
  if (n.is_array()) {
    if (!o.is_array() || n.items.size() != o.items.size()) return false;
    for (size_t i = 0; i < n.items.size(); ++i) {
      if (n.items[i].is_null()) {
        if (!o.items[i].is_null()) return false;
        continue;
      }
      if (!Equal(n.items[i], o.items[i])) return false;
    }
    return true;
  }
  if (o.is_object() || o.is_array() || o.is_null()) return false;
  return n.raw == o.raw;
}

// A passing test decoded every container it compared.
void MaterializeAll(JsonValue* v) {
  if (!v->is_object() && !v->is_array()) return;
  v->materialized = true;
  for (auto& [k, f] : v->fields) MaterializeAll(&f);
  for (auto& item : v->items) MaterializeAll(&item);
}

// One operation; false when it does not apply.
bool ApplyOne(const JsonValue& op, JsonValue* doc, size_t* copied) {
  std::string kind;
  if (!StringMember(op, "op", &kind)) kind = "unknown";
  std::string path, from, key;
  if (kind == "add" || kind == "remove") {
    if (!StringMember(op, "path", &path)) return false;
    JsonValue* con = FindContainer(doc, path, &key);
    if (con == nullptr) return false;
    return kind == "add" ? Add(con, key, ValueOf(op)) : Remove(con, key);
  }
  if (kind == "replace") {
    if (!StringMember(op, "path", &path)) return false;
    if (path.empty()) {
      JsonValue v = ValueOf(op);
      if (!v.is_object() && !v.is_array()) return false;
      *doc = std::move(v);
      doc->materialized = true;
      return true;
    }
    JsonValue* con = FindContainer(doc, path, &key);
    if (con == nullptr) return false;
    JsonValue* existing;
    if (!Get(con, key, &existing)) return false;
    if (con->is_object()) {
      con->Set(key, ValueOf(op));
    } else {
      *existing = ValueOf(op);
    }
    return true;
  }
  if (kind == "move" || kind == "copy") {
    if (!StringMember(op, "from", &from)) return false;
    JsonValue* con = FindContainer(doc, from, &key);
    if (con == nullptr) return false;
    JsonValue* found;
    if (!Get(con, key, &found)) return false;
    JsonValue val = found != nullptr ? *found : JsonValue{};
    if (kind == "move") {
      if (!Remove(con, key)) return false;
    }
    if (!StringMember(op, "path", &path)) return false;
    con = FindContainer(doc, path, &key);
    if (con == nullptr) return false;
    if (kind == "copy") {
      *copied += SerializeJson(val).size();
      if (*copied > kMaxJsonPatchCopyBytes) return false;
    }
    return Add(con, key, std::move(val));
  }
  if (kind == "test") {
    if (!StringMember(op, "path", &path)) return false;
    const JsonValue* want = op.Find("value");
    bool want_nil = want == nullptr || want->is_null();
    if (path.empty()) {
      if (want_nil || !Equal(*doc, *want)) return false;
      MaterializeAll(doc);
      return true;
    }
    JsonValue* con = FindContainer(doc, path, &key);
    if (con == nullptr) return false;
    JsonValue* val;
    if (!Get(con, key, &val)) return false;
    if (val == nullptr || val->is_null()) return want_nil;
    if (want == nullptr || !Equal(*val, *want)) return false;
    MaterializeAll(val);
    return true;
  }
  return false;  // Unexpected kind
}

void WriteDocument(const JsonValue& v, std::string* out) {
  if (v.is_object()) {
    std::vector<const std::pair<std::string, JsonValue>*> fields;
    for (const auto& f : v.fields) fields.push_back(&f);
    if (v.materialized) {
      std::stable_sort(fields.begin(), fields.end(),
                       [](const auto* a, const auto* b) { return a->first < b->first; });
    }
    out->push_back('{');
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) out->push_back(',');
      WriteDocument(JsonValue::String(fields[i]->first), out);
      out->push_back(':');
      WriteDocument(fields[i]->second, out);
    }
    out->push_back('}');
  } else if (v.is_array()) {
    out->push_back('[');
    for (size_t i = 0; i < v.items.size(); ++i) {
      if (i > 0) out->push_back(',');
      WriteDocument(v.items[i], out);
    }
    out->push_back(']');
  } else if (v.type == JsonType::kString) {
    // encoding/json's HTML escaping, which it applies to raw messages too.
    for (size_t i = 0; i < v.raw.size(); ++i) {
      char c = v.raw[i];
      if (c == '<') {
        *out += "\\u003c";
      } else if (c == '>') {
        *out += "\\u003e";
      } else if (c == '&') {
        *out += "\\u0026";
      } else if (v.raw.compare(i, 3, "\xe2\x80\xa8") == 0) {
        *out += "\\u2028";
        i += 2;
      } else if (v.raw.compare(i, 3, "\xe2\x80\xa9") == 0) {
        *out += "\\u2029";
        i += 2;
      } else {
        out->push_back(c);
      }
    }
  } else {
    *out += v.raw.empty() ? "null" : v.raw;
  }
}

}  // namespace

std::string SerializePatchedDocument(const JsonValue& doc) {
  std::string out;
  WriteDocument(doc, &out);
  return out;
}

bool ApplyJsonPatch(std::string_view body, JsonValue* doc, PatchError* error) {
  auto parsed = ParseJson(body);
  if (!parsed.ok()) {
    *error = BadRequest(parsed.status().message());
    return false;
  }
  const JsonValue& ops = *parsed;
  if (ops.is_null()) return true;  // decodes to an empty patch
  if (!ops.is_array()) {
    *error = BadRequest("json: cannot unmarshal " + std::string(GoJsonTypeName(ops.type)) +
                        " into Go value of type jsonpatch.Patch");
    return false;
  }
  for (const JsonValue& op : ops.items) {
    if (!op.is_object() && !op.is_null()) {
      *error = BadRequest("json: cannot unmarshal " + std::string(GoJsonTypeName(op.type)) +
                          " into Go value of type jsonpatch.Operation");
      return false;
    }
  }
  if (ops.items.size() > kMaxJsonPatchOperations) {
    *error = PatchError{413, "RequestEntityTooLarge",
                        "Request entity too large: The allowed maximum operations in a JSON "
                        "patch is " +
                            std::to_string(kMaxJsonPatchOperations) + ", got " +
                            std::to_string(ops.items.size()),
                        false, "", ""};
    return false;
  }
  size_t copied = 0;
  doc->materialized = true;
  for (const JsonValue& op : ops.items) {
    if (!ApplyOne(op, doc, &copied)) {
      *error = GenericUnprocessable();
      return false;
    }
  }
  return true;
}

}  // namespace kubecxx::patch
