#include "lib/codec/json_reader.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "lib/base/base64.h"
#include "lib/codec/utf8.h"

namespace kubecxx::codec {
namespace {

// Nesting limit; deeper input is rejected instead of exhausting the stack.
constexpr size_t kMaxDepth = 1000;

int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
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

void JsonReader::UnknownField(std::string_view key) {
  std::string p = Path();
  if (!p.empty()) p += '.';
  p += key;
  strict_errors_.push_back("unknown field \"" + p + "\"");
}

void JsonReader::NoteKey(std::string_view key) {
  size_t depth = counts_.size();
  if (strict_keys_.size() < depth) strict_keys_.resize(depth);
  auto& keys = strict_keys_[depth - 1];
  if (counts_.back() == 1) keys.clear();  // first key of a new object at this depth
  for (const auto& k : keys) {
    if (k == key) {
      DuplicateField(key);
      return;
    }
  }
  keys.emplace_back(key);
}

void JsonReader::DuplicateField(std::string_view key) {
  std::string p = Path();
  if (!p.empty()) p += '.';
  p += key;
  strict_errors_.push_back("duplicate field \"" + p + "\"");
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
  if (pos_ >= in_.size() || in_[pos_] != '"') {
    return Fail("expected string, got " + std::string(TypeName(Peek())));
  }
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
  return Fail("expected bool, got " + std::string(TypeName(Peek())));
}

bool JsonReader::ScanNumber(std::string_view* out) {
  SkipWs();
  size_t i = pos_;
  const size_t n = in_.size();
  if (i < n && in_[i] == '-') ++i;
  if (i >= n || !(in_[i] >= '0' && in_[i] <= '9')) {
    return Fail("expected number, got " + std::string(TypeName(Peek())));
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

bool JsonReader::ReadInt64(int64_t* out) {
  if (!ok()) return false;
  size_t at = pos_;
  std::string_view num;
  if (!ScanNumber(&num)) return false;
  auto r = std::from_chars(num.data(), num.data() + num.size(), *out);
  if (r.ec != std::errc() || r.ptr != num.data() + num.size()) {
    pos_ = at;
    return Fail("cannot unmarshal number " + std::string(num) + " into int64");
  }
  return true;
}

bool JsonReader::ReadInt32(int32_t* out) {
  if (!ok()) return false;
  size_t at = pos_;
  std::string_view num;
  if (!ScanNumber(&num)) return false;
  auto r = std::from_chars(num.data(), num.data() + num.size(), *out);
  if (r.ec != std::errc() || r.ptr != num.data() + num.size()) {
    pos_ = at;
    return Fail("cannot unmarshal number " + std::string(num) + " into int32");
  }
  return true;
}

bool JsonReader::ReadDouble(double* out) {
  if (!ok()) return false;
  size_t at = pos_;
  std::string_view num;
  if (!ScanNumber(&num)) return false;
  auto r = std::from_chars(num.data(), num.data() + num.size(), *out);
  if (r.ec != std::errc() || r.ptr != num.data() + num.size() || std::isinf(*out)) {
    pos_ = at;
    return Fail("cannot unmarshal number " + std::string(num) + " into float64");
  }
  return true;
}

bool JsonReader::ReadBase64(std::string* out) {
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
