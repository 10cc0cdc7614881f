// Cases from upstream interpodaffinity/filtering_test.go (TestRequiredAffinitySingleNode,
// with InterPodAffinityHostnameFastPath off as in v1.37's defaults) and scoring_test.go
// (TestPreferredAffinity, TestPreferredAffinityWithHardPodAffinitySymmetricWeight).
#include "components/kube-scheduler/plugins/inter_pod_affinity.h"

#include <gtest/gtest.h>

#include "components/kube-scheduler/cache/snapshot_builder.h"
#include "components/kube-scheduler/testing/test_util.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using framework::Status;
using testing::AffinityKind;
using testing::MakeLabelSelector;
using testing::MakePod;
using testing::PodBuilder;
using L = std::map<std::string, std::string>;
constexpr AffinityKind kAff = AffinityKind::kAffinity;
constexpr AffinityKind kAnti = AffinityKind::kAntiAffinity;

// upstream scoring_test.go's namespaces.
class FakeNamespaces : public NamespaceLister {
 public:
  std::map<std::string, L> ns = {{"subteam1.team1", {{"team", "team1"}}},
                                 {"subteam2.team1", {{"team", "team1"}}},
                                 {"subteam1.team2", {{"team", "team2"}}},
                                 {"subteam2.team2", {{"team", "team2"}}}};
  std::optional<L> Labels(std::string_view name) const override {
    auto it = ns.find(std::string(name));
    if (it == ns.end()) return std::nullopt;
    return it->second;
  }
  std::vector<std::string> List(const PodSelector& sel) const override {
    std::vector<std::string> out;
    for (const auto& [name, labels] : ns) {
      if (sel.Matches(labels)) out.push_back(name);
    }
    return out;
  }
};

PodBuilder Labeled(L labels, std::string ns = "") {
  PodBuilder b;
  b.Namespace(std::move(ns));
  for (auto& [k, v] : labels) b.Label(k, v);
  return b;
}

testing::LabelSelector In(const std::string& key, std::vector<std::string> values) {
  return MakeLabelSelector().In(key, std::move(values)).Obj();
}
testing::LabelSelector NotIn(const std::string& key, std::vector<std::string> values) {
  return MakeLabelSelector().NotIn(key, std::move(values)).Obj();
}
testing::LabelSelector Exists(const std::string& key) { return MakeLabelSelector().Exists(key).Obj(); }

struct FilterCase {
  const char* name;
  framework::Pod pod;
  std::vector<framework::Pod> pods;
  Status want_pre;
  Status want;
};

