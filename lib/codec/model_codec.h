// Generic pieces of the generated API model's codecs: the value types the
// generator maps Go types onto (Bytes, RawJson, Box) and the JSON/protobuf
// routines for scalars and containers. Generated code supplies WriteJson /
// ReadJson / WriteProto / ReadProto for each struct; these templates find them
// through argument-dependent lookup, so this header must be included first.
//
// Semantics follow Go's encoding/json and gogo protobuf as Kubernetes uses them:
// - JSON: null decodes to "unset" (clears pointers, slices, maps; leaves scalars
//   and structs as they are). Like Go, arrays decode into the existing elements
//   and then truncate, and each map value is decoded from zero and replaces the
//   entry (other entries are kept); this shows with repeated keys. In strict
//   mode repeated map keys are duplicate fields, as upstream reports them.
// - protobuf: non-pointer scalars and structs are always written, pointers only
//   when set, repeated fields per element, maps as sorted key/value entries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/codec/box.h"
#include "lib/codec/json_reader.h"
#include "lib/codec/json_writer.h"
#include "lib/codec/proto_reader.h"
#include "lib/codec/proto_writer.h"

namespace kubecxx {

// Go []byte: base64 in JSON, raw bytes in protobuf.
class Bytes : public std::string {
 public:
  using std::string::string;
  Bytes() = default;
  Bytes(std::string s) : std::string(std::move(s)) {}  // NOLINT: implicit by design
};

// A JSON value kept as text (Go interface{} fields such as Table cells).
struct RawJson {
  std::string raw;  // compact JSON text; empty = null
  bool operator==(const RawJson&) const = default;
};

}  // namespace kubecxx

