// Integration: events written by our recorder through the REST layer into a STOCK
// kube-apiserver, read back with the STOCK kubectl (get events.events.k8s.io -o json).
// The broadcaster runs on a fake clock so the series passes (6 minutes) happen on demand;
// its wall clock reads 2026-01-01T00:00:00Z at the start.
//
// Skips, saying why, when the stock binaries are missing.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "lib/base/testing/counting_clock.h"
#include "lib/client/client_config.h"
#include "lib/client/events/event_broadcaster.h"
#include "lib/client/events/rest_event_sink.h"
#include "lib/client/rest_client.h"
#include "lib/client/testing/stock_apiserver.h"
#include "lib/model/wire.h"

namespace kubecxx::client::events {
namespace {

using std::chrono::minutes;
using kubecxx::testing::CountingClock;

class EventsStockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string missing = client::testing::MissingStockBinaries();
    if (!missing.empty()) GTEST_SKIP() << "SKIPPED: " << missing;
    auto s = client::testing::StockApiServer::Start();
    ASSERT_TRUE(s.ok()) << s.status().message();
    server_ = std::move(s).value();
    LoadingRules rules;
    rules.explicit_path = server_->admin_kubeconfig();
    auto config = LoadClientConfig(rules, {});
    ASSERT_TRUE(config.ok()) << config.status().message();
    auto rest = RestClient::New(config->rest);
    ASSERT_TRUE(rest.ok()) << rest.status().message();
    rest_ = std::move(rest).value();
    sink_ = std::make_unique<RestEventSink>(rest_.get());
    EventBroadcasterOptions o;
    o.clock = &clock_;
    o.hostname = "testhost";
    broadcaster_ = std::make_unique<EventBroadcaster>(sink_.get(), o);
    const int64_t e = clock_.entries();
    broadcaster_->StartRecordingToSink();
    ASSERT_TRUE(clock_.WaitEntries(e + 1));
    recorder_ = broadcaster_->NewRecorder("kubecxx-test");
  }
  void TearDown() override {
    broadcaster_.reset();
    server_.reset();
  }
  void Emit(const ObjectReference& ref, const ObjectReference* related, const std::string& type,
            const std::string& reason, const std::string& note) {
    const int64_t e = clock_.entries();
    recorder_->Eventf(ref, related, type, reason, "Testing", note);
    ASSERT_TRUE(clock_.WaitEntries(e + 1));
    ASSERT_TRUE(fake_.WaitForWaiters(1));
  }
  void Advance(Clock::Duration d) {
    const int64_t e = clock_.entries();
    fake_.Step(d);
    ASSERT_TRUE(clock_.WaitEntries(e + 1));
    ASSERT_TRUE(fake_.WaitForWaiters(1));
  }
  // The events.k8s.io/v1 Event `name` as stock kubectl prints it, decoded by our codec.
  Event KubectlGet(const std::string& name) {
    auto out = server_->Kubectl({"get", "events.events.k8s.io", "-n", "default", name, "-o",
                                 "json"});
    EXPECT_TRUE(out.ok()) << out.status().message();
    Event ev;
    if (!out.ok()) return ev;
    last_json_ = *out;
    auto obj = codec::DecodeObject(*out);
    EXPECT_TRUE(obj.ok()) << obj.status().message() << "\n" << *out;
    if (!obj.ok() || obj->info()->group != "events.k8s.io") return ev;
    return *obj->As<Event>();
  }

  FakeClock fake_;
  CountingClock clock_{&fake_};
  std::unique_ptr<client::testing::StockApiServer> server_;
  std::unique_ptr<RestClient> rest_;
  std::unique_ptr<RestEventSink> sink_;
  std::unique_ptr<EventBroadcaster> broadcaster_;
  std::unique_ptr<EventRecorder> recorder_;
  std::string last_json_;
};

