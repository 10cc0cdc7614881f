#include "lib/patch/smd/updater.h"

namespace kubecxx::smd {
namespace {

Comparison Filtered(Comparison c, const Set& ignored) {
  if (ignored.Empty()) return c;
  c.added = c.added.RecursiveDifference(ignored);
  c.modified = c.modified.RecursiveDifference(ignored);
  c.removed = c.removed.RecursiveDifference(ignored);
  return c;
}

// update(): other managers lose what changed (conflicts when not forced) and what was
// removed; empty managers disappear.
ManagedFields UpdateOthers(const JsonValue& old_obj, const JsonValue& new_obj,
                           ManagedFields managers, const std::string& workflow, bool force,
                           const UpdaterOptions& opts, Comparison* cmp, Conflicts* conflicts) {
  *cmp = Filtered(Compare(old_obj, new_obj, opts.type), opts.ignored);
  Set changed = cmp->modified.Union(cmp->added);
  std::map<std::string, Set> conflict_sets;
  for (auto& [name, vs] : managers) {
    if (name == workflow) continue;
    Set c = vs.set.Intersection(changed);
    if (!c.Empty()) conflict_sets[name] = std::move(c);
  }
  if (!force && !conflict_sets.empty()) {
    for (const auto& [name, set] : conflict_sets) {
      set.Iterate([&](const Path& p) { conflicts->push_back({name, p}); });
    }
    return managers;
  }
  for (auto& [name, vs] : managers) {
    if (name == workflow) continue;
    if (auto it = conflict_sets.find(name); it != conflict_sets.end()) {
      vs.set = vs.set.Difference(it->second);
    }
    if (!cmp->removed.Empty()) vs.set = vs.set.Difference(cmp->removed);
  }
  for (auto it = managers.begin(); it != managers.end();) {
    it = it->second.set.Empty() ? managers.erase(it) : std::next(it);
  }
  return managers;
}

Set Named(const Set& s, TypeRef t) { return EnsureNamedFieldsAreMembers(s, t); }

// prune(): remove what the applier applied last time and not now, unless another manager
// (or the new configuration) owns it, and only what the applier owned.
JsonValue Prune(const JsonValue& merged, const ManagedFields& managers, const std::string& applier,
                const VersionedSet* last, TypeRef t) {
  if (last == nullptr || last->set.Empty()) return merged;
  JsonValue pruned = RemoveItems(merged, Named(last->set, t), t);
  // addBackOwnedItems
  Set managed;
  for (const auto& [name, vs] : managers) managed = managed.Union(vs.set);
  Set merged_set = Named(ToFieldSet(merged, t), t);
  Set pruned_set = Named(ToFieldSet(pruned, t), t);
  pruned = RemoveItems(merged, merged_set.Difference(pruned_set.Union(Named(managed, t))), t);
  // addBackDanglingItems
  pruned_set = Named(ToFieldSet(pruned, t), t);
  return RemoveItems(merged, merged_set.Difference(pruned_set).Intersection(Named(last->set, t)),
                     t);
}

}  // namespace

ManagedFields Update(const JsonValue& live, const JsonValue& next, const std::string& version,
                     ManagedFields managers, const std::string& manager,
                     const UpdaterOptions& opts) {
  Comparison cmp;
  Conflicts unused;
  managers = UpdateOthers(live, next, std::move(managers), manager, true, opts, &cmp, &unused);
  VersionedSet& mine = managers[manager];
  Set set = mine.set.Difference(cmp.removed).Union(cmp.modified).Union(cmp.added);
  if (!opts.ignored.Empty()) set = set.RecursiveDifference(opts.ignored);
  mine = VersionedSet{std::move(set), version, false};
  if (mine.set.Empty()) managers.erase(manager);
  return managers;
}

StatusOr<ApplyResult> Apply(const JsonValue& live, const JsonValue& config,
                            const std::string& version, ManagedFields managers,
                            const std::string& manager, bool force,
                            const UpdaterOptions& opts) {
  auto merged = Merge(live, config, opts.type);
  if (!merged.ok()) return Status::Invalid("failed to merge config: " + merged.status().message());
  std::optional<VersionedSet> last;
  if (auto it = managers.find(manager); it != managers.end()) last = it->second;
  Set set = ToFieldSet(config, opts.type);
  if (!opts.ignored.Empty()) set = set.RecursiveDifference(opts.ignored);
  managers[manager] = VersionedSet{std::move(set), version, true};
  ApplyResult r;
  r.object = Prune(*merged, managers, manager, last ? &*last : nullptr, opts.type);
  Comparison cmp;
  r.managers =
      UpdateOthers(live, r.object, std::move(managers), manager, force, opts, &cmp, &r.conflicts);
  if (!r.conflicts.empty()) return r;
  r.changed = !ValuesEqual(live, r.object);
  return r;
}

}  // namespace kubecxx::smd
