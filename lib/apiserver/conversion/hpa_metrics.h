// autoscaling/v1 <-> autoscaling/v2 metric specs and statuses, as upstream's
// pkg/apis/autoscaling/v1/conversion.go converts them through the internal types (whose
// shape is v2's). Used by hpa.cc for the round-trip annotations. Pure functions.
#pragma once

#include "kubecxx/api/autoscaling/v1/types.h"
#include "kubecxx/api/autoscaling/v2/types.h"

namespace kubecxx::apiserver::conversion::internal {

api::autoscaling::v1::MetricSpec MetricSpecToV1(const api::autoscaling::v2::MetricSpec& in);
api::autoscaling::v2::MetricSpec MetricSpecToV2(const api::autoscaling::v1::MetricSpec& in);
api::autoscaling::v1::MetricStatus MetricStatusToV1(const api::autoscaling::v2::MetricStatus& in);
api::autoscaling::v2::MetricStatus MetricStatusToV2(const api::autoscaling::v1::MetricStatus& in);

}  // namespace kubecxx::apiserver::conversion::internal
