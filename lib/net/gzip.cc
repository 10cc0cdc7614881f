#include "lib/net/gzip.h"

#include <zlib.h>

#include <cstdlib>

namespace kubecxx::net {

struct GzipDecoder::State {
  z_stream zs{};
  bool initialized = false;
  bool in_member = false;  // inside a member whose end we have not seen
  bool failed = false;
};

GzipDecoder::GzipDecoder() : state_(std::make_unique<State>()) {
  // 16 + MAX_WBITS: gzip wrapper only, as Go's gzip.Reader accepts.
  state_->initialized = inflateInit2(&state_->zs, 16 + MAX_WBITS) == Z_OK;
}

GzipDecoder::~GzipDecoder() {
  if (state_->initialized) {
    inflateEnd(&state_->zs);
  }
}

Status GzipDecoder::Feed(std::string_view in, std::string* out) {
  State& s = *state_;
  if (!s.initialized || s.failed) {
    return Status::Invalid("gzip: decoder is unusable after an earlier error");
  }
  s.zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  s.zs.avail_in = static_cast<uInt>(in.size());
  char buf[64 * 1024];
  while (s.zs.avail_in > 0) {
    s.in_member = true;
    s.zs.next_out = reinterpret_cast<Bytef*>(buf);
    s.zs.avail_out = sizeof buf;
    int rc = inflate(&s.zs, Z_NO_FLUSH);
    out->append(buf, sizeof buf - s.zs.avail_out);
    if (rc == Z_STREAM_END) {
      s.in_member = false;
      inflateReset(&s.zs);  // a following member, if any, starts fresh
      continue;
    }
    if (rc == Z_BUF_ERROR && s.zs.avail_out != 0) {
      break;  // needs more input
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      s.failed = true;
      return Status::Invalid(std::string("gzip: invalid data: ") +
                             (s.zs.msg != nullptr ? s.zs.msg : "inflate failed"));
    }
  }
  // Flush output zlib may still hold for the input consumed so far.
  while (s.in_member) {
    s.zs.next_out = reinterpret_cast<Bytef*>(buf);
    s.zs.avail_out = sizeof buf;
    int rc = inflate(&s.zs, Z_NO_FLUSH);
    out->append(buf, sizeof buf - s.zs.avail_out);
    if (rc == Z_STREAM_END) {
      s.in_member = false;
      inflateReset(&s.zs);
      break;
    }
    if (rc != Z_OK || s.zs.avail_out != 0) {
      break;
    }
  }
  return Status::Ok();
}

Status GzipDecoder::Finish() {
  if (state_->failed) {
    return Status::Invalid("gzip: decoder is unusable after an earlier error");
  }
  if (state_->in_member) {
    return Status::Invalid("gzip: unexpected EOF");
  }
  return Status::Ok();
}

StatusOr<std::string> Gunzip(std::string_view in) {
  GzipDecoder decoder;
  std::string out;
  KUBECXX_RETURN_IF_ERROR(decoder.Feed(in, &out));
  KUBECXX_RETURN_IF_ERROR(decoder.Finish());
  return out;
}

std::string Gzip(std::string_view in) {
  z_stream zs{};
  // 16 + MAX_WBITS: a gzip wrapper; level 6 is Go's gzip.DefaultCompression.
  int rc = deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  if (rc != Z_OK) std::abort();  // only out of memory
  std::string out(deflateBound(&zs, in.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  rc = deflate(&zs, Z_FINISH);
  if (rc != Z_STREAM_END) std::abort();  // deflateBound is enough by contract
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace kubecxx::net
