// Field selectors of the served kinds that only exist through conversion and whose field
// label conversion is not the default (metadata.name, metadata.namespace): which labels the
// served version accepts (pkg/apis/<group>/<version>/conversion.go AddFieldLabelConversion-
// Funcs) and the value a served object offers for each, equal to what upstream's registry
// GetAttrs computes on the internal object for the label the served one maps to.
//   events.k8s.io/v1 Event: metadata.name, metadata.namespace, reason, type,
//     regarding.{kind,namespace,name,uid,apiVersion,resourceVersion,fieldPath}
//     (-> involvedObject.*), reportingController (-> reportingComponent).
//   certificates.k8s.io/v1 ClusterTrustBundle: metadata.name, spec.signerName.
//   certificates.k8s.io/v1 PodCertificateRequest: metadata.name, spec.signerName,
//     spec.podName, spec.nodeName.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lib/base/status.h"
#include "lib/codec/registry.h"

namespace kubecxx::apiserver::conversion {

// True when `kind` has its own field label rules here.
bool HasFieldLabels(const codec::KindInfo* kind);
// OK, or kInvalidArgument "field label not supported: <label>" (upstream's text).
Status CheckFieldLabel(const codec::KindInfo* kind, std::string_view label);
// The value `obj` (of a kind with HasFieldLabels) offers for an accepted label.
std::optional<std::string> FieldValue(const codec::Object& obj, std::string_view label);

}  // namespace kubecxx::apiserver::conversion
