// The hand-written conversions of converter.h (not a public interface). Each takes an
// object of the first kind and returns one of the second, type meta set.
#pragma once

#include "lib/base/status.h"
#include "lib/codec/registry.h"

namespace kubecxx::apiserver::conversion::internal {

// events.k8s.io/v1 Event <-> core v1 Event (events.cc).
StatusOr<codec::Object> EventsV1ToCoreV1(const codec::Object& in);
StatusOr<codec::Object> CoreV1ToEventsV1(const codec::Object& in);

// autoscaling/v1 <-> autoscaling/v2 HorizontalPodAutoscaler (hpa.cc).
StatusOr<codec::Object> HpaV1ToV2(const codec::Object& in);
StatusOr<codec::Object> HpaV2ToV1(const codec::Object& in);

// apiextensions.k8s.io/v1 <-> v1beta1 CustomResourceDefinition (crd.cc).
StatusOr<codec::Object> CrdV1ToV1beta1(const codec::Object& in);
StatusOr<codec::Object> CrdV1beta1ToV1(const codec::Object& in);

}  // namespace kubecxx::apiserver::conversion::internal
