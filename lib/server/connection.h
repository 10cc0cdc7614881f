// One server-side HTTP/1.1 connection of HttpServer, and the state all connections share.
// Internal to lib/server; see http_server.h for the threading model.
#pragma once

#include <memory>
#include <mutex>
#include <unordered_map>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "lib/server/http_server.h"
#include "lib/server/router.h"

namespace kubecxx::server::internal {

class Connection;

// Shared by the server, its connections and their response writers.
struct ServerState {
  ServerState(std::shared_ptr<boost::asio::io_context> ioc, const Router* router,
              ServerOptions options)
      : ioc(std::move(ioc)), router(router), options(options) {}

  const std::shared_ptr<boost::asio::io_context> ioc;
  const Router* const router;
  const ServerOptions options;

  std::mutex mu;
  // Set by Stop: writers post nothing more, acceptors start no connection.
  bool stopped = false;                                              // guarded by mu
  std::unordered_map<Connection*, std::weak_ptr<Connection>> live;  // guarded by mu
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  virtual ~Connection() = default;
  // Closes the socket; posted to the connection's strand by Stop.
  virtual void Close() = 0;
  virtual boost::asio::any_io_executor executor() = 0;
};

// Creates a connection for an accepted socket (whose executor is a strand) and starts it
// (TLS handshake if `tls`, then reading requests). Registers it in state->live.
void StartConnection(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context* tls,
                     std::shared_ptr<ServerState> state);

}  // namespace kubecxx::server::internal
