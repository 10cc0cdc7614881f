#include "lib/base/base64.h"

#include <array>
#include <cstdint>
#include <utility>

namespace kubecxx {
namespace {

constexpr std::string_view kStdAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr uint8_t kInvalid = 0xFF;

using DecodeMap = std::array<uint8_t, 256>;

constexpr DecodeMap MakeDecodeMap(std::string_view alphabet) {
  DecodeMap map{};
  for (auto& v : map) v = kInvalid;
  for (size_t i = 0; i < alphabet.size(); ++i) {
    map[static_cast<unsigned char>(alphabet[i])] = static_cast<uint8_t>(i);
  }
  return map;
}

constexpr DecodeMap kStdDecode = MakeDecodeMap(kStdAlphabet);
constexpr DecodeMap kUrlDecode = MakeDecodeMap(kUrlAlphabet);

void EncodeImpl(std::string_view data, std::string_view alphabet, bool pad, std::string* out) {
  const auto* src = reinterpret_cast<const unsigned char*>(data.data());
  const size_t n = data.size();
  size_t start = out->size();
  out->resize(start + (pad ? (n + 2) / 3 * 4 : (n * 8 + 5) / 6));
  char* dst = out->data() + start;
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = (uint32_t{src[i]} << 16) | (uint32_t{src[i + 1]} << 8) | src[i + 2];
    *dst++ = alphabet[v >> 18 & 0x3F];
    *dst++ = alphabet[v >> 12 & 0x3F];
    *dst++ = alphabet[v >> 6 & 0x3F];
    *dst++ = alphabet[v & 0x3F];
  }
  size_t rem = n - i;
  if (rem == 0) return;
  uint32_t v = uint32_t{src[i]} << 16;
  if (rem == 2) v |= uint32_t{src[i + 1]} << 8;
  *dst++ = alphabet[v >> 18 & 0x3F];
  *dst++ = alphabet[v >> 12 & 0x3F];
  if (rem == 2) {
    *dst++ = alphabet[v >> 6 & 0x3F];
    if (pad) *dst++ = '=';
  } else if (pad) {
    *dst++ = '=';
    *dst++ = '=';
  }
}

Status Corrupt(size_t offset) {
  return Status::Invalid("illegal base64 data at input byte " + std::to_string(offset));
}

bool IsNewline(char c) { return c == '\n' || c == '\r'; }

// Go's Encoding.Decode (non-strict), one quantum at a time with a fast path for clean input.
StatusOr<std::string> DecodeImpl(std::string_view src, const DecodeMap& map, bool padded) {
  const size_t n = src.size();
  std::string out;
  out.resize(n / 4 * 3 + 3);
  char* dst = out.data();
  size_t w = 0;
  size_t si = 0;
  auto at = [&](size_t i) { return map[static_cast<unsigned char>(src[i])]; };
  auto done = [&]() {
    out.resize(w);
    return std::move(out);
  };
  for (;;) {
    // Fast path: four alphabet characters.
    while (si + 4 <= n) {
      uint8_t a = at(si), b = at(si + 1), c = at(si + 2), d = at(si + 3);
      if (((a | b | c | d) & 0xC0) != 0) break;  // some character is not in the alphabet
      uint32_t v = (uint32_t{a} << 18) | (uint32_t{b} << 12) | (uint32_t{c} << 6) | d;
      dst[w] = static_cast<char>(v >> 16);
      dst[w + 1] = static_cast<char>(v >> 8);
      dst[w + 2] = static_cast<char>(v);
      w += 3;
      si += 4;
    }
    uint8_t dbuf[4] = {0, 0, 0, 0};
    int dlen = 4;
    bool trailing_garbage = false;
    size_t garbage_at = 0;
    for (int j = 0; j < 4; ++j) {
      if (si == n) {
        if (j == 0) return done();
        if (j == 1 || padded) return Corrupt(si - static_cast<size_t>(j));
        dlen = j;
        break;
      }
      char in = src[si++];
      uint8_t v = map[static_cast<unsigned char>(in)];
      if (v != kInvalid) {
        dbuf[j] = v;
        continue;
      }
      if (IsNewline(in)) {
        --j;
        continue;
      }
      if (!padded || in != '=') return Corrupt(si - 1);
      // Padding: only valid as "xx==" or "xxx=", followed by nothing but newlines.
      if (j < 2) return Corrupt(si - 1);
      if (j == 2) {
        while (si < n && IsNewline(src[si])) ++si;
        if (si == n) return Corrupt(n);
        if (src[si] != '=') return Corrupt(si - 1);
        ++si;
      }
      while (si < n && IsNewline(src[si])) ++si;
      if (si < n) {
        trailing_garbage = true;
        garbage_at = si;
      }
      dlen = j;
      break;
    }
    // Newlines make the input longer than its data, so the buffer is always large enough.
    uint32_t val = (uint32_t{dbuf[0]} << 18) | (uint32_t{dbuf[1]} << 12) |
                   (uint32_t{dbuf[2]} << 6) | dbuf[3];
    if (dlen >= 2) dst[w++] = static_cast<char>(val >> 16);
    if (dlen >= 3) dst[w++] = static_cast<char>(val >> 8);
    if (dlen >= 4) dst[w++] = static_cast<char>(val);
    if (trailing_garbage) return Corrupt(garbage_at);
    if (dlen < 4) return done();
  }
}

}  // namespace

void Base64EncodeAppend(std::string_view data, std::string* out) {
  EncodeImpl(data, kStdAlphabet, /*pad=*/true, out);
}

std::string Base64Encode(std::string_view data) {
  std::string out;
  EncodeImpl(data, kStdAlphabet, /*pad=*/true, &out);
  return out;
}

StatusOr<std::string> Base64Decode(std::string_view text) {
  return DecodeImpl(text, kStdDecode, /*padded=*/true);
}

std::string Base64RawUrlEncode(std::string_view data) {
  std::string out;
  EncodeImpl(data, kUrlAlphabet, /*pad=*/false, &out);
  return out;
}

StatusOr<std::string> Base64RawUrlDecode(std::string_view text) {
  return DecodeImpl(text, kUrlDecode, /*padded=*/false);
}

}  // namespace kubecxx
