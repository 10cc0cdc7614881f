#include "lib/net/connection.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/http/error.hpp>

namespace kubecxx::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

}  // namespace

std::string GoErrorText(const boost::system::error_code& ec) {
  if (ec == asio::error::eof || ec == beast::http::error::end_of_stream) return "EOF";
  if (ec == beast::http::error::partial_message || ec == asio::ssl::error::stream_truncated) {
    return "unexpected EOF";
  }
  if (ec == asio::error::connection_refused) return "connection refused";
  if (ec == asio::error::connection_reset) return "connection reset by peer";
  if (ec == asio::error::broken_pipe) return "broken pipe";
  if (ec == beast::error::timeout) return "i/o timeout";
  if (ec == asio::error::operation_aborted) return "use of closed network connection";
  if (ec == asio::error::host_unreachable) return "no route to host";
  if (ec == asio::error::network_unreachable) return "network is unreachable";
  if (ec.category() == asio::error::get_ssl_category()) return "tls: " + ec.message();
  return ec.message();
}

namespace {

void SetKeepAlive(tcp::socket& socket, std::chrono::seconds period) {
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  if (period.count() <= 0) {
    return;
  }
  socket.set_option(asio::socket_base::keep_alive(true), ignored);
  int secs = static_cast<int>(period.count());
  int fd = socket.native_handle();
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &secs, sizeof secs);
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &secs, sizeof secs);
}

}  // namespace

Deadline DeadlineAfter(std::chrono::milliseconds timeout) {
  return timeout.count() > 0 ? SteadyClock::now() + timeout : kNoDeadline;
}

Connection::Connection() = default;

Connection::~Connection() {
  boost::system::error_code ignored;
  if (tcp_ || tls_) {
    lowest().socket().close(ignored);
  }
}

beast::tcp_stream& Connection::lowest() {
  return tls_ ? tls_->next_layer() : *tcp_;
}

void Connection::SetExpiry(Deadline deadline) {
  if (deadline == kNoDeadline) {
    lowest().expires_never();
  } else {
    lowest().expires_at(deadline);
  }
}

StatusOr<std::unique_ptr<Connection>> Connection::Dial(const Url& url, const DialSettings& settings,
                                                       asio::ssl::context* tls_context,
                                                       const TlsConfig& tls,
                                                       const Credentials& credentials,
                                                       Deadline deadline) {
  std::unique_ptr<Connection> conn(new Connection());
  bool v6 = url.host.find(':') != std::string::npos;
  std::string address = (v6 ? "[" + url.host + "]" : url.host) + ":" + std::to_string(url.port);

  // Resolution is synchronous (getaddrinfo) and not bounded by the connect timeout; IP
  // literals, the common case for apiservers, skip it.
  std::vector<tcp::endpoint> endpoints;
  boost::system::error_code ec;
  asio::ip::address ip = asio::ip::make_address(url.host, ec);
  if (!ec) {
    endpoints.emplace_back(ip, url.port);
  } else {
    tcp::resolver resolver(conn->ioc_);
    auto results = resolver.resolve(url.host, std::to_string(url.port), ec);
    if (ec) {
      return Status(StatusCode::kUnavailable, "dial tcp: lookup " + url.host + ": " + ec.message());
    }
    for (const auto& entry : results) {
      endpoints.push_back(entry.endpoint());
    }
  }

  if (url.tls()) {
    if (tls_context == nullptr) {
      return Status::Internal("https URL without a TLS context");
    }
    conn->tls_.emplace(conn->ioc_, *tls_context);
  } else {
    conn->tcp_.emplace(conn->ioc_);
  }
  Deadline connect_deadline = std::min(deadline, DeadlineAfter(settings.connect_timeout));
  ec = conn->Run(
      [&](auto& stream, auto handler) {
        beast::get_lowest_layer(stream).async_connect(endpoints, std::move(handler));
      },
      connect_deadline);
  if (ec) {
    return Status(StatusCode::kUnavailable,
                  "dial tcp " + address + ": connect: " + GoErrorText(ec));
  }
  SetKeepAlive(conn->lowest().socket(), settings.tcp_keepalive);

  if (conn->tls_) {
    SSL* ssl = conn->tls_->native_handle();
    KUBECXX_RETURN_IF_ERROR(PrepareTlsSession(ssl, tls, url.host, credentials));
    Deadline handshake_deadline = std::min(deadline, DeadlineAfter(settings.tls_handshake_timeout));
    ec = conn->Run(
        [&](auto& stream, auto handler) {
          // Run() hands the TLS stream here (tls_ is set); the plain branch only compiles.
          if constexpr (std::is_same_v<std::decay_t<decltype(stream)>, TlsStream>) {
            stream.async_handshake(asio::ssl::stream_base::client, std::move(handler));
          }
        },
        handshake_deadline);
    if (ec) {
      std::string name = tls.server_name.empty() ? url.host : tls.server_name;
      std::string text = ec == beast::error::timeout ? "tls: handshake timeout (i/o timeout)"
                                                      : DescribeTlsFailure(ssl, ec, name);
      return Status(StatusCode::kUnavailable, text);
    }
  }
  return conn;
}

void Connection::Cancel() {
  if (cancelled_.exchange(true, std::memory_order_acq_rel)) {
    return;
  }
  asio::post(ioc_, [this] {
    boost::system::error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    lowest().socket().close(ignored);
  });
}

bool Connection::LooksReusable() {
  if (cancelled() || buffer_.size() != 0 || !lowest().socket().is_open()) {
    return false;
  }
  pollfd p{};
  p.fd = lowest().socket().native_handle();
  p.events = POLLIN;
  int n = poll(&p, 1, 0);
  // Readable while idle means EOF, an alert or stray bytes: none of them is reusable.
  return n == 0;
}

}  // namespace kubecxx::net
