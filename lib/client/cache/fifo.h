// Fifo: the informer's queue between the reflector and the processing loop — client-go's
// RealFIFO as v0.37 runs it by default (InOrderInformers GA, AtomicFIFO and
// UnlockWhileProcessingFIFO beta-on, InOrderInformersBatchProcess beta-on).
//
// Events keep their watch order (no per-key coalescing as the old DeltaFIFO did). A listing
// is queued as ONE ReplacedAll item and a resync tick as ONE SyncAll item; the consumer
// reconciles them against its store atomically (tombstones for keys the listing dropped).
// PopBatch hands out runs of up to kBatchSize plain events with distinct keys, never mixing
// them with a ReplacedAll/SyncAll/Bookmark item and never crossing the end of the initial
// population.
//
// Synced: once the first Replace (or any event) arrived and every item queued up to the
// first Replace has been processed. `is_in_initial_list` passed to the consumer is
// "not yet synced".
//
// Threading: producers (the reflector) and one consumer (the informer's processing thread)
// on any threads. The consumer's callback runs without the queue lock unless the backlog is
// at least 2*kBatchSize, in which case the producers wait for it (back-pressure, as
// upstream's UnlockWhileProcessing does).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "lib/client/cache/object.h"
#include "lib/client/cache/reflector_store.h"

namespace kubecxx::client::cache {

enum class DeltaType { kAdded, kUpdated, kDeleted, kReplacedAll, kSyncAll, kBookmark };

struct ReplacedAll {
  std::vector<ObjectPtr> objects;
  std::string resource_version;
};

struct Delta {
  DeltaType type;
  std::string key;       // Added/Updated/Deleted: the object's key; Bookmark: the RV
  ObjectPtr object;      // Added/Updated/Deleted
  std::unique_ptr<ReplacedAll> replaced;  // ReplacedAll
};

class Fifo final : public ReflectorStore {
 public:
  static constexpr size_t kBatchSize = 1000;

  Fifo() = default;
  Fifo(const Fifo&) = delete;
  Fifo& operator=(const Fifo&) = delete;

  Status Add(ObjectPtr obj) override;
  Status Update(ObjectPtr obj) override;
  Status Delete(ObjectPtr obj) override;
  Status Replace(std::vector<ObjectPtr> objects, std::string resource_version) override;
  Status Resync() override;
  void Bookmark(std::string resource_version) override;

  // Blocks until items are queued (or the queue is closed), then calls `process` with the
  // next batch. Returns false, without calling it, once Close() was called (items still
  // queued then are dropped: a stopping informer does not drain its backlog).
  using ProcessFunc = std::function<void(std::span<Delta> batch, bool is_in_initial_list)>;
  bool PopBatch(const ProcessFunc& process);

  // Wakes the consumer; later pushes are dropped.
  void Close();
  bool HasSynced() const;
  size_t size() const;

 private:
  Status Push(DeltaType type, ObjectPtr obj);
  void PushLocked(Delta d);
  void CheckSyncedLocked();

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Delta> items_;            // guarded by mu_
  bool populated_ = false;             // guarded by mu_
  size_t initial_population_count_ = 0;  // guarded by mu_
  bool synced_ = false;                // guarded by mu_
  bool closed_ = false;                // guarded by mu_
};

}  // namespace kubecxx::client::cache
