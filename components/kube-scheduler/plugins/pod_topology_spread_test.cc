// Cases from upstream podtopologyspread/filtering_test.go (TestSingleConstraint,
// TestMultipleConstraints) and scoring_test.go (TestPodTopologySpreadScore): same nodes,
// pods and expected codes / scores, written in a compact notation:
//   node  "name k=v k=v"            (k= is an empty value; "taint" adds upstream's taints)
//   pod   "name node k=v [ns=x] [terminating]"
#include "components/kube-scheduler/plugins/pod_topology_spread.h"

#include <gtest/gtest.h>

#include <sstream>

#include "components/kube-scheduler/cache/snapshot_builder.h"
#include "components/kube-scheduler/testing/test_util.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using testing::MakeLabelSelector;
using testing::MakePod;
using NodePtr = std::shared_ptr<const framework::Node>;
using PodPtr = std::shared_ptr<const framework::Pod>;

std::vector<std::string> Words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::vector<NodePtr> Nodes(std::vector<std::string> specs) {
  std::vector<NodePtr> out;
  for (const auto& spec : specs) {
    auto w = Words(spec);
    testing::NodeBuilder b;
    b.Name(w[0]);
    for (size_t i = 1; i < w.size(); ++i) {
      if (w[i] == "taint") {
        b.Taint("node.kubernetes.io/unschedulable", "", "NoSchedule");
        continue;
      }
      auto eq = w[i].find('=');
      b.Label(w[i].substr(0, eq), w[i].substr(eq + 1));
    }
    out.push_back(b.Obj());
  }
  return out;
}

std::vector<PodPtr> Pods(std::vector<std::string> specs) {
  std::vector<PodPtr> out;
  for (const auto& spec : specs) {
    auto w = Words(spec);
    testing::PodBuilder b;
    b.Name(w[0]).UID(w[0]).Node(w[1]);
    for (size_t i = 2; i < w.size(); ++i) {
      if (w[i] == "terminating") {
        b.Terminating();
        continue;
      }
      auto eq = w[i].find('=');
      if (w[i].substr(0, eq) == "ns") {
        b.Namespace(w[i].substr(eq + 1));
      } else {
        b.Label(w[i].substr(0, eq), w[i].substr(eq + 1));
      }
    }
    out.push_back(b.Obj());
  }
  return out;
}

const testing::LabelSelector kFoo = MakeLabelSelector().Exists("foo").Obj();
const testing::LabelSelector kBar = MakeLabelSelector().Exists("bar").Obj();
const char* kDNS = "DoNotSchedule";
const char* kSA = "ScheduleAnyway";

struct FilterCase {
  const char* name;
  framework::Pod pod;
  std::vector<std::string> nodes;
  std::vector<std::string> pods;
  std::map<std::string, Code> want;
};

const std::vector<std::string> kFourNodes = {"node-a zone=zone1 node=node-a", "node-b zone=zone1 node=node-b",
                                             "node-x zone=zone2 node=node-x", "node-y zone=zone2 node=node-y"};
const std::vector<std::string> k2103 = {"p-a1 node-a foo=", "p-a2 node-a foo=", "p-b1 node-b foo=",
                                        "p-y1 node-y foo=", "p-y2 node-y foo=", "p-y3 node-y foo="};
const Code kOk = Code::kSuccess, kU = Code::kUnschedulable, kUU = Code::kUnschedulableAndUnresolvable;

void RunFilterCases(const std::vector<FilterCase>& cases) {
  for (const auto& c : cases) {
    testing::FakeHandle handle(cache::BuildSnapshot(Nodes(c.nodes), Pods(c.pods)));
    PodTopologySpreadArgs args;
    args.system_defaulting = false;  // ListDefaulting with no default constraints
    auto pl = PodTopologySpread::Create(args, handle, nullptr);
    ASSERT_TRUE(pl.ok());
    framework::CycleState state;
    framework::PreFilterResult r;
    ASSERT_TRUE((*pl)->PreFilter(state, c.pod, handle.SnapshotLister().List(), &r).IsSuccess()) << c.name;
    for (const auto& [node, code] : c.want) {
      const framework::NodeInfo* ni = handle.SnapshotLister().Get(node);
      ASSERT_NE(ni, nullptr);
      framework::Status s = (*pl)->Filter(state, c.pod, *ni);
      EXPECT_EQ(s.code(), code) << c.name << " [" << node << "] " << s.Message();
      if (code == kU) {
        EXPECT_EQ(s.Message(), PodTopologySpread::kErrReasonConstraintsNotMatch);
      } else if (code == kUU) {
        EXPECT_EQ(s.Message(), PodTopologySpread::kErrReasonNodeLabelNotMatch);
      }
    }
  }
}

