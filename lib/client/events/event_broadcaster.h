// EventBroadcaster and EventRecorder for events.k8s.io/v1, as client-go's tools/events
// (the API kube-scheduler writes its events with):
//
//   EventBroadcaster broadcaster(&sink);
//   broadcaster.StartRecordingToSink();        // and/or StartStructuredLogging(3)
//   auto recorder = broadcaster.NewRecorder("default-scheduler");
//   recorder->Eventf(ReferenceTo(pod), nullptr, "Normal", "Scheduled", "Binding",
//                    "Successfully assigned default/p to node-1");
//
// Event fields: name "<regarding name>.<hex unix nanos>" (a UUID when that is not a DNS
// subdomain), namespace the regarding object's or "default", eventTime (MicroTime, when
// Eventf was called), reportingController, reportingInstance ("<controller>-<hostname>"),
// action, reason, note, regarding, related, type (Normal or Warning; any other type is
// logged and dropped). Repeats become series; see event_series.h for the rules and
// periods. Upstream's new events API has no spam filter or rate limit (the legacy
// core/v1 recorder has them), so neither do we.
//
// Threading: Eventf never blocks on the network. It copies the event into a queue of
// kMaxQueuedEvents; when the queue is full the event is dropped with a log line. One
// worker thread, started by the first Start* call, owns the series cache and does every
// write, its retries (scheduled, not slept on, so one failing event does not hold up the
// rest) and the 6- and 30-minute passes. Before any Start* call events are discarded, as
// upstream's broadcaster drops events nobody watches. Shutdown (or the destructor) stops
// accepting, writes what is queued (one try each) and joins the worker. All methods are
// thread-safe; recorders must not outlive their broadcaster.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "lib/base/clock.h"
#include "lib/client/events/event_series.h"
#include "lib/client/events/event_sink.h"
#include "lib/codec/kind_traits.h"

namespace kubecxx::client::events {

using ObjectReference = api::core::v1::ObjectReference;

struct EventBroadcasterOptions {
  Clock* clock = nullptr;  // nullptr: Clock::Real(); wall times come from clock->WallNow()
  size_t max_queued_events = kMaxQueuedEvents;
  Clock::Duration sleep_duration = kDefaultSleepDuration;  // between retries, ±25%
  std::function<double()> jitter;  // [0, 1); nullptr: random
  std::string hostname;            // for reportingInstance; empty: gethostname()
};

class EventRecorder;

class EventBroadcaster {
 public:
  // REQUIRES: sink outlives the broadcaster (it may be nullptr when only logging).
  explicit EventBroadcaster(EventSink* sink, EventBroadcasterOptions options = {});
  ~EventBroadcaster();
  EventBroadcaster(const EventBroadcaster&) = delete;
  EventBroadcaster& operator=(const EventBroadcaster&) = delete;

  // Writes events to the sink from now on (and starts the 6/30-minute passes).
  void StartRecordingToSink();
  // Logs every event at V(verbosity): "Event occurred" object=ns/name kind=... .
  void StartStructuredLogging(int verbosity);

  // reportingInstance is "<reporting_controller>-<hostname>".
  std::unique_ptr<EventRecorder> NewRecorder(const std::string& reporting_controller);

  void Shutdown();

  // Events dropped because the queue was full (tests, metrics).
  uint64_t dropped() const;

 private:
  friend class EventRecorder;
  struct Retry {
    Clock::TimePoint due;
    Event event;
    int tries;
  };

  // Returns false (and logs) when the queue is full or the broadcaster is stopped.
  bool Enqueue(Event event);
  void EnsureWorker();  // REQUIRES: mu_ held
  void WorkerLoop();
  void Process(const Event& event, bool recording, int log_verbosity);
  void Attempt(Event event, int tries, bool allow_retry);
  Clock::Duration Jittered() const;

  EventSink* const sink_;
  EventBroadcasterOptions options_;
  Clock* const clock_;
  std::string hostname_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Event> queue_;  // guarded by mu_
  bool recording_ = false;   // guarded by mu_
  int log_verbosity_ = -1;   // guarded by mu_; -1: not logging
  bool stopping_ = false;    // guarded by mu_
  uint64_t dropped_ = 0;     // guarded by mu_
  std::thread worker_;       // started under mu_

  // Worker thread only.
  SeriesCache cache_;
  std::vector<Retry> retries_;
  Clock::TimePoint next_finish_{};
  Clock::TimePoint next_refresh_{};
  bool passes_started_ = false;
};

class EventRecorder {
 public:
  // events.EventRecorder.Eventf; `related` may be nullptr. The note is used as is (format
  // it before the call).
  void Eventf(const ObjectReference& regarding, const ObjectReference* related,
              std::string_view type, std::string_view reason, std::string_view action,
              std::string_view note);
  // AnnotatedEventf: the same with metadata.annotations.
  void AnnotatedEventf(const ObjectReference& regarding, const ObjectReference* related,
                       const std::map<std::string, std::string>& annotations,
                       std::string_view type, std::string_view reason,
                       std::string_view action, std::string_view note);

  const std::string& reporting_controller() const { return controller_; }
  const std::string& reporting_instance() const { return instance_; }

 private:
  friend class EventBroadcaster;
  EventRecorder(EventBroadcaster* b, std::string controller, std::string instance)
      : broadcaster_(b), controller_(std::move(controller)), instance_(std::move(instance)) {}

  EventBroadcaster* const broadcaster_;
  const std::string controller_;
  const std::string instance_;
};

// reference.GetReference for a generated kind: kind and apiVersion from KindTraits (as the
// scheme knows them), namespace, name, uid and resourceVersion from the object's metadata.
template <typename T>
ObjectReference ReferenceTo(const T& obj) {
  using Traits = codec::KindTraits<T>;
  ObjectReference ref;
  ref.kind = std::string(Traits::kKind);
  ref.api_version = Traits::kGroup.empty()
                        ? std::string(Traits::kVersion)
                        : std::string(Traits::kGroup) + "/" + std::string(Traits::kVersion);
  ref.namespace_ = obj.object_meta.namespace_;
  ref.name = obj.object_meta.name;
  ref.uid = obj.object_meta.uid;
  ref.resource_version = obj.object_meta.resource_version;
  return ref;
}

// util.GenerateEventName: "<name>.<hex unix nanos>", or a random UUID when that is not a
// valid DNS subdomain (RFC 1123, at most 253 characters).
std::string GenerateEventName(std::string_view ref_name, int64_t unix_nanos);
bool IsDNS1123Subdomain(std::string_view s);

}  // namespace kubecxx::client::events
