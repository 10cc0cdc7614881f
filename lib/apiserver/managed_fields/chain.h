// The field manager chain of k8s.io/apimachinery v0.37.2 managedfields/internal over JSON
// objects: NewDefaultFieldManager's layers (version check, last-applied updater and manager
// for kubectl, skip-non-applied's "before-first-apply", cap of update managers, manager
// identifiers, the "current-operation" update with its times, meta stripping) around the
// structured merge of lib/patch/smd. field_manager.h calls it with the objects of a request.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "lib/apiserver/api_errors.h"
#include "lib/apiserver/managed_fields/managed.h"
#include "lib/patch/json_value.h"
#include "lib/patch/smd/updater.h"

namespace kubecxx::apiserver::managed_fields {

using patch::JsonValue;

struct Scope {
  smd::UpdaterOptions opts;  // the kind's schema and the strategy's reset fields
  std::string version;       // the request's group/version
  std::string subresource;   // "" or "status"
};

const JsonValue* ManagedOf(const JsonValue& obj);  // metadata.managedFields or nullptr
void RemoveManaged(JsonValue& obj);
void SetManagedJson(JsonValue& obj, const Managed& m);

// An update by `manager` from live to next (both without managedFields).
Managed UpdateChain(const Scope& s, const JsonValue& live, const JsonValue& next,
                    Managed managed, const std::string& manager);

// FieldManager.Apply: live carries its managedFields (the kind's empty object when there is
// none); want is the kind as GroupVersionKind.String() prints it ("apps/v1, Kind=Deployment").
bool ApplyJson(const Scope& s, std::string_view want, JsonValue live, const JsonValue& empty,
               const JsonValue& applied, const std::string& manager, bool force,
               JsonValue* out, ApiError* error);

}  // namespace kubecxx::apiserver::managed_fields
