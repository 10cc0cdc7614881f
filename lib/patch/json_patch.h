// application/json-patch+json: RFC 6902 (add, remove, replace, move, copy, test) with the
// behaviour of gopkg.in/evanphx/json-patch.v4 as k8s.io/apiserver v0.37.2 uses it, quirks
// included: replace of a missing object key adds it, copy from a missing key copies null,
// negative array indices count from the end, paths without a leading "/" address the root.
// Limits: at most 10000 operations (413), copies add at most 3 MiB in all (the server's
// JSONPatchMaxCopyBytes). Errors: 400 for a body that is not an array of objects, 413, and
// the generic 422 for any operation that does not apply (upstream hides the detail too).
// Thread-safety: pure function.
#pragma once

#include <string_view>

#include "lib/patch/json_value.h"
#include "lib/patch/patch_error.h"

namespace kubecxx::patch {

inline constexpr size_t kMaxJsonPatchOperations = 10000;
inline constexpr size_t kMaxJsonPatchCopyBytes = 3 * 1024 * 1024;

// Applies the patch body to doc (an object). REQUIRES: body is valid JSON.
bool ApplyJsonPatch(std::string_view body, JsonValue* doc, PatchError* error);

// The patched document as json-patch.v4 writes it (what stock quotes in a 422 when it does
// not decode): containers an operation walked through or a passing test compared are
// re-marshaled with sorted keys, the rest keeps its order; strings are HTML-escaped as
// encoding/json does.
std::string SerializePatchedDocument(const JsonValue& doc);

}  // namespace kubecxx::patch
