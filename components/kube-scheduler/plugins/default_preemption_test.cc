// DefaultPreemption with cases transcribed from upstream v1.37.2
// plugins/defaultpreemption/default_preemption_test.go: TestPostFilter, TestDryRunPreemption
// (candidate limits), TestSelectBestCandidate, TestPodEligibleToPreemptOthers,
// TestSelectVictimsOnNode, TestPreEnqueue; and the actuation (DisruptionTarget, delete,
// Preempted event) against a fake API. Extender, PodGroup and deferred-resize cases are left
// out (not implemented).
#include "components/kube-scheduler/plugins/default_preemption.h"

#include <gtest/gtest.h>

#include <climits>

#include "components/kube-scheduler/cache/snapshot_builder.h"
#include "components/kube-scheduler/framework/profile.h"
#include "components/kube-scheduler/plugins/node_resources_fit.h"
#include "components/kube-scheduler/plugins/simple_plugins.h"
#include "components/kube-scheduler/testing/test_util.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using framework::CycleState;
using framework::NodeInfo;
using framework::NodeToStatus;
using framework::Pod;
using framework::Status;
using testing::MakeNode;
using testing::MakePod;
using testing::Res;

constexpr int32_t kNeg = -100, kLow = 0, kMid = 100, kHigh = 1000, kVeryHigh = 10000;
const Res kSmall = {{"cpu", "100m"}, {"memory", "100"}};
const Res kMedium = {{"cpu", "200m"}, {"memory", "200"}};
const Res kLarge = {{"cpu", "300m"}, {"memory", "300"}};
const Res kVeryLarge = {{"cpu", "500m"}, {"memory", "500"}};
const Res kOnePod = {{"pods", "1"}};
const Res kNodeRes = {{"cpu", "200m"}, {"memory", "400"}};

// upstream's TestPlugin: AddPod/RemovePod fail on nodes labelled error=true.
class ErrorOnLabelPlugin final : public framework::PreFilterPlugin, public framework::PreFilterExtensions {
 public:
  std::string_view Name() const override { return "test-plugin"; }
  Status PreFilter(CycleState&, const Pod&, const framework::NodeInfoList&, framework::PreFilterResult*) override {
    return Status();
  }
  framework::PreFilterExtensions* Extensions() override { return this; }
  Status AddPod(CycleState&, const Pod& pod, const std::shared_ptr<const framework::PodInfo>&,
                const NodeInfo& ni) override {
    if (ni.node()->object_meta.labels.contains("error")) return Status::Error("failed to add pod: " + pod.object_meta.name);
    return Status();
  }
  Status RemovePod(CycleState&, const Pod& pod, const std::shared_ptr<const framework::PodInfo>&,
                   const NodeInfo& ni) override {
    if (ni.node()->object_meta.labels.contains("error")) {
      return Status::Error("failed to remove pod: " + pod.object_meta.name);
    }
    return Status();
  }
};

class FakeBinder final : public framework::BindPlugin {
 public:
  std::string_view Name() const override { return names::kDefaultBinder; }
  Status Bind(CycleState&, const Pod&, const std::string&) override { return Status(); }
};

class FakeLister final : public PreemptionLister {
 public:
  std::map<std::string, std::shared_ptr<const Pod>> pods;  // "ns/name"
  std::vector<PdbPtr> pdbs;
  std::shared_ptr<const Pod> GetPod(const std::string& ns, const std::string& name) const override {
    auto it = pods.find(ns + "/" + name);
    return it == pods.end() ? nullptr : it->second;
  }
  std::vector<PdbPtr> ListPdbs() const override { return pdbs; }
};

class FakeApi final : public PreemptionApi {
 public:
  std::mutex mu;
  std::vector<std::string> calls;
  std::set<std::string> gone;  // pods answering NotFound
  ::kubecxx::Status AddDisruptionTarget(const Pod& v, const std::string& msg) override {
    return Record("condition " + v.object_meta.name + " " + msg, v);
  }
  ::kubecxx::Status DeletePod(const Pod& v) override { return Record("delete " + v.object_meta.name, v); }
  ::kubecxx::Status ClearNominatedNodeName(const Pod& p) override { return Record("clear " + p.object_meta.name, p); }
  void PreemptedEvent(const std::string& profile, const Pod& v, const Pod& p, const std::string& note) override {
    std::lock_guard<std::mutex> l(mu);
    calls.push_back("event " + profile + " " + v.object_meta.name + "<-" + p.object_meta.name + " " + note);
  }

