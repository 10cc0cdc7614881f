// Cases from upstream nodeaffinity/node_affinity_test.go (TestNodeAffinity,
// TestNodeAffinityPriority): same pods (written as JSON), nodes and expectations.
#include "components/kube-scheduler/plugins/node_affinity.h"

#include <gtest/gtest.h>

#include "components/kube-scheduler/cache/snapshot_builder.h"
#include "components/kube-scheduler/testing/test_util.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using framework::Status;
using Names = std::set<std::string, std::less<>>;

// A pod with required node affinity terms, each given as the JSON of a NodeSelectorTerm.
std::string Required(const std::string& terms) {
  return R"({"spec":{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[)" +
         terms + "]}}}}}";
}
std::string Expr(const std::string& key, const std::string& op, const std::string& values = "") {
  return R"({"key":")" + key + R"(","operator":")" + op + R"(")" + (values.empty() ? "" : R"(,"values":[)" + values + "]") + "}";
}
std::string Term(const std::string& exprs, const std::string& fields = "") {
  std::string out = "{";
  if (!exprs.empty()) out += R"("matchExpressions":[)" + exprs + "]";
  if (!fields.empty()) out += std::string(exprs.empty() ? "" : ",") + R"("matchFields":[)" + fields + "]";
  return out + "}";
}
std::string NameIn(const std::string& v) { return Expr("metadata.name", "In", "\"" + v + "\""); }

struct Case {
  const char* name;
  std::string pod_json;
  std::map<std::string, std::string> labels;
  std::string node_name;
  Status want;
  Status want_pre;
  std::optional<Names> want_pre_result;
  std::string added_json;  // NodeAffinity JSON for args.addedAffinity
  bool run_pre = true;
};

