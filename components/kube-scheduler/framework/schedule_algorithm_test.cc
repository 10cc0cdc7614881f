// numFeasibleNodesToFind cases from upstream schedule_one_test.go
// (TestNumFeasibleNodesToFind); host selection and the FitError message format.
#include "components/kube-scheduler/framework/schedule_algorithm.h"

#include <gtest/gtest.h>

namespace kubecxx::scheduler::framework {
namespace {

TEST(NumFeasibleNodesToFind, Upstream) {
  struct Case {
    int32_t global;
    std::optional<int32_t> profile;
    int32_t nodes;
    int32_t want;
  };
  for (const Case& c : std::vector<Case>{{0, std::nullopt, 10, 10}, {0, 40, 10, 10}, {0, std::nullopt, 1000, 420},
                                         {0, 40, 1000, 400}, {100, 40, 1000, 400}, {40, std::nullopt, 1000, 400},
                                         {0, std::nullopt, 6000, 300}, {0, 40, 6000, 2400}}) {
    ScheduleAlgorithm alg(c.global);
    EXPECT_EQ(alg.NumFeasibleNodesToFind(c.profile, c.nodes), c.want) << c.nodes;
  }
}

TEST(SelectHostIndex, HighestScoreAndHeapTieBreak) {
  std::vector<NodePluginScores> s(5);
  for (int i = 0; i < 5; ++i) s[i].name = "n" + std::to_string(i);
  s[3].total_score = 7;
  EXPECT_EQ(SelectHostIndex(s), 3u);
  // All equal, randomizer 0: Go's heap.Init leaves element 0 at the root.
  for (auto& n : s) n.total_score = 1;
  EXPECT_EQ(SelectHostIndex(s), 0u);
  s[4].randomizer = 9;
  EXPECT_EQ(SelectHostIndex(s), 4u);
}

TEST(FitError, MessageSortedCountsAndPostFilter) {
  FitError e;
  e.num_all_nodes = 5;
  e.diagnosis.node_to_status.Set("a", Status(Code::kUnschedulable, std::string("Insufficient cpu")));
  e.diagnosis.node_to_status.Set("b", Status(Code::kUnschedulable, std::string("Insufficient cpu")));
  e.diagnosis.node_to_status.Set("c", Status(Code::kUnschedulableAndUnresolvable, std::string("node(s) had untolerated taint(s)")));
  e.diagnosis.node_to_status.Set("d", Status(Code::kUnschedulableAndUnresolvable, std::string("node(s) had untolerated taint(s)")));
  e.diagnosis.node_to_status.Set("e", Status(Code::kUnschedulableAndUnresolvable, std::string("node(s) had untolerated taint(s)")));
  EXPECT_EQ(e.Message(), "0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint(s).");
  e.diagnosis.post_filter_msg = "preemption: 0/5 nodes are available: 5 No preemption victims found for incoming pod.";
  EXPECT_EQ(e.Message(),
            "0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint(s). preemption: 0/5 "
            "nodes are available: 5 No preemption victims found for incoming pod.");
  FitError pre;
  pre.num_all_nodes = 3;
  pre.diagnosis.pre_filter_msg = "pod affinity terms conflict";
  EXPECT_EQ(pre.Message(), "0/3 nodes are available: pod affinity terms conflict.");
}

}  // namespace
}  // namespace kubecxx::scheduler::framework
