// From a validated, defaulted KubeSchedulerConfiguration to framework Profiles (upstream
// profile.NewMap + frameworkruntime.NewFramework with the in-tree registry), and the
// DefaultBinder plugin (POST pods/binding through SchedulerApi).
//
// Per profile: the plugins are the multiPoint list as defaulting merged it, in its order,
// then plugins enabled only at a specific extension point; a score weight comes from the
// score set when given there, else from multiPoint. pluginConfig args of NodeResourcesFit,
// NodeResourcesBalancedAllocation, NodeAffinity, PodTopologySpread and InterPodAffinity are
// passed on (and DefaultPreemption's and VolumeBinding's). Plugins of the registry that
// kubecxx does not implement yet (DynamicResources) are left out and named in *skipped. A plugin disabled at one extension point ("*" = all
// not enabled there) stays enabled at the others, as upstream.
//
// Thread-safety: call from one thread at startup.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "components/kube-scheduler/app/config/types.h"
#include "components/kube-scheduler/framework/profile.h"
#include "components/kube-scheduler/plugins/default_preemption.h"
#include "components/kube-scheduler/plugins/default_selector.h"
#include "components/kube-scheduler/plugins/volume_listers.h"
#include "components/kube-scheduler/scheduler/scheduler.h"

namespace kubecxx::scheduler {

struct ProfileBuildContext {
  SchedulerApi* api = nullptr;                              // for DefaultBinder
  const plugins::WorkloadLister* workloads = nullptr;       // PodTopologySpread
  const plugins::NamespaceLister* namespaces = nullptr;     // InterPodAffinity
  const plugins::PreemptionLister* preemption_lister = nullptr;  // DefaultPreemption
  plugins::PreemptionApi* preemption_api = nullptr;              // DefaultPreemption
  const plugins::VolumeLister* volumes = nullptr;                // the volume plugins
  plugins::VolumeBindingApi* volume_api = nullptr;               // VolumeBinding's PreBind
};

StatusOr<std::vector<std::unique_ptr<framework::Profile>>> BuildProfiles(
    const config::KubeSchedulerConfiguration& cfg, const ProfileBuildContext& ctx,
    std::vector<std::string>* skipped);

// DefaultBinder: Bind posts the binding; an API error is an Error status with its text.
class DefaultBinder final : public framework::BindPlugin {
 public:
  explicit DefaultBinder(SchedulerApi* api) : api_(api) {}
  std::string_view Name() const override { return "DefaultBinder"; }
  framework::Status Bind(framework::CycleState& state, const framework::Pod& pod,
                         const std::string& node_name) override;

 private:
  SchedulerApi* const api_;
};

}  // namespace kubecxx::scheduler
