// Cases from upstream queuesort/priority_sort_test.go (TestLess),
// schedulinggates/scheduling_gates_test.go (TestPreEnqueue), nodename/node_name_test.go
// (TestNodeName) and nodeunschedulable/node_unschedulable_test.go (TestNodeUnschedulable).
#include "components/kube-scheduler/plugins/simple_plugins.h"

#include <gtest/gtest.h>

#include "components/kube-scheduler/testing/test_util.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using framework::Status;
using testing::MakeNode;
using testing::MakePod;

framework::QueuedPodInfo Queued(int32_t priority, int seconds) {
  framework::QueuedPodInfo q;
  q.pod_info = std::make_shared<const framework::PodInfo>(MakePod().Priority(priority).Obj());
  q.timestamp = std::chrono::system_clock::time_point(std::chrono::seconds(1000 + seconds));
  return q;
}

TEST(PrioritySort, UpstreamLess) {
  PrioritySort pl;
  const int32_t low = 10, high = 100;
  EXPECT_FALSE(pl.Less(Queued(low, 0), Queued(high, 0)));   // p1.priority less than p2.priority
  EXPECT_TRUE(pl.Less(Queued(high, 0), Queued(low, 0)));    // p1.priority greater than p2.priority
  EXPECT_TRUE(pl.Less(Queued(high, 0), Queued(high, 1)));   // equal priority, p1 added earlier
  EXPECT_FALSE(pl.Less(Queued(high, 1), Queued(high, 0)));  // equal priority, p2 added earlier
}

TEST(SchedulingGates, UpstreamPreEnqueue) {
  SchedulingGates pl;
  EXPECT_TRUE(pl.PreEnqueue(MakePod().Name("p").pod).IsSuccess());
  EXPECT_EQ(pl.PreEnqueue(MakePod().Name("p").Gate("foo").Gate("bar").pod),
            Status(Code::kUnschedulableAndUnresolvable, std::string("waiting for scheduling gates: [foo bar]")));
}

Status FilterOn(const framework::FilterPlugin& pl, const framework::Pod& pod, std::shared_ptr<const framework::Node> node) {
  framework::NodeInfo ni;
  ni.SetNode(std::move(node));
  framework::CycleState state;
  return pl.Filter(state, pod, ni);
}

TEST(NodeName, UpstreamFilter) {
  NodeName pl;
  EXPECT_TRUE(FilterOn(pl, framework::Pod{}, MakeNode().Obj()).IsSuccess());               // no host specified
  EXPECT_TRUE(FilterOn(pl, MakePod().Node("foo").pod, MakeNode().Name("foo").Obj()).IsSuccess());  // host matches
  EXPECT_EQ(FilterOn(pl, MakePod().Node("bar").pod, MakeNode().Name("foo").Obj()),         // host doesn't match
            Status(Code::kUnschedulableAndUnresolvable, std::string("node(s) didn't match the requested node name")));
}

TEST(NodeName, PreFilterRestrictsToTheNamedNode) {
  NodeName pl;
  framework::CycleState state;
  framework::PreFilterResult r;
  EXPECT_TRUE(pl.PreFilter(state, MakePod().pod, {}, &r).IsSuccess());
  EXPECT_TRUE(r.AllNodes());
  EXPECT_TRUE(pl.PreFilter(state, MakePod().Node("n1").pod, {}, &r).IsSuccess());
  ASSERT_FALSE(r.AllNodes());
  EXPECT_EQ(*r.node_names, (std::set<std::string, std::less<>>{"n1"}));
}

TEST(NodeUnschedulable, UpstreamFilter) {
  NodeUnschedulable pl;
  EXPECT_EQ(FilterOn(pl, framework::Pod{}, MakeNode().Unschedulable().Obj()),
            Status(Code::kUnschedulableAndUnresolvable, std::string("node(s) were unschedulable")));
  EXPECT_TRUE(FilterOn(pl, framework::Pod{}, MakeNode().Obj()).IsSuccess());
  EXPECT_TRUE(FilterOn(pl, MakePod().Toleration("node.kubernetes.io/unschedulable", "", "", "NoSchedule").pod,
                       MakeNode().Unschedulable().Obj())
                  .IsSuccess());
}

}  // namespace
}  // namespace kubecxx::scheduler::plugins
