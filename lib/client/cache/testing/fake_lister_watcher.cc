#include "lib/client/cache/testing/fake_lister_watcher.h"

#include <algorithm>
#include <utility>

#include "kubecxx/api/meta/v1/types.h"

namespace kubecxx::client::cache::testing {
namespace {

const codec::KindInfo* PodKind() {
  static const codec::KindInfo* k = codec::FindKind("", "v1", "Pod");
  return k;
}
const codec::KindInfo* StatusKind() {
  static const codec::KindInfo* k = codec::FindKind("", "v1", "Status");
  return k;
}

std::string Key(const api::core::v1::Pod& p) {
  return p.object_meta.namespace_.empty() ? p.object_meta.name
                                       : p.object_meta.namespace_ + "/" + p.object_meta.name;
}

}  // namespace

api::core::v1::Pod MakePod(const std::string& ns, const std::string& name) {
  api::core::v1::Pod p;
  p.type_meta.api_version = "v1";
  p.type_meta.kind = "Pod";
  p.object_meta.namespace_ = ns;
  p.object_meta.name = name;
  return p;
}

ApiError MakeApiError(int code, const std::string& reason, const std::string& message) {
  api::meta::v1::Status s;
  s.status = "Failure";
  s.code = code;
  s.reason = reason;
  s.message = message;
  return ApiError(s);
}

// ---- FakeWatchStream ----

void FakeWatchStream::Push(WatchEventObject ev) {
  std::lock_guard l(mu_);
  if (closed_ || ended_) return;
  events_.push_back(std::move(ev));
  cv_.notify_all();
}

void FakeWatchStream::End() {
  std::lock_guard l(mu_);
  ended_ = true;
  cv_.notify_all();
}

ApiResult<std::optional<WatchEventObject>> FakeWatchStream::Next() {
  std::unique_lock l(mu_);
  cv_.wait(l, [&] { return closed_ || ended_ || !events_.empty(); });
  if (closed_ || events_.empty()) return std::optional<WatchEventObject>();
  WatchEventObject ev = std::move(events_.front());
  events_.pop_front();
  return std::optional<WatchEventObject>(std::move(ev));
}

void FakeWatchStream::Close() {
  std::lock_guard l(mu_);
  closed_ = true;
  cv_.notify_all();
}

bool FakeWatchStream::closed() const {
  std::lock_guard l(mu_);
  return closed_ || ended_;
}

// The reflector owns what Watch returns; the fake keeps a shared handle to push into.
class FakeListerWatcher::StreamHandle final : public WatchStream {
 public:
  explicit StreamHandle(std::shared_ptr<FakeWatchStream> s) : s_(std::move(s)) {}
  ~StreamHandle() override { s_->Close(); }
  ApiResult<std::optional<WatchEventObject>> Next() override { return s_->Next(); }
  void Close() override { s_->Close(); }

