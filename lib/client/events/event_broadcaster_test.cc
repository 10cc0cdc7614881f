// The events.k8s.io/v1 recorder against an in-memory sink with a fake clock: event fields,
// series aggregation and its 6/30-minute passes, retries, and the non-blocking queue.

#include "lib/client/events/event_broadcaster.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "kubecxx/api/core/v1/types.h"
#include "lib/api/time.h"
#include "lib/base/testing/counting_clock.h"
#include "lib/client/events/testing/fake_event_sink.h"
#include "lib/log/log.h"

namespace kubecxx::client::events {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using kubecxx::testing::CountingClock;
using testing::FakeEventSink;

ObjectReference PodRef(const std::string& name = "p", const std::string& rv = "7") {
  api::core::v1::Pod pod;
  pod.object_meta.namespace_ = "ns1";
  pod.object_meta.name = name;
  pod.object_meta.uid = "uid-1";
  pod.object_meta.resource_version = rv;
  return ReferenceTo(pod);
}

std::string Hex(int64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%llx", static_cast<unsigned long long>(v));
  return buf;
}

int64_t WallNanos(const FakeClock& c) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             c.WallNow().time_since_epoch()).count();
}

class EventsTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(kMaxQueuedEvents); }
  void Start(size_t queue) {
    EventBroadcasterOptions o;
    o.clock = &clock_;
    o.jitter = [] { return 0.0; };
    o.hostname = "testhost";
    o.max_queued_events = queue;
    broadcaster_ = std::make_unique<EventBroadcaster>(&sink_, o);
    const int64_t e = clock_.entries();
    broadcaster_->StartRecordingToSink();
    ASSERT_TRUE(clock_.WaitEntries(e + 1));
    ASSERT_TRUE(fake_.WaitForWaiters(1));
    recorder_ = broadcaster_->NewRecorder("default-scheduler");
  }
  // Records one event and waits until the worker has handled it.
  void Emit(const ObjectReference& ref, const std::string& reason = "Scheduled") {
    const int64_t e = clock_.entries();
    recorder_->Eventf(ref, nullptr, "Normal", reason, "Binding", "assigned to node-1");
    ASSERT_TRUE(clock_.WaitEntries(e + 1));
    ASSERT_TRUE(fake_.WaitForWaiters(1));
  }
  void Advance(Clock::Duration d) {
    const int64_t e = clock_.entries();
    fake_.Step(d);
    ASSERT_TRUE(clock_.WaitEntries(e + 1));
    ASSERT_TRUE(fake_.WaitForWaiters(1));
  }

  FakeClock fake_;
  CountingClock clock_{&fake_};
  FakeEventSink sink_;
  std::unique_ptr<EventBroadcaster> broadcaster_;
  std::unique_ptr<EventRecorder> recorder_;
};

TEST_F(EventsTest, EventCarriesUpstreamsFields) {
  const int64_t nanos = WallNanos(fake_);
  api::core::v1::Node node;
  node.object_meta.name = "node-1";
  const ObjectReference related = ReferenceTo(node);
  const int64_t e = clock_.entries();
  recorder_->Eventf(PodRef(), &related, "Warning", "FailedScheduling", "Scheduling",
                    "0/3 nodes are available");
  ASSERT_TRUE(clock_.WaitEntries(e + 1));
  auto calls = sink_.calls();
  ASSERT_EQ(calls.size(), 1u);
  const Event& ev = calls[0].event;
  EXPECT_EQ(calls[0].verb, "create");
  EXPECT_EQ(ev.object_meta.name, "p." + Hex(nanos));
  EXPECT_EQ(ev.object_meta.namespace_, "ns1");
  EXPECT_EQ(ev.event_time, ToMicroTime(fake_.WallNow()));
  EXPECT_EQ(ev.reporting_controller, "default-scheduler");
  EXPECT_EQ(ev.reporting_instance, "default-scheduler-testhost");
  EXPECT_EQ(ev.type, "Warning");
  EXPECT_EQ(ev.reason, "FailedScheduling");
  EXPECT_EQ(ev.action, "Scheduling");
  EXPECT_EQ(ev.note, "0/3 nodes are available");
  EXPECT_EQ(ev.regarding.kind, "Pod");
  EXPECT_EQ(ev.regarding.api_version, "v1");
  EXPECT_EQ(ev.regarding.uid, "uid-1");
  ASSERT_TRUE(ev.related);
  EXPECT_EQ(ev.related->kind, "Node");
  EXPECT_FALSE(ev.series);

  // Cluster-scoped objects' events go to "default"; an unknown type is dropped.
  Emit(related);
  EXPECT_EQ(sink_.calls().back().event.object_meta.namespace_, "default");
  const size_t n = sink_.num_calls();
  recorder_->Eventf(PodRef(), nullptr, "Info", "X", "Y", "z");
  Emit(PodRef("q"));  // the worker has handled everything before it
  EXPECT_EQ(sink_.num_calls(), n + 1);
  EXPECT_EQ(sink_.calls().back().name.substr(0, 2), "q.");
}

