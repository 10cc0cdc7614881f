// Profile: one scheduler profile's plugins sorted into the extension points, and the
// runners that call them with upstream's semantics (pkg/scheduler/framework/runtime).
//
// THREADING MODEL (the scheduling core)
//  * One scheduling thread pops a pod from the queue and runs its scheduling cycle:
//    PreFilter, Filter (parallel), PostFilter, PreScore, Score + NormalizeScore
//    (parallel), host selection, Reserve, Permit. Cycles never overlap, so everything
//    stateful in a cycle (CycleState, the algorithm's rotating start index) belongs to
//    that thread.
//  * Filter and Score run for many nodes at once on the profile's Parallelizer: a fixed
//    pool of `parallelism` threads (default 16, KubeSchedulerConfiguration.parallelism)
//    created once with the profile, the scheduling thread being one of them. Per node,
//    plugins run sequentially in configuration order. Workers write only to their own
//    node's slot of a pre-sized result vector, so results need no locks; the filter walk
//    stops early through one atomic flag once enough feasible nodes were found.
//  * NormalizeScore runs in parallel over plugins, then weighting in parallel over nodes.
//  * The binding cycle (PreBind, Bind, PostBind) of a pod runs on a binding thread,
//    concurrently with the next pod's scheduling cycle; it only touches its own
//    CycleState and the (thread-safe) cache.
//  * The snapshot a cycle reads is immutable (snapshot.h); the cache updates the next one
//    between cycles.
// Thread-safety of Profile itself: the plugin lists are immutable after Create. The Run*
// methods may be called from the threads listed above; SetSnapshot/SetNominator only from
// the scheduling thread between cycles.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "components/kube-scheduler/framework/diagnosis.h"
#include "components/kube-scheduler/framework/interface.h"
#include "components/kube-scheduler/framework/parallelizer.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::framework {

// Builds a plugin against the profile's Handle (which outlives it).
using PluginFactory = std::function<StatusOr<std::shared_ptr<Plugin>>(Handle& handle)>;

// One enabled plugin of the profile (MultiPoint order), with its score weight (0 = 1).
struct PluginSpec {
  PluginFactory factory;
  int32_t weight = 0;
  // Extension points (configuration names: "preEnqueue", "postFilter", ...) the plugin is
  // disabled at while enabled through multiPoint for the others.
  std::set<std::string, std::less<>> disabled_at;
};

struct ProfileOptions {
  std::string scheduler_name = "default-scheduler";
  // Profile-level percentageOfNodesToScore; nullopt = use the scheduler's global value.
  std::optional<int32_t> percentage_of_nodes_to_score;
  int parallelism = kDefaultParallelism;
};

class Profile : public Handle {
 public:
  // Creates the plugins in order and sorts them into the extension points. Errors: a
  // factory error, a duplicate plugin name, a negative score weight, or a score weight
  // that could overflow the total score.
  static StatusOr<std::unique_ptr<Profile>> Create(ProfileOptions options,
                                                   std::vector<PluginSpec> plugins);

  const std::string& name() const { return options_.scheduler_name; }
  const std::optional<int32_t>& percentage_of_nodes_to_score() const {
    return options_.percentage_of_nodes_to_score;
  }
  Parallelizer& parallelizer() const { return *parallelizer_; }
  Parallelizer& GetParallelizer() const override { return *parallelizer_; }

  // Handle.
  const Snapshot& SnapshotLister() const override { return *snapshot_; }
  std::vector<std::shared_ptr<const PodInfo>> NominatedPodsForNode(
      std::string_view node_name) const override;

  // The snapshot of the next cycle(s). REQUIRES: outlives its use.
  void SetSnapshot(const Snapshot* snapshot) { snapshot_ = snapshot; }
  using Nominator = std::function<std::vector<std::shared_ptr<const PodInfo>>(std::string_view)>;
  void SetNominator(Nominator nominator) { nominator_ = std::move(nominator); }

