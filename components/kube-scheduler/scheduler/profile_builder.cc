#include "components/kube-scheduler/scheduler/profile_builder.h"

#include <map>
#include <set>

#include "components/kube-scheduler/plugins/balanced_allocation.h"
#include "components/kube-scheduler/plugins/default_preemption.h"
#include "components/kube-scheduler/plugins/image_locality.h"
#include "components/kube-scheduler/plugins/inter_pod_affinity.h"
#include "components/kube-scheduler/plugins/node_affinity.h"
#include "components/kube-scheduler/plugins/node_declared_features.h"
#include "components/kube-scheduler/plugins/node_ports.h"
#include "components/kube-scheduler/plugins/node_resources_fit.h"
#include "components/kube-scheduler/plugins/pod_topology_spread.h"
#include "components/kube-scheduler/plugins/simple_plugins.h"
#include "components/kube-scheduler/plugins/taint_toleration.h"
#include "components/kube-scheduler/plugins/volume_plugins.h"
#include "components/kube-scheduler/scheduler/metrics.h"

namespace kubecxx::scheduler {
namespace {

using framework::PluginFactory;
using PluginPtr = StatusOr<std::shared_ptr<framework::Plugin>>;

template <typename T>
PluginPtr Upcast(StatusOr<std::shared_ptr<T>> made) {
  if (!made.ok()) return made.status();
  return std::shared_ptr<framework::Plugin>(std::move(made).value());
}

template <typename T>
PluginFactory Simple() {
  return [](framework::Handle&) -> PluginPtr { return std::shared_ptr<framework::Plugin>(std::make_shared<T>()); };
}

std::vector<plugins::ResourceSpec> Resources(const std::vector<config::ResourceSpec>& in) {
  std::vector<plugins::ResourceSpec> out;
  for (const auto& r : in) out.push_back(plugins::ResourceSpec{r.name, r.weight});
  return out;
}

plugins::NodeResourcesFitArgs FitArgs(const config::NodeResourcesFitArgs& a) {
  plugins::NodeResourcesFitArgs out;
  out.ignored_resources = a.ignored_resources;
  out.ignored_resource_groups = a.ignored_resource_groups;
  if (a.scoring_strategy) {
    const auto& s = *a.scoring_strategy;
    if (s.type == "MostAllocated") out.scoring_strategy.type = plugins::ScoringStrategyType::kMostAllocated;
    if (s.type == "RequestedToCapacityRatio") {
      out.scoring_strategy.type = plugins::ScoringStrategyType::kRequestedToCapacityRatio;
    }
    if (!s.resources.empty()) out.scoring_strategy.resources = Resources(s.resources);
    if (s.requested_to_capacity_ratio) {
      for (const auto& p : s.requested_to_capacity_ratio->shape) {
        out.scoring_strategy.requested_to_capacity_ratio_shape.push_back(
            plugins::UtilizationShapePoint{p.utilization, p.score});
      }
    }
  }
  return out;
}

template <typename T>
const T* ArgsOf(const config::KubeSchedulerProfile& prof, std::string_view plugin) {
  for (const auto& pc : prof.plugin_config) {
    if (pc.name == plugin) return std::get_if<T>(&pc.args);
  }
  return nullptr;
}

plugins::VolumeBindingArgs VolumeArgs(const config::KubeSchedulerProfile& prof) {
  plugins::VolumeBindingArgs a;
  if (const auto* c = ArgsOf<config::VolumeBindingArgs>(prof, "VolumeBinding")) {
    a.bind_timeout_seconds = c->bind_timeout_seconds.value_or(600);
    a.shape.clear();
    for (const auto& p : c->shape.value_or(std::vector<config::UtilizationShapePoint>{})) {
      a.shape.push_back(plugins::FunctionShapePoint{p.utilization, p.score});
    }
  }
  return a;
}

// The in-tree factories kubecxx implements; null for registry plugins not implemented.
PluginFactory FactoryFor(const std::string& name, const config::KubeSchedulerProfile& prof,
                         const ProfileBuildContext& ctx) {
  if (name == "SchedulingGates") return Simple<plugins::SchedulingGates>();
  if (name == "PrioritySort") return Simple<plugins::PrioritySort>();
  if (name == "NodeName") return Simple<plugins::NodeName>();
  if (name == "NodeUnschedulable") return Simple<plugins::NodeUnschedulable>();
  if (name == "TaintToleration") return Simple<plugins::TaintToleration>();
  if (name == "NodePorts") return Simple<plugins::NodePorts>();
  if (name == "NodeDeclaredFeatures") return Simple<plugins::NodeDeclaredFeatures>();
  if (name == "ImageLocality") {
    return [](framework::Handle& h) -> PluginPtr {
      return std::shared_ptr<framework::Plugin>(std::make_shared<plugins::ImageLocality>(h));
    };
  }
  if (name == "NodeAffinity") {
    plugins::NodeAffinityArgs a;
    if (const auto* c = ArgsOf<config::NodeAffinityArgs>(prof, name)) a.added_affinity = c->added_affinity;
    return [a](framework::Handle&) { return Upcast(plugins::NodeAffinity::Create(a)); };
  }
  if (name == "NodeResourcesFit") {
    plugins::NodeResourcesFitArgs a;
    if (const auto* c = ArgsOf<config::NodeResourcesFitArgs>(prof, name)) a = FitArgs(*c);
    return [a](framework::Handle&) { return Upcast(plugins::NodeResourcesFit::Create(a)); };
  }
  if (name == "NodeResourcesBalancedAllocation") {
    plugins::BalancedAllocationArgs a;
    if (const auto* c = ArgsOf<config::NodeResourcesBalancedAllocationArgs>(prof, name); c && !c->resources.empty()) {
      a.resources = Resources(c->resources);
    }
    return [a](framework::Handle&) { return Upcast(plugins::BalancedAllocation::Create(a)); };
  }
  if (name == "PodTopologySpread") {
    plugins::PodTopologySpreadArgs a;
    if (const auto* c = ArgsOf<config::PodTopologySpreadArgs>(prof, name)) {
      a.system_defaulting = c->defaulting_type != "List";
      a.default_constraints = c->default_constraints;
    }
    const plugins::WorkloadLister* w = ctx.workloads;
    return [a, w](framework::Handle& h) { return Upcast(plugins::PodTopologySpread::Create(a, h, w)); };
  }
  if (name == "InterPodAffinity") {
    plugins::InterPodAffinityArgs a;
    if (const auto* c = ArgsOf<config::InterPodAffinityArgs>(prof, name)) {
      a.hard_pod_affinity_weight = c->hard_pod_affinity_weight.value_or(1);
      a.ignore_preferred_terms_of_existing_pods = c->ignore_preferred_terms_of_existing_pods;
    }
    const plugins::NamespaceLister* n = ctx.namespaces;
    return [a, n](framework::Handle& h) { return Upcast(plugins::InterPodAffinity::Create(a, h, n)); };
  }
  if (name == "DefaultPreemption") {
    plugins::DefaultPreemptionArgs a;
    if (const auto* c = ArgsOf<config::DefaultPreemptionArgs>(prof, name)) {
      a.min_candidate_nodes_percentage = c->min_candidate_nodes_percentage.value_or(10);
      a.min_candidate_nodes_absolute = c->min_candidate_nodes_absolute.value_or(100);
    }
    const plugins::PreemptionLister* lister = ctx.preemption_lister;
    plugins::PreemptionApi* api = ctx.preemption_api;
    std::string profile = prof.scheduler_name.value_or("default-scheduler");
    return [a, lister, api, profile](framework::Handle& h) -> PluginPtr {
      auto pl = std::make_shared<plugins::DefaultPreemption>(a, h, lister, api, profile);
      pl->SetVictimsObserver([](size_t n) { metrics::ObservePreemptionVictims(n); });
      return std::shared_ptr<framework::Plugin>(std::move(pl));
    };
  }
  if (PluginFactory f = plugins::VolumePluginFactory(name, VolumeArgs(prof), ctx.volumes, ctx.volume_api)) return f;
  if (name == "DefaultBinder") {
    SchedulerApi* api = ctx.api;
    return [api](framework::Handle&) -> PluginPtr {
      return std::shared_ptr<framework::Plugin>(std::make_shared<DefaultBinder>(api));
    };
  }
  return nullptr;
}

}  // namespace

framework::Status DefaultBinder::Bind(framework::CycleState&, const framework::Pod& pod, const std::string& node) {
  Status s = api_->Bind(pod, node);
  if (!s.ok()) return framework::Status::Error(std::string(s.message()));
  return framework::Status();
}

StatusOr<std::vector<std::unique_ptr<framework::Profile>>> BuildProfiles(
    const config::KubeSchedulerConfiguration& cfg, const ProfileBuildContext& ctx,
    std::vector<std::string>* skipped) {
  std::vector<std::unique_ptr<framework::Profile>> out;
  for (const config::KubeSchedulerProfile& prof : cfg.profiles) {
    framework::ProfileOptions po;
    po.scheduler_name = prof.scheduler_name.value_or("default-scheduler");
    po.percentage_of_nodes_to_score = prof.percentage_of_nodes_to_score;
    po.parallelism = cfg.parallelism.value_or(framework::kDefaultParallelism);
    const config::Plugins plugins = prof.plugins.value_or(config::Plugins{});

    std::vector<std::string> order;
    std::map<std::string, int32_t> weight;
    std::set<std::string> seen;
    auto add = [&](const config::Plugin& p) {
      if (seen.insert(p.name).second) order.push_back(p.name);
      if (p.weight && !weight.contains(p.name)) weight[p.name] = *p.weight;
    };
    for (const auto& p : plugins[config::kScore].enabled) {
      if (p.weight) weight[p.name] = *p.weight;
    }
    for (const auto& p : plugins[config::kMultiPoint].enabled) add(p);
    // Disabled at one extension point while enabled (multiPoint) for the others.
    std::map<std::string, std::set<std::string, std::less<>>> disabled_at;
    for (size_t e = 0; e < config::kExtensionPoints.size(); ++e) {
      if (e != config::kMultiPoint) {
        for (const auto& p : plugins.sets[e].enabled) add(p);
      }
    }
    for (size_t e = 0; e < config::kExtensionPoints.size(); ++e) {
      if (e == config::kMultiPoint) continue;
      std::set<std::string> enabled_here;
      for (const auto& p : plugins.sets[e].enabled) enabled_here.insert(p.name);
      for (const auto& p : plugins.sets[e].disabled) {
        for (const std::string& name : order) {
          if ((p.name == "*" || p.name == name) && !enabled_here.contains(name)) {
            disabled_at[name].insert(std::string(config::kExtensionPoints[e]));
          }
        }
      }
    }
    std::vector<framework::PluginSpec> specs;
    for (const std::string& name : order) {
      PluginFactory f = FactoryFor(name, prof, ctx);
      if (!f) {
        skipped->push_back(po.scheduler_name + ": " + name);
        continue;
      }
      specs.push_back({std::move(f), weight.contains(name) ? weight[name] : 0, disabled_at[name]});
    }
    auto made = framework::Profile::Create(std::move(po), std::move(specs));
    if (!made.ok()) return made.status();
    out.push_back(std::move(made).value());
  }
  return out;
}

}  // namespace kubecxx::scheduler
