// One HTTP/1.1 connection (TCP or TLS) of HttpClient. Internal to lib/net.
//
// Threading model: a connection owns a private io_context and is driven synchronously by
// the single thread that currently holds it (a caller of RoundTrip/ReadSome): each
// operation is started asynchronously and the holder runs the io_context until it
// completes or its deadline passes. Connections move between threads only through the
// mutex-guarded ConnectionPool. Cancel() is the one call another thread may make: it
// posts a close to the io_context, which the holder's next (or current) run executes.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "lib/base/status.h"
#include "lib/net/credentials.h"
#include "lib/net/http_types.h"
#include "lib/net/tls.h"

namespace kubecxx::net {

using SteadyClock = std::chrono::steady_clock;
using Deadline = SteadyClock::time_point;  // Deadline::max(): none
inline constexpr Deadline kNoDeadline = Deadline::max();

// Deadline `timeout` from now; zero means none.
Deadline DeadlineAfter(std::chrono::milliseconds timeout);

// Go's words for a socket error ("connection reset by peer", "i/o timeout", "EOF" ...),
// the phrases http_transport.h's classifiers look for.
std::string GoErrorText(const boost::system::error_code& ec);

struct DialSettings {
  std::chrono::milliseconds connect_timeout{30000};
  std::chrono::milliseconds tls_handshake_timeout{10000};
  std::chrono::seconds tcp_keepalive{30};  // idle and interval; 0 disables
};

class Connection {
 public:
  using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

  // Resolves and connects to url's host and port, then (https) handshakes with
  // `tls_context`, `tls` and `credentials`' certificate. Errors name the origin.
  static StatusOr<std::unique_ptr<Connection>> Dial(const Url& url, const DialSettings& settings,
                                                    boost::asio::ssl::context* tls_context,
                                                    const TlsConfig& tls,
                                                    const Credentials& credentials,
                                                    Deadline deadline);

  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs `start(stream, handler)` (an async Beast/Asio operation on the plain or TLS
  // stream) to completion on the calling thread within `deadline`. Returns its error:
  // beast::error::timeout after the deadline, operation_aborted after Cancel().
  template <typename Start>
  boost::system::error_code Run(Start&& start, Deadline deadline);

  // Thread-safe, idempotent: closes the socket from the io_context, aborting the pending
  // operation of the holder thread (or the next one it starts).
  void Cancel();
  bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }

  // For a pooled idle connection: false when the peer closed it or sent unexpected bytes.
  bool LooksReusable();

  boost::beast::flat_buffer& buffer() { return buffer_; }
  const std::string& pool_key() const { return pool_key_; }
  void set_pool_key(std::string key) { pool_key_ = std::move(key); }
  bool reused() const { return reused_; }
  void mark_reused() { reused_ = true; }
  SteadyClock::time_point idle_since() const { return idle_since_; }
  void set_idle_since(SteadyClock::time_point t) { idle_since_ = t; }

 private:
  Connection();
  boost::beast::tcp_stream& lowest();
  void SetExpiry(Deadline deadline);

  boost::asio::io_context ioc_{1};
  std::optional<boost::beast::tcp_stream> tcp_;  // plain http
  std::optional<TlsStream> tls_;                 // https
  boost::beast::flat_buffer buffer_;             // bytes read past the last message
  std::atomic<bool> cancelled_{false};
  std::string pool_key_;
  bool reused_ = false;
  SteadyClock::time_point idle_since_{};
};

template <typename Start>
boost::system::error_code Connection::Run(Start&& start, Deadline deadline) {
  if (cancelled()) {
    return boost::asio::error::operation_aborted;
  }
  boost::system::error_code result;
  bool done = false;
  SetExpiry(deadline);
  auto handler = [&](boost::system::error_code ec, auto&&... /*results*/) {
    result = ec;
    done = true;
  };
  if (tls_) {
    start(*tls_, handler);
  } else {
    start(*tcp_, handler);
  }
  ioc_.restart();
  while (!done) {
    if (ioc_.run_one() == 0) {
      break;  // unreachable while the operation is pending; guards against a hang
    }
  }
  if (!done) {
    return boost::asio::error::operation_aborted;
  }
  if (cancelled() && result) {
    return boost::asio::error::operation_aborted;
  }
  return result;
}

}  // namespace kubecxx::net
