// InterPodAffinity (upstream plugins/interpodaffinity, default weight 2), with v1.37's
// default gates (InterPodAffinityHostnameFastPath off).
//
//  PreFilter: the pod's required (anti-)affinity terms, non-empty namespaceSelectors
//    resolved to namespace names; counts per (topologyKey, value) of: existing pods whose
//    required anti-affinity terms match the incoming pod (namespace labels of the incoming
//    pod's namespace for their namespaceSelector), existing pods matching all of the
//    incoming pod's affinity terms, and existing pods matching each anti-affinity term.
//    Skip when there is nothing to check.
//  Filter, in this order: affinity terms unmet on the node's topology (unless no pod
//    anywhere matches and the pod matches its own terms) -> UnschedulableAndUnresolvable
//    "node(s) didn't match pod affinity rules"; a matching pod in the topology of an
//    anti-affinity term -> Unschedulable "node(s) didn't match pod anti-affinity rules";
//    an existing pod's anti-affinity covering the node -> Unschedulable
//    "node(s) didn't satisfy existing pods anti-affinity rules".
//  AddPod/RemovePod adjust the counts for preemption / nominated-pod dry runs.
//  PreScore: per (topologyKey, value) the sum of weights: the incoming pod's preferred
//    terms (+/-) matched by existing pods, existing pods' required affinity terms matching
//    the incoming pod (hardPodAffinityWeight, default 1) and their preferred terms (+/-).
//    Only nodes with pods with affinity are scanned unless the incoming pod has preferred
//    terms. Skip when nothing scored.
//  Score: the sum over the node's labels; NormalizeScore: 100 * (s - min) / (max - min)
//    (0 when all equal).
//
// Thread-safety: immutable after Create; Filter/Score only read the CycleState.
#pragma once

#include <memory>

#include "components/kube-scheduler/framework/interface.h"
#include "components/kube-scheduler/plugins/default_selector.h"
#include "components/kube-scheduler/plugins/names.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::plugins {

struct InterPodAffinityArgs {
  int32_t hard_pod_affinity_weight = 1;
  bool ignore_preferred_terms_of_existing_pods = false;
};

class InterPodAffinity final : public framework::PreFilterPlugin,
                               public framework::PreFilterExtensions,
                               public framework::FilterPlugin,
                               public framework::PreScorePlugin,
                               public framework::ScorePlugin {
 public:
  static constexpr std::string_view kErrReasonExistingAntiAffinityRulesNotMatch =
      "node(s) didn't satisfy existing pods anti-affinity rules";
  static constexpr std::string_view kErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
  static constexpr std::string_view kErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

  // `namespaces` may be null (no namespace known: no labels, selectors select nothing);
  // it must outlive the plugin. Errors: hardPodAffinityWeight outside [0, 100].
  static StatusOr<std::shared_ptr<InterPodAffinity>> Create(const InterPodAffinityArgs& args,
                                                            const framework::Handle& handle,
                                                            const NamespaceLister* namespaces);

  std::string_view Name() const override { return names::kInterPodAffinity; }
  framework::Status PreFilter(framework::CycleState& state, const framework::Pod& pod,
                              const framework::NodeInfoList& nodes, framework::PreFilterResult* result) override;
  framework::PreFilterExtensions* Extensions() override { return this; }
  framework::Status AddPod(framework::CycleState& state, const framework::Pod& pod_to_schedule,
                           const std::shared_ptr<const framework::PodInfo>& pod_to_add,
                           const framework::NodeInfo& node_info) override;
  framework::Status RemovePod(framework::CycleState& state, const framework::Pod& pod_to_schedule,
                              const std::shared_ptr<const framework::PodInfo>& pod_to_remove,
                              const framework::NodeInfo& node_info) override;
  framework::Status Filter(const framework::CycleState& state, const framework::Pod& pod,
                           const framework::NodeInfo& node_info) const override;
  framework::Status PreScore(framework::CycleState& state, const framework::Pod& pod,
                             const framework::NodeInfoList& nodes) override;
  framework::Status Score(const framework::CycleState& state, const framework::Pod& pod,
                          const framework::NodeInfo& node_info, int64_t* score) const override;
  bool HasNormalizeScore() const override { return true; }
  framework::Status NormalizeScore(const framework::CycleState& state, const framework::Pod& pod,
                                   framework::NodeScoreList& scores) const override;

 private:
  InterPodAffinity(const InterPodAffinityArgs& args, const framework::Handle& handle, const NamespaceLister* ns)
      : args_(args), handle_(handle), namespaces_(ns) {}
  // mergeAffinityTermNamespacesIfNotEmpty.
  void MergeNamespaces(framework::AffinityTerm& term) const;
  std::map<std::string, std::string> NamespaceLabels(const std::string& ns) const;

  InterPodAffinityArgs args_;
  const framework::Handle& handle_;
  const NamespaceLister* namespaces_;
};

}  // namespace kubecxx::scheduler::plugins
