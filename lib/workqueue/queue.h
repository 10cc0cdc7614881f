// Work queues with client-go's semantics (k8s.io/client-go/util/workqueue).
//
//   TypedQueue<T>              Add / Get / Done / ShutDown / ShutDownWithDrain
//   TypedDelayingQueue<T>      + AddAfter
//   TypedRateLimitingQueue<T>  + AddRateLimited / Forget / NumRequeues (rate_limiting_queue.h)
//
// The guarantees controllers rely on, exactly as upstream:
//  * Add of an item that is already waiting (dirty and not being processed) is a no-op, so a
//    key is queued at most once however often it is added.
//  * An item handed out by Get is "processing" until Done. It is never handed to a second
//    worker meanwhile; if it is added again while processing it is queued when Done is
//    called, so the change is not lost and the two runs never overlap.
//  * Get blocks until an item is available or the queue shuts down (then it returns
//    nullopt once the queue is empty: remaining items are still handed out).
//  * After ShutDown, Add and AddAfter are ignored; ShutDownWithDrain also waits until every
//    item being processed is Done (ShutDown from another thread stops that wait).
//  * AddAfter of an item already waiting for a delay only moves it earlier, never later.
//
// Keys: the template parameter is any copyable type with a hash. Controllers use
// std::string "namespace/name" keys (Queue, DelayingQueue, RateLimitingQueue below), and
// that instantiation is compiled once in lib/workqueue/queue.cc; upstream's queues are
// generic too (GC queues structs, some controllers queue tuples), so we keep the template.
//
// Delays need no thread: the earliest delayed items sit in an ordered map and are moved
// into the queue by whichever call next takes the lock once their time has come (Get also
// sleeps until the earliest deadline). All waiting goes through a Clock, so tests drive
// time with a FakeClock.
//
// Thread-safety: every method may be called from any thread. One mutex guards the state;
// metrics are updated under it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "lib/base/clock.h"
#include "lib/workqueue/metrics.h"

namespace kubecxx::workqueue {

struct QueueConfig {
  // Value of the `name` label of the queue's metrics. Empty: the queue records none.
  std::string name;
  // nullptr: GlobalMetricsProvider(). Must outlive the queue.
  MetricsProvider* metrics_provider = nullptr;
  // nullptr: Clock::Real(). Must outlive the queue.
  Clock* clock = nullptr;
};

namespace internal {
// The metric objects of one named queue; built in queue.cc, not a template.
struct QueueMetricSet {
  std::unique_ptr<GaugeMetric> depth;
  std::unique_ptr<CounterMetric> adds;
  std::unique_ptr<HistogramMetric> latency;
  std::unique_ptr<HistogramMetric> work_duration;
  std::unique_ptr<SettableGaugeMetric> unfinished_work_seconds;
  std::unique_ptr<SettableGaugeMetric> longest_running_processor;
  std::unique_ptr<CounterMetric> retries;
  std::unique_ptr<CollectRegistration> collect;  // released first on destruction
};
// nullptr when the queue records no metrics (no name or no provider).
std::unique_ptr<QueueMetricSet> NewQueueMetricSet(const QueueConfig& config);
}  // namespace internal

template <typename T, typename Hash = std::hash<T>>
class TypedQueue {
 public:
  using Duration = Clock::Duration;

  explicit TypedQueue(QueueConfig config = {});
  virtual ~TypedQueue();
  TypedQueue(const TypedQueue&) = delete;
  TypedQueue& operator=(const TypedQueue&) = delete;

  // Marks item as needing processing (see the file comment). Ignored after shutdown.
  void Add(const T& item);

  // Items waiting to be handed out (not those being processed or still delayed). For
  // information only: never gate Add or Get on it.
  size_t Len();

  // Blocks until an item is available and returns it, marking it processing; nullopt means
  // the queue is shut down and empty, and the worker should exit.
  // REQUIRES: Done(item) is called once processing ends.
  std::optional<T> Get();

  // Ends processing of an item returned by Get; requeues it if it was added meanwhile.
  void Done(const T& item);

  // Stops accepting items and wakes all blocked Get calls. Does not wait for workers.
  // Items already queued are still handed out. Idempotent.
  void ShutDown();

  // ShutDown, then waits until every item being processed is Done (or until ShutDown is
  // called from another thread). REQUIRES: workers call Done, or this blocks forever.
  void ShutDownWithDrain();

  bool ShuttingDown();

  // Refreshes workqueue_unfinished_work_seconds and
  // workqueue_longest_running_processor_seconds. Providers with OnCollect call it for us.
  void UpdateUnfinishedWork();

  const std::string& name() const { return name_; }

