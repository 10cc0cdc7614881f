#include "components/kube-scheduler/plugins/volume_restrictions.h"

#include "components/kube-scheduler/plugins/volume_helpers.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using framework::Status;

constexpr std::string_view kStateKey = "PreFilterVolumeRestrictions";

struct RestrictionsState final : framework::StateData {
  std::set<std::string, std::less<>> rwop_claims;  // claim names
  int conflicting_ref_count = 0;

  std::shared_ptr<framework::StateData> Clone() const override {
    return std::make_shared<RestrictionsState>(*this);
  }
  int CountFor(const framework::Pod& pod) const {
    int n = 0;
    for (const auto& v : pod.spec.volumes) {
      if (v.volume_source.persistent_volume_claim && rwop_claims.contains(v.volume_source.persistent_volume_claim->claim_name)) {
        ++n;
      }
    }
    return n;
  }
};

bool NeedsCheck(const api::core::v1::Volume& v) {
  const auto& s = v.volume_source;
  return s.gce_persistent_disk || s.aws_elastic_block_store || s.rbd || s.iscsi;
}

bool HaveOverlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const auto& x : a) {
    for (const auto& y : b) {
      if (x == y) return true;
    }
  }
  return false;
}

}  // namespace

bool NeedsRestrictionsCheck(const framework::Pod& pod) {
  for (const auto& v : pod.spec.volumes) {
    if (NeedsCheck(v)) return true;
  }
  return false;
}

bool IsVolumeConflict(const api::core::v1::Volume& volume, const framework::Pod& existing) {
  const auto& s = volume.volume_source;
  for (const auto& ev : existing.spec.volumes) {
    const auto& e = ev.volume_source;
    if (s.gce_persistent_disk && e.gce_persistent_disk) {
      if (s.gce_persistent_disk->pd_name == e.gce_persistent_disk->pd_name &&
          !(s.gce_persistent_disk->read_only && e.gce_persistent_disk->read_only)) {
        return true;
      }
    }
    if (s.aws_elastic_block_store && e.aws_elastic_block_store &&
        s.aws_elastic_block_store->volume_id == e.aws_elastic_block_store->volume_id) {
      return true;
    }
    if (s.iscsi && e.iscsi && s.iscsi->iqn == e.iscsi->iqn && !(s.iscsi->read_only && e.iscsi->read_only)) {
      return true;
    }
    if (s.rbd && e.rbd && HaveOverlap(s.rbd->ceph_monitors, e.rbd->ceph_monitors) &&
        s.rbd->rbd_pool == e.rbd->rbd_pool && s.rbd->rbd_image == e.rbd->rbd_image &&
        !(s.rbd->read_only && e.rbd->read_only)) {
      return true;
    }
  }
  return false;
}

Status VolumeRestrictions::PreFilter(framework::CycleState& state, const framework::Pod& pod,
                                     const framework::NodeInfoList&, framework::PreFilterResult*) {
  const bool needs_check = NeedsRestrictionsCheck(pod);
  auto s = std::make_shared<RestrictionsState>();
  for (const auto& v : pod.spec.volumes) {
    if (!v.volume_source.persistent_volume_claim) continue;
    const std::string& claim = v.volume_source.persistent_volume_claim->claim_name;
    PvcPtr pvc = lister_ ? lister_->GetPvc(pod.object_meta.namespace_, claim) : nullptr;
    if (!pvc) return Status(Code::kUnschedulableAndUnresolvable, PvcNotFound(claim));
    if (ContainsAccessMode(pvc->spec.access_modes, "ReadWriteOncePod")) s->rwop_claims.insert(pvc->object_meta.name);
  }
  // IsPVCUsedByPods: any pod of the snapshot (assumed ones included) mounts the claim.
  for (const std::string& claim : s->rwop_claims) {
    const std::string key = pod.object_meta.namespace_ + "/" + claim;
    for (const auto& ni : handle_.SnapshotLister().List()) {
      if (ni->pvc_ref_counts().contains(key)) {
        ++s->conflicting_ref_count;
        break;
      }
    }
  }
  if (!needs_check && s->conflicting_ref_count == 0) return Status(Code::kSkip);
  state.Write(std::string(kStateKey), std::move(s));
  return Status();
}

Status VolumeRestrictions::AddPod(framework::CycleState& state, const framework::Pod&,
                                  const std::shared_ptr<const framework::PodInfo>& pod_to_add,
                                  const framework::NodeInfo&) {
  auto* s = state.Read<RestrictionsState>(kStateKey);
  if (!s) return Status::Error("cannot read \"" + std::string(kStateKey) + "\" from cycleState");
  s->conflicting_ref_count += s->CountFor(pod_to_add->pod());
  return Status();
}

Status VolumeRestrictions::RemovePod(framework::CycleState& state, const framework::Pod&,
                                     const std::shared_ptr<const framework::PodInfo>& pod_to_remove,
                                     const framework::NodeInfo&) {
  auto* s = state.Read<RestrictionsState>(kStateKey);
  if (!s) return Status::Error("cannot read \"" + std::string(kStateKey) + "\" from cycleState");
  s->conflicting_ref_count -= s->CountFor(pod_to_remove->pod());
  return Status();
}

Status VolumeRestrictions::Filter(const framework::CycleState& state, const framework::Pod& pod,
                                  const framework::NodeInfo& node_info) const {
  for (const auto& v : pod.spec.volumes) {
    if (!NeedsCheck(v)) continue;
    for (const auto& ev : node_info.pods()) {
      if (IsVolumeConflict(v, ev->pod())) return Status(Code::kUnschedulable, std::string(kErrReasonDiskConflict));
    }
  }
  const auto* s = state.Read<RestrictionsState>(kStateKey);
  if (!s) return Status::Error("cannot read \"" + std::string(kStateKey) + "\" from cycleState");
  if (s->conflicting_ref_count > 0) {
    return Status(Code::kUnschedulable, std::string(kErrReasonReadWriteOncePodConflict));
  }
  return Status();
}

}  // namespace kubecxx::scheduler::plugins
