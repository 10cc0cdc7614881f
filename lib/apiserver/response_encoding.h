// How stock kube-apiserver v1.37.2 post-processes a response body, as facts from
// k8s.io/apiserver/pkg/endpoints/handlers/responsewriters (writers.go, compression.go),
// handlers/watch.go and handlers/negotiation/negotiate.go:
//  * gzip (APIResponseCompression, on): when the request's Accept-Encoding lists the token
//    "gzip" exactly (comma-separated, spaces trimmed: "gzip;q=1" does not count), a body
//    LONGER than 128 KiB is sent with Content-Encoding: gzip and Vary: Accept-Encoding,
//    compressed at level 1; shorter bodies go uncompressed;
//  * watch streams are never compressed, except WatchList streams (WatchListCompression,
//    beta and on in 1.37: sendInitialEvents=true with allowWatchBookmarks=true, after the
//    defaulting that turns a watch from resourceVersion ""/"0" into one): their body is a
//    series of gzip members, one per flush;
//  * pretty JSON (deprecated ?pretty, the Accept parameter pretty=1, or a User-Agent that
//    starts with "curl", "Wget" or "Mozilla/5.0"): JSON indented as Go's json.MarshalIndent
//    with two spaces, without the trailing newline of the compact form.
//
// Thread-safety: the functions are pure; a GzipMemberEncoder is used by one thread at a time.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "lib/server/http.h"

namespace kubecxx::apiserver {

// defaultGzipThresholdBytes: bodies longer than this are compressed.
inline constexpr size_t kGzipThresholdBytes = 128 * 1024;

// ContentEncodingSupported: whether Accept-Encoding names "gzip".
bool AcceptsGzip(std::string_view accept_encoding);

// Compresses `data` as gzip members, one per call, reusing one zlib state (level 1).
class GzipMemberEncoder {
 public:
  GzipMemberEncoder();
  ~GzipMemberEncoder();
  GzipMemberEncoder(const GzipMemberEncoder&) = delete;
  GzipMemberEncoder& operator=(const GzipMemberEncoder&) = delete;

  // One complete gzip member holding `data`.
  std::string Member(std::string_view data);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// One gzip member of `data` at level 1, from a process-wide pool of encoders.
std::string Gzip(std::string_view data);

// Whether the client asked for pretty output (isPrettyPrint, or pretty=1 on an Accept clause
// for application/json).
bool WantsPretty(const server::Request& request);

// Go's json.Indent(dst, src, "", "  ") of a compact JSON document; a trailing newline of
// `compact` is dropped. Input that is not JSON comes back unchanged.
std::string IndentJson(std::string_view compact);

// Whether a Content-Type value is application/json (parameters allowed).
bool IsJsonContentType(std::string_view content_type);

}  // namespace kubecxx::apiserver