TEST(EventNameTest, HexNanosOrUuid) {
  EXPECT_EQ(GenerateEventName("nginx-1", 0x17f5a4b0c3d2e1f0), "nginx-1.17f5a4b0c3d2e1f0");
  const std::string odd = GenerateEventName("Not_A_DNS_Name", 255);
  EXPECT_EQ(odd.size(), 36u);
  EXPECT_EQ(odd[14], '4');
  EXPECT_EQ(GenerateEventName(std::string(250, 'a'), 0xfff).size(), 36u);  // > 253
  EXPECT_TRUE(IsDNS1123Subdomain("a.b-c.d0"));
  EXPECT_FALSE(IsDNS1123Subdomain("a..b"));
  EXPECT_FALSE(IsDNS1123Subdomain("-a"));
  EXPECT_FALSE(IsDNS1123Subdomain("A"));
}

TEST_F(EventsTest, RepeatsBecomeASeriesAndFinishAfterSixQuietMinutes) {
  const ObjectReference pod = PodRef();
  Emit(pod);  // t=0: created
  const std::string first = sink_.calls()[0].name;
  Advance(minutes(1));
  Emit(pod);  // t=1m: the first event becomes a series
  auto calls = sink_.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[1].verb, "patch");
  EXPECT_EQ(calls[1].name, first);
  EXPECT_EQ(calls[1].body,
            "{\"series\":{\"count\":2,\"lastObservedTime\":\"2026-01-01T00:01:00.000000Z\"}}");
  Advance(minutes(1));
  Emit(pod);  // t=2m: counted, not written
  Advance(minutes(1));
  Emit(pod);  // t=3m
  EXPECT_EQ(sink_.num_calls(), 2u);

  // A different key is a different event: reason, or the regarding object's
  // resourceVersion (the whole reference is part of the key).
  Emit(pod, "Preempted");
  Emit(PodRef("p", "8"));
  EXPECT_EQ(sink_.num_calls(), 4u);
  EXPECT_EQ(sink_.calls()[2].verb, "create");
  EXPECT_EQ(sink_.calls()[3].verb, "create");

  Advance(minutes(3));  // t=6m: the 6-minute pass; the series was seen 3 minutes ago
  EXPECT_EQ(sink_.num_calls(), 4u);
  Advance(minutes(6));  // t=12m: quiet for 9 minutes: a final PATCH, then forgotten
  calls = sink_.calls();
  ASSERT_EQ(calls.size(), 5u);
  EXPECT_EQ(calls[4].verb, "patch");
  EXPECT_EQ(calls[4].name, first);
  EXPECT_EQ(calls[4].body,
            "{\"series\":{\"count\":4,\"lastObservedTime\":\"2026-01-01T00:03:00.000000Z\"}}");
  Advance(minutes(1));
  Emit(pod);  // t=13m: starts over as a new Event
  calls = sink_.calls();
  ASSERT_EQ(calls.size(), 6u);
  EXPECT_EQ(calls[5].verb, "create");
  EXPECT_NE(calls[5].name, first);
  EXPECT_FALSE(calls[5].event.series);
}

TEST_F(EventsTest, LongSeriesIsRefreshedEveryThirtyMinutes) {
  const ObjectReference pod = PodRef();
  Emit(pod);
  for (int m = 1; m < 30; ++m) {
    Advance(minutes(1));
    Emit(pod);
  }
  EXPECT_EQ(sink_.num_calls(), 2u);  // create + the count-2 patch
  Advance(minutes(1));              // t=30m: refresh pass
  auto calls = sink_.calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[2].verb, "patch");
  EXPECT_EQ(calls[2].body,
            "{\"series\":{\"count\":30,\"lastObservedTime\":\"2026-01-01T00:29:00.000000Z\"}}");
}

TEST_F(EventsTest, PatchOfAVanishedEventCreatesItAgain) {
  const ObjectReference pod = PodRef();
  Emit(pod);
  const std::string first = sink_.calls()[0].name;
  sink_.Erase("ns1", first);  // e.g. the event TTL expired
  Advance(seconds(5));
  Emit(pod);
  auto calls = sink_.calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[1].verb, "patch");
  EXPECT_EQ(calls[2].verb, "create");
  EXPECT_EQ(calls[2].name, first);
  ASSERT_TRUE(calls[2].event.series);
  EXPECT_EQ(calls[2].event.series->count, 2);
  EXPECT_EQ(calls[2].event.object_meta.resource_version, "");
}