 private:
  ::kubecxx::Status Record(std::string call, const Pod& p) {
    std::lock_guard<std::mutex> l(mu);
    calls.push_back(std::move(call));
    if (gone.contains(p.object_meta.name)) return ::kubecxx::Status(StatusCode::kNotFound, "gone");
    return ::kubecxx::Status::Ok();
  }
};

std::shared_ptr<const api::policy::v1::PodDisruptionBudget> Pdb(std::string ns, std::map<std::string, std::string> labels,
                                                                 int32_t allowed, std::vector<std::string> disrupted = {}) {
  auto p = std::make_shared<api::policy::v1::PodDisruptionBudget>();
  p->object_meta.namespace_ = std::move(ns);
  api::meta::v1::LabelSelector sel;
  sel.match_labels = std::move(labels);
  p->spec.selector = Box<api::meta::v1::LabelSelector>(sel);
  p->status.disruptions_allowed = allowed;
  for (auto& d : disrupted) p->status.disrupted_pods[d] = api::Time{1};
  return p;
}

// A profile (PrioritySort, NodeResourcesFit, test-plugin, binder, DefaultPreemption) over
// a snapshot of `nodes` and `pods`, with the preemptor's PreFilter state computed.
struct Env {
  framework::Snapshot snapshot;
  std::unique_ptr<framework::Profile> profile;
  std::shared_ptr<DefaultPreemption> pl;
  FakeLister lister;
  FakeApi api;
  CycleState state;

  Env(std::vector<std::shared_ptr<const framework::Node>> nodes, std::vector<std::shared_ptr<const Pod>> pods,
      DefaultPreemptionArgs args = {}, bool with_api = false) {
    snapshot = cache::BuildSnapshot(nodes, pods);
    for (const auto& p : pods) lister.pods[p->object_meta.namespace_ + "/" + p->object_meta.name] = p;
    std::vector<framework::PluginSpec> specs;
    auto simple = [](auto make) {
      return framework::PluginSpec{[make](framework::Handle&) -> StatusOr<std::shared_ptr<framework::Plugin>> {
                                     return std::shared_ptr<framework::Plugin>(make());
                                   },
                                   0};
    };
    specs.push_back(simple([] { return std::make_shared<PrioritySort>(); }));
    specs.push_back({[](framework::Handle&) -> StatusOr<std::shared_ptr<framework::Plugin>> {
                       auto f = NodeResourcesFit::Create(NodeResourcesFitArgs{});
                       if (!f.ok()) return f.status();
                       return std::shared_ptr<framework::Plugin>(*f);
                     },
                     0});
    specs.push_back(simple([] { return std::make_shared<ErrorOnLabelPlugin>(); }));
    specs.push_back(simple([] { return std::make_shared<FakeBinder>(); }));
    PreemptionApi* api_ptr = with_api ? &api : nullptr;
    specs.push_back({[this, args, api_ptr](framework::Handle& h) -> StatusOr<std::shared_ptr<framework::Plugin>> {
                       pl = std::make_shared<DefaultPreemption>(args, h, &lister, api_ptr, "default-scheduler");
                       return std::shared_ptr<framework::Plugin>(pl);
                     },
                     0});
    framework::ProfileOptions opts;
    opts.parallelism = 4;
    auto made = framework::Profile::Create(opts, std::move(specs));
    EXPECT_TRUE(made.ok()) << made.status().message();
    profile = std::move(made).value();
    profile->SetSnapshot(&snapshot);
    pl->SetOffsetRand([](int32_t) { return 0; });
  }

  void PreFilter(const Pod& pod) {
    framework::PreFilterResult r;
    std::set<std::string> with_nodes;
    EXPECT_TRUE(profile->RunPreFilterPlugins(state, pod, &r, &with_nodes).IsSuccess());
  }

  Status PostFilter(const Pod& pod, const NodeToStatus& statuses, framework::PostFilterResult* result) {
    lister.pods[pod.object_meta.namespace_ + "/" + pod.object_meta.name] = std::make_shared<const Pod>(pod);
    PreFilter(pod);
    return pl->PostFilter(state, pod, statuses, result);
  }
};

NodeToStatus Statuses(std::map<std::string, Code> codes) {
  NodeToStatus m;
  for (auto& [n, c] : codes) m.Set(n, Status(c));
  return m;
}

std::vector<std::shared_ptr<const framework::Node>> Nodes(std::vector<std::string> names, const Res& cap) {
  std::vector<std::shared_ptr<const framework::Node>> out;
  for (auto& n : names) out.push_back(MakeNode().Name(n).Capacity(cap).Obj());
  return out;
}

