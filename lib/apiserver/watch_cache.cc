// WatchCache: the store, the event ring and the reflector (see watch_cache.h); LIST is in
// watch_cache_list.cc, the watchers in cache_watcher.cc.
#include "lib/apiserver/watch_cache.h"

#include <algorithm>

#include "kubecxx/api/meta/v1/types.h"
#include "lib/log/log.h"

namespace kubecxx::apiserver {
namespace {

// upstream watchCacheHistory: defaultLowerBoundCapacity, defaultUpperBoundCapacity and
// DefaultEventFreshDuration (defaultBookmarkFrequency + 15 s).
constexpr size_t kLowerBoundCapacity = 100;
constexpr size_t kUpperBoundCapacity = 100 * 1024;
constexpr auto kEventFreshDuration = std::chrono::seconds(75);
constexpr auto kProgressRequestPeriod = std::chrono::milliseconds(100);
constexpr auto kWatchPoll = std::chrono::milliseconds(500);

}  // namespace

WatchCache::WatchCache(WatchCacheConfig config) : config_(std::move(config)) {
  if (config_.store != nullptr) {
    auto p = config_.store->EtcdKey(config_.resource_key, true);
    if (p.ok()) path_prefix_ = *p;
    if (!config_.current_revision) {
      config_.current_revision = [store = config_.store] { return store->CurrentRevision(); };
    }
  } else {
    path_prefix_ = config_.resource_key + "/";
  }
  ring_.resize(kLowerBoundCapacity);
}

WatchCache::~WatchCache() { Stop(); }

void WatchCache::Start() {
  if (thread_.joinable() || config_.store == nullptr) return;
  thread_ = std::thread([this] { Run(); });
}

void WatchCache::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    if (stream_ != nullptr) stream_->Stop();
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool WatchCache::Ready() const {
  std::lock_guard<std::mutex> lock(mu_);
  return ready_;
}

bool WatchCache::WaitReady(std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [this] { return ready_ || stopping_; }) && ready_;
}

StatusOr<std::string> WatchCache::Prefix(std::string_view collection_key) const {
  if (config_.store == nullptr) return std::string(collection_key) + "/";
  return config_.store->EtcdKey(collection_key, true);
}

StatusOr<std::string> WatchCache::ObjectKey(std::string_view key) const {
  if (config_.store == nullptr) return std::string(key);
  return config_.store->EtcdKey(key, false);
}

StatusOr<WatchCache::Outcome> WatchCache::Get(const std::string& key,
                                              const std::string& resource_version,
                                              std::shared_ptr<const CachedObject>* out) {
  auto rv = storage::ParseResourceVersion(resource_version);
  if (resource_version.empty() || !rv.ok() || !key.starts_with(path_prefix_)) {
    return Outcome::kDelegate;
  }
  std::unique_lock<std::mutex> lock(mu_);
  if (!ready_) return Outcome::kDelegate;
  KUBECXX_RETURN_IF_ERROR(WaitFreshLocked(lock, static_cast<int64_t>(*rv)));
  auto it = store_.find(key);
  if (it == store_.end()) return Status(StatusCode::kNotFound, "key not found: " + key);
  *out = it->second;
  return Outcome::kServed;
}

int64_t WatchCache::resource_version() const {
  std::lock_guard<std::mutex> lock(mu_);
  return resource_version_;
}

size_t WatchCache::ring_capacity() const {
  std::lock_guard<std::mutex> lock(mu_);
  return ring_.size();
}

size_t WatchCache::object_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return store_.size();
}

void WatchCache::Run() {
  while (true) {
    Status s = ListAndWatch();
    std::unique_lock<std::mutex> lock(mu_);
    if (stopping_) return;
    if (!s.ok()) {
      KLOG_ERROR_S(s, "Watch cache reflector failed; relisting", "resource",
                   config_.resource_key);
    }
    cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
    if (stopping_) return;
  }
}

