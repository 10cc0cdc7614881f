#include "lib/client/cache/fifo.h"

#include <algorithm>
#include <unordered_set>
#include <utility>

namespace kubecxx::client::cache {

Status Fifo::Push(DeltaType type, ObjectPtr obj) {
  if (!obj) return Status::Invalid("cannot queue a null object");
  StatusOr<std::string> key = MetaNamespaceKey(*obj);
  if (!key.ok()) return key.status();
  std::lock_guard l(mu_);
  populated_ = true;
  CheckSyncedLocked();
  PushLocked(Delta{type, std::move(*key), std::move(obj), nullptr});
  return Status::Ok();
}

Status Fifo::Add(ObjectPtr obj) { return Push(DeltaType::kAdded, std::move(obj)); }
Status Fifo::Update(ObjectPtr obj) { return Push(DeltaType::kUpdated, std::move(obj)); }
Status Fifo::Delete(ObjectPtr obj) { return Push(DeltaType::kDeleted, std::move(obj)); }

void Fifo::PushLocked(Delta d) {
  if (closed_) return;
  items_.push_back(std::move(d));
  cv_.notify_one();
}

Status Fifo::Replace(std::vector<ObjectPtr> objects, std::string resource_version) {
  for (const ObjectPtr& o : objects) {
    if (!o) return Status::Invalid("cannot queue a null object");
  }
  auto replaced = std::make_unique<ReplacedAll>();
  replaced->objects = std::move(objects);
  replaced->resource_version = std::move(resource_version);
  std::lock_guard l(mu_);
  PushLocked(Delta{DeltaType::kReplacedAll, {}, nullptr, std::move(replaced)});
  if (!populated_) {
    populated_ = true;
    initial_population_count_ = items_.size();
    CheckSyncedLocked();
  }
  return Status::Ok();
}

Status Fifo::Resync() {
  std::lock_guard l(mu_);
  PushLocked(Delta{DeltaType::kSyncAll, {}, nullptr, nullptr});
  return Status::Ok();
}

void Fifo::Bookmark(std::string resource_version) {
  std::lock_guard l(mu_);
  PushLocked(Delta{DeltaType::kBookmark, std::move(resource_version), nullptr, nullptr});
}

void Fifo::CheckSyncedLocked() {
  if (populated_ && initial_population_count_ == 0) synced_ = true;
}

bool Fifo::PopBatch(const ProcessFunc& process) {
  std::unique_lock l(mu_);
  cv_.wait(l, [&] { return closed_ || !items_.empty(); });
  if (closed_) return false;

  const bool is_in_initial_list = !synced_;
  std::vector<Delta> batch;
  batch.reserve(std::min(kBatchSize, items_.size()));  // no reallocation: `keys` views into it
  std::unordered_set<std::string_view> keys;
  for (size_t i = 0; i < kBatchSize && i < items_.size(); ++i) {
    if (initial_population_count_ > 0 && i >= initial_population_count_) break;
    Delta& d = items_[i];
    bool plain = d.type == DeltaType::kAdded || d.type == DeltaType::kUpdated ||
                 d.type == DeltaType::kDeleted;
    if (!plain) {
      if (batch.empty()) batch.push_back(std::move(d));
      break;
    }
    if (keys.count(d.key)) break;
    batch.push_back(std::move(d));
    keys.insert(batch.back().key);
  }
  items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(batch.size()));

  // Hold the lock while processing only when the backlog is large: producers then wait.
  const bool unlock = items_.size() < 2 * kBatchSize;
  if (unlock) l.unlock();
  process(std::span<Delta>(batch), is_in_initial_list);
  if (unlock) l.lock();
  if (initial_population_count_ > 0) {
    initial_population_count_ -= std::min(initial_population_count_, batch.size());
    CheckSyncedLocked();
  }
  return true;
}

void Fifo::Close() {
  std::lock_guard l(mu_);
  closed_ = true;
  cv_.notify_all();
}

bool Fifo::HasSynced() const {
  std::lock_guard l(mu_);
  return synced_;
}

size_t Fifo::size() const {
  std::lock_guard l(mu_);
  return items_.size();
}

}  // namespace kubecxx::client::cache