struct PostFilterCase {
  std::string name;
  std::shared_ptr<const Pod> pod;
  std::vector<std::shared_ptr<const Pod>> pods;
  std::vector<PdbPtr> pdbs;
  std::vector<std::shared_ptr<const framework::Node>> nodes;
  NodeToStatus statuses;
  std::optional<std::string> want_nominated;
  Code want_code;
  std::string want_message;
};

TEST(DefaultPreemption, UpstreamPostFilter) {
  const std::string def = "default";
  auto P = [&](std::string n) { return MakePod().Name(n).UID(n).Namespace(def); };
  NodeToStatus absent_default;  // NewDefaultNodeToStatus
  std::vector<PostFilterCase> cases = {
      {"pod with higher priority can be made schedulable", P("p").Priority(kHigh).Obj(),
       {P("p1").Node("node1").Obj()}, {}, Nodes({"node1"}, kOnePod),
       Statuses({{"node1", Code::kUnschedulable}}), "node1", Code::kSuccess,
       "preemption: found a potential placement for pod on node node1, preempting 1 victims"},
      {"pod with tied priority is still unschedulable", P("p").Obj(), {P("p1").Node("node1").Obj()}, {},
       Nodes({"node1"}, kOnePod), Statuses({{"node1", Code::kUnschedulable}}), "", Code::kUnschedulable,
       "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."},
      {"preemption should respect filteredNodesStatuses", P("p").Priority(kHigh).Obj(), {P("p1").Node("node1").Obj()},
       {}, Nodes({"node1"}, kOnePod), Statuses({{"node1", Code::kUnschedulableAndUnresolvable}}), "",
       Code::kUnschedulable, "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."},
      {"preemption should respect absent NodeToStatusReader entry meaning UnschedulableAndUnresolvable",
       P("p").Priority(kHigh).Obj(), {P("p1").Node("node1").Obj()}, {}, Nodes({"node1"}, kOnePod), absent_default, "",
       Code::kUnschedulable, "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."},
      {"pod can be made schedulable on one node", P("p").Priority(kMid).Obj(),
       {P("p1").Priority(kHigh).Node("node1").Obj(), P("p2").Priority(kLow).Node("node2").Obj()}, {},
       Nodes({"node1", "node2"}, kOnePod),
       Statuses({{"node1", Code::kUnschedulable}, {"node2", Code::kUnschedulable}}), "node2", Code::kSuccess,
       "preemption: found a potential placement for pod on node node2, preempting 1 victims"},
      {"pod can be made schedulable on minHighestPriority node", P("p").Priority(kVeryHigh).Obj(),
       {P("p1").Label("test.kubernetes.io/is-violating-pdb", "non-violating").Priority(kHigh).Node("node1").Obj(),
        P("p2").Label("test.kubernetes.io/is-violating-pdb", "violating").Priority(kLow).Node("node1").Obj(),
        P("p3").Label("test.kubernetes.io/is-violating-pdb", "violating").Priority(kMid).Node("node2").Obj()},
       {Pdb(def, {{"test.kubernetes.io/is-violating-pdb", "violating"}}, 0),
        Pdb(def, {{"test.kubernetes.io/is-violating-pdb", "non-violating"}}, INT32_MAX)},
       Nodes({"node1", "node2"}, kOnePod),
       Statuses({{"node1", Code::kUnschedulable}, {"node2", Code::kUnschedulable}}), "node2", Code::kSuccess,
       "preemption: found a potential placement for pod on node node2, preempting 1 victims"},
      {"no candidate nodes found, no enough resource after removing low priority pods",
       P("p").Priority(kHigh).Req(kLarge).Obj(), {P("p1").Node("node1").Obj(), P("p2").Node("node2").Obj()}, {},
       Nodes({"node1", "node2"}, kNodeRes),
       Statuses({{"node1", Code::kUnschedulable}, {"node2", Code::kUnschedulable}}), "", Code::kUnschedulable,
       "preemption: 0/2 nodes are available: 2 Insufficient cpu."},
      {"no candidate nodes found with mixed reasons, no lower priority pod and no enough CPU resource",
       P("p").Priority(kHigh).Req(kLarge).Obj(),
       {P("p1").Node("node1").Priority(kHigh).Obj(), P("p2").Node("node2").Obj(),
        P("p3").Node("node3").Priority(kHigh).Obj()},
       {},
       {MakeNode().Name("node1").Capacity(kOnePod).Obj(), MakeNode().Name("node2").Capacity(kNodeRes).Obj(),
        MakeNode().Name("node3").Capacity(kOnePod).Obj()},
       Statuses({{"node1", Code::kUnschedulable}, {"node2", Code::kUnschedulable}, {"node3", Code::kUnschedulable}}),
       "", Code::kUnschedulable,
       "preemption: 0/3 nodes are available: 1 Insufficient cpu, 2 No preemption victims found for incoming pod."},
      {"no candidate nodes found with mixed reason, 2 UnschedulableAndUnresolvable nodes and 2 nodes don't have "
       "enough CPU resource",
       P("p").Priority(kHigh).Req(kLarge).Obj(), {P("p1").Node("node1").Obj(), P("p2").Node("node2").Obj()}, {},
       Nodes({"node1", "node2", "node3", "node4"}, kNodeRes),
       Statuses({{"node1", Code::kUnschedulable},
                 {"node2", Code::kUnschedulable},
                 {"node4", Code::kUnschedulableAndUnresolvable}}),
       "", Code::kUnschedulable,
       "preemption: 0/4 nodes are available: 2 Insufficient cpu, 2 Preemption is not helpful for scheduling."},
      {"only one node but failed with TestPlugin", P("p").Priority(kHigh).Req(kLarge).Obj(),
       {P("p1").Node("node1").Obj()}, {}, {MakeNode().Name("node1").Capacity(kLarge).Label("error", "true").Obj()},
       Statuses({{"node1", Code::kUnschedulable}}), std::nullopt, Code::kError,
       "preemption: running RemovePod on PreFilter plugin \"test-plugin\": failed to remove pod: p"},
      {"one failed with TestPlugin and the other pass", P("p").Priority(kHigh).Req(kLarge).Obj(),
       {P("p1").Node("node1").Obj(), P("p2").Node("node2").Req(kMedium).Obj()}, {},
       {MakeNode().Name("node1").Capacity(kLarge).Label("error", "true").Obj(),
        MakeNode().Name("node2").Capacity(kLarge).Obj()},
       Statuses({{"node1", Code::kUnschedulable}, {"node2", Code::kUnschedulable}}), "node2", Code::kSuccess,
       "preemption: found a potential placement for pod on node node2, preempting 1 victims"},
  };
  for (auto& c : cases) {
    SCOPED_TRACE(c.name);
    Env env(c.nodes, c.pods);
    env.lister.pdbs = c.pdbs;
    framework::PostFilterResult result;
    Status s = env.PostFilter(*c.pod, c.statuses, &result);
    EXPECT_EQ(s.code(), c.want_code);
    EXPECT_EQ(s.Message(), c.want_message);
    EXPECT_EQ(result.nominated_node_name, c.want_nominated);
  }
}

