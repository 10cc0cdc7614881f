// The server every component exposes on its secure port (--bind-address, --secure-port,
// --tls-cert-file, --tls-private-key-file): /healthz, /livez, /readyz with named checks
// (lib/server/healthz.h) and /metrics from the process-wide registry, over HTTPS with the
// given certificate or, when none is given, a self-signed one made in memory at Start.
//
//   ComponentServer server(options);
//   server.AddReadyzCheck(NamedCheck("informer-sync", ...));
//   KUBECXX_RETURN_IF_ERROR(server.Start());
//
// Not yet: delegated authentication/authorization of /metrics (stock components check
// TokenReview/SubjectAccessReview there; health paths are always allowed).
//
// Thread-safety: configure, Start and Stop from one thread; see http_server.h for the
// threads serving requests.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lib/base/status.h"
#include "lib/metrics/registry.h"
#include "lib/server/healthz.h"
#include "lib/server/http_server.h"
#include "lib/server/router.h"
#include "lib/server/tls.h"

namespace kubecxx::server {

struct ComponentServerOptions {
  std::string bind_address = "0.0.0.0";
  // The component's default secure port (kube-scheduler 10259, controller-manager 10257).
  // 0 picks a free port (tests); a component whose --secure-port is 0 does not serve.
  uint16_t secure_port = 0;
  std::string tls_cert_file;
  std::string tls_private_key_file;
  SelfSignedOptions self_signed;  // when no certificate files are given
  ServerOptions http;
  metrics::Registry* registry = nullptr;  // nullptr: metrics::Registry::Default()
};

// Serves /metrics: the registry in the Prometheus text format.
void InstallMetricsHandler(Router& router, metrics::Registry* registry);

class ComponentServer {
 public:
  explicit ComponentServer(ComponentServerOptions options);
  ~ComponentServer();

  // Checks per endpoint, in the order added. An endpoint without checks gets "ping".
  // REQUIRES: before Start.
  void AddHealthzCheck(HealthCheck check) { healthz_.push_back(std::move(check)); }
  void AddLivezCheck(HealthCheck check) { livez_.push_back(std::move(check)); }
  void AddReadyzCheck(HealthCheck check) { readyz_.push_back(std::move(check)); }

  // Further routes (/configz, /debug/...). REQUIRES: registered before Start.
  Router& router() { return router_; }

  // Builds the TLS context, installs the endpoints, listens and starts serving; registers
  // kubernetes_build_info. Errors: TLS files, address in use.
  Status Start();
  void Stop();

  // The bound port (after Start).
  uint16_t port() const { return port_; }
  // The served certificate chain, PEM (after Start).
  const std::string& serving_cert_pem() const { return cert_pem_; }

 private:
  ComponentServerOptions options_;
  std::vector<HealthCheck> healthz_;
  std::vector<HealthCheck> livez_;
  std::vector<HealthCheck> readyz_;
  Router router_;
  std::unique_ptr<HttpServer> server_;
  uint16_t port_ = 0;
  std::string cert_pem_;
};

}  // namespace kubecxx::server
