// Small UTF-8 helpers shared by the JSON reader and writer.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kubecxx::codec {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is invalid
// (overlong forms and surrogates are invalid, as in Go's unicode/utf8).
// REQUIRES: i < s.size().
size_t Utf8SequenceLength(std::string_view s, size_t i);

// Appends code point cp (<= 0x10FFFF) as UTF-8.
void AppendUtf8(std::string* out, char32_t cp);

}  // namespace kubecxx::codec
