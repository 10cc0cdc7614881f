// Helpers shared by pod_topology_spread.cc (filtering) and pod_topology_spread_score.cc
// (upstream podtopologyspread/common.go). Internal to the plugin.
#pragma once

#include <string>
#include <vector>

#include "components/kube-scheduler/plugins/helper.h"
#include "components/kube-scheduler/plugins/node_selector.h"
#include "components/kube-scheduler/plugins/pod_topology_spread.h"

namespace kubecxx::scheduler::plugins::spread {

inline constexpr std::string_view kDoNotSchedule = "DoNotSchedule";
inline constexpr std::string_view kScheduleAnyway = "ScheduleAnyway";

// nodeLabelsMatchSpreadConstraints: the node has every constraint's topology key.
inline bool NodeHasAllKeys(const framework::Node& node, const std::vector<SpreadConstraint>& cs) {
  for (const auto& c : cs) {
    if (!node.object_meta.labels.contains(c.topology_key)) return false;
  }
  return true;
}

// topologySpreadConstraint.matchNodeInclusionPolicies.
inline bool MatchNodeInclusionPolicies(const SpreadConstraint& c, const framework::Pod& pod, const framework::Node& node,
                                       const RequiredNodeAffinity& required) {
  if (c.honor_node_affinity && !required.Match(node)) return false;
  if (c.honor_node_taints && FindUntoleratedDoNotScheduleTaint(node.spec.taints, pod.spec.tolerations)) return false;
  return true;
}

// countPodsMatchSelector: pods in `ns`, not being deleted, matching (0 for Everything).
inline int CountPodsMatch(const std::vector<std::shared_ptr<const framework::PodInfo>>& pods, const PodSelector& sel,
                          const std::string& ns) {
  if (sel.Empty()) return 0;
  int count = 0;
  for (const auto& p : pods) {
    const auto& meta = p->pod().object_meta;
    if (meta.deletion_timestamp || meta.namespace_ != ns) continue;
    if (sel.Matches(meta.labels)) ++count;
  }
  return count;
}

}  // namespace kubecxx::scheduler::plugins::spread