TEST(NodeAffinityFilter, Upstream) {
  const Status pod_reason(Code::kUnschedulableAndUnresolvable, std::string(NodeAffinity::kErrReasonPod));
  const Status skip(Code::kSkip);
  const std::string ns_foo = R"({"spec":{"nodeSelector":{"foo":"bar"}}})";
  const std::vector<Case> cases = {
      {"missing labels", ns_foo, {}, "", pod_reason},
      {"same labels", ns_foo, {{"foo", "bar"}}, "", {}},
      {"node labels are superset", ns_foo, {{"foo", "bar"}, {"baz", "blah"}}, "", {}},
      {"node labels are subset", R"({"spec":{"nodeSelector":{"foo":"bar","baz":"blah"}}})", {{"foo", "bar"}}, "", pod_reason},
      {"In matches", Required(Term(Expr("foo", "In", R"("bar","value2")"))), {{"foo", "bar"}}, "", {}},
      {"Gt matches", Required(Term(Expr("kernel-version", "Gt", R"("0204")"))), {{"kernel-version", "0206"}}, "", {}},
      {"NotIn matches", Required(Term(Expr("mem-type", "NotIn", R"("DDR","DDR2")"))), {{"mem-type", "DDR3"}}, "", {}},
      {"Exists matches", Required(Term(Expr("GPU", "Exists"))), {{"GPU", "NVIDIA-GRID-K1"}}, "", {}},
      {"affinity doesn't match", Required(Term(Expr("foo", "In", R"("value1","value2")"))), {{"foo", "bar"}}, "", pod_reason},
      {"empty MatchExpressions", Required(R"({"matchExpressions":[]})"), {{"foo", "bar"}}, "", pod_reason},
      {"no Affinity", "{}", {{"foo", "bar"}}, "", {}, skip},
      {"Affinity but nil NodeSelector", R"({"spec":{"affinity":{"nodeAffinity":{}}}})", {{"foo", "bar"}}, "", {}, skip},
      {"ANDed matches", Required(Term(Expr("GPU", "Exists") + "," + Expr("GPU", "NotIn", R"("AMD","INTER")"))),
       {{"GPU", "NVIDIA-GRID-K1"}}, "", {}},
      {"ANDed doesn't match", Required(Term(Expr("GPU", "Exists") + "," + Expr("GPU", "In", R"("AMD","INTER")"))),
       {{"GPU", "NVIDIA-GRID-K1"}}, "", pod_reason},
      {"terms ORed", Required(Term(Expr("foo", "In", R"("bar","value2")")) + "," + Term(Expr("diffkey", "In", R"("wrong","value2")"))),
       {{"foo", "bar"}}, "", {}},
      {"affinity and nodeSelector satisfied",
       R"({"spec":{"nodeSelector":{"foo":"bar"},"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[)" +
           Term(Expr("foo", "Exists")) + "]}}}}}",
       {{"foo", "bar"}}, "", {}},
      {"affinity matches, nodeSelector not",
       R"({"spec":{"nodeSelector":{"foo":"bar"},"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[)" +
           Term(Expr("foo", "Exists")) + "]}}}}}",
       {{"foo", "barrrrrr"}}, "", pod_reason},
      {"invalid value", Required(Term(Expr("foo", "NotIn", R"("invalid value: ___@#$%^")"))), {{"foo", "bar"}}, "", pod_reason},
      {"matchFields In matches", Required(Term("", NameIn("node1"))), {}, "node1", {}, {}, Names{"node1"}},
      {"matchFields In does not match", Required(Term("", NameIn("node1"))), {}, "node2", pod_reason, {}, Names{"node1"}},
      {"two terms: fields no, expressions yes", Required(Term("", NameIn("node1") + "," + NameIn("node2")) + "," + Term(Expr("foo", "In", R"("bar")"))),
       {{"foo", "bar"}}, "node2", {}},
      {"one term: fields no, expressions yes", Required(Term(Expr("foo", "In", R"("bar")"), NameIn("node1"))),
       {{"foo", "bar"}}, "node2", pod_reason, {}, Names{"node1"}},
      {"one term: both match", Required(Term(Expr("foo", "In", R"("bar")"), NameIn("node1"))), {{"foo", "bar"}}, "node1", {}, {}, Names{"node1"}},
      {"two terms: neither matches", Required(Term("", NameIn("node1")) + "," + Term(Expr("foo", "In", R"("not-match-to-bar")"))),
       {{"foo", "bar"}}, "node2", pod_reason},
      {"two terms of node.Name affinity", Required(Term("", NameIn("node1")) + "," + Term("", NameIn("node2"))), {}, "node2", {}, {},
       Names{"node1", "node2"}},
      {"two conflicting match field requirements", Required(Term("", NameIn("node1") + "," + NameIn("node2"))), {{"foo", "bar"}}, "node2",
       pod_reason, Status(Code::kUnschedulableAndUnresolvable, std::string(NodeAffinity::kErrReasonConflict))},
      {"matches added affinity and pod's", Required(Term(Expr("zone", "In", R"("foo")"))), {{"zone", "foo"}}, "node2", {}, {}, std::nullopt,
       R"({"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[)" + Term("", NameIn("node2")) + "]}}"},
      {"matches added affinity but not pod's", Required(Term(Expr("zone", "In", R"("bar")"))), {{"zone", "foo"}}, "node2", pod_reason, {},
       std::nullopt, R"({"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[)" + Term("", NameIn("node2")) + "]}}"},
      {"doesn't match added affinity", "{}", {{"zone", "foo"}}, "node2",
       Status(Code::kUnschedulableAndUnresolvable, std::string(NodeAffinity::kErrReasonEnforced)), {}, std::nullopt,
       R"({"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[)" + Term(Expr("zone", "In", R"("bar")")) + "]}}"},
      {"node selector without PreFilter", ns_foo, {{"foo", "bar"}, {"baz", "blah"}}, "", {}, {}, std::nullopt, "", false},
      {"node affinity without PreFilter", Required(Term(Expr("GPU", "Exists") + "," + Expr("GPU", "NotIn", R"("AMD","INTER")"))),
       {{"GPU", "NVIDIA-GRID-K1"}}, "", {}, {}, std::nullopt, "", false},
  };
  for (const Case& c : cases) {
    framework::Pod pod = testing::PodFromJson(c.pod_json);
    framework::Node node;
    node.object_meta.name = c.node_name;
    node.object_meta.labels = c.labels;
    framework::NodeInfo ni;
    ni.SetNode(std::make_shared<const framework::Node>(node));
    NodeAffinityArgs args;
    if (!c.added_json.empty()) {
      args.added_affinity = *(testing::PodFromJson(R"({"spec":{"affinity":{"nodeAffinity":)" + c.added_json + "}}}")
                                .spec.affinity->node_affinity);
    }
    auto pl = NodeAffinity::Create(args);
    ASSERT_TRUE(pl.ok()) << c.name;
    framework::CycleState state;
    if (c.run_pre) {
      framework::PreFilterResult r;
      EXPECT_EQ((*pl)->PreFilter(state, pod, {}, &r), c.want_pre) << c.name;
      EXPECT_EQ(r.node_names, c.want_pre_result) << c.name;
    }
    EXPECT_EQ((*pl)->Filter(state, pod, ni), c.want) << c.name;
  }
}

const char* kAffinity1 = R"({"preferredDuringSchedulingIgnoredDuringExecution":[
  {"weight":2,"preference":{"matchExpressions":[{"key":"foo","operator":"In","values":["bar"]}]}}]})";
