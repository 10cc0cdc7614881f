#include "lib/client/cache/reflector.h"

#include <cmath>
#include <cstdlib>
#include <random>
#include <thread>
#include <unordered_map>
#include <utility>

#include "kubecxx/api/meta/v1/types.h"
#include "lib/client/cache/api_errors.h"
#include "lib/log/log.h"

namespace kubecxx::client::cache {
namespace {

constexpr std::string_view kInitialEventsAnnotation = "k8s.io/initial-events-end";

std::function<double()> DefaultRand() {
  auto gen = std::make_shared<std::mt19937_64>(std::random_device{}());
  auto mu = std::make_shared<std::mutex>();
  return [gen, mu] {
    std::lock_guard l(*mu);
    return std::uniform_real_distribution<double>(0.0, 1.0)(*gen);
  };
}

ReflectorOptions WithDefaults(ReflectorOptions opts) {
  if (!opts.rand01) opts.rand01 = DefaultRand();
  if (opts.clock == nullptr) opts.clock = Clock::Real();
  return opts;
}

}  // namespace

// ---- backoff ----

ReflectorBackoff::ReflectorBackoff(Params p, Clock* clock, std::function<double()> rand01)
    : p_(p), clock_(clock), rand01_(std::move(rand01)), current_(p.initial),
      steps_(static_cast<int>(std::ceil(static_cast<double>(p.cap.count()) /
                                        static_cast<double>(p.initial.count())))),
      last_start_(clock->Now()) {}

Clock::Duration ReflectorBackoff::Next() {
  Clock::TimePoint now = clock_->Now();
  if (now - last_start_ > p_.reset_after) {
    current_ = p_.initial;
    steps_ = static_cast<int>(std::ceil(static_cast<double>(p_.cap.count()) /
                                        static_cast<double>(p_.initial.count())));
    last_start_ = now;
  }
  auto jittered = [&](Clock::Duration d) {
    if (p_.jitter <= 0) return d;
    return d + Clock::Duration(static_cast<int64_t>(rand01_() * p_.jitter *
                                                     static_cast<double>(d.count())));
  };
  if (steps_ < 1) return jittered(current_);
  --steps_;
  Clock::Duration next(static_cast<int64_t>(static_cast<double>(current_.count()) * p_.factor));
  if (p_.cap.count() > 0 && next > p_.cap) {
    next = p_.cap;
    steps_ = 0;
  }
  Clock::Duration d = jittered(current_);
  current_ = next;
  return d;
}

bool WatchListClientEnabledByEnv() {
  const char* v = std::getenv("KUBE_FEATURE_WatchListClient");
  if (v == nullptr) return true;
  std::string_view s(v);
  if (s == "0" || s == "f" || s == "F" || s == "false" || s == "FALSE" || s == "False") {
    return false;
  }
  return true;  // true values, and unparsable ones (client-go ignores those: the default)
}

// ---- the WatchList staging store ----

class Reflector::TemporaryStore final : public ReflectorStore {
 public:
  Status Add(ObjectPtr obj) override { return Put(std::move(obj)); }
  Status Update(ObjectPtr obj) override { return Put(std::move(obj)); }
  Status Delete(ObjectPtr obj) override {
    StatusOr<std::string> key = MetaNamespaceKey(*obj);
    if (!key.ok()) return key.status();
    items_.erase(*key);
    return Status::Ok();
  }
  Status Replace(std::vector<ObjectPtr>, std::string) override {
    return Status::Internal("Replace on the WatchList staging store");
  }
  Status Resync() override { return Status::Ok(); }

  std::vector<ObjectPtr> Take() {
    std::vector<ObjectPtr> out;
    out.reserve(items_.size());
    for (auto& [key, obj] : items_) out.push_back(std::move(obj));
    items_.clear();
    return out;
  }