framework::Pod P(std::vector<std::pair<std::string, std::string>> labels = {{"foo", ""}}) {
  testing::PodBuilder b;
  b.Name("p");
  for (auto& [k, v] : labels) b.Label(k, v);
  return b.pod;
}

TEST(PodTopologySpreadFilter, UpstreamSingleConstraint) {
  auto one = [](const char* key, int skew = 1, const testing::LabelSelector* sel = &kFoo, std::optional<int32_t> md = {},
                framework::Pod base = P()) {
    testing::PodBuilder b{base};
    return b.SpreadConstraint(skew, key, kDNS, sel, md).pod;
  };
  const std::vector<std::string> three = {"node-a node=node-a", "node-b node=node-b", "node-c node=node-c"};
  const std::vector<std::string> two21 = {"p-a1 node-a foo=", "p-a2 node-a foo=", "p-b1 node-b foo=", "p-b2 node-b foo=",
                                          "p-c1 node-c foo="};
  const std::vector<std::string> zone21 = {"p-b1 node-a foo=", "p-b2 node-b foo=", "p-y1 node-y foo="};
  const std::vector<std::string> foo_nodes = {"node-a node=node-a foo=", "node-b node=node-b foo=", "node-x node=node-x foo=",
                                              "node-y node=node-y"};
  const std::vector<std::string> foo_nodes_taint = {"node-a node=node-a foo=", "node-b node=node-b foo=",
                                                    "node-x node=node-x foo=", "node-y node=node-y taint"};
  const std::vector<std::string> pods111 = {"p-b1 node-a foo=", "p-b2 node-b foo=", "p-y1 node-y foo="};
  testing::PodBuilder sel_pod{P()};
  sel_pod.NodeSelector({{"foo", ""}});
  testing::PodBuilder aff_pod{P()};
  aff_pod.NodeAffinityIn("foo", {""});
  auto with = [](framework::Pod base, int skew, const char* key, std::optional<std::string> na, std::optional<std::string> nt) {
    testing::PodBuilder b{base};
    return b.SpreadConstraint(skew, key, kDNS, &kFoo, std::nullopt, na, nt).pod;
  };
  RunFilterCases({
      {"no existing pods", one("zone"), kFourNodes, {}, {{"node-a", kOk}, {"node-b", kOk}, {"node-x", kOk}, {"node-y", kOk}}},
      {"incoming pod doesn't match itself", one("zone", 1, &kBar), kFourNodes, {},
       {{"node-a", kOk}, {"node-b", kOk}, {"node-x", kOk}, {"node-y", kOk}}},
      {"existing pods in a different namespace do not count", one("zone"), kFourNodes,
       {"p-a1 node-a foo= ns=ns1", "p-b1 node-a foo= ns=ns2", "p-x1 node-x foo=", "p-y1 node-y foo="},
       {{"node-a", kOk}, {"node-b", kOk}, {"node-x", kU}, {"node-y", kU}}},
      {"existing pods do not match null selector", one("zone", 1, nullptr), kFourNodes, {"p-x1 node-x foo=", "p-y1 node-y foo="},
       {{"node-a", kOk}, {"node-b", kOk}, {"node-x", kOk}, {"node-y", kOk}}},
      {"3/3, all nodes fit", one("zone"), kFourNodes, k2103, {{"node-a", kOk}, {"node-b", kOk}, {"node-x", kOk}, {"node-y", kOk}}},
      {"1/2 due to absence of label 'zone' on node-b", one("zone"),
       {"node-a zone=zone1 node=node-a", "node-b zon=zone1 node=node-b", "node-x zone=zone2 node=node-x",
        "node-y zone=zone2 node=node-y"},
       {"p-a1 node-a foo=", "p-b1 node-b foo=", "p-x1 node-x foo=", "p-y1 node-y foo="},
       {{"node-a", kOk}, {"node-b", kUU}, {"node-x", kU}, {"node-y", kU}}},
      {"no node has label 'rack'", one("rack"), {"node-a zone=zone1 node=node-a", "node-x zone=zone2 node=node-x"}, {},
       {{"node-a", kUU}, {"node-x", kUU}}},
      {"2/1/0/3, only node-x fits", one("node"), kFourNodes, k2103, {{"node-a", kU}, {"node-b", kU}, {"node-x", kOk}, {"node-y", kU}}},
      {"2/1/0/3, maxSkew 2", one("node", 2), kFourNodes, k2103, {{"node-a", kU}, {"node-b", kOk}, {"node-x", kOk}, {"node-y", kU}}},
      {"2/1/0/3, pod doesn't match itself", one("node", 1, &kFoo, {}, P({{"bar", ""}})), kFourNodes, k2103,
       {{"node-a", kU}, {"node-b", kOk}, {"node-x", kOk}, {"node-y", kU}}},
      {"nodeAffinity, 2/~1~/~0~/3", one("node", 1, &kFoo, {}, [] {
         testing::PodBuilder b{P()};
         return b.NodeAffinityIn("node", {"node-a", "node-y"}).pod;
       }()),
       kFourNodes, k2103, {{"node-a", kOk}, {"node-b", kOk}, {"node-x", kOk}, {"node-y", kU}}},
      {"terminating pods excluded", one("node"), {"node-a node=node-a", "node-b node=node-b"},
       {"p-a node-a foo= terminating", "p-b node-b foo="}, {{"node-a", kOk}, {"node-b", kU}}},
      {"nodeAffinity NotIn, 0/~2~/0/1", one("zone", 1, &kFoo, {}, [] {
         testing::PodBuilder b{P()};
         return b.NodeAffinityNotIn("node", {"node-b"}).pod;
       }()),
       kFourNodes, {"p-b1 node-b foo=", "p-b2 node-b foo=", "p-y1 node-y foo="},
       {{"node-a", kOk}, {"node-b", kOk}, {"node-x", kU}, {"node-y", kU}}},
      {"2/2/1, domains < minDomains", one("node", 2, &kFoo, 4), three, two21, {{"node-a", kU}, {"node-b", kU}, {"node-c", kOk}}},
      {"2/2/1, domains > minDomains", one("node", 2, &kFoo, 2), three, two21, {{"node-a", kOk}, {"node-b", kOk}, {"node-c", kOk}}},
      {"zone 2/1, domains < minDomains", one("zone", 2, &kFoo, 3), kFourNodes, zone21,
       {{"node-a", kU}, {"node-b", kU}, {"node-x", kOk}, {"node-y", kOk}}},
      {"zone 2/1, domains > minDomains", one("zone", 2, &kFoo, 1), kFourNodes, zone21,
       {{"node-a", kOk}, {"node-b", kOk}, {"node-x", kOk}, {"node-y", kOk}}},
      {"NodeAffinityPolicy honored with labelSelectors", with(sel_pod.pod, 1, "node", std::nullopt, std::nullopt), foo_nodes, pods111,
       {{"node-a", kU}, {"node-b", kU}, {"node-x", kOk}, {"node-y", kOk}}},
      {"NodeAffinityPolicy ignored with labelSelectors", with(sel_pod.pod, 1, "node", "Ignore", std::nullopt), foo_nodes, pods111,
       {{"node-a", kU}, {"node-b", kU}, {"node-x", kOk}, {"node-y", kU}}},
      {"NodeAffinityPolicy honored with nodeAffinity", with(aff_pod.pod, 1, "node", std::nullopt, std::nullopt), foo_nodes, pods111,
       {{"node-a", kU}, {"node-b", kU}, {"node-x", kOk}, {"node-y", kOk}}},
      {"NodeAffinityPolicy ignored with nodeAffinity", with(aff_pod.pod, 1, "node", "Ignore", std::nullopt), foo_nodes, pods111,
       {{"node-a", kU}, {"node-b", kU}, {"node-x", kOk}, {"node-y", kU}}},
      {"NodeTaintsPolicy honored", with(P(), 1, "node", std::nullopt, "Honor"), foo_nodes_taint, pods111,
       {{"node-a", kU}, {"node-b", kU}, {"node-x", kOk}, {"node-y", kOk}}},
      {"NodeTaintsPolicy ignored", with(P(), 1, "node", std::nullopt, std::nullopt), foo_nodes_taint, pods111,
       {{"node-a", kU}, {"node-b", kU}, {"node-x", kOk}, {"node-y", kU}}},
  });
}

