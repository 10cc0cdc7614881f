// Per-kind field selectors and the label/field selection predicate, as upstream's registry
// defines them for v1.37:
//  * which field labels a kind accepts, and their renames, follow the field label conversion
//    functions (k8s.io/kubernetes pkg/apis/<group>/<version>/conversion.go); kinds without
//    one accept metadata.name and metadata.namespace (runtime.DefaultMetaV1FieldSelector-
//    Conversion). Rejections carry upstream's texts ("field label not supported: x",
//    "\"x\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"").
//  * the values an object offers follow each registry strategy's GetAttrs/ToSelectableFields
//    (pods: spec.nodeName, status.phase, ...; metadata.namespace only for namespaced kinds);
//    an accepted label the object does not offer (pods' status.podIPs) reads as "".
// Thread-safety: SelectionPredicate is immutable after construction; concurrent const use
// is safe. Functions are pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/api/fields.h"
#include "lib/api/labels.h"
#include "lib/base/status.h"
#include "lib/codec/registry.h"
#include "lib/storage/interface.h"

namespace kubecxx::apiserver {

// An object's selectable fields (name, value), few enough for a linear search.
using FieldSet = std::vector<std::pair<std::string, std::string>>;

// The fields of `obj` as its registry's GetAttrs computes them. REQUIRES: obj has metadata.
FieldSet SelectableFields(const codec::Object& obj, bool namespaced);

// The label a selector term on `label` reads after the kind's conversion ("spec.host" reads
// spec.nodeName on pods), or the kind's error for a label it does not support.
StatusOr<std::string> ConvertFieldLabel(const codec::KindInfo* kind, std::string_view label);

class SelectionPredicate {
 public:
  SelectionPredicate() = default;  // matches everything
  // Parses and converts; errors are upstream's messages (the caller answers 400).
  static StatusOr<SelectionPredicate> Parse(std::string_view label_selector,
                                            std::string_view field_selector,
                                            const codec::KindInfo* kind, bool namespaced);

  bool Empty() const { return labels_.Requirements().empty() && fields_.Empty(); }
  // Matches precomputed attributes (the watch cache keeps them per object).
  bool Matches(const std::map<std::string, std::string>& labels, const FieldSet& fields) const;
  // Computes the attributes of `obj` and matches them.
  bool Matches(const codec::Object& obj) const;
  // An equivalent storage predicate (empty when Empty()).
  storage::Predicate AsStoragePredicate() const;

  // A field=value term on metadata.name / metadata.namespace, for narrowing a scan.
  std::optional<std::string> NameExact() const { return fields_.RequiresExactMatch("metadata.name"); }
  std::optional<std::string> NamespaceExact() const {
    return fields_.RequiresExactMatch("metadata.namespace");
  }

 private:
  api::Selector labels_{};
  api::FieldSelector fields_{};
  // For each requirement of fields_, in order: the converted label it reads.
  std::vector<std::pair<std::string, std::string>> renames_{};
  bool namespaced_ = false;
};

}  // namespace kubecxx::apiserver
