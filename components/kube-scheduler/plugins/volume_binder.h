// VolumeBinder: the volume side of VolumeBinding (upstream volumebinding binder.go's
// volumeBinder): classify a pod's claims, decide per node whether its bound PVs fit and
// its WaitForFirstConsumer claims can be bound to existing PVs or provisioned, assume the
// choice in the PV/PVC assume caches at Reserve, and at PreBind write it to the API
// server and wait for the PV controller to finish the binding.
//
// Filter reasons (upstream ConflictReason texts), in upstream's order:
//   "node(s) didn't match PersistentVolume's node affinity"   bound PV's nodeAffinity
//   "node(s) didn't find available persistent volumes to bind"
//   "node(s) did not have enough free storage"   CSIStorageCapacity of a driver with
//                                                  storageCapacity: true
//   "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)"
//
// Not done (documented in docs/compatibility.md): translation of in-tree PVs to CSI for
// node affinity.
//
// Thread-safety: FindPodVolumes is const and runs concurrently for many nodes; the
// caches are internally locked; BindPodVolumes blocks its (binding) thread.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "components/kube-scheduler/plugins/volume_assume_cache.h"
#include "components/kube-scheduler/plugins/volume_listers.h"
#include "kubecxx/api/core/v1/types.h"

namespace kubecxx::scheduler::plugins {

inline constexpr std::string_view kErrReasonBindConflict = "node(s) didn't find available persistent volumes to bind";
// The v1.37 text (stock kube-scheduler, equivalence scenario volume-bound-pv).
inline constexpr std::string_view kErrReasonNodeConflict = "node(s) didn't match PersistentVolume's node affinity";
inline constexpr std::string_view kErrReasonNotEnoughSpace = "node(s) did not have enough free storage";
inline constexpr std::string_view kErrReasonPVNotExist =
    "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";

struct BindingInfo {
  PvcPtr pvc;
  PvPtr pv;
};

struct PodVolumes {
  std::vector<BindingInfo> static_bindings;
  std::vector<PvcPtr> dynamic_provisions;
  // Per dynamic provision, the CSIStorageCapacity that had room (null: not checked).
  std::vector<CsiStorageCapacityPtr> provision_capacities;
};

struct PodVolumeClaims {
  std::vector<PvcPtr> bound;
  std::vector<PvcPtr> unbound_delay_binding;
  std::vector<PvcPtr> unbound_immediate;
  std::map<std::string, std::vector<PvPtr>> unbound_volumes_delay_binding;  // by class
};

class VolumeBinder {
 public:
  // REQUIRES: lister (and api, when BindPodVolumes is used) outlive the binder.
  VolumeBinder(const VolumeLister* lister, VolumeBindingApi* api, std::chrono::milliseconds bind_timeout,
               std::chrono::milliseconds poll_interval = std::chrono::seconds(1));

  StatusOr<PodVolumeClaims> GetPodVolumeClaims(const api::core::v1::Pod& pod) const;
  // GetEligibleNodes: the nodes the bound claims' local PVs allow (hostname In terms);
  // nullopt = no restriction.
  std::optional<std::set<std::string, std::less<>>> GetEligibleNodes(const std::vector<PvcPtr>& bound) const;
  // FindPodVolumes: what binding the pod on `node` needs; reasons empty when it fits.
  Status FindPodVolumes(const api::core::v1::Pod& pod, const PodVolumeClaims& claims, const api::core::v1::Node& node,
                        PodVolumes* out, std::vector<std::string>* reasons) const;
  // AssumePodVolumes: true when every claim of the pod is already fully bound.
  StatusOr<bool> AssumePodVolumes(const api::core::v1::Pod& assumed, const std::string& node, PodVolumes* volumes);
  void RevertAssumedPodVolumes(const PodVolumes& volumes);
  // BindPodVolumes: the API updates, then polling until the PV controller completed the
  // bindings; errors as upstream ("binding volumes: context deadline exceeded", ...).
  Status BindPodVolumes(const api::core::v1::Pod& assumed, PodVolumes* volumes);
  // Makes a running BindPodVolumes give up (scheduler shutdown).
  void Stop() { stopping_ = true; }

  AssumeCache<api::core::v1::PersistentVolume>& pv_cache() { return pv_cache_; }
  AssumeCache<api::core::v1::PersistentVolumeClaim>& pvc_cache() { return pvc_cache_; }

 private:
  // isVolumeBound for one volume of the pod: (bound, claim) - claim null for non-PVC volumes.
  StatusOr<std::pair<bool, PvcPtr>> IsVolumeBound(const api::core::v1::Pod& pod, const api::core::v1::Volume& vol) const;
  std::vector<PvPtr> ListPvs(const std::string& storage_class) const;
  StatusOr<bool> CheckBindings(const api::core::v1::Pod& pod, const PodVolumes& volumes) const;
  // hasEnoughCapacity: (sufficient, the capacity object that has room).
  std::pair<bool, CsiStorageCapacityPtr> HasEnoughCapacity(const std::string& provisioner,
                                                           const api::core::v1::PersistentVolumeClaim& claim,
                                                           const api::storage::v1::StorageClass& sc,
                                                           const api::core::v1::Node& node) const;

  const VolumeLister* lister_;
  VolumeBindingApi* api_;
  std::chrono::milliseconds bind_timeout_;
  std::chrono::milliseconds poll_interval_;
  std::atomic<bool> stopping_{false};
  AssumeCache<api::core::v1::PersistentVolume> pv_cache_;
  AssumeCache<api::core::v1::PersistentVolumeClaim> pvc_cache_;
};

// isPVCFullyBound: spec.volumeName set and the bind-completed annotation present.
bool IsPvcFullyBound(const api::core::v1::PersistentVolumeClaim& pvc);

}  // namespace kubecxx::scheduler::plugins
