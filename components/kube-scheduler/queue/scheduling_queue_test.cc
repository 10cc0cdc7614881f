// SchedulingQueue with a FakeClock: ordering, backoff, queueing hints, in-flight events,
// the unschedulable flush, gating and nominated pods. Cases after upstream
// backend/queue/scheduling_queue_test.go and backoff_queue_test.go.
#include "components/kube-scheduler/queue/scheduling_queue.h"

#include <gtest/gtest.h>

#include <thread>

#include "components/kube-scheduler/plugins/simple_plugins.h"
#include "components/kube-scheduler/testing/test_util.h"

namespace kubecxx::scheduler::queue {
namespace {

using std::chrono::seconds;
using testing::MakePod;

class FakeBinder : public framework::BindPlugin {
 public:
  std::string_view Name() const override { return "DefaultBinder"; }
  framework::Status Bind(framework::CycleState&, const framework::Pod&, const std::string&) override {
    return framework::Status();
  }
};

template <typename T>
framework::PluginSpec Spec() {
  return {[](framework::Handle&) -> StatusOr<std::shared_ptr<framework::Plugin>> {
            return std::shared_ptr<framework::Plugin>(std::make_shared<T>());
          },
          0,
          {}};
}

class QueueTest : public ::testing::Test {
 protected:
  QueueTest() {
    auto p = framework::Profile::Create(
        {}, {Spec<plugins::SchedulingGates>(), Spec<plugins::PrioritySort>(), Spec<FakeBinder>()});
    EXPECT_TRUE(p.ok());
    profile_ = std::move(p).value();
    q_ = std::make_unique<SchedulingQueue>(&clock_, profile_.get(), QueueOptions{}, DefaultEventsToRegister());
  }
  PodPtr P(const std::string& name, int32_t prio = 0) { return MakePod().Name(name).UID(name).Namespace("ns").Priority(prio).Obj(); }
  // Pops the named pod and returns it as rejected by `plugin` ("" = error).
  void FailAttempt(const std::string& name, const std::string& plugin) {
    auto p = q_->Pop();
    ASSERT_NE(p, nullptr);
    ASSERT_EQ(p->pod().object_meta.name, name);
    if (!plugin.empty()) p->unschedulable_plugins = {plugin};
    ASSERT_TRUE(q_->AddUnschedulableIfNotPresent(p, q_->SchedulingCycle()).ok());
  }
  static ClusterEvent NodeAdd() { return ClusterEvent{std::string(kResourceNode), action::kAdd, "NodeAdd"}; }