TEST(PodTopologySpreadFilter, UpstreamMultipleConstraints) {
  auto two = [](const testing::LabelSelector* zone_sel, const testing::LabelSelector* node_sel, framework::Pod base) {
    testing::PodBuilder b{base};
    return b.SpreadConstraint(1, "zone", kDNS, zone_sel).SpreadConstraint(1, "node", kDNS, node_sel).pod;
  };
  auto k2104 = k2103;
  k2104.push_back("p-y4 node-y foo=");
  RunFilterCases({
      {"spreads = [3/3, 2/1/0/3]", two(&kFoo, &kFoo, P()), kFourNodes, k2103,
       {{"node-a", kU}, {"node-b", kU}, {"node-x", kOk}, {"node-y", kU}}},
      {"spreads = [3/4, 2/1/0/4]", two(&kFoo, &kFoo, P()), kFourNodes, k2104,
       {{"node-a", kU}, {"node-b", kU}, {"node-x", kU}, {"node-y", kU}}},
  });
}

// MatchLabelKeys: the pod's value of a listed key is ANDed into the selector.
TEST(PodTopologySpreadFilter, MatchLabelKeysMergeIntoSelector) {
  testing::PodBuilder b{P({{"foo", ""}, {"rev", "2"}})};
  b.SpreadConstraint(1, "node", kDNS, &kFoo, std::nullopt, std::nullopt, std::nullopt, {"rev", "absent"});
  // Only pods with rev=2 count: node-a has two old ones (rev=1), node-b one current.
  RunFilterCases({{"matchLabelKeys", b.pod, {"node-a node=node-a", "node-b node=node-b"},
                   {"p-a1 node-a foo= rev=1", "p-a2 node-a foo= rev=1", "p-b1 node-b foo= rev=2"},
                   {{"node-a", kOk}, {"node-b", kU}}}});
}

