#include "lib/codec/json_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "lib/api/go_strconv.h"
#include "lib/base/base64.h"
#include "lib/base/utf8.h"

namespace kubecxx::codec {
namespace {

// Nesting limit; deeper input is rejected instead of exhausting the stack.
constexpr size_t kMaxDepth = 1000;

// sigs.k8s.io/json keeps at most this many strict errors.
constexpr size_t kMaxStrictErrors = 100;

int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Whether a syntactically valid JSON number that std::from_chars reported out of
// range is an underflow (magnitude below 1) rather than an overflow. Go's
// strconv.ParseFloat rounds an underflow to (signed) zero without an error.
bool IsUnderflow(std::string_view num) {
  size_t i = num[0] == '-' ? 1 : 0;
  int64_t int_len = 0;   // digits before the decimal point
  int64_t digits = 0;    // mantissa digits seen
  int64_t lead = -1;     // index of the first non-zero mantissa digit
  bool fraction = false;
  for (; i < num.size() && num[i] != 'e' && num[i] != 'E'; ++i) {
    if (num[i] == '.') {
      fraction = true;
      continue;
    }
    if (lead < 0 && num[i] != '0') lead = digits;
    if (!fraction) ++int_len;
    ++digits;
  }
  int64_t exp = 0;
  if (i < num.size()) {
    ++i;  // 'e'
    bool negative = num[i] == '-';
    if (num[i] == '-' || num[i] == '+') ++i;
    for (; i < num.size(); ++i) exp = std::min<int64_t>(exp * 10 + (num[i] - '0'), 1'000'000'000);
    if (negative) exp = -exp;
  }
  // The leading digit's decimal exponent; overflow needs it to be >= 308.
  return lead < 0 || int_len - 1 - lead + exp < 0;
}

}  // namespace

Status JsonReader::status() const {
  if (error_.empty()) return Status::Ok();
  return Status::Invalid(error_);
}

std::string JsonReader::Path() const {
  std::string p;
  for (const auto& s : path_) {
    if (s.index >= 0) {
      p += '[';
      p += std::to_string(s.index);
      p += ']';
    } else if (s.index == -2) {
      p += '[';
      p += s.name;
      p += ']';
    } else {
      if (!p.empty()) p += '.';
      p += s.name;
    }
  }
  return p;
}

bool JsonReader::Fail(std::string_view message) {
  if (!error_.empty()) return false;
  std::string path = Path();
  if (!path.empty()) {
    error_ = path;
    error_ += ": ";
  }
  error_ += message;
  error_ += " (at offset ";
  error_ += std::to_string(pos_);
  error_ += ')';
  error_offset_ = pos_;
  return false;
}

std::string JsonReader::StrictPath(std::string_view key) const {
  // sigs.k8s.io/json joins fields and map keys alike with '.', and appends
  // array indices as [i].
  std::string p;
  for (const auto& s : path_) {
    if (s.index >= 0) {
      p += '[';
      p += std::to_string(s.index);
      p += ']';
    } else {
      if (!p.empty()) p += '.';
      p += s.name;
    }
  }
  if (!p.empty()) p += '.';
  p += key;
  return p;
}

std::string JsonReader::StrictError(std::string_view type, std::string_view key) const {
  // Upstream's strictError.Error(): type + " " + strconv.Quote(path).
  std::string e(type);
  e += ' ';
  api::AppendGoQuoted(StrictPath(key), &e);
  return e;
}

bool JsonReader::AddStrictError(std::string error) {
  // Upstream reports identical errors once and keeps at most kMaxStrictErrors.
  if (strict_errors_.size() >= kMaxStrictErrors) return false;
  for (const auto& have : strict_errors_) {
    if (have == error) return false;
  }
  strict_errors_.push_back(std::move(error));
  return true;
}

void JsonReader::UnknownField(std::string_view key) {
  // Upstream checks duplicates only among known fields: a repeated unknown key
  // is one unknown field, so the duplicate NoteKey just recorded for it goes.
  if (retractable_duplicate_ != 0 && retractable_duplicate_ == strict_errors_.size() &&
      strict_errors_.back() == StrictError("duplicate field", key)) {
    strict_errors_.pop_back();
  }
  retractable_duplicate_ = 0;
  AddStrictError(StrictError("unknown field", key));
}

void JsonReader::NoteKey(std::string_view key) {
  retractable_duplicate_ = 0;
  size_t depth = counts_.size();
  if (strict_keys_.size() < depth) strict_keys_.resize(depth);
  auto& keys = strict_keys_[depth - 1];
  if (counts_.back() == 1) keys.clear();  // first key of a new object at this depth
  for (const auto& k : keys) {
    if (k == key) {
      if (AddStrictError(StrictError("duplicate field", key))) {
        retractable_duplicate_ = strict_errors_.size();
      }
      return;
    }
  }
  keys.emplace_back(key);
}

void JsonReader::DuplicateField(std::string_view key) {
  AddStrictError(StrictError("duplicate field", key));
}

bool JsonReader::WrongType(JsonType want, std::string_view go_type) {
  JsonType got = Peek();
  if (got == JsonType::kInvalid) {
    return Fail("expected " + std::string(TypeName(want)) + ", got " + std::string(TypeName(got)));
  }
  // A literal that is not true, false or null is a syntax error, not a type error.
  std::string_view rest = in_.substr(pos_);
  if ((got == JsonType::kBool && !rest.starts_with("true") && !rest.starts_with("false")) ||
      (got == JsonType::kNull && !rest.starts_with("null"))) {
    return Fail("invalid literal");
  }
  // Go's UnmarshalTypeError (encoding/json, as sigs.k8s.io/json words it).
  return Fail("json: cannot unmarshal " + std::string(TypeName(got)) + " into Go value of type " +
              std::string(go_type));
}

std::string_view JsonReader::TypeName(JsonType t) const {
  switch (t) {
    case JsonType::kNull: return "null";
    case JsonType::kBool: return "bool";
    case JsonType::kNumber: return "number";
    case JsonType::kString: return "string";
    case JsonType::kObject: return "object";
    case JsonType::kArray: return "array";
    case JsonType::kInvalid: break;
  }
  return pos_ >= in_.size() ? "end of input" : "invalid character";
}

JsonType JsonReader::Peek() {
  SkipWs();
  if (pos_ >= in_.size()) return JsonType::kInvalid;
  switch (in_[pos_]) {
    case '{': return JsonType::kObject;
    case '[': return JsonType::kArray;
    case '"': return JsonType::kString;
    case 't':
    case 'f': return JsonType::kBool;
    case 'n': return JsonType::kNull;
    default: {
      char c = in_[pos_];
      if (c == '-' || (c >= '0' && c <= '9')) return JsonType::kNumber;
      return JsonType::kInvalid;
    }
  }
}

bool JsonReader::Expect(char c, const char* what) {
  if (!ok()) return false;
  SkipWs();
  if (pos_ < in_.size() && in_[pos_] == c) {
    ++pos_;
    return true;
  }
  JsonType t = Peek();
  return Fail(std::string("expected ") + what + ", got " + std::string(TypeName(t)));
}

bool JsonReader::BeginObject() {
  if (!Expect('{', "object")) return false;
  if (counts_.size() >= kMaxDepth) return Fail("exceeded max depth");
  counts_.push_back(0);
  return true;
}

bool JsonReader::NextKey(std::string_view* key) {
  if (!ok()) return false;
  SkipWs();
  if (pos_ < in_.size() && in_[pos_] == '}') {
    ++pos_;
    counts_.pop_back();
    return false;
  }
  if (counts_.back() > 0) {
    if (pos_ >= in_.size() || in_[pos_] != ',') {
      return Fail("expected ',' or '}' after object value");
    }
    ++pos_;
    SkipWs();
  }
  if (pos_ >= in_.size() || in_[pos_] != '"') return Fail("expected object key string");
  if (!ParseString(key)) return false;
  SkipWs();
  if (pos_ >= in_.size() || in_[pos_] != ':') return Fail("expected ':' after object key");
  ++pos_;
  ++counts_.back();
  return true;
}

bool JsonReader::BeginArray() {
  if (!Expect('[', "array")) return false;
  if (counts_.size() >= kMaxDepth) return Fail("exceeded max depth");
  counts_.push_back(0);
  return true;
}

bool JsonReader::NextElement() {
  if (!ok()) return false;
  SkipWs();
  if (pos_ < in_.size() && in_[pos_] == ']') {
    ++pos_;
    counts_.pop_back();
    return false;
  }
  if (counts_.back() > 0) {
    if (pos_ >= in_.size() || in_[pos_] != ',') {
      return Fail("expected ',' or ']' after array element");
    }
    ++pos_;
  }
  ++counts_.back();
  return true;
}

bool JsonReader::TryNull() {
  if (!ok()) return false;
  SkipWs();
  if (in_.substr(pos_, 4) == "null") {
    pos_ += 4;
    return true;
  }
  return false;
}

bool JsonReader::ParseString(std::string_view* out) {
  // REQUIRES: in_[pos_] == '"'.
  size_t start = ++pos_;
  size_t i = start;
  const size_t n = in_.size();
  while (i < n) {
    unsigned char c = in_[i];
    if (c == '"') {
      *out = in_.substr(start, i - start);
      pos_ = i + 1;
      return true;
    }
    if (c == '\\' || c < 0x20) break;
    if (c >= 0x80) {
      size_t len = Utf8SequenceLength(in_, i);
      if (len == 0) break;
      i += len;
      continue;
    }
    ++i;
  }
  return ParseStringSlow(start, out);
}

bool JsonReader::ParseStringSlow(size_t start, std::string_view* out) {
  scratch_.clear();
  size_t i = start;
  const size_t n = in_.size();
  while (i < n) {
    unsigned char c = in_[i];
    if (c == '"') {
      pos_ = i + 1;
      *out = scratch_;
      return true;
    }
    if (c < 0x20) {
      pos_ = i;
      return Fail("invalid control character in string");
    }
    if (c >= 0x80) {
      size_t len = Utf8SequenceLength(in_, i);
      if (len == 0) {
        AppendUtf8(&scratch_, 0xFFFD);
        ++i;
      } else {
        scratch_.append(in_.data() + i, len);
        i += len;
      }
      continue;
    }
    if (c != '\\') {
      scratch_.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (i + 1 >= n) break;
    char e = in_[i + 1];
    i += 2;
    switch (e) {
      case '"': scratch_.push_back('"'); break;
      case '\\': scratch_.push_back('\\'); break;
      case '/': scratch_.push_back('/'); break;
      case 'b': scratch_.push_back('\b'); break;
      case 'f': scratch_.push_back('\f'); break;
      case 'n': scratch_.push_back('\n'); break;
      case 'r': scratch_.push_back('\r'); break;
      case 't': scratch_.push_back('\t'); break;
      case 'u': {
        auto hex4 = [&](size_t at, char32_t* v) {
          if (at + 4 > n) return false;
          char32_t r = 0;
          for (size_t k = 0; k < 4; ++k) {
            int h = HexVal(in_[at + k]);
            if (h < 0) return false;
            r = (r << 4) | static_cast<char32_t>(h);
          }
          *v = r;
          return true;
        };
        char32_t cp;
        if (!hex4(i, &cp)) {
          pos_ = i;
          return Fail("invalid \\u escape in string");
        }
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00) {
          char32_t lo;
          if (i + 6 <= n && in_[i] == '\\' && in_[i + 1] == 'u' && hex4(i + 2, &lo) &&
              lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          } else {
            cp = 0xFFFD;
          }
        } else if (cp >= 0xDC00 && cp < 0xE000) {
          cp = 0xFFFD;
        }
        AppendUtf8(&scratch_, cp);
        break;
      }
      default:
        pos_ = i - 1;
        return Fail("invalid escape character in string");
    }
  }
  pos_ = n;
  return Fail("unterminated string");
}

bool JsonReader::ReadStringView(std::string_view* out) {
  if (!ok()) return false;
  SkipWs();
  if (pos_ >= in_.size() || in_[pos_] != '"') return WrongType(JsonType::kString, "string");
  return ParseString(out);
}

bool JsonReader::ReadString(std::string* out) {
  std::string_view v;
  if (!ReadStringView(&v)) return false;
  out->assign(v.data(), v.size());
  return true;
}

bool JsonReader::ReadBool(bool* out) {
  if (!ok()) return false;
  SkipWs();
  if (in_.substr(pos_, 4) == "true") {
    pos_ += 4;
    *out = true;
    return true;
  }
  if (in_.substr(pos_, 5) == "false") {
    pos_ += 5;
    *out = false;
    return true;
  }
  return WrongType(JsonType::kBool, "bool");
}

bool JsonReader::ScanNumber(std::string_view* out) {
  SkipWs();
  size_t i = pos_;
  const size_t n = in_.size();
  if (i < n && in_[i] == '-') ++i;
  if (i >= n || !(in_[i] >= '0' && in_[i] <= '9')) {
    if (i == pos_) return Fail("expected number, got " + std::string(TypeName(Peek())));
    pos_ = i;
    return Fail("invalid number: expected digit after '-'");
  }
  if (in_[i] == '0') {
    ++i;
  } else {
    while (i < n && in_[i] >= '0' && in_[i] <= '9') ++i;
  }
  if (i < n && in_[i] == '.') {
    ++i;
    if (i >= n || !(in_[i] >= '0' && in_[i] <= '9')) {
      pos_ = i;
      return Fail("invalid number: expected digit after decimal point");
    }
    while (i < n && in_[i] >= '0' && in_[i] <= '9') ++i;
  }
  if (i < n && (in_[i] == 'e' || in_[i] == 'E')) {
    ++i;
    if (i < n && (in_[i] == '+' || in_[i] == '-')) ++i;
    if (i >= n || !(in_[i] >= '0' && in_[i] <= '9')) {
      pos_ = i;
      return Fail("invalid number: expected digit in exponent");
    }
    while (i < n && in_[i] >= '0' && in_[i] <= '9') ++i;
  }
  *out = in_.substr(pos_, i - pos_);
  pos_ = i;
  return true;
}

template <typename Int>
bool JsonReader::ReadInt(Int* out, std::string_view go_type) {
  if (!ok()) return false;
  if (Peek() != JsonType::kNumber) return WrongType(JsonType::kNumber, go_type);
  size_t at = pos_;
  std::string_view num;
  if (!ScanNumber(&num)) return false;
  // Like strconv.ParseInt: only an integral literal in range; 1.0 and 1e2 are errors.
  Int v;
  auto r = std::from_chars(num.data(), num.data() + num.size(), v);
  if (r.ec != std::errc() || r.ptr != num.data() + num.size()) {
    pos_ = at;
    return Fail("json: cannot unmarshal number " + std::string(num) + " into Go value of type " +
                std::string(go_type));
  }
  *out = v;
  return true;
}

bool JsonReader::ReadInt64(int64_t* out) { return ReadInt(out, "int64"); }

bool JsonReader::ReadInt32(int32_t* out) { return ReadInt(out, "int32"); }

bool JsonReader::ReadDouble(double* out) {
  if (!ok()) return false;
  if (Peek() != JsonType::kNumber) return WrongType(JsonType::kNumber, "float64");
  size_t at = pos_;
  std::string_view num;
  if (!ScanNumber(&num)) return false;
  double v;
  auto r = std::from_chars(num.data(), num.data() + num.size(), v);
  if (r.ec == std::errc::result_out_of_range && r.ptr == num.data() + num.size() &&
      IsUnderflow(num)) {
    v = num[0] == '-' ? -0.0 : 0.0;
  } else if (r.ec != std::errc() || r.ptr != num.data() + num.size() || std::isinf(v)) {
    pos_ = at;
    return Fail("json: cannot unmarshal number " + std::string(num) +
                " into Go value of type float64");
  }
  *out = v;
  return true;
}

bool JsonReader::ReadBase64(std::string* out) {
  if (!ok()) return false;
  if (Peek() != JsonType::kString) return WrongType(JsonType::kString, "[]uint8");
  std::string_view s;
  size_t at = pos_;
  if (!ReadStringView(&s)) return false;
  StatusOr<std::string> decoded = Base64Decode(s);
  if (!decoded.ok()) {
    pos_ = at;
    return Fail(decoded.status().message());
  }
  *out = std::move(decoded).value();
  return true;
}

bool JsonReader::SkipValue(int depth) {
  if (depth > static_cast<int>(kMaxDepth)) return Fail("exceeded max depth");
  switch (Peek()) {
    case JsonType::kObject: {
      if (!BeginObject()) return false;
      std::string_view k;
      while (NextKey(&k)) {
        if (!SkipValue(depth + 1)) return false;
      }
      return ok();
    }
    case JsonType::kArray: {
      if (!BeginArray()) return false;
      while (NextElement()) {
        if (!SkipValue(depth + 1)) return false;
      }
      return ok();
    }
    case JsonType::kString: {
      std::string_view s;
      return ParseString(&s);
    }
    case JsonType::kNumber: {
      std::string_view s;
      return ScanNumber(&s);
    }
    case JsonType::kBool: {
      bool b;
      return ReadBool(&b);
    }
    case JsonType::kNull:
      if (TryNull()) return true;
      return Fail("invalid literal");
    case JsonType::kInvalid:
      break;
  }
  return Fail("expected a JSON value, got " + std::string(TypeName(JsonType::kInvalid)));
}

bool JsonReader::Skip() {
  if (!ok()) return false;
  return SkipValue(static_cast<int>(counts_.size()));
}

bool JsonReader::ReadRaw(std::string_view* out) {
  if (!ok()) return false;
  SkipWs();
  size_t start = pos_;
  if (!Skip()) return false;
  *out = in_.substr(start, pos_ - start);
  return true;
}

bool JsonReader::ExpectEnd() {
  if (!ok()) return false;
  SkipWs();
  if (pos_ != in_.size()) return Fail("invalid character after top-level value");
  return true;
}

}  // namespace kubecxx::codec
