#include "components/kube-scheduler/app/config/defaults.h"

#include <algorithm>
#include <map>
#include <set>

namespace kubecxx::scheduler::config {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr int32_t kMaxCustomPriorityScore = 10;

std::vector<ResourceSpec> DefaultResourceSpec() { return {{"cpu", 1}, {"memory", 1}}; }

void Default(DefaultPreemptionArgs& a, const SchedulerFeatures&) {
  if (!a.min_candidate_nodes_percentage) a.min_candidate_nodes_percentage = 10;
  if (!a.min_candidate_nodes_absolute) a.min_candidate_nodes_absolute = 100;
}

void Default(InterPodAffinityArgs& a, const SchedulerFeatures&) {
  if (!a.hard_pod_affinity_weight) a.hard_pod_affinity_weight = 1;
}

void Default(VolumeBindingArgs& a, const SchedulerFeatures& f) {
  if (!a.bind_timeout_seconds) a.bind_timeout_seconds = 600;
  if ((!a.shape || a.shape->empty()) && f.storage_capacity_scoring) {
    a.shape = std::vector<UtilizationShapePoint>{{0, kMaxCustomPriorityScore}, {100, 0}};
  }
}

void Default(NodeResourcesBalancedAllocationArgs& a, const SchedulerFeatures&) {
  if (a.resources.empty()) {
    a.resources = DefaultResourceSpec();
    return;
  }
  for (auto& r : a.resources) {
    if (r.weight == 0) r.weight = 1;
  }
}

void Default(PodTopologySpreadArgs& a, const SchedulerFeatures&) {
  if (a.defaulting_type.empty()) a.defaulting_type = "System";
}

void Default(NodeResourcesFitArgs& a, const SchedulerFeatures&) {
  if (!a.scoring_strategy) {
    a.scoring_strategy.emplace();
    a.scoring_strategy->type = "LeastAllocated";
    a.scoring_strategy->resources = DefaultResourceSpec();
  }
  if (a.scoring_strategy->resources.empty()) a.scoring_strategy->resources = DefaultResourceSpec();
  for (auto& r : a.scoring_strategy->resources) {
    if (r.weight == 0) r.weight = 1;
  }
}

void Default(DynamicResourcesArgs& a, const SchedulerFeatures& f) {
  if (!a.filter_timeout && f.dra_scheduler_filter_timeout) a.filter_timeout = 10 * kSecond;
  if (!a.binding_timeout && f.dra_device_binding_conditions &&
      f.dra_resource_claim_device_status) {
    a.binding_timeout = 600 * kSecond;
  }
}

void Default(NodeAffinityArgs&, const SchedulerFeatures&) {}
void Default(std::monostate&, const SchedulerFeatures&) {}
void Default(UnknownArgs&, const SchedulerFeatures&) {}

// The args kind registered for a plugin name, as an empty object; monostate if none.
PluginArgs NewArgsFor(std::string_view plugin) {
  if (plugin == "DefaultPreemption") return DefaultPreemptionArgs{};
  if (plugin == "InterPodAffinity") return InterPodAffinityArgs{};
  if (plugin == "NodeResourcesFit") return NodeResourcesFitArgs{};
  if (plugin == "PodTopologySpread") return PodTopologySpreadArgs{};
  if (plugin == "NodeResourcesBalancedAllocation") return NodeResourcesBalancedAllocationArgs{};
  if (plugin == "VolumeBinding") return VolumeBindingArgs{};
  if (plugin == "NodeAffinity") return NodeAffinityArgs{};
  if (plugin == "DynamicResources") return DynamicResourcesArgs{};
  return std::monostate{};
}

// pluginsNames: the enabled plugins of the extension points defaulting looks at, sorted.
std::vector<std::string> PluginsNames(const Plugins& p) {
  static constexpr ExtensionPoint kPoints[] = {
      kMultiPoint, kPreFilter, kFilter,  kPostFilter, kReserve,    kPreScore,
      kScore,      kPreBind,   kBind,    kPostBind,   kPermit,     kPreEnqueue,
      kQueueSort,  kPlacementGenerate,   kPlacementScore};
  std::set<std::string> names;
  for (ExtensionPoint e : kPoints) {
    for (const Plugin& pl : p[e].enabled) names.insert(pl.name);
  }
  return {names.begin(), names.end()};
}

void DefaultProfile(KubeSchedulerProfile* prof, const SchedulerFeatures& f) {
  Plugins defaults = DefaultPlugins(f);
  if (prof->plugins) {
    for (size_t e = 0; e < kExtensionPoints.size(); ++e) {
      defaults.sets[e] = MergePluginSet(defaults.sets[e], prof->plugins->sets[e]);
    }
  }
  prof->plugins = std::move(defaults);
  std::set<std::string> existing;
  for (auto& pc : prof->plugin_config) {
    existing.insert(pc.name);
    DefaultPluginArgs(&pc.args, f);
  }
  for (const std::string& name : PluginsNames(*prof->plugins)) {
    if (existing.count(name)) continue;
    PluginArgs args = NewArgsFor(name);
    if (std::holds_alternative<std::monostate>(args)) continue;
    DefaultPluginArgs(&args, f);
    prof->plugin_config.push_back(PluginConfig{name, std::move(args)});
  }
}

}  // namespace

