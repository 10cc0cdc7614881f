#include "components/kube-scheduler/plugins/helper.h"

namespace kubecxx::scheduler::plugins {

void DefaultNormalizeScore(int64_t max_priority, bool reverse, framework::NodeScoreList& scores) {
  int64_t max_count = 0;
  for (const auto& s : scores) max_count = std::max(max_count, s.score);
  if (max_count == 0) {
    if (reverse) {
      for (auto& s : scores) s.score = max_priority;
    }
    return;
  }
  for (auto& s : scores) {
    int64_t score = max_priority * s.score / max_count;
    s.score = reverse ? max_priority - score : score;
  }
}

int64_t BrokenLinear(const std::vector<FunctionShapePoint>& shape, int64_t p) {
  for (size_t i = 0; i < shape.size(); ++i) {
    if (p <= shape[i].utilization) {
      if (i == 0) return shape[0].score;
      return shape[i - 1].score + (shape[i].score - shape[i - 1].score) * (p - shape[i - 1].utilization) /
                                      (shape[i].utilization - shape[i - 1].utilization);
    }
  }
  return shape.back().score;
}

bool ToleratesTaint(const api::core::v1::Toleration& t, const api::core::v1::Taint& taint) {
  if (!t.effect.empty() && t.effect != taint.effect) return false;
  if (!t.key.empty() && t.key != taint.key) return false;
  if (t.operator_.empty() || t.operator_ == "Equal") return t.value == taint.value;
  if (t.operator_ == "Exists") return true;
  return false;  // Lt/Gt (feature off) and unknown operators
}

bool TolerationsTolerateTaint(const std::vector<api::core::v1::Toleration>& tolerations,
                              const api::core::v1::Taint& taint) {
  for (const auto& t : tolerations) {
    if (ToleratesTaint(t, taint)) return true;
  }
  return false;
}

const api::core::v1::Taint* FindUntoleratedDoNotScheduleTaint(
    const std::vector<api::core::v1::Taint>& taints,
    const std::vector<api::core::v1::Toleration>& tolerations) {
  for (const auto& taint : taints) {
    if (taint.effect != "NoSchedule" && taint.effect != "NoExecute") continue;
    if (!TolerationsTolerateTaint(tolerations, taint)) return &taint;
  }
  return nullptr;
}

}  // namespace kubecxx::scheduler::plugins
