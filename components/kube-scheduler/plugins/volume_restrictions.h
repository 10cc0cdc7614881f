// VolumeRestrictions (upstream framework/plugins/volumerestrictions): a pod may not join a
// node whose pods use the same GCE PD (unless all read-only), AWS EBS volume, Ceph RBD
// image (overlapping monitors, same pool and image, unless all read-only) or iSCSI IQN
// (unless all read-only): "node(s) had no available disk". A ReadWriteOncePod claim
// already used by any scheduled pod rejects every node: "node(s) unavailable due to
// PersistentVolumeClaim with ReadWriteOncePod access mode already in-use by another pod". A missing
// claim rejects the pod at PreFilter (UnschedulableAndUnresolvable, the lister's text).
// PreFilter skips the plugin for pods with neither kind of volume.
//
// Thread-safety: immutable; Filter only reads the CycleState.
#pragma once

#include <set>
#include <string>

#include "components/kube-scheduler/framework/interface.h"
#include "components/kube-scheduler/plugins/volume_listers.h"

namespace kubecxx::scheduler::plugins {

inline constexpr std::string_view kErrReasonDiskConflict = "node(s) had no available disk";
// The v1.37 text (stock kube-scheduler, equivalence scenario volume-restrictions).
inline constexpr std::string_view kErrReasonReadWriteOncePodConflict =
    "node(s) unavailable due to PersistentVolumeClaim with ReadWriteOncePod access mode already in-use by another pod";

class VolumeRestrictions final : public framework::PreFilterPlugin,
                                 public framework::FilterPlugin,
                                 public framework::PreFilterExtensions {
 public:
  // REQUIRES: handle and lister outlive the plugin.
  VolumeRestrictions(const framework::Handle& handle, const VolumeLister* lister)
      : handle_(handle), lister_(lister) {}
  std::string_view Name() const override { return "VolumeRestrictions"; }

  framework::Status PreFilter(framework::CycleState& state, const framework::Pod& pod,
                              const framework::NodeInfoList& nodes, framework::PreFilterResult* result) override;
  framework::PreFilterExtensions* Extensions() override { return this; }
  framework::Status AddPod(framework::CycleState& state, const framework::Pod& pod_to_schedule,
                           const std::shared_ptr<const framework::PodInfo>& pod_to_add,
                           const framework::NodeInfo& node_info) override;
  framework::Status RemovePod(framework::CycleState& state, const framework::Pod& pod_to_schedule,
                              const std::shared_ptr<const framework::PodInfo>& pod_to_remove,
                              const framework::NodeInfo& node_info) override;
  framework::Status Filter(const framework::CycleState& state, const framework::Pod& pod,
                           const framework::NodeInfo& node_info) const override;

 private:
  const framework::Handle& handle_;
  const VolumeLister* lister_;
};

// isVolumeConflict for one volume of the incoming pod against an existing pod.
bool IsVolumeConflict(const api::core::v1::Volume& volume, const framework::Pod& existing);
// Whether the pod has a GCE PD, AWS EBS, RBD or iSCSI volume.
bool NeedsRestrictionsCheck(const framework::Pod& pod);

}  // namespace kubecxx::scheduler::plugins
