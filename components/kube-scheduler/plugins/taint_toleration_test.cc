// Cases from upstream tainttoleration/taint_toleration_test.go (TestTaintTolerationScore,
// TestTaintTolerationFilter): same inputs, same expectations.
#include "components/kube-scheduler/plugins/taint_toleration.h"

#include <gtest/gtest.h>

#include "components/kube-scheduler/cache/snapshot_builder.h"
#include "components/kube-scheduler/testing/test_util.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using testing::MakeNode;
using testing::MakePod;

std::vector<int64_t> Scores(const framework::Pod& pod, std::vector<std::shared_ptr<const framework::Node>> nodes) {
  TaintToleration pl;
  framework::NodeScoreList got;
  EXPECT_TRUE(testing::ScoreAll(cache::BuildSnapshot(nodes, {}), pod, &pl, pl, &got).IsSuccess());
  std::vector<int64_t> out;
  for (auto& s : got) out.push_back(s.score);
  return out;
}

TEST(TaintTolerationScore, Upstream) {
  const char* kPNS = "PreferNoSchedule";
  EXPECT_EQ(Scores(MakePod().Toleration("foo", "Equal", "bar", kPNS).pod,
                   {MakeNode().Name("nodeA").Taint("foo", "bar", kPNS).Obj(),
                    MakeNode().Name("nodeB").Taint("foo", "blah", kPNS).Obj()}),
            (std::vector<int64_t>{100, 0}));
  EXPECT_EQ(Scores(MakePod().Toleration("cpu-type", "Equal", "arm64", kPNS).Toleration("disk-type", "Equal", "ssd", kPNS).pod,
                   {MakeNode().Name("nodeA").Obj(), MakeNode().Name("nodeB").Taint("cpu-type", "arm64", kPNS).Obj(),
                    MakeNode().Name("nodeC").Taint("cpu-type", "arm64", kPNS).Taint("disk-type", "ssd", kPNS).Obj()}),
            (std::vector<int64_t>{100, 100, 100}));
  EXPECT_EQ(Scores(MakePod().Toleration("foo", "Equal", "bar", kPNS).pod,
                   {MakeNode().Name("nodeA").Obj(), MakeNode().Name("nodeB").Taint("cpu-type", "arm64", kPNS).Obj(),
                    MakeNode().Name("nodeC").Taint("cpu-type", "arm64", kPNS).Taint("disk-type", "ssd", kPNS).Obj()}),
            (std::vector<int64_t>{100, 50, 0}));
}

TEST(TaintTolerationFilter, Upstream) {
  TaintToleration pl;
  framework::CycleState state;
  auto filter = [&](const framework::Pod& pod, std::shared_ptr<const framework::Node> node) {
    framework::NodeInfo ni;
    ni.SetNode(std::move(node));
    return pl.Filter(state, pod, ni);
  };
  const framework::Status reject(Code::kUnschedulableAndUnresolvable, std::string("node(s) had untolerated taint(s)"));
  // "A pod having no tolerations can't be scheduled onto a node with nonempty taints"
  EXPECT_EQ(filter(MakePod().pod, MakeNode().Name("nodeA").Taint("dedicated", "user1", "NoSchedule").Obj()), reject);
  // "A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule"
  EXPECT_TRUE(filter(MakePod().Toleration("dedicated", "Equal", "user1", "NoSchedule").pod,
                     MakeNode().Name("nodeA").Taint("dedicated", "user1", "NoSchedule").Obj()).IsSuccess());
  // "A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule"
  EXPECT_EQ(filter(MakePod().Toleration("dedicated", "Equal", "user2", "NoSchedule").pod,
                   MakeNode().Name("nodeA").Taint("dedicated", "user1", "NoSchedule").Obj()), reject);
  // "A pod can be scheduled onto the node, with a toleration uses operator Exists"
  EXPECT_TRUE(filter(MakePod().Toleration("foo", "Exists", "", "NoSchedule").pod,
                     MakeNode().Name("nodeA").Taint("foo", "bar", "NoSchedule").Obj()).IsSuccess());
  // "The pod has a toleration that key and value don't match the taint on the node, but
  //  the effect of taint on node is PreferNoSchedule. Pod can be scheduled"
  EXPECT_TRUE(filter(MakePod().Toleration("dedicated", "Equal", "user2", "NoSchedule").pod,
                     MakeNode().Name("nodeA").Taint("dedicated", "user1", "PreferNoSchedule").Obj()).IsSuccess());
}

}  // namespace
}  // namespace kubecxx::scheduler::plugins
