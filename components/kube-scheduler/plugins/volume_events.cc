#include "components/kube-scheduler/plugins/volume_events.h"

#include "components/kube-scheduler/plugins/node_volume_limits.h"
#include "components/kube-scheduler/plugins/volume_helpers.h"
#include "components/kube-scheduler/plugins/volume_restrictions.h"
#include "components/kube-scheduler/plugins/volume_zone.h"

namespace kubecxx::scheduler::plugins {
namespace {

using api::core::v1::PersistentVolume;
using api::core::v1::PersistentVolumeClaim;
using api::core::v1::Pod;
using queue::ClusterEvent;
using queue::EventAs;
using queue::EventObject;
using queue::QueueingHint;
namespace action = queue::action;

ClusterEvent Ev(std::string_view res, uint32_t act) { return ClusterEvent{std::string(res), act, ""}; }
QueueingHint Hint(bool queue) { return queue ? QueueingHint::kQueue : QueueingHint::kQueueSkip; }

// The claim names of the pod: PVC volumes, and generic ephemeral ones when asked.
std::vector<std::string> ClaimNames(const Pod& pod, bool ephemeral) {
  std::vector<std::string> out;
  for (const auto& v : pod.spec.volumes) {
    if (v.volume_source.persistent_volume_claim) out.push_back(v.volume_source.persistent_volume_claim->claim_name);
    if (ephemeral && v.volume_source.ephemeral) out.push_back(EphemeralClaimName(pod, v));
  }
  return out;
}

bool PodUsesClaim(const Pod& pod, const PersistentVolumeClaim& pvc, bool ephemeral) {
  if (pvc.object_meta.namespace_ != pod.object_meta.namespace_) return false;
  for (const auto& n : ClaimNames(pod, ephemeral)) {
    if (n == pvc.object_meta.name) return true;
  }
  return false;
}

// The new (or only) PVC of the event names one of the pod's claims.
queue::QueueingHintFn PvcOfPod(bool ephemeral) {
  return [ephemeral](const Pod& pod, const EventObject&, const EventObject& new_obj) {
    auto pvc = EventAs<PersistentVolumeClaim>(new_obj);
    if (!pvc) return QueueingHint::kQueue;
    return Hint(PodUsesClaim(pod, *pvc, ephemeral));
  };
}

}  // namespace

std::vector<queue::ClusterEventWithHint> VolumeEventsToRegister() {
  using namespace action;
  // VolumeRestrictions: a deleted pod that held a conflicting volume or the same claim.
  queue::QueueingHintFn restrictions_pod_deleted = [](const Pod& pod, const EventObject& old_obj, const EventObject&) {
    auto deleted = EventAs<Pod>(old_obj);
    if (!deleted) return QueueingHint::kQueue;
    if (deleted->object_meta.namespace_ != pod.object_meta.namespace_) return QueueingHint::kQueueSkip;
    for (const auto& v : pod.spec.volumes) {
      if (IsVolumeConflict(v, *deleted)) return QueueingHint::kQueue;
    }
    for (const auto& mine : ClaimNames(pod, false)) {
      for (const auto& theirs : ClaimNames(*deleted, false)) {
        if (mine == theirs) return QueueingHint::kQueue;
      }
    }
    return QueueingHint::kQueueSkip;
  };
  // NodeVolumeLimits: a deleted assigned pod with attachable volumes.
  queue::QueueingHintFn limits_pod_deleted = [](const Pod&, const EventObject& old_obj, const EventObject&) {
    auto deleted = EventAs<Pod>(old_obj);
    if (!deleted) return QueueingHint::kQueue;
    if (deleted->spec.volumes.empty() || deleted->spec.node_name.empty()) return QueueingHint::kQueueSkip;
    for (const auto& v : deleted->spec.volumes) {
      if (v.volume_source.persistent_volume_claim || v.volume_source.ephemeral || IsInlineMigratable(v)) {
        return QueueingHint::kQueue;
      }
    }
    return QueueingHint::kQueueSkip;
  };
  // NodeVolumeLimits: a CSINode whose allocatable count grew (or a driver appeared).
  queue::QueueingHintFn csinode_grew = [](const Pod&, const EventObject& old_obj, const EventObject& new_obj) {
    auto o = EventAs<api::storage::v1::CSINode>(old_obj);
    auto n = EventAs<api::storage::v1::CSINode>(new_obj);
    if (!o || !n) return QueueingHint::kQueue;
    for (const auto& nd : n->spec.drivers) {
      const api::storage::v1::CSINodeDriver* od = nullptr;
      for (const auto& d : o->spec.drivers) {
        if (d.name == nd.name) od = &d;
      }
      if (!od) return QueueingHint::kQueue;
      auto count = [](const api::storage::v1::CSINodeDriver& d) -> std::optional<int32_t> {
        return d.allocatable ? d.allocatable->count : std::nullopt;
      };
      auto oc = count(*od), nc = count(nd);
      if (nc != oc && (!nc || !oc || *nc > *oc)) return QueueingHint::kQueue;
    }
    return QueueingHint::kQueueSkip;
  };
  // VolumeBinding: a new class, or changed allowedTopologies.
  queue::QueueingHintFn class_changed = [](const Pod&, const EventObject& old_obj, const EventObject& new_obj) {
    auto o = EventAs<api::storage::v1::StorageClass>(old_obj);
    auto n = EventAs<api::storage::v1::StorageClass>(new_obj);
    if (!o || !n) return QueueingHint::kQueue;
    return Hint(o->allowed_topologies != n->allowed_topologies);
  };
  // VolumeZone: a WaitForFirstConsumer class.
  queue::QueueingHintFn wffc_class = [](const Pod&, const EventObject&, const EventObject& new_obj) {
    auto n = EventAs<api::storage::v1::StorageClass>(new_obj);
    if (!n) return QueueingHint::kQueue;
    return Hint(n->volume_binding_mode && *n->volume_binding_mode == kWaitForFirstConsumer);
  };
  // VolumeZone: a new PV, or a PV whose topology labels changed.
  queue::QueueingHintFn pv_topology = [](const Pod&, const EventObject& old_obj, const EventObject& new_obj) {
    auto o = EventAs<PersistentVolume>(old_obj);
    auto n = EventAs<PersistentVolume>(new_obj);
    if (!o || !n) return QueueingHint::kQueue;
    return Hint(GetPvTopologies(*o) != GetPvTopologies(*n));
  };
  // VolumeBinding: any PV change matters to a pod with claims.
  queue::QueueingHintFn pv_for_claims = [](const Pod& pod, const EventObject&, const EventObject&) {
    for (const auto& v : pod.spec.volumes) {
      if (v.volume_source.persistent_volume_claim || v.volume_source.ephemeral) return QueueingHint::kQueue;
    }
    return QueueingHint::kQueueSkip;
  };
  return {
      {Ev(queue::kResourceAssignedPod, kDelete), "VolumeRestrictions", restrictions_pod_deleted},
      {Ev(queue::kResourceNode, kAdd), "VolumeRestrictions", nullptr},
      {Ev(queue::kResourcePersistentVolumeClaim, kAdd), "VolumeRestrictions", PvcOfPod(false)},

      {Ev(queue::kResourceCSINode, kAdd), "NodeVolumeLimits", nullptr},
      {Ev(queue::kResourceCSINode, kUpdate), "NodeVolumeLimits", csinode_grew},
      {Ev(queue::kResourceAssignedPod, kDelete), "NodeVolumeLimits", limits_pod_deleted},
      {Ev(queue::kResourcePersistentVolumeClaim, kAdd), "NodeVolumeLimits", PvcOfPod(true)},
      {Ev(queue::kResourceVolumeAttachment, kDelete), "NodeVolumeLimits", nullptr},

      {Ev(queue::kResourceStorageClass, kAdd | kUpdate), "VolumeBinding", class_changed},
      {Ev(queue::kResourcePersistentVolumeClaim, kAdd | kUpdate), "VolumeBinding", PvcOfPod(true)},
      {Ev(queue::kResourcePersistentVolume, kAdd | kUpdate), "VolumeBinding", pv_for_claims},
      {Ev(queue::kResourceNode, kAdd | kUpdateNodeLabel), "VolumeBinding", nullptr},
      {Ev(queue::kResourceCSINode, kAdd | kUpdate), "VolumeBinding", nullptr},
      {Ev(queue::kResourceCSIDriver, kUpdate), "VolumeBinding", nullptr},
      {Ev(queue::kResourceCSIStorageCapacity, kAdd | kUpdate), "VolumeBinding", nullptr},

      {Ev(queue::kResourceStorageClass, kAdd), "VolumeZone", wffc_class},
      {Ev(queue::kResourceNode, kAdd | kUpdateNodeLabel), "VolumeZone", nullptr},
      {Ev(queue::kResourcePersistentVolumeClaim, kAdd | kUpdate), "VolumeZone", PvcOfPod(false)},
      {Ev(queue::kResourcePersistentVolume, kAdd | kUpdate), "VolumeZone", pv_topology},
  };
}

}  // namespace kubecxx::scheduler::plugins