 private:
  Status Put(ObjectPtr obj) {
    StatusOr<std::string> key = MetaNamespaceKey(*obj);
    if (!key.ok()) return key.status();
    items_[std::move(*key)] = std::move(obj);
    return Status::Ok();
  }
  std::unordered_map<std::string, ObjectPtr> items_;
};

struct Reflector::WatchOutcome {
  bool stopped = false;
  bool initial_events_end = false;
  std::optional<ApiError> api_error;  // an ERROR event or a failing stream
  Status error;                       // a very short watch
};

// ---- reflector ----

Reflector::Reflector(ListerWatcher* lw, ReflectorStore* store, ReflectorOptions opts)
    : lw_(lw), store_(store), opts_(WithDefaults(std::move(opts))),
      backoff_(opts_.backoff, opts_.clock, opts_.rand01) {
  use_watch_list_ = opts_.use_watch_list.value_or(WatchListClientEnabledByEnv());
  if (use_watch_list_ && !lw_->SupportsWatchList()) {
    KLOG_V(2).InfoS("The client used to build this reflector doesn't support WatchList semantics. "
                    "The feature will be disabled.", "reflector", opts_.name);
    use_watch_list_ = false;
  }
  min_watch_timeout_ = std::max<Clock::Duration>(opts_.min_watch_timeout, std::chrono::minutes(5));
  if (!opts_.watch_error_handler) {
    std::string name = opts_.name;
    std::string type = opts_.type_description;
    opts_.watch_error_handler = [name, type](const Status& st) {
      KLOG_ERROR_S(st, "Failed to watch", "reflector", name, "type", type);
    };
  }
}

Reflector::~Reflector() { Stop(); }

void Reflector::Stop() {
  std::lock_guard l(mu_);
  stopped_ = true;
  if (current_watch_) current_watch_->Close();
  cv_.notify_all();
}

bool Reflector::stopped() const {
  std::lock_guard l(mu_);
  return stopped_;
}

bool Reflector::SetCurrentWatch(WatchStream* w) {
  std::lock_guard l(mu_);
  if (w != nullptr && stopped_) return false;
  current_watch_ = w;
  return true;
}

bool Reflector::Sleep(Clock::Duration d) {
  std::unique_lock l(mu_);
  Clock::TimePoint deadline = opts_.clock->Now() + d;
  while (!stopped_ && opts_.clock->Now() < deadline) opts_.clock->Wait(cv_, l, deadline);
  return !stopped_;
}

std::string Reflector::LastSyncResourceVersion() const {
  std::lock_guard l(mu_);
  return last_sync_rv_;
}

void Reflector::SetLastSyncResourceVersion(std::string rv) {
  std::lock_guard l(mu_);
  last_sync_rv_ = std::move(rv);
}

void Reflector::SetUnavailable(bool v) {
  std::lock_guard l(mu_);
  last_sync_rv_unavailable_ = v;
}

std::string Reflector::RelistResourceVersion() const {
  std::lock_guard l(mu_);
  if (last_sync_rv_unavailable_) return "";  // a quorum read at the newest RV
  if (last_sync_rv_.empty()) return "0";      // the first list may come from the watch cache
  return last_sync_rv_;
}

std::string Reflector::RewatchResourceVersion() const {
  std::lock_guard l(mu_);
  if (last_sync_rv_unavailable_) return "";
  return last_sync_rv_;
}

int64_t Reflector::WatchTimeoutSeconds() {
  double min_s = std::chrono::duration<double>(min_watch_timeout_).count();
  return static_cast<int64_t>(min_s + opts_.rand01() * min_s);
}

void Reflector::Run() {
  KLOG_V(3).InfoS("Starting reflector", "type", opts_.type_description, "reflector", opts_.name);
  std::thread resync;
  if (opts_.resync_period.count() > 0) resync = std::thread([this] { ResyncLoop(); });
  while (!stopped()) {
    Status st = ListAndWatch();
    if (!st.ok() && !stopped()) opts_.watch_error_handler(st);
    if (!Sleep(backoff_.Next())) break;
  }
  {
    std::lock_guard l(mu_);
    cv_.notify_all();
  }
  if (resync.joinable()) resync.join();
  KLOG_V(3).InfoS("Stopping reflector", "type", opts_.type_description, "reflector", opts_.name);
}

void Reflector::ResyncLoop() {
  std::unique_lock l(mu_);
  while (!stopped_) {
    if (watch_generation_ % 2 == 0) {  // not watching: wait for a watch to start
      opts_.clock->Wait(cv_, l, std::nullopt);
      continue;
    }
    const uint64_t gen = watch_generation_;
    const Clock::TimePoint deadline = opts_.clock->Now() + opts_.resync_period;
    while (!stopped_ && watch_generation_ == gen && opts_.clock->Now() < deadline) {
      opts_.clock->Wait(cv_, l, deadline);
    }
    if (stopped_ || watch_generation_ != gen) continue;
    l.unlock();
    if (!opts_.should_resync || opts_.should_resync()) {
      KLOG_V(4).InfoS("Forcing resync", "reflector", opts_.name);
      Status st = store_->Resync();
      if (!st.ok()) KLOG_ERROR_S(st, "Resync failed", "reflector", opts_.name);
    }
    l.lock();
  }
}

Status Reflector::ListAndWatch() {
  KLOG_V(3).InfoS("Listing and watching", "type", opts_.type_description, "reflector", opts_.name);
  std::unique_ptr<WatchStream> w;
  bool fallback_to_list = !use_watch_list_;
  if (use_watch_list_) {
    StatusOr<std::unique_ptr<WatchStream>> r = WatchList();
    if (r.ok() && *r == nullptr) return Status::Ok();  // stopped
    if (!r.ok()) {
      KLOG_V(4).InfoS("Data couldn't be fetched in watchlist mode. Falling back to regular list. "
                      "This is expected if watchlist is not supported or disabled in "
                      "kube-apiserver.", "err", r.status().message());
      fallback_to_list = true;
    } else {
      w = std::move(*r);
    }
  }
  if (fallback_to_list) {
    Status st = List();
    if (!st.ok()) return st;
    if (stopped()) return Status::Ok();
  }
  KLOG_V(2).InfoS("Caches populated", "type", opts_.type_description, "reflector", opts_.name);
  {
    std::lock_guard l(mu_);
    ++watch_generation_;  // odd: watching (the resync thread arms its timer)
    cv_.notify_all();
  }
  Status st = Watch(std::move(w));
  {
    std::lock_guard l(mu_);
    ++watch_generation_;
    cv_.notify_all();
  }
  return st;
}

ApiResult<ObjectList> Reflector::ListAllPages(ListOptions opts, bool* paginated) {
  *paginated = false;
  int64_t page_size = 500;  // client-go's pager default
  if (opts_.page_size != 0) {
    page_size = opts_.page_size;
  } else if (paginated_result_) {
    // keep the default: this server paginates even from the watch cache
  } else if (!opts.resource_version.empty() && opts.resource_version != "0") {
    page_size = 0;  // unpaginated, so the watch cache can serve it
  }
  if (opts.limit == 0) opts.limit = page_size;
  const std::string requested_rv = opts.resource_version;
  const std::string requested_rvm = opts.resource_version_match;
  std::optional<ObjectList> all;
  for (;;) {
    ApiResult<ObjectList> page = lw_->List(opts);
    if (!page.ok()) {
      if (!IsResourceExpired(page.error()) || opts.continue_token.empty()) return page;
      // The continuation expired: one full, unpaginated list instead.
      opts.limit = 0;
      opts.continue_token.clear();
      opts.resource_version = requested_rv;
      opts.resource_version_match = requested_rvm;
      return lw_->List(opts);
    }
    if (page->continue_token.empty() && !all) return page;
    if (!all) {
      all.emplace();
      all->resource_version = page->resource_version;
      all->items.reserve(page->items.size() * 2);
    }
    for (codec::Object& o : page->items) all->items.push_back(std::move(o));
    if (page->continue_token.empty()) return std::move(*all);
    if (stopped()) return ApiError::Transport(Status(StatusCode::kUnavailable, "stop requested"));
    opts.continue_token = std::move(page->continue_token);
    opts.resource_version.clear();
    opts.resource_version_match.clear();
    *paginated = true;
  }
}

Status Reflector::List() {
  ListOptions opts;
  opts.resource_version = RelistResourceVersion();
  bool paginated = false;
  ApiResult<ObjectList> list = ListAllPages(opts, &paginated);
  if (!list.ok() && (IsExpired(list.error()) || IsTooLargeResourceVersion(list.error()))) {
    SetUnavailable(true);
    ListOptions retry;
    retry.resource_version = RelistResourceVersion();
    list = ListAllPages(retry, &paginated);
  }
  if (!list.ok()) {
    return Status(StatusCode::kUnavailable,
                  "failed to list " + opts_.type_description + ": " + list.error().message());
  }
  if (opts.resource_version == "0" && paginated) paginated_result_ = true;
  SetUnavailable(false);
  std::vector<ObjectPtr> items;
  items.reserve(list->items.size());
  for (codec::Object& o : list->items) items.push_back(Share(std::move(o)));
  list->items.clear();
  list->items.shrink_to_fit();
  Status st = store_->Replace(std::move(items), list->resource_version);
  if (!st.ok()) return Status(st.code(), "unable to sync list result: " + st.message());
  SetLastSyncResourceVersion(list->resource_version);
  list_syncs_.fetch_add(1);
  return Status::Ok();
}

StatusOr<std::unique_ptr<WatchStream>> Reflector::WatchList() {
  auto retriable_with_side_effects = [&](const ApiError& e) {
    if (IsRetriableWatchError(e)) {
      KLOG_V(2).InfoS("watch-list failed - backing off", "reflector", opts_.name, "err",
                      e.message());
      Sleep(backoff_.Next());
      return true;
    }
    if (IsExpired(e) || IsTooLargeResourceVersion(e)) {
      SetUnavailable(true);  // start over from a consistent snapshot
      return true;
    }
    return false;
  };

  std::unique_ptr<WatchStream> w;
  TemporaryStore temp;
  std::string resource_version;
  for (;;) {
    if (stopped()) return std::unique_ptr<WatchStream>();
    resource_version.clear();
    temp.Take();
    ListOptions opts;
    opts.resource_version = RewatchResourceVersion();
    opts.allow_watch_bookmarks = true;
    opts.send_initial_events = true;
    opts.resource_version_match = "NotOlderThan";
    opts.timeout_seconds = WatchTimeoutSeconds();
    ApiResult<std::unique_ptr<WatchStream>> opened = lw_->Watch(opts);
    if (!opened.ok()) {
      if (retriable_with_side_effects(opened.error())) continue;
      return opened.error().ToStatus();
    }
    w = std::move(*opened);
    if (!SetCurrentWatch(w.get())) {
      w->Close();
      return std::unique_ptr<WatchStream>();
    }
    WatchOutcome out = HandleWatch(w.get(), &temp, /*exit_on_initial_end=*/true,
                                   [&](const std::string& rv, bool besides_added) {
                                     if (besides_added) resource_version = rv;
                                   });
    SetCurrentWatch(nullptr);
    if (out.initial_events_end && !out.stopped) break;
    w->Close();
    w.reset();
    if (out.stopped) return std::unique_ptr<WatchStream>();
    if (out.api_error) {
      if (retriable_with_side_effects(*out.api_error)) continue;
      return out.api_error->ToStatus();
    }
    if (!out.error.ok()) return out.error;
    // The stream ended before the initial events did: try again.
  }
  SetUnavailable(false);
  std::vector<ObjectPtr> objects = temp.Take();
  // Counted before the store can report synced, so that a reader who saw HasSynced also
  // sees this sync counted.
  watch_list_syncs_.fetch_add(1);
  Status st = store_->Replace(std::move(objects), resource_version);
  if (!st.ok()) {
    watch_list_syncs_.fetch_sub(1);
    w->Close();
    return Status(st.code(), "unable to sync watch-list result: " + st.message());
  }
  SetLastSyncResourceVersion(resource_version);
  return w;
}

Status Reflector::Watch(std::unique_ptr<WatchStream> w) {
  for (;;) {
    if (stopped()) {
      if (w) w->Close();
      return Status::Ok();
    }
    bool propagate_rv_from_start = true;
    if (!w) {
      ListOptions opts;
      opts.resource_version = LastSyncResourceVersion();
      opts.timeout_seconds = WatchTimeoutSeconds();
      opts.allow_watch_bookmarks = true;
      // From "" or "0" the server first sends synthetic ADDED events in no RV order.
      if (opts.resource_version.empty() || opts.resource_version == "0") {
        propagate_rv_from_start = false;
      }
      ApiResult<std::unique_ptr<WatchStream>> opened = lw_->Watch(opts);
      if (!opened.ok()) {
        if (IsRetriableWatchError(opened.error())) {
          KLOG_V(4).InfoS("Watch failed - backing off", "reflector", opts_.name, "err",
                          opened.error().message());
          if (!Sleep(backoff_.Next())) return Status::Ok();
          continue;
        }
        return opened.error().ToStatus();
      }
      w = std::move(*opened);
    }
    if (!SetCurrentWatch(w.get())) {
      w->Close();
      return Status::Ok();
    }
    WatchOutcome out = HandleWatch(w.get(), store_, /*exit_on_initial_end=*/false,
                                   [&](const std::string& rv, bool besides_added) {
                                     if (propagate_rv_from_start || besides_added) {
                                       SetLastSyncResourceVersion(rv);
                                     }
                                   });
    SetCurrentWatch(nullptr);
    w->Close();
    w.reset();
    if (out.stopped) return Status::Ok();
    if (out.api_error) {
      const ApiError& e = *out.api_error;
      if (IsExpired(e)) {
        // Relist from the last RV we saw: a list at RV is at least as fresh.
        KLOG_V(4).InfoS("Watch closed", "reflector", opts_.name, "type", opts_.type_description,
                        "err", e.message());
      } else if (IsTooManyRequests(e)) {
        KLOG_V(2).InfoS("Watch returned 429 - backing off", "reflector", opts_.name);
        if (!Sleep(backoff_.Next())) return Status::Ok();
        continue;
      } else {
        KLOG_INFO_S("Warning: watch ended with error", "reflector", opts_.name, "type",
                    opts_.type_description, "err", e.message());
      }
      return Status::Ok();
    }
    if (!out.error.ok()) {
      KLOG_INFO_S("Warning: watch ended with error", "reflector", opts_.name, "type",
                  opts_.type_description, "err", out.error.message());
      return Status::Ok();
    }
    // A clean end (server timeout, dropped connection): watch again from the last RV.
  }
}

Reflector::WatchOutcome Reflector::HandleWatch(
    WatchStream* w, ReflectorStore* store, bool exit_on_initial_end,
    const std::function<void(const std::string&, bool)>& set_rv) {
  WatchOutcome out;
  const Clock::TimePoint start = opts_.clock->Now();
  bool besides_added = false;
  int64_t count = 0;
  for (;;) {
    ApiResult<std::optional<WatchEventObject>> next = w->Next();
    if (stopped()) {
      out.stopped = true;
      return out;
    }
    if (!next.ok()) {
      // A broken connection ends the stream like EOF (client-go's IsProbableEOF); only
      // errors the server sent end the round.
      if (next.error().code() == 0) break;
      out.api_error = next.error();
      return out;
    }
    if (!next->has_value()) break;
    WatchEventObject& ev = **next;
    if (ev.type == "ERROR") {
      out.api_error = WatchEventError(ev);
      return out;
    }
    if (opts_.expected_kind && ev.object.info() != opts_.expected_kind) {
      KLOG_ERROR_S(nullptr, "Unexpected watch event object type", "reflector", opts_.name,
                   "expectedType", opts_.expected_kind->kind, "actualType",
                   ev.object.info() ? ev.object.info()->kind : std::string_view("<none>"));
      continue;
    }
    const api::meta::v1::ObjectMeta* meta = ev.object.meta();
    if (meta == nullptr) {
      KLOG_ERROR_S(nullptr, "Unable to understand watch event", "reflector", opts_.name,
                   "event", ev.type);
      continue;
    }
    std::string rv = meta->resource_version;
    Status st;
    if (ev.type == "ADDED") {
      st = store->Add(Share(std::move(ev.object)));
    } else if (ev.type == "MODIFIED") {
      besides_added = true;
      st = store->Update(Share(std::move(ev.object)));
    } else if (ev.type == "DELETED") {
      besides_added = true;
      st = store->Delete(Share(std::move(ev.object)));
    } else if (ev.type == "BOOKMARK") {
      besides_added = true;
      auto it = meta->annotations.find(std::string(kInitialEventsAnnotation));
      if (it != meta->annotations.end() && it->second == "true") out.initial_events_end = true;
      store->Bookmark(rv);
    } else {
      KLOG_ERROR_S(nullptr, "Unknown watch event", "reflector", opts_.name, "event", ev.type);
    }
    if (!st.ok()) {
      KLOG_ERROR_S(st, "Unable to apply watch event object to store", "reflector", opts_.name,
                   "event", ev.type);
    }
    set_rv(rv, besides_added);
    ++count;
    if (exit_on_initial_end && out.initial_events_end) return out;
  }
  if (stopped()) {
    out.stopped = true;
    return out;
  }
  if (opts_.clock->Now() - start < std::chrono::seconds(1) && count == 0) {
    out.error = Status(StatusCode::kUnavailable,
                       "very short watch: " + opts_.name +
                           ": Unexpected watch close - watch lasted less than a second and no "
                           "items received");
  }
  return out;
}

}  // namespace kubecxx::client::cache
