// The objects stock kube-apiserver v1.37.2 creates and keeps at start (facts from
// pkg/controlplane/controller/kubernetesservice, pkg/controlplane/reconcilers (lease and none),
// pkg/controlplane/controller/defaultservicecidr, pkg/registry/scheduling/rest and
// pkg/apis/scheduling/v1/helpers.go), written in the same etcd keys with the same content:
//  * PriorityClasses system-node-critical (2000001000) and system-cluster-critical
//    (2000000000), created when missing;
//  * ServiceCIDR "kubernetes" for --service-cluster-ip-range (Ready), created when missing;
//  * Service default/kubernetes: ClusterIP = the first IP of --service-cluster-ip-range, port
//    "https" 443/TCP -> --secure-port, SingleStack IPv4, labels component=apiserver,
//    provider=kubernetes, and its IPAddress object (networking.k8s.io/v1, parentRef the
//    service) as the v1.37 allocator records it; created when missing, every 10 s;
//  * with --endpoint-reconciler-type=lease (default): this server's lease
//    /registry/masterleases/<ip> (an Endpoints, 15 s TTL, generation counting renewals)
//    renewed every 10 s, and Endpoints default/kubernetes (skip-mirror label, every live
//    lease's IP) plus EndpointSlice default/kubernetes reconciled from them; the lease is
//    removed at Stop(). A loopback advertise address is refused by stock at start; here it
//    only disables the endpoints part (logged). "none": no endpoints;
//  * ConfigMap kube-system/extension-apiserver-authentication: client-ca-file = the
//    --client-ca-file certificates (PEM re-encoded, merged with the ones already there);
//  * ConfigMap kube-system/kube-apiserver-legacy-service-account-token-tracking: since =
//    today (UTC), created when missing.
// Threading: one reconcile thread, started by Start(), stopped by Stop().
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "lib/apiserver/resource_registry.h"
#include "lib/base/status.h"
#include "lib/etcd/client.h"
#include "lib/storage/lease_manager.h"

namespace kubecxx::apiserver {

// The --requestheader-* flags, published in kube-system/extension-apiserver-authentication for
// aggregated apiservers and components' delegated authentication. (Front-proxy authentication
// of requests themselves is not implemented yet.)
struct RequestHeaderConfig {
  std::string client_ca_file;
  std::vector<std::string> allowed_names, username_headers, uid_headers, group_headers,
      extra_headers_prefix;
};

struct BootObjectsConfig {
  std::string service_cluster_ip_range = "10.0.0.0/24";  // stock's default
  std::string advertise_ip;      // the endpoint IP ("" = no endpoints)
  int64_t secure_port = 6443;
  std::string endpoint_reconciler_type = "lease";  // lease | none
  std::string etcd_prefix = "/registry";
  std::string client_ca_file;  // --client-ca-file ("" = none)
  RequestHeaderConfig requestheader;  // published with a requestheader CA only
};

// The first usable IP of an IPv4 CIDR ("10.96.0.0/16" -> "10.96.0.1"). Errors for bad or
// non-IPv4 ranges.
StatusOr<std::string> FirstServiceIp(const std::string& cidr);

class BootObjects {
 public:
  // REQUIRES: registry, client and leases outlive this object.
  static StatusOr<std::unique_ptr<BootObjects>> Create(const ResourceRegistry* registry,
                                                       etcd::Client* client,
                                                       storage::LeaseManager* leases,
                                                       BootObjectsConfig config);
  ~BootObjects();

  // Creates what is missing once, then starts the 10 s reconcile thread.
  void Start();
  // Stops the thread and removes this server's master lease (and its endpoint).
  void Stop();

 private:
  BootObjects() = default;
  void CreateOnce();
  void ReconcileAuthenticationConfigMap();
  void ReconcileService();
  void ReconcileEndpoints(bool remove_own_lease);

  const ResourceRegistry* registry_ = nullptr;
  BootObjectsConfig config_;
  std::string service_ip_;
  std::unique_ptr<storage::Interface> master_leases_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace kubecxx::apiserver
