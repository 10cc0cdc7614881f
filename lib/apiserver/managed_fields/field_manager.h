// The field manager of the stock apiserver (k8s.io/apiserver v0.37.2 endpoints/handlers/
// fieldmanager over apimachinery's managedfields): every create, update and non-apply patch
// records in metadata.managedFields what the request's manager (?fieldManager, else the
// User-Agent up to its first '/') changed, as an Update entry with the time of the change;
// server-side apply merges an applied configuration into the live object by the schema of
// the kind (lib/patch/smd; custom resources by the deduced schema), takes ownership, fails
// with stock's 409 on conflicts unless forced, and prunes what the applier stopped applying.
// Thread-safety: pure functions over the objects passed.
#pragma once

#include <string>

#include "lib/apiserver/api_errors.h"
#include "lib/apiserver/resource_registry.h"
#include "lib/codec/registry.h"
#include "lib/patch/json_value.h"
#include "lib/server/http.h"

namespace kubecxx::apiserver::managed_fields {

// managerOrUserAgent: ?fieldManager, else the printable User-Agent prefix (<= 128 bytes).
std::string RequestManager(const server::Request& req);

// FieldManager.UpdateNoErrors: sets next's metadata.managedFields for `manager` having
// turned live (nullptr: a create, compared with the kind's empty object) into next.
// reset_requested: the request body set metadata.managedFields to [] (clears them).
// Failures keep live's managedFields, as upstream does.
void UpdateManagedFields(const ServedResource& r, bool is_status, const codec::Object* live,
                         codec::Object& next, const std::string& manager,
                         bool reset_requested = false);

// The managedFields computed for `next` by UpdateManagedFields, to restore them after a
// strategy replaced next's metadata (status updates keep the old metadata).
void CopyManagedFields(const codec::Object& from, codec::Object& to);

// FieldManager.Apply: the object after applying `applied` (the request's configuration as
// JSON) to live (nullptr: the object does not exist), with managedFields set; false with
// the error stock answers (400 version/kind mismatch, 409 conflicts, ...).
bool Apply(const ServedResource& r, bool is_status, const codec::Object* live,
           const patch::JsonValue& applied, const std::string& manager, bool force,
           patch::JsonValue* out, ApiError* error);

// The scale subresource's ScaleHandler, on the parent: when spec.replicas changed and some
// manager owned it, `manager` (subresource "scale") takes it from them.
void UpdateScaleManagedFields(const ServedResource& r, const codec::Object& live,
                              codec::Object& next, const std::string& manager);

// True when a JSON request body sets metadata.managedFields to an empty list.
bool BodyResetsManagedFields(std::string_view body);

}  // namespace kubecxx::apiserver::managed_fields
