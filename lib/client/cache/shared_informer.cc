#include "lib/client/cache/shared_informer.h"

#include <unordered_set>
#include <utility>
#include <vector>

#include "lib/log/log.h"

namespace kubecxx::client::cache {
namespace {

constexpr Clock::Duration kMinimumResyncPeriod = std::chrono::seconds(1);

}  // namespace

SharedIndexInformer::SharedIndexInformer(std::unique_ptr<ListerWatcher> lw,
                                         const codec::KindInfo* kind, SharedInformerOptions opts)
    : lw_(std::move(lw)),
      kind_(kind),
      clock_(opts.reflector.clock ? opts.reflector.clock : Clock::Real()),
      indexer_(std::move(opts.indexers)),
      processor_(clock_),
      resync_check_period_(opts.resync_period),
      default_handler_resync_(opts.resync_period) {
  opts.reflector.clock = clock_;
  opts.reflector.expected_kind = kind;
  if (opts.reflector.type_description.empty() && kind != nullptr) {
    opts.reflector.type_description = "*" + std::string(kind->version) + "." +
                                      std::string(kind->kind);
  }
  reflector_opts_ = std::move(opts.reflector);
}

SharedIndexInformer::~SharedIndexInformer() { Stop(); }

StatusOr<std::shared_ptr<HandlerRegistration>> SharedIndexInformer::AddEventHandler(
    std::shared_ptr<EventHandler> handler, std::optional<Clock::Duration> resync) {
  if (!handler) return Status::Invalid("a null event handler");
  std::lock_guard bl(block_deltas_);
  std::unique_lock l(mu_);
  if (stopped_) {
    return Status(StatusCode::kUnavailable,
                  "handler was not added to shared informer because it has stopped already");
  }
  Clock::Duration period = resync.value_or(default_handler_resync_);
  if (period.count() > 0) {
    if (period < kMinimumResyncPeriod) period = kMinimumResyncPeriod;
    if (period < resync_check_period_) {
      if (started_) {
        period = resync_check_period_;
      } else {
        resync_check_period_ = period;
        processor_.ResyncCheckPeriodChanged(period);
      }
    }
  }
  auto listener = std::make_shared<Listener>(
      std::move(handler), period, DetermineResyncPeriod(period, resync_check_period_),
      clock_->Now());
  if (!started_) {
    processor_.AddListener(listener);
    return std::shared_ptr<HandlerRegistration>(listener);
  }
  // Joining a running informer: deliveries are paused (block_deltas_), so the synthetic adds
  // of the current content and later events neither overlap nor leave a gap.
  const bool synced = synced_;
  l.unlock();
  processor_.AddListener(listener);
  for (ObjectPtr& obj : indexer_.List()) {
    Notification n{Notification::kAdd, true, false, nullptr, std::move(obj), {}};
    listener->Add(std::move(n));
  }
  if (synced) listener->SetUpstreamSynced();
  return std::shared_ptr<HandlerRegistration>(listener);
}

Status SharedIndexInformer::RemoveEventHandler(
    const std::shared_ptr<HandlerRegistration>& registration) {
  std::lock_guard bl(block_deltas_);
  if (!processor_.RemoveListener(registration.get())) {
    return Status(StatusCode::kNotFound, "unknown event handler registration");
  }
  return Status::Ok();
}

void SharedIndexInformer::Start() {
  std::lock_guard l(mu_);
  if (started_ || stopped_) return;
  started_ = true;
  ReflectorOptions ro = reflector_opts_;
  ro.resync_period = resync_check_period_;
  ro.should_resync = [this] { return processor_.ShouldResync(); };
  reflector_ = std::make_unique<Reflector>(lw_.get(), &fifo_, std::move(ro));
  processor_.Run();
  process_thread_ = std::thread([this] { ProcessLoop(); });
  reflector_thread_ = std::thread([this] { reflector_->Run(); });
}

void SharedIndexInformer::Stop() {
  {
    std::lock_guard l(mu_);
    if (stopped_) return;
    stopped_ = true;
    synced_cv_.notify_all();
    if (!started_) return;
  }
  reflector_->Stop();
  fifo_.Close();
  if (reflector_thread_.joinable()) reflector_thread_.join();
  if (process_thread_.joinable()) process_thread_.join();
  processor_.Stop();
}

bool SharedIndexInformer::HasStarted() const {
  std::lock_guard l(mu_);
  return started_;
}

bool SharedIndexInformer::HasSynced() const {
  std::lock_guard l(mu_);
  return synced_;
}

bool SharedIndexInformer::WaitForCacheSync(std::chrono::milliseconds timeout) const {
  std::unique_lock l(mu_);
  synced_cv_.wait_for(l, timeout, [&] { return synced_ || stopped_; });
  return synced_;
}

Status SharedIndexInformer::AddIndexers(Indexers indexers) {
  {
    std::lock_guard l(mu_);
    if (stopped_) return Status(StatusCode::kUnavailable,
                                "indexer was not added because it has stopped already");
  }
  return indexer_.AddIndexers(std::move(indexers));
}

std::string SharedIndexInformer::LastSyncResourceVersion() const {
  std::lock_guard l(mu_);
  return reflector_ ? reflector_->LastSyncResourceVersion() : std::string();
}

void SharedIndexInformer::ProcessLoop() {
  while (fifo_.PopBatch([this](std::span<Delta> batch, bool initial) {
    ProcessBatch(batch, initial);
  })) {
    MarkSyncedIfDone();
  }
}

void SharedIndexInformer::MarkSyncedIfDone() {
  if (!fifo_.HasSynced()) return;
  std::lock_guard bl(block_deltas_);
  std::lock_guard l(mu_);
  if (synced_) return;
  synced_ = true;
  processor_.SetUpstreamSynced();
  synced_cv_.notify_all();
}

void SharedIndexInformer::NotifyUpsert(const ObjectPtr& old_obj, const ObjectPtr& new_obj,
                                       bool initial) {
  if (old_obj) {
    // An unchanged resourceVersion means a resync (or a relist that found no change).
    bool is_sync = ResourceVersionOf(*old_obj) == ResourceVersionOf(*new_obj);
    processor_.Distribute(Notification{Notification::kUpdate, false, false, old_obj, new_obj, {}},
                          is_sync);
  } else {
    processor_.Distribute(Notification{Notification::kAdd, initial, false, nullptr, new_obj, {}},
                          false);
  }
}

void SharedIndexInformer::ProcessBatch(std::span<Delta> batch, bool is_in_initial_list) {
  std::lock_guard bl(block_deltas_);
  if (batch.size() == 1) {
    Delta& d = batch[0];
    switch (d.type) {
      case DeltaType::kReplacedAll:
        ProcessReplacedAll(*d.replaced, is_in_initial_list);
        return;
      case DeltaType::kSyncAll:
        for (const ObjectPtr& obj : indexer_.List()) NotifyUpsert(obj, obj, is_in_initial_list);
        return;
      case DeltaType::kBookmark:
        indexer_.Bookmark(std::move(d.key));
        return;
      default:
        break;
    }
  }
  // Plain events with distinct keys: read the old states, apply all under one store lock,
  // then notify in order.
  std::vector<StoreChange> changes;
  std::vector<ObjectPtr> olds;
  changes.reserve(batch.size());
  olds.reserve(batch.size());
  for (Delta& d : batch) {
    olds.push_back(indexer_.Get(d.key));
    changes.push_back(StoreChange{d.type == DeltaType::kDeleted ? StoreChange::kDelete
                                                                : StoreChange::kAdd,
                                  d.key, d.type == DeltaType::kDeleted ? nullptr : d.object});
  }
  indexer_.Apply(changes);
  for (size_t i = 0; i < batch.size(); ++i) {
    Delta& d = batch[i];
    if (d.type == DeltaType::kDeleted) {
      processor_.Distribute(
          Notification{Notification::kDelete, false, false, nullptr, std::move(d.object), {}},
          false);
    } else {
      NotifyUpsert(olds[i], d.object, is_in_initial_list);
    }
  }
}

void SharedIndexInformer::ProcessReplacedAll(ReplacedAll& r, bool is_in_initial_list) {
  std::vector<std::pair<std::string, ObjectPtr>> items;
  items.reserve(r.objects.size());
  for (ObjectPtr& obj : r.objects) {
    StatusOr<std::string> key = MetaNamespaceKey(*obj);
    if (!key.ok()) {
      KLOG_ERROR_S(key.status(), "Dropping a listed object without a key");
      continue;
    }
    items.emplace_back(std::move(*key), std::move(obj));
  }
  r.objects.clear();
  // The first sync fills an empty store: nothing to tombstone and no old states to look up.
  const bool was_empty = indexer_.size() == 0;
  std::vector<Notification> deletions;
  std::vector<ObjectPtr> olds(items.size());
  if (!was_empty) {
    std::unordered_set<std::string_view> new_keys;
    new_keys.reserve(items.size());
    for (const auto& [key, obj] : items) new_keys.insert(key);
    for (std::string& key : indexer_.ListKeys()) {
      if (new_keys.count(key)) continue;
      ObjectPtr last = indexer_.Get(key);
      deletions.push_back(Notification{Notification::kDelete, false, true, nullptr,
                                       std::move(last), std::move(key)});
    }
    for (size_t i = 0; i < items.size(); ++i) olds[i] = indexer_.Get(items[i].first);
  }  // new_keys (views into `items`, which moves into the store below) ends here

  std::vector<ObjectPtr> news;
  news.reserve(items.size());
  for (const auto& [key, obj] : items) news.push_back(obj);
  indexer_.Replace(std::move(items), std::move(r.resource_version));

  for (Notification& n : deletions) processor_.Distribute(n, false);
  for (size_t i = 0; i < news.size(); ++i) NotifyUpsert(olds[i], news[i], is_in_initial_list);
}

}  // namespace kubecxx::client::cache
