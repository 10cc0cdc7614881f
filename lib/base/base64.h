// Base64 as Go's encoding/base64 does it (RFC 4648): StdEncoding (padded, '+/') as used by
// encoding/json for []byte, and RawURLEncoding (unpadded, '-_') as used for JWTs.
//
// Decoding follows Go's non-strict decoders exactly: characters outside the alphabet,
// misplaced or missing padding and trailing data are errors with Go's text
// ("illegal base64 data at input byte N"); '\r' and '\n' anywhere are skipped (Go ignores
// them, and byte-compatible JSON decoding of Secrets depends on that); non-zero unused
// bits in the final quantum are accepted.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "lib/base/status.h"

namespace kubecxx {

// Length of the padded StdEncoding of n bytes.
constexpr size_t Base64EncodedLen(size_t n) { return (n + 2) / 3 * 4; }

// base64.StdEncoding.EncodeToString.
std::string Base64Encode(std::string_view data);
void Base64EncodeAppend(std::string_view data, std::string* out);

// base64.StdEncoding.DecodeString.
StatusOr<std::string> Base64Decode(std::string_view text);

// base64.RawURLEncoding.EncodeToString / DecodeString.
std::string Base64RawUrlEncode(std::string_view data);
StatusOr<std::string> Base64RawUrlDecode(std::string_view text);

}  // namespace kubecxx