TEST(InterPodAffinityFilter, UpstreamRequiredAffinitySingleNode) {
  const L pod_label{{"service", "securityscan"}}, pod_label2{{"security", "S1"}};
  framework::Pod pod = Labeled(pod_label).Node("node1").pod;
  const Status skip(Code::kSkip);
  const Status aff_fail(Code::kUnschedulableAndUnresolvable, std::string(InterPodAffinity::kErrReasonAffinityRulesNotMatch));
  const Status anti_fail(Code::kUnschedulable, std::string(InterPodAffinity::kErrReasonAntiAffinityRulesNotMatch));
  const Status existing_fail(Code::kUnschedulable,
                             std::string(InterPodAffinity::kErrReasonExistingAntiAffinityRulesNotMatch));
  const std::string bad_value =
      "parsing pod: requiredAffinityTerms: values[0][service]: Invalid value: \"{{.bad-value.}}\": a valid label must be "
      "an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
      "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
      "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  auto multi_op = MakeLabelSelector().Exists("service").NotExist("wrongkey").Obj();
  auto multi_op2 = MakeLabelSelector().In("service", {"securityscan"}).NotIn("service", {"WrongValue"}).Obj();
  auto anded = MakeLabelSelector().Exists("service").NotExist("wrongkey").Obj();
  auto anded2 = MakeLabelSelector().In("service", {"securityscan2"}).NotIn("service", {"WrongValue"}).Obj();
  auto team1 = In("team", {"team1"});
  const std::vector<FilterCase> cases = {
      {"no required affinity, no pods", framework::Pod{}, {}, skip, {}},
      {"PodAffinity In matches the existing pod",
       Labeled(pod_label2).PodAffinityTerm(kAff, "region", In("service", {"securityscan", "value2"})).pod, {pod}, {}, {}},
      {"PodAffinity NotIn matches the existing pod",
       Labeled(pod_label2).PodAffinityTerm(kAff, "region", NotIn("service", {"securityscan3", "value3"})).pod, {pod}, {}, {}},
      {"diff Namespace",
       Labeled(pod_label2).PodAffinityTerm(kAff, "", In("service", {"securityscan", "value2"}), {"DiffNameSpace"}).pod,
       {Labeled(pod_label, "ns").Node("node1").pod}, {}, aff_fail},
      {"unmatching labelSelector", Labeled(pod_label).PodAffinityTerm(kAff, "", In("service", {"antivirusscan", "value2"})).pod,
       {pod}, {}, aff_fail},
      {"different operators in multiple terms",
       Labeled(pod_label2).PodAffinityTerm(kAff, "region", multi_op).PodAffinityTerm(kAff, "region", multi_op2).pod, {pod}, {},
       {}},
      {"matchExpressions ANDed, one doesn't match",
       Labeled(pod_label2).PodAffinityTerm(kAff, "region", anded).PodAffinityTerm(kAff, "region", anded2).pod, {pod}, {},
       aff_fail},
      {"affinity and anti-affinity satisfied",
       Labeled(pod_label2)
           .PodAffinityTerm(kAff, "region", In("service", {"securityscan", "value2"}))
           .PodAffinityTerm(kAnti, "node", In("service", {"antivirusscan", "value2"}))
           .pod,
       {pod}, {}, {}},
      {"affinity, anti-affinity and symmetry satisfied",
       Labeled(pod_label2)
           .PodAffinityTerm(kAff, "region", In("service", {"securityscan", "value2"}))
           .PodAffinityTerm(kAnti, "node", In("service", {"antivirusscan", "value2"}))
           .pod,
       {Labeled(pod_label).Node("node1").PodAffinityTerm(kAnti, "node", In("service", {"antivirusscan", "value2"})).pod}, {},
       {}},
      {"affinity ok, anti-affinity not",
       Labeled(pod_label2)
           .PodAffinityTerm(kAff, "region", In("service", {"securityscan", "value2"}))
           .PodAffinityTerm(kAnti, "zone", In("service", {"securityscan", "value2"}))
           .pod,
       {pod}, {}, anti_fail},
      {"anti-affinity symmetry violated",
       Labeled(pod_label)
           .PodAffinityTerm(kAff, "region", In("service", {"securityscan", "value2"}))
           .PodAffinityTerm(kAnti, "node", In("service", {"antivirusscan", "value2"}))
           .pod,
       {Labeled(pod_label).Node("node1").PodAffinityTerm(kAnti, "zone", In("service", {"securityscan", "value2"})).pod}, {},
       existing_fail},
      {"pod matches own label but not its NotIn term",
       Labeled(pod_label).PodAffinityTerm(kAff, "region", NotIn("service", {"securityscan", "value2"})).pod,
       {Labeled({{"service", "securityscan"}}).Node("node2").pod}, {}, aff_fail},
      {"existing anti-affinity, incoming has none",
       Labeled(pod_label).pod,
       {Labeled(pod_label).Node("node1").PodAffinityTerm(kAnti, "zone", In("service", {"securityscan", "value2"})).pod}, {},
       existing_fail},
      {"existing anti-affinity NotIn: nothing to check", Labeled(pod_label).pod,
       {Labeled(pod_label).Node("node1").PodAffinityTerm(kAnti, "zone", NotIn("service", {"securityscan", "value2"})).pod},
       skip, {}},
      {"incoming anti-affinity violated by existing pod's labels",
       Labeled(pod_label).PodAffinityTerm(kAnti, "region", Exists("service")).PodAffinityTerm(kAnti, "region", Exists("security")).pod,
       {Labeled(pod_label2).Node("node1").PodAffinityTerm(kAnti, "zone", Exists("security")).pod}, {}, anti_fail},
      {"symmetry a1", Labeled(pod_label).PodAffinityTerm(kAnti, "zone", Exists("service")).PodAffinityTerm(kAnti, "zone", Exists("security")).pod,
       {Labeled(pod_label2).Node("node1").PodAffinityTerm(kAnti, "zone", Exists("security")).pod}, {}, anti_fail},
      {"symmetry a2", Labeled(pod_label2).PodAffinityTerm(kAnti, "zone", Exists("security")).pod,
       {Labeled(pod_label).Node("node1").PodAffinityTerm(kAnti, "zone", Exists("service")).PodAffinityTerm(kAnti, "zone", Exists("security")).pod},
       {}, existing_fail},
      {"symmetry b1", Labeled({{"abc", ""}, {"xyz", ""}}).PodAffinityTerm(kAnti, "zone", Exists("abc")).PodAffinityTerm(kAnti, "zone", Exists("def")).pod,
       {Labeled({{"def", ""}, {"xyz", ""}}).Node("node1").PodAffinityTerm(kAnti, "zone", Exists("abc")).PodAffinityTerm(kAnti, "zone", Exists("def")).pod},
       {}, anti_fail},
      {"symmetry b2", Labeled({{"def", ""}, {"xyz", ""}}).PodAffinityTerm(kAnti, "zone", Exists("abc")).PodAffinityTerm(kAnti, "zone", Exists("def")).pod,
       {Labeled({{"abc", ""}, {"xyz", ""}}).Node("node1").PodAffinityTerm(kAnti, "zone", Exists("abc")).PodAffinityTerm(kAnti, "zone", Exists("def")).pod},
       {}, anti_fail},
      {"invalid affinity label syntax",
       Labeled(pod_label).PodAffinityTerm(kAff, "region", In("service", {"{{.bad-value.}}"})).PodAffinityTerm(kAff, "node", In("service", {"antivirusscan", "value2"})).pod,
       {}, Status(Code::kUnschedulableAndUnresolvable, bad_value), {}},
      {"affinity with NamespaceSelector",
       Labeled(pod_label2).PodAffinityTerm(kAff, "region", In("service", {"securityscan", "value2"}), {}, team1).pod,
       {Labeled(pod_label, "subteam1.team1").Node("node1").pod}, {}, {}},
      {"affinity with non-matching NamespaceSelector",
       Labeled(pod_label2).PodAffinityTerm(kAff, "region", In("service", {"securityscan", "value2"}), {}, team1).pod,
       {Labeled(pod_label, "subteam1.team2").Node("node1").pod}, {}, aff_fail},
      {"anti-affinity with matching NamespaceSelector",
       Labeled(pod_label2, "subteam1.team1").PodAffinityTerm(kAnti, "zone", In("service", {"securityscan", "value2"}), {}, team1).pod,
       {Labeled(pod_label, "subteam2.team1").Node("node1").pod}, {}, anti_fail},
      {"anti-affinity with matching all NamespaceSelector",
       Labeled(pod_label2, "subteam1.team1")
           .PodAffinityTerm(kAnti, "zone", In("service", {"securityscan", "value2"}), {}, MakeLabelSelector().Obj())
           .pod,
       {Labeled(pod_label, "subteam2.team1").Node("node1").pod}, {}, anti_fail},
      {"anti-affinity with non-matching NamespaceSelector",
       Labeled(pod_label2, "subteam1.team1").PodAffinityTerm(kAnti, "zone", In("service", {"securityscan", "value2"}), {}, team1).pod,
       {Labeled(pod_label, "subteam1.team2").Node("node1").pod}, {}, {}},
  };
  FakeNamespaces namespaces;
  for (const auto& c : cases) {
    std::vector<std::shared_ptr<const framework::Pod>> pods;
    int i = 0;
    for (auto p : c.pods) {
      p.object_meta.uid = "uid" + std::to_string(i++);
      pods.push_back(std::make_shared<const framework::Pod>(p));
    }
    testing::FakeHandle handle(cache::BuildSnapshot(
        {testing::MakeNode().Name("node1").Label("region", "r1").Label("zone", "z11").Obj()}, pods));
    auto pl = InterPodAffinity::Create({}, handle, &namespaces);
    ASSERT_TRUE(pl.ok());
    framework::CycleState state;
    framework::PreFilterResult r;
    Status pre = (*pl)->PreFilter(state, c.pod, handle.SnapshotLister().List(), &r);
    EXPECT_EQ(pre, c.want_pre) << c.name << ": " << pre.Message();
    if (!pre.IsSuccess()) continue;
    EXPECT_EQ((*pl)->Filter(state, c.pod, *handle.SnapshotLister().Get("node1")), c.want) << c.name;
  }
}

