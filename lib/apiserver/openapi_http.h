// The HTTP mechanics of stock's OpenAPI handlers (kube-openapi's handler and handler3):
// their Accept parsing (goautoneg: clauses sorted by q, concrete types before wildcards,
// q=0 kept), net/http's ServeContent answer for a static body (Last-Modified,
// Accept-Ranges, If-Match / If-Unmodified-Since -> 412, If-None-Match / If-Modified-Since ->
// 304), and the gzip wrapper /openapi/v2 has (gziphandler: bodies of
// 1400 bytes or more when the client accepts gzip; Vary: Accept-Encoding always).
// Range requests are not honoured (the whole body is served).
// Thread-safety: pure functions.
#pragma once

#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "lib/server/http.h"

namespace kubecxx::apiserver {

struct AcceptClause {
  std::string type;     // "application", "*"
  std::string subtype;  // "json", "com.github.proto-openapi.spec.v2@v1.0+protobuf", "*"
  double q = 1.0;
};

// goautoneg.ParseAccept's result, in its order.
std::vector<AcceptClause> ParseAcceptClauses(std::string_view header);

// "Mon, 02 Jan 2006 15:04:05 GMT" (http.TimeFormat).
std::string HttpDate(std::time_t t);
// time.RFC1123 in UTC: "Mon, 02 Jan 2006 15:04:05 UTC".
std::string Rfc1123Utc(std::time_t t);

// http.ServeContent of `body` with `headers` already set (Content-Type, Etag, ...), the
// modification time `modified`. The 304 drops Content-Type (and Last-Modified when an Etag
// is set), as net/http does.
server::Response ServeContent(const server::Request& req, server::HeaderList headers,
                              std::string_view body, std::time_t modified);

// gziphandler's test: Accept-Encoding names gzip with a q above 0.
bool AcceptsGzip(const server::Request& req);
// gziphandler compresses bodies of at least this many bytes.
inline constexpr size_t kGzipMinSize = 1400;

}  // namespace kubecxx::apiserver
