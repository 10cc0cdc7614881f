// The series logic of client-go's tools/events (event_broadcaster.go), apart from threads:
//
//  * Events are keyed by (type, action, reason, reportingController, reportingInstance,
//    regarding, related) — the whole ObjectReferences, resourceVersion and fieldPath too.
//  * The first event of a key is created. The second becomes a series: the first event is
//    PATCHed with {"series":{"count":2,"lastObservedTime":...}}. Later repeats only count
//    in memory (count++, lastObservedTime) — no request.
//  * Every 30 minutes (Refresh) each series is PATCHed with its current count.
//  * Every 6 minutes (Finish) a series not observed for 6 minutes is PATCHed a last time
//    and forgotten, and a single event older than 6 minutes is forgotten; the next
//    occurrence of its key starts over with a new Event.
//  * Writing: a series is PATCHed, and created when the PATCH answers 404; a single event
//    is created. Transport errors are retried (up to 12 tries, 10 s apart ±25%); server
//    rejections are not, except AlreadyExists while writing a series.
//
// Thread-safety: not thread-safe; owned by the broadcaster's worker thread.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "lib/client/events/event_sink.h"

namespace kubecxx::client::events {

inline constexpr int kMaxTriesPerEvent = 12;
inline constexpr std::chrono::minutes kFinishTime{6};
inline constexpr std::chrono::minutes kRefreshTime{30};
inline constexpr size_t kMaxQueuedEvents = 1000;
inline constexpr std::chrono::seconds kDefaultSleepDuration{10};

// The isomorphism key of an event.
std::string EventKey(const Event& event);

// The strategic merge patch upstream computes for a series (a two-way diff of the event
// without and with its series): {"series":{"count":N,"lastObservedTime":"..."}}.
std::string SeriesPatch(const Event& event);

// One write as upstream's recordEvent: the stored event (when written) and whether to retry.
struct RecordResult {
  std::optional<Event> recorded;
  bool retry = false;
};
RecordResult RecordEvent(EventSink* sink, Event event);

class SeriesCache {
 public:
  using WallTime = std::chrono::system_clock::time_point;

  // Notes an event observed at `now`; returns the event to write, if any.
  std::optional<Event> Observe(const Event& event, WallTime now);
  // The 6-minute pass.
  void Finish(EventSink* sink, WallTime now);
  // The 30-minute pass.
  void Refresh(EventSink* sink);

  size_t size() const { return cache_.size(); }

 private:
  std::map<std::string, Event> cache_;
};

api::MicroTime ToMicroTime(std::chrono::system_clock::time_point t);
std::chrono::system_clock::time_point FromMicroTime(const api::MicroTime& t);

}  // namespace kubecxx::client::events
