#include "fuzz/round_trip.h"

#include <cctype>

namespace kubecxx::fuzz {
namespace {

using codec::DecodeObject;
using codec::DecodeOptions;
using codec::Object;
using codec::WireFormat;

// Re-encodings are read as upstream reads them when it knows what it expects:
// kinds without TypeMeta (WatchEvent) write no apiVersion/kind, in JSON and in
// the protobuf envelope alike, so the reader supplies the kind.
StatusOr<Object> Redecode(std::string_view data, WireFormat format, const Object& like) {
  return DecodeObject(data, format, DecodeOptions{.default_kind = like.info()});
}

// metav1.Time and MicroTime write t.UTC() with Go's AppendFormat, which prints
// years outside 0000..9999 ("10000-01-01T...", "-0001-12-31T...") that their
// own UnmarshalJSON (time.Parse, RFC3339) then rejects. Upstream cannot read
// such a re-encoding back either; we match it, so this failure is not a bug.
bool IsUnreadableYearError(const Status& s) {
  const std::string& m = s.message();
  size_t at = m.find("parsing time \"");
  if (at == std::string::npos) return false;
  std::string_view t = std::string_view(m).substr(at + 14);
  if (!t.empty() && t[0] == '-') return true;
  size_t digits = 0;
  while (digits < t.size() && std::isdigit(static_cast<unsigned char>(t[digits]))) ++digits;
  return digits > 4;
}

// JSON. The first re-encoding may normalise what upstream normalises too (raw
// JSON compacted and HTML-escaped; apiextensions `items: []` written as `null`,
// then dropped: JSONSchemaPropsOrArray.MarshalJSON), so exactness is required
// from the first re-encoding on; protobuf must then carry the object unchanged.
std::string CheckJson(const Object& first) {
  std::string e1 = codec::EncodeJson(first);
  StatusOr<Object> second = Redecode(e1, WireFormat::kJson, first);
  if (!second.ok()) {
    if (IsUnreadableYearError(second.status())) return "";
    return "JSON re-encoding does not decode: " + second.status().message();
  }
  std::string e2 = codec::EncodeJson(*second);
  StatusOr<Object> third = Redecode(e2, WireFormat::kJson, first);
  if (!third.ok()) return "second JSON re-encoding does not decode: " + third.status().message();
  if (codec::EncodeJson(*third) != e2) return "JSON re-encoding is not a fixpoint";
  if (!(*third == *second)) return "JSON re-encoding decodes to a different object";
  StatusOr<Object> via_pb = Redecode(codec::EncodeProtobuf(*second), WireFormat::kProtobuf, first);
  if (!via_pb.ok()) return "protobuf encoding of a JSON object does not decode: " + via_pb.status().message();
  if (!(*via_pb == *second)) return "protobuf encoding of a JSON object decodes to a different object";
  return "";
}

// Protobuf: gogo's codec is exact, so the first re-encoding must already give
// an equal object and the same bytes again.
std::string CheckProtobuf(const Object& first) {
  std::string e1 = codec::EncodeProtobuf(first);
  StatusOr<Object> second = Redecode(e1, WireFormat::kProtobuf, first);
  if (!second.ok()) return "protobuf re-encoding does not decode: " + second.status().message();
  if (!(*second == first)) return "protobuf re-encoding decodes to a different object";
  if (codec::EncodeProtobuf(*second) != e1) return "protobuf re-encoding is not a fixpoint";
  return "";
}

}  // namespace

std::string CheckRoundTrip(std::string_view data, WireFormat format) {
  // Strict decoding walks the same code with extra bookkeeping; only its
  // robustness is checked here (its verdict is the fixture tests' business).
  (void)DecodeObject(data, format, DecodeOptions{.strict = true});
  StatusOr<Object> first = DecodeObject(data, format);
  if (!first.ok()) return "";
  switch (format) {
    case WireFormat::kJson: return CheckJson(*first);
    case WireFormat::kProtobuf: return CheckProtobuf(*first);
    case WireFormat::kYaml: (void)codec::EncodeYaml(*first); return "";
  }
  return "";
}

}  // namespace kubecxx::fuzz
