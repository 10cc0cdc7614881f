#include "lib/apiserver/response_encoding.h"

#include <zlib.h>

#include <cstdlib>
#include <mutex>
#include <vector>

namespace kubecxx::apiserver {
namespace {

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool EqualFold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

// strconv.ParseBool; an invalid value is false, as isPrettyPrint ignores the error.
bool GoParseBool(std::string_view v) {
  return v == "1" || v == "t" || v == "T" || v == "TRUE" || v == "true" || v == "True";
}

void AppendNewline(std::string* out, int depth) {
  out->push_back('\n');
  out->append(static_cast<size_t>(depth) * 2, ' ');
}

}  // namespace

bool AcceptsGzip(std::string_view accept_encoding) {
  while (!accept_encoding.empty()) {
    size_t comma = accept_encoding.find(',');
    std::string_view token = accept_encoding.substr(0, comma);
    if (TrimSpace(token) == "gzip") return true;
    if (comma == std::string_view::npos) break;
    accept_encoding.remove_prefix(comma + 1);
  }
  return false;
}

struct GzipMemberEncoder::State {
  z_stream zs{};
  bool ok = false;
};

GzipMemberEncoder::GzipMemberEncoder() : state_(std::make_unique<State>()) {
  // 16 + MAX_WBITS: the gzip wrapper; level 1 as gzipContentEncodingLevel.
  state_->ok = deflateInit2(&state_->zs, 1, Z_DEFLATED, 16 + MAX_WBITS, 8,
                            Z_DEFAULT_STRATEGY) == Z_OK;
  if (!state_->ok) {
    std::abort();  // only fails on out-of-memory or a broken zlib
  }
}

GzipMemberEncoder::~GzipMemberEncoder() { deflateEnd(&state_->zs); }

std::string GzipMemberEncoder::Member(std::string_view data) {
  z_stream& zs = state_->zs;
  deflateReset(&zs);
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  while (rc == Z_OK || (rc == Z_BUF_ERROR && zs.avail_out == 0)) {
    size_t used = out.size() - zs.avail_out;
    out.resize(out.size() * 2);
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + used);
    zs.avail_out = static_cast<uInt>(out.size() - used);
    rc = deflate(&zs, Z_FINISH);
  }
  if (rc != Z_STREAM_END) std::abort();  // deflate cannot fail on valid state
  out.resize(out.size() - zs.avail_out);
  return out;
}

std::string Gzip(std::string_view data) {
  // A pool of encoders, as upstream's sync.Pool of gzip writers: a zlib deflate state is
  // about 256 KiB, too much to keep per open watch.
  static std::mutex mu;
  static std::vector<std::unique_ptr<GzipMemberEncoder>> pool;  // guarded by mu
  std::unique_ptr<GzipMemberEncoder> encoder;
  {
    std::lock_guard<std::mutex> lock(mu);
    if (!pool.empty()) {
      encoder = std::move(pool.back());
      pool.pop_back();
    }
  }
  if (!encoder) encoder = std::make_unique<GzipMemberEncoder>();
  std::string out = encoder->Member(data);
  std::lock_guard<std::mutex> lock(mu);
  pool.push_back(std::move(encoder));
  return out;
}

bool WantsPretty(const server::Request& request) {
  if (request.raw_query().find("pretty") != std::string::npos) {
    auto values = request.QueryValues("pretty");
    if (!values.empty() && !values[0].empty()) return GoParseBool(values[0]);
  }
  // The media type parameter pretty=1 on an application/json clause of Accept.
  std::string_view accept = request.Header("Accept");
  while (!accept.empty()) {
    size_t comma = accept.find(',');
    std::string_view clause = accept.substr(0, comma);
    size_t semi = clause.find(';');
    if (semi != std::string_view::npos && EqualFold(TrimSpace(clause.substr(0, semi)),
                                                    "application/json")) {
      std::string_view params = clause.substr(semi + 1);
      while (!params.empty()) {
        size_t next = params.find(';');
        std::string_view p = TrimSpace(params.substr(0, next));
        if (p == "pretty=1") return true;
        if (next == std::string_view::npos) break;
        params.remove_prefix(next + 1);
      }
    }
    if (comma == std::string_view::npos) break;
    accept.remove_prefix(comma + 1);
  }
  std::string_view ua = request.Header("User-Agent");
  return ua.starts_with("curl") || ua.starts_with("Wget") || ua.starts_with("Mozilla/5.0");
}

std::string IndentJson(std::string_view compact) {
  std::string out;
  out.reserve(compact.size() + compact.size() / 2);
  bool in_string = false;
  bool escaped = false;
  bool need_indent = false;  // after '{' or '[': indent unless the container is empty
  int depth = 0;
  for (char c : compact) {
    if (in_string) {
      out.push_back(c);
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (need_indent && c != '}' && c != ']') {
      need_indent = false;
      ++depth;
      AppendNewline(&out, depth);
    }
    switch (c) {
      case '"':
        in_string = true;
        out.push_back(c);
        break;
      case '{':
      case '[':
        need_indent = true;
        out.push_back(c);
        break;
      case ',':
        out.push_back(c);
        AppendNewline(&out, depth);
        break;
      case ':':
        out.push_back(c);
        out.push_back(' ');
        break;
      case '}':
      case ']':
        if (need_indent) {
          need_indent = false;
        } else {
          if (depth == 0) return std::string(compact);  // unbalanced: not JSON
          --depth;
          AppendNewline(&out, depth);
        }
        out.push_back(c);
        break;
      default:
        out.push_back(c);
    }
  }
  if (in_string || depth != 0 || need_indent) return std::string(compact);
  return out;
}

bool IsJsonContentType(std::string_view content_type) {
  size_t semi = content_type.find(';');
  return EqualFold(TrimSpace(content_type.substr(0, semi)), "application/json");
}

}  // namespace kubecxx::apiserver
