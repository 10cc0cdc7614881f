// PodTopologySpread (upstream plugins/podtopologyspread, default weight 2).
//
// Constraints: the pod's own topologySpreadConstraints, or, when it has none, the
// default constraints with the selector of the pod's workload (services, RC, RS, SS; see
// label_selector.h) - skipped when that selector is empty. v1.37's default is
// SystemDefaulting: hostname maxSkew 3 and topology.kubernetes.io/zone maxSkew 5, both
// ScheduleAnyway. Per constraint (v1.37 gates: NodeInclusionPolicy GA, MatchLabelKeys on):
// minDomains defaults to 1, nodeAffinityPolicy to Honor, nodeTaintsPolicy to Ignore; the
// values of matchLabelKeys in the pod's labels are ANDed into the selector.
//
//  PreFilter (DoNotSchedule constraints; Skip when none): per constraint the number of
//    matching pods (same namespace, not terminating) per topology value over the nodes
//    that carry every constraint's key and pass the inclusion policies, and the two
//    smallest counts (critical paths).
//  Filter: a node without the key is UnschedulableAndUnresolvable "node(s) didn't match
//    pod topology spread constraints (missing required label)"; skew = count(value) +
//    (pod matches) - min (0 when fewer domains than minDomains) > maxSkew is
//    Unschedulable "node(s) didn't match pod topology spread constraints".
//  AddPod/RemovePod keep the counts right for preemption and nominated-pod dry runs.
//  PreScore (ScheduleAnyway constraints; Skip when none): nodes missing a key are ignored
//    (unless only system defaults apply); counts over all nodes per topology value seen
//    in the filtered nodes; weight log(domains + 2) (hostname: number of scored nodes).
//  Score: round(sum(count * weight + maxSkew - 1)); hostname counts the node's own pods.
//  NormalizeScore: 100 * (max + min - s) / max (100 when max is 0), ignored nodes 0.
//
// Thread-safety: immutable after Create; Filter/Score only read the CycleState.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "components/kube-scheduler/framework/interface.h"
#include "components/kube-scheduler/plugins/default_selector.h"
#include "components/kube-scheduler/plugins/names.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::plugins {

struct PodTopologySpreadArgs {
  // DefaultingType System (default) ignores default_constraints and uses the system ones.
  bool system_defaulting = true;
  std::vector<api::core::v1::TopologySpreadConstraint> default_constraints;
};

// The parsed form of one constraint (upstream topologySpreadConstraint).
struct SpreadConstraint {
  int32_t max_skew = 0;
  std::string topology_key;
  PodSelector selector = PodSelector::Everything();
  int32_t min_domains = 1;
  bool honor_node_affinity = true;   // nodeAffinityPolicy
  bool honor_node_taints = false;    // nodeTaintsPolicy
};

class PodTopologySpread final : public framework::PreFilterPlugin,
                                public framework::PreFilterExtensions,
                                public framework::FilterPlugin,
                                public framework::PreScorePlugin,
                                public framework::ScorePlugin {
 public:
  static constexpr std::string_view kErrReasonConstraintsNotMatch =
      "node(s) didn't match pod topology spread constraints";
  static constexpr std::string_view kErrReasonNodeLabelNotMatch =
      "node(s) didn't match pod topology spread constraints (missing required label)";

  // `lister` (may be null: no workloads known) must outlive the plugin. Errors: a
  // default constraint with whenUnsatisfiable other than the two values, or with a
  // labelSelector (upstream validation), when not system-defaulting.
  static StatusOr<std::shared_ptr<PodTopologySpread>> Create(const PodTopologySpreadArgs& args,
                                                             const framework::Handle& handle,
                                                             const WorkloadLister* lister);

  std::string_view Name() const override { return names::kPodTopologySpread; }
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

  // filterTopologySpreadConstraints for `action` ("DoNotSchedule" / "ScheduleAnyway").
  static StatusOr<std::vector<SpreadConstraint>> FilterConstraints(
      const std::vector<api::core::v1::TopologySpreadConstraint>& constraints,
      const std::map<std::string, std::string>& pod_labels, std::string_view action);

 private:
  PodTopologySpread(const framework::Handle& handle, const WorkloadLister* lister)
      : handle_(handle), lister_(lister) {}
  // getConstraints / buildDefaultConstraints for `action`.
  StatusOr<std::vector<SpreadConstraint>> Constraints(const framework::Pod& pod, std::string_view action) const;
  void UpdateWithPod(framework::CycleState& state, const framework::Pod& updated, const framework::Pod& preemptor,
                     const framework::Node* node, int delta) const;

  const framework::Handle& handle_;
  const WorkloadLister* lister_;
  bool system_defaulted_ = false;
  std::vector<api::core::v1::TopologySpreadConstraint> default_constraints_;
};

// The system default constraints (hostname 3, zone 5, ScheduleAnyway).
std::vector<api::core::v1::TopologySpreadConstraint> SystemDefaultSpreadConstraints();

}  // namespace kubecxx::scheduler::plugins
