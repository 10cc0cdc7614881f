// The scheduling framework's extension points (upstream k8s.io/kube-scheduler/framework
// interface.go) as C++ interfaces.
//
// A plugin derives from Plugin (virtually) and from every extension-point interface it
// implements; a profile (profile.h) sorts plugin instances into the extension points by
// which interfaces they implement, in configuration order.
//
// Threading contract for plugin authors (see profile.h for the whole model):
//  * PreEnqueue runs on the queue's thread; QueueSort::Less under the queue lock.
//  * PreFilter, PostFilter, PreScore, Reserve, Unreserve, Permit run on the scheduling
//    thread, one pod at a time; they may Write to the CycleState.
//  * Filter, Score and NormalizeScore run on the worker pool, concurrently for different
//    nodes (NormalizeScore concurrently for different plugins) of the same pod. They are
//    const: they may only read the CycleState, the pod and the NodeInfo, and any plugin
//    member they touch must be immutable or synchronised.
//  * PreBind, Bind, PostBind run on a binding thread, concurrently with the next
//    scheduling cycle (for a different pod).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "components/kube-scheduler/framework/cycle_state.h"
#include "components/kube-scheduler/framework/node_info.h"
#include "components/kube-scheduler/framework/parallelizer.h"
#include "components/kube-scheduler/framework/snapshot.h"
#include "components/kube-scheduler/framework/status.h"

namespace kubecxx::scheduler::framework {

// fwk.MaxNodeScore / MinNodeScore: the range of a normalised score.
inline constexpr int64_t kMaxNodeScore = 100;
inline constexpr int64_t kMinNodeScore = 0;
// fwk.MaxTotalScore (math.MaxInt64): the cap of the sum of weighted scores.
inline constexpr int64_t kMaxTotalScore = INT64_MAX;

struct NodeScore {
  std::string name;
  int64_t score = 0;
};
using NodeScoreList = std::vector<NodeScore>;

struct PluginScore {
  std::string name;
  int64_t score = 0;
};

// One node's scores: per plugin raw and weighted, their sum, and the tie-breaker.
struct NodePluginScores {
  std::string name;
  std::vector<PluginScore> raw_scores;
  std::vector<PluginScore> scores;  // normalised and weighted
  int64_t total_score = 0;
  // Upstream sets it to rand.Int() only when extenders scored the node; otherwise 0.
  int64_t randomizer = 0;
};

// fwk.PreFilterResult: the nodes worth filtering at all; nullopt = all nodes.
struct PreFilterResult {
  std::optional<std::set<std::string, std::less<>>> node_names;

  bool AllNodes() const { return !node_names.has_value(); }
  // Intersection (nullopt acts as "everything").
  void Merge(const PreFilterResult& other);
};

// A pod waiting in the scheduling queue (the parts QueueSort and the cycle need).
struct QueuedPodInfo {
  std::shared_ptr<const PodInfo> pod_info;
  // When the pod was added to the queue (or last moved to activeQ).
  std::chrono::system_clock::time_point timestamp;
  int attempts = 0;

  int32_t Priority() const {
    const auto& p = pod_info->pod().spec.priority;
    return p ? *p : 0;
  }
};

class NodeToStatus;  // diagnosis.h

// What plugins may ask of the framework (fwk.Handle, the parts used so far).
class Handle {
 public:
  virtual ~Handle() = default;
  // The snapshot of the current cycle. REQUIRES: called during a cycle.
  virtual const Snapshot& SnapshotLister() const = 0;
  // Pods nominated (by preemption) to run on the node; empty by default.
  virtual std::vector<std::shared_ptr<const PodInfo>> NominatedPodsForNode(
      std::string_view node_name) const = 0;

