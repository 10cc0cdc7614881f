#include "components/kube-scheduler/plugins/taint_toleration.h"

#include "components/kube-scheduler/plugins/helper.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using framework::Status;

constexpr std::string_view kPreScoreKey = "PreScoreTaintToleration";

struct PreScoreState final : framework::StateData {
  std::vector<api::core::v1::Toleration> tolerations_prefer_no_schedule;
  std::shared_ptr<framework::StateData> Clone() const override {
    return std::make_shared<PreScoreState>(*this);
  }
};

}  // namespace

Status TaintToleration::Filter(const framework::CycleState&, const framework::Pod& pod,
                               const framework::NodeInfo& node_info) const {
  if (!FindUntoleratedDoNotScheduleTaint(node_info.node()->spec.taints, pod.spec.tolerations)) {
    return Status();
  }
  return Status(Code::kUnschedulableAndUnresolvable, std::string(kErrReasonUntolerated));
}

Status TaintToleration::PreScore(framework::CycleState& state, const framework::Pod& pod,
                                 const framework::NodeInfoList&) {
  auto s = std::make_shared<PreScoreState>();
  for (const auto& t : pod.spec.tolerations) {
    if (t.effect.empty() || t.effect == "PreferNoSchedule") s->tolerations_prefer_no_schedule.push_back(t);
  }
  state.Write(std::string(kPreScoreKey), std::move(s));
  return Status();
}

Status TaintToleration::Score(const framework::CycleState& state, const framework::Pod&,
                              const framework::NodeInfo& node_info, int64_t* score) const {
  const auto* s = state.Read<PreScoreState>(kPreScoreKey);
  if (!s) {
    return Status::Error("failed to read \"PreScoreTaintToleration\" from cycleState: not found");
  }
  int64_t intolerable = 0;
  for (const auto& taint : node_info.node()->spec.taints) {
    if (taint.effect != "PreferNoSchedule") continue;
    if (!TolerationsTolerateTaint(s->tolerations_prefer_no_schedule, taint)) ++intolerable;
  }
  *score = intolerable;
  return Status();
}

Status TaintToleration::NormalizeScore(const framework::CycleState&, const framework::Pod&,
                                       framework::NodeScoreList& scores) const {
  DefaultNormalizeScore(framework::kMaxNodeScore, true, scores);
  return Status();
}

}  // namespace kubecxx::scheduler::plugins
