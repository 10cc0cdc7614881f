#include "lib/client/events/event_broadcaster.h"

#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <random>
#include <utility>

#include "lib/base/uuid.h"
#include "lib/log/log.h"

namespace kubecxx::client::events {

namespace {

double RandomUnit() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

std::string Hostname() {
  char host[HOST_NAME_MAX + 1] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) return "";
  return host;
}

bool IsAlnumLower(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

std::string KRef(const ObjectReference& r) {
  return r.namespace_.empty() ? r.name : r.namespace_ + "/" + r.name;
}

}  // namespace

bool IsDNS1123Subdomain(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  size_t start = 0;
  while (true) {
    const size_t dot = s.find('.', start);
    const std::string_view label =
        s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || !IsAlnumLower(label.front()) || !IsAlnumLower(label.back())) {
      return false;
    }
    for (char c : label) {
      if (!IsAlnumLower(c) && c != '-') return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::string GenerateEventName(std::string_view ref_name, int64_t unix_nanos) {
  char hex[32];
  if (unix_nanos < 0) {
    std::snprintf(hex, sizeof(hex), "-%llx", static_cast<unsigned long long>(-unix_nanos));
  } else {
    std::snprintf(hex, sizeof(hex), "%llx", static_cast<unsigned long long>(unix_nanos));
  }
  std::string name = std::string(ref_name) + "." + hex;
  if (!IsDNS1123Subdomain(name)) return NewUUID();
  return name;
}

EventBroadcaster::EventBroadcaster(EventSink* sink, EventBroadcasterOptions options)
    : sink_(sink),
      options_(std::move(options)),
      clock_(options_.clock != nullptr ? options_.clock : Clock::Real()),
      hostname_(options_.hostname.empty() ? Hostname() : options_.hostname) {
  if (!options_.jitter) options_.jitter = RandomUnit;
}

EventBroadcaster::~EventBroadcaster() { Shutdown(); }

void EventBroadcaster::StartRecordingToSink() {
  std::lock_guard<std::mutex> l(mu_);
  if (sink_ == nullptr || stopping_) return;
  recording_ = true;
  EnsureWorker();
  cv_.notify_all();
}

void EventBroadcaster::StartStructuredLogging(int verbosity) {
  std::lock_guard<std::mutex> l(mu_);
  if (stopping_) return;
  log_verbosity_ = std::max(0, verbosity);
  EnsureWorker();
}

void EventBroadcaster::EnsureWorker() {
  if (!worker_.joinable()) worker_ = std::thread([this] { WorkerLoop(); });
}

std::unique_ptr<EventRecorder> EventBroadcaster::NewRecorder(
    const std::string& reporting_controller) {
  return std::unique_ptr<EventRecorder>(
      new EventRecorder(this, reporting_controller, reporting_controller + "-" + hostname_));
}

void EventBroadcaster::Shutdown() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stopping_ = true;
    cv_.notify_all();
  }
  if (worker_.joinable()) worker_.join();
}

uint64_t EventBroadcaster::dropped() const {
  std::lock_guard<std::mutex> l(mu_);
  return dropped_;
}

bool EventBroadcaster::Enqueue(Event event) {
  std::lock_guard<std::mutex> l(mu_);
  if (stopping_ || (!recording_ && log_verbosity_ < 0)) return false;  // nobody listens
  if (queue_.size() >= options_.max_queued_events) {
    ++dropped_;
    KLOG_ERROR_S(nullptr, "Event queue full, dropping event", "object", KRef(event.regarding),
                 "reason", event.reason, "type", event.type);
    return false;
  }
  queue_.push_back(std::move(event));
  cv_.notify_all();
  return true;
}

Clock::Duration EventBroadcaster::Jittered() const {
  // wait.Jitter(d, 0.25): d + rand * 0.25 * d.
  const double f = 1.0 + 0.25 * options_.jitter();
  return Clock::Duration(static_cast<int64_t>(
      static_cast<double>(options_.sleep_duration.count()) * f));
}

void EventBroadcaster::WorkerLoop() {
  std::unique_lock<std::mutex> l(mu_);
  while (true) {
    if (stopping_ && queue_.empty()) return;  // what was queued is written; retries dropped
    const Clock::TimePoint now = clock_->Now();
    if (recording_ && !passes_started_) {
      passes_started_ = true;  // wait.Until runs each pass at once, then every period
      next_finish_ = now;
      next_refresh_ = now;
    }
    const bool active = !stopping_;
    const bool finish_due = active && passes_started_ && now >= next_finish_;
    const bool refresh_due = active && passes_started_ && now >= next_refresh_;
    std::vector<Retry> due;
    if (active) {
      for (auto it = retries_.begin(); it != retries_.end();) {
        if (it->due <= now) {
          due.push_back(std::move(*it));
          it = retries_.erase(it);
        } else {
          ++it;
        }
      }
    }
    if (!queue_.empty() || !due.empty() || refresh_due || finish_due) {
      std::deque<Event> batch;
      batch.swap(queue_);
      const bool recording = recording_;
      const int verbosity = log_verbosity_;
      l.unlock();
      for (const Event& e : batch) Process(e, recording, verbosity);
      for (Retry& r : due) Attempt(std::move(r.event), r.tries, true);
      if (refresh_due) {
        cache_.Refresh(sink_);
        next_refresh_ = clock_->Now() + kRefreshTime;
      }
      if (finish_due) {
        cache_.Finish(sink_, clock_->WallNow());
        next_finish_ = clock_->Now() + kFinishTime;
      }
      l.lock();
      continue;
    }
    std::optional<Clock::TimePoint> wake;
    if (passes_started_) wake = std::min(next_finish_, next_refresh_);
    for (const Retry& r : retries_) {
      if (!wake || r.due < *wake) wake = r.due;
    }
    clock_->Wait(cv_, l, wake);
  }
}

void EventBroadcaster::Process(const Event& event, bool recording, int log_verbosity) {
  if (log_verbosity >= 0 && KLOG_V_ENABLED(log_verbosity)) {
    KLOG_V(log_verbosity)
        .InfoS("Event occurred", "object", KRef(event.regarding), "kind", event.regarding.kind,
               "apiVersion", event.regarding.api_version, "type", event.type, "reason",
               event.reason, "action", event.action, "note", event.note);
  }
  if (!recording) return;
  std::optional<Event> to_record = cache_.Observe(event, clock_->WallNow());
  if (to_record) {
    bool stopping;
    {
      std::lock_guard<std::mutex> g(mu_);
      stopping = stopping_;
    }
    Attempt(std::move(*to_record), 0, !stopping);
  }
}

void EventBroadcaster::Attempt(Event event, int tries, bool allow_retry) {
  RecordResult r = RecordEvent(sink_, event);
  if (!r.retry) return;
  ++tries;
  if (tries >= kMaxTriesPerEvent) {
    KLOG_ERROR_S(nullptr, "Unable to write event (retry limit exceeded!)", "event",
                 event.object_meta.namespace_ + "/" + event.object_meta.name);
    return;
  }
  if (!allow_retry) return;
  retries_.push_back(Retry{clock_->Now() + Jittered(), std::move(event), tries});
}

void EventRecorder::Eventf(const ObjectReference& regarding, const ObjectReference* related,
                           std::string_view type, std::string_view reason,
                           std::string_view action, std::string_view note) {
  AnnotatedEventf(regarding, related, {}, type, reason, action, note);
}

void EventRecorder::AnnotatedEventf(const ObjectReference& regarding,
                                    const ObjectReference* related,
                                    const std::map<std::string, std::string>& annotations,
                                    std::string_view type, std::string_view reason,
                                    std::string_view action, std::string_view note) {
  if (type != "Normal" && type != "Warning") {
    KLOG_ERROR_S(nullptr, "Unsupported event type", "eventType", std::string(type));
    return;
  }
  const Clock::WallTime now = broadcaster_->clock_->WallNow();
  Event e;
  e.object_meta.name = GenerateEventName(
      regarding.name,
      std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count());
  e.object_meta.namespace_ = regarding.namespace_.empty() ? "default" : regarding.namespace_;
  e.object_meta.annotations = annotations;
  e.event_time = ToMicroTime(now);
  e.reporting_controller = controller_;
  e.reporting_instance = instance_;
  e.action = std::string(action);
  e.reason = std::string(reason);
  e.regarding = regarding;
  if (related != nullptr) e.related = Box<ObjectReference>(*related);
  e.note = std::string(note);
  e.type = std::string(type);
  broadcaster_->Enqueue(std::move(e));
}

}  // namespace kubecxx::client::events
