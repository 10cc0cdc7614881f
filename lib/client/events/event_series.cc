#include "lib/client/events/event_series.h"

#include <utility>

#include "lib/api/time.h"
#include "lib/log/log.h"

namespace kubecxx::client::events {

namespace {

void AppendRef(const api::core::v1::ObjectReference& r, std::string* out) {
  for (const std::string* f : {&r.kind, &r.namespace_, &r.name, &r.uid, &r.api_version,
                               &r.resource_version, &r.field_path}) {
    out->append(*f);
    out->push_back('\0');
  }
}

std::string Describe(const Event& e) {
  return e.object_meta.namespace_ + "/" + e.object_meta.name + " (" + e.reason + ")";
}

}  // namespace

api::MicroTime ToMicroTime(std::chrono::system_clock::time_point t) {
  const int64_t ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  api::MicroTime m;
  m.seconds = ns / 1000000000;
  m.nanos = static_cast<int32_t>(ns % 1000000000);
  if (m.nanos < 0) {
    m.nanos += 1000000000;
    --m.seconds;
  }
  return m;
}

std::chrono::system_clock::time_point FromMicroTime(const api::MicroTime& t) {
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::seconds(t.seconds) + std::chrono::nanoseconds(t.nanos)));
}

std::string EventKey(const Event& e) {
  std::string key;
  for (const std::string* f : {&e.type, &e.action, &e.reason, &e.reporting_controller,
                               &e.reporting_instance}) {
    key.append(*f);
    key.push_back('\0');
  }
  AppendRef(e.regarding, &key);
  AppendRef(e.related ? *e.related : api::core::v1::ObjectReference{}, &key);
  return key;
}

std::string SeriesPatch(const Event& e) {
  // Go's json.Marshal of the patch map: keys sorted, no spaces.
  std::string p = "{\"series\":{\"count\":";
  p += std::to_string(e.series ? e.series->count : 0);
  p += ",\"lastObservedTime\":\"";
  api::AppendRFC3339Micro(e.series ? e.series->last_observed_time : api::MicroTime{}, &p);
  p += "\"}}";
  return p;
}

RecordResult RecordEvent(EventSink* sink, Event event) {
  const bool is_series = static_cast<bool>(event.series);
  StatusOr<Event> written = Status(StatusCode::kInternal, "not written");
  if (is_series) written = sink->Patch(event, SeriesPatch(event));
  if (!is_series || written.status().code() == StatusCode::kNotFound) {
    event.object_meta.resource_version.clear();
    written = sink->Create(event);
  }
  if (written.ok()) return {std::move(written).value(), false};
  const Status& err = written.status();
  switch (err.code()) {
    case StatusCode::kUnavailable:
      KLOG_ERROR_S(err, "Unable to write event (may retry after sleeping)", "event",
                   Describe(event));
      return {std::nullopt, true};
    case StatusCode::kAlreadyExists:
      if (is_series) return {std::nullopt, true};
      KLOG_V(5).InfoS("Server rejected event (will not retry!)", "event", Describe(event),
                      "err", err.message());
      return {std::nullopt, false};
    default:
      KLOG_ERROR_S(err, "Server rejected event (will not retry!)", "event", Describe(event));
      return {std::nullopt, false};
  }
}

std::optional<Event> SeriesCache::Observe(const Event& event, WallTime now) {
  const std::string key = EventKey(event);
  auto it = cache_.find(key);
  if (it == cache_.end()) {
    cache_.emplace(key, event);
    return event;
  }
  Event& cached = it->second;
  if (cached.series) {
    ++cached.series->count;
    cached.series->last_observed_time = ToMicroTime(now);
    return std::nullopt;
  }
  api::events::v1::EventSeries series;
  series.count = 2;
  series.last_observed_time = ToMicroTime(now);
  cached.series = Box<api::events::v1::EventSeries>(series);
  return cached;
}

void SeriesCache::Finish(EventSink* sink, WallTime now) {
  const WallTime limit = now - kFinishTime;
  for (auto it = cache_.begin(); it != cache_.end();) {
    const Event& e = it->second;
    bool erase = false;
    if (e.series) {
      if (FromMicroTime(e.series->last_observed_time) < limit) {
        erase = !RecordEvent(sink, e).retry;
      }
    } else if (FromMicroTime(e.event_time) < limit) {
      erase = true;
    }
    it = erase ? cache_.erase(it) : std::next(it);
  }
}

void SeriesCache::Refresh(EventSink* sink) {
  for (auto& [key, e] : cache_) {
    if (!e.series) continue;
    RecordResult r = RecordEvent(sink, e);
    if (!r.retry && r.recorded) e = std::move(*r.recorded);
  }
}

}  // namespace kubecxx::client::events
