// The scale subresource (autoscaling/v1 Scale) of deployments, replicasets, statefulsets
// (apps/v1) and replicationcontrollers (v1), as upstream's registries convert it
// (pkg/registry/apps/deployment/storage/storage.go scaleFromDeployment and friends): metadata
// name/namespace/uid/resourceVersion/creationTimestamp of the parent, spec.replicas,
// status.replicas and status.selector (the label selector's canonical string form).
// Thread-safety: pure functions.
#pragma once

#include "lib/apiserver/resource_registry.h"
#include "lib/base/status.h"
#include "lib/codec/registry.h"

namespace kubecxx::apiserver {

// Whether the resource has a scale subresource served here.
bool HasScale(const ServedResource& r);
// The Scale of a parent object. Errors: a selector that does not convert.
StatusOr<codec::Object> ScaleOf(const ServedResource& r, const codec::Object& parent);
// Sets the parent's spec.replicas from a Scale.
void ApplyScale(const ServedResource& r, const codec::Object& scale, codec::Object& parent);

}  // namespace kubecxx::apiserver
