#include "components/kube-scheduler/plugins/default_profile.h"

#include "components/kube-scheduler/plugins/image_locality.h"
#include "components/kube-scheduler/plugins/node_declared_features.h"
#include "components/kube-scheduler/plugins/node_ports.h"
#include "components/kube-scheduler/plugins/simple_plugins.h"
#include "components/kube-scheduler/plugins/taint_toleration.h"
#include "components/kube-scheduler/plugins/volume_plugins.h"

namespace kubecxx::scheduler::plugins {
namespace {

template <typename T>
framework::PluginSpec Simple(int32_t weight = 0) {
  return {[](framework::Handle&) -> StatusOr<std::shared_ptr<framework::Plugin>> {
            return std::shared_ptr<framework::Plugin>(std::make_shared<T>());
          },
          weight,
          {}};
}

template <typename T>
StatusOr<std::shared_ptr<framework::Plugin>> Upcast(StatusOr<std::shared_ptr<T>> made) {
  if (!made.ok()) return made.status();
  return std::shared_ptr<framework::Plugin>(std::move(made).value());
}

}  // namespace

std::vector<framework::PluginSpec> DefaultProfilePlugins(const DefaultPluginArgs& args,
                                                         framework::PluginFactory binder) {
  std::vector<framework::PluginSpec> out;
  out.push_back(Simple<SchedulingGates>());
  out.push_back(Simple<PrioritySort>());
  out.push_back(Simple<NodeName>());
  out.push_back(Simple<NodeUnschedulable>());
  out.push_back(Simple<TaintToleration>(3));
  NodeAffinityArgs na = args.node_affinity;
  out.push_back({[na](framework::Handle&) { return Upcast(NodeAffinity::Create(na)); }, 2, {}});
  out.push_back(Simple<NodePorts>());
  NodeResourcesFitArgs fit = args.node_resources_fit;
  out.push_back({[fit](framework::Handle&) { return Upcast(NodeResourcesFit::Create(fit)); }, 1, {}});
  for (std::string_view name : {"VolumeRestrictions", "NodeVolumeLimits", "VolumeBinding", "VolumeZone"}) {
    out.push_back({VolumePluginFactory(name, args.volume_binding, args.volumes, args.volume_api), 0, {}});
  }
  PodTopologySpreadArgs pts = args.pod_topology_spread;
  const WorkloadLister* workloads = args.workloads;
  out.push_back({[pts, workloads](framework::Handle& h) { return Upcast(PodTopologySpread::Create(pts, h, workloads)); }, 2, {}});
  InterPodAffinityArgs ipa = args.inter_pod_affinity;
  const NamespaceLister* namespaces = args.namespaces;
  out.push_back({[ipa, namespaces](framework::Handle& h) { return Upcast(InterPodAffinity::Create(ipa, h, namespaces)); }, 2, {}});
  DefaultPreemptionArgs dp = args.default_preemption;
  const PreemptionLister* pl = args.preemption_lister;
  PreemptionApi* api = args.preemption_api;
  out.push_back({[dp, pl, api](framework::Handle& h) -> StatusOr<std::shared_ptr<framework::Plugin>> {
                   return std::shared_ptr<framework::Plugin>(
                       std::make_shared<DefaultPreemption>(dp, h, pl, api, "default-scheduler"));
                 },
                 0, {}});
  BalancedAllocationArgs ba = args.balanced_allocation;
  out.push_back({[ba](framework::Handle&) { return Upcast(BalancedAllocation::Create(ba)); }, 1, {}});
  out.push_back({[](framework::Handle& h) -> StatusOr<std::shared_ptr<framework::Plugin>> {
                   return std::shared_ptr<framework::Plugin>(std::make_shared<ImageLocality>(h));
                 },
                 1, {}});
  out.push_back({std::move(binder), 0, {}});
  // applyFeatureGates appends NodeDeclaredFeatures after DefaultBinder (gate GA in v1.37).
  out.push_back(Simple<NodeDeclaredFeatures>());
  return out;
}

}  // namespace kubecxx::scheduler::plugins
