// ObjectMeta and label-selector validation as k8s.io/apimachinery@v0.37.2 pkg/api/validation
// (ValidateObjectMetaAccessor, ValidateObjectMetaAccessorUpdate) and pkg/apis/meta/v1/
// validation do it, plus the Kubernetes wrapper (pkg/apis/core/validation ValidateObjectMeta:
// the extra "standard finalizer name" check). Managed fields are not validated.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "kubecxx/api/meta/v1/types.h"
#include "lib/apiserver/validation/field.h"
#include "lib/codec/json_writer.h"

namespace kubecxx::apiserver::validation {

namespace metav1 = api::meta::v1;

// json.Marshal of a generated v1 value (the bad value of some Invalid errors).
template <typename T>
std::string ToJson(const T& v) {
  std::string s;
  codec::JsonWriter w(&s);
  WriteJson(w, v);
  return s;
}

struct MetaRules {
  bool namespaced = true;
  NameRule name = NameRule::kDNSSubdomain;
  bool kube_finalizers = true;  // core's ValidateObjectMeta wrapper (false: the generic one)
  // ValidateObjectMetaWithOpts with a declaratively covered name rule: no generateName check
  // and only "required" for the name here (the caller reports the name rule last).
  bool name_declarative = false;
};

// Create: generateName, name, namespace, generation, labels, annotations, ownerReferences,
// finalizers (and the kube finalizer-name check when rules.kube_finalizers).
void ValidateObjectMeta(Errors* out, const metav1::ObjectMeta& m, const MetaRules& rules,
                        const Path& p);
// Update: immutable name/namespace/uid, generation, labels, annotations, ownerReferences
// (and the kube finalizer-name check when kube_finalizers).
void ValidateObjectMetaUpdate(Errors* out, const metav1::ObjectMeta& next,
                              const metav1::ObjectMeta& old, bool kube_finalizers,
                              const Path& p);

void ValidateLabels(Errors* out, const std::map<std::string, std::string>& labels,
                    const Path& p);
void ValidateAnnotations(Errors* out, const std::map<std::string, std::string>& annotations,
                         const Path& p);
// metav1validation.ValidateLabelSelector (strict label values).
void ValidateLabelSelector(Errors* out, const metav1::LabelSelector* s, const Path& p);

// metav1.LabelSelectorAsSelector then Matches: nullptr selects nothing, an empty one
// everything. *valid is false when the conversion fails ("invalid label selector").
bool SelectorMatches(const metav1::LabelSelector* s,
                     const std::map<std::string, std::string>& labels, bool* valid,
                     bool* empty);

}  // namespace kubecxx::apiserver::validation
