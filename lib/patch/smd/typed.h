// The typed-value walks of sigs.k8s.io/structured-merge-diff v6 (typed package) over our JSON
// tree: the field set of a value, the comparison of two values (added, modified, removed
// paths), the apply merge of a configuration into a live value (list-map items merged by
// key in smd's order, atomic lists and maps replaced), the removal of a set of items, and
// the validation of an applied configuration against the schema.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include "lib/base/status.h"
#include "lib/patch/smd/fieldpath.h"
#include "lib/patch/smd/schema.h"

namespace kubecxx::smd {

// listItemToPathElement: the key of a list item (list-map keys, with the key fields'
// defaults; a set's value). Error texts are smd's.
StatusOr<PathElement> ListItemElement(const Atom& list, const JsonValue& item);

// TypedValue.ToFieldSet.
Set ToFieldSet(const JsonValue& v, TypeRef t);

struct Comparison {
  Set added, modified, removed;
  bool IsSame() const { return added.Empty() && modified.Empty() && removed.Empty(); }
};
// TypedValue.Compare(lhs -> rhs).
Comparison Compare(const JsonValue& lhs, const JsonValue& rhs, TypeRef t);

// TypedValue.Merge: rhs (the applied configuration) over lhs (the live object). Errors: the
// duplicate keys smd reports ("duplicate entries for key [name=\"a\"]").
StatusOr<JsonValue> Merge(const JsonValue& lhs, const JsonValue& rhs, TypeRef t);

// TypedValue.RemoveItems.
JsonValue RemoveItems(const JsonValue& v, const Set& to_remove, TypeRef t);

// Set.EnsureNamedFieldsAreMembers.
Set EnsureNamedFieldsAreMembers(const Set& s, TypeRef t);

// AsTyped validation of an applied configuration: the first error as smd prints it
// (".spec.foo: field not declared in schema", "... expected string, got ...").
Status Validate(const JsonValue& v, TypeRef t);

}  // namespace kubecxx::smd
