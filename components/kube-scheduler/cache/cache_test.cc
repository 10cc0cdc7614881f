// SchedulerCache: cases after upstream backend/cache/cache_test.go (TestAssumePodScheduled,
// TestAddPodWillConfirm, TestAddPodWillReplaceAssumed, TestUpdatePod, TestRemovePod,
// TestForgetPod, TestNodeOperators, TestSchedulerCache_UpdateSnapshot's incremental rule).
#include "components/kube-scheduler/cache/cache.h"

#include <gtest/gtest.h>

#include "components/kube-scheduler/testing/test_util.h"

namespace kubecxx::scheduler::cache {
namespace {

using testing::MakeNode;
using testing::MakePod;

// makeBasePod(node, name, cpu, mem, extended, ports).
SchedulerCache::PodPtr BasePod(const std::string& node, const std::string& name, const std::string& cpu,
                               const std::string& mem, int port) {
  testing::PodBuilder b;
  b.Name(name).UID(name).Namespace("node_info_cache_test").Node(node);
  testing::Res r;
  if (!cpu.empty()) r["cpu"] = cpu;
  if (!mem.empty()) r["memory"] = mem;
  if (r.empty()) {
    b.Container("img");
  } else {
    b.Req(r);
  }
  b.HostPort(port, "TCP", "127.0.0.1");
  return b.Obj();
}

const framework::NodeInfo* SnapNode(SchedulerCache& c, CacheSnapshot* s, const std::string& name) {
  c.UpdateSnapshot(s);
  return s->snapshot->Get(name);
}

TEST(SchedulerCache, UpstreamAssumePodScheduled) {
  SchedulerCache c;
  c.AddNode(MakeNode().Name("node").Obj());
  ASSERT_TRUE(c.AssumePod(BasePod("node", "p1", "100m", "500", 80)).ok());
  ASSERT_TRUE(c.AssumePod(BasePod("node", "p2", "200m", "1Ki", 8080)).ok());
  ASSERT_TRUE(c.AssumePod(BasePod("node", "p3", "", "", 81)).ok());  // non-zero defaults
  CacheSnapshot snap;
  const framework::NodeInfo* ni = SnapNode(c, &snap, "node");
  ASSERT_NE(ni, nullptr);
  EXPECT_EQ(ni->requested().milli_cpu, 300);
  EXPECT_EQ(ni->requested().memory, 1524);
  EXPECT_EQ(ni->non_zero_requested().milli_cpu, 300 + framework::kDefaultMilliCPURequest);
  EXPECT_EQ(ni->non_zero_requested().memory, 1524 + framework::kDefaultMemoryRequest);
  EXPECT_EQ(ni->used_ports().Len(), 3u);
  EXPECT_EQ(c.AssumedPodCount(), 3u);
  // Assuming twice fails with upstream's text.
  Status again = c.AssumePod(BasePod("node", "p1", "100m", "500", 80));
  EXPECT_EQ(again.message(), "pod p1(node_info_cache_test/p1) is in the cache, so can't be assumed");
  // Forget undoes the assumption.
  ASSERT_TRUE(c.ForgetPod(*BasePod("node", "p2", "200m", "1Ki", 8080)).ok());
  ni = SnapNode(c, &snap, "node");
  EXPECT_EQ(ni->requested().milli_cpu, 100);
  EXPECT_EQ(c.AssumedPodCount(), 2u);
}

TEST(SchedulerCache, UpstreamAddPodWillConfirmAndReplace) {
  SchedulerCache c;
  c.AddNode(MakeNode().Name("assumed-node").Obj());
  c.AddNode(MakeNode().Name("actual-node").Obj());
  auto assumed = BasePod("assumed-node", "p", "100m", "500", 80);
  ASSERT_TRUE(c.AssumePod(assumed).ok());
  EXPECT_TRUE(c.IsAssumedPod(*assumed));
  // The informer reports it bound to a different node: the cache moves it.
  auto actual = BasePod("actual-node", "p", "200m", "500", 0);
  ASSERT_TRUE(c.AddPod(actual).ok());
  EXPECT_FALSE(c.IsAssumedPod(*assumed));
  CacheSnapshot snap;
  c.UpdateSnapshot(&snap);
  EXPECT_TRUE(snap.snapshot->Get("assumed-node")->pods().empty());
  ASSERT_EQ(snap.snapshot->Get("actual-node")->pods().size(), 1u);
  EXPECT_EQ(snap.snapshot->Get("actual-node")->requested().milli_cpu, 200);
  EXPECT_EQ(c.AddPod(actual).message(), "pod p(node_info_cache_test/p) was already in added state");
  // Forgetting a confirmed pod is an error.
  EXPECT_EQ(c.ForgetPod(*actual).message(), "pod p(node_info_cache_test/p) is not assumed, so it cannot be removed or forgotten");
}

TEST(SchedulerCache, UpstreamForgetPodWrongNode) {
  SchedulerCache c;
  auto pod = BasePod("n1", "p", "100m", "500", 80);
  ASSERT_TRUE(c.AssumePod(pod).ok());
  auto elsewhere = BasePod("n2", "p", "100m", "500", 80);
  EXPECT_EQ(c.ForgetPod(*elsewhere).message(), "pod p(node_info_cache_test/p) was assumed on n2 but assigned to n1");
  ASSERT_TRUE(c.ForgetPod(*pod).ok());
  EXPECT_EQ(c.PodCount(), 0u);
  EXPECT_EQ(c.GetPod(*pod), nullptr);
}

TEST(SchedulerCache, UpstreamUpdateAndRemovePod) {
  SchedulerCache c;
  c.AddNode(MakeNode().Name("node").Obj());
  auto v1 = BasePod("node", "p", "100m", "500", 80);
  auto v2 = BasePod("node", "p", "200m", "1Ki", 8080);
  EXPECT_EQ(c.UpdatePod(*v1, v2).message(), "pod p(node_info_cache_test/p) is not added to scheduler cache, so cannot be updated");
  ASSERT_TRUE(c.AddPod(v1).ok());
  ASSERT_TRUE(c.UpdatePod(*v1, v2).ok());
  CacheSnapshot snap;
  const framework::NodeInfo* ni = SnapNode(c, &snap, "node");
  EXPECT_EQ(ni->requested().milli_cpu, 200);
  EXPECT_TRUE(ni->used_ports().CheckConflict("127.0.0.1", "TCP", 8080));
  EXPECT_FALSE(ni->used_ports().CheckConflict("127.0.0.1", "TCP", 80));
  ASSERT_TRUE(c.RemovePod(*v2).ok());
  EXPECT_EQ(c.RemovePod(*v2).message(), "pod p(node_info_cache_test/p) is not found in scheduler cache, so cannot be removed from it");
  auto assumed = BasePod("node", "q", "1", "1", 0);
  ASSERT_TRUE(c.AssumePod(assumed).ok());
  EXPECT_EQ(c.UpdatePod(*assumed, assumed).message(), "assumed pod q(node_info_cache_test/q) should not be updated");
  api::core::v1::Pod no_uid;
  EXPECT_FALSE(c.AssumePod(std::make_shared<const api::core::v1::Pod>(no_uid)).ok());
}

TEST(SchedulerCache, UpstreamNodeOperators) {
  SchedulerCache c;
  auto node = MakeNode().Name("test-node").Label("topology.kubernetes.io/zone", "z1").Capacity({{"cpu", "1"}}).Image({"img:1"}, 1000).Obj();
  auto pod = BasePod("test-node", "p", "100m", "500", 80);
  ASSERT_TRUE(c.AddPod(pod).ok());  // pod before its node
  c.AddNode(node);
  CacheSnapshot snap;
  const framework::NodeInfo* ni = SnapNode(c, &snap, "test-node");
  ASSERT_NE(ni, nullptr);
  EXPECT_EQ(ni->pods().size(), 1u);
  EXPECT_EQ(ni->allocatable().milli_cpu, 1000);
  EXPECT_EQ(ni->image_states().at("img:1").num_nodes, 1);
  // A second node with the same image raises the count on both.
  c.AddNode(MakeNode().Name("other").Image({"img:1"}, 1000).Obj());
  c.UpdateSnapshot(&snap);
  EXPECT_EQ(snap.snapshot->Get("test-node")->image_states().at("img:1").num_nodes, 2);
  EXPECT_EQ(snap.snapshot->NumNodes(), 2u);
  // Update: new allocatable.
  auto updated = MakeNode().Name("test-node").Label("topology.kubernetes.io/zone", "z1").Capacity({{"cpu", "2"}}).Image({"img:1"}, 1000).Obj();
  c.UpdateNode(*node, updated);
  EXPECT_EQ(SnapNode(c, &snap, "test-node")->allocatable().milli_cpu, 2000);
  // Remove: the node leaves the snapshot and the tree; its pod lingers in the cache.
  ASSERT_TRUE(c.RemoveNode(*updated).ok());
  c.UpdateSnapshot(&snap);
  EXPECT_EQ(snap.snapshot->Get("test-node"), nullptr);
  EXPECT_EQ(snap.snapshot->NumNodes(), 1u);
  EXPECT_EQ(snap.snapshot->Get("other")->image_states().at("img:1").num_nodes, 1);
  EXPECT_EQ(c.NodeCount(), 1u);
  EXPECT_EQ(c.PodCount(), 1u);
  ASSERT_TRUE(c.RemovePod(*pod).ok());
  EXPECT_EQ(c.RemoveNode(*updated).message(), "node test-node is not found");
}

TEST(SchedulerCache, UpdateSnapshotClonesOnlyChangedNodes) {
  SchedulerCache c;
  for (const char* n : {"a", "b", "c"}) c.AddNode(MakeNode().Name(n).Obj());
  CacheSnapshot snap;
  c.UpdateSnapshot(&snap);
  ASSERT_EQ(snap.snapshot->NumNodes(), 3u);
  auto first = snap.snapshot;
  const framework::NodeInfo* a0 = snap.snapshot->Get("a");
  const framework::NodeInfo* b0 = snap.snapshot->Get("b");
  c.UpdateSnapshot(&snap);
  EXPECT_EQ(snap.snapshot, first);  // nothing changed: same snapshot object
  ASSERT_TRUE(c.AddPod(BasePod("b", "p", "1", "1", 0)).ok());
  c.UpdateSnapshot(&snap);
  EXPECT_NE(snap.snapshot, first);
  EXPECT_EQ(snap.snapshot->Get("a"), a0);  // unchanged NodeInfo shared
  EXPECT_NE(snap.snapshot->Get("b"), b0);  // changed one cloned
  EXPECT_EQ(snap.snapshot->Get("b")->pods().size(), 1u);
  EXPECT_TRUE(first->Get("b")->pods().empty());  // the old snapshot is untouched
}

}  // namespace
}  // namespace kubecxx::scheduler::cache