TEST(InterPodAffinityScore, UpstreamPreferredAffinity) {
  const L china{{"region", "China"}}, india{{"region", "India"}}, az1{{"az", "az1"}}, china_az1{{"region", "China"}, {"az", "az1"}};
  const L s1{{"security", "S1"}}, s2{{"security", "S2"}};
  auto stay_s1 = [&](PodBuilder b) { return b.PreferredPodAffinityTerm(kAff, 5, "region", In("security", {"S1"})); };
  auto stay_s2 = [&](PodBuilder b) { return b.PreferredPodAffinityTerm(kAff, 6, "region", In("security", {"S2"})); };
  auto affinity3 = [&](PodBuilder b) {
    return b.PreferredPodAffinityTerm(kAff, 8, "region", MakeLabelSelector().NotIn("security", {"S1"}).In("security", {"S2"}).Obj())
        .PreferredPodAffinityTerm(kAff, 2, "region", MakeLabelSelector().Exists("security").NotExist("wrongkey").Obj());
  };
  auto ns_sel = [&](PodBuilder b) {
    return b.PreferredPodAffinityTerm(kAff, 5, "region", In("security", {"S1"}), {"subteam2.team2"}, In("team", {"team1"}));
  };
  struct ScoreCase {
    const char* name;
    framework::Pod pod;
    std::vector<framework::Pod> pods;
    std::vector<std::pair<std::string, L>> nodes;
    std::vector<int64_t> want;  // empty: PreScore skips
  };
  const std::vector<std::pair<std::string, L>> three = {{"node1", china}, {"node2", india}, {"node3", az1}};
  const std::vector<ScoreCase> cases = {
      {"Affinity nil: all same", Labeled(s1).pod, {}, three, {}},
      {"matching topology key and pods scores high", stay_s1(Labeled(s1)).pod,
       {Labeled(s1).Node("node1").pod, Labeled(s2).Node("node2").pod, Labeled(s1).Node("node3").pod}, three, {100, 0, 0}},
      {"same topology value, same score", stay_s1(PodBuilder()).pod, {Labeled(s1).Node("node1").pod},
       {{"node1", china}, {"node2", china_az1}, {"node3", india}}, {100, 100, 0}},
      {"region with more matches scores high", stay_s2(Labeled(s1)).pod,
       {Labeled(s2).Node("node1").pod, Labeled(s2).Node("node1").pod, Labeled(s2).Node("node2").pod, Labeled(s2).Node("node3").pod,
        Labeled(s2).Node("node4").pod, Labeled(s2).Node("node5").pod},
       {{"node1", china}, {"node2", india}, {"node3", china}, {"node4", china}, {"node5", india}}, {100, 0, 100, 100, 0}},
      {"different operators, some match failures", affinity3(Labeled(s1)).pod,
       {Labeled(s1).Node("node1").pod, Labeled(s2).Node("node2").pod, Labeled(s1).Node("node3").pod}, three, {20, 100, 0}},
      {"symmetry: existing pods' preferred terms", Labeled(s2).pod,
       {stay_s1(Labeled(s1)).Node("node1").pod, stay_s2(Labeled(s2)).Node("node2").pod}, three, {0, 100, 0}},
      {"symmetry with namespace selector", Labeled(s1, "subteam1.team1").pod,
       {ns_sel(Labeled(s1)).Node("node1").pod, stay_s2(Labeled(s2)).Node("node2").pod}, three, {100, 0, 0}},
  };
  FakeNamespaces namespaces;
  for (const auto& c : cases) {
    std::vector<std::shared_ptr<const framework::Pod>> pods;
    int i = 0;
    for (auto p : c.pods) {
      p.object_meta.uid = "uid" + std::to_string(i++);
      pods.push_back(std::make_shared<const framework::Pod>(p));
    }
    std::vector<std::shared_ptr<const framework::Node>> nodes;
    for (const auto& [name, labels] : c.nodes) {
      testing::NodeBuilder b;
      b.Name(name);
      for (const auto& [k, v] : labels) b.Label(k, v);
      nodes.push_back(b.Obj());
    }
    testing::FakeHandle handle(cache::BuildSnapshot(nodes, pods));
    auto pl = InterPodAffinity::Create({}, handle, &namespaces);
    ASSERT_TRUE(pl.ok());
    framework::CycleState state;
    Status pre = (*pl)->PreScore(state, c.pod, handle.SnapshotLister().List());
    if (c.want.empty()) {
      EXPECT_TRUE(pre.IsSkip()) << c.name;
      continue;
    }
    ASSERT_TRUE(pre.IsSuccess()) << c.name << ": " << pre.Message();
    framework::NodeScoreList scores;
    for (const auto& [name, labels] : c.nodes) {
      int64_t v = 0;
      ASSERT_TRUE((*pl)->Score(state, c.pod, *handle.SnapshotLister().Get(name), &v).IsSuccess());
      scores.push_back({name, v});
    }
    ASSERT_TRUE((*pl)->NormalizeScore(state, c.pod, scores).IsSuccess());
    std::vector<int64_t> got;
    for (const auto& s : scores) got.push_back(s.score);
    EXPECT_EQ(got, c.want) << c.name;
  }
}

TEST(InterPodAffinity, HardPodAffinityWeightValidated) {
  testing::FakeHandle handle(framework::Snapshot{});
  EXPECT_FALSE(InterPodAffinity::Create({101, false}, handle, nullptr).ok());
  EXPECT_FALSE(InterPodAffinity::Create({-1, false}, handle, nullptr).ok());
  EXPECT_TRUE(InterPodAffinity::Create({0, false}, handle, nullptr).ok());
}

}  // namespace
}  // namespace kubecxx::scheduler::plugins
