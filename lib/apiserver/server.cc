#include "lib/apiserver/server.h"

#include <mutex>
#include <set>

#include "kubecxx/api/meta/v1/types.h"
#include "lib/apiserver/auth_setup.h"
#include "lib/apiserver/boot_objects.h"
#include "lib/apiserver/cache_serving.h"
#include "lib/apiserver/service_allocator.h"
#include "lib/apiserver/discovery.h"
#include "lib/apiserver/openapi.h"
#include "lib/apiserver/resource_registry.h"
#include "lib/apiserver/object_meta.h"
#include "lib/apiserver/request_metrics.h"
#include "lib/apiserver/response_filter.h"
#include "lib/apiserver/rest_handler.h"
#include "lib/apiserver/storage_metrics.h"
#include "lib/apiserver/strategies.h"
#include "lib/apiserver/version.h"
#include "lib/apiserver/worker_pool.h"
#include "lib/etcd/client.h"
#include "lib/log/log.h"
#include "lib/metrics/build_info.h"
#include "lib/server/component_server.h"
#include "lib/server/healthz.h"
#include "lib/server/http_server.h"
#include "lib/server/tls.h"
#include "lib/storage/compactor.h"
#include "lib/storage/lease_manager.h"

namespace kubecxx::apiserver {


struct ApiServer::Impl {
  ApiServerConfig config;
  std::unique_ptr<etcd::Client> etcd;
  std::unique_ptr<storage::LeaseManager> leases;
  std::unique_ptr<storage::Compactor> compactor;
  std::unique_ptr<ResourceRegistry> registry;
  std::unique_ptr<WorkerPool> pool;
  std::unique_ptr<RestHandler> rest;
  std::unique_ptr<Discovery> discovery;
  std::unique_ptr<AuthStack> auth;
  std::unique_ptr<BootObjects> boot;
  std::unique_ptr<ServiceAllocator> service_allocator;
  std::unique_ptr<ObjectCounter> object_counter;
  std::unique_ptr<InflightPublisher> inflight;
  server::Router inner;   // every route
  server::Router router;  // one prefix route: authentication, then `inner`
  std::unique_ptr<server::HttpServer> http;
  uint16_t port = 0;
  bool stopped = false;
};

namespace {

// What stock's system-namespaces controller does at start: create the missing ones.
void EnsureSystemNamespaces(const ResourceRegistry& registry) {
  ServedResource* r = registry.Find("", "v1", "namespaces");
  if (r == nullptr) return;
  for (const char* name : kSystemNamespaces) {
    codec::Object ns(r->kind);
    r->kind->set_type_meta(ns.get(), "v1", "Namespace");
    ns.meta()->name = name;
    ApiError error;
    if (!PrepareForCreate(*r, ns, &error)) continue;
    auto created = r->store->Create(r->Key("", name), std::move(ns));
    if (!created.ok() && created.status().code() != StatusCode::kAlreadyExists) {
      KLOG_ERROR_S(created.status(), "Unable to create the system namespace", "namespace", name);
    }
  }
}

// /metrics (not authorized yet: see response_filter.h), kubernetes_build_info and the
// object counts of apiserver_resource_objects, one per served group/resource.
std::unique_ptr<ObjectCounter> InstallMetrics(server::Router& router,
                                              const ApiServerConfig& config,
                                              const ResourceRegistry& served,
                                              etcd::Client* etcd) {
  metrics::Registry& registry = metrics::Registry::Default();
  static std::once_flag build_info;
  std::call_once(build_info, [&registry] {
    metrics::RegisterBuildInfo(registry, metrics::DefaultBuildInfo());
  });
  server::InstallMetricsHandler(router, &registry);
  if (config.etcd_count_metric_poll_period_ns <= 0) return nullptr;
  std::vector<ObjectCounter::Target> targets;
  std::set<std::pair<std::string, std::string>> seen;
  std::string root = config.etcd_prefix;
  if (root.empty() || root.back() != '/') root.push_back('/');
  for (const auto& r : served.served()) {
    if (!seen.insert({r->group, r->resource}).second) continue;
    targets.push_back({r->group, r->resource, root + r->etcd_prefix + "/"});
  }
  auto counter = std::make_unique<ObjectCounter>(
      etcd, std::move(targets), &StorageMetrics::Default(),
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::nanoseconds(config.etcd_count_metric_poll_period_ns)));
  counter->Start();
  return counter;
}

}  // namespace

ApiServer::ApiServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ApiServer::~ApiServer() { Stop(); }

