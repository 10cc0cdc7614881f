// ValidateKubeSchedulerConfiguration (pkg/scheduler/apis/config/validation) over a
// defaulted configuration, with upstream's field paths and texts, e.g.
//   profiles[0].schedulerName: Required value
//   leaderElection.leaseDuration: Invalid value: "10s": must be greater than `RenewDeadline`
//   profiles[0].pluginConfig[1].args.minCandidateNodesAbsolute: Invalid value: 0: ...
// The errors come flattened and de-duplicated in upstream's order; ToMessage joins them as
// utilerrors.Aggregate prints ("a" or "[a, b]"). Like upstream, NodeResourcesFit's args are
// not validated here (upstream's table names it "NodeResourcesFitArgs"; the plugin checks
// them when it is built).
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "components/kube-scheduler/app/config/defaults.h"
#include "components/kube-scheduler/app/config/types.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::config {

std::vector<std::string> ValidationErrors(const KubeSchedulerConfiguration& cfg,
                                          const SchedulerFeatures& features);

// utilerrors.NewAggregate(errs).Error(), "" for none.
std::string AggregateMessage(const std::vector<std::string>& errs);

// OK or InvalidArgument with the aggregate message.
Status Validate(const KubeSchedulerConfiguration& cfg, const SchedulerFeatures& features);

// Per-args validators (their errors relative to `path`, e.g. "profiles[0].pluginConfig[1].args").
std::vector<std::string> ValidateDefaultPreemptionArgs(const std::string& path,
                                                       const DefaultPreemptionArgs& a);
std::vector<std::string> ValidateInterPodAffinityArgs(const std::string& path,
                                                      const InterPodAffinityArgs& a);
std::vector<std::string> ValidatePodTopologySpreadArgs(const std::string& path,
                                                       const PodTopologySpreadArgs& a);
std::vector<std::string> ValidateNodeResourcesBalancedAllocationArgs(
    const std::string& path, const NodeResourcesBalancedAllocationArgs& a);
std::vector<std::string> ValidateNodeAffinityArgs(const std::string& path,
                                                  const NodeAffinityArgs& a);
std::vector<std::string> ValidateVolumeBindingArgs(const std::string& path,
                                                   const VolumeBindingArgs& a,
                                                   bool allow_storage_capacity_scoring);
std::vector<std::string> ValidateNodeResourcesFitArgs(const std::string& path,
                                                      const NodeResourcesFitArgs& a);
std::vector<std::string> ValidateDynamicResourcesArgs(const std::string& path,
                                                      const DynamicResourcesArgs& a,
                                                      const SchedulerFeatures& features);

}  // namespace kubecxx::scheduler::config