TEST(DefaultPreemption, UpstreamSelectBestCandidate) {
  struct Case {
    std::string name;
    std::vector<std::string> nodes;
    std::shared_ptr<const Pod> pod;
    std::vector<std::shared_ptr<const Pod>> pods;
    std::set<std::string> expected;
  };
  auto V = [](std::string n, std::string node, int32_t prio, const Res& req, int64_t start = 0) {
    return MakePod().Name(n).UID(n).Node(node).Priority(prio).Req(req).StartTime(start).Obj();
  };
  std::vector<Case> cases = {
      {"a pod that fits on both nodes when lower priority pods are preempted", {"node1", "node2"},
       MakePod().Name("p").UID("p").Priority(kHigh).Req(kLarge).Obj(),
       {V("p1", "node1", kMid, kLarge), V("p2", "node2", kMid, kLarge)}, {"node1", "node2"}},
      {"node with min highest priority pod is picked", {"node1", "node2", "node3"},
       MakePod().Name("p").UID("p").Priority(kHigh).Req(kVeryLarge).Obj(),
       {V("p1.1", "node1", kMid, kMedium), V("p1.2", "node1", kMid, kLarge), V("p2.1", "node2", kMid, kMedium),
        V("p2.2", "node2", kLow, kMedium), V("p3.1", "node3", kLow, kMedium), V("p3.2", "node3", kLow, kMedium)},
       {"node3"}},
      {"when highest priorities are the same, minimum sum of priorities is picked", {"node1", "node2", "node3"},
       MakePod().Name("p").UID("p").Priority(kHigh).Req(kVeryLarge).Obj(),
       {V("p1.1", "node1", kMid, kMedium), V("p1.2", "node1", kMid, kLarge), V("p2.1", "node2", kMid, kLarge),
        V("p2.2", "node2", kLow, kMedium), V("p3.1", "node3", kMid, kMedium), V("p3.2", "node3", kMid, kMedium)},
       {"node2"}},
      {"when highest priority and sum are the same, minimum number of pods is picked", {"node1", "node2", "node3"},
       MakePod().Name("p").UID("p").Priority(kHigh).Req(kVeryLarge).Obj(),
       {V("p1.1", "node1", kMid, kSmall), V("p1.2", "node1", kNeg, kSmall), V("p1.3", "node1", kMid, kSmall),
        V("p1.4", "node1", kNeg, kSmall), V("p2.1", "node2", kMid, kLarge), V("p2.2", "node2", kNeg, kMedium),
        V("p3.1", "node3", kMid, kMedium), V("p3.2", "node3", kNeg, kSmall), V("p3.3", "node3", kLow, kSmall)},
       {"node2"}},
      {"sum of adjusted priorities is considered", {"node1", "node2", "node3"},
       MakePod().Name("p").UID("p").Priority(kHigh).Req(kVeryLarge).Obj(),
       {V("p1.1", "node1", kMid, kSmall), V("p1.2", "node1", kNeg, kSmall), V("p1.3", "node1", kNeg, kSmall),
        V("p2.1", "node2", kMid, kLarge), V("p2.2", "node2", kNeg, kMedium), V("p3.1", "node3", kMid, kMedium),
        V("p3.2", "node3", kNeg, kSmall), V("p3.3", "node3", kLow, kSmall)},
       {"node2"}},
      {"non-overlapping lowest high priority, sum priorities, and number of pods",
       {"node1", "node2", "node3", "node4"}, MakePod().Name("p").UID("p").Priority(kVeryHigh).Req(kVeryLarge).Obj(),
       {V("p1.1", "node1", kMid, kSmall), V("p1.2", "node1", kLow, kSmall), V("p1.3", "node1", kLow, kSmall),
        V("p2.1", "node2", kHigh, kLarge), V("p3.1", "node3", kMid, kMedium), V("p3.2", "node3", kLow, kSmall),
        V("p3.3", "node3", kLow, kSmall), V("p3.4", "node3", kLow, kMedium), V("p4.1", "node4", kMid, kMedium),
        V("p4.2", "node4", kMid, kSmall), V("p4.3", "node4", kMid, kSmall), V("p4.4", "node4", kNeg, kSmall)},
       {"node1"}},
      {"same priority, same number of victims, different start time for each node's pod", {"node1", "node2", "node3"},
       MakePod().Name("p").UID("p").Priority(kHigh).Req(kVeryLarge).Obj(),
       {V("p1.1", "node1", kMid, kMedium, 2), V("p1.2", "node1", kMid, kMedium, 2), V("p2.1", "node2", kMid, kMedium, 3),
        V("p2.2", "node2", kMid, kMedium, 3), V("p3.1", "node3", kMid, kMedium, 1), V("p3.2", "node3", kMid, kMedium, 1)},
       {"node2"}},
      {"same priority, same number of victims, different start time for all pods", {"node1", "node2", "node3"},
       MakePod().Name("p").UID("p").Priority(kHigh).Req(kVeryLarge).Obj(),
       {V("p1.1", "node1", kMid, kMedium, 4), V("p1.2", "node1", kMid, kMedium, 2), V("p2.1", "node2", kMid, kMedium, 5),
        V("p2.2", "node2", kMid, kMedium, 1), V("p3.1", "node3", kMid, kMedium, 3), V("p3.2", "node3", kMid, kMedium, 6)},
       {"node3"}},
      {"different priority, same number of victims, different start time for all pods", {"node1", "node2", "node3"},
       MakePod().Name("p").UID("p").Priority(kHigh).Req(kVeryLarge).Obj(),
       {V("p1.1", "node1", kLow, kMedium, 4), V("p1.2", "node1", kMid, kMedium, 2), V("p2.1", "node2", kMid, kMedium, 6),
        V("p2.2", "node2", kLow, kMedium, 1), V("p3.1", "node3", kLow, kMedium, 3), V("p3.2", "node3", kMid, kMedium, 5)},
       {"node2"}},
  };
  for (auto& c : cases) {
    SCOPED_TRACE(c.name);
    Env env(Nodes(c.nodes, kVeryLarge), c.pods);
    env.PreFilter(*c.pod);
    const auto& all = env.snapshot.List();
    NodeToStatus statuses;
    std::string err;
    auto candidates = env.pl->DryRunPreemption(env.state, *c.pod, all, {}, 0,
                                               env.pl->CalculateNumCandidates(static_cast<int32_t>(all.size())),
                                               &statuses, &err);
    ASSERT_FALSE(candidates.empty());
    EXPECT_TRUE(c.expected.contains(candidates[DefaultPreemption::SelectCandidate(candidates)].name));
  }
}

