// Upstream's create and update validation of built-in kinds, run after defaulting and the
// create/update strategy (k8s.io/apiserver@v0.37.2 pkg/registry/rest ValidateCreate /
// ValidateUpdate): on create the kind's strategy.Validate, then, only when that found nothing,
// the generic ObjectMeta rules (names as path segments); on update the generic ObjectMeta
// create and update rules first, then strategy.ValidateUpdate (immutability included). The
// per-kind rules (core, apps, batch, scheduling) are k8s.io/kubernetes@v1.37.2
// pkg/apis/<group>/validation with v1.37's
// default feature gates, plus the declarative rules enforced by default (beta and standard
// ones; they come last). Kinds without a per-kind validator here get the generic rules only.
// Status updates get the generic rules only. Facts and gaps: docs/compatibility.md,
// "Validation".
// Thread-safety: pure functions.
#pragma once

#include <optional>

#include "lib/apiserver/api_errors.h"
#include "lib/codec/registry.h"

namespace kubecxx::apiserver::validation {

// The 422 Invalid error for `obj` (defaulted, create strategy applied), or nullopt.
std::optional<ApiError> ValidateCreate(const codec::Object& obj, bool namespaced);
// The 422 Invalid error for `next` replacing `old`, or nullopt.
std::optional<ApiError> ValidateUpdate(const codec::Object& next, const codec::Object& old,
                                       bool namespaced, bool status_subresource);

}  // namespace kubecxx::apiserver::validation
