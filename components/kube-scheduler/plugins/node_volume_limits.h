// NodeVolumeLimits (upstream framework/plugins/nodevolumelimits csi.go): the CSI volumes
// a pod would attach to a node, per driver, against the node's CSINode
// spec.drivers[].allocatable.count: "node(s) exceed max volume count" (Unschedulable).
//
// A volume is "<driver>/<volumeHandle>" and counts once per node however many pods use it.
// Sources: PVCs (the bound PV's CSI source, an in-tree AWS EBS / GCE PD / Azure Disk /
// Cinder PV as its migrated CSI driver, else the StorageClass provisioner with a
// per-claim synthetic handle), generic ephemeral volumes (claim "<pod>-<volume>", owned
// by the pod), inline migrated in-tree volumes, and the node's VolumeAttachments. The
// incoming pod's missing claim is UnschedulableAndUnresolvable ("looking up PVC ns/c:
// persistentvolumeclaim \"c\" not found"). With VolumeLimitScaling (v1.37 default on) a
// driver whose CSIDriver sets preventPodSchedulingIfMissing must be on the node's
// CSINode: "<driver> CSI driver is not installed on the node". PreFilter skips pods
// without PVC, ephemeral or migratable inline volumes.
//
// Thread-safety: immutable after construction; Filter reads the lister only.
#pragma once

#include <map>
#include <string>

#include "components/kube-scheduler/framework/interface.h"
#include "components/kube-scheduler/plugins/volume_listers.h"

namespace kubecxx::scheduler::plugins {

inline constexpr std::string_view kErrReasonMaxVolumeCountExceeded = "node(s) exceed max volume count";

class NodeVolumeLimits final : public framework::PreFilterPlugin, public framework::FilterPlugin {
 public:
  // REQUIRES: lister outlives the plugin. `volume_id_prefix` makes the synthetic handles of
  // unbound claims (upstream: 32 random characters).
  NodeVolumeLimits(const VolumeLister* lister, std::string volume_id_prefix, bool volume_limit_scaling = true)
      : lister_(lister), prefix_(std::move(volume_id_prefix)), scaling_(volume_limit_scaling) {}
  std::string_view Name() const override { return "NodeVolumeLimits"; }
  framework::Status PreFilter(framework::CycleState& state, const framework::Pod& pod,
                              const framework::NodeInfoList& nodes, framework::PreFilterResult* result) override;
  framework::Status Filter(const framework::CycleState& state, const framework::Pod& pod,
                           const framework::NodeInfo& node_info) const override;

 private:
  // filterAttachableVolumes: unique volume name -> driver. Errors: `not_found` set when the
  // incoming pod's claim is missing.
  framework::Status AttachableVolumes(const framework::Pod& pod, const CsiNodePtr& csi_node, bool new_pod,
                                      std::map<std::string, std::string>* out) const;
  std::pair<std::string, std::string> DriverInfo(const CsiNodePtr& csi_node,
                                                 const api::core::v1::PersistentVolumeClaim& pvc) const;
  std::pair<std::string, std::string> DriverInfoFromClass(const CsiNodePtr& csi_node,
                                                          const api::core::v1::PersistentVolumeClaim& pvc) const;

  const VolumeLister* lister_;
  std::string prefix_;
  bool scaling_;
};

// Whether an inline volume is one csi-translation-lib can migrate (AWS EBS, GCE PD,
// Azure Disk, Azure File, Cinder, vSphere, Portworx).
bool IsInlineMigratable(const api::core::v1::Volume& vol);

}  // namespace kubecxx::scheduler::plugins
