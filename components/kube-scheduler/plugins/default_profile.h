// The plugins of v1.37's default profile that kubecxx implements so far, in the order of
// upstream's default_plugins.go MultiPoint list, with its default weights:
//   SchedulingGates, PrioritySort, NodeName, NodeUnschedulable, TaintToleration (3),
//   NodeAffinity (2), NodePorts, NodeResourcesFit (1), VolumeRestrictions, NodeVolumeLimits,
//   VolumeBinding (score weight 0, i.e. 1), VolumeZone, PodTopologySpread (2), InterPodAffinity (2),
//   DefaultPreemption, NodeResourcesBalancedAllocation (1), ImageLocality (1), then the binder passed in
//   (DefaultBinder needs the API client), then NodeDeclaredFeatures (appended by
//   applyFeatureGates; its gate is GA in v1.37).
// Not yet implemented (upstream appends it after DefaultBinder): DynamicResources.
#pragma once

#include <vector>

#include "components/kube-scheduler/framework/profile.h"
#include "components/kube-scheduler/plugins/balanced_allocation.h"
#include "components/kube-scheduler/plugins/default_preemption.h"
#include "components/kube-scheduler/plugins/inter_pod_affinity.h"
#include "components/kube-scheduler/plugins/node_affinity.h"
#include "components/kube-scheduler/plugins/node_resources_fit.h"
#include "components/kube-scheduler/plugins/pod_topology_spread.h"
#include "components/kube-scheduler/plugins/volume_binding.h"

namespace kubecxx::scheduler::plugins {

struct DefaultPluginArgs {
  NodeResourcesFitArgs node_resources_fit;
  BalancedAllocationArgs balanced_allocation;
  NodeAffinityArgs node_affinity;
  PodTopologySpreadArgs pod_topology_spread;
  // Services / RCs / RSs / StatefulSets for the default spreading selector; may be null.
  // REQUIRES: outlives the profile.
  const WorkloadLister* workloads = nullptr;
  InterPodAffinityArgs inter_pod_affinity;
  // Namespaces for InterPodAffinity's namespaceSelector; may be null. REQUIRES: outlives
  // the profile.
  const NamespaceLister* namespaces = nullptr;
  DefaultPreemptionArgs default_preemption;
  // The preemptor / PDB lister and the actuation API; may be null (no actuation).
  // REQUIRES: outlive the profile.
  const PreemptionLister* preemption_lister = nullptr;
  PreemptionApi* preemption_api = nullptr;
  VolumeBindingArgs volume_binding;
  // PVs, PVCs, StorageClasses, CSINodes, ... and VolumeBinding's API writes; may be null
  // (no volume objects; PreBind of a pod with claims fails). REQUIRES: outlive the profile.
  const VolumeLister* volumes = nullptr;
  VolumeBindingApi* volume_api = nullptr;
};

std::vector<framework::PluginSpec> DefaultProfilePlugins(const DefaultPluginArgs& args,
                                                         framework::PluginFactory binder);

}  // namespace kubecxx::scheduler::plugins