  FakeClock clock_;
  std::unique_ptr<framework::Profile> profile_;
  std::unique_ptr<SchedulingQueue> q_;
};

using Names = std::vector<std::string>;

TEST(CalculateBackoffDuration, UpstreamCases) {
  using ns = std::chrono::nanoseconds;
  EXPECT_EQ(SchedulingQueue::CalculateBackoffDuration(ns(1), ns(32), 0), ns(0));               // no backoff
  EXPECT_EQ(SchedulingQueue::CalculateBackoffDuration(ns(3), ns(1000), 5), ns(48));            // normal
  EXPECT_EQ(SchedulingQueue::CalculateBackoffDuration(ns(1), ns(32), 16), ns(32));             // hitting max
  EXPECT_EQ(SchedulingQueue::CalculateBackoffDuration(ns(1), ns(INT32_MAX), 32), ns(INT32_MAX));  // overflow_32bit
  EXPECT_EQ(SchedulingQueue::CalculateBackoffDuration(ns(1), ns(INT64_MAX), 64), ns(INT64_MAX));  // overflow_64bit
}

TEST_F(QueueTest, UpstreamAddOrdersByPriorityThenTime) {
  q_->Add(P("low", 10));
  q_->Add(P("high", 1000));
  clock_.Step(seconds(1));
  q_->Add(P("med", 100));
  q_->Add(P("med2", 100));
  EXPECT_EQ(q_->ActivePods(), (Names{"high", "med", "med2", "low"}));
  EXPECT_EQ(q_->Pop()->pod().object_meta.name, "high");
  EXPECT_EQ(q_->Pop()->info.attempts, 1);
  EXPECT_EQ(q_->SchedulingCycle(), 2);
}

TEST_F(QueueTest, RejectedPodWaitsForAnEventThenBacksOff) {
  q_->Add(P("p"));
  FailAttempt("p", "NodeResourcesFit");
  EXPECT_EQ(q_->UnschedulablePods(), (Names{"p"}));
  // An event no rejector registered for leaves it parked.
  q_->MoveAllToActiveOrBackoffQueue({std::string(kResourcePod), action::kUpdatePodSchedulingGatesEliminated, ""},
                                    std::monostate{}, std::monostate{});
  EXPECT_EQ(q_->UnschedulablePods(), (Names{"p"}));
  // Node add: NodeResourcesFit's event; still backing off (1s) -> backoffQ.
  q_->MoveAllToActiveOrBackoffQueue(NodeAdd(), std::monostate{}, std::monostate{});
  EXPECT_EQ(q_->BackoffPods(), (Names{"p"}));
  q_->FlushBackoffQCompleted();
  EXPECT_EQ(q_->BackoffPods(), (Names{"p"}));
  // The expiry is compared window-aligned (isEntityBackingoff: !expiry.Before(align(now))):
  // at the expiry instant the pod is still backing off, one window later it is not.
  clock_.Step(seconds(1));
  q_->FlushBackoffQCompleted();
  EXPECT_EQ(q_->BackoffPods(), (Names{"p"}));
  clock_.Step(seconds(1));
  q_->FlushBackoffQCompleted();
  EXPECT_EQ(q_->ActivePods(), (Names{"p"}));
}

TEST_F(QueueTest, BackoffDoublesPerAttemptUpToTen) {
  q_->Add(P("p"));
  for (int attempt = 1; attempt <= 6; ++attempt) {
    auto p = q_->Pop();
    ASSERT_NE(p, nullptr);
    p->unschedulable_plugins = {"NodeResourcesFit"};
    const auto failed_at = clock_.Now();
    ASSERT_TRUE(q_->AddUnschedulableIfNotPresent(p, q_->SchedulingCycle()).ok());
    const int64_t want = std::min<int64_t>(int64_t{1} << (attempt - 1), 10);
    EXPECT_EQ(q_->BackoffTime(*p) - failed_at, seconds(want)) << attempt;
    q_->MoveAllToActiveOrBackoffQueue(NodeAdd(), std::monostate{}, std::monostate{});
    clock_.Step(seconds(want));
    q_->FlushBackoffQCompleted();
    EXPECT_EQ(q_->BackoffPods(), (Names{"p"})) << attempt;
    clock_.Step(seconds(1));
    q_->FlushBackoffQCompleted();
    EXPECT_EQ(q_->ActivePods(), (Names{"p"})) << attempt;
  }
}

TEST_F(QueueTest, EventDuringAttemptIsReplayed) {
  q_->Add(P("p"));
  auto p = q_->Pop();
  q_->MoveAllToActiveOrBackoffQueue(NodeAdd(), std::monostate{}, std::monostate{});  // while in flight
  p->unschedulable_plugins = {"NodeResourcesFit"};
  ASSERT_TRUE(q_->AddUnschedulableIfNotPresent(p, q_->SchedulingCycle()).ok());
  EXPECT_TRUE(q_->UnschedulablePods().empty());
  EXPECT_EQ(q_->BackoffPods(), (Names{"p"}));
  // Without such an event it would have been parked.
  q_->Add(P("r"));
  FailAttempt("r", "NodeResourcesFit");
  EXPECT_EQ(q_->UnschedulablePods(), (Names{"r"}));
}

TEST_F(QueueTest, ErrorsGoStraightToBackoff) {
  q_->Add(P("p"));
  FailAttempt("p", "");
  EXPECT_EQ(q_->BackoffPods(), (Names{"p"}));
  // SchedulerPopFromBackoffQ: with activeQ empty, Pop takes a backoffQ pod that plugins
  // rejected ("r", moved there by an event during its attempt), never one that failed
  // with an error (upstream's podErrorBackoffQ).
  q_->Add(P("r"));
  auto r = q_->Pop();
  q_->MoveAllToActiveOrBackoffQueue(NodeAdd(), std::monostate{}, std::monostate{});
  r->unschedulable_plugins = {"NodeResourcesFit"};
  ASSERT_TRUE(q_->AddUnschedulableIfNotPresent(r, q_->SchedulingCycle()).ok());
  EXPECT_EQ(q_->BackoffPods(), (Names{"p", "r"}));
  EXPECT_EQ(q_->Pop()->pod().object_meta.name, "r");
  clock_.Step(seconds(2));  // expiry + one ordering window (see above)
  q_->FlushBackoffQCompleted();
  EXPECT_EQ(q_->Pop()->pod().object_meta.name, "p");
}

TEST_F(QueueTest, UpdateOfPodInFlightIsRecordedNotQueued) {
  q_->Add(P("p"));
  auto p = q_->Pop();
  auto relabeled = MakePod().Name("p").UID("p").Namespace("ns").Label("a", "b").Obj();
  q_->Update(p->pod(), relabeled);
  EXPECT_TRUE(q_->ActivePods().empty());  // not queued twice
  p->unschedulable_plugins = {"InterPodAffinity"};
  ASSERT_TRUE(q_->AddUnschedulableIfNotPresent(p, q_->SchedulingCycle()).ok());
  // The label update (InterPodAffinity registers Pod/UpdatePodLabel) is replayed.
  EXPECT_TRUE(q_->UnschedulablePods().empty());
  EXPECT_EQ(q_->BackoffPods(), (Names{"p"}));
}

TEST_F(QueueTest, UpstreamFlushUnschedulableLeftoverAfterFiveMinutes) {
  q_->Add(P("p"));
  FailAttempt("p", "NodeAffinity");
  clock_.Step(std::chrono::minutes(5));
  q_->FlushUnschedulableLeftover();
  EXPECT_EQ(q_->UnschedulablePods(), (Names{"p"}));  // not yet *more* than 5 minutes
  clock_.Step(seconds(1));
  q_->FlushUnschedulableLeftover();
  EXPECT_TRUE(q_->UnschedulablePods().empty());
  EXPECT_EQ(q_->ActivePods(), (Names{"p"}));  // backoff long over
}

TEST_F(QueueTest, SchedulingGatesParkUntilRemoved) {
  auto gated = MakePod().Name("g").UID("g").Gate("foo").Obj();
  q_->Add(gated);
  EXPECT_EQ(q_->UnschedulablePods(), (Names{"g"}));
  EXPECT_TRUE(q_->ActivePods().empty());
  // A label change is not the event SchedulingGates waits for.
  testing::PodBuilder relabeled{*gated};
  relabeled.Label("x", "y");
  q_->Update(*gated, relabeled.Obj());
  EXPECT_EQ(q_->UnschedulablePods(), (Names{"g"}));
  auto ungated = MakePod().Name("g").UID("g").Label("x", "y").Obj();
  q_->Update(*relabeled.Obj(), ungated);
  EXPECT_EQ(q_->ActivePods(), (Names{"g"}));
  q_->Delete(*ungated);
  EXPECT_TRUE(q_->ActivePods().empty());
}

TEST_F(QueueTest, AddUnschedulableTwiceFails) {
  q_->Add(P("p"));
  auto p = q_->Pop();
  p->unschedulable_plugins = {"NodeResourcesFit"};
  ASSERT_TRUE(q_->AddUnschedulableIfNotPresent(p, 1).ok());
  EXPECT_FALSE(q_->AddUnschedulableIfNotPresent(p, 1).ok());
}

TEST_F(QueueTest, NominatedPods) {
  auto pi = std::make_shared<const framework::PodInfo>(P("p"));
  q_->AddNominatedPod(pi, "node1");
  EXPECT_EQ(q_->NominatedPodsForNode("node1").size(), 1u);
  q_->AddNominatedPod(pi, "node2");  // moves
  EXPECT_TRUE(q_->NominatedPodsForNode("node1").empty());
  EXPECT_EQ(q_->NominatedPodsForNode("node2").size(), 1u);
  q_->DeleteNominatedPodIfExists(pi->pod());
  EXPECT_TRUE(q_->NominatedPodsForNode("node2").empty());
}

TEST_F(QueueTest, PopBlocksUntilAddAndCloseReleases) {
  std::shared_ptr<QueuedPod> got;
  std::thread t([&] { got = q_->Pop(); });
  clock_.WaitForWaiters(1);
  q_->Add(P("late"));
  t.join();
  ASSERT_NE(got, nullptr);
  EXPECT_EQ(got->pod().object_meta.name, "late");
  std::thread t2([&] { got = q_->Pop(); });
  clock_.WaitForWaiters(1);
  q_->Close();
  t2.join();
  EXPECT_EQ(got, nullptr);
}

// upstream nominator (UpdateNominatedPod): Add with status.nominatedNodeName nominates; an
// update where neither version names a node keeps the in-memory nomination (set by the
// failure path before its patch is observed); a changed nominatedNodeName moves it.
TEST_F(QueueTest, UpstreamNominatorFollowsAddAndUpdate) {
  auto a = MakePod().Name("a").UID("a").Namespace("ns").NominatedNode("n1").Obj();
  q_->Add(a);
  ASSERT_EQ(q_->NominatedPodsForNode("n1").size(), 1u);
  auto b = P("b");
  q_->Add(b);
  EXPECT_TRUE(q_->NominatedPodsForNode("").empty());
  // In memory (as the failure path does after PostFilter), then a label update without nnn.
  q_->AddNominatedPod(std::make_shared<const framework::PodInfo>(b), "n2");
  auto b2 = MakePod().Name("b").UID("b").Namespace("ns").Label("x", "y").Obj();
  q_->Update(*b, b2);
  ASSERT_EQ(q_->NominatedPodsForNode("n2").size(), 1u);
  EXPECT_EQ(q_->NominatedPodsForNode("n2")[0]->pod().object_meta.labels.at("x"), "y");
  // The pod's own nominatedNodeName changes: it moves.
  auto a2 = MakePod().Name("a").UID("a").Namespace("ns").NominatedNode("n3").Obj();
  q_->Update(*a, a2);
  EXPECT_TRUE(q_->NominatedPodsForNode("n1").empty());
  EXPECT_EQ(q_->NominatedPodsForNode("n3").size(), 1u);
  q_->Delete(*a2);
  EXPECT_TRUE(q_->NominatedPodsForNode("n3").empty());
}

}  // namespace
}  // namespace kubecxx::scheduler::queue
