#include "lib/api/go_strconv.h"

#include <utility>

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

std::pair<char32_t, size_t> DecodeGoRune(std::string_view s) {
  constexpr std::pair<char32_t, size_t> kError{0xFFFD, 1};
  auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char c0 = b(0);
  if (c0 < 0x80) return {c0, 1};
  auto cont = [&](size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return i < s.size() && b(i) >= lo && b(i) <= hi;
  };
  if (c0 >= 0xC2 && c0 <= 0xDF) {
    if (!cont(1)) return kError;
    return {static_cast<char32_t>(((c0 & 0x1F) << 6) | (b(1) & 0x3F)), 2};
  }
  if (c0 >= 0xE0 && c0 <= 0xEF) {
    unsigned char lo = c0 == 0xE0 ? 0xA0 : 0x80;
    unsigned char hi = c0 == 0xED ? 0x9F : 0xBF;
    if (!cont(1, lo, hi) || !cont(2)) return kError;
    return {static_cast<char32_t>(((c0 & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F)), 3};
  }
  if (c0 >= 0xF0 && c0 <= 0xF4) {
    unsigned char lo = c0 == 0xF0 ? 0x90 : 0x80;
    unsigned char hi = c0 == 0xF4 ? 0x8F : 0xBF;
    if (!cont(1, lo, hi) || !cont(2) || !cont(3)) return kError;
    return {static_cast<char32_t>(((c0 & 0x07) << 18) | ((b(1) & 0x3F) << 12) |
                                  ((b(2) & 0x3F) << 6) | (b(3) & 0x3F)),
            4};
  }
  return kError;
}

void AppendUtf8(char32_t r, std::string* out) {
  if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
  if (r < 0x80) {
    out->push_back(static_cast<char>(r));
  } else if (r < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (r >> 6)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  } else if (r < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (r >> 12)));
    out->push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (r >> 18)));
    out->push_back(static_cast<char>(0x80 | ((r >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  }
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
    auto [r, width] = DecodeGoRune(s.substr(i));
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