 protected:
  // TypedDelayingQueue::AddAfter. Kept here so that Get can wait for delayed items.
  void AddAfterInternal(const T& item, Duration delay);

 private:
  using TimePoint = Clock::TimePoint;
  struct Entry {
    bool dirty = false;       // needs processing (queued, or to be queued at Done)
    bool processing = false;  // handed out by Get, Done not yet called
    std::optional<TimePoint> add_time;          // metrics: first Add since last Get
    std::optional<TimePoint> processing_start;  // metrics: last Get
  };
  using Items = std::unordered_map<T, Entry, Hash>;
  using Node = typename Items::value_type;  // address is stable while the entry exists
  using Waiting = std::multimap<TimePoint, T>;

  void AddLocked(const T& item);
  void PromoteReadyLocked();  // moves delayed items whose time has come into the queue
  static double Seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

  const std::string name_;
  Clock* const clock_;
  std::unique_ptr<internal::QueueMetricSet> metrics_;

  std::mutex mu_;
  std::condition_variable cv_;        // an item was queued, or shutdown
  std::condition_variable drain_cv_;  // nothing processing, or drain cancelled
  Items items_;                       // dirty or processing items; guarded by mu_
  std::deque<Node*> queue_;           // dirty, not processing, in FIFO order; guarded by mu_
  size_t processing_count_ = 0;       // guarded by mu_
  Waiting waiting_;                   // delayed items by ready time; guarded by mu_
  std::unordered_map<T, typename Waiting::iterator, Hash> waiting_index_;  // guarded by mu_
  bool shutting_down_ = false;        // guarded by mu_
  bool drain_ = false;                // guarded by mu_
};

// A queue with AddAfter (upstream's TypedDelayingInterface).
template <typename T, typename Hash = std::hash<T>>
class TypedDelayingQueue : public TypedQueue<T, Hash> {
 public:
  explicit TypedDelayingQueue(QueueConfig config = {}) : TypedQueue<T, Hash>(std::move(config)) {}

  // Adds item once `delay` has passed (at once if delay <= 0). If the item is already
  // waiting for an earlier time, that time is kept. Counts workqueue_retries_total.
  // Ignored after shutdown; pending delayed items are dropped at shutdown.
  void AddAfter(const T& item, Clock::Duration delay) { this->AddAfterInternal(item, delay); }
};

// ---------------------------------------------------------------------------------------
// Implementation.

template <typename T, typename Hash>
TypedQueue<T, Hash>::TypedQueue(QueueConfig config)
    : name_(config.name),
      clock_(config.clock != nullptr ? config.clock : Clock::Real()),
      metrics_(internal::NewQueueMetricSet(config)) {
  if (metrics_ != nullptr) {
    MetricsProvider* provider = config.metrics_provider != nullptr ? config.metrics_provider
                                                                   : GlobalMetricsProvider();
    metrics_->collect = provider->OnCollect([this] { UpdateUnfinishedWork(); });
  }
}

template <typename T, typename Hash>
TypedQueue<T, Hash>::~TypedQueue() {
  // Stop scrape-time callbacks before any member goes away.
  if (metrics_ != nullptr) metrics_->collect.reset();
}

template <typename T, typename Hash>
void TypedQueue<T, Hash>::Add(const T& item) {
  std::lock_guard<std::mutex> lock(mu_);
  PromoteReadyLocked();
  AddLocked(item);
}

template <typename T, typename Hash>
void TypedQueue<T, Hash>::AddLocked(const T& item) {
  if (shutting_down_) return;
  auto [it, inserted] = items_.try_emplace(item);
  Entry& entry = it->second;
  if (entry.dirty) return;  // already pending: de-duplicated
  if (metrics_ != nullptr) {
    metrics_->adds->Inc();
    metrics_->depth->Inc();
    if (!entry.add_time) entry.add_time = clock_->Now();
  }
  entry.dirty = true;
  if (entry.processing) return;  // queued by Done
  queue_.push_back(&*it);
  cv_.notify_one();
}

template <typename T, typename Hash>
size_t TypedQueue<T, Hash>::Len() {
  std::lock_guard<std::mutex> lock(mu_);
  PromoteReadyLocked();
  return queue_.size();
}

template <typename T, typename Hash>
std::optional<T> TypedQueue<T, Hash>::Get() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    PromoteReadyLocked();
    if (!queue_.empty()) break;
    if (shutting_down_) return std::nullopt;
    std::optional<TimePoint> deadline;
    if (!waiting_.empty()) deadline = waiting_.begin()->first;
    clock_->Wait(cv_, lock, deadline);
  }
  Node* node = queue_.front();
  queue_.pop_front();
  Entry& entry = node->second;
  if (metrics_ != nullptr) {
    TimePoint now = clock_->Now();
    metrics_->depth->Dec();
    entry.processing_start = now;
    if (entry.add_time) {
      metrics_->latency->Observe(Seconds(now - *entry.add_time));
      entry.add_time.reset();
    }
  }
  entry.processing = true;
  entry.dirty = false;
  ++processing_count_;
  return node->first;
}

