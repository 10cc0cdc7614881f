// merge.Updater of sigs.k8s.io/structured-merge-diff v6: the ownership bookkeeping of an
// update (every other manager loses the fields that changed, the updating manager gains
// them) and of an apply (merge, conflicts with other managers unless forced, pruning of
// what the same applier applied before and no longer applies, unless someone else owns it).
// All managers are taken to be at the object's version: kubecxx serves each resource in one
// version, so no conversion between manager versions happens.
// Thread-safety: pure functions over the values passed.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "lib/base/status.h"
#include "lib/patch/smd/fieldpath.h"
#include "lib/patch/smd/schema.h"
#include "lib/patch/smd/typed.h"

namespace kubecxx::smd {

struct VersionedSet {
  Set set;
  std::string api_version;
  bool applied = false;
};

// Manager identifier -> its fields.
using ManagedFields = std::map<std::string, VersionedSet>;

struct Conflict {
  std::string manager;
  Path path;
};
using Conflicts = std::vector<Conflict>;

struct UpdaterOptions {
  TypeRef type;
  Set ignored;  // the strategy's reset fields: excluded recursively from every change
};

// Updater.Update: the managers after `manager` changed live into next.
ManagedFields Update(const JsonValue& live, const JsonValue& next, const std::string& version,
                     ManagedFields managers, const std::string& manager,
                     const UpdaterOptions& opts);

struct ApplyResult {
  bool changed = false;  // false: the merged object equals live (Apply returns nil upstream)
  JsonValue object;
  ManagedFields managers;
  Conflicts conflicts;  // not empty: the apply failed with these
};

// Updater.Apply. A Status error for a merge that fails (duplicate keys, bad list items).
StatusOr<ApplyResult> Apply(const JsonValue& live, const JsonValue& config,
                            const std::string& version, ManagedFields managers,
                            const std::string& manager, bool force,
                            const UpdaterOptions& opts);

}  // namespace kubecxx::smd