Plugins DefaultPlugins(const SchedulerFeatures& f) {
  Plugins p;
  std::vector<Plugin>& e = p[kMultiPoint].enabled;
  e = {{"SchedulingGates", std::nullopt},
       {"PrioritySort", std::nullopt},
       {"NodeName", std::nullopt},
       {"NodeUnschedulable", std::nullopt},
       {"TaintToleration", 3},
       {"NodeAffinity", 2},
       {"NodePorts", std::nullopt},
       {"NodeResourcesFit", 1},
       {"VolumeRestrictions", std::nullopt},
       {"NodeVolumeLimits", std::nullopt},
       {"VolumeBinding", std::nullopt},
       {"VolumeZone", std::nullopt},
       {"PodTopologySpread", 2},
       {"InterPodAffinity", 2},
       {"DefaultPreemption", std::nullopt},
       {"NodeResourcesBalancedAllocation", 1},
       {"ImageLocality", 1},
       {"DefaultBinder", std::nullopt}};
  // applyFeatureGates, in upstream's order.
  if (f.node_declared_features) e.push_back({"NodeDeclaredFeatures", std::nullopt});
  if (f.in_place_pod_vertical_scaling_scheduler_preemption) {
    auto it = std::find_if(e.begin(), e.end(),
                           [](const Plugin& pl) { return pl.name == "NodeResourcesFit"; });
    e.insert(it, Plugin{"DeferredPodScheduling", std::nullopt});
  }
  if (f.dynamic_resource_allocation) {
    auto it = std::find_if(e.begin(), e.end(),
                           [](const Plugin& pl) { return pl.name == "DefaultPreemption"; });
    if (it != e.end()) e.insert(it, Plugin{"DynamicResources", 2});
  }
  if (f.generic_workload) e.push_back({"GangScheduling", std::nullopt});
  if (f.topology_aware_workload_scheduling) {
    e.push_back({"TopologyPlacementGenerator", std::nullopt});
    e.push_back({"PodGroupPodsCount", 1});
  }
  return p;
}

PluginSet MergePluginSet(const PluginSet& defaults, const PluginSet& custom) {
  std::set<std::string> disabled_names;
  PluginSet out;
  for (const Plugin& p : custom.disabled) {
    out.disabled.push_back(Plugin{p.name, std::nullopt});
    disabled_names.insert(p.name);
  }
  for (const Plugin& p : defaults.disabled) {
    out.disabled.push_back(Plugin{p.name, std::nullopt});
    disabled_names.insert(p.name);
  }
  std::map<std::string, size_t> custom_index;  // the last occurrence wins, as Go's map
  for (size_t i = 0; i < custom.enabled.size(); ++i) custom_index[custom.enabled[i].name] = i;
  std::set<size_t> replaced;
  if (!disabled_names.count("*")) {
    for (const Plugin& d : defaults.enabled) {
      if (disabled_names.count(d.name)) continue;
      auto it = custom_index.find(d.name);
      if (it != custom_index.end()) {
        out.enabled.push_back(custom.enabled[it->second]);
        replaced.insert(it->second);
      } else {
        out.enabled.push_back(d);
      }
    }
  }
  for (size_t i = 0; i < custom.enabled.size(); ++i) {
    if (!replaced.count(i)) out.enabled.push_back(custom.enabled[i]);
  }
  return out;
}

void DefaultPluginArgs(PluginArgs* args, const SchedulerFeatures& f) {
  std::visit([&](auto& a) { Default(a, f); }, *args);
}