TEST(DefaultPreemption, UpstreamDryRunPreemptionCandidateLimits) {
  // "all nodes are possible candidates, but DefaultPreemptionArgs limits to 2": offset 4.
  std::vector<std::shared_ptr<const Pod>> pods;
  for (int i = 1; i <= 5; ++i) {
    std::string n = std::to_string(i);
    pods.push_back(MakePod().Name("p" + n).UID("p" + n).Node("node" + n).Priority(kMid).Req(kLarge).Obj());
  }
  Env env(Nodes({"node1", "node2", "node3", "node4", "node5"}, kVeryLarge), pods, DefaultPreemptionArgs{40, 1});
  auto pod = MakePod().Name("p").UID("p").Priority(kHigh).Req(kLarge).Obj();
  env.PreFilter(*pod);
  EXPECT_EQ(env.pl->CalculateNumCandidates(5), 2);
  NodeToStatus statuses;
  std::string err;
  auto c = env.pl->DryRunPreemption(env.state, *pod, env.snapshot.List(), {}, 4, 2, &statuses, &err);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].name, "node5");
  EXPECT_EQ(c[1].name, "node1");
  ASSERT_EQ(c[1].victims.size(), 1u);
  EXPECT_EQ(c[1].victims[0]->pod().object_meta.name, "p1");
  // "preemption with violation of the pdb with pod whose eviction was processed": p1.3 is
  // in DisruptedPods, so only one of the two others exceeds disruptionsAllowed=1.
  std::vector<std::shared_ptr<const Pod>> three;
  for (std::string n : {"p1.1", "p1.2", "p1.3"}) {
    three.push_back(MakePod().Name(n).UID(n).Node("node1").Label("app", "foo").Priority(kMid).Req(kMedium).Obj());
  }
  Env env2(Nodes({"node1"}, kVeryLarge), three);
  auto big = MakePod().Name("p").UID("p").Priority(kHigh).Req(kVeryLarge).Obj();
  env2.PreFilter(*big);
  auto c2 = env2.pl->DryRunPreemption(env2.state, *big, env2.snapshot.List(), {Pdb("", {{"app", "foo"}}, 1, {"p1.3"})},
                                      0, 1, &statuses, &err);
  ASSERT_EQ(c2.size(), 1u);
  EXPECT_EQ(c2[0].victims.size(), 3u);
  EXPECT_EQ(c2[0].num_pdb_violations, 1);
}

