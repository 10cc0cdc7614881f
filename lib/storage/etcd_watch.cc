#include "lib/storage/etcd_watch.h"

#include <deque>
#include <mutex>

#include "kubecxx/api/meta/v1/types.h"
#include "lib/storage/etcd_store.h"

namespace kubecxx::storage {
namespace {

constexpr std::string_view kWatchExpired = "The resourceVersion for the provided watch is too old.";

class EtcdWatch : public WatchStream {
 public:
  EtcdWatch(const EtcdStore* store, etcd::Client* client, std::string key, const WatchOptions& o)
      : store_(store), client_(client), key_(std::move(key)), options_(o) {}

  Status Start(int64_t revision) {
    if (revision == 0) {
      KUBECXX_RETURN_IF_ERROR(SyncInitialState());
    } else {
      revision_ = revision;
    }
    etcd::WatchOptions w;
    w.key = key_;
    w.prefix = options_.recursive;
    w.start_revision = revision_ + 1;
    w.prev_kv = true;
    w.progress_notify = options_.progress_notify;
    auto s = client_->Watch(w);
    if (!s.ok()) return s.status();
    stream_ = std::move(*s);
    return Status::Ok();
  }

  StatusOr<std::optional<WatchEvent>> Next(std::chrono::milliseconds timeout) override {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (pending_.empty()) {
      if (!terminal_.ok()) return terminal_;
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() < 0) return std::optional<WatchEvent>();
      auto r = stream_->Next(left);
      if (!r.ok()) {
        Fail(etcd::IsCompacted(r.status()) ? Status(StatusCode::kOutOfRange, std::string(kWatchExpired))
                                           : r.status());
        continue;
      }
      if (!r->has_value()) return std::optional<WatchEvent>();
      Status s = Convert(std::move(**r));
      if (!s.ok()) Fail(std::move(s));
    }
    WatchEvent e = std::move(pending_.front());
    pending_.pop_front();
    return std::optional<WatchEvent>(std::move(e));
  }

  void Stop() override {
    if (stream_) stream_->Cancel();
  }

  Status RequestProgress() override {
    if (!stream_) return Status(StatusCode::kUnavailable, "no etcd watch");
    return stream_->RequestProgress();
  }

 private:
  // Queues the error event; later calls return the error.
  void Fail(Status s) {
    if (!terminal_.ok()) return;
    WatchEvent e;
    e.type = WatchEvent::Type::kError;
    e.error = s;
    pending_.push_back(std::move(e));
    terminal_ = std::move(s);
    if (stream_) stream_->Cancel();
  }

  bool Matches(const codec::Object& o) const { return !options_.predicate || options_.predicate(o); }

  Status SyncInitialState() {
    etcd::RangeOptions ro;
    ro.limit = 10000;
    if (options_.recursive) ro.range_end = etcd::PrefixRangeEnd(key_);
    std::string start = key_;
    while (true) {
      auto r = client_->Range(start, ro);
      if (!r.ok()) return r.status();
      if (ro.revision == 0) ro.revision = r->revision;
      for (etcd::KeyValue& kv : r->kvs) {
        auto obj = store_->Decode(kv.value, kv.mod_revision);
        if (!obj.ok()) return obj.status();
        if (!Matches(*obj)) continue;
        WatchEvent e;
        e.type = WatchEvent::Type::kAdded;
        e.resource_version = kv.mod_revision;
        e.object = std::move(*obj);
        pending_.push_back(std::move(e));
      }
      if (!r->more || r->kvs.empty() || !options_.recursive) break;
      start = r->kvs.back().key + std::string(1, '\0');
    }
    revision_ = ro.revision;
    return Status::Ok();
  }

  Status Convert(etcd::WatchResponse r) {
    if (r.progress_notify) {
      if (options_.progress_notify && store_->storage_kind() != nullptr) {
        WatchEvent e;
        e.type = WatchEvent::Type::kBookmark;
        e.resource_version = r.revision;
        e.object = codec::Object(store_->storage_kind());
        e.object.info()->set_type_meta(e.object.get(), e.object.info()->ApiVersion(),
                                       e.object.info()->kind);
        if (auto* m = e.object.meta()) m->resource_version = std::to_string(r.revision);
        pending_.push_back(std::move(e));
      }
      return Status::Ok();
    }
    for (etcd::Event& ev : r.events) {
      int64_t rev = ev.kv.mod_revision;
      WatchEvent e;
      e.resource_version = rev;
      if (ev.type == etcd::Event::Type::kDelete) {
        if (!ev.prev_kv) return Status::Internal("etcd delete event without the previous value");
        auto old = store_->Decode(ev.prev_kv->value, rev);
        if (!old.ok()) return old.status();
        if (!Matches(*old)) continue;
        e.type = WatchEvent::Type::kDeleted;
        e.object = std::move(*old);
      } else {
        if (!ev.IsCreate() && !ev.prev_kv) {
          return Status::Internal("etcd event received with PrevKv=nil (key=\"" + ev.kv.key + "\")");
        }
        auto cur = store_->Decode(ev.kv.value, rev);
        if (!cur.ok()) return cur.status();
        if (ev.IsCreate()) {
          if (!Matches(*cur)) continue;
          e.type = WatchEvent::Type::kAdded;
          e.object = std::move(*cur);
        } else if (!options_.predicate) {
          e.type = WatchEvent::Type::kModified;
          e.object = std::move(*cur);
        } else {
          auto old = store_->Decode(ev.prev_kv->value, rev);
          if (!old.ok()) return old.status();
          bool cur_passes = Matches(*cur);
          bool old_passes = Matches(*old);
          if (cur_passes) {
            e.type = old_passes ? WatchEvent::Type::kModified : WatchEvent::Type::kAdded;
            e.object = std::move(*cur);
          } else if (old_passes) {
            e.type = WatchEvent::Type::kDeleted;
            e.object = std::move(*old);
          } else {
            continue;
          }
        }
      }
      pending_.push_back(std::move(e));
    }
    return Status::Ok();
  }

  const EtcdStore* store_;
  etcd::Client* client_;
  std::string key_;
  WatchOptions options_;
  int64_t revision_ = 0;
  std::unique_ptr<etcd::WatchStream> stream_;
  std::deque<WatchEvent> pending_;
  Status terminal_;
};

}  // namespace

StatusOr<std::unique_ptr<WatchStream>> StartEtcdWatch(const EtcdStore* store, etcd::Client* client,
                                                      std::string etcd_key, int64_t revision,
                                                      const WatchOptions& options) {
  auto w = std::make_unique<EtcdWatch>(store, client, std::move(etcd_key), options);
  KUBECXX_RETURN_IF_ERROR(w->Start(revision));
  return std::unique_ptr<WatchStream>(std::move(w));
}

}  // namespace kubecxx::storage