void SetDefaults(KubeSchedulerConfiguration* c, const SchedulerFeatures& f) {
  if (!c->parallelism) c->parallelism = 16;
  if (c->profiles.empty()) c->profiles.emplace_back();
  if (c->profiles.size() == 1 && !c->profiles[0].scheduler_name) {
    c->profiles[0].scheduler_name = "default-scheduler";
  }
  for (auto& prof : c->profiles) DefaultProfile(&prof, f);
  if (!c->percentage_of_nodes_to_score) c->percentage_of_nodes_to_score = 0;

  LeaderElectionConfiguration& le = c->leader_election;
  if (le.resource_lock.empty()) le.resource_lock = "leases";
  if (le.resource_namespace.empty()) le.resource_namespace = "kube-system";
  if (le.resource_name.empty()) le.resource_name = "kube-scheduler";

  ClientConnectionConfiguration& cc = c->client_connection;
  if (cc.content_type.empty()) cc.content_type = "application/vnd.kubernetes.protobuf";
  if (cc.qps == 0) cc.qps = 50;
  if (cc.burst == 0) cc.burst = 100;

  // RecommendedDefaultLeaderElectionConfiguration.
  if (le.lease_duration == 0) le.lease_duration = 15 * kSecond;
  if (le.renew_deadline == 0) le.renew_deadline = 10 * kSecond;
  if (le.retry_period == 0) le.retry_period = 2 * kSecond;
  if (!le.leader_elect) le.leader_elect = true;

  if (!c->pod_initial_backoff_seconds) c->pod_initial_backoff_seconds = 1;
  if (!c->pod_max_backoff_seconds) c->pod_max_backoff_seconds = 10;
  if (!c->enable_profiling) c->enable_profiling = true;
  if (*c->enable_profiling && !c->enable_contention_profiling) {
    c->enable_contention_profiling = true;
  }
}

Status ApplyExtenderIgnoredResources(KubeSchedulerConfiguration* cfg) {
  std::vector<std::string> ignored;
  for (const Extender& e : cfg->extenders) {
    for (const auto& r : e.managed_resources) {
      if (r.ignored_by_scheduler) ignored.push_back(r.name);
    }
  }
  if (ignored.empty()) return Status::Ok();
  for (auto& prof : cfg->profiles) {
    bool found = false;
    for (auto& pc : prof.plugin_config) {
      if (pc.name != "NodeResourcesFit") continue;
      auto* args = std::get_if<NodeResourcesFitArgs>(&pc.args);
      if (!args) return Status::Invalid("want args to be of type NodeResourcesFitArgs");
      args->ignored_resources = ignored;
      found = true;
      break;
    }
    if (!found) return Status::Invalid("can't find NodeResourcesFitArgs in plugin config");
  }
  return Status::Ok();
}

bool IsInTreePlugin(std::string_view name) {
  static const std::set<std::string, std::less<>> names = {
      "DynamicResources",  "ImageLocality",      "TaintToleration",
      "NodeName",          "NodePorts",          "NodeAffinity",
      "NodeDeclaredFeatures", "PodTopologySpread", "DeferredPodScheduling",
      "NodeUnschedulable", "NodeResourcesFit",   "NodeResourcesBalancedAllocation",
      "VolumeBinding",     "VolumeRestrictions", "VolumeZone",
      "NodeVolumeLimits",  "InterPodAffinity",   "PrioritySort",
      "DefaultBinder",     "DefaultPreemption",  "SchedulingGates",
      "GangScheduling",    "TopologyPlacementGenerator", "PodGroupPodsCount"};
  return names.count(name) > 0;
}

KubeSchedulerProfile CompletedProfile(const KubeSchedulerProfile& in) {
  KubeSchedulerProfile out = in;
  std::set<std::string> needed;
  if (in.plugins) {
    for (const PluginSet& s : in.plugins->sets) {
      for (const Plugin& p : s.enabled) needed.insert(p.name);
    }
  }
  out.plugin_config.clear();
  for (const PluginConfig& pc : in.plugin_config) {
    if (!needed.count(pc.name) || !IsInTreePlugin(pc.name)) continue;
    if (std::holds_alternative<std::monostate>(pc.args)) continue;
    out.plugin_config.push_back(pc);
  }
  std::stable_sort(out.plugin_config.begin(), out.plugin_config.end(),
                   [](const PluginConfig& a, const PluginConfig& b) { return a.name < b.name; });
  return out;
}

}  // namespace kubecxx::scheduler::config
