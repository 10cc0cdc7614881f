// WatchCache::Watch and CacheWatcher: WATCH from the cache (watch_cache.h). Watchers share
// the cache's ring: a watcher keeps a cursor into it and copies event pointers out under the
// cache's lock, so an event is dispatched to N watchers without per-watcher queues, and its
// frame is encoded once per format (CacheEvent::Frame).
#include <algorithm>

#include "kubecxx/api/meta/v1/types.h"
#include "lib/apiserver/list_encoding.h"
#include "lib/apiserver/watch_cache.h"

namespace kubecxx::apiserver {
namespace {

constexpr std::string_view kInitialEventsEnd = "k8s.io/initial-events-end";
constexpr auto kBookmarkFrequency = std::chrono::minutes(1);  // defaultBookmarkFrequency

}  // namespace

StatusOr<std::unique_ptr<CacheWatcher>> WatchCache::Watch(CacheWatchRequest req) {
  uint64_t parsed = 0;
  if (!req.resource_version.empty()) {
    auto p = storage::ParseResourceVersion(req.resource_version);
    if (!p.ok()) return p.status();
    parsed = *p;
  }
  if (!req.prefix.starts_with(path_prefix_)) return Status::Invalid("key outside the cache");
  const bool send_initial = req.send_initial_events.value_or(false);
  int64_t required = static_cast<int64_t>(parsed);
  if (req.resource_version.empty() && req.send_initial_events.has_value()) {
    auto current = config_.current_revision
                       ? config_.current_revision()
                       : StatusOr<int64_t>(Status(StatusCode::kUnavailable, "no etcd"));
    if (!current.ok()) return current.status();
    required = *current;
  }
  std::unique_lock<std::mutex> lock(mu_);
  if (!ready_) return Status(StatusCode::kUnavailable, "the watch cache is not ready");
  if (send_initial) {
    KUBECXX_RETURN_IF_ERROR(WaitFreshLocked(lock, required));
  }

  auto w = std::unique_ptr<CacheWatcher>(new CacheWatcher(this));
  w->req_ = std::move(req);
  w->generation_ = generation_;
  int64_t interval_rv = 0;
  if (send_initial || (required == 0 && !w->req_.send_initial_events.has_value())) {
    VisitAtLocked(w->req_.prefix, "", resource_version_,
                  [&](const std::shared_ptr<const CachedObject>& o) {
                    if (w->Matches(*o)) w->initial_.push_back(o);
                    return true;
                  });
    interval_rv = resource_version_;
    w->cursor_ = end_index_;
  } else {
    int64_t from = required == 0 ? resource_version_ : required;
    size_t size = static_cast<size_t>(end_index_ - start_index_);
    int64_t oldest = 0;
    if (list_resource_version_ > 0 && !removed_since_relist_) {
      oldest = list_resource_version_ + 1;
    } else if (size > 0) {
      oldest = ring_[start_index_ % ring_.size()]->resource_version;
    } else {
      return Status::Internal("watch cache isn't correctly initialized");
    }
    if (from < oldest - 1) {
      return Status(StatusCode::kOutOfRange, "too old resource version: " + std::to_string(from) +
                                                 " (" + std::to_string(oldest - 1) + ")");
    }
    size_t lo = 0, hi = size;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (ring_[(start_index_ + mid) % ring_.size()]->resource_version > from) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    w->cursor_ = start_index_ + lo;
    interval_rv = from;
  }
  w->start_rv_ = std::max(required, interval_rv);
  for (const auto& o : w->initial_) w->start_rv_ = std::max(w->start_rv_, o->resource_version());
  if (send_initial && w->req_.allow_bookmarks) w->initial_end_rv_ = resource_version_;
  if (w->req_.allow_bookmarks) {
    auto now = Clock::now();
    if (send_initial) {
      w->ScheduleBookmarkAt(now, now, false);  // waiting for its bookmark: at once
    } else {
      w->ScheduleBookmark(now, false);
    }
  }
  ++watchers_;
  return w;
}

CacheWatcher::~CacheWatcher() { --cache_->watchers_; }

// upstream's nextBookmarkTime: a minute from now, but not after 2 s before the timeout, and
// none once that moment has passed.
void CacheWatcher::ScheduleBookmark(Clock::time_point now, bool after_dispatch) {
  auto next = now + std::chrono::duration_cast<Clock::duration>(kBookmarkFrequency);
  if (req_.deadline != Clock::time_point{}) {
    auto pretimeout = req_.deadline - std::chrono::seconds(2);
    if (pretimeout < next) next = pretimeout;
    if (next < now) {
      bookmarks_scheduled_ = false;
      return;
    }
  }
  ScheduleBookmarkAt(next, now, after_dispatch);
}

// upstream's watcherBookmarkTimeBuckets: watchers wait in one-second buckets counted from the
// cache's creation and go out when their bucket begins; one re-added while its bucket is
// being dispatched waits for the next one.
void CacheWatcher::ScheduleBookmarkAt(Clock::time_point next, Clock::time_point now,
                                      bool after_dispatch) {
  using std::chrono::seconds;
  const Clock::time_point created = cache_->created_;
  auto bucket = [&](Clock::time_point t) {
    return std::chrono::duration_cast<seconds>(t - created).count();
  };
  int64_t id = std::max<int64_t>(bucket(next), bucket(now) + (after_dispatch ? 1 : 0));
  next_bookmark_ = created + seconds(id);
  bookmarks_scheduled_ = true;
}

bool CacheWatcher::Matches(const CachedObject& o) const {
  if (!o.key().starts_with(req_.prefix)) return false;
  if (req_.name && o.object().meta()->name != *req_.name) return false;
  return req_.predicate.Empty() || req_.predicate.Matches(o.labels(), o.fields());
}

SharedBytes CacheWatcher::Bookmark(int64_t rv, bool initial_end) const {
  const codec::KindInfo* kind = cache_->config_.kind;
  codec::Object obj(kind);
  kind->set_type_meta(obj.get(), kind->ApiVersion(), kind->kind);
  if (auto* meta = obj.meta()) {
    meta->resource_version = std::to_string(rv);
    if (initial_end) meta->annotations[std::string(kInitialEventsEnd)] = "true";
  }
  return std::make_shared<const std::string>(EncodeWatchEvent("BOOKMARK", obj, req_.format));
}

StatusOr<SharedBytes> CacheWatcher::Next(std::chrono::milliseconds timeout) {
  using Clock = std::chrono::steady_clock;
  const auto until = Clock::now() + timeout;
  const bool has_deadline = req_.deadline != Clock::time_point{};
  while (true) {
    if (initial_pos_ < initial_.size()) {
      const auto& o = initial_[initial_pos_++];
      SharedBytes frame = o->AddedFrame(req_.format);
      if (initial_pos_ == initial_.size()) {
        initial_.clear();
        initial_pos_ = 0;
      }
      return frame;
    }
    if (initial_end_rv_) {
      int64_t rv = *initial_end_rv_;
      initial_end_rv_.reset();
      return Bookmark(rv, true);
    }
    while (batch_pos_ < batch_.size()) {
      std::shared_ptr<const CacheEvent> e = std::move(batch_[batch_pos_++]);
      if (e->resource_version <= start_rv_) continue;
      bool cur = e->type != WatchEventType::kDeleted && Matches(*e->object);
      bool old = e->prev != nullptr && Matches(*e->prev);
      if (e->type == WatchEventType::kDeleted) old = Matches(*e->object);
      if (!cur && !old) continue;
      WatchEventType as = cur && !old  ? WatchEventType::kAdded
                          : cur && old ? WatchEventType::kModified
                                       : WatchEventType::kDeleted;
      return e->Frame(as, req_.format);
    }
    batch_.clear();
    batch_pos_ = 0;
    auto now = Clock::now();
    if (has_deadline && now >= req_.deadline) {
      return Status(StatusCode::kOutOfRange, "the watch timed out");
    }
    if (bookmarks_scheduled_ && now >= next_bookmark_) {
      ScheduleBookmark(now, true);
      int64_t rv = cache_->resource_version();
      if (rv > start_rv_) return Bookmark(rv, false);
      continue;
    }
    if (now >= until) return SharedBytes();
    auto wake = until;
    if (bookmarks_scheduled_) wake = std::min(wake, next_bookmark_);
    if (has_deadline) wake = std::min(wake, req_.deadline);
    std::unique_lock<std::mutex> lock(cache_->mu_);
    cache_->cv_.wait_until(lock, wake, [&] {
      return cache_->end_index_ > cursor_ || cache_->stopping_ ||
             cache_->generation_ != generation_;
    });
    if (cache_->stopping_ || cache_->generation_ != generation_) {
      return Status(StatusCode::kOutOfRange, "the watch cache was reset");
    }
    if (cursor_ < cache_->start_index_) {
      return Status(StatusCode::kOutOfRange, "the watcher fell behind the watch cache");
    }
    const auto& ring = cache_->ring_;
    for (; cursor_ < cache_->end_index_; ++cursor_) batch_.push_back(ring[cursor_ % ring.size()]);
  }
}

}  // namespace kubecxx::apiserver