StatusOr<std::unique_ptr<ApiServer>> ApiServer::Start(const ApiServerConfig& config) {
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  if (config.etcd_servers.empty()) return Status::Invalid("--etcd-servers must be specified");
  etcd::ClientOptions eo;
  eo.endpoints = config.etcd_servers;
  eo.ca_file = config.etcd_cafile;
  eo.cert_file = config.etcd_certfile;
  eo.key_file = config.etcd_keyfile;
  auto client = etcd::Client::Create(eo);
  if (!client.ok()) return client.status();
  impl->etcd = std::move(*client);
  impl->leases = std::make_unique<storage::LeaseManager>(impl->etcd.get());
  auto registry =
      ResourceRegistry::Create(impl->etcd.get(), impl->leases.get(), config.etcd_prefix);
  if (!registry.ok()) return registry.status();
  impl->registry = std::move(*registry);
  for (auto [group, version] : {std::pair<const char*, const char*>{"", "v1"},
                                {"events.k8s.io", "v1"}}) {
    // Stock's event registry: every write of an event is leased for --event-ttl.
    if (ServedResource* events = impl->registry->Find(group, version, "events")) {
      events->ttl_seconds = static_cast<uint64_t>(config.event_ttl_ns / 1000000000LL);
    }
  }
  EnsureSystemNamespaces(*impl->registry);
  auto service_allocator = ServiceAllocator::Create(
      impl->registry.get(), impl->etcd.get(), impl->leases.get(), config.etcd_prefix,
      config.service_cluster_ip_range, config.service_node_port_range);
  if (!service_allocator.ok()) return service_allocator.status();
  impl->service_allocator = std::move(*service_allocator);
  impl->service_allocator->InstallHooks(impl->registry.get());
  impl->service_allocator->EnsureNodePortRange();
  if (config.etcd_compaction_interval_ns > 0) {
    impl->compactor = std::make_unique<storage::Compactor>(
        impl->etcd.get(), std::chrono::nanoseconds(config.etcd_compaction_interval_ns));
    impl->compactor->Start();
  }
  if (config.watch_cache) {
    storage::Compactor* compactor = impl->compactor.get();
    StartWatchCaches(
        *impl->registry, [compactor] { return compactor ? compactor->CompactRevision() : 0; },
        std::chrono::seconds(10));
  }

  server::ServingTlsOptions tls_options;
  tls_options.cert_file = config.tls_cert_file;
  tls_options.key_file = config.tls_private_key_file;
  tls_options.client_ca_file = config.client_ca_file;
  auto tls = server::NewServingTls(tls_options);
  if (!tls.ok()) return tls.status();

  impl->pool = std::make_unique<WorkerPool>(config.worker_threads);
  WorkerPool* pool = impl->pool.get();
  impl->rest = std::make_unique<RestHandler>(
      impl->registry.get(), [pool](std::function<void()> task) { pool->Post(std::move(task)); });
  auto auth = AuthStack::Create(
      config.auth, impl->registry.get(), !config.client_ca_file.empty(),
      [pool](std::function<void()> task) { pool->Post(std::move(task)); });
  if (!auth.ok()) return auth.status();
  impl->auth = std::move(*auth);

  impl->http = std::make_unique<server::HttpServer>(&impl->router,
                                                     server::ServerOptions{config.http_threads});
  server::ListenOptions lo;
  lo.address = config.bind_address;
  lo.port = static_cast<uint16_t>(config.secure_port);
  lo.tls = tls->context;
  auto port = impl->http->Listen(lo);
  if (!port.ok()) return port.status();
  impl->port = *port;

  std::string advertise = config.advertise_address.empty() ? config.bind_address
                                                           : config.advertise_address;
  impl->discovery = std::make_unique<Discovery>(advertise + ":" + std::to_string(impl->port));
  impl->discovery->Install(impl->inner);
  impl->rest->Install(impl->inner);
  InstallOpenApi(impl->inner);

  // Every request is authenticated first; anonymous ones only reach the public-info paths.
  etcd::Client* etcd_client = impl->etcd.get();
  auto etcd_check = server::NamedCheck("etcd", [etcd_client](const server::Request&) {
    return etcd_client->WaitUntilReady(std::chrono::seconds(2));
  });
  server::InstallHealthzHandler(impl->inner, {server::PingCheck(), server::LogCheck(), etcd_check});
  server::InstallLivezHandler(impl->inner, {server::PingCheck(), server::LogCheck(), etcd_check});
  server::InstallReadyzHandler(impl->inner,
                               {server::PingCheck(), server::LogCheck(), etcd_check});
  InstallVersionHandler(impl->inner);
  impl->object_counter =
      InstallMetrics(impl->inner, config, *impl->registry, impl->etcd.get());
  impl->inflight = std::make_unique<InflightPublisher>(&RequestMetrics::Default());
  server::Router* inner = &impl->inner;
  impl->router.HandlePrefix(
      "", "/",
      impl->auth->Wrap(WithResponseFilters(
          [inner](const server::Request& req, std::shared_ptr<server::ResponseWriter> w) {
            inner->Dispatch(req, std::move(w));
          },
          impl->registry.get(), &RequestMetrics::Default())));
  BootObjectsConfig boot;
  boot.service_cluster_ip_range = config.service_cluster_ip_range;
  boot.advertise_ip = advertise == "0.0.0.0" ? "" : advertise;
  boot.secure_port = impl->port;
  boot.endpoint_reconciler_type = config.endpoint_reconciler_type;
  boot.etcd_prefix = config.etcd_prefix;
  boot.client_ca_file = config.client_ca_file;
  boot.requestheader = config.requestheader;
  auto boot_objects = BootObjects::Create(impl->registry.get(), impl->etcd.get(),
                                          impl->leases.get(), boot);
  if (!boot_objects.ok()) return boot_objects.status();
  impl->boot = std::move(*boot_objects);
  impl->boot->Start();
  impl->http->Start();
  KLOG_INFO_S("Serving securely", "address", config.bind_address, "port",
              static_cast<int64_t>(impl->port));
  return std::unique_ptr<ApiServer>(new ApiServer(std::move(impl)));
}

void ApiServer::Stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  if (impl_->boot) impl_->boot->Stop();
  if (impl_->object_counter) impl_->object_counter->Stop();
  impl_->inflight.reset();
  impl_->rest->Stop();
  impl_->http->Stop();
  impl_->pool.reset();
  StopWatchCaches(*impl_->registry);
  if (impl_->compactor) impl_->compactor->Stop();
}

uint16_t ApiServer::port() const { return impl_->port; }

std::string ApiServer::url() const {
  std::string host = impl_->config.bind_address;
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  if (host == "::") host = "[::1]";
  return "https://" + host + ":" + std::to_string(impl_->port);
}

}  // namespace kubecxx::apiserver
