#include "lib/server/http_server.h"

#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>

#include "lib/server/connection.h"

namespace kubecxx::server {

namespace net = boost::asio;
using tcp = net::ip::tcp;

struct HttpServer::Impl {
  struct Listener {
    std::unique_ptr<tcp::acceptor> acceptor;
    std::shared_ptr<net::ssl::context> tls;
  };

  Impl(const Router* router, ServerOptions options)
      : ioc(std::make_shared<net::io_context>(options.threads)),
        state(std::make_shared<internal::ServerState>(ioc, router, options)),
        work(net::make_work_guard(*ioc)) {}

  void Accept(Listener* listener) {
    listener->acceptor->async_accept(
        net::make_strand(*ioc), [this, listener](boost::system::error_code ec, tcp::socket s) {
          if (ec == net::error::operation_aborted) return;  // closed by Stop
          {
            std::lock_guard<std::mutex> lock(state->mu);
            if (state->stopped) return;
          }
          if (!ec) internal::StartConnection(std::move(s), listener->tls.get(), state);
          Accept(listener);  // also after a transient error (EMFILE ...)
        });
  }

  std::shared_ptr<net::io_context> ioc;
  std::shared_ptr<internal::ServerState> state;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  std::vector<std::unique_ptr<Listener>> listeners;
  std::vector<std::thread> threads;
  bool stopped = false;
};

HttpServer::HttpServer(const Router* router, ServerOptions options)
    : impl_(std::make_unique<Impl>(router, options)) {}

HttpServer::~HttpServer() { Stop(); }

StatusOr<uint16_t> HttpServer::Listen(const ListenOptions& options) {
  boost::system::error_code ec;
  net::ip::address address = net::ip::make_address(options.address, ec);
  if (ec) return Status::Invalid("invalid bind address " + options.address);
  tcp::endpoint endpoint(address, options.port);
  auto listener = std::make_unique<Impl::Listener>();
  listener->tls = options.tls;
  listener->acceptor = std::make_unique<tcp::acceptor>(net::make_strand(*impl_->ioc));
  auto& acceptor = *listener->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status(StatusCode::kUnavailable,
                  "failed to listen on " + endpoint.address().to_string() + ":" +
                      std::to_string(options.port) + ": " + ec.message());
  }
  uint16_t port = acceptor.local_endpoint(ec).port();
  impl_->Accept(listener.get());
  impl_->listeners.push_back(std::move(listener));
  return port;
}

void HttpServer::Start() {
  int n = impl_->state->options.threads < 1 ? 1 : impl_->state->options.threads;
  for (int i = 0; i < n; ++i) {
    impl_->threads.emplace_back([ioc = impl_->ioc] { ioc->run(); });
  }
}

void HttpServer::Stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  std::vector<std::weak_ptr<internal::Connection>> live;
  {
    std::lock_guard<std::mutex> lock(impl_->state->mu);
    impl_->state->stopped = true;
    for (auto& [ptr, weak] : impl_->state->live) live.push_back(weak);
  }
  for (auto& listener : impl_->listeners) {
    tcp::acceptor* acceptor = listener->acceptor.get();
    net::post(acceptor->get_executor(), [acceptor] {
      boost::system::error_code ec;
      acceptor->close(ec);
    });
  }
  for (auto& weak : live) {
    if (auto conn = weak.lock()) {
      net::post(conn->executor(), [conn] { conn->Close(); });
    }
  }
  live.clear();
  impl_->work.reset();
  if (impl_->threads.empty()) {
    // Never started: run the closes here.
    impl_->ioc->run();
  }
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
  impl_->listeners.clear();
}

}  // namespace kubecxx::server
