// Small helpers reproducing Go's strconv behaviour where upstream output depends on it.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kubecxx::api {

// strconv.ParseInt(s, 10, 64): optional '+'/'-', then one or more ASCII digits, in range.
std::optional<int64_t> ParseGoInt64(std::string_view s);

// strconv.Quote / fmt's %q for strings: printable runes kept, the usual C escapes,
// \xNN for invalid UTF-8 and control bytes, \uNNNN for non-printable runes.
// Approximation: non-ASCII runes count as printable except the C1 controls, U+00AD,
// U+061C, U+180E, U+200B-U+200F, U+2028-U+202E, U+2060-U+2064, U+FEFF, unassigned
// U+FFF0-U+FFF8 and U+FFFE/U+FFFF (Go consults full Unicode tables).
void AppendGoQuoted(std::string_view s, std::string* out);
std::string GoQuote(std::string_view s);

}  // namespace kubecxx::api
