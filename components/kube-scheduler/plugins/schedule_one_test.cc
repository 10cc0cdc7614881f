// The whole scheduling path (Profile + ScheduleAlgorithm over a Snapshot) with cases from
// upstream schedule_one_test.go: TestSchedulerSchedulePod "test 1".."test 8" (with the
// same fake plugins), TestSchedulerFailedSchedulingReasons and TestFairEvaluationForNodes
// (both through v1.37's default profile), plus default-profile placements.
#include <gtest/gtest.h>

#include "components/kube-scheduler/cache/snapshot_builder.h"
#include "components/kube-scheduler/framework/schedule_algorithm.h"
#include "components/kube-scheduler/plugins/default_profile.h"
#include "components/kube-scheduler/plugins/simple_plugins.h"
#include "components/kube-scheduler/testing/test_util.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using framework::CycleState;
using framework::NodeInfo;
using framework::Pod;
using framework::Status;
using testing::MakeNode;
using testing::MakePod;
using testing::Res;

constexpr const char* kErrReasonFake = "Nodes failed the fake plugin";

class FakeFilter : public framework::FilterPlugin {
 public:
  enum class Kind { kTrue, kFalse, kMatch, kNoPods };
  FakeFilter(std::string name, Kind kind) : name_(std::move(name)), kind_(kind) {}
  std::string_view Name() const override { return name_; }
  Status Filter(const CycleState&, const Pod& pod, const NodeInfo& ni) const override {
    bool ok = kind_ == Kind::kTrue || (kind_ == Kind::kMatch && pod.object_meta.name == ni.name()) ||
              (kind_ == Kind::kNoPods && ni.pods().empty());
    return ok ? Status() : Status(Code::kUnschedulable, std::string(kErrReasonFake));
  }

 private:
  std::string name_;
  Kind kind_;
};

// NumericMap / ReverseNumericMap / EqualPrioritizerPlugin of schedule_one_test.go.
class FakeScore : public framework::ScorePlugin {
 public:
  enum class Kind { kNumeric, kReverse, kEqual };
  FakeScore(std::string name, Kind kind) : name_(std::move(name)), kind_(kind) {}
  std::string_view Name() const override { return name_; }
  Status Score(const CycleState&, const Pod&, const NodeInfo& ni, int64_t* score) const override {
    *score = kind_ == Kind::kEqual ? 1 : std::stoll(ni.name());
    return Status();
  }
  bool HasNormalizeScore() const override { return kind_ == Kind::kReverse; }
  Status NormalizeScore(const CycleState&, const Pod&, framework::NodeScoreList& scores) const override {
    double max = 0, min = 1e300;
    for (const auto& s : scores) {
      max = std::max(max, static_cast<double>(s.score));
      min = std::min(min, static_cast<double>(s.score));
    }
    for (auto& s : scores) s.score = static_cast<int64_t>(max + min - static_cast<double>(s.score));
    return Status();
  }

 private:
  std::string name_;
  Kind kind_;
};

class FakeBinder : public framework::BindPlugin {
 public:
  std::string_view Name() const override { return names::kDefaultBinder; }
  Status Bind(CycleState&, const Pod&, const std::string&) override { return Status(); }
};

template <typename T, typename... Args>
framework::PluginSpec Spec(int32_t weight, Args... args) {
  return {[=](framework::Handle&) -> StatusOr<std::shared_ptr<framework::Plugin>> {
            return std::shared_ptr<framework::Plugin>(std::make_shared<T>(args...));
          },
          weight};
}

std::vector<std::shared_ptr<const framework::Node>> HostNodes(std::vector<std::string> names) {
  std::vector<std::shared_ptr<const framework::Node>> out;
  for (auto& n : names) {
    out.push_back(MakeNode().Name(n).Label("kubernetes.io/hostname", n).Capacity({{"cpu", "4"}, {"memory", "8Gi"}}).Obj());
  }
  return out;
}

struct RunResult {
  framework::ScheduleOutcome outcome;
  std::string message;  // FitError message when unschedulable
};