namespace kubecxx::codec {

// ---- JSON write ----
inline void WriteJson(JsonWriter& w, const std::string& v) { w.String(v); }
inline void WriteJson(JsonWriter& w, const Bytes& v) { w.Base64(v); }
inline void WriteJson(JsonWriter& w, bool v) { w.Bool(v); }
inline void WriteJson(JsonWriter& w, int32_t v) { w.Int(v); }
inline void WriteJson(JsonWriter& w, int64_t v) { w.Int(v); }
inline void WriteJson(JsonWriter& w, double v) { w.Double(v); }
inline void WriteJson(JsonWriter& w, const RawJson& v) { w.RawValue(v.raw); }

template <typename T>
void WriteJson(JsonWriter& w, const std::optional<T>& v) {
  if (v) {
    WriteJson(w, *v);
  } else {
    w.Null();
  }
}
template <typename T>
void WriteJson(JsonWriter& w, const Box<T>& v) {
  if (v) {
    WriteJson(w, *v);
  } else {
    w.Null();
  }
}
template <typename T>
void WriteJson(JsonWriter& w, const std::vector<T>& v) {
  w.BeginArray();
  for (const auto& e : v) WriteJson(w, e);
  w.EndArray();
}
template <typename V>
void WriteJson(JsonWriter& w, const std::map<std::string, V>& m) {
  w.BeginObject();
  for (const auto& [k, v] : m) {
    w.EscapedKey(k);
    WriteJson(w, v);
  }
  w.EndObject();
}
// A non-omitempty slice or map that Go would write as null when nil.
template <typename C>
void WriteJsonOrNull(JsonWriter& w, const C& c) {
  if (c.empty()) {
    w.Null();
  } else {
    WriteJson(w, c);
  }
}

// ---- JSON read ----
inline bool ReadJson(JsonReader& r, std::string& v) { return r.TryNull() || r.ReadString(&v); }
inline bool ReadJson(JsonReader& r, Bytes& v) {
  if (r.TryNull()) {
    v.clear();
    return true;
  }
  return r.ReadBase64(&v);
}
inline bool ReadJson(JsonReader& r, bool& v) { return r.TryNull() || r.ReadBool(&v); }
inline bool ReadJson(JsonReader& r, int32_t& v) { return r.TryNull() || r.ReadInt32(&v); }
inline bool ReadJson(JsonReader& r, int64_t& v) { return r.TryNull() || r.ReadInt64(&v); }
inline bool ReadJson(JsonReader& r, double& v) { return r.TryNull() || r.ReadDouble(&v); }
bool ReadJson(JsonReader& r, RawJson& v);

template <typename T>
bool ReadJson(JsonReader& r, std::optional<T>& v) {
  if (r.TryNull()) {
    v.reset();
    return true;
  }
  if (!v) v.emplace();
  return ReadJson(r, *v);
}
template <typename T>
bool ReadJson(JsonReader& r, Box<T>& v) {
  if (r.TryNull()) {
    v.reset();
    return true;
  }
  return ReadJson(r, v.emplace());
}
template <typename T>
bool ReadJson(JsonReader& r, std::vector<T>& v) {
  if (r.TryNull()) {
    v.clear();
    return true;
  }
  if (!r.BeginArray()) return false;
  size_t i = 0;
  while (r.NextElement()) {
    r.PushIndex(static_cast<int64_t>(i));
    bool ok = ReadJson(r, i < v.size() ? v[i] : v.emplace_back());
    r.Pop();
    if (!ok) return false;
    ++i;
  }
  v.resize(i);  // drop elements past the decoded ones
  return r.ok();
}
// std::vector<bool> hands out proxies, not bool&.
inline bool ReadJson(JsonReader& r, std::vector<bool>& v) {
  if (r.TryNull()) {
    v.clear();
    return true;
  }
  if (!r.BeginArray()) return false;
  size_t i = 0;
  while (r.NextElement()) {
    bool b = i < v.size() && v[i];
    r.PushIndex(static_cast<int64_t>(i));
    bool ok = ReadJson(r, b);
    r.Pop();
    if (!ok) return false;
    if (i < v.size()) {
      v[i] = b;
    } else {
      v.push_back(b);
    }
    ++i;
  }
  v.resize(i);
  return r.ok();
}
template <typename V>
bool ReadJson(JsonReader& r, std::map<std::string, V>& m) {
  if (r.TryNull()) {
    m.clear();
    return true;
  }
  if (!r.BeginObject()) return false;
  std::string_view key;
  while (r.NextKey(&key)) {
    if (r.strict()) r.NoteKey(key);
    std::string k(key);  // the view dies with the next string read
    V value{};
    r.PushKey(k);
    bool ok = ReadJson(r, value);
    r.Pop();
    if (!ok) return false;
    m.insert_or_assign(std::move(k), std::move(value));
  }
  return r.ok();
}
// Reads the value of field `name` into v with the path kept for messages.
template <typename T>
bool ReadJsonField(JsonReader& r, std::string_view name, T& v) {
  r.PushField(name);
  ReadJson(r, v);
  r.Pop();
  return true;
}

// ---- protobuf write (fields are written last to first) ----
inline void WriteProtoField(ProtoWriter& w, uint32_t f, const std::string& v) { w.Bytes(f, v); }
inline void WriteProtoField(ProtoWriter& w, uint32_t f, const Bytes& v) {
  if (!v.empty()) w.Bytes(f, v);  // Go writes non-nil slices; we do not track nil
}
inline void WriteProtoField(ProtoWriter& w, uint32_t f, bool v) { w.Bool(f, v); }
inline void WriteProtoField(ProtoWriter& w, uint32_t f, int32_t v) { w.Int32(f, v); }
inline void WriteProtoField(ProtoWriter& w, uint32_t f, int64_t v) { w.Int64(f, v); }
inline void WriteProtoField(ProtoWriter& w, uint32_t f, double v) { w.Double(f, v); }

// Any message type: generated structs and the hand-written special types.
template <typename T>
void WriteProtoField(ProtoWriter& w, uint32_t f, const T& v) {
  size_t mark = w.Mark();
  WriteProto(w, v);
  w.EndMessage(f, mark);
}
template <typename T>
void WriteProtoField(ProtoWriter& w, uint32_t f, const std::optional<T>& v) {
  if (v) WriteProtoField(w, f, *v);
}
template <typename T>
void WriteProtoField(ProtoWriter& w, uint32_t f, const Box<T>& v) {
  if (v) WriteProtoField(w, f, *v);
}
template <typename T>
void WriteProtoField(ProtoWriter& w, uint32_t f, const std::vector<T>& v) {
  for (auto it = v.rbegin(); it != v.rend(); ++it) WriteProtoField(w, f, *it);
}
template <typename V>
void WriteProtoField(ProtoWriter& w, uint32_t f, const std::map<std::string, V>& m) {
  for (auto it = m.rbegin(); it != m.rend(); ++it) {
    size_t mark = w.Mark();
    WriteProtoField(w, 2, it->second);
    w.Bytes(1, it->first);
    w.EndMessage(f, mark);
  }
}

// ---- protobuf read ----
inline bool ReadProtoField(ProtoReader& r, uint32_t wire, std::string& v) {
  return r.String(wire, &v);
}
inline bool ReadProtoField(ProtoReader& r, uint32_t wire, Bytes& v) { return r.String(wire, &v); }
inline bool ReadProtoField(ProtoReader& r, uint32_t wire, bool& v) { return r.Bool(wire, &v); }
inline bool ReadProtoField(ProtoReader& r, uint32_t wire, int32_t& v) { return r.Int32(wire, &v); }
inline bool ReadProtoField(ProtoReader& r, uint32_t wire, int64_t& v) { return r.Int64(wire, &v); }
inline bool ReadProtoField(ProtoReader& r, uint32_t wire, double& v) { return r.Double(wire, &v); }

template <typename T>
bool ReadProtoField(ProtoReader& r, uint32_t wire, T& v) {
  std::string_view body;
  if (!r.Sub(wire, &body)) return false;
  ProtoReader sub(body, r);
  ReadProto(sub, v);
  r.Adopt(sub);
  return r.ok();
}
template <typename T>
bool ReadProtoField(ProtoReader& r, uint32_t wire, std::optional<T>& v) {
  if (!v) v.emplace();
  return ReadProtoField(r, wire, *v);
}
template <typename T>
bool ReadProtoField(ProtoReader& r, uint32_t wire, Box<T>& v) {
  return ReadProtoField(r, wire, v.emplace());
}
template <typename T>
bool ReadProtoField(ProtoReader& r, uint32_t wire, std::vector<T>& v) {
  return ReadProtoField(r, wire, v.emplace_back());
}
inline bool ReadProtoField(ProtoReader& r, uint32_t wire, std::vector<bool>& v) {
  bool b = false;
  if (!r.Bool(wire, &b)) return false;
  v.push_back(b);
  return true;
}
template <typename V>
bool ReadProtoField(ProtoReader& r, uint32_t wire, std::map<std::string, V>& m) {
  std::string_view body;
  if (!r.Sub(wire, &body)) return false;
  ProtoReader sub(body, r);
  std::string key;
  V value{};
  uint32_t f, w;
  while (sub.Next(&f, &w)) {
    if (f == 1) {
      ReadProtoField(sub, w, key);
    } else if (f == 2) {
      ReadProtoField(sub, w, value);
    } else {
      sub.Skip(w);
    }
  }
  r.Adopt(sub);
  if (!r.ok()) return false;
  m.insert_or_assign(std::move(key), std::move(value));
  return true;
}

}  // namespace kubecxx::codec
