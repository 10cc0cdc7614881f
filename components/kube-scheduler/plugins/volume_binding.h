// VolumeBinding (upstream framework/plugins/volumebinding volume_binding.go) over a
// VolumeBinder (volume_binder.h).
//
//  * PreFilter: claims must exist (the lister's NotFound text; "waiting for ephemeral
//    volume controller to create the persistentvolumeclaim \"x\"" for ephemeral ones),
//    not be Lost ("persistentvolumeclaim \"c\" bound to non-existent persistentvolume
//    \"v\""), not be deleting ("persistentvolumeclaim \"c\" is being deleted"), all
//    UnschedulableAndUnresolvable; no claims: Skip. An unbound claim of an immediate class:
//    UnschedulableAndUnresolvable "pod has unbound immediate PersistentVolumeClaims".
//    No PreFilterResult (stock v1.37 reports every node through Filter).
//  * Filter: the binder's reasons, UnschedulableAndUnresolvable.
//  * PreScore/Score (StorageCapacityScoring, v1.37 default on): requested/capacity per
//    class through the args' shape (score x10), from the static bindings, else from the
//    dynamic provisions' CSIStorageCapacity.
//  * Reserve assumes the choice; Unreserve reverts it; PreBind writes PV claimRefs
//    (pv.kubernetes.io/bound-by-controller) and the selected-node annotation on claims to
//    provision, then waits up to bindTimeoutSeconds for the PV controller.
//
// Thread-safety: Filter runs concurrently (the per-node results are mutex-guarded);
// PreBind runs on a binding thread.
#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include "components/kube-scheduler/framework/interface.h"
#include "components/kube-scheduler/plugins/helper.h"
#include "components/kube-scheduler/plugins/volume_binder.h"

namespace kubecxx::scheduler::plugins {

struct VolumeBindingArgs {
  int64_t bind_timeout_seconds = 600;
  // The scoring shape (utilization 0..100, score 0..10); empty = no scoring.
  std::vector<FunctionShapePoint> shape = {{0, 10}, {100, 0}};
};

class VolumeBinding final : public framework::PreFilterPlugin,
                            public framework::FilterPlugin,
                            public framework::PreScorePlugin,
                            public framework::ScorePlugin,
                            public framework::ReservePlugin,
                            public framework::PreBindPlugin {
 public:
  // REQUIRES: lister and api outlive the plugin (api may be null: PreBind then fails).
  VolumeBinding(const VolumeBindingArgs& args, const VolumeLister* lister, VolumeBindingApi* api,
                std::chrono::milliseconds poll_interval = std::chrono::seconds(1));
  ~VolumeBinding() override;
  std::string_view Name() const override { return "VolumeBinding"; }

  framework::Status PreFilter(framework::CycleState& state, const framework::Pod& pod,
                              const framework::NodeInfoList& nodes, framework::PreFilterResult* result) override;
  framework::Status Filter(const framework::CycleState& state, const framework::Pod& pod,
                           const framework::NodeInfo& node_info) const override;
  framework::Status PreScore(framework::CycleState& state, const framework::Pod& pod,
                             const framework::NodeInfoList& nodes) override;
  framework::Status Score(const framework::CycleState& state, const framework::Pod& pod,
                          const framework::NodeInfo& node_info, int64_t* score) const override;
  framework::Status Reserve(framework::CycleState& state, const framework::Pod& pod,
                            const std::string& node_name) override;
  void Unreserve(framework::CycleState& state, const framework::Pod& pod, const std::string& node_name) override;
  framework::Status PreBind(framework::CycleState& state, const framework::Pod& pod,
                            const std::string& node_name) override;

  VolumeBinder& binder() { return binder_; }

 private:
  framework::Status PodHasPvcs(const framework::Pod& pod, bool* has_pvc) const;

  const VolumeLister* lister_;
  std::vector<FunctionShapePoint> shape_;  // scores already scaled to 0..100
  VolumeBinder binder_;
};

}  // namespace kubecxx::scheduler::plugins
