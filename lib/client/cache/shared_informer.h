// SharedIndexInformer: one reflector's view of a resource, kept in an Indexer and fanned out to
// any number of event handlers (client-go's cache.SharedIndexInformer, v0.37.2 semantics).
//
// Data flow: Reflector --(Fifo)--> processing thread --> Indexer, then Processor --> each
// handler's Listener thread. The store is updated before handlers hear of a change, so a
// handler that reads the indexer sees at least the state it is told about.
//
//  - A listing (LIST or WatchList) is reconciled atomically: objects that vanished become
//    OnDelete with final_state_unknown (client-go's DeletedFinalStateUnknown), the others
//    OnAdd(obj, is_in_initial_list) or OnUpdate(old, new).
//  - OnUpdate with an unchanged resourceVersion is a resync and reaches only handlers whose
//    resync period is due.
//  - A handler added after Start() first gets OnAdd(obj, true) for every object in the store,
//    with no event in between lost or doubled (delivery is paused while it joins).
//  - Resync: the informer's check period is the smallest handler period (>= 1 s) asked for
//    before Start(); a handler asking for less after Start() gets the check period.
//
// Threads: Start() spawns the reflector thread (plus its resync thread when resyncing), the
// processing thread and one thread per handler. Stop() (also the destructor) stops the
// reflector, drops queued work, and joins every thread; afterwards AddEventHandler fails.
// All public methods are thread-safe. Handlers must not call Stop() on their own informer.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "lib/base/clock.h"
#include "lib/client/cache/fifo.h"
#include "lib/client/cache/lister_watcher.h"
#include "lib/client/cache/processor.h"
#include "lib/client/cache/reflector.h"
#include "lib/client/cache/store.h"

namespace kubecxx::client::cache {

struct SharedInformerOptions {
  // The default handler resync period (0: none).
  Clock::Duration resync_period{0};
  Indexers indexers;
  // name, type_description, clock, use_watch_list, ... (resync fields are set by the informer).
  ReflectorOptions reflector;
};

class SharedIndexInformer {
 public:
  // `kind` is the kind of the listed objects (events of other kinds are dropped); may be
  // nullptr to accept any.
  SharedIndexInformer(std::unique_ptr<ListerWatcher> lw, const codec::KindInfo* kind,
                      SharedInformerOptions opts);
  ~SharedIndexInformer();
  SharedIndexInformer(const SharedIndexInformer&) = delete;
  SharedIndexInformer& operator=(const SharedIndexInformer&) = delete;

  // resync: the handler's period (unset: the informer's default). An error after Stop().
  StatusOr<std::shared_ptr<HandlerRegistration>> AddEventHandler(
      std::shared_ptr<EventHandler> handler, std::optional<Clock::Duration> resync = {});
  // An error when the registration is unknown. Pending notifications for it are dropped.
  Status RemoveEventHandler(const std::shared_ptr<HandlerRegistration>& registration);

  void Start();  // idempotent; a stopped informer does not start again
  void Stop();   // idempotent

  bool HasStarted() const;
  bool HasSynced() const;
  // Waits (real time) until synced; false on timeout or Stop().
  bool WaitForCacheSync(std::chrono::milliseconds timeout) const;

  Indexer& indexer() { return indexer_; }
  const Indexer& indexer() const { return indexer_; }
  Status AddIndexers(Indexers indexers);
  std::string LastSyncResourceVersion() const;
  // REQUIRES: Start() was called.
  const Reflector& reflector() const { return *reflector_; }
  const codec::KindInfo* kind() const { return kind_; }

 private:
  void ProcessLoop();
  void ProcessBatch(std::span<Delta> batch, bool is_in_initial_list);
  void ProcessReplacedAll(ReplacedAll& r, bool is_in_initial_list);
  void NotifyUpsert(const ObjectPtr& old_obj, const ObjectPtr& new_obj, bool initial);
  void MarkSyncedIfDone();

  std::unique_ptr<ListerWatcher> lw_;
  const codec::KindInfo* kind_;
  Clock* clock_;
  Indexer indexer_;
  Fifo fifo_;
  Processor processor_;
  ReflectorOptions reflector_opts_;
  std::unique_ptr<Reflector> reflector_;  // made by Start()

  // Held while a batch is applied and distributed, and while a late handler joins.
  std::mutex block_deltas_;

  mutable std::mutex mu_;  // lifecycle; lock order: block_deltas_ before mu_
  mutable std::condition_variable synced_cv_;
  bool started_ = false;               // guarded by mu_
  bool stopped_ = false;               // guarded by mu_
  bool synced_ = false;                // guarded by mu_ (written under block_deltas_ too)
  Clock::Duration resync_check_period_;  // guarded by mu_
  Clock::Duration default_handler_resync_;
  std::thread reflector_thread_;
  std::thread process_thread_;
};

}  // namespace kubecxx::client::cache