Status WatchCache::ListAndWatch() {
  // Pages of 10,000 at one revision (a single range could pass gRPC's message limit).
  std::vector<codec::Object> items;
  int64_t last_rv = 0;
  storage::ListOptions lo;
  lo.limit = 10000;
  while (true) {
    storage::ListResult page;
    KUBECXX_RETURN_IF_ERROR(config_.store->GetList(config_.resource_key, lo, &page));
    if (last_rv == 0) last_rv = page.resource_version;
    for (codec::Object& o : page.items) items.push_back(std::move(o));
    if (page.continue_token.empty()) break;
    lo.continue_token = page.continue_token;
  }
  Replace(std::move(items), last_rv);
  while (true) {
    storage::WatchOptions wo;
    wo.resource_version = std::to_string(last_rv);
    wo.progress_notify = true;
    auto watch = config_.store->Watch(config_.resource_key, wo);
    if (!watch.ok()) return watch.status();
    std::unique_ptr<storage::WatchStream> stream = std::move(*watch);
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return Status::Ok();
      stream_ = stream.get();
    }
    Status ended;
    while (ended.ok()) {
      auto ev = stream->Next(kWatchPoll);
      if (!ev.ok()) {
        ended = ev.status();
        break;
      }
      if (!ev->has_value()) {
        std::lock_guard<std::mutex> lock(mu_);
        if (stopping_) ended = Status(StatusCode::kUnavailable, "stopping");
        continue;
      }
      storage::WatchEvent& e = **ev;
      switch (e.type) {
        case storage::WatchEvent::Type::kError:
          ended = e.error;
          break;
        case storage::WatchEvent::Type::kBookmark:
          UpdateResourceVersion(e.resource_version);
          last_rv = std::max(last_rv, e.resource_version);
          break;
        default:
          last_rv = std::max(last_rv, e.resource_version);
          Apply(std::move(e));
      }
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      stream_ = nullptr;
      if (stopping_) return Status::Ok();
    }
    stream->Stop();
    // Compacted: relist. Anything else: watch again from where we are.
    if (ended.code() == StatusCode::kOutOfRange) return ended;
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stopping_; });
    if (stopping_) return Status::Ok();
  }
}

void WatchCache::Replace(std::vector<codec::Object> objects, int64_t rv) {
  std::map<std::string, std::shared_ptr<const CachedObject>> store;
  for (codec::Object& obj : objects) {
    auto key = config_.store != nullptr ? config_.store->EtcdKey(config_.key_of(obj), false)
                                        : StatusOr<std::string>(config_.key_of(obj));
    if (!key.ok()) continue;
    int64_t obj_rv = 0;
    if (auto parsed = storage::ParseResourceVersion(obj.meta()->resource_version); parsed.ok()) {
      obj_rv = static_cast<int64_t>(*parsed);
    }
    auto cached = std::make_shared<const CachedObject>(*key, std::move(obj), obj_rv,
                                                       config_.namespaced);
    store.emplace(std::move(*key), std::move(cached));
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    store_ = std::move(store);
    std::fill(ring_.begin(), ring_.end(), nullptr);
    start_index_ = end_index_;
    removed_since_relist_ = false;
    list_resource_version_ = rv;
    snapshot_floor_ = rv;
    resource_version_ = rv;
    if (ready_) ++generation_;  // watchers of the old state end; clients re-watch
    ready_ = true;
  }
  cv_.notify_all();
}

void WatchCache::Apply(storage::WatchEvent event) {
  codec::Object& obj = event.object;
  if (obj.meta() == nullptr) return;
  auto key = config_.store != nullptr ? config_.store->EtcdKey(config_.key_of(obj), false)
                                      : StatusOr<std::string>(config_.key_of(obj));
  if (!key.ok()) return;
  auto e = std::make_shared<CacheEvent>();
  e->resource_version = event.resource_version;
  e->record_time = Clock::now();
  e->type = event.type == storage::WatchEvent::Type::kDeleted    ? WatchEventType::kDeleted
            : event.type == storage::WatchEvent::Type::kModified ? WatchEventType::kModified
                                                                 : WatchEventType::kAdded;
  e->object = std::make_shared<const CachedObject>(*key, std::move(obj), event.resource_version,
                                                   config_.namespaced);
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = store_.find(*key);
    if (it != store_.end()) e->prev = it->second;
    // The store says what happened, as upstream's watchCache: a create over a key we hold
    // is an update.
    if (e->type == WatchEventType::kAdded && e->prev) e->type = WatchEventType::kModified;
    if (e->type == WatchEventType::kDeleted) {
      if (it != store_.end()) store_.erase(it);
    } else if (it != store_.end()) {
      it->second = e->object;
    } else {
      store_.emplace(*key, e->object);
    }
    AddToRingLocked(std::move(e));
    resource_version_ = std::max(resource_version_, event.resource_version);
  }
  cv_.notify_all();
}

