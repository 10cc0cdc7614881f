// A minimal blocking HTTP/1.1 client for lib/server's tests (Boost.Beast). Not for
// production use: lib/net is the client library.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace kubecxx::server::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

struct ClientResponse {
  int status = 0;
  http::response<http::string_body> message;
  std::string body;
  std::string Header(const std::string& name) const {
    auto it = message.find(name);
    return it == message.end() ? "" : std::string(it->value());
  }
};

// A TLS client context trusting `ca_pem` and verifying the name "localhost".
inline std::shared_ptr<ssl::context> ClientTls(const std::string& ca_pem) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  ctx->add_certificate_authority(net::buffer(ca_pem));
  ctx->set_verify_mode(ssl::verify_peer);
  return ctx;
}

// One connection; requests are sent in sequence on it (keep-alive).
class TestClient {
 public:
  TestClient(uint16_t port, std::shared_ptr<ssl::context> tls = nullptr)
      : tls_ctx_(std::move(tls)), tcp_(ioc_) {
    tcp::resolver resolver(ioc_);
    auto endpoints = resolver.resolve("127.0.0.1", std::to_string(port));
    if (tls_ctx_) {
      tls_stream_ = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(ioc_, *tls_ctx_);
      SSL_set_tlsext_host_name(tls_stream_->native_handle(), "localhost");
      tls_stream_->set_verify_callback(ssl::host_name_verification("localhost"));
      beast::get_lowest_layer(*tls_stream_).connect(endpoints);
      tls_stream_->handshake(ssl::stream_base::client);
    } else {
      tcp_.connect(endpoints);
    }
  }

  void Send(const std::string& method, const std::string& target, const std::string& body = "",
            bool close = false) {
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "localhost");
    if (close) req.keep_alive(false);
    req.body() = body;
    req.prepare_payload();
    if (tls_stream_) {
      http::write(*tls_stream_, req);
    } else {
      http::write(tcp_, req);
    }
  }

  ClientResponse Read(bool head = false) {
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    if (head) parser.skip(true);
    if (tls_stream_) {
      http::read(*tls_stream_, buffer_, parser);
    } else {
      http::read(tcp_, buffer_, parser);
    }
    ClientResponse r;
    r.message = parser.release();
    r.status = r.message.result_int();
    r.body = r.message.body();
    return r;
  }

  ClientResponse Do(const std::string& method, const std::string& target,
                    const std::string& body = "") {
    Send(method, target, body);
    return Read(method == "HEAD");
  }

  // Streaming: reads the header, then returns body bytes as chunks arrive.
  void ReadHeader() {
    parser_.emplace();
    if (tls_stream_) {
      http::read_header(*tls_stream_, buffer_, *parser_);
    } else {
      http::read_header(tcp_, buffer_, *parser_);
    }
  }
  http::response_parser<http::string_body>& parser() { return *parser_; }
  // Reads until the decoded body holds at least n bytes or the message is done.
  std::string ReadBodyAtLeast(size_t n) {
    beast::error_code ec;
    while (parser_->get().body().size() < n && !parser_->is_done()) {
      if (tls_stream_) {
        http::read_some(*tls_stream_, buffer_, *parser_, ec);
      } else {
        http::read_some(tcp_, buffer_, *parser_, ec);
      }
      if (ec) break;
    }
    return parser_->get().body();
  }
  // Reads the rest of the message; returns whether it ended cleanly.
  bool ReadToEnd() {
    beast::error_code ec;
    if (tls_stream_) {
      http::read(*tls_stream_, buffer_, *parser_, ec);
    } else {
      http::read(tcp_, buffer_, *parser_, ec);
    }
    return !ec && parser_->is_done();
  }

  // Whether the server closed the connection (a read hits EOF).
  bool ServerClosed() {
    beast::error_code ec;
    char c;
    if (tls_stream_) {
      tls_stream_->read_some(net::buffer(&c, 1), ec);
    } else {
      tcp_.socket().read_some(net::buffer(&c, 1), ec);
    }
    return static_cast<bool>(ec);
  }

  void Close() {
    beast::error_code ec;
    if (tls_stream_) {
      beast::get_lowest_layer(*tls_stream_).socket().shutdown(tcp::socket::shutdown_both, ec);
      beast::get_lowest_layer(*tls_stream_).close();
    } else {
      tcp_.socket().shutdown(tcp::socket::shutdown_both, ec);
      tcp_.close();
    }
  }

 private:
  net::io_context ioc_;
  std::shared_ptr<ssl::context> tls_ctx_;
  beast::tcp_stream tcp_;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls_stream_;
  beast::flat_buffer buffer_;
  std::optional<http::response_parser<http::string_body>> parser_;
};

}  // namespace kubecxx::server::testing