const char* kAffinity2 = R"({"preferredDuringSchedulingIgnoredDuringExecution":[
  {"weight":2,"preference":{"matchExpressions":[{"key":"foo","operator":"In","values":["bar"]}]}},
  {"weight":4,"preference":{"matchExpressions":[{"key":"key","operator":"In","values":["value"]}]}},
  {"weight":5,"preference":{"matchExpressions":[{"key":"foo","operator":"In","values":["bar"]},
    {"key":"key","operator":"In","values":["value"]},{"key":"az","operator":"In","values":["az1"]}]}}]})";

framework::Pod WithNodeAffinity(const std::string& json) {
  return testing::PodFromJson(R"({"spec":{"affinity":{"nodeAffinity":)" + json + "}}}");
}

TEST(NodeAffinityScore, Upstream) {
  using L = std::map<std::string, std::string>;
  const L label1{{"foo", "bar"}}, label2{{"key", "value"}}, label3{{"az", "az1"}},
      label4{{"abc", "az11"}, {"def", "az22"}}, label5{{"foo", "bar"}, {"key", "value"}, {"az", "az1"}};
  auto nodes = [](std::vector<std::pair<std::string, L>> spec) {
    std::vector<std::shared_ptr<const framework::Node>> out;
    for (auto& [name, labels] : spec) {
      testing::NodeBuilder b;
      b.Name(name);
      for (auto& [k, v] : labels) b.Label(k, v);
      out.push_back(b.Obj());
    }
    return out;
  };
  struct ScoreCase {
    const char* name;
    framework::Pod pod;
    std::vector<std::shared_ptr<const framework::Node>> nodes;
    std::vector<int64_t> want;
    std::string added;
    bool run_pre = true;
  };
  const std::vector<ScoreCase> cases = {
      {"nil affinity: all equal", framework::Pod{}, nodes({{"node1", label1}, {"node2", label2}, {"node3", label3}}), {0, 0, 0}, "", false},
      {"no node matches", WithNodeAffinity(kAffinity1), nodes({{"node1", label4}, {"node2", label2}, {"node3", label3}}), {0, 0, 0}},
      {"only node1 matches", WithNodeAffinity(kAffinity1), nodes({{"node1", label1}, {"node2", label2}, {"node3", label3}}), {100, 0, 0}},
      {"all match, different priorities", WithNodeAffinity(kAffinity2), nodes({{"node1", label1}, {"node5", label5}, {"node2", label2}}),
       {18, 100, 36}},
      {"added affinity", framework::Pod{}, nodes({{"node1", label1}, {"node2", label2}}), {100, 0}, kAffinity1},
      {"added affinity and pod's", WithNodeAffinity(kAffinity1), nodes({{"node1", label1}, {"node2", label2}, {"node3", label5}}),
       {40, 60, 100},
       R"({"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":3,"preference":{"matchExpressions":[{"key":"key","operator":"In","values":["value"]}]}}]})"},
      {"without PreScore", WithNodeAffinity(kAffinity2), nodes({{"node1", label1}, {"node5", label5}, {"node2", label2}}), {18, 100, 36},
       "", false},
  };
  for (const ScoreCase& c : cases) {
    NodeAffinityArgs args;
    if (!c.added.empty()) args.added_affinity = *(WithNodeAffinity(c.added).spec.affinity->node_affinity);
    auto pl = NodeAffinity::Create(args);
    ASSERT_TRUE(pl.ok());
    framework::Snapshot snap = cache::BuildSnapshot(c.nodes, {});
    framework::NodeScoreList got;
    ASSERT_TRUE(testing::ScoreAll(snap, c.pod, c.run_pre ? pl->get() : nullptr, **pl, &got).IsSuccess()) << c.name;
    std::vector<int64_t> scores;
    for (const auto& s : got) scores.push_back(s.score);
    EXPECT_EQ(scores, c.want) << c.name;
  }
}

TEST(NodeAffinityPreScore, UpstreamSkipAndBrokenAffinity) {
  auto pl = NodeAffinity::Create({});
  ASSERT_TRUE(pl.ok());
  framework::CycleState state;
  EXPECT_TRUE((*pl)->PreScore(state, framework::Pod{}, {}).IsSkip());
  Status s = (*pl)->PreScore(state, WithNodeAffinity(R"({"preferredDuringSchedulingIgnoredDuringExecution":[
    {"weight":2,"preference":{"matchExpressions":[{"key":"invalid key","operator":"In","values":["bar"]}]}}]})"), {});
  EXPECT_EQ(s.code(), Code::kError);
  EXPECT_EQ(s.Message(),
            "[0].matchExpressions[0].key: Invalid value: \"invalid key\": name part must consist of alphanumeric characters, "
            "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
            "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
}

}  // namespace
}  // namespace kubecxx::scheduler::plugins
