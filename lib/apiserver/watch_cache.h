// WatchCache: one resource's watch cache, as upstream's Cacher (k8s.io/apiserver
// pkg/storage/cacher, v1.37 defaults): one etcd watch per resource feeds an in-memory store
// (objects by etcd key, in key order) and a ring of recent events, and LIST and WATCH are
// served from memory with upstream's resourceVersion semantics:
//
// LIST (Decide/List; the delegator's rules, ListFromCacheSnapshot on):
//   RV unset               consistent read: etcd's current revision, wait until the cache has
//                          it (asking etcd for progress notifications), serve the latest; on
//                          timeout fall back to etcd (ConsistentListFromCacheSkipTimeout-
//                          Fallback is off by default)
//   RV "0"                 the latest from the cache, limit ignored (no continue)
//   RV N (NotOlderThan or  wait until the cache has N (3 s, then 504 "Too large resource
//     unset, no limit)     version"), serve the latest
//   Exact N, or unset with the cache's state at N when it still has it (N no older than
//     limit and RV N > 0   its oldest snapshot: the ring's oldest event, the last relist or
//                          the last compaction); else delegated to etcd
//   continue token         its revision > 0: Exact at that revision from the token's key;
//                          -1: a consistent read from the key
// Limit and continue tokens are built as upstream's cacher does (same token bytes as etcd's).
//
// GET with a resourceVersion (Get): after waiting for it, from the store (unset: etcd).
//
// WATCH (Watch): from the cache's state (RV unset or "0" without sendInitialEvents, or
// sendInitialEvents=true after waiting for RV / etcd's current revision), else the ring's
// events after RV; an RV older than the ring is 410 "too old resource version: X (Y)".
// sendInitialEvents with bookmarks ends the initial state with a BOOKMARK annotated
// k8s.io/initial-events-end; periodic bookmarks every minute (and 2 s before the timeout),
// released in upstream's one-second buckets, carry the cache's revision when it moved past
// the watch's start.
//
// The ring grows from 100 to 102,400 events while its oldest event is younger than 75 s and
// shrinks back as upstream's watchCacheHistory does.
//
// Threading: Start() runs one reflector thread (list + etcd watch, relist on 410) that
// applies events under mu_; readers (List, CacheWatcher::Next) take mu_ briefly and copy
// shared pointers out. A CacheWatcher is used by one thread at a time; the cache must outlive
// its watchers (Stop() ends them). Everything else is safe for concurrent use.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "lib/apiserver/cached_object.h"
#include "lib/apiserver/field_selectors.h"
#include "lib/base/status.h"
#include "lib/storage/etcd_store.h"

namespace kubecxx::apiserver {

struct WatchCacheConfig {
  // The resource's storage (outlives the cache). Null in unit tests: keys (resource_key,
  // key_of, prefixes) are then used as absolute keys and events come from *ForTest.
  storage::EtcdStore* store = nullptr;
  std::string resource_key;            // the collection's storage key ("/pods")
  const codec::KindInfo* kind = nullptr;
  bool namespaced = false;
  // The storage key (relative, "/pods/ns/name") of an object.
  std::function<std::string(const codec::Object&)> key_of;
  // The newest compacted etcd revision known (0 = unknown); exact reads below it go to etcd.
  std::function<int64_t()> compact_revision;
  // etcd's current revision (consistent reads); default: store->CurrentRevision().
  std::function<StatusOr<int64_t>()> current_revision;
  std::chrono::milliseconds fresh_timeout{3000};  // upstream's blockTimeout
};

struct CacheListRequest {
  std::string prefix;  // absolute etcd key prefix ending in '/' (a namespace or everything)
  std::string resource_version;
  storage::ResourceVersionMatch match = storage::ResourceVersionMatch::kUnset;
  int64_t limit = 0;
  std::string continue_token;
  SelectionPredicate predicate;
};

struct CacheListResult {
  std::vector<std::shared_ptr<const CachedObject>> items;
  int64_t resource_version = 0;
  std::string continue_token;
  std::optional<int64_t> remaining_item_count;
};

struct CacheWatchRequest {
  std::string prefix;  // absolute etcd key prefix ending in '/'
  std::string resource_version;
  std::optional<bool> send_initial_events;
  bool allow_bookmarks = false;
  SelectionPredicate predicate;
  std::optional<std::string> name;  // a watch of one object (GET .../name?watch=1)
  std::chrono::steady_clock::time_point deadline{};
  codec::WireFormat format = codec::WireFormat::kJson;
};

class WatchCache;

// One watch served from the cache. Next() yields frames in the negotiated format.
class CacheWatcher {
 public:
  ~CacheWatcher();
  // The next frame within `timeout` (nullptr if none yet); kOutOfRange once the watch is
  // over (deadline, Stop, a relist, or the watcher fell behind the ring: the client
  // re-watches from its last resourceVersion, as after upstream closes a slow watcher).
  StatusOr<SharedBytes> Next(std::chrono::milliseconds timeout);

 private:
  friend class WatchCache;
  explicit CacheWatcher(WatchCache* cache) : cache_(cache) {}
  using Clock = std::chrono::steady_clock;
  bool Matches(const CachedObject& o) const;
  void ScheduleBookmark(Clock::time_point now, bool after_dispatch);
  void ScheduleBookmarkAt(Clock::time_point next, Clock::time_point now, bool after_dispatch);
  SharedBytes Bookmark(int64_t rv, bool initial_end) const;