TEST_F(EventsStockTest, KubectlReadsOurEventsAndTheirSeries) {
  auto cm = server_->Kubectl({"create", "configmap", "cm1", "-n", "default", "-o", "json"});
  ASSERT_TRUE(cm.ok()) << cm.status().message();
  ObjectReference ref;
  ref.kind = "ConfigMap";
  ref.api_version = "v1";
  ref.namespace_ = "default";
  ref.name = "cm1";

  Emit(ref, nullptr, "Normal", "Synced", "configmap synced");
  Advance(minutes(1));
  Emit(ref, nullptr, "Normal", "Synced", "configmap synced");  // series, count 2
  Advance(minutes(1));
  Emit(ref, nullptr, "Normal", "Synced", "configmap synced");  // count 3 (in memory)
  Advance(minutes(1));
  Emit(ref, nullptr, "Normal", "Synced", "configmap synced");  // count 4 (in memory)

  auto list = server_->Kubectl({"get", "events.events.k8s.io", "-n", "default", "-o",
                                "jsonpath={range .items[*]}{.metadata.name}{\"\\n\"}{end}"});
  ASSERT_TRUE(list.ok()) << list.status().message();
  const std::string name = list->substr(0, list->find('\n'));
  ASSERT_EQ(name.rfind("cm1.", 0), 0u) << *list;
  std::cout << "[events] kubectl lists " << name << "\n";

  Event ev = KubectlGet(name);
  EXPECT_EQ(ev.reporting_controller, "kubecxx-test");
  EXPECT_EQ(ev.reporting_instance, "kubecxx-test-testhost");
  EXPECT_EQ(ev.action, "Testing");
  EXPECT_EQ(ev.reason, "Synced");
  EXPECT_EQ(ev.note, "configmap synced");
  EXPECT_EQ(ev.type, "Normal");
  EXPECT_EQ(ev.regarding.kind, "ConfigMap");
  EXPECT_EQ(ev.regarding.name, "cm1");
  EXPECT_EQ(api::FormatRFC3339Micro(ev.event_time), "2026-01-01T00:00:00.000000Z");
  ASSERT_TRUE(ev.series) << last_json_;
  EXPECT_EQ(ev.series->count, 2);
  EXPECT_EQ(api::FormatRFC3339Micro(ev.series->last_observed_time),
            "2026-01-01T00:01:00.000000Z");
  std::cout << "[events] after 4 repeats kubectl shows series.count=" << ev.series->count
            << " (later repeats are counted in memory, as upstream)\n";

  // Quiet for more than 6 minutes: the 6-minute pass writes the final count.
  Advance(minutes(3));  // t=6m: pass; seen 3 minutes ago, kept
  Advance(minutes(6));  // t=12m: pass; final PATCH
  ev = KubectlGet(name);
  ASSERT_TRUE(ev.series) << last_json_;
  EXPECT_EQ(ev.series->count, 4);
  EXPECT_EQ(api::FormatRFC3339Micro(ev.series->last_observed_time),
            "2026-01-01T00:03:00.000000Z");
  std::cout << "[events] after the 6-minute pass kubectl shows series.count="
            << ev.series->count << "\n";

  // A Warning with a related object.
  ObjectReference node;
  node.kind = "Node";
  node.api_version = "v1";
  node.name = "node-1";
  ObjectReference pod;
  pod.kind = "Pod";
  pod.api_version = "v1";
  pod.namespace_ = "default";
  pod.name = "web-0";
  Emit(pod, &node, "Warning", "FailedScheduling", "0/1 nodes are available");
  auto out = server_->Kubectl(
      {"get", "events.events.k8s.io", "-n", "default", "--field-selector",
       "regarding.name=web-0", "-o",
       "jsonpath={.items[0].type}/{.items[0].related.name}/{.items[0].reportingController}"});
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(*out, "Warning/node-1/kubecxx-test");
}

}  // namespace
}  // namespace kubecxx::client::events
