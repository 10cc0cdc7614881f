// ScheduleAlgorithm: one pod's placement decision over a snapshot (upstream
// schedule_one.go schedulePod / findNodesThatFitPod / prioritizeNodes and the
// sorted-nodes heap of framework/sorted_nodes.go).
//
// Facts kept from v1.37.2:
//  * numFeasibleNodesToFind: all nodes below 100; else percentage = the profile's or the
//    global percentageOfNodesToScore, 0 meaning adaptive: 50 - N/125, at least 5; the
//    result N*percentage/100, at least 100. Only 1 node is needed without scoring.
//  * The filter walk starts at next_start_index and wraps; afterwards the index advances
//    by the number of nodes processed (feasible + rejected), modulo N.
//  * A pod with status.nominatedNodeName tries that node first.
//  * PreFilter restricting nodes marks the others "node(s) didn't satisfy plugin(s) [..]".
//  * One feasible node is taken without scoring.
//  * Host selection: the maximum of (total score, randomizer) as Go's container/heap
//    Init + Pop picks it over the nodes in feasible order. Without extenders upstream's
//    randomizer is 0 for every node, so ties go deterministically to the heap's root.
//
// Determinism: upstream appends feasible nodes in goroutine completion order. We filter
// in parallel but assemble the result exactly as a sequential walk would (first K
// feasible in walk order; rejected nodes up to the (K+1)-th feasible one), which is one of
// the orders upstream can produce and the one it produces with parallelism 1.
//
// Thread-safety: not thread-safe; owned by the scheduling thread (it keeps the rotating
// start index). Filter/Score fan out on the profile's Parallelizer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "components/kube-scheduler/framework/diagnosis.h"
#include "components/kube-scheduler/framework/profile.h"

namespace kubecxx::scheduler::framework {

// minFeasibleNodesToFind / minFeasibleNodesPercentageToFind.
inline constexpr int32_t kMinFeasibleNodesToFind = 100;
inline constexpr int32_t kMinFeasibleNodesPercentageToFind = 5;

struct ScheduleResult {
  std::string suggested_host;
  int evaluated_nodes = 0;
  int feasible_nodes = 0;
};

struct ScheduleOutcome {
  enum class Kind { kScheduled, kUnschedulable, kError };
  Kind kind = Kind::kError;
  ScheduleResult result;         // kScheduled
  FitError fit_error;            // kUnschedulable
  std::string error;             // kError (e.g. kNoNodesAvailableMsg)
};

class ScheduleAlgorithm {
 public:
  // global_percentage: KubeSchedulerConfiguration.percentageOfNodesToScore (default 0).
  explicit ScheduleAlgorithm(int32_t global_percentage = 0) : global_percentage_(global_percentage) {}

  // Runs PreFilter, Filter, PreScore, Score and picks the host. REQUIRES:
  // profile.SetSnapshot(&snapshot) was called for this snapshot.
  ScheduleOutcome SchedulePod(const Profile& profile, CycleState& state, const Pod& pod);

  int32_t NumFeasibleNodesToFind(const std::optional<int32_t>& profile_percentage,
                                 int32_t num_all_nodes) const;

  int next_start_index() const { return next_start_index_; }
  void set_next_start_index(int i) { next_start_index_ = i; }

 private:
  // Filters `nodes` from next_start_index_; feasible nodes in walk order, rejections into
  // the diagnosis. Returns "" or the first error.
  std::string FindNodesThatPassFilters(const Profile& profile, const CycleState& state, const Pod& pod,
                                       const NodeInfoList& nodes, Diagnosis* diagnosis,
                                       NodeInfoList* feasible);

  int32_t global_percentage_;
  int next_start_index_ = 0;
};

// Index (into `scores`) of the node upstream's heap pops first. REQUIRES: non-empty.
size_t SelectHostIndex(const std::vector<NodePluginScores>& scores);

}  // namespace kubecxx::scheduler::framework
