// Plain HTTP message values shared by every transport: headers, request, response and
// the parsed form of an absolute URL. No I/O here.
//
// Thread-safety: plain values; safe to copy and move between threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/base/status.h"

namespace kubecxx::net {

// An ordered multimap of header fields. Names compare case-insensitively (as HTTP says)
// and keep the spelling they were added with; repeated fields (Warning) stay separate.
class HttpHeaders {
 public:
  using Field = std::pair<std::string, std::string>;

  // Appends a field, keeping any existing ones of the same name.
  void Add(std::string name, std::string value);
  // Replaces every field named `name` by one field.
  void Set(std::string name, std::string value);
  // Removes every field named `name`.
  void Remove(std::string_view name);

  bool Has(std::string_view name) const;
  // The first value of `name`, or an empty view. Valid until the headers change.
  std::string_view Get(std::string_view name) const;
  // Every value of `name`, in arrival order.
  std::vector<std::string_view> GetAll(std::string_view name) const;

  const std::vector<Field>& fields() const { return fields_; }
  bool empty() const { return fields_.empty(); }

 private:
  std::vector<Field> fields_;
};

bool HeaderNameEquals(std::string_view a, std::string_view b);

struct HttpRequest {
  std::string method = "GET";
  // Absolute URL: http[s]://host[:port][/path][?query]. IPv6 hosts in brackets.
  std::string url;
  HttpHeaders headers;
  std::string body;
  // Overall deadline of one exchange: connect, send, and (RoundTrip) the whole body or
  // (OpenStream) the response header. Zero means no deadline.
  std::chrono::milliseconds timeout{0};
};

struct HttpResponse {
  int status = 0;
  std::string reason;
  HttpHeaders headers;
  std::string body;  // decoded: never gzip when the transport asked for gzip itself
};

// The parts of an absolute URL a client needs.
struct Url {
  std::string scheme;       // "http" or "https"
  std::string host;         // without brackets: "10.0.0.1", "::1", "example.com"
  uint16_t port = 0;        // explicit or the scheme's default
  std::string host_header;  // as written in the URL ("[::1]:6443"), for the Host field
  std::string target;       // path and query, at least "/"

  bool tls() const { return scheme == "https"; }
  // "scheme://host_header", the pool key prefix and the origin in messages.
  std::string Origin() const { return scheme + "://" + host_header; }
};

// Parses an absolute http/https URL. Fragments are dropped. Errors are InvalidArgument.
StatusOr<Url> ParseUrl(std::string_view url);

// Methods RFC 9110 calls idempotent (GET, HEAD, OPTIONS, TRACE, PUT, DELETE).
bool IsIdempotentMethod(std::string_view method);

}  // namespace kubecxx::net
