// application/strategic-merge-patch+json for built-in types, as
// k8s.io/apimachinery v0.37.2 pkg/util/strategicpatch applies it on the server
// (StrategicMergeMapPatch: parallel deletion lists merged, unmatched nulls ignored):
// lists with patchStrategy merge merge by patchMergeKey (primitive lists as sets), other
// lists and retainKeys-free maps marked replace are replaced, maps merge, null deletes;
// directives $patch (replace/delete/merge), $retainKeys, $deleteFromPrimitiveList/<field>,
// $setElementOrder/<field>; the resulting list order follows upstream's rules (setElementOrder,
// then patch order, then live order) using Go's stable sort step for step.
// Patch keys are processed in the order the body gives them (Go walks a map, in random
// order; results agree unless a body lists both <field> and $deleteFromPrimitiveList/<field>
// with overlapping values).
// Errors carry upstream's HTTP mapping (interpretStrategicMergePatchError): 400 for the
// malformed-directive sentinels, the generic 422 for lists of lists and retainKeys content,
// and 500 with the plain Go error text for the rest (e.g. a missing merge key).
// Thread-safety: pure function.
#pragma once

#include "lib/patch/json_value.h"
#include "lib/patch/patch_error.h"
#include "lib/patch/patch_meta.h"

namespace kubecxx::patch {

// Merges patch (an object) into original (an object: the current object's JSON tree).
// REQUIRES: schema.ok().
bool StrategicMerge(JsonValue* original, JsonValue patch, const PatchSchema& schema,
                    PatchError* error);

}  // namespace kubecxx::patch
