// The watch caches (watch_cache.h) in the REST layer: their lifecycle in the ApiServer and
// the LIST/WATCH answers served from them. Hooks: server.cc starts/stops them,
// rest_handler.cc (list) and watch_handler.cc (watch) try the cache first and fall back to
// storage when it delegates (upstream's CacheDelegator rules) or is not ready.
// Thread-safety: Start/Stop from the server's start/stop thread; the Serve functions from
// any request thread.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "lib/apiserver/field_selectors.h"
#include "lib/apiserver/negotiation.h"
#include "lib/apiserver/resource_registry.h"
#include "lib/server/http.h"
#include "lib/storage/interface.h"

namespace kubecxx::apiserver {

// Creates and starts a cache for every served resource stored in etcd, then waits up to
// `wait` for all to be ready (as stock's watch-cache post-start hook holds readiness).
void StartWatchCaches(ResourceRegistry& registry, std::function<int64_t()> compact_revision,
                      std::chrono::milliseconds wait);
void StopWatchCaches(ResourceRegistry& registry);

// LIST of r's collection `collection_key` ("/pods/ns"): answers and returns true when the
// cache serves it; false when the caller must list from storage.
bool ServeListFromCache(const ServedResource& r, const std::string& collection_key,
                        const storage::ListOptions& opts, const SelectionPredicate& predicate,
                        const Negotiated& n, const std::shared_ptr<server::ResponseWriter>& w);

// GET of one object (`key`: its storage key) with ?resourceVersion= from the cache, as
// upstream; false when the caller must read storage (RV unset, cache not ready).
bool ServeGetFromCache(const ServedResource& r, const std::string& key,
                       const std::string& resource_version, const std::string& name,
                       const Negotiated& n, const std::shared_ptr<server::ResponseWriter>& w);

struct CachedWatchParams {
  std::string collection_key;
  std::string resource_version;
  std::optional<bool> send_initial_events;
  bool allow_bookmarks = false;
  SelectionPredicate predicate;
  std::optional<std::string> name;
  std::chrono::steady_clock::time_point deadline;
  size_t max_backlog_bytes = 64u << 20;
};

// WATCH from the cache until the client leaves, the deadline passes or `stopping`; returns
// false (nothing written) when the cache cannot serve it and storage must.
bool ServeWatchFromCache(const ServedResource& r, CachedWatchParams params, const Negotiated& n,
                         const std::shared_ptr<server::ResponseWriter>& w,
                         const std::atomic<bool>& stopping);

}  // namespace kubecxx::apiserver