void WatchCache::UpdateResourceVersion(int64_t rv) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (rv <= resource_version_) return;
    resource_version_ = rv;
  }
  cv_.notify_all();
}

void WatchCache::ReplaceForTest(std::vector<codec::Object> objects, int64_t rv) {
  Replace(std::move(objects), rv);
}

void WatchCache::ApplyForTest(storage::WatchEvent event) {
  if (event.type == storage::WatchEvent::Type::kBookmark) {
    UpdateResourceVersion(event.resource_version);
  } else {
    Apply(std::move(event));
  }
}

void WatchCache::AddToRingLocked(std::shared_ptr<const CacheEvent> e) {
  size_t capacity = ring_.size();
  bool full = end_index_ == start_index_ + capacity;
  if (full) {
    // upstream's resizeCacheLocked: grow while the oldest event is still fresh, shrink when
    // even the newest quarter is stale.
    auto oldest = ring_[start_index_ % capacity]->record_time;
    if (e->record_time - oldest < kEventFreshDuration) {
      size_t grown = std::min(capacity * 2, kUpperBoundCapacity);
      if (grown > capacity) ResizeRingLocked(grown);
    } else {
      auto quarter = ring_[(end_index_ - capacity / 4) % capacity]->record_time;
      if (e->record_time - quarter > kEventFreshDuration) {
        size_t shrunk = std::max(capacity / 2, kLowerBoundCapacity);
        if (shrunk < capacity) ResizeRingLocked(shrunk);
      }
    }
    capacity = ring_.size();
    full = end_index_ == start_index_ + capacity;
  }
  if (full) {
    ++start_index_;
    removed_since_relist_ = true;
  }
  ring_[end_index_ % capacity] = std::move(e);
  ++end_index_;
  if (end_index_ == start_index_ + capacity) {
    // upstream compacts its snapshots below the oldest event once the ring is full.
    snapshot_floor_ = std::max(snapshot_floor_, ring_[start_index_ % capacity]->resource_version);
  }
}

void WatchCache::ResizeRingLocked(size_t capacity) {
  std::vector<std::shared_ptr<const CacheEvent>> next(capacity);
  if (capacity < ring_.size() && end_index_ - start_index_ > capacity) {
    start_index_ = end_index_ - capacity;
    removed_since_relist_ = true;
  }
  for (uint64_t i = start_index_; i < end_index_; ++i) {
    next[i % capacity] = std::move(ring_[i % ring_.size()]);
  }
  ring_ = std::move(next);
}

Status WatchCache::WaitFreshLocked(std::unique_lock<std::mutex>& lock, int64_t rv) {
  if (rv <= resource_version_) return Status::Ok();
  auto deadline = Clock::now() + config_.fresh_timeout;
  while (resource_version_ < rv) {
    if (stopping_) return Status(StatusCode::kUnavailable, "the watch cache is stopping");
    auto now = Clock::now();
    if (now >= deadline) {
      return storage::TooLargeResourceVersion(static_cast<uint64_t>(rv),
                                              static_cast<uint64_t>(resource_version_));
    }
    if (stream_ != nullptr) (void)stream_->RequestProgress();
    cv_.wait_until(lock, std::min(now + kProgressRequestPeriod, deadline));
  }
  return Status::Ok();
}

}  // namespace kubecxx::apiserver