TEST(DefaultPreemption, UpstreamSelectVictimsOnNode) {
  struct Case {
    std::string name;
    std::vector<std::shared_ptr<const Pod>> pods;
    std::vector<PdbPtr> pdbs;
    std::set<std::string> want;
    int want_violating;
  };
  auto V = [](std::string n, std::string uid, int32_t prio, const Res& req, std::string label = "") {
    auto b = MakePod().Name(n).UID(uid).Node("node1").Priority(prio).Req(req);
    if (!label.empty()) b.Label("app", label);
    return b.Obj();
  };
  std::vector<Case> cases = {
      {"Basic: Preempt single lower priority pod", {V("victim", "v1", kLow, kLarge)}, {}, {"victim"}, 0},
      {"Priority: Prefer lower priority victim",
       {V("high-prio", "v3", kHigh, kSmall), V("mid-prio", "v2", kMid, kSmall), V("low-prio", "v1", kLow, kSmall)},
       {},
       {"low-prio"},
       0},
      {"PDB: Prefer non-violating victim with higher priority over violating victim with lower priority",
       {V("victim-pdb", "v1", kLow, kMedium, "foo"), V("victim-no-pdb", "v2", kMid, kMedium)},
       {Pdb("", {{"app", "foo"}}, 0)},
       {"victim-no-pdb"},
       0},
      {"PDB: Prefer lower prioirity pod for preemption, when preemption without pdb violation is not possible",
       {V("v1", "v1", kLow, kMedium, "foo"), V("v2", "v2", kMid, kMedium, "foo")},
       {Pdb("", {{"app", "foo"}}, 0)},
       {"v1"},
       1},
  };
  for (auto& c : cases) {
    SCOPED_TRACE(c.name);
    Env env(Nodes({"node1"}, kVeryLarge), c.pods);
    auto pod = MakePod().Name("p").UID("p").Priority(kHigh).Req(kLarge).Obj();
    env.PreFilter(*pod);
    auto node = env.snapshot.Get("node1")->Clone();
    std::vector<std::shared_ptr<const framework::PodInfo>> victims;
    int violating = -1;
    Status s = env.pl->SelectVictimsOnNode(*env.state.Clone(), *pod, *node, c.pdbs, &victims, &violating);
    EXPECT_TRUE(s.IsSuccess()) << s.Message();
    std::set<std::string> got;
    for (const auto& v : victims) got.insert(v->pod().object_meta.name);
    EXPECT_EQ(got, c.want);
    EXPECT_EQ(violating, c.want_violating);
  }
}

