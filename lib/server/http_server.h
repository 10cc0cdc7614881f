// HttpServer: HTTP/1.1 over TCP or TLS (Boost.Beast/Asio), dispatching to a Router.
// Generic enough for the apiserver: any route, request bodies, keep-alive, and chunked
// streaming answers from any thread (see lib/server/http.h).
//
// Threading model:
//  * One io_context run by `threads` I/O threads (a small fixed pool), created by Start().
//  * Every connection is driven by asynchronous operations on its own strand, so at most
//    one of its handlers runs at a time and its state needs no lock.
//  * Handlers are called on an I/O thread, inside the connection's strand. They must not
//    block for long: a slow answer is produced elsewhere and delivered later through the
//    ResponseWriter, whose methods post to the connection's strand from any thread.
//  * A chunked body is written as its chunks arrive; meanwhile the connection reads from the
//    client only to notice a disconnect, which closes the writer and fires OnClose.
//  * Stop() refuses new work, closes listeners and connections (firing OnClose of open
//    streams), waits for running handlers and joins the I/O threads. A writer kept after
//    Stop is inert; the I/O resources it refers to live until it is released.
//
// Timeouts: reading a request (headers and body, and the idle wait before it on a kept-alive
// connection) is bounded by read_timeout; writes have no timeout, as Go's default server.
// Limits: headers 1 MiB (Go's DefaultMaxHeaderBytes) and max_body_bytes; beyond them the
// server answers 431 / 413 and closes.
//
// Thread-safety: Listen, Start and Stop are called by the owner (one thread); Stop is
// idempotent and called by the destructor.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "lib/base/status.h"
#include "lib/server/router.h"

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace kubecxx::server {

struct ServerOptions {
  int threads = 2;
  std::chrono::seconds read_timeout{60};
  size_t max_header_bytes = 1 << 20;
  size_t max_body_bytes = 3 << 20;
};

struct ListenOptions {
  std::string address = "0.0.0.0";  // IPv4 or IPv6 literal ("::" for all)
  uint16_t port = 0;                 // 0: any free port (see the returned port)
  // TLS context for HTTPS (lib/server/tls.h); null serves plain HTTP.
  std::shared_ptr<boost::asio::ssl::context> tls;
};

class HttpServer {
 public:
  // REQUIRES: router outlives the server and is not modified once Start is called.
  explicit HttpServer(const Router* router, ServerOptions options = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens; returns the bound port. Errors: bad address, address in use.
  StatusOr<uint16_t> Listen(const ListenOptions& options);

  // Starts the I/O threads. Connections are accepted from then on.
  void Start();

  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kubecxx::server
