// Event handlers and their delivery (client-go's ResourceEventHandler, sharedProcessor and
// processorListener).
//
// Each registered handler gets a Listener with its own thread and an unbounded queue:
// the informer's processing thread only appends notifications (never blocks on a handler),
// and the listener thread calls the handler in order. A slow handler delays only itself.
//
// Sync tracking: a listener has synced once the informer has synced and every OnAdd with
// is_in_initial_list=true queued to it has returned.
//
// Resync: a listener with a resync period receives the informer's periodic OnUpdate(obj, obj)
// notifications only when its own period has passed (ShouldResync marks it).
//
// Threading: Processor methods are thread-safe. Handlers run on their listener's thread; an
// exception escaping a handler is caught and logged (it must not cross the thread).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "lib/base/clock.h"
#include "lib/client/cache/object.h"

namespace kubecxx::client::cache {

class EventHandler {
 public:
  virtual ~EventHandler() = default;
  virtual void OnAdd(const ObjectPtr& obj, bool is_in_initial_list) = 0;
  virtual void OnUpdate(const ObjectPtr& old_obj, const ObjectPtr& new_obj) = 0;
  virtual void OnDelete(const DeletedObject& obj) = 0;
};

// A handler from functions; unset ones ignore their events (client-go's
// ResourceEventHandlerFuncs).
struct EventHandlerFuncs final : EventHandler {
  std::function<void(const ObjectPtr&, bool)> add;
  std::function<void(const ObjectPtr&, const ObjectPtr&)> update;
  std::function<void(const DeletedObject&)> del;
  void OnAdd(const ObjectPtr& obj, bool initial) override {
    if (add) add(obj, initial);
  }
  void OnUpdate(const ObjectPtr& o, const ObjectPtr& n) override {
    if (update) update(o, n);
  }
  void OnDelete(const DeletedObject& d) override {
    if (del) del(d);
  }
};

struct Notification {
  enum Kind : uint8_t { kAdd, kUpdate, kDelete };
  Kind kind;
  bool is_in_initial_list = false;  // kAdd
  bool final_state_unknown = false;  // kDelete
  ObjectPtr old_obj;                // kUpdate
  ObjectPtr obj;                    // kAdd/kUpdate: the new object; kDelete: the deleted one
  std::string key;                  // kDelete tombstones
};

// What AddEventHandler returns: the handle to remove the handler and ask whether it synced.
class HandlerRegistration {
 public:
  virtual ~HandlerRegistration() = default;
  virtual bool HasSynced() const = 0;
};

class Listener final : public HandlerRegistration {
 public:
  Listener(std::shared_ptr<EventHandler> handler, Clock::Duration requested_resync,
           Clock::Duration resync, Clock::TimePoint now);
  ~Listener() override;

  void Add(Notification n);  // never blocks
  void Start();
  // Stops after the handler call in progress; queued notifications are dropped.
  void Stop();
  bool HasSynced() const override;
  void SetUpstreamSynced();

  bool ShouldResync(Clock::TimePoint now) const;
  void DetermineNextResync(Clock::TimePoint now);
  void SetResyncPeriod(Clock::Duration d);
  Clock::Duration requested_resync_period() const { return requested_resync_; }
  size_t pending() const;

 private:
  void Loop();

  std::shared_ptr<EventHandler> handler_;
  const Clock::Duration requested_resync_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Notification> queue_;   // guarded by mu_
  bool stop_ = false;                // guarded by mu_
  bool upstream_synced_ = false;     // guarded by mu_
  int64_t initial_pending_ = 0;      // guarded by mu_: queued or running initial OnAdds
  Clock::Duration resync_;           // guarded by mu_
  Clock::TimePoint next_resync_;     // guarded by mu_
  std::thread thread_;
};

class Processor {
 public:
  explicit Processor(Clock* clock) : clock_(clock) {}
  ~Processor() { Stop(); }

  // Adds a listener; started at once when the processor runs. Returns whether it runs.
  bool AddListener(std::shared_ptr<Listener> l);
  // False when the registration is not (or no longer) one of ours.
  bool RemoveListener(const HandlerRegistration* r);
  // Queues n to every listener (sync: only to those whose resync is due).
  void Distribute(const Notification& n, bool sync);
  void SetUpstreamSynced();
  void Run();   // starts every listener's thread
  void Stop();  // stops and joins them
  // Marks listeners whose resync is due; true when any is.
  bool ShouldResync();
  void ResyncCheckPeriodChanged(Clock::Duration check);
  size_t size() const;

 private:
  struct Entry {
    std::shared_ptr<Listener> listener;
    bool syncing = false;
  };
  Clock* clock_;
  mutable std::mutex mu_;
  std::vector<Entry> listeners_;  // guarded by mu_
  bool started_ = false;          // guarded by mu_
};

// client-go's determineResyncPeriod.
Clock::Duration DetermineResyncPeriod(Clock::Duration desired, Clock::Duration check);

}  // namespace kubecxx::client::cache
