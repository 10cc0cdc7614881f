// TaintToleration (upstream plugins/tainttoleration, default weight 3).
//  Filter: the first NoSchedule/NoExecute taint the pod does not tolerate rejects the node
//    with "node(s) had untolerated taint(s)" (UnschedulableAndUnresolvable; v1.37 text).
//  PreScore: keeps the tolerations with effect "" or PreferNoSchedule.
//  Score: the number of PreferNoSchedule taints not tolerated by those.
//  NormalizeScore: DefaultNormalizeScore(100, reverse) - fewer intolerable taints score higher.
// Thread-safety: stateless.
#pragma once

#include "components/kube-scheduler/framework/interface.h"
#include "components/kube-scheduler/plugins/names.h"

namespace kubecxx::scheduler::plugins {

class TaintToleration final : public framework::FilterPlugin,
                              public framework::PreScorePlugin,
                              public framework::ScorePlugin {
 public:
  static constexpr std::string_view kErrReasonUntolerated = "node(s) had untolerated taint(s)";
  std::string_view Name() const override { return names::kTaintToleration; }
  framework::Status Filter(const framework::CycleState& state, const framework::Pod& pod,
                           const framework::NodeInfo& node_info) const override;
  framework::Status PreScore(framework::CycleState& state, const framework::Pod& pod,
                             const framework::NodeInfoList& nodes) override;
  framework::Status Score(const framework::CycleState& state, const framework::Pod& pod,
                          const framework::NodeInfo& node_info, int64_t* score) const override;
  bool HasNormalizeScore() const override { return true; }
  framework::Status NormalizeScore(const framework::CycleState& state, const framework::Pod& pod,
                                   framework::NodeScoreList& scores) const override;
};

}  // namespace kubecxx::scheduler::plugins
