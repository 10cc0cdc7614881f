// The PATCH request body applied to a stored object, as k8s.io/apiserver v0.37.2's patch
// handler does it for JSON patch, JSON merge patch and strategic merge patch (server-side
// apply is not here). The REST layer calls ParsePatchType and CheckPatchBody before reading
// the object, then ApplyPatch inside its update loop, then decodes the result as the kind.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "lib/patch/json_value.h"
#include "lib/patch/patch_error.h"
#include "lib/patch/patch_meta.h"

namespace kubecxx::patch {

enum class PatchType { kJson, kMerge, kStrategic, kApply, kUnknown };

// The Content-Type's media type (parameters after ';' ignored).
PatchType ParsePatchType(std::string_view content_type);

// 415 for a Content-Type that is no patch type: stock's router (go-restful) answers before
// the handler, "415: Unsupported Media Type" with details {}.
PatchError UnsupportedMediaType();
// 415 from the handler for a patch type this resource does not take (strategic merge for
// custom resources), listing those it takes.
PatchError UnsupportedPatchType(bool strategic_allowed);

// validateAndTranscodePatch: every JSON patch type must be valid JSON (400 "invalid JSON
// patch").
bool CheckPatchBody(PatchType type, std::string_view body, PatchError* error);

// Applies body to current (the object's JSON). strategic needs schema.ok(). strict_decode:
// the request's fieldValidation is not Ignore (the server's default is Warn), so the body is
// first decoded strictly into upstream's Go types, whose errors it then answers with.
bool ApplyPatch(PatchType type, std::string_view body, JsonValue current,
                const PatchSchema& schema, bool strict_decode, JsonValue* out,
                PatchError* error);

// errors.NewInvalid(schema.GroupKind{}, "", field.Invalid("patch", value, detail)): what
// stock answers when the patched document does not decode as the kind. The value is the
// patch as Go's %+v prints it for strategic merge, else the patched document as
// encoding/json writes it (keys sorted).
PatchError InvalidPatchResult(PatchType type, std::string_view body, const JsonValue& patched,
                              std::string_view detail);

}  // namespace kubecxx::patch
