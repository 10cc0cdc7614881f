#include "lib/base/utf8.h"

namespace kubecxx {

std::pair<char32_t, size_t> DecodeRune(std::string_view s) {
  constexpr std::pair<char32_t, size_t> kError{kRuneError, 1};
  auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char c0 = b(0);
  if (c0 < 0x80) return {c0, 1};
  // Continuation byte i must lie in [lo, hi]; the narrowed first-continuation
  // ranges are what reject overlong forms, surrogates and values past U+10FFFF.
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

size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto [r, n] = DecodeRune(s.substr(i));
  // Only an invalid sequence decodes to U+FFFD in one byte.
  return r == kRuneError && n == 1 ? 0 : n;
}

void AppendUtf8(std::string* out, char32_t r) {
  if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = kRuneError;
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

}  // namespace kubecxx
