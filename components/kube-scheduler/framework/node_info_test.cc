// Cases from upstream framework/types_test.go (TestNewNodeInfo, TestNodeInfoRemovePod,
// TestNodeInfoClone's sharing) and the HostPortInfo rules of fwk.HostPortInfo.
#include "components/kube-scheduler/framework/node_info.h"

#include <gtest/gtest.h>

#include "components/kube-scheduler/framework/snapshot.h"
#include "components/kube-scheduler/testing/test_util.h"

namespace kubecxx::scheduler::framework {
namespace {

// The two pods of TestNewNodeInfo / TestNodeInfoRemovePod (the first mounts pvc-1 there).
std::vector<std::shared_ptr<const Pod>> TestPods(bool overhead, bool pvc) {
  auto make = [&](const std::string& name, const std::string& cpu, const std::string& mem, int port, bool with_pvc) {
    std::string json = R"({"metadata":{"namespace":"node_info_cache_test","name":")" + name + R"(","uid":")" + name +
                       R"("},"spec":{"nodeName":"test-node","containers":[{"resources":{"requests":{"cpu":")" + cpu +
                       R"(","memory":")" + mem + R"("}},"ports":[{"hostIP":"127.0.0.1","hostPort":)" + std::to_string(port) +
                       R"(,"containerPort":)" + std::to_string(port) + R"(,"protocol":"TCP"}]}])";
    if (with_pvc) json += R"(,"volumes":[{"name":"v","persistentVolumeClaim":{"claimName":"pvc-1"}}])";
    if (overhead) json += R"(,"overhead":{"cpu":"500m","memory":"500"})";
    json += "}}";
    return std::make_shared<const Pod>(testing::PodFromJson(json));
  };
  return {make("test-1", "100m", "500", 80, pvc), make("test-2", "200m", "1Ki", 8080, false)};
}

NodeInfo MakeNodeInfo(const std::vector<std::shared_ptr<const Pod>>& pods) {
  NodeInfo ni;
  auto node = std::make_shared<Node>();
  node->object_meta.name = "test-node";
  ni.SetNode(node);
  for (const auto& p : pods) ni.AddPod(p);
  return ni;
}

TEST(NodeInfo, UpstreamNewNodeInfo) {
  NodeInfo ni = MakeNodeInfo(TestPods(false, false));
  EXPECT_EQ(ni.requested().milli_cpu, 300);
  EXPECT_EQ(ni.requested().memory, 1524);
  EXPECT_EQ(ni.non_zero_requested().milli_cpu, 300);
  EXPECT_EQ(ni.non_zero_requested().memory, 1524);
  EXPECT_EQ(ni.used_ports().Len(), 2u);
  EXPECT_TRUE(ni.used_ports().CheckConflict("127.0.0.1", "TCP", 80));
  EXPECT_TRUE(ni.used_ports().CheckConflict("127.0.0.1", "TCP", 8080));
  EXPECT_FALSE(ni.used_ports().CheckConflict("127.0.0.1", "UDP", 80));
  EXPECT_EQ(ni.pods().size(), 2u);
}

TEST(NodeInfo, UpstreamRemovePod) {
  // Not found: error, nothing changes.
  NodeInfo ni = MakeNodeInfo(TestPods(true, true));
  EXPECT_EQ(ni.requested().milli_cpu, 1300);
  EXPECT_EQ(ni.requested().memory, 2524);
  EXPECT_EQ(ni.pvc_ref_counts().at("node_info_cache_test/pvc-1"), 1);
  int64_t gen = ni.generation();
  Pod missing = testing::MakePod().UID("non-exist").Name("non-exist").Node("test-node").pod;
  kubecxx::Status err = ni.RemovePod(missing);
  EXPECT_EQ(err.code(), StatusCode::kNotFound);
  EXPECT_EQ(err.message(), "no corresponding pod non-exist in pods of node test-node");
  EXPECT_EQ(ni.generation(), gen);
  EXPECT_EQ(ni.requested().milli_cpu, 1300);

  // test-1 removed: its requests (with overhead), port and PVC reference go.
  ASSERT_TRUE(ni.RemovePod(*TestPods(true, true)[0]).ok());
  EXPECT_GT(ni.generation(), gen);
  EXPECT_EQ(ni.requested().milli_cpu, 700);
  EXPECT_EQ(ni.requested().memory, 1524);
  EXPECT_EQ(ni.non_zero_requested().milli_cpu, 700);
  EXPECT_EQ(ni.non_zero_requested().memory, 1524);
  EXPECT_EQ(ni.used_ports().Len(), 1u);
  EXPECT_TRUE(ni.used_ports().CheckConflict("127.0.0.1", "TCP", 8080));
  EXPECT_TRUE(ni.pvc_ref_counts().empty());
  ASSERT_EQ(ni.pods().size(), 1u);
  EXPECT_EQ(ni.pods()[0]->pod().object_meta.name, "test-2");

  Pod no_uid;
  EXPECT_EQ(ni.RemovePod(no_uid).code(), StatusCode::kInvalidArgument);
}

TEST(NodeInfo, CloneSharesPodsAndCopiesSums) {
  NodeInfo ni = MakeNodeInfo(TestPods(false, false));
  auto clone = ni.Clone();
  EXPECT_EQ(clone->pods()[0].get(), ni.pods()[0].get());
  EXPECT_EQ(clone->generation(), ni.generation());
  ASSERT_TRUE(clone->RemovePod(*TestPods(false, false)[0]).ok());
  EXPECT_EQ(ni.pods().size(), 2u);
  EXPECT_EQ(ni.requested().milli_cpu, 300);
  EXPECT_EQ(clone->requested().milli_cpu, 200);
}

TEST(NodeInfo, AffinityListsAndSnapshot) {
  auto with_anti = std::make_shared<const Pod>(testing::PodFromJson(
      R"({"metadata":{"name":"a","uid":"a"},"spec":{"affinity":{"podAntiAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[{"topologyKey":"zone","labelSelector":{}}]}}}})"));
  auto with_pref = std::make_shared<const Pod>(testing::PodFromJson(
      R"({"metadata":{"name":"b","uid":"b"},"spec":{"affinity":{"podAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":1,"podAffinityTerm":{"topologyKey":"zone"}}]}}}})"));
  auto info = std::make_shared<NodeInfo>();
  info->SetNode(testing::MakeNode().Name("n1").Obj());
  info->AddPod(with_anti);
  info->AddPod(with_pref);
  EXPECT_EQ(info->pods_with_affinity().size(), 2u);
  EXPECT_EQ(info->pods_with_required_anti_affinity().size(), 1u);
  auto plain = std::make_shared<NodeInfo>();
  plain->SetNode(testing::MakeNode().Name("n2").Obj());
  Snapshot snap({info, plain});
  EXPECT_EQ(snap.HavePodsWithAffinityList().size(), 1u);
  EXPECT_EQ(snap.HavePodsWithRequiredAntiAffinityList().size(), 1u);
  EXPECT_EQ(snap.Get("n2"), plain.get());
  EXPECT_EQ(snap.Get("n3"), nullptr);
  ASSERT_TRUE(info->RemovePod(*with_anti).ok());
  EXPECT_EQ(info->pods_with_affinity().size(), 1u);
  EXPECT_TRUE(info->pods_with_required_anti_affinity().empty());
}

TEST(HostPortInfo, WildcardAndDefaults) {
  HostPortInfo p;
  p.Add("", "", 80);  // 0.0.0.0 / TCP
  EXPECT_TRUE(p.CheckConflict("10.0.0.1", "TCP", 80));
  EXPECT_TRUE(p.CheckConflict("0.0.0.0", "", 80));
  EXPECT_FALSE(p.CheckConflict("10.0.0.1", "UDP", 80));
  EXPECT_FALSE(p.CheckConflict("10.0.0.1", "TCP", 0));
  p.Remove("0.0.0.0", "TCP", 80);
  EXPECT_EQ(p.Len(), 0u);
}

}  // namespace
}  // namespace kubecxx::scheduler::framework
