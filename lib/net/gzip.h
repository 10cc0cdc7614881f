// Incremental gzip decoding (RFC 1952) for response bodies, as Go's transport does when
// it asked for gzip itself. Concatenated gzip members decode as one stream, like Go's
// gzip.Reader in its default multistream mode.
//
// Thread-safety: one decoder per body, used by one thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "lib/base/status.h"

namespace kubecxx::net {

class GzipDecoder {
 public:
  GzipDecoder();
  ~GzipDecoder();
  GzipDecoder(const GzipDecoder&) = delete;
  GzipDecoder& operator=(const GzipDecoder&) = delete;

  // Decodes `in` (any split of the compressed stream) and appends the output to *out.
  // Errors (InvalidArgument, "gzip: ...") are final.
  Status Feed(std::string_view in, std::string* out);

  // The compressed input ended: fails with "unexpected EOF" inside a member.
  Status Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Decodes a whole gzip body.
StatusOr<std::string> Gunzip(std::string_view in);

// Encodes a whole body as one gzip member (level 6, Go's gzip.DefaultCompression; the bytes
// are zlib's, not Go's, and decode to the same). REQUIRES: in.size() < 4 GiB.
std::string Gzip(std::string_view in);

}  // namespace kubecxx::net
