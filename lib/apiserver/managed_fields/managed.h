// metadata.managedFields as k8s.io/apimachinery v0.37.2's managedfields/internal keeps them:
// entries decoded into per-manager field sets keyed by the manager identifier (manager,
// operation, apiVersion for updaters, subresource: BuildManagerIdentifier's JSON), their
// times, and encoded back sorted (operation, time, manager, apiVersion, subresource); the
// stripped metadata fields, the cap of 10 update managers ("ancient-changes") and the
// conflict error (409, FieldManagerConflict causes, printManager's wording).
// Thread-safety: plain values and pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "lib/apiserver/api_errors.h"
#include "lib/base/status.h"
#include "lib/patch/smd/updater.h"

namespace kubecxx::apiserver::managed_fields {

struct Managed {
  smd::ManagedFields fields;
  std::map<std::string, std::string> times;  // RFC3339; absent when the entry had none
};

// The identifier of a manager: {"manager":..,"operation":..,"apiVersion":..,"subresource":..}
// without empty members; appliers' identifiers have no apiVersion.
std::string ManagerIdentifier(std::string_view manager, std::string_view operation,
                              std::string_view api_version, std::string_view subresource);

// DecodeManagedFields of a managedFields JSON array (nullptr or null: none). Errors as
// upstream's ("operation must be `Apply` or `Update`", ...).
StatusOr<Managed> DecodeManaged(const patch::JsonValue* entries);
// encodeManagedFields: the JSON array (sorted), or "" when there are no managers.
std::string EncodeManaged(const Managed& m);

// StripMetaManager: drops apiVersion, kind, metadata and metadata's bookkeeping fields from
// every manager, and managers left empty.
void StripMeta(Managed* m);
// CapManagersManager with DefaultMaxUpdateManagers (10).
void CapUpdateManagers(Managed* m);

// NewConflictError: 409 "Apply failed with N conflict(s): ...".
ApiError ConflictErrorOf(const smd::Conflicts& conflicts);

}  // namespace kubecxx::apiserver::managed_fields
