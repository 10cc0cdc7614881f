#include "lib/codec/special.h"

#include <string>

#include "lib/codec/model_codec.h"

namespace kubecxx::api {
namespace {

// Timestamp{1: seconds, 2: nanos}; both written, as gogo does for non-pointer scalars.
void WriteTimestamp(codec::ProtoWriter& w, int64_t seconds, int32_t nanos) {
  w.Int32(2, nanos);
  w.Int64(1, seconds);
}

bool ReadTimestamp(codec::ProtoReader& r, int64_t* seconds, int32_t* nanos) {
  uint32_t field, wire;
  while (r.Next(&field, &wire)) {
    bool ok = field == 1 ? r.Int64(wire, seconds) : field == 2 ? r.Int32(wire, nanos) : r.Skip(wire);
    if (!ok) {
      r.AddContext("Timestamp", field == 1 ? "Seconds" : "Nanos");
      return false;
    }
  }
  return r.ok();
}

// Reads a JSON string value into *s, failing with upstream's wording otherwise.
bool ReadTimeString(codec::JsonReader& r, std::string_view type, std::string_view* s) {
  if (r.Peek() != codec::JsonType::kString) {
    return r.Fail("json: cannot unmarshal non-string into Go value of type " + std::string(type));
  }
  return r.ReadStringView(s);
}

}  // namespace

void WriteJson(codec::JsonWriter& w, const Time& v) {
  if (v.IsZero()) {
    w.Null();
    return;
  }
  w.String(FormatRFC3339(v));
}

bool ReadJson(codec::JsonReader& r, Time& v) {
  if (r.TryNull()) {
    v = Time{};
    return true;
  }
  std::string_view s;
  if (!ReadTimeString(r, "metav1.Time", &s)) return false;
  auto t = ParseRFC3339(s);
  if (!t.ok()) return r.Fail(t.status().message());
  v = *t;
  return true;
}

void WriteProto(codec::ProtoWriter& w, const Time& v) {
  // Upstream drops the fraction: a zero Time is an empty message.
  if (!v.IsZero()) WriteTimestamp(w, v.seconds, 0);
}

bool ReadProto(codec::ProtoReader& r, Time& v) {
  // An empty message is the zero time; nanos are ignored as upstream does.
  v = Time{};
  if (r.AtEnd()) return true;
  int64_t seconds = 0;
  int32_t nanos = 0;
  if (!ReadTimestamp(r, &seconds, &nanos)) return false;
  v.seconds = seconds;
  return true;
}

void WriteJson(codec::JsonWriter& w, const MicroTime& v) {
  if (v.IsZero()) {
    w.Null();
    return;
  }
  w.String(FormatRFC3339Micro(v));
}

bool ReadJson(codec::JsonReader& r, MicroTime& v) {
  if (r.TryNull()) {
    v = MicroTime{};
    return true;
  }
  std::string_view s;
  if (!ReadTimeString(r, "metav1.MicroTime", &s)) return false;
  auto t = ParseRFC3339Micro(s);
  if (!t.ok()) return r.Fail(t.status().message());
  v = *t;
  return true;
}

void WriteProto(codec::ProtoWriter& w, const MicroTime& v) {
  if (!v.IsZero()) WriteTimestamp(w, v.seconds, v.nanos - v.nanos % 1000);
}

bool ReadProto(codec::ProtoReader& r, MicroTime& v) {
  v = MicroTime{};
  if (r.AtEnd()) return true;
  int64_t seconds = 0;
  int32_t nanos = 0;
  if (!ReadTimestamp(r, &seconds, &nanos)) return false;
  // time.Unix normalises nanos outside [0, 1e9) into the seconds.
  int64_t carry = nanos / 1000000000;
  nanos %= 1000000000;
  if (nanos < 0) {
    nanos += 1000000000;
    --carry;
  }
  v.seconds = seconds + carry;
  v.nanos = nanos - nanos % 1000;
  return true;
}

void WriteJson(codec::JsonWriter& w, const Quantity& v) { w.String(v.String()); }

bool ReadJson(codec::JsonReader& r, Quantity& v) {
  if (r.TryNull()) {
    v = Quantity();
    return true;
  }
  std::string_view text;
  if (r.Peek() == codec::JsonType::kString) {
    if (!r.ReadStringView(&text)) return false;
  } else if (!r.ReadRaw(&text)) {
    return false;
  }
  // Upstream trims surrounding whitespace before parsing.
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n' ||
                           text.front() == '\r')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' ||
                           text.back() == '\r')) {
    text.remove_suffix(1);
  }
  auto q = Quantity::Parse(text);
  if (!q.ok()) return r.Fail(q.status().message());
  v = std::move(*q);
  return true;
}

void WriteProto(codec::ProtoWriter& w, const Quantity& v) { w.Bytes(1, v.String()); }

bool ReadProto(codec::ProtoReader& r, Quantity& v) {
  uint32_t field, wire;
  std::string s;
  while (r.Next(&field, &wire)) {
    if (field == 1) {
      if (!r.String(wire, &s)) return false;
    } else if (!r.Skip(wire)) {
      return false;
    }
  }
  if (!r.ok()) return false;
  auto q = Quantity::Parse(s);
  if (!q.ok()) return r.Fail(q.status().message());
  v = std::move(*q);
  return true;
}

}  // namespace kubecxx::api

namespace kubecxx::codec {

bool ReadJson(JsonReader& r, RawJson& v) {
  if (r.TryNull()) {
    v.raw.clear();
    return true;
  }
  std::string_view raw;
  if (!r.ReadRaw(&raw)) return false;
  v.raw = CompactJson(raw);
  return true;
}

}  // namespace kubecxx::codec