RunResult Schedule(std::vector<framework::PluginSpec> plugins, const framework::Snapshot& snapshot, const Pod& pod,
             framework::ScheduleAlgorithm* alg = nullptr) {
  framework::ProfileOptions opts;
  opts.parallelism = 4;
  auto profile = framework::Profile::Create(opts, std::move(plugins));
  EXPECT_TRUE(profile.ok()) << profile.status().message();
  if (!profile.ok()) return {};
  (*profile)->SetSnapshot(&snapshot);
  framework::ScheduleAlgorithm local;
  CycleState state;
  RunResult r;
  r.outcome = (alg ? alg : &local)->SchedulePod(**profile, state, pod);
  if (r.outcome.kind == framework::ScheduleOutcome::Kind::kUnschedulable) r.message = r.outcome.fit_error.Message();
  return r;
}

using FF = FakeFilter::Kind;
using FS = FakeScore::Kind;

std::vector<framework::PluginSpec> Base() { return {Spec<PrioritySort>(0), Spec<FakeBinder>(0)}; }
std::vector<framework::PluginSpec> With(std::vector<framework::PluginSpec> extra) {
  auto out = Base();
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

TEST(SchedulePod, UpstreamSchedulerSchedulePodFakePlugins) {
  const auto two = cache::BuildSnapshot(HostNodes({"node1", "node2"}), {});
  const auto three = cache::BuildSnapshot(HostNodes({"3", "2", "1"}), {});
  // test 1
  RunResult r = Schedule(With({Spec<FakeFilter>(0, "FalseFilter", FF::kFalse)}), two, MakePod().Name("2").UID("2").pod);
  ASSERT_EQ(r.outcome.kind, framework::ScheduleOutcome::Kind::kUnschedulable);
  EXPECT_EQ(r.message, "0/2 nodes are available: 2 Nodes failed the fake plugin.");
  EXPECT_EQ(r.outcome.fit_error.diagnosis.unschedulable_plugins, (std::set<std::string>{"FalseFilter"}));
  // test 2
  r = Schedule(With({Spec<FakeFilter>(0, "TrueFilter", FF::kTrue), Spec<FakeScore>(1, "EqualPrioritizerPlugin", FS::kEqual)}), two,
               MakePod().Name("ignore").UID("ignore").pod);
  ASSERT_EQ(r.outcome.kind, framework::ScheduleOutcome::Kind::kScheduled);
  EXPECT_TRUE(r.outcome.result.suggested_host == "node1" || r.outcome.result.suggested_host == "node2");
  EXPECT_EQ(r.outcome.result.evaluated_nodes, 2);
  // test 3
  r = Schedule(With({Spec<FakeFilter>(0, "MatchFilter", FF::kMatch)}), two, MakePod().Name("node2").UID("node2").pod);
  EXPECT_EQ(r.outcome.result.suggested_host, "node2");
  // test 4
  r = Schedule(With({Spec<FakeFilter>(0, "TrueFilter", FF::kTrue), Spec<FakeScore>(1, "NumericMap", FS::kNumeric)}), three,
               MakePod().Name("ignore").UID("ignore").pod);
  EXPECT_EQ(r.outcome.result.suggested_host, "3");
  EXPECT_EQ(r.outcome.result.evaluated_nodes, 3);
  // test 5
  r = Schedule(With({Spec<FakeFilter>(0, "MatchFilter", FF::kMatch), Spec<FakeScore>(1, "NumericMap", FS::kNumeric)}), three,
               MakePod().Name("2").UID("2").pod);
  EXPECT_EQ(r.outcome.result.suggested_host, "2");
  // test 6
  r = Schedule(With({Spec<FakeFilter>(0, "TrueFilter", FF::kTrue), Spec<FakeScore>(1, "NumericMap", FS::kNumeric),
                     Spec<FakeScore>(2, "ReverseNumericMap", FS::kReverse)}),
               three, MakePod().Name("2").UID("2").pod);
  EXPECT_EQ(r.outcome.result.suggested_host, "1");
  // test 7
  r = Schedule(With({Spec<FakeFilter>(0, "TrueFilter", FF::kTrue), Spec<FakeFilter>(0, "FalseFilter", FF::kFalse),
                     Spec<FakeScore>(1, "NumericMap", FS::kNumeric)}),
               three, MakePod().Name("2").UID("2").pod);
  EXPECT_EQ(r.message, "0/3 nodes are available: 3 Nodes failed the fake plugin.");
  // test 8
  const auto with_pod = cache::BuildSnapshot(HostNodes({"1", "2"}), {MakePod().Name("2").UID("2").Node("2").Obj()});
  r = Schedule(With({Spec<FakeFilter>(0, "NoPodsFilter", FF::kNoPods), Spec<FakeFilter>(0, "MatchFilter", FF::kMatch),
                     Spec<FakeScore>(1, "NumericMap", FS::kNumeric)}),
               with_pod, MakePod().Name("2").UID("2").pod);
  EXPECT_EQ(r.message, "0/2 nodes are available: 2 Nodes failed the fake plugin.");
  EXPECT_EQ(r.outcome.fit_error.diagnosis.unschedulable_plugins, (std::set<std::string>{"MatchFilter", "NoPodsFilter"}));
  EXPECT_EQ(r.outcome.fit_error.diagnosis.node_to_status.Get("1").plugin(), "MatchFilter");
  EXPECT_EQ(r.outcome.fit_error.diagnosis.node_to_status.Get("2").plugin(), "NoPodsFilter");
}

framework::PluginFactory Binder() {
  return [](framework::Handle&) -> StatusOr<std::shared_ptr<framework::Plugin>> {
    return std::shared_ptr<framework::Plugin>(std::make_shared<FakeBinder>());
  };
}

TEST(SchedulePod, UpstreamFailedSchedulingReasonsDefaultProfile) {
  std::vector<std::shared_ptr<const framework::Node>> nodes;
  for (int i = 0; i < 100; ++i) {
    framework::Node n;
    n.object_meta.name = "node" + std::to_string(i);
    n.status.allocatable = {{"cpu", testing::Q("2")}, {"memory", testing::Q("100")}, {"pods", testing::Q("10")}};
    n.status.capacity = n.status.allocatable;
    nodes.push_back(std::make_shared<const framework::Node>(n));
  }
  auto snap = cache::BuildSnapshot(nodes, {});
  Pod pod = MakePod().Name("bar").UID("bar").Req({{"cpu", "4"}, {"memory", "500"}}).pod;
  RunResult r = Schedule(DefaultProfilePlugins({}, Binder()), snap, pod);
  ASSERT_EQ(r.outcome.kind, framework::ScheduleOutcome::Kind::kUnschedulable);
  EXPECT_EQ(r.message, "0/100 nodes are available: 100 Insufficient cpu, 100 Insufficient memory.");
  EXPECT_LE(r.message.size(), 150u);  // "message is too spammy"
  EXPECT_EQ(r.outcome.fit_error.diagnosis.unschedulable_plugins, (std::set<std::string>{"NodeResourcesFit"}));
  EXPECT_EQ(r.outcome.fit_error.diagnosis.node_to_status.Get("node7").code(), Code::kUnschedulableAndUnresolvable);
}

TEST(SchedulePod, UpstreamFairEvaluationForNodes) {
  std::vector<std::string> names;
  for (int i = 0; i < 500; ++i) names.push_back(std::to_string(i));
  auto snap = cache::BuildSnapshot(HostNodes(names), {});
  framework::ScheduleAlgorithm alg(30);
  const int to_find = alg.NumFeasibleNodesToFind(std::nullopt, 500);
  ASSERT_EQ(to_find, 150);
  framework::ProfileOptions opts;
  opts.parallelism = 4;
  auto profile = framework::Profile::Create(
      opts, With({Spec<FakeFilter>(0, "TrueFilter", FF::kTrue), Spec<FakeScore>(1, "EqualPrioritizerPlugin", FS::kEqual)}));
  ASSERT_TRUE(profile.ok());
  (*profile)->SetSnapshot(&snap);
  for (int i = 0; i < 2 * (500 / to_find + 1); ++i) {
    CycleState state;
    auto out = alg.SchedulePod(**profile, state, Pod{});
    ASSERT_EQ(out.kind, framework::ScheduleOutcome::Kind::kScheduled);
    EXPECT_EQ(out.result.feasible_nodes, to_find);
    EXPECT_EQ(alg.next_start_index(), (i + 1) * to_find % 500);
  }
}

// The default profile end to end: filters reject with their v1.37 reasons (counted and
// sorted as FitError does), scores pick the least allocated node.
TEST(SchedulePod, DefaultProfileMixedReasonsAndPlacement) {
  auto cap = [](const std::string& name, const std::string& cpu) {
    return MakeNode().Name(name).Label("kubernetes.io/hostname", name).Capacity({{"cpu", cpu}, {"memory", "8Gi"}});
  };
  std::vector<std::shared_ptr<const framework::Node>> nodes = {
      cap("a", "1").Obj(), cap("b", "1").Obj(), cap("c", "4").Taint("dedicated", "x", "NoSchedule").Obj(),
      cap("d", "4").Taint("dedicated", "x", "NoExecute").Obj(), cap("e", "4").Unschedulable().Obj()};
  auto snap = cache::BuildSnapshot(nodes, {});
  Pod pod = MakePod().Name("p").UID("p").Req({{"cpu", "2"}}).pod;
  RunResult r = Schedule(DefaultProfilePlugins({}, Binder()), snap, pod);
  EXPECT_EQ(r.message,
            "0/5 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu, 2 node(s) had untolerated taint(s).");

  // Placement: LeastAllocated + BalancedAllocation prefer the emptier of two fitting nodes.
  nodes = {cap("n1", "4").Obj(), cap("n2", "4").Obj(), cap("n3", "4").Obj()};
  auto busy = cache::BuildSnapshot(nodes, {MakePod().UID("e1").Node("n1").Req({{"cpu", "3"}}).Obj(),
                                           MakePod().UID("e2").Node("n3").Req({{"cpu", "1"}}).Obj()});
  r = Schedule(DefaultProfilePlugins({}, Binder()), busy, MakePod().Name("q").UID("q").Req({{"cpu", "500m"}, {"memory", "1Gi"}}).pod);
  ASSERT_EQ(r.outcome.kind, framework::ScheduleOutcome::Kind::kScheduled);
  EXPECT_EQ(r.outcome.result.suggested_host, "n2");
  EXPECT_EQ(r.outcome.result.feasible_nodes, 3);

  // spec.nodeName restricts through NodeName's PreFilter; the others count as
  // "didn't satisfy plugin(s) [NodeName]" but only one node is evaluated.
  r = Schedule(DefaultProfilePlugins({}, Binder()), busy, MakePod().Name("q").UID("q").Node("n3").pod);
  EXPECT_EQ(r.outcome.result.suggested_host, "n3");
  EXPECT_EQ(r.outcome.result.evaluated_nodes, 1);
  r = Schedule(DefaultProfilePlugins({}, Binder()), busy, MakePod().Name("q").UID("q").Node("n3").Req({{"cpu", "4"}}).pod);
  EXPECT_EQ(r.message, "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeName].");
}

// "test podtopologyspread plugin - 2 nodes with maxskew=1" / "- 3 nodes with maxskew=2",
// through the default profile (where PodTopologySpread also scores).
TEST(SchedulePod, UpstreamPodTopologySpreadCases) {
  const auto foo = testing::MakeLabelSelector().Exists("foo").Obj();
  auto two = cache::BuildSnapshot(HostNodes({"node1", "node2"}), {MakePod().Name("pod1").UID("pod1").Label("foo", "").Node("node1").Obj()});
  Pod p = MakePod().Name("p").UID("p").Label("foo", "").SpreadConstraint(1, "kubernetes.io/hostname", "DoNotSchedule", &foo).pod;
  RunResult r = Schedule(DefaultProfilePlugins({}, Binder()), two, p);
  ASSERT_EQ(r.outcome.kind, framework::ScheduleOutcome::Kind::kScheduled);
  EXPECT_EQ(r.outcome.result.suggested_host, "node2");

  auto three = cache::BuildSnapshot(HostNodes({"node1", "node2", "node3"}),
                                    {MakePod().Name("pod1a").UID("pod1a").Label("foo", "").Node("node1").Obj(),
                                     MakePod().Name("pod1b").UID("pod1b").Label("foo", "").Node("node1").Obj(),
                                     MakePod().Name("pod2").UID("pod2").Label("foo", "").Node("node2").Obj()});
  Pod p2 = MakePod().Name("p").UID("p").Label("foo", "").SpreadConstraint(2, "kubernetes.io/hostname", "DoNotSchedule", &foo).pod;
  r = Schedule(DefaultProfilePlugins({}, Binder()), three, p2);
  ASSERT_EQ(r.outcome.kind, framework::ScheduleOutcome::Kind::kScheduled);
  EXPECT_TRUE(r.outcome.result.suggested_host == "node2" || r.outcome.result.suggested_host == "node3");
  EXPECT_EQ(r.outcome.result.feasible_nodes, 2);
  EXPECT_EQ(r.outcome.fit_error.diagnosis.node_to_status.Len(), 0u);

  // Everything full: the FailedScheduling message names the spread constraint.
  Pod p3 = MakePod().Name("p").UID("p").Label("foo", "").SpreadConstraint(1, "kubernetes.io/hostname", "DoNotSchedule", &foo).pod;
  auto lopsided = cache::BuildSnapshot(HostNodes({"node1", "node2"}),
                                       {MakePod().Name("a").UID("a").Label("foo", "").Node("node1").Obj(),
                                        MakePod().Name("b").UID("b").Label("foo", "").Node("node1").Obj()});
  r = Schedule(DefaultProfilePlugins({}, Binder()), lopsided, p3);
  EXPECT_EQ(r.outcome.result.suggested_host, "node2");
  auto nolabel = cache::BuildSnapshot({MakeNode().Name("x").Capacity({{"cpu", "1"}}).Obj()}, {});
  r = Schedule(DefaultProfilePlugins({}, Binder()), nolabel, p3);
  EXPECT_EQ(r.message, "0/1 nodes are available: 1 node(s) didn't match pod topology spread constraints (missing required label).");
}

// InterPodAffinity through the default profile: required anti-affinity steers the pod
// away, and the FailedScheduling message carries the plugin's reasons.
TEST(SchedulePod, DefaultProfileInterPodAntiAffinity) {
  const auto app_a = testing::MakeLabelSelector().In("app", {"a"}).Obj();
  auto snap = cache::BuildSnapshot(HostNodes({"node1", "node2"}),
                                   {MakePod().Name("e").UID("e").Label("app", "a").Node("node1").Obj()});
  Pod p = MakePod().Name("p").UID("p").Label("app", "b")
              .PodAffinityTerm(testing::AffinityKind::kAntiAffinity, "kubernetes.io/hostname", app_a).pod;
  RunResult r = Schedule(DefaultProfilePlugins({}, Binder()), snap, p);
  ASSERT_EQ(r.outcome.kind, framework::ScheduleOutcome::Kind::kScheduled);
  EXPECT_EQ(r.outcome.result.suggested_host, "node2");
  auto one = cache::BuildSnapshot(HostNodes({"node1"}), {MakePod().Name("e").UID("e").Label("app", "a").Node("node1").Obj()});
  r = Schedule(DefaultProfilePlugins({}, Binder()), one, p);
  EXPECT_EQ(r.message, "0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules.");
  // The existing pod's anti-affinity (symmetry) rejects an incoming pod it selects.
  auto sym = cache::BuildSnapshot(
      HostNodes({"node1"}), {MakePod().Name("e").UID("e").Label("app", "a").Node("node1")
                                 .PodAffinityTerm(testing::AffinityKind::kAntiAffinity, "kubernetes.io/hostname",
                                                  testing::MakeLabelSelector().In("app", {"b"}).Obj())
                                 .Obj()});
  r = Schedule(DefaultProfilePlugins({}, Binder()), sym, MakePod().Name("q").UID("q").Label("app", "b").pod);
  EXPECT_EQ(r.message, "0/1 nodes are available: 1 node(s) didn't satisfy existing pods anti-affinity rules.");
}

}  // namespace
}  // namespace kubecxx::scheduler::plugins