  WatchCache* cache_;
  CacheWatchRequest req_;
  uint64_t generation_ = 0;
  std::vector<std::shared_ptr<const CachedObject>> initial_;
  size_t initial_pos_ = 0;
  std::optional<int64_t> initial_end_rv_;  // send the initial-events-end bookmark
  uint64_t cursor_ = 0;                   // next ring index
  int64_t start_rv_ = 0;                  // events at or below it are not sent
  std::vector<std::shared_ptr<const CacheEvent>> batch_;
  size_t batch_pos_ = 0;
  std::chrono::steady_clock::time_point next_bookmark_{};
  bool bookmarks_scheduled_ = false;
};

class WatchCache {
 public:
  explicit WatchCache(WatchCacheConfig config);
  ~WatchCache();
  WatchCache(const WatchCache&) = delete;
  WatchCache& operator=(const WatchCache&) = delete;

  void Start();
  void Stop();  // ends the reflector and every watcher

  // Whether the first list has been applied.
  bool Ready() const;
  // Waits up to `timeout` for Ready().
  bool WaitReady(std::chrono::milliseconds timeout) const;

  enum class Outcome { kServed, kDelegate };
  // Serves a LIST from the cache, or answers kDelegate when upstream would ask etcd (the
  // caller then lists from storage). Errors: storage Status codes (kUnavailable "Too large
  // resource version", kInvalidArgument for a bad continue token).
  StatusOr<Outcome> List(const CacheListRequest& req, CacheListResult* out);

  // GET of one object (absolute etcd key) with a resourceVersion set, as upstream's cacher:
  // waits until the cache has rv (3 s, then "Too large resource version"), then the object,
  // or kNotFound. kDelegate when not ready or rv does not parse (storage answers). Upstream
  // reads etcd for an unset resourceVersion; so does the caller.
  StatusOr<Outcome> Get(const std::string& key, const std::string& resource_version,
                        std::shared_ptr<const CachedObject>* out);

  // Starts a watch; kOutOfRange "too old resource version: X (Y)" (410), kUnavailable while
  // not ready (the caller falls back to etcd) or for a too large resourceVersion.
  StatusOr<std::unique_ptr<CacheWatcher>> Watch(CacheWatchRequest req);

  // The absolute etcd key prefix of a collection key ("/pods/ns" -> "/registry/pods/ns/"),
  // and the absolute key of an object key.
  StatusOr<std::string> Prefix(std::string_view collection_key) const;
  StatusOr<std::string> ObjectKey(std::string_view key) const;

  // Introspection for tests and metrics.
  int64_t resource_version() const;
  size_t ring_capacity() const;
  size_t object_count() const;
  size_t watcher_count() const { return watchers_.load(); }

  // For tests: feed events without etcd (Start() not called). Replace resets the state.
  void ReplaceForTest(std::vector<codec::Object> objects, int64_t rv);
  void ApplyForTest(storage::WatchEvent event);

 private:
  friend class CacheWatcher;
  using Clock = std::chrono::steady_clock;

  void Run();
  Status ListAndWatch();
  void Replace(std::vector<codec::Object> objects, int64_t rv);
  void Apply(storage::WatchEvent event);
  void UpdateResourceVersion(int64_t rv);
  void AddToRingLocked(std::shared_ptr<const CacheEvent> e);
  void ResizeRingLocked(size_t capacity);
  // Waits (mu_ held through `lock`) until resource_version_ >= rv, asking etcd for progress.
  Status WaitFreshLocked(std::unique_lock<std::mutex>& lock, int64_t rv);
  // Whether the state at revision rv is still known (upstream: a snapshot <= rv exists).
  bool CanServeExactLocked(int64_t rv) const;
  // Calls fn for the objects under `prefix` from key `from` on (inclusive), in key order, as
  // they were at revision rv (rv >= resource_version_: the latest); stops when fn is false.
  using Visitor = std::function<bool(const std::shared_ptr<const CachedObject>&)>;
  void VisitAtLocked(const std::string& prefix, const std::string& from, int64_t rv,
                     const Visitor& fn) const;
  // Selects, limits and builds the continue token of a list at revision rv.
  Status ListAtLocked(const CacheListRequest& req, const std::string& from, int64_t rv,
                      bool limit_applies, CacheListResult* out) const;

  WatchCacheConfig config_;
  std::string path_prefix_;  // absolute etcd key of resource_key, ending in '/'

  mutable std::mutex mu_;
  mutable std::condition_variable cv_;  // any change: events, rv, readiness, stop
  bool ready_ = false;
  bool stopping_ = false;
  uint64_t generation_ = 0;  // bumped by each relist: watchers of an older one end
  int64_t resource_version_ = 0;
  int64_t list_resource_version_ = 0;  // the relist's revision
  int64_t snapshot_floor_ = 0;         // oldest revision servable exactly
  bool removed_since_relist_ = false;
  std::map<std::string, std::shared_ptr<const CachedObject>> store_;
  std::vector<std::shared_ptr<const CacheEvent>> ring_;
  uint64_t start_index_ = 0, end_index_ = 0;
  storage::WatchStream* stream_ = nullptr;  // the reflector's current etcd watch
  std::atomic<size_t> watchers_{0};
  const Clock::time_point created_ = Clock::now();  // bookmark buckets count from here
  std::thread thread_;
};

}  // namespace kubecxx::apiserver