TEST(DefaultPreemption, UpstreamPodEligibleToPreemptOthers) {
  struct Case {
    std::string name;
    std::shared_ptr<const Pod> pod;
    std::vector<std::shared_ptr<const Pod>> pods;
    std::vector<std::string> nodes;
    Status nominated_status;
    bool expected;
  };
  std::vector<Case> cases = {
      {"Pod with nominated node",
       MakePod().Name("p_with_nominated_node").UID("p").Priority(kHigh).NominatedNode("node1").Obj(),
       {MakePod().Name("p1").UID("p1").Priority(kLow).Node("node1").Terminating().Obj()},
       {"node1"},
       Status(Code::kUnschedulableAndUnresolvable, "node(s) had untolerated taint(s)"),
       true},
      {"Pod without nominated node", MakePod().Name("p_without_nominated_node").UID("p").Priority(kHigh).Obj(), {}, {},
       Status(), true},
      {"Pod with 'PreemptNever' preemption policy",
       MakePod().Name("p_with_preempt_never_policy").UID("p").Priority(kHigh).PreemptionPolicy("Never").Obj(), {}, {},
       Status(), false},
      {"preemption victim pod terminating, as indicated by the dedicated DisruptionTarget condition",
       MakePod().Name("p_with_nominated_node").UID("p").Priority(kHigh).NominatedNode("node1").Obj(),
       {MakePod().Name("p1").UID("p1").Priority(kLow).Node("node1").Terminating()
            .Condition("DisruptionTarget", "True", "PreemptionByScheduler").Obj()},
       {"node1"},
       Status(),
       false},
      {"non-victim Pods terminating",
       MakePod().Name("p_with_nominated_node").UID("p").Priority(kHigh).NominatedNode("node1").Obj(),
       {MakePod().Name("p1").UID("p1").Priority(kLow).Node("node1").Terminating().Obj()},
       {"node1"},
       Status(),
       true},
  };
  for (auto& c : cases) {
    SCOPED_TRACE(c.name);
    Env env(Nodes(c.nodes, kVeryLarge), c.pods);
    EXPECT_EQ(env.pl->PodEligibleToPreemptOthers(*c.pod, c.nominated_status).first, c.expected);
  }
  Env env(Nodes({"node1"}, kOnePod), {MakePod().Name("p1").UID("p1").Node("node1").Obj()});
  framework::PostFilterResult result;
  Status s = env.PostFilter(*MakePod().Name("p").UID("p").Priority(kHigh).PreemptionPolicy("Never").Obj(),
                            Statuses({{"node1", Code::kUnschedulable}}), &result);
  EXPECT_EQ(s.code(), Code::kUnschedulable);
  EXPECT_EQ(s.Message(), "preemption: not eligible due to preemptionPolicy=Never.");
  EXPECT_FALSE(result.nominated_node_name.has_value());  // nominatedNodeName left as it is
}

TEST(DefaultPreemption, ActuationDeletesVictimsWithDisruptionTargetAndEvent) {
  auto nominated_low = MakePod().Name("nominated-low").UID("nl").Priority(kLow).NominatedNode("node1").Obj();
  Env env(Nodes({"node1"}, kMedium),
          {MakePod().Name("v1").UID("v1").Node("node1").Priority(kLow).Req(kSmall).StartTime(1).Obj(),
           MakePod().Name("v2").UID("v2").Node("node1").Priority(kMid).Req(kSmall).StartTime(1).Obj(),
           MakePod().Name("gone").UID("g").Node("node1").Priority(kNeg).Req({{"cpu", "1m"}}).Obj()},
          {}, /*with_api=*/true);
  env.profile->SetNominator([&](std::string_view node) {
    std::vector<std::shared_ptr<const framework::PodInfo>> out;
    if (node == "node1") out.push_back(std::make_shared<const framework::PodInfo>(nominated_low));
    return out;
  });
  env.api.gone = {"gone"};
  auto pod = MakePod().Name("p").UID("puid").Priority(kHigh).Req(kMedium).Obj();
  framework::PostFilterResult result;
  Status s = env.PostFilter(*pod, Statuses({{"node1", Code::kUnschedulable}}), &result);
  EXPECT_EQ(s.Message(), "preemption: found a potential placement for pod on node node1, preempting 3 victims");
  EXPECT_EQ(result.nominated_node_name, "node1");
  env.pl->WaitForActuations();
  EXPECT_FALSE(env.pl->IsPodRunningPreemption("puid"));
  // Victims most important first: v2 (mid), v1 (low), gone (neg; NotFound: no delete, no event).
  const std::string msg = ": preempting to accommodate a higher priority pod";
  EXPECT_EQ(env.api.calls, (std::vector<std::string>{
                               "clear nominated-low",
                               "condition v2 " + msg,
                               "delete v2",
                               "event default-scheduler v2<-p Preempted by pod puid on node node1",
                               "condition v1 " + msg,
                               "delete v1",
                               "event default-scheduler v1<-p Preempted by pod puid on node node1",
                               "condition gone " + msg,
                           }));
}

