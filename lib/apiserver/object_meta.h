// The generic metadata rules of k8s.io/apiserver's registry (rest.BeforeCreate /
// BeforeUpdate, FillObjectMetaSystemFields) and the status/spec split of resources with a
// status subresource, applied to objects of any kind.
// Thread-safety: pure functions (UIDs come from a thread-safe random source).
#pragma once

#include <string>
#include <string_view>

#include "lib/apiserver/api_errors.h"
#include "lib/apiserver/resource_registry.h"
#include "lib/base/status.h"
#include "lib/codec/registry.h"

namespace kubecxx::apiserver {

// A random RFC 4122 version 4 UUID, as google/uuid.NewRandom prints it.
std::string NewUid();
// generateName + 5 characters of upstream's alphabet ("bcdfghjklmnpqrstvwxz2456789").
std::string GenerateName(std::string_view base);

// Namespace rules of both create and update: fills an empty namespace from the request,
// rejects a different one (400), clears it for cluster-scoped kinds.
bool CheckNamespace(const ServedResource& r, std::string_view request_ns, codec::Object& obj,
                    ApiError* error);

// Create: generateName, uid, creationTimestamp, generation 1 where the strategy sets it;
// deletion fields cleared; then the resource's own strategy (strategies.h). Errors: 422 when
// neither name nor generateName is set.
bool PrepareForCreate(const ServedResource& r, codec::Object& obj, ApiError* error);

// Update: keeps uid (when the new object has none), creationTimestamp, generation (bumped
// when "spec" changed, for generation-tracking resources) and deletion fields of `old`; for
// resources with a status subresource the main resource keeps old's status, and a status
// update keeps everything of old but the status (spec as the strategies reset it, metadata
// as metav1.ResetObjectMetaForStatus does), i.e. the result is old with new's status.
StatusOr<codec::Object> PrepareForUpdate(const ServedResource& r, bool status_subresource,
                                         codec::Object next, const codec::Object& old);

}  // namespace kubecxx::apiserver