struct ScoreCase {
  const char* name;
  framework::Pod pod;
  std::vector<std::string> pods;
  std::vector<std::string> nodes;
  std::vector<std::string> failed;
  std::vector<int64_t> want;
  std::map<std::string, std::string> service;  // selector of one Service in the pod's namespace
};

class FakeWorkloads : public WorkloadLister {
 public:
  std::vector<std::shared_ptr<const api::core::v1::Service>> services;
  std::vector<std::shared_ptr<const api::core::v1::Service>> Services(std::string_view) const override { return services; }
  std::shared_ptr<const api::core::v1::ReplicationController> ReplicationController(std::string_view, std::string_view) const override {
    return nullptr;
  }
  std::shared_ptr<const api::apps::v1::ReplicaSet> ReplicaSet(std::string_view, std::string_view) const override { return nullptr; }
  std::shared_ptr<const api::apps::v1::StatefulSet> StatefulSet(std::string_view, std::string_view) const override { return nullptr; }
};

TEST(PodTopologySpreadScore, Upstream) {
  const char* kHost = "kubernetes.io/hostname";
  auto sc = [&](std::vector<std::tuple<int, std::string, const testing::LabelSelector*>> cs,
                std::vector<std::pair<std::string, std::string>> labels = {{"foo", ""}}) {
    testing::PodBuilder b{P(labels)};
    for (auto& [skew, key, sel] : cs) b.SpreadConstraint(skew, key, kSA, sel);
    return b.pod;
  };
  auto hn = [&](std::vector<std::string> names) {
    std::vector<std::string> out;
    for (auto& n : names) out.push_back(n + " " + kHost + "=" + n);
    return out;
  };
  const std::vector<std::string> p4103 = {"p-a1 node-a foo=", "p-a2 node-a foo=", "p-b1 node-b foo=",
                                          "p-d1 node-d foo=", "p-d2 node-d foo=", "p-d3 node-d foo="};
  const std::vector<std::string> p4321 = {"p-a1 node-a foo=", "p-a2 node-a foo=", "p-a3 node-a foo=", "p-a4 node-a foo=",
                                          "p-b1 node-b foo=", "p-b2 node-b foo=", "p-b3 node-b foo=", "p-c1 node-c foo=",
                                          "p-c2 node-c foo=", "p-d1 node-d foo="};
  const std::vector<std::string> p4213 = {"p-a1 node-a foo=", "p-a2 node-a foo=", "p-a3 node-a foo=", "p-a4 node-a foo=",
                                          "p-b1 node-b foo=", "p-b2 node-b foo=", "p-x1 node-x foo=", "p-y1 node-y foo=",
                                          "p-y2 node-y foo=", "p-y3 node-y foo="};
  const std::string z1 = std::string("zone=zone1 ") + kHost + "=", z2 = std::string("zone=zone2 ") + kHost + "=";
  const std::vector<ScoreCase> cases = {
      {"one constraint on node, no existing pods", sc({{1, kHost, &kFoo}}), {}, hn({"node-a", "node-b"}), {}, {100, 100}},
      {"only one node is candidate", sc({{1, kHost, &kFoo}}), {"p-a1 node-a foo=", "p-a2 node-a foo=", "p-b1 node-b foo="},
       hn({"node-a"}), hn({"node-b"}), {100}},
      {"same number of matching pods", sc({{1, kHost, &kFoo}}), {"p-a1 node-a foo=", "p-b1 node-b foo="}, hn({"node-a", "node-b"}),
       {}, {100, 100}},
      {"all 4 nodes are candidates", sc({{1, kHost, &kFoo}}), p4103, hn({"node-a", "node-b", "node-c", "node-d"}), {},
       {20, 60, 100, 0}},
      {"null selector", sc({{1, kHost, nullptr}}), p4103, hn({"node-a", "node-b", "node-c", "node-d"}), {}, {100, 100, 100, 100}},
      {"maxSkew=2", sc({{2, kHost, &kFoo}}), p4103, hn({"node-a", "node-b", "node-c", "node-d"}), {}, {33, 66, 100, 16}},
      {"maxSkew=3", sc({{3, kHost, &kFoo}}), p4321, hn({"node-a", "node-b", "node-c", "node-d"}), {}, {44, 66, 77, 100}},
      {"system defaulting, pods match service", P(), p4321, hn({"node-a", "node-b", "node-c", "node-d"}), {}, {44, 66, 77, 100},
       {{"foo", ""}}},
      {"3 out of 4 nodes are candidates", sc({{1, kHost, &kFoo}}), p4213, hn({"node-a", "node-b", "node-x"}), hn({"node-y"}),
       {33, 83, 100}},
      {"one node doesn't match topology key", sc({{1, kHost, &kFoo}}), p4213,
       {std::string("node-a ") + kHost + "=node-a", "node-b n=node-b", std::string("node-x ") + kHost + "=node-x"}, hn({"node-y"}),
       {16, 0, 100}},
      {"one constraint on zone, 3 out of 4 candidates", sc({{1, "zone", &kFoo}}), p4213,
       {"node-a " + z1 + "node-a", "node-b " + z1 + "node-b", "node-x " + z2 + "node-x"}, {"node-y " + z2 + "node-y"},
       {75, 75, 100}},
      {"zone and node, 2 out of 4", sc({{1, "zone", &kFoo}, {1, kHost, &kFoo}}),
       {"p-a1 node-a foo=", "p-a2 node-a foo=", "p-b1 node-b foo=", "p-x1 node-x foo=", "p-x2 node-x foo=", "p-y1 node-y foo=",
        "p-y2 node-y foo=", "p-y3 node-y foo=", "p-y4 node-y foo="},
       {"node-a " + z1 + "node-a", "node-x " + z2 + "node-x"}, {"node-b " + z1 + "node-b", "node-y " + z2 + "node-y"}, {100, 63}},
      {"two constraints on zone, 2 out of 4", sc({{1, "zone", &kFoo}, {1, "zone", &kBar}}, {{"foo", ""}, {"bar", ""}}),
       {"p-a1 node-a foo= bar=", "p-a2 node-a foo=", "p-b1 node-b foo= bar=", "p-y1 node-y foo=", "p-y2 node-y foo= bar=",
        "p-y3 node-y foo="},
       {"node-a zone=zone1", "node-x zone=zone2"}, {"node-b zone=zone1", "node-y zone=zone2"}, {85, 100}},
      {"zone and node, different selectors", sc({{1, "zone", &kFoo}, {1, kHost, &kBar}}, {{"foo", ""}, {"bar", ""}}),
       {"p-a1 node-a foo=", "p-b1 node-b foo= bar=", "p-y1 node-y foo=", "p-y2 node-y bar="},
       {"node-a " + z1 + "node-a", "node-b " + z1 + "node-b", "node-x " + z2 + "node-x", "node-y " + z2 + "node-y"}, {},
       {60, 20, 100, 60}},
      {"different selectors, some nodes have 0 pods", sc({{1, "zone", &kFoo}, {1, kHost, &kBar}}, {{"foo", ""}, {"bar", ""}}),
       {"p-b1 node-b bar=", "p-x1 node-x foo=", "p-y1 node-y foo= bar="},
       {"node-a " + z1 + "node-a", "node-b " + z1 + "node-b", "node-x " + z2 + "node-x", "node-y " + z2 + "node-y"}, {},
       {100, 60, 40, 0}},
  };
  for (const auto& c : cases) {
    auto all = c.nodes;
    all.insert(all.end(), c.failed.begin(), c.failed.end());
    testing::FakeHandle handle(cache::BuildSnapshot(Nodes(all), Pods(c.pods)));
    FakeWorkloads workloads;
    if (!c.service.empty()) {
      api::core::v1::Service svc;
      svc.spec.selector = c.service;
      workloads.services.push_back(std::make_shared<const api::core::v1::Service>(svc));
    }
    auto pl = PodTopologySpread::Create({}, handle, &workloads);  // SystemDefaulting
    ASSERT_TRUE(pl.ok());
    framework::NodeInfoList filtered;
    for (const auto& n : Nodes(c.nodes)) filtered.push_back(handle.SnapshotLister().GetShared(n->object_meta.name));
    framework::CycleState state;
    ASSERT_TRUE((*pl)->PreScore(state, c.pod, filtered).IsSuccess()) << c.name;
    framework::NodeScoreList scores;
    for (const auto& ni : filtered) {
      int64_t s = 0;
      ASSERT_TRUE((*pl)->Score(state, c.pod, *ni, &s).IsSuccess());
      scores.push_back({ni->name(), s});
    }
    ASSERT_TRUE((*pl)->NormalizeScore(state, c.pod, scores).IsSuccess());
    std::vector<int64_t> got;
    for (const auto& s : scores) got.push_back(s.score);
    EXPECT_EQ(got, c.want) << c.name;
  }
}

TEST(PodTopologySpread, PreFilterAndPreScoreSkipWithoutConstraints) {
  testing::FakeHandle handle(cache::BuildSnapshot(Nodes({"n1 kubernetes.io/hostname=n1"}), {}));
  auto pl = PodTopologySpread::Create({}, handle, nullptr);
  ASSERT_TRUE(pl.ok());
  framework::CycleState state;
  framework::PreFilterResult r;
  EXPECT_TRUE((*pl)->PreFilter(state, P(), handle.SnapshotLister().List(), &r).IsSkip());
  // System defaults with no workload selecting the pod: nothing to spread.
  EXPECT_TRUE((*pl)->PreScore(state, P(), handle.SnapshotLister().List()).IsSkip());
}

}  // namespace
}  // namespace kubecxx::scheduler::plugins