TEST(DefaultPreemption, DisabledAtPostFilterOnly) {
  framework::ProfileOptions opts;
  opts.parallelism = 1;
  auto make = [](std::set<std::string, std::less<>> off) {
    std::vector<framework::PluginSpec> specs;
    specs.push_back({[](framework::Handle&) -> StatusOr<std::shared_ptr<framework::Plugin>> {
                       return std::shared_ptr<framework::Plugin>(std::make_shared<PrioritySort>());
                     }});
    specs.push_back({[](framework::Handle&) -> StatusOr<std::shared_ptr<framework::Plugin>> {
                       return std::shared_ptr<framework::Plugin>(std::make_shared<FakeBinder>());
                     }});
    specs.push_back({[](framework::Handle& h) -> StatusOr<std::shared_ptr<framework::Plugin>> {
                       return std::shared_ptr<framework::Plugin>(
                           std::make_shared<DefaultPreemption>(DefaultPreemptionArgs{}, h, nullptr, nullptr, "x"));
                     },
                     0, std::move(off)});
    return specs;
  };
  auto on = framework::Profile::Create(opts, make({}));
  ASSERT_TRUE(on.ok());
  EXPECT_TRUE((*on)->HasPostFilterPlugins());
  auto off = framework::Profile::Create(opts, make({"postFilter"}));
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE((*off)->HasPostFilterPlugins());
}

TEST(DefaultPreemption, UpstreamPreEnqueueWaitsForRunningPreemption) {
  Env env(Nodes({"node1"}, kVeryLarge), {});
  EXPECT_TRUE(env.pl->PreEnqueue(*MakePod().Name("p").UID("p").Obj()).IsSuccess());
  EXPECT_FALSE(env.pl->IsPodRunningPreemption("p"));
}

TEST(DefaultPreemption, FilterVictimsWithPdbViolationAndImportance) {
  auto a = std::make_shared<const framework::PodInfo>(MakePod().Name("a").Namespace("ns").Label("app", "x").Obj());
  auto b = std::make_shared<const framework::PodInfo>(MakePod().Name("b").Namespace("ns").Label("app", "x").Obj());
  auto c = std::make_shared<const framework::PodInfo>(MakePod().Name("c").Namespace("other").Label("app", "x").Obj());
  auto d = std::make_shared<const framework::PodInfo>(MakePod().Name("d").Namespace("ns").Obj());
  std::vector<std::shared_ptr<const framework::PodInfo>> viol, non;
  FilterVictimsWithPdbViolation({a, b, c, d}, {Pdb("ns", {{"app", "x"}}, 1)}, &viol, &non);
  ASSERT_EQ(viol.size(), 1u);
  EXPECT_EQ(viol[0]->pod().object_meta.name, "b");
  EXPECT_EQ(non.size(), 3u);
  EXPECT_TRUE(MoreImportantPod(*MakePod().Priority(2).StartTime(9).Obj(), *MakePod().Priority(1).StartTime(1).Obj()));
  EXPECT_TRUE(MoreImportantPod(*MakePod().Priority(1).StartTime(1).Obj(), *MakePod().Priority(1).StartTime(2).Obj()));
  EXPECT_TRUE(PodTerminatingByPreemption(
      *MakePod().Terminating().Condition("DisruptionTarget", "True", "PreemptionByScheduler").Obj()));
  EXPECT_FALSE(PodTerminatingByPreemption(*MakePod().Condition("DisruptionTarget", "True", "PreemptionByScheduler").Obj()));
}

}  // namespace
}  // namespace kubecxx::scheduler::plugins
