// HttpClient: the HTTP/1.1 transport (Boost.Beast over TCP or OpenSSL TLS).
//
// What it does for every request, as Go's http.Transport does for client-go:
//   - adds Host, "User-Agent: <options.user_agent>", "Authorization: Bearer <token>"
//     from the credential provider and options.default_headers (impersonation), unless
//     the request already carries a field of that name; tells the
//     provider about a 401 so rotating credentials refresh;
//   - asks for gzip ("Accept-Encoding: gzip") unless the caller set Accept-Encoding or
//     compression is disabled, and then decodes a gzip body and drops Content-Encoding
//     and Content-Length, so callers always see the plain body;
//   - reuses keep-alive connections: at most max_idle_per_host idle ones per origin and
//     client certificate, closed after idle_timeout; a request that fails on a reused
//     connection before any response byte arrived is sent once more on a new connection
//     when that is safe (idempotent method, or the failure happened while writing);
//   - bounds connect (connect_timeout), TLS handshake (tls_handshake_timeout) and the
//     whole exchange (request.timeout); sets TCP keep-alive probes.
// It does not retry on HTTP status codes, throttle, or follow redirects: the layers above
// (lib/client/request_executor.h) do what client-go's rest.Request does.
//
// Threading model: calls are synchronous and run on the caller's thread; HttpClient has
// no threads of its own. Each in-flight call uses its own connection (no pipelining, no
// sharing), taken from or returned to the idle pool, which is shared and mutex-guarded.
// So any number of threads may call RoundTrip/OpenStream concurrently. A stream keeps its
// connection until it is destroyed; a fully read keep-alive stream returns it to the pool.
// The pool is owned jointly by the client and its open streams, so streams may outlive
// the client.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "lib/base/status.h"
#include "lib/net/credentials.h"
#include "lib/net/http_transport.h"
#include "lib/net/tls_config.h"

namespace boost::asio::ssl {
class context;
}

namespace kubecxx::net {

class ConnectionPool;

struct HttpClientOptions {
  TlsConfig tls;                                     // used for https URLs
  std::shared_ptr<CredentialProvider> credentials;   // may be null: no Authorization
  std::string user_agent;                            // empty: no User-Agent header
  HttpHeaders default_headers;  // added to requests that carry no field of the same name
  bool disable_compression = false;                  // never ask for gzip
  std::chrono::milliseconds connect_timeout{30000};  // client-go's dialer: 30 s
  std::chrono::milliseconds tls_handshake_timeout{10000};  // Go's transport: 10 s
  std::chrono::seconds tcp_keepalive{30};                  // client-go's dialer: 30 s
  size_t max_idle_per_host = 25;                           // client-go's transport: 25
  std::chrono::milliseconds idle_timeout{90000};           // Go's transport: 90 s
};

class HttpClient : public HttpTransport {
 public:
  // Fails (InvalidArgument) when the TLS material does not parse.
  static StatusOr<std::unique_ptr<HttpClient>> Create(HttpClientOptions options);
  ~HttpClient() override;

  StatusOr<HttpResponse> RoundTrip(const HttpRequest& request) override;
  StatusOr<std::unique_ptr<HttpStream>> OpenStream(const HttpRequest& request) override;

  // Idle connections parked for `origin` ("https://host:port") with this client's own
  // certificate. For tests and diagnostics.
  size_t IdleConnections(const std::string& origin) const;
  // Closes every idle connection.
  void CloseIdleConnections();

 private:
  struct Prepared;
  HttpClient(HttpClientOptions options, std::shared_ptr<boost::asio::ssl::context> tls_context);
  StatusOr<Prepared> Prepare(const HttpRequest& request) const;

  const HttpClientOptions options_;
  const std::shared_ptr<boost::asio::ssl::context> tls_context_;  // null without TLS material
  const std::shared_ptr<ConnectionPool> pool_;
};

}  // namespace kubecxx::net
