// PATCH of one object: JSON patch, JSON merge patch and, for built-in kinds, strategic merge
// patch (lib/patch/apply.h), applied to the stored object inside the storage update loop,
// then decoded as the kind and checked as k8s.io/apiserver's patch handler does (namespace
// filled or matched, name present and equal to the URL's, a resourceVersion in the result
// is a precondition); every patch records its manager in metadata.managedFields, and
// server-side apply (application/apply-patch+yaml) merges by the schema
// (managed_fields/field_manager.h).
// Thread-safety: call from a worker thread; blocks on storage.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "lib/apiserver/negotiation.h"
#include "lib/apiserver/resource_registry.h"
#include "lib/apiserver/write_request.h"
#include "lib/patch/apply.h"
#include "lib/server/http.h"

namespace kubecxx::apiserver {

// The request's patch type when the server takes it for `kind` and the body is well-formed
// JSON; else false with the 415 or 400 stock answers.
std::optional<patch::PatchType> CheckPatchRequest(const server::Request& req,
                                                  const codec::KindInfo* kind, ApiError* error);
// Applies the request's body (of a type CheckPatchRequest accepted) to `current`, a `kind`
// object's JSON; false with stock's error otherwise.
bool ApplyPatchBody(const server::Request& req, patch::PatchType type,
                    const codec::KindInfo* kind, patch::JsonValue current,
                    patch::JsonValue* out, std::optional<ApiError>* error);

// options: the request's PatchOptions (write_request.h); with fieldValidation Warn the
// unknown and duplicate fields of the patched object go to `warnings`, with Strict they are
// the 422 stock answers. r is a DryRunView for dryRun=All.
void ServePatch(const server::Request& req, const ResourceRegistry& registry,
                const ServedResource& r, const std::string& ns, const std::string& name,
                bool is_status, const WriteOptions& options, WarningRecorder* warnings,
                const std::shared_ptr<server::ResponseWriter>& w,
                const Negotiated& n);

}  // namespace kubecxx::apiserver
