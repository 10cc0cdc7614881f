// Warning response headers (RFC 7234 5.5, as the apiserver sends deprecation and
// validation warnings): parsed exactly as apimachinery's net.ParseWarningHeaders does,
// so callers see the same code/agent/text client-go hands its WarningHandler.
// One difference: RFC 2047 encoded-words in the text are left encoded (the apiserver
// never sends them).
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lib/base/status.h"

namespace kubecxx::client {

struct WarningHeader {
  int code = 0;       // 299 for apiserver warnings
  std::string agent;  // "-" for the apiserver
  std::string text;

  friend bool operator==(const WarningHeader&, const WarningHeader&) = default;
};

// Parses one warning from `header`; *remainder receives what follows a ',' separator.
// Errors are InvalidArgument with upstream's text ("invalid warning header: ...").
StatusOr<WarningHeader> ParseWarningHeader(std::string_view header, std::string_view* remainder);

// Every valid warning of every header value; a malformed value contributes the warnings
// before its first error (upstream skips the rest of that value).
std::vector<WarningHeader> ParseWarningHeaders(const std::vector<std::string_view>& values);

}  // namespace kubecxx::client