  bool HasFilterPlugins() const { return !filter_.empty(); }
  bool HasScorePlugins() const { return !score_.empty(); }
  bool HasPostFilterPlugins() const { return !post_filter_.empty(); }
  // The score weight of a plugin (1 when configured as 0), 0 if it is no score plugin.
  int64_t ScoreWeight(std::string_view plugin) const;

  Status RunPreEnqueuePlugins(const Pod& pod) const;
  // REQUIRES: a QueueSort plugin is enabled.
  bool QueueSortLess(const QueuedPodInfo& a, const QueuedPodInfo& b) const;

  // PreFilter over all snapshot nodes. *result is the merged node restriction;
  // *plugins_with_nodes the plugins that restricted nodes. Records the Skip set in state.
  Status RunPreFilterPlugins(CycleState& state, const Pod& pod, PreFilterResult* result,
                             std::set<std::string>* plugins_with_nodes) const;
  Status RunPreFilterExtensionAddPod(CycleState& state, const Pod& pod,
                                     const std::shared_ptr<const PodInfo>& to_add,
                                     const NodeInfo& node_info) const override;
  Status RunPreFilterExtensionRemovePod(CycleState& state, const Pod& pod,
                                        const std::shared_ptr<const PodInfo>& to_remove,
                                        const NodeInfo& node_info) const override;
  // The first non-success status, with the plugin name set; errors wrapped.
  Status RunFilterPlugins(const CycleState& state, const Pod& pod, const NodeInfo& node_info) const;
  // Filters twice when the node has nominated pods of equal or higher priority: once
  // with them added, once without (upstream's conservative rule).
  Status RunFilterPluginsWithNominatedPods(const CycleState& state, const Pod& pod,
                                           const NodeInfo& node_info) const override;
  Status RunPostFilterPlugins(CycleState& state, const Pod& pod, const NodeToStatus& statuses,
                              PostFilterResult* result) const;
  Status RunPreScorePlugins(CycleState& state, const Pod& pod, const NodeInfoList& nodes) const;
  // Score on the worker pool, NormalizeScore, weights. *out has one entry per node, in
  // the order of `nodes`.
  Status RunScorePlugins(const CycleState& state, const Pod& pod, const NodeInfoList& nodes,
                         std::vector<NodePluginScores>* out) const;
  Status RunReservePluginsReserve(CycleState& state, const Pod& pod, const std::string& node) const;
  void RunReservePluginsUnreserve(CycleState& state, const Pod& pod, const std::string& node) const;
  // Wait (with the per-plugin timeouts, capped at 15 minutes) or the first rejection.
  Status RunPermitPlugins(CycleState& state, const Pod& pod, const std::string& node,
                          std::map<std::string, std::chrono::milliseconds>* wait_times) const;
  Status RunPreBindPlugins(CycleState& state, const Pod& pod, const std::string& node) const;
  Status RunBindPlugins(CycleState& state, const Pod& pod, const std::string& node) const;
  void RunPostBindPlugins(CycleState& state, const Pod& pod, const std::string& node) const;

 private:
  explicit Profile(ProfileOptions options);

  ProfileOptions options_;
  std::unique_ptr<Parallelizer> parallelizer_;
  const Snapshot* snapshot_ = nullptr;
  Nominator nominator_;

  std::vector<std::shared_ptr<Plugin>> plugins_;  // owns all
  std::vector<PreEnqueuePlugin*> pre_enqueue_;
  QueueSortPlugin* queue_sort_ = nullptr;
  std::vector<PreFilterPlugin*> pre_filter_;
  std::vector<FilterPlugin*> filter_;
  std::vector<PostFilterPlugin*> post_filter_;
  std::vector<PreScorePlugin*> pre_score_;
  std::vector<ScorePlugin*> score_;
  std::map<std::string, int64_t, std::less<>> score_weight_;
  std::vector<ReservePlugin*> reserve_;
  std::vector<PermitPlugin*> permit_;
  std::vector<PreBindPlugin*> pre_bind_;
  std::vector<BindPlugin*> bind_;
  std::vector<PostBindPlugin*> post_bind_;
};

}  // namespace kubecxx::scheduler::framework