template <typename T, typename Hash>
void TypedQueue<T, Hash>::Done(const T& item) {
  std::lock_guard<std::mutex> lock(mu_);
  PromoteReadyLocked();
  auto it = items_.find(item);
  if (it == items_.end() || !it->second.processing) return;  // not being processed
  Entry& entry = it->second;
  if (metrics_ != nullptr && entry.processing_start) {
    metrics_->work_duration->Observe(Seconds(clock_->Now() - *entry.processing_start));
  }
  entry.processing_start.reset();
  entry.processing = false;
  --processing_count_;
  if (entry.dirty) {
    queue_.push_back(&*it);
    cv_.notify_one();
  } else {
    items_.erase(it);
  }
  if (processing_count_ == 0) drain_cv_.notify_all();
}

template <typename T, typename Hash>
void TypedQueue<T, Hash>::ShutDown() {
  std::lock_guard<std::mutex> lock(mu_);
  drain_ = false;
  shutting_down_ = true;
  waiting_.clear();
  waiting_index_.clear();
  cv_.notify_all();
  drain_cv_.notify_all();
}

template <typename T, typename Hash>
void TypedQueue<T, Hash>::ShutDownWithDrain() {
  std::unique_lock<std::mutex> lock(mu_);
  drain_ = true;
  shutting_down_ = true;
  waiting_.clear();
  waiting_index_.clear();
  cv_.notify_all();
  while (processing_count_ != 0 && drain_) clock_->Wait(drain_cv_, lock, std::nullopt);
}

template <typename T, typename Hash>
bool TypedQueue<T, Hash>::ShuttingDown() {
  std::lock_guard<std::mutex> lock(mu_);
  return shutting_down_;
}

template <typename T, typename Hash>
void TypedQueue<T, Hash>::UpdateUnfinishedWork() {
  if (metrics_ == nullptr) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (shutting_down_) return;
  TimePoint now = clock_->Now();
  double total = 0;
  double oldest = 0;
  if (processing_count_ > 0) {
    for (const auto& [key, entry] : items_) {
      if (!entry.processing_start) continue;
      double age = Seconds(now - *entry.processing_start);
      total += age;
      if (age > oldest) oldest = age;
    }
  }
  metrics_->unfinished_work_seconds->Set(total);
  metrics_->longest_running_processor->Set(oldest);
}

template <typename T, typename Hash>
void TypedQueue<T, Hash>::AddAfterInternal(const T& item, Duration delay) {
  std::lock_guard<std::mutex> lock(mu_);
  if (shutting_down_) return;
  if (metrics_ != nullptr) metrics_->retries->Inc();
  PromoteReadyLocked();
  if (delay <= Duration::zero()) {
    AddLocked(item);
    return;
  }
  TimePoint now = clock_->Now();
  // Saturate: limiters answer Duration::max() for "never".
  TimePoint ready = delay >= TimePoint::max() - now ? TimePoint::max() : now + delay;
  auto found = waiting_index_.find(item);
  if (found != waiting_index_.end()) {
    if (found->second->first <= ready) return;  // keep the earlier time
    waiting_.erase(found->second);
    found->second = waiting_.emplace(ready, item);
  } else {
    waiting_index_.emplace(item, waiting_.emplace(ready, item));
  }
  // A Get may be sleeping until a later deadline; let it re-arm for this one.
  if (waiting_.begin()->first == ready) cv_.notify_one();
}

template <typename T, typename Hash>
void TypedQueue<T, Hash>::PromoteReadyLocked() {
  if (waiting_.empty() || shutting_down_) return;
  TimePoint now = clock_->Now();
  while (!waiting_.empty() && waiting_.begin()->first <= now) {
    auto it = waiting_.begin();
    waiting_index_.erase(it->second);
    AddLocked(it->second);
    waiting_.erase(it);
  }
}

// The string-keyed queues controllers use (instantiated once, in queue.cc).
extern template class TypedQueue<std::string>;
extern template class TypedDelayingQueue<std::string>;
using Queue = TypedQueue<std::string>;
using DelayingQueue = TypedDelayingQueue<std::string>;

}  // namespace kubecxx::workqueue
