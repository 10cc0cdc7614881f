// Storage helpers the volume plugins share (upstream component-helpers/storage/volume
// pv_helpers.go and helpers.go, component-helpers/storage/ephemeral, and the listers'
// NotFound texts).
// Thread-safety: pure functions (IsDelayBindingMode reads the thread-safe lister).
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "components/kube-scheduler/plugins/volume_listers.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::plugins {

inline constexpr std::string_view kAnnStorageClassBeta = "volume.beta.kubernetes.io/storage-class";
inline constexpr std::string_view kAnnSelectedNode = "volume.kubernetes.io/selected-node";
inline constexpr std::string_view kAnnBindCompleted = "pv.kubernetes.io/bind-completed";
inline constexpr std::string_view kAnnBoundByController = "pv.kubernetes.io/bound-by-controller";
inline constexpr std::string_view kNotSupportedProvisioner = "kubernetes.io/no-provisioner";
inline constexpr std::string_view kWaitForFirstConsumer = "WaitForFirstConsumer";

// The lister's NotFound texts (errors.NewNotFound(resource, name).Error()).
std::string PvcNotFound(std::string_view name);          // persistentvolumeclaim "x" not found
std::string PvNotFound(std::string_view name);           // persistentvolume "x" not found
std::string StorageClassNotFound(std::string_view name);  // storageclass.storage.k8s.io "x" not found

// GetPersistentVolumeClaimClass / GetPersistentVolumeClass: the beta annotation wins
// over spec.storageClassName.
std::string PvcClass(const api::core::v1::PersistentVolumeClaim& pvc);
std::string PvClass(const api::core::v1::PersistentVolume& pv);

// CheckNodeAffinity: "" when the PV's required node affinity matches a node with these
// labels (or there is none), else the error text ("no matching NodeSelectorTerms", or
// the selector's parse error).
std::string CheckNodeAffinity(const api::core::v1::PersistentVolume& pv,
                              const std::map<std::string, std::string>& node_labels);

bool IsVolumeBoundToClaim(const api::core::v1::PersistentVolume& pv,
                          const api::core::v1::PersistentVolumeClaim& pvc);
// Every access mode of the claim is one of the volume's.
bool CheckAccessModes(const api::core::v1::PersistentVolumeClaim& pvc, const api::core::v1::PersistentVolume& pv);
// volumeMode differs (nil is Filesystem).
bool VolumeModeMismatches(const api::core::v1::PersistentVolumeClaim& pvc, const api::core::v1::PersistentVolume& pv);
bool ContainsAccessMode(const std::vector<std::string>& modes, std::string_view mode);

// FindMatchingVolume on the scheduler path (node given, delayBinding true,
// VolumeAttributesClass compared as the v1.37 default has it on): the PV pre-bound to the
// claim if its node affinity fits (else none), otherwise the smallest Available PV of
// the claim's class with enough capacity, a matching selector, volume mode, access modes
// and node affinity. `excluded` names PVs already chosen. Null when none; an Error only
// for a selector that does not parse.
StatusOr<PvPtr> FindMatchingVolume(const api::core::v1::PersistentVolumeClaim& pvc, const std::vector<PvPtr>& pvs,
                                   const api::core::v1::Node& node, const std::set<std::string, std::less<>>& excluded);

// IsDelayBindingMode: the claim's class has volumeBindingMode WaitForFirstConsumer. No
// class name or an unknown class is immediate; a class without a mode is an error
// ("VolumeBindingMode not set for StorageClass \"x\"").
StatusOr<bool> IsDelayBindingMode(const api::core::v1::PersistentVolumeClaim& pvc, const VolumeLister& lister);

// ephemeral.VolumeClaimName: "<pod>-<volume>".
std::string EphemeralClaimName(const api::core::v1::Pod& pod, const api::core::v1::Volume& vol);
// ephemeral.VolumeIsForPod: "" or "PVC ns/name was not created for pod ns/name (pod is not owner)".
std::string EphemeralVolumeIsForPod(const api::core::v1::Pod& pod, const api::core::v1::PersistentVolumeClaim& pvc);

// volumehelpers.LabelZonesToSet: "a__b" -> {a, b}; an empty zone is an error.
StatusOr<std::set<std::string>> LabelZonesToSet(std::string_view value);

// The resourceVersion as a number (0 when it does not parse).
uint64_t ResourceVersionOf(const api::meta::v1::ObjectMeta& meta);

}  // namespace kubecxx::scheduler::plugins
