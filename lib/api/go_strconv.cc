#include "lib/api/go_strconv.h"

#include "lib/base/utf8.h"

namespace kubecxx::api {

std::optional<int64_t> ParseGoInt64(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  uint64_t mag = 0;
  constexpr uint64_t kLimit = uint64_t{1} << 63;  // |INT64_MIN|
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    if (mag > kLimit / 10) return std::nullopt;
    mag = mag * 10 + static_cast<uint64_t>(c - '0');
    if (mag > kLimit) return std::nullopt;
  }
  if (negative) return static_cast<int64_t>(0 - mag);
  if (mag == kLimit) return std::nullopt;
  return static_cast<int64_t>(mag);
}

namespace {

bool IsPrintableNonAscii(char32_t r) {
  if (r >= 0x80 && r <= 0x9F) return false;
  if (r == 0xAD || r == 0x61C || r == 0x180E || r == 0xFEFF) return false;
  if (r >= 0x200B && r <= 0x200F) return false;
  if (r >= 0x2028 && r <= 0x202E) return false;
  if (r >= 0x2060 && r <= 0x2064) return false;
  if (r >= 0xFFF0 && r <= 0xFFF8) return false;
  if (r == 0xFFFE || r == 0xFFFF) return false;
  return true;
}

constexpr char kHex[] = "0123456789abcdef";

}  // namespace

void AppendGoQuoted(std::string_view s, std::string* out) {
  out->push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    auto [r, width] = DecodeRune(s.substr(i));
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (width == 1 && r == 0xFFFD) {
      out->append("\\x");
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 0xF]);
      ++i;
      continue;
    }
    if (r < 0x80) {
      switch (r) {
        case '"': out->append("\\\""); break;
        case '\\': out->append("\\\\"); break;
        case '\a': out->append("\\a"); break;
        case '\b': out->append("\\b"); break;
        case '\f': out->append("\\f"); break;
        case '\n': out->append("\\n"); break;
        case '\r': out->append("\\r"); break;
        case '\t': out->append("\\t"); break;
        case '\v': out->append("\\v"); break;
        default:
          if (r < 0x20 || r == 0x7F) {
            out->append("\\x");
            out->push_back(kHex[r >> 4]);
            out->push_back(kHex[r & 0xF]);
          } else {
            out->push_back(static_cast<char>(r));
          }
      }
    } else if (IsPrintableNonAscii(r)) {
      out->append(s.substr(i, width));
    } else if (r < 0x10000) {
      out->append("\\u");
      for (int shift = 12; shift >= 0; shift -= 4) out->push_back(kHex[(r >> shift) & 0xF]);
    } else {
      out->append("\\U");
      for (int shift = 28; shift >= 0; shift -= 4) out->push_back(kHex[(r >> shift) & 0xF]);
    }
    i += width;
  }
  out->push_back('"');
}

std::string GoQuote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  AppendGoQuoted(s, &out);
  return out;
}

}  // namespace kubecxx::api
