// Upstream's defaulting of KubeSchedulerConfiguration v1 (pkg/scheduler/apis/config/v1:
// SetDefaults_KubeSchedulerConfiguration, the default plugins of default_plugins.go with the
// feature gates that change them, mergePlugins/mergePluginSet, and SetDefaults_<Kind>Args
// for every pluginConfig args object, existing or added for an enabled plugin).
//
// Thread-safety: pure functions.
#pragma once

#include "components/kube-scheduler/app/config/types.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::config {

// The feature gates the configuration's defaulting and validation read, at v1.37.2's
// defaults.
struct SchedulerFeatures {
  bool node_declared_features = true;                              // GA, locked
  bool in_place_pod_vertical_scaling_scheduler_preemption = false;  // alpha
  bool dynamic_resource_allocation = true;                         // GA, locked
  bool generic_workload = false;                                   // beta, off
  bool topology_aware_workload_scheduling = false;                 // alpha
  bool storage_capacity_scoring = true;                            // beta
  bool dra_scheduler_filter_timeout = true;                        // beta
  bool dra_device_binding_conditions = true;                       // beta
  bool dra_resource_claim_device_status = true;                    // GA
};

// getDefaultPlugins(): the MultiPoint list of the default profile.
Plugins DefaultPlugins(const SchedulerFeatures& features);

// mergePluginSet: custom disabled ("*" drops every default), defaults in their order with
// custom re-configurations in place, then the remaining custom plugins.
PluginSet MergePluginSet(const PluginSet& defaults, const PluginSet& custom);

// SetDefaults_<Kind>Args on one args object (no-op for none/unknown args).
void DefaultPluginArgs(PluginArgs* args, const SchedulerFeatures& features);

// SetDefaults_KubeSchedulerConfiguration.
void SetDefaults(KubeSchedulerConfiguration* cfg, const SchedulerFeatures& features);

// scheduler.New's buildExtenders: the managed resources extenders mark ignoredByScheduler
// replace each profile's NodeResourcesFit ignoredResources. Error (upstream's text) when a
// profile has no NodeResourcesFit args.
Status ApplyExtenderIgnoredResources(KubeSchedulerConfiguration* cfg);

// The upstream registry's plugin names (NewInTreeRegistry) and whether a name is one.
bool IsInTreePlugin(std::string_view name);

// What the framework reports as the profile it built (the capture behind
// --write-config-to): the pluginConfig entries of plugins that are enabled and in the
// in-tree registry, sorted by name.
KubeSchedulerProfile CompletedProfile(const KubeSchedulerProfile& defaulted);

}  // namespace kubecxx::scheduler::config
