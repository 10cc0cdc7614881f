// Helpers shared by the default plugins (upstream framework/plugins/helper and
// component-helpers/scheduling/corev1).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "components/kube-scheduler/framework/interface.h"

namespace kubecxx::scheduler::plugins {

// helper.DefaultNormalizeScore: scales to [0, max_priority] by the maximum; with reverse,
// max_priority - score (all max_priority when every score is 0).
void DefaultNormalizeScore(int64_t max_priority, bool reverse, framework::NodeScoreList& scores);

// helper.FunctionShapePoint / BuildBrokenLinearFunction: linear interpolation between
// points sorted by utilization; below the first / above the last point the end score.
struct FunctionShapePoint {
  int64_t utilization = 0;
  int64_t score = 0;
};
int64_t BrokenLinear(const std::vector<FunctionShapePoint>& shape, int64_t p);

// Toleration.ToleratesTaint with TaintTolerationComparisonOperators off (v1.37 default):
// Lt/Gt tolerate nothing.
bool ToleratesTaint(const api::core::v1::Toleration& toleration, const api::core::v1::Taint& taint);
bool TolerationsTolerateTaint(const std::vector<api::core::v1::Toleration>& tolerations,
                              const api::core::v1::Taint& taint);
// The first NoSchedule/NoExecute taint not tolerated, or null.
const api::core::v1::Taint* FindUntoleratedDoNotScheduleTaint(
    const std::vector<api::core::v1::Taint>& taints,
    const std::vector<api::core::v1::Toleration>& tolerations);

}  // namespace kubecxx::scheduler::plugins
