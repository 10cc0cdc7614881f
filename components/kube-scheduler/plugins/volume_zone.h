// VolumeZone (upstream framework/plugins/volumezone): the zone/region labels of the PVs
// bound to the pod's claims (failure-domain.beta.kubernetes.io/{zone,region},
// topology.kubernetes.io/{zone,region}; "a__b" lists several zones) must match the
// node's labels (a beta key on the PV also matches the GA key on the node); a node with
// none of these labels fits. Mismatch: UnschedulableAndUnresolvable "node(s) had no
// available volume zone". PreFilter resolves claim -> PV once; unbound claims of a
// WaitForFirstConsumer class are skipped, other unbound claims fail ("PersistentVolume
// had no name", "PersistentVolumeClaim had no pv name and storageClass name",
// "VolumeBindingMode not set for StorageClass \"x\""), missing objects fail with the
// lister's NotFound text. No PV topology at all: Skip.
//
// Thread-safety: immutable; Filter only reads the CycleState and the lister.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "components/kube-scheduler/framework/interface.h"
#include "components/kube-scheduler/plugins/volume_listers.h"

namespace kubecxx::scheduler::plugins {

inline constexpr std::string_view kErrReasonVolumeZoneConflict = "node(s) had no available volume zone";

struct PvTopology {
  std::string pv_name;
  std::string key;
  std::set<std::string> values;
  bool operator==(const PvTopology&) const = default;
};

// getPVTopologies: the PV's topology labels in upstream's key order (labels that do not
// parse are ignored).
std::vector<PvTopology> GetPvTopologies(const api::core::v1::PersistentVolume& pv);

class VolumeZone final : public framework::PreFilterPlugin, public framework::FilterPlugin {
 public:
  // REQUIRES: lister outlives the plugin.
  explicit VolumeZone(const VolumeLister* lister) : lister_(lister) {}
  std::string_view Name() const override { return "VolumeZone"; }
  framework::Status PreFilter(framework::CycleState& state, const framework::Pod& pod,
                              const framework::NodeInfoList& nodes, framework::PreFilterResult* result) override;
  framework::Status Filter(const framework::CycleState& state, const framework::Pod& pod,
                           const framework::NodeInfo& node_info) const override;

 private:
  framework::Status PvTopologiesOf(const framework::Pod& pod, std::vector<PvTopology>* out) const;
  const VolumeLister* lister_;
};

}  // namespace kubecxx::scheduler::plugins
