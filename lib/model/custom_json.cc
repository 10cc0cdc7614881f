// JSON forms of the generated types whose Go declarations define their own
// MarshalJSON/UnmarshalJSON (the generator emits only their protobuf codecs).
// Each follows the upstream method of the same type.
#include <string>

#include "kubecxx/api/apiextensions/v1/types.h"
#include "kubecxx/api/apiextensions/v1beta1/types.h"
#include "kubecxx/api/intstr/types.h"
#include "kubecxx/api/meta/v1/types.h"
#include "kubecxx/api/runtime/types.h"
#include "lib/api/time.h"

namespace kubecxx::api {
namespace {

using codec::JsonReader;
using codec::JsonType;
using codec::JsonWriter;

// Raw JSON held as bytes (RawExtension, Unknown, FieldsV1, apiextensions JSON):
// written as is (compacted, as encoding/json does), null when empty; read as the
// exact text of the value, null leaving it empty.
void WriteRawBytes(JsonWriter& w, const std::string& raw) {
  if (raw.empty()) {
    w.Null();
  } else {
    w.RawValue(raw);
  }
}

bool ReadRawBytes(JsonReader& r, std::string& raw) {
  if (r.TryNull()) return true;
  std::string_view text;
  if (!r.ReadRaw(&text)) return false;
  raw.assign(text);
  return true;
}

// apiextensions v1 and v1beta1 declare the same three union types.
template <typename OrArray>
void WriteOrArray(JsonWriter& w, const OrArray& v) {
  if (!v.json_schemas.empty()) {
    codec::WriteJson(w, v.json_schemas);
  } else {
    codec::WriteJson(w, v.schema);
  }
}

template <typename OrArray>
bool ReadOrArray(JsonReader& r, OrArray& v) {
  OrArray nw;
  JsonType t = r.Peek();
  if (t == JsonType::kObject) {
    if (!ReadJson(r, nw.schema.emplace())) return false;
  } else if (t == JsonType::kArray) {
    if (!codec::ReadJson(r, nw.json_schemas)) return false;
  } else if (!r.Skip()) {
    return false;
  }
  v = std::move(nw);
  return true;
}

template <typename OrBool>
void WriteOrBool(JsonWriter& w, const OrBool& v) {
  if (v.schema) {
    WriteJson(w, *v.schema);
  } else {
    w.Bool(v.allows);
  }
}

template <typename OrBool>
bool ReadOrBool(JsonReader& r, OrBool& v) {
  OrBool nw;
  JsonType t = r.Peek();
  if (t == JsonType::kObject) {
    if (!ReadJson(r, nw.schema.emplace())) return false;
    nw.allows = true;
  } else if (t == JsonType::kBool) {
    if (!r.ReadBool(&nw.allows)) return false;
  } else {
    return r.Fail("boolean or JSON schema expected");
  }
  v = std::move(nw);
  return true;
}

template <typename OrStringArray>
void WriteOrStringArray(JsonWriter& w, const OrStringArray& v) {
  if (!v.property.empty()) {
    codec::WriteJson(w, v.property);
  } else if (v.schema) {
    WriteJson(w, *v.schema);
  } else {
    w.Null();
  }
}

template <typename OrStringArray>
bool ReadOrStringArray(JsonReader& r, OrStringArray& v) {
  OrStringArray nw;
  JsonType t = r.Peek();
  if (t == JsonType::kObject) {
    if (!ReadJson(r, nw.schema.emplace())) return false;
  } else if (t == JsonType::kArray) {
    if (!codec::ReadJson(r, nw.property)) return false;
  } else if (!r.Skip()) {
    return false;
  }
  v = std::move(nw);
  return true;
}

}  // namespace

namespace runtime {
void WriteJson(JsonWriter& w, const RawExtension& v) { WriteRawBytes(w, v.raw); }
bool ReadJson(JsonReader& r, RawExtension& v) { return ReadRawBytes(r, v.raw); }
void WriteJson(JsonWriter& w, const Unknown& v) { WriteRawBytes(w, v.raw); }
bool ReadJson(JsonReader& r, Unknown& v) { return ReadRawBytes(r, v.raw); }
}  // namespace runtime

namespace meta::v1 {
void WriteJson(JsonWriter& w, const FieldsV1& v) { WriteRawBytes(w, v.raw); }
bool ReadJson(JsonReader& r, FieldsV1& v) { return ReadRawBytes(r, v.raw); }

// time.Duration.String().
void WriteJson(JsonWriter& w, const Duration& v) { w.String(FormatGoDuration(v.duration)); }
bool ReadJson(JsonReader& r, Duration& v) {
  std::string s;
  if (!r.ReadString(&s)) return false;
  auto d = ParseGoDuration(s);
  if (!d.ok()) return r.Fail(d.status().message());
  v.duration = *d;
  return true;
}

// "group/version", or "version" for the core group.
void WriteJson(JsonWriter& w, const GroupVersion& v) {
  w.String(v.group.empty() ? v.version : v.group + "/" + v.version);
}
bool ReadJson(JsonReader& r, GroupVersion& v) {
  std::string s;
  if (!r.ReadString(&s)) return false;
  size_t slash = s.find('/');
  if (slash == std::string::npos) {
    v.group.clear();
    v.version = s;
  } else if (s.find('/', slash + 1) != std::string::npos) {
    return r.Fail("unexpected GroupVersion string: " + s);
  } else {
    v.group = s.substr(0, slash);
    v.version = s.substr(slash + 1);
  }
  return true;
}
}  // namespace meta::v1

namespace intstr {
// Type 0 = Int, 1 = String (intstr.Type).
void WriteJson(JsonWriter& w, const IntOrString& v) {
  if (v.type == 1) {
    w.String(v.str_val);
  } else {
    w.Int(v.int_val);
  }
}
bool ReadJson(JsonReader& r, IntOrString& v) {
  if (r.Peek() == JsonType::kString) {
    v.type = 1;
    return r.ReadString(&v.str_val);
  }
  v.type = 0;
  return r.TryNull() || r.ReadInt32(&v.int_val);
}
}  // namespace intstr

#define KUBECXX_APIEXTENSIONS_JSON(ns)                                                         \
  namespace ns {                                                                               \
  void WriteJson(JsonWriter& w, const JSON& v) { WriteRawBytes(w, v.raw); }                    \
  bool ReadJson(JsonReader& r, JSON& v) { return ReadRawBytes(r, v.raw); }                     \
  void WriteJson(JsonWriter& w, const JSONSchemaPropsOrArray& v) { WriteOrArray(w, v); }       \
  bool ReadJson(JsonReader& r, JSONSchemaPropsOrArray& v) { return ReadOrArray(r, v); }        \
  void WriteJson(JsonWriter& w, const JSONSchemaPropsOrBool& v) { WriteOrBool(w, v); }         \
  bool ReadJson(JsonReader& r, JSONSchemaPropsOrBool& v) { return ReadOrBool(r, v); }          \
  void WriteJson(JsonWriter& w, const JSONSchemaPropsOrStringArray& v) {                       \
    WriteOrStringArray(w, v);                                                                  \
  }                                                                                            \
  bool ReadJson(JsonReader& r, JSONSchemaPropsOrStringArray& v) {                              \
    return ReadOrStringArray(r, v);                                                            \
  }                                                                                            \
  }
KUBECXX_APIEXTENSIONS_JSON(apiextensions::v1)
KUBECXX_APIEXTENSIONS_JSON(apiextensions::v1beta1)
#undef KUBECXX_APIEXTENSIONS_JSON

}  // namespace kubecxx::api
