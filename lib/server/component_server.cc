#include "lib/server/component_server.h"

#include <memory>
#include <string>
#include <utility>

#include "lib/log/log.h"
#include "lib/metrics/build_info.h"
#include "lib/metrics/text_format.h"

namespace kubecxx::server {

void InstallMetricsHandler(Router& router, metrics::Registry* registry) {
  router.Handle("GET", "/metrics",
                [registry](const Request&, std::shared_ptr<ResponseWriter> writer) {
                  Response r;
                  r.headers = {{"Content-Type", metrics::kTextContentType}};
                  r.body = registry->GatherText();
                  writer->Reply(std::move(r));
                });
}

ComponentServer::ComponentServer(ComponentServerOptions options) : options_(std::move(options)) {}

ComponentServer::~ComponentServer() { Stop(); }

Status ComponentServer::Start() {
  ServingTlsOptions tls_options;
  tls_options.cert_file = options_.tls_cert_file;
  tls_options.key_file = options_.tls_private_key_file;
  tls_options.self_signed = options_.self_signed;
  auto tls = NewServingTls(tls_options);
  if (!tls.ok()) return tls.status();
  cert_pem_ = tls->cert_pem;

  metrics::Registry* registry =
      options_.registry != nullptr ? options_.registry : &metrics::Registry::Default();
  metrics::RegisterBuildInfo(*registry, metrics::DefaultBuildInfo());
  InstallHealthzHandler(router_, std::move(healthz_));
  InstallLivezHandler(router_, std::move(livez_));
  InstallReadyzHandler(router_, std::move(readyz_));
  InstallMetricsHandler(router_, registry);

  server_ = std::make_unique<HttpServer>(&router_, options_.http);
  ListenOptions listen;
  listen.address = options_.bind_address;
  listen.port = options_.secure_port;
  listen.tls = tls->context;
  auto port = server_->Listen(listen);
  if (!port.ok()) return port.status();
  port_ = *port;
  server_->Start();
  // net.JoinHostPort, as apiserver's "Serving securely on %s".
  std::string host = options_.bind_address;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  KLOG_INFO("Serving securely on ", host, ":", std::to_string(port_));
  return Status::Ok();
}

void ComponentServer::Stop() {
  if (server_ != nullptr) server_->Stop();
}

}  // namespace kubecxx::server
