// UTF-8 decoding and encoding exactly as Go's unicode/utf8 does it; the one
// implementation the JSON, YAML and label/field-selector code share.
//
// Invalid means what Go means: overlong forms, UTF-16 surrogates (U+D800-U+DFFF),
// values above U+10FFFF and truncated sequences. Go then yields U+FFFD and
// advances one byte, and so does DecodeRune.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace kubecxx {

inline constexpr char32_t kRuneError = 0xFFFD;

// utf8.DecodeRuneInString: the rune at the start of s and its length in bytes;
// {U+FFFD, 1} for an invalid or truncated sequence (a valid encoded U+FFFD is
// {U+FFFD, 3}). REQUIRES: !s.empty().
std::pair<char32_t, size_t> DecodeRune(std::string_view s);

// Length of the valid UTF-8 sequence starting at s[i] (1 for ASCII), or 0 if it
// is invalid. REQUIRES: i < s.size().
size_t Utf8SequenceLength(std::string_view s, size_t i);

// utf8.AppendRune: appends r encoded as UTF-8; surrogates and values above
// U+10FFFF are written as U+FFFD.
void AppendUtf8(std::string* out, char32_t r);

}  // namespace kubecxx
