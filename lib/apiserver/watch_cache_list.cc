// WatchCache::List: LIST from the cache with upstream's delegation rules (watch_cache.h).
#include <algorithm>

#include "lib/apiserver/watch_cache.h"
#include "lib/storage/continue_token.h"

namespace kubecxx::apiserver {

bool WatchCache::CanServeExactLocked(int64_t rv) const {
  int64_t floor = snapshot_floor_;
  if (config_.compact_revision) floor = std::max(floor, config_.compact_revision());
  // The newest state at or before rv: the last event at or before it, else the relist.
  size_t size = static_cast<size_t>(end_index_ - start_index_);
  size_t n = 0;  // events with revision <= rv (they are ordered)
  {
    size_t lo = 0, hi = size;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (ring_[(start_index_ + mid) % ring_.size()]->resource_version <= rv) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    n = lo;
  }
  int64_t snapshot = 0;
  if (n > 0) {
    snapshot = ring_[(start_index_ + n - 1) % ring_.size()]->resource_version;
  } else if (!removed_since_relist_ && list_resource_version_ <= rv) {
    snapshot = list_resource_version_;
  } else {
    return false;
  }
  return snapshot >= floor;
}

void WatchCache::VisitAtLocked(const std::string& prefix, const std::string& from, int64_t rv,
                               const Visitor& fn) const {
  const std::string& start = from.empty() || from < prefix ? prefix : from;
  // Keys changed after rv, with their state at rv (null: absent then). Walking the ring
  // backwards, the earliest change after rv wins.
  std::map<std::string, std::shared_ptr<const CachedObject>> overlay;
  if (rv < resource_version_) {
    for (uint64_t i = end_index_; i > start_index_; --i) {
      const CacheEvent& e = *ring_[(i - 1) % ring_.size()];
      if (e.resource_version <= rv) break;
      const std::string& key = e.object->key();
      if (!key.starts_with(prefix) || key < start) continue;
      overlay[key] = e.prev;
    }
  }
  auto it = store_.lower_bound(start);
  auto ot = overlay.begin();
  while (true) {
    bool store_ok = it != store_.end() && it->first.starts_with(prefix);
    bool overlay_ok = ot != overlay.end();
    if (!store_ok && !overlay_ok) return;
    const std::shared_ptr<const CachedObject>* pick = nullptr;
    if (overlay_ok && (!store_ok || ot->first <= it->first)) {
      if (store_ok && ot->first == it->first) ++it;
      pick = &ot->second;
      ++ot;
    } else {
      pick = &it->second;
      ++it;
    }
    if (*pick && !fn(*pick)) return;
  }
}

Status WatchCache::ListAtLocked(const CacheListRequest& req, const std::string& from, int64_t rv,
                                bool limit_applies, CacheListResult* out) const {
  const int64_t limit = limit_applies && req.limit > 0 ? req.limit : 0;
  const bool everything = req.predicate.Empty();
  int64_t count = 0;
  bool has_more = false;
  std::string last_key;
  VisitAtLocked(req.prefix, from, rv, [&](const std::shared_ptr<const CachedObject>& o) {
    ++count;
    if (limit > 0 && static_cast<int64_t>(out->items.size()) >= limit) {
      has_more = true;
      return everything;  // keep counting for remainingItemCount
    }
    if (everything || req.predicate.Matches(o->labels(), o->fields())) {
      out->items.push_back(o);
      last_key = o->key();
    }
    return true;
  });
  out->resource_version = rv;
  if (has_more) {
    // upstream's cacher encodes against the request's key without its trailing '/', so its
    // tokens start "/<next key>"; both forms decode to the same key.
    std::string_view token_prefix = req.prefix;
    if (token_prefix.ends_with('/')) token_prefix.remove_suffix(1);
    auto token = storage::EncodeContinue(last_key + std::string(1, '\0'), token_prefix, rv);
    if (!token.ok()) return token.status();
    out->continue_token = *token;
    if (everything) out->remaining_item_count = count - limit;
  }
  return Status::Ok();
}

StatusOr<WatchCache::Outcome> WatchCache::List(const CacheListRequest& req,
                                               CacheListResult* out) {
  *out = CacheListResult();
  uint64_t rv = 0;
  if (!req.resource_version.empty()) {
    auto parsed = storage::ParseResourceVersion(req.resource_version);
    if (!parsed.ok()) return Outcome::kDelegate;  // storage words the error
    rv = *parsed;
  }
  if (!req.prefix.starts_with(path_prefix_)) return Outcome::kDelegate;
  std::unique_lock<std::mutex> lock(mu_);
  if (!ready_) return Outcome::kDelegate;

  auto exact = [&](int64_t at, const std::string& from) -> StatusOr<Outcome> {
    // Exact requests for a future revision wait for it (consistent reads are supported).
    if (at > resource_version_) {
      KUBECXX_RETURN_IF_ERROR(WaitFreshLocked(lock, at));
    } else if (!CanServeExactLocked(at)) {
      return Outcome::kDelegate;
    }
    KUBECXX_RETURN_IF_ERROR(ListAtLocked(req, from, at, true, out));
    return Outcome::kServed;
  };
  auto latest = [&](int64_t min_rv, const std::string& from, bool limit_applies,
                    bool fallback) -> StatusOr<Outcome> {
    Status s = WaitFreshLocked(lock, min_rv);
    if (!s.ok()) {
      if (fallback && storage::IsTooLargeResourceVersion(s)) return Outcome::kDelegate;
      return s;
    }
    KUBECXX_RETURN_IF_ERROR(ListAtLocked(req, from, resource_version_, limit_applies, out));
    return Outcome::kServed;
  };
  auto consistent = [&](const std::string& from) -> StatusOr<Outcome> {
    lock.unlock();
    auto current = config_.current_revision
                       ? config_.current_revision()
                       : StatusOr<int64_t>(Status(StatusCode::kUnavailable, "no etcd"));
    lock.lock();
    if (!current.ok()) return current.status();
    return latest(*current, from, true, true);
  };

  const bool limit_applies = req.resource_version != "0";
  switch (req.match) {
    case storage::ResourceVersionMatch::kExact:
      if (rv == 0) return Outcome::kDelegate;  // storage answers this case
      return exact(static_cast<int64_t>(rv), "");
    case storage::ResourceVersionMatch::kNotOlderThan:
      return latest(static_cast<int64_t>(rv), "", limit_applies, false);
    case storage::ResourceVersionMatch::kUnset:
      break;
  }
  if (!req.continue_token.empty()) {
    if (!req.resource_version.empty() && req.resource_version != "0") {
      return Outcome::kDelegate;  // storage refuses it with upstream's message
    }
    auto pos = storage::DecodeContinue(req.continue_token, req.prefix);
    if (!pos.ok()) return Outcome::kDelegate;
    if (pos->revision > 0) return exact(pos->revision, pos->start_key);
    return consistent(pos->start_key);
  }
  if (req.limit > 0 && rv > 0) return exact(static_cast<int64_t>(rv), "");
  if (req.resource_version.empty()) return consistent("");
  return latest(static_cast<int64_t>(rv), "", limit_applies, false);
}

}  // namespace kubecxx::apiserver
