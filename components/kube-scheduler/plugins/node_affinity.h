// NodeAffinity (upstream plugins/nodeaffinity, default weight 2).
//  PreFilter: Skip without nodeSelector, required node affinity and addedAffinity; when
//    every required term pins metadata.name with In, restricts the nodes to those names
//    ("pod affinity terms conflict" when the union is empty).
//  Filter: addedAffinity first ("node(s) didn't match scheduler-enforced node affinity"),
//    then nodeSelector AND required terms ("node(s) didn't match Pod's node
//    affinity/selector"), both UnschedulableAndUnresolvable.
//  Score: the sum of the weights of matching preferred terms (pod's and addedAffinity's);
//    NormalizeScore: DefaultNormalizeScore(100, not reversed). PreScore skips when there
//    are none.
// Thread-safety: immutable after Create.
#pragma once

#include <memory>
#include <optional>

#include "components/kube-scheduler/framework/interface.h"
#include "components/kube-scheduler/plugins/names.h"
#include "components/kube-scheduler/plugins/node_selector.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::plugins {

struct NodeAffinityArgs {
  // NodeAffinityArgs.addedAffinity (applies to every pod of the profile).
  std::optional<api::core::v1::NodeAffinity> added_affinity;
};

class NodeAffinity final : public framework::PreFilterPlugin,
                           public framework::FilterPlugin,
                           public framework::PreScorePlugin,
                           public framework::ScorePlugin {
 public:
  static constexpr std::string_view kErrReasonPod = "node(s) didn't match Pod's node affinity/selector";
  static constexpr std::string_view kErrReasonEnforced = "node(s) didn't match scheduler-enforced node affinity";
  static constexpr std::string_view kErrReasonConflict = "pod affinity terms conflict";

  // Errors when addedAffinity does not parse.
  static StatusOr<std::shared_ptr<NodeAffinity>> Create(const NodeAffinityArgs& args);

  std::string_view Name() const override { return names::kNodeAffinity; }
  framework::Status PreFilter(framework::CycleState& state, const framework::Pod& pod,
                              const framework::NodeInfoList& nodes,
                              framework::PreFilterResult* result) override;
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
  NodeAffinity() = default;
  std::optional<NodeSelector> added_node_selector_;
  std::optional<PreferredSchedulingTerms> added_pref_terms_;
};

}  // namespace kubecxx::scheduler::plugins