  // What preemption's dry runs need (fwk.Handle's PluginsRunner and Parallelizer). A
  // Handle that is no Profile (plugin unit tests) answers with an Error / a 1-thread pool.
  virtual Parallelizer& GetParallelizer() const;
  virtual Status RunFilterPluginsWithNominatedPods(const CycleState& state, const Pod& pod,
                                                   const NodeInfo& node_info) const;
  virtual Status RunPreFilterExtensionAddPod(CycleState& state, const Pod& pod,
                                             const std::shared_ptr<const PodInfo>& to_add,
                                             const NodeInfo& node_info) const;
  virtual Status RunPreFilterExtensionRemovePod(CycleState& state, const Pod& pod,
                                                const std::shared_ptr<const PodInfo>& to_remove,
                                                const NodeInfo& node_info) const;
};

class Plugin {
 public:
  virtual ~Plugin() = default;
  virtual std::string_view Name() const = 0;
};

class PreEnqueuePlugin : public virtual Plugin {
 public:
  // Success lets the pod into activeQ; anything else keeps it gated.
  virtual Status PreEnqueue(const Pod& pod) = 0;
};

class QueueSortPlugin : public virtual Plugin {
 public:
  virtual bool Less(const QueuedPodInfo& a, const QueuedPodInfo& b) const = 0;
};

// Incremental updates of PreFilter state when a dry run adds or removes a pod on a node.
class PreFilterExtensions {
 public:
  virtual ~PreFilterExtensions() = default;
  virtual Status AddPod(CycleState& state, const Pod& pod_to_schedule,
                        const std::shared_ptr<const PodInfo>& pod_to_add,
                        const NodeInfo& node_info) = 0;
  virtual Status RemovePod(CycleState& state, const Pod& pod_to_schedule,
                           const std::shared_ptr<const PodInfo>& pod_to_remove,
                           const NodeInfo& node_info) = 0;
};

using NodeInfoList = std::vector<std::shared_ptr<const NodeInfo>>;

class PreFilterPlugin : public virtual Plugin {
 public:
  // May narrow the nodes through *result (left as "all nodes" by default). Skip means
  // the plugin's Filter is skipped for this pod.
  virtual Status PreFilter(CycleState& state, const Pod& pod, const NodeInfoList& nodes,
                           PreFilterResult* result) = 0;
  virtual PreFilterExtensions* Extensions() { return nullptr; }
};

class FilterPlugin : public virtual Plugin {
 public:
  // Success, Unschedulable or UnschedulableAndUnresolvable (anything else is an error).
  virtual Status Filter(const CycleState& state, const Pod& pod, const NodeInfo& node_info) const = 0;
};

// fwk.PostFilterResult's NominatingInfo: nullopt is ModeNoop (keep the pod's
// nominatedNodeName), a value is ModeOverride ("" clears it).
struct PostFilterResult {
  std::optional<std::string> nominated_node_name;
};

class PostFilterPlugin : public virtual Plugin {
 public:
  virtual Status PostFilter(CycleState& state, const Pod& pod, const NodeToStatus& statuses,
                            PostFilterResult* result) = 0;
};

class PreScorePlugin : public virtual Plugin {
 public:
  // Skip means the plugin's Score is skipped for this pod.
  virtual Status PreScore(CycleState& state, const Pod& pod, const NodeInfoList& nodes) = 0;
};

class ScorePlugin : public virtual Plugin {
 public:
  virtual Status Score(const CycleState& state, const Pod& pod, const NodeInfo& node_info,
                       int64_t* score) const = 0;
  // Whether NormalizeScore should run (upstream: ScoreExtensions() != nil).
  virtual bool HasNormalizeScore() const { return false; }
  // Rescales the raw scores of all nodes into [kMinNodeScore, kMaxNodeScore].
  virtual Status NormalizeScore(const CycleState& state, const Pod& pod, NodeScoreList& scores) const {
    return Status();
  }
};

class ReservePlugin : public virtual Plugin {
 public:
  virtual Status Reserve(CycleState& state, const Pod& pod, const std::string& node_name) = 0;
  // Must be idempotent and may not fail.
  virtual void Unreserve(CycleState& state, const Pod& pod, const std::string& node_name) = 0;
};

class PermitPlugin : public virtual Plugin {
 public:
  // Success, Wait (with *timeout) or a rejection.
  virtual Status Permit(CycleState& state, const Pod& pod, const std::string& node_name,
                        std::chrono::milliseconds* timeout) = 0;
};

class PreBindPlugin : public virtual Plugin {
 public:
  virtual Status PreBind(CycleState& state, const Pod& pod, const std::string& node_name) = 0;
};

class BindPlugin : public virtual Plugin {
 public:
  // Skip passes the pod on to the next bind plugin.
  virtual Status Bind(CycleState& state, const Pod& pod, const std::string& node_name) = 0;
};

class PostBindPlugin : public virtual Plugin {
 public:
  virtual void PostBind(CycleState& state, const Pod& pod, const std::string& node_name) = 0;
};

}  // namespace kubecxx::scheduler::framework
