// Service ClusterIP and NodePort allocation stored exactly as stock v1.37.2 stores it
// (docs/decisions/0015), so that a stock kube-apiserver and ours on one etcd share the pools:
//  * a ClusterIP is reserved by creating IPAddress <ip> (networking.k8s.io/v1, labels
//    ipaddress.kubernetes.io/ip-family and managed-by ipallocator.k8s.io, parentRef the
//    service); AlreadyExists = taken. Dynamic IPs are drawn at random from the upper band of
//    --service-cluster-ip-range first (offset min(max(16, size/16), 256)), then the lower band.
//  * NodePorts are bits of the RangeAllocation /registry/ranges/servicenodeports (range
//    "<first>-<last>" of --service-node-port-range, data = big-endian big integer, bit i =
//    port first+i), changed by compare-and-swap; dynamic ports at random from the upper band
//    (offset min(max(16, size/32), 128)) first.
// On create (type ClusterIP / NodePort / LoadBalancer; not ExternalName, not clusterIP None):
// the requested IP/ports are reserved or the create fails with stock's 422 ("provided IP is
// already allocated", "provided port is already allocated", "... not in the valid range");
// the service gets spec.clusterIP(s), ipFamilies [IPv4], ipFamilyPolicy SingleStack. A failed
// create releases what was reserved. On delete both are released.
// Not yet: updates (type changes, port changes), dual stack, ServiceCIDRs other than the flag's
// range, healthCheckNodePort, the repair controllers.
// Thread-safety: safe for concurrent use (all state is in etcd).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "lib/apiserver/api_errors.h"
#include "lib/apiserver/resource_registry.h"
#include "lib/base/status.h"
#include "lib/etcd/client.h"
#include "lib/storage/lease_manager.h"

namespace kubecxx::apiserver {

class ServiceAllocator {
 public:
  // REQUIRES: registry, client and leases outlive the allocator.
  static StatusOr<std::unique_ptr<ServiceAllocator>> Create(
      const ResourceRegistry* registry, etcd::Client* client, storage::LeaseManager* leases,
      const std::string& etcd_prefix, const std::string& cluster_ip_range,
      const std::string& node_port_range);

  // Before a Service is stored. False (with a 422/500) rejects the create; on success *undo
  // releases what was reserved (call it when the create then fails).
  bool AllocateForCreate(codec::Object& service, ApiError* error, std::function<void()>* undo);
  // The same for a dry-run create, as stock's dry-run allocators: a requested IP is only
  // checked against the range, a dynamic one is the range's base address; requested node
  // ports are checked against the bitmap, dynamic ones are 32769, 32770, ...; nothing is
  // reserved.
  bool AllocateForDryRun(codec::Object& service, ApiError* error);
  // After a Service was deleted.
  void ReleaseForDelete(const codec::Object& service);

  // Creates /registry/ranges/servicenodeports (empty, with the range) when absent, as stock's
  // node-port repair controller does at start.
  void EnsureNodePortRange();

  // Installs both as the services resource's hooks (resource_registry.h).
  void InstallHooks(ResourceRegistry* registry);

 private:
  ServiceAllocator() = default;
  bool AllocateIp(const std::string& ns, const std::string& name, const std::string& requested,
                  std::string* ip, ApiError* error);
  void ReleaseIp(const std::string& ip, const std::string& ns, const std::string& name);
  // ports: requested (0 = any) in, allocated out; index of the failing port in *bad.
  Status UpdatePorts(std::vector<int>* ports, bool release, size_t* bad);

  const ResourceRegistry* registry_ = nullptr;
  std::unique_ptr<storage::Interface> ranges_;
  uint32_t ip_base_ = 0;     // network address
  uint32_t ip_size_ = 0;     // usable addresses (network and broadcast excluded)
  std::string cidr_;
  int port_base_ = 30000;
  int port_size_ = 2768;
  std::string port_range_;
};

}  // namespace kubecxx::apiserver