 private:
  std::shared_ptr<FakeWatchStream> s_;
};

// ---- FakeListerWatcher ----

FakeListerWatcher::FakeListerWatcher() = default;

WatchEventObject FakeListerWatcher::ToEvent(const std::string& type,
                                            const api::core::v1::Pod& pod) {
  WatchEventObject ev;
  ev.type = type;
  ev.object = codec::Object(PodKind());
  *ev.object.As<api::core::v1::Pod>() = pod;
  return ev;
}

void FakeListerWatcher::PruneLocked() {
  std::erase_if(watchers_, [](const Watcher& w) { return w.stream->closed(); });
}

void FakeListerWatcher::BroadcastLocked(const Event& ev) {
  PruneLocked();
  for (Watcher& w : watchers_) w.stream->Push(ToEvent(ev.type, ev.pod));
}

std::string FakeListerWatcher::Create(api::core::v1::Pod pod) {
  std::lock_guard l(mu_);
  pod.object_meta.resource_version = std::to_string(++rv_);
  pods_[Key(pod)] = pod;
  history_.push_back(Event{"ADDED", pod, rv_});
  BroadcastLocked(history_.back());
  return pod.object_meta.resource_version;
}

std::string FakeListerWatcher::Update(api::core::v1::Pod pod) {
  std::lock_guard l(mu_);
  pod.object_meta.resource_version = std::to_string(++rv_);
  pods_[Key(pod)] = pod;
  history_.push_back(Event{"MODIFIED", pod, rv_});
  BroadcastLocked(history_.back());
  return pod.object_meta.resource_version;
}

std::string FakeListerWatcher::Remove(const std::string& ns, const std::string& name) {
  std::lock_guard l(mu_);
  auto it = pods_.find(ns.empty() ? name : ns + "/" + name);
  if (it == pods_.end()) return "";
  api::core::v1::Pod pod = std::move(it->second);
  pods_.erase(it);
  pod.object_meta.resource_version = std::to_string(++rv_);
  history_.push_back(Event{"DELETED", pod, rv_});
  BroadcastLocked(history_.back());
  return pod.object_meta.resource_version;
}

void FakeListerWatcher::Compact() {
  std::lock_guard l(mu_);
  compacted_ = rv_;
  history_.clear();
}

void FakeListerWatcher::SendBookmark() {
  std::lock_guard l(mu_);
  PruneLocked();
  api::core::v1::Pod marker;
  marker.object_meta.resource_version = std::to_string(rv_);
  for (Watcher& w : watchers_) {
    if (w.bookmarks) w.stream->Push(ToEvent("BOOKMARK", marker));
  }
}

void FakeListerWatcher::EndWatches() {
  std::lock_guard l(mu_);
  for (Watcher& w : watchers_) w.stream->End();
  watchers_.clear();
}

void FakeListerWatcher::BeginPartition() {
  std::lock_guard l(mu_);
  partitioned_ = true;
  for (Watcher& w : watchers_) w.stream->End();
  watchers_.clear();
}

void FakeListerWatcher::EndPartition() {
  std::lock_guard l(mu_);
  partitioned_ = false;
}

namespace {
ApiError Refused() {
  return ApiError::Transport(Status(StatusCode::kUnavailable,
                                    "dial tcp 127.0.0.1:6443: connect: connection refused"));
}
}  // namespace

void FakeListerWatcher::FailNextList(ApiError e, int times) {
  std::lock_guard l(mu_);
  for (int i = 0; i < times; ++i) list_failures_.push_back(e);
}

void FakeListerWatcher::FailNextWatch(ApiError e, int times) {
  std::lock_guard l(mu_);
  for (int i = 0; i < times; ++i) watch_failures_.push_back(e);
}

void FakeListerWatcher::set_watch_list_supported(bool v) {
  std::lock_guard l(mu_);
  watch_list_supported_ = v;
}

void FakeListerWatcher::set_supports_watch_list_semantics(bool v) {
  std::lock_guard l(mu_);
  watch_list_semantics_ = v;
}

bool FakeListerWatcher::SupportsWatchList() const {
  std::lock_guard l(mu_);
  return watch_list_semantics_;
}

std::vector<ListOptions> FakeListerWatcher::list_calls() const {
  std::lock_guard l(mu_);
  return list_calls_;
}

std::vector<ListOptions> FakeListerWatcher::watch_calls() const {
  std::lock_guard l(mu_);
  return watch_calls_;
}

size_t FakeListerWatcher::open_watches() const {
  std::lock_guard l(mu_);
  size_t n = 0;
  for (const Watcher& w : watchers_) n += w.stream->closed() ? 0 : 1;
  return n;
}

std::string FakeListerWatcher::current_rv() const {
  std::lock_guard l(mu_);
  return std::to_string(rv_);
}

ApiResult<ObjectList> FakeListerWatcher::List(const ListOptions& opts) {
  std::lock_guard l(mu_);
  list_calls_.push_back(opts);
  if (partitioned_) return Refused();
  if (!list_failures_.empty()) {
    ApiError e = std::move(list_failures_.front());
    list_failures_.pop_front();
    return e;
  }
  if (!opts.resource_version.empty() && opts.resource_version != "0" &&
      opts.resource_version_match != "Exact") {
    uint64_t want = std::stoull(opts.resource_version);
    if (want > rv_) {
      return MakeApiError(504, "Timeout", "Too large resource version");
    }
  }
  ObjectList out;
  out.resource_version = std::to_string(rv_);
  auto it = opts.continue_token.empty() ? pods_.begin() : pods_.upper_bound(opts.continue_token);
  int64_t n = 0;
  for (; it != pods_.end(); ++it) {
    if (opts.limit > 0 && n == opts.limit) {
      out.continue_token = std::prev(it)->first;
      break;
    }
    codec::Object obj(PodKind());
    *obj.As<api::core::v1::Pod>() = it->second;
    out.items.push_back(std::move(obj));
    ++n;
  }
  return out;
}

ApiResult<std::unique_ptr<WatchStream>> FakeListerWatcher::Watch(const ListOptions& opts) {
  std::lock_guard l(mu_);
  watch_calls_.push_back(opts);
  if (partitioned_) return Refused();
  if (!watch_failures_.empty()) {
    ApiError e = std::move(watch_failures_.front());
    watch_failures_.pop_front();
    return e;
  }
  auto stream = std::make_shared<FakeWatchStream>();
  const bool initial = opts.send_initial_events.value_or(false);
  if (initial && !watch_list_supported_) {
    return MakeApiError(422, "Invalid", "ListOptions.meta.k8s.io \"\" is invalid: "
                                        "sendInitialEvents: Forbidden: sendInitialEvents is "
                                        "forbidden for watch unless the WatchList feature gate "
                                        "is enabled");
  }
  uint64_t from = 0;
  bool synthetic = opts.resource_version.empty() || opts.resource_version == "0";
  if (!synthetic) from = std::stoull(opts.resource_version);
  if (!synthetic && from < compacted_) {
    WatchEventObject ev;
    ev.type = "ERROR";
    ev.object = codec::Object(StatusKind());
    auto* s = ev.object.As<api::meta::v1::Status>();
    s->status = "Failure";
    s->code = 410;
    s->reason = "Expired";
    s->message = "too old resource version: " + opts.resource_version + " (" +
                 std::to_string(compacted_) + ")";
    stream->Push(std::move(ev));
    stream->End();
    return std::unique_ptr<WatchStream>(std::make_unique<StreamHandle>(stream));
  }
  if (initial || synthetic) {
    for (const auto& [key, pod] : pods_) stream->Push(ToEvent("ADDED", pod));
    if (initial) {
      api::core::v1::Pod marker;
      marker.object_meta.resource_version = std::to_string(rv_);
      marker.object_meta.annotations["k8s.io/initial-events-end"] = "true";
      stream->Push(ToEvent("BOOKMARK", marker));
    }
  } else {
    for (const Event& ev : history_) {
      if (ev.rv > from) stream->Push(ToEvent(ev.type, ev.pod));
    }
  }
  watchers_.push_back(Watcher{stream, opts.allow_watch_bookmarks});
  return std::unique_ptr<WatchStream>(std::make_unique<StreamHandle>(stream));
}

}  // namespace kubecxx::client::cache::testing
