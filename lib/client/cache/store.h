// Indexer: client-go's thread-safe store with indices (cache.NewIndexer over threadSafeMap).
//
// Objects are kept by key ("namespace/name", see MetaNamespaceKey). Named indices map each
// object to zero or more index values through an IndexFunc; ByIndex answers "every object
// whose index `name` yields `value`" without scanning the store. Index sets refer to the
// store's own key strings, so a key is held once however many indices there are.
//
// Thread-safety: every method may be called from any thread. Readers share a lock; writers
// are exclusive. Returned ObjectPtrs stay valid after the store changes.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "lib/base/status.h"
#include "lib/client/cache/object.h"

namespace kubecxx::client::cache {

// Maps an object to the values it is indexed under. Must be deterministic and must not
// block; it runs under the store's write lock.
using IndexFunc = std::function<std::vector<std::string>(const codec::Object&)>;
using Indexers = std::map<std::string, IndexFunc, std::less<>>;

// client-go's NamespaceIndex / MetaNamespaceIndexFunc.
inline constexpr std::string_view kNamespaceIndex = "namespace";
std::vector<std::string> MetaNamespaceIndexFunc(const codec::Object& obj);

// One change of a batch (client-go's Transaction).
struct StoreChange {
  enum Type { kAdd, kUpdate, kDelete };
  Type type;
  std::string_view key;
  ObjectPtr object;  // null for kDelete
};

class Indexer {
 public:
  explicit Indexer(Indexers indexers = {});
  Indexer(const Indexer&) = delete;
  Indexer& operator=(const Indexer&) = delete;

  // Add and Update both insert or replace the object under its MetaNamespaceKey.
  Status Add(ObjectPtr obj);
  Status Update(ObjectPtr obj);
  // Keyed forms, for callers that computed the key already.
  void Put(std::string_view key, ObjectPtr obj);
  // Removes the key; no-op when absent.
  void Delete(std::string_view key);

  // Applies the changes in order under one write lock.
  void Apply(std::span<const StoreChange> changes);

  // Replaces the whole content and records resource_version (LastStoreSyncResourceVersion).
  // REQUIRES: keys are unique.
  void Replace(std::vector<std::pair<std::string, ObjectPtr>> items, std::string resource_version);

  ObjectPtr Get(std::string_view key) const;  // nullptr when absent
  std::vector<ObjectPtr> List() const;
  std::vector<std::string> ListKeys() const;
  size_t size() const;

  // The objects indexed under `value` by index `index_name`; an error for an unknown index.
  StatusOr<std::vector<ObjectPtr>> ByIndex(std::string_view index_name,
                                           std::string_view value) const;
  StatusOr<std::vector<std::string>> IndexKeys(std::string_view index_name,
                                               std::string_view value) const;
  // The objects sharing any index value with `obj` (client-go's Index).
  StatusOr<std::vector<ObjectPtr>> Index(std::string_view index_name,
                                         const codec::Object& obj) const;
  // The values index `index_name` currently holds ({} for an unknown index).
  std::vector<std::string> ListIndexFuncValues(std::string_view index_name) const;
  std::vector<std::string> IndexNames() const;

  // Adds indices and indexes the current content. An error when a name exists already.
  Status AddIndexers(Indexers indexers);

  // The resourceVersion of the last Replace or Bookmark (client-go's LastStoreSyncResourceVersion).
  std::string LastStoreSyncResourceVersion() const;
  void Bookmark(std::string resource_version);

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  // An index value's keys point into items_' own key strings.
  using KeySet = std::unordered_set<std::string_view>;
  struct NamedIndex {
    IndexFunc func;
    std::unordered_map<std::string, KeySet, StringHash, std::equal_to<>> values;
  };
  using Items = std::unordered_map<std::string, ObjectPtr, StringHash, std::equal_to<>>;

  void PutLocked(std::string_view key, ObjectPtr obj);
  void DeleteLocked(std::string_view key);
  void IndexLocked(NamedIndex& index, std::string_view stored_key, const codec::Object* old_obj,
                   const codec::Object* new_obj);
  const NamedIndex* FindIndexLocked(std::string_view name) const;
  StatusOr<std::vector<ObjectPtr>> ObjectsForKeys(const KeySet* keys) const;

  mutable std::shared_mutex mu_;
  Items items_;                                          // guarded by mu_
  std::map<std::string, NamedIndex, std::less<>> indices_;  // guarded by mu_
  std::string resource_version_;                         // guarded by mu_
};

}  // namespace kubecxx::client::cache
