// A small in-process HTTP/1.1 server for transport tests: plain or TLS (optionally
// requiring client certificates), on 127.0.0.1 and a kernel-chosen port, one thread per
// connection, keep-alive. Handlers answer with complete or chunked responses, or raw bytes
// for broken ones.
//
// Thread-safety: handlers run on connection threads, concurrently; the accessors are
// thread-safe. The destructor stops accepting, unblocks every connection and joins.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "lib/base/status.h"
#include "lib/net/http_types.h"

namespace kubecxx::net::testing {

struct TestRequest {
  std::string method;
  std::string target;
  HttpHeaders headers;
  std::string body;
  int connection = 0;     // 1-based number of the connection it arrived on
  std::string client_cn;  // common name of the verified client certificate, if any
};

// Answers one request. Every call writes to the socket at once.
class TestResponder {
 public:
  explicit TestResponder(std::function<bool(std::string_view)> write,
                         const std::atomic<bool>* stopping)
      : write_(std::move(write)), stopping_(stopping) {}

  // A complete response with Content-Length.
  void Respond(int status, std::string_view body, const HttpHeaders& headers = {});
  // A chunked response: the head, then chunks, then EndChunked().
  void StartChunked(int status, const HttpHeaders& headers = {});
  // False once the client went away or the server is stopping.
  bool WriteChunk(std::string_view data);
  void EndChunked();
  bool WriteRaw(std::string_view bytes) { return write_(bytes); }
  // Close the connection after this response without saying so (a server idle-closing).
  void CloseAfter() { close_after_ = true; }

  bool close_after() const { return close_after_; }
  bool stopping() const { return stopping_->load(); }

 private:
  std::function<bool(std::string_view)> write_;
  const std::atomic<bool>* stopping_;
  bool close_after_ = false;
};

using TestHandler = std::function<void(const TestRequest&, TestResponder&)>;

struct TestServerOptions {
  bool tls = false;
  std::string cert_pem;       // server certificate chain (tls)
  std::string key_pem;        // its key
  std::string client_ca_pem;  // set: client certificates are required and verified
};

class TestServer {
 public:
  static StatusOr<std::unique_ptr<TestServer>> Start(TestServerOptions options,
                                                     TestHandler handler);
  ~TestServer();

  uint16_t port() const;
  // "http[s]://127.0.0.1:<port>" followed by `path`.
  std::string Url(std::string_view path = "") const;
  int connections() const;  // accepted so far
  int requests() const;     // handled so far
  int closed_connections() const;  // closed by the server so far

 private:
  struct Impl;
  explicit TestServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// gzip-compresses `data` (for handlers that serve Content-Encoding: gzip).
std::string GzipForTest(std::string_view data);

}  // namespace kubecxx::net::testing