TEST_F(EventsTest, TransportErrorsAreRetriedRejectionsAreNot) {
  std::atomic<int> failures{2};
  sink_.set_fault([&](std::string_view, const Event& e) {
    if (e.reason == "Rejected") return Status(StatusCode::kInvalidArgument, "note too long");
    if (failures > 0) {
      --failures;
      return Status(StatusCode::kUnavailable, "connection refused");
    }
    return Status::Ok();
  });
  Emit(PodRef(), "Rejected");
  EXPECT_EQ(sink_.num_calls(), 1u);
  Emit(PodRef());  // fails, retried 10 s later (jitter 0), fails, retried, succeeds
  EXPECT_EQ(sink_.num_calls(), 2u);
  Advance(seconds(9));
  EXPECT_EQ(sink_.num_calls(), 2u);
  Advance(seconds(1));
  EXPECT_EQ(sink_.num_calls(), 3u);
  Advance(seconds(10));
  EXPECT_EQ(sink_.num_calls(), 4u);
  EXPECT_EQ(sink_.size(), 1u);
  for (int i = 0; i < 5; ++i) Advance(seconds(10));
  EXPECT_EQ(sink_.num_calls(), 4u);  // nothing retried after the rejection or success
}

TEST_F(EventsTest, GivesUpAfterTwelveTries) {
  sink_.set_fault([](std::string_view, const Event&) {
    return Status(StatusCode::kUnavailable, "connection refused");
  });
  Emit(PodRef());
  for (int i = 0; i < 15; ++i) Advance(seconds(10));
  EXPECT_EQ(sink_.num_calls(), 12u);
}

TEST_F(EventsTest, FullQueueDropsWithoutBlocking) {
  broadcaster_.reset();
  Start(3);
  std::mutex m;
  std::condition_variable cv;
  bool entered = false;
  bool release = false;
  sink_.set_fault([&](std::string_view, const Event& e) {
    if (e.reason != "Block") return Status::Ok();
    std::unique_lock<std::mutex> l(m);
    entered = true;
    cv.notify_all();
    cv.wait_for(l, seconds(10), [&] { return release; });
    return Status::Ok();
  });
  recorder_->Eventf(PodRef(), nullptr, "Normal", "Block", "a", "n");
  {
    std::unique_lock<std::mutex> l(m);
    ASSERT_TRUE(cv.wait_for(l, seconds(10), [&] { return entered; }));
  }
  // The worker is stuck in the sink; Eventf keeps returning at once.
  for (int i = 0; i < 5; ++i) {
    // Distinct pods: names come from the (fake, frozen) clock and would collide.
    recorder_->Eventf(PodRef("p" + std::to_string(i)), nullptr, "Normal", "R", "a", "n");
  }
  EXPECT_EQ(broadcaster_->dropped(), 2u);
  {
    std::lock_guard<std::mutex> l(m);
    release = true;
    cv.notify_all();
  }
  broadcaster_->Shutdown();  // writes what was queued
  EXPECT_EQ(sink_.num_calls(), 4u);
  EXPECT_EQ(sink_.size(), 4u);
}

TEST(EventBroadcasterTest, DiscardsEventsUntilStarted) {
  FakeEventSink sink;
  EventBroadcaster b(&sink);
  auto rec = b.NewRecorder("c");
  rec->Eventf(PodRef(), nullptr, "Normal", "R", "A", "n");
  b.Shutdown();
  EXPECT_EQ(sink.num_calls(), 0u);
  EXPECT_EQ(b.dropped(), 0u);
}

class CaptureSink : public log::Sink {
 public:
  void Write(log::Severity, std::string_view line) override {
    std::lock_guard<std::mutex> l(mu_);
    text_ += line;
  }
  std::string text() {
    std::lock_guard<std::mutex> l(mu_);
    return text_;
  }

 private:
  std::mutex mu_;
  std::string text_;
};

TEST(EventBroadcasterTest, StructuredLoggingAtItsVerbosity) {
  CaptureSink capture;
  log::SetSink(&capture);
  log::SetVerbosity(3);
  {
    FakeClock fake;
    CountingClock clock(&fake);
    EventBroadcasterOptions o;
    o.clock = &clock;
    EventBroadcaster b(nullptr, o);  // logging only, no sink
    const int64_t e = clock.entries();
    b.StartStructuredLogging(3);
    ASSERT_TRUE(clock.WaitEntries(e + 1));
    auto rec = b.NewRecorder("default-scheduler");
    rec->Eventf(PodRef(), nullptr, "Normal", "Scheduled", "Binding", "Successfully assigned");
    ASSERT_TRUE(clock.WaitEntries(e + 2));  // the worker's first wait, then after the event
  }
  log::SetVerbosity(0);
  log::SetSink(nullptr);
  EXPECT_NE(capture.text().find("\"Event occurred\" object=\"ns1/p\" kind=\"Pod\" "
                                "apiVersion=\"v1\" type=\"Normal\" reason=\"Scheduled\" "
                                "action=\"Binding\" note=\"Successfully assigned\""),
            std::string::npos)
      << capture.text();
}

}  // namespace
}  // namespace kubecxx::client::events
