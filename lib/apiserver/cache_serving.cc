#include "lib/apiserver/cache_serving.h"

#include "kubecxx/api/meta/v1/types.h"
#include "lib/apiserver/cached_object.h"
#include "lib/apiserver/list_encoding.h"
#include "lib/apiserver/storage_metrics.h"
#include "lib/apiserver/watch_cache.h"
#include "lib/storage/etcd_store.h"

namespace kubecxx::apiserver {

void StartWatchCaches(ResourceRegistry& registry, std::function<int64_t()> compact_revision,
                      std::chrono::milliseconds wait) {
  for (const auto& r : registry.served()) {
    auto* store = dynamic_cast<storage::EtcdStore*>(Uninstrumented(r->store.get()));
    if (store == nullptr || r->kind == nullptr) continue;
    WatchCacheConfig c;
    c.store = store;
    c.resource_key = r->Key("", "");
    c.kind = r->kind;
    c.namespaced = r->namespaced;
    const ServedResource* served = r.get();
    c.key_of = [served](const codec::Object& o) {
      return served->Key(served->namespaced ? o.meta()->namespace_ : "", o.meta()->name);
    };
    c.compact_revision = compact_revision;
    r->cache = std::make_shared<WatchCache>(std::move(c));
    r->cache->Start();
  }
  auto deadline = std::chrono::steady_clock::now() + wait;
  for (const auto& r : registry.served()) {
    if (!r->cache) continue;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    r->cache->WaitReady(left);
  }
}

void StopWatchCaches(ResourceRegistry& registry) {
  for (const auto& r : registry.served()) {
    if (r->cache) r->cache->Stop();
  }
}

bool ServeListFromCache(const ServedResource& r, const std::string& collection_key,
                        const storage::ListOptions& opts, const SelectionPredicate& predicate,
                        const Negotiated& n, const std::shared_ptr<server::ResponseWriter>& w) {
  // Metadata-only answers (partial_metadata.h) are converted from storage's objects.
  if (!r.cache || !n.as.empty()) return false;
  auto prefix = r.cache->Prefix(collection_key);
  if (!prefix.ok()) return false;
  CacheListRequest req;
  req.prefix = *prefix;
  req.resource_version = opts.resource_version;
  req.match = opts.match;
  req.limit = opts.limit;
  req.continue_token = opts.continue_token;
  req.predicate = predicate;
  CacheListResult result;
  auto outcome = r.cache->List(req, &result);
  if (!outcome.ok()) {
    w->Reply(ErrorResponse(FromStorageError(outcome.status(), r.group, r.resource, ""), n));
    return true;
  }
  if (*outcome == WatchCache::Outcome::kDelegate) return false;
  ListMetaValues meta{std::to_string(result.resource_version), result.continue_token,
                      result.remaining_item_count};
  auto body = EncodeCachedList(r.kind, result.items, meta, n.format);
  if (!body.ok()) {
    w->Reply(ErrorResponse(InternalError(body.status().message()), n));
    return true;
  }
  w->Reply(BodyResponse(200, *std::move(body), n));
  return true;
}

bool ServeGetFromCache(const ServedResource& r, const std::string& key,
                       const std::string& resource_version, const std::string& name,
                       const Negotiated& n, const std::shared_ptr<server::ResponseWriter>& w) {
  if (!r.cache || resource_version.empty() || !n.as.empty()) return false;
  auto abs = r.cache->ObjectKey(key);
  if (!abs.ok()) return false;
  std::shared_ptr<const CachedObject> obj;
  auto outcome = r.cache->Get(*abs, resource_version, &obj);
  if (!outcome.ok()) {
    w->Reply(ErrorResponse(FromStorageError(outcome.status(), r.group, r.resource, name), n));
    return true;
  }
  if (*outcome == WatchCache::Outcome::kDelegate) return false;
  if (n.format == codec::WireFormat::kYaml) {
    w->Reply(ObjectResponse(200, obj->object(), n));
  } else {
    w->Reply(BodyResponse(200, std::string(obj->Encoded(n.format)), n));
  }
  return true;
}

bool ServeWatchFromCache(const ServedResource& r, CachedWatchParams params, const Negotiated& n,
                         const std::shared_ptr<server::ResponseWriter>& w,
                         const std::atomic<bool>& stopping) {
  if (!r.cache || !n.as.empty()) return false;
  auto prefix = r.cache->Prefix(params.collection_key);
  if (!prefix.ok()) return false;
  CacheWatchRequest req;
  req.prefix = *prefix;
  req.resource_version = params.resource_version;
  req.send_initial_events = params.send_initial_events;
  req.allow_bookmarks = params.allow_bookmarks;
  req.predicate = std::move(params.predicate);
  req.name = std::move(params.name);
  req.deadline = params.deadline;
  req.format = n.format;
  auto watcher = r.cache->Watch(std::move(req));
  std::string content_type = n.format == codec::WireFormat::kProtobuf
                                 ? std::string(kProtobufMediaType) + ";stream=watch"
                                 : std::string(kJsonMediaType);
  server::HeaderList headers = {{"Cache-Control", "no-cache, private"},
                                {"Content-Type", content_type}};
  if (!watcher.ok()) {
    const Status& s = watcher.status();
    if (s.code() == StatusCode::kInvalidArgument ||
        (s.code() == StatusCode::kUnavailable && !storage::IsTooLargeResourceVersion(s))) {
      return false;  // storage words the error, or serves while the cache starts
    }
    // upstream answers a watch it cannot start with one ERROR event (errWatcher).
    w->StartChunked(200, std::move(headers));
    w->WriteChunk(EncodeWatchEvent(
        "ERROR", StatusObject(FromStorageError(s, r.group, r.resource, "")), n.format));
    w->Finish();
    return true;
  }
  w->StartChunked(200, std::move(headers));
  std::unique_ptr<CacheWatcher> cw = std::move(*watcher);
  while (!w->Closed() && !stopping.load()) {
    if (w->PendingBytes() > params.max_backlog_bytes) break;
    auto frame = cw->Next(std::chrono::milliseconds(500));
    if (!frame.ok()) break;
    if (*frame == nullptr) continue;
    if (!w->WriteSharedChunk(std::move(*frame))) break;
  }
  cw.reset();
  w->Finish();
  return true;
}

}  // namespace kubecxx::apiserver
