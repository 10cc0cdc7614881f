// ApiServer: the kube-apiserver's serving core, reusable by any component that serves the
// Kubernetes API: etcd client + per-resource storage (resource_registry.h), HTTPS with
// authentication (auth_setup.h: x509, tokens, service accounts, TokenRequest), /version, /metrics, /healthz /livez /readyz
// (with an etcd check), discovery (discovery.h) and the REST verbs (rest_handler.h). At start
// it creates the missing system namespaces (default, kube-system, kube-public,
// kube-node-lease), as stock's system-namespaces controller does (once, not every minute),
// and keeps the kubernetes Service, its endpoints and the system priority classes
// (boot_objects.h).
//
// Threading model:
//  * HttpServer I/O threads (config.http_threads) parse requests and run cheap handlers
//    (health, version, discovery, negotiation errors);
//  * a WorkerPool (config.worker_threads) runs every request that waits on etcd;
//  * one thread per open watch (rest_handler.h), ended by the client, its timeout or Stop;
//    watches and lists are served from the watch caches when they can (cache_serving.h);
//  * the boot-objects reconcile thread (boot_objects.h);
//  * one reflector thread per served resource's watch cache (watch_cache.h), started (and
//    waited for, up to 10 s) before the server listens; --watch-cache=false disables them;
//  * the etcd client's own threads (lib/etcd/client.h) and the compactor's (compactor.h);
//  * the object counter of apiserver_resource_objects (storage_metrics.h).
// /metrics serves metrics::Registry::Default() (request and storage metrics:
// request_metrics.h, storage_metrics.h); every answer passes response_filter.h (metrics,
// gzip, pretty JSON).
// Stop() refuses new connections, ends watches, drains the worker pool, stops the watch
// caches and closes etcd.
//
// Thread-safety: Start and Stop from one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lib/apiserver/auth_setup.h"
#include "lib/apiserver/boot_objects.h"
#include "lib/base/status.h"

namespace kubecxx::apiserver {

struct ApiServerConfig {
  std::string bind_address = "0.0.0.0";
  int64_t secure_port = 6443;  // 0: any free port (tests)
  std::string advertise_address;  // for serverAddressByClientCIDRs; "" = bind address
  std::string tls_cert_file;
  std::string tls_private_key_file;
  std::string client_ca_file;
  RequestHeaderConfig requestheader;
  std::vector<std::string> etcd_servers;
  std::string etcd_cafile;
  std::string etcd_certfile;
  std::string etcd_keyfile;
  std::string etcd_prefix = "/registry";
  int64_t etcd_compaction_interval_ns = 5LL * 60 * 1000 * 1000 * 1000;  // 0 disables
  // apiserver_resource_objects refresh (storage_metrics.h); <= 0 disables
  int64_t etcd_count_metric_poll_period_ns = 60LL * 1000 * 1000 * 1000;
  AuthOptions auth;  // authentication and service-account tokens (auth_setup.h)
  // Boot objects (boot_objects.h).
  std::string service_cluster_ip_range = "10.0.0.0/24";
  std::string endpoint_reconciler_type = "lease";
  std::string service_node_port_range = "30000-32767";  // service_allocator.h
  int64_t event_ttl_ns = 3600LL * 1000 * 1000 * 1000;  // --event-ttl: events' etcd lease TTL
  bool watch_cache = true;  // --watch-cache: LIST/WATCH from memory (cache_serving.h)
  int http_threads = 4;
  int worker_threads = 16;
};

class ApiServer {
 public:
  // Connects storage, builds discovery and routes, listens and serves.
  static StatusOr<std::unique_ptr<ApiServer>> Start(const ApiServerConfig& config);
  ~ApiServer();
  void Stop();

  uint16_t port() const;
  // "https://<bind or 127.0.0.1>:<port>".
  std::string url() const;

 private:
  struct Impl;
  explicit ApiServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kubecxx::apiserver
