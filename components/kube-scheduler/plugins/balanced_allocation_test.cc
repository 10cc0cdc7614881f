// Cases from upstream noderesources/balanced_allocation_test.go
// (TestNodeResourcesBalancedAllocation, without the DRA-backed ones) and
// imagelocality/image_locality_test.go (TestImageLocalityPriority, TestNormalizedImageName).
#include "components/kube-scheduler/plugins/balanced_allocation.h"

#include <gtest/gtest.h>

#include "components/kube-scheduler/cache/snapshot_builder.h"
#include "components/kube-scheduler/plugins/image_locality.h"
#include "components/kube-scheduler/testing/test_util.h"

namespace kubecxx::scheduler::plugins {
namespace {

using testing::MakePod;
using testing::Res;
using NodePtr = std::shared_ptr<const framework::Node>;
using PodPtr = std::shared_ptr<const framework::Pod>;

// noderesources makeNode(name, milliCPU, memory, extended): capacity = allocatable, no pods.
NodePtr MakeResNode(const std::string& name, int64_t milli_cpu, int64_t memory, int64_t gpus = 0) {
  framework::Node n;
  n.object_meta.name = name;
  auto& a = n.status.allocatable;
  if (gpus) a.emplace("nvidia.com/gpu", api::Quantity(gpus, api::Format::kDecimalSI));
  a.emplace("cpu", api::Quantity::FromMilli(milli_cpu, api::Format::kDecimalSI));
  a.emplace("memory", api::Quantity(memory, api::Format::kBinarySI));
  n.status.capacity = a;
  return std::make_shared<const framework::Node>(std::move(n));
}

Res CpuMem(const std::string& c, const std::string& m) { return {{"cpu", c}, {"memory", m}}; }
Res Cpu(const std::string& c) { return {{"cpu", c}}; }

struct Case {
  const char* name;
  PodPtr pod;
  std::vector<NodePtr> nodes;
  std::vector<PodPtr> existing;
  std::vector<int64_t> want;
  bool gpu_resources = false;
  bool run_pre = true;
};

TEST(BalancedAllocation, Upstream) {
  const PodPtr big = MakePod().Req(CpuMem("1000m", "2000")).Req(CpuMem("2000m", "3000")).Obj();
  const std::vector<PodPtr> cpu_then_both = {
      MakePod().UID("e1").Node("node1").Req(Cpu("1000m")).Req(Cpu("2000m")).Obj(),
      MakePod().UID("e2").Node("node2").Req(CpuMem("1000m", "2000")).Req(CpuMem("2000m", "3000")).Obj()};
  const std::vector<Case> cases = {
      {"nothing scheduled, resources requested, differently sized nodes", big,
       {MakeResNode("node1", 4000, 10000), MakeResNode("node2", 6000, 10000)}, {}, {68, 75}},
      {"resources requested, pods scheduled with resources", big,
       {MakeResNode("node1", 10000, 20000), MakeResNode("node2", 10000, 20000)}, cpu_then_both, {73, 74}},
      {"differently sized nodes", big, {MakeResNode("node1", 10000, 20000), MakeResNode("node2", 10000, 50000)}, cpu_then_both,
       {73, 70}},
      {"nodes to reach min/max score", MakePod().Req({{"memory", "2000"}}).Req({{"memory", "3000"}}).Obj(),
       {MakeResNode("node1", 3000, 5000), MakeResNode("node2", 3000, 5000)},
       {MakePod().UID("e1").Node("node1").Req(Cpu("1000m")).Req(Cpu("2000m")).Obj()}, {100, 50}},
      {"requested resources at node capacity", MakePod().Req(Cpu("1000m")).Req(Cpu("2000m")).Obj(),
       {MakeResNode("node1", 6000, 10000), MakeResNode("node2", 6000, 10000)}, cpu_then_both, {62, 62}},
      {"scalar resource included when requested", MakePod().Req({{"cpu", "0"}, {"memory", "0"}, {"nvidia.com/gpu", "1"}}).Obj(),
       {MakeResNode("node1", 3500, 40000, 8), MakeResNode("node2", 3500, 40000, 8)},
       {MakePod().UID("e1").Node("node1").Req(CpuMem("1000m", "2000")).Req({{"cpu", "2000m"}, {"memory", "3000"}, {"nvidia.com/gpu", "3"}}).Obj(),
        MakePod().UID("e2").Node("node2").Req(CpuMem("1000m", "2000")).Req(CpuMem("2000m", "3000")).Obj()},
       {75, 76}, true},
      {"scalar resource not included when not requested", big,
       {MakeResNode("node1", 3500, 40000, 8), MakeResNode("node2", 3500, 40000)}, {}, {56, 56}, true},
      {"PreScore not called", big, {MakeResNode("node1", 10000, 20000), MakeResNode("node2", 10000, 20000)}, cpu_then_both,
       {73, 74}, false, false},
  };
  for (const Case& c : cases) {
    BalancedAllocationArgs args;
    if (c.gpu_resources) args.resources = {{"cpu", 1}, {"memory", 1}, {"nvidia.com/gpu", 1}};
    auto pl = BalancedAllocation::Create(args);
    ASSERT_TRUE(pl.ok());
    framework::Snapshot snap = cache::BuildSnapshot(c.nodes, c.existing);
    framework::NodeScoreList got;
    ASSERT_TRUE(testing::ScoreAll(snap, *c.pod, c.run_pre ? pl->get() : nullptr, **pl, &got).IsSuccess()) << c.name;
    std::vector<int64_t> scores;
    for (const auto& s : got) scores.push_back(s.score);
    EXPECT_EQ(scores, c.want) << c.name;
  }
}

TEST(BalancedAllocation, UpstreamBestEffortSkipsInPreScore) {
  auto pl = BalancedAllocation::Create({});
  ASSERT_TRUE(pl.ok());
  framework::CycleState state;
  EXPECT_TRUE((*pl)->PreScore(state, *MakePod().Obj(), {}).IsSkip());
}

// ---- ImageLocality ----

constexpr int64_t kMb = 1024 * 1024;

NodePtr ImageNode(const std::string& name, std::vector<std::pair<std::vector<std::string>, int64_t>> images) {
  testing::NodeBuilder b;
  b.Name(name);
  for (auto& [names, mb] : images) b.Image(names, mb * kMb);
  return b.Obj();
}

framework::Pod ImagesPod(std::vector<std::string> images, std::vector<std::string> init = {}, std::string volume = "") {
  testing::PodBuilder b;
  for (auto& i : images) b.Container(i);
  for (auto& i : init) {
    api::core::v1::Container c;
    c.image = i;
    b.pod.spec.init_containers.push_back(c);
  }
  if (!volume.empty()) {
    api::core::v1::Volume v;
    v.name = "imageVolume";
    v.volume_source.image.emplace();
    v.volume_source.image->reference = volume;
    b.pod.spec.volumes.push_back(v);
  }
  return b.pod;
}

TEST(ImageLocality, Upstream) {
  auto n403002000 = [](const std::string& n) {
    return ImageNode(n, {{{"gcr.io/40:latest", "gcr.io/40:v1", "gcr.io/40:v1"}, 40},
                         {{"gcr.io/300:latest", "gcr.io/300:v1"}, 300},
                         {{"gcr.io/2000:latest"}, 2000}});
  };
  auto n25010 = [](const std::string& n) {
    return ImageNode(n, {{{"gcr.io/250:latest"}, 250}, {{"gcr.io/10:latest", "gcr.io/10:v1"}, 10}});
  };
  auto n60040900 = [](const std::string& n) {
    return ImageNode(n, {{{"gcr.io/600:latest"}, 600}, {{"gcr.io/40:latest"}, 40}, {{"gcr.io/900:latest"}, 900}});
  };
  auto n300600900 = [](const std::string& n) {
    return ImageNode(n, {{{"gcr.io/300:latest"}, 300}, {{"gcr.io/600:latest"}, 600}, {{"gcr.io/900:latest"}, 900}});
  };
  auto n400030 = [](const std::string& n) { return ImageNode(n, {{{"gcr.io/4000:latest"}, 4000}, {{"gcr.io/30:latest"}, 30}}); };
  auto n203040 = [](const std::string& n) {
    return ImageNode(n, {{{"gcr.io/20:latest"}, 20}, {{"gcr.io/30:latest"}, 30}, {{"gcr.io/40:latest"}, 40}});
  };
  auto none = [](const std::string& n) { return ImageNode(n, {}); };
  struct ImgCase {
    const char* name;
    framework::Pod pod;
    std::vector<NodePtr> nodes;
    std::vector<int64_t> want;
  };
  const std::vector<ImgCase> cases = {
      {"two images spread on two nodes", ImagesPod({"gcr.io/40", "gcr.io/250"}), {n403002000("node1"), n25010("node2")}, {0, 5}},
      {"two images on one node", ImagesPod({"gcr.io/40", "gcr.io/300"}), {n403002000("node1"), n25010("node2")}, {7, 0}},
      {"if exceed limit, use limit", ImagesPod({"gcr.io/10", "gcr.io/4000"}), {n400030("node1"), n25010("node2")}, {100, 0}},
      {"exceed limit with imageless node", ImagesPod({"gcr.io/10", "gcr.io/4000"}),
       {n400030("node1"), n25010("node2"), none("node3")}, {66, 0, 0}},
      {"multiple large images", ImagesPod({"gcr.io/300", "gcr.io/600", "gcr.io/900"}),
       {n60040900("node1"), n300600900("node2"), none("node3")}, {32, 36, 0}},
      {"multiple small images", ImagesPod({"gcr.io/30", "gcr.io/40"}), {n203040("node1"), n400030("node2")}, {1, 0}},
      {"ImageVolume", ImagesPod({"gcr.io/30"}, {}, "gcr.io/300"), {n300600900("node1"), n400030("node2")}, {6, 0}},
      {"same images as containers", ImagesPod({"gcr.io/30", "gcr.io/300"}), {n300600900("node1"), n400030("node2")}, {6, 0}},
      {"init containers", ImagesPod({"gcr.io/30"}, {"gcr.io/300"}), {n403002000("node1"), n203040("node2")}, {6, 0}},
  };
  for (const ImgCase& c : cases) {
    testing::FakeHandle handle(cache::BuildSnapshot(c.nodes, {}));
    ImageLocality pl(handle);
    framework::CycleState state;
    std::vector<int64_t> got;
    for (const auto& ni : handle.SnapshotLister().List()) {
      int64_t s = -1;
      ASSERT_TRUE(pl.Score(state, c.pod, *ni, &s).IsSuccess());
      got.push_back(s);
    }
    EXPECT_EQ(got, c.want) << c.name;
  }
}

TEST(ImageLocality, UpstreamNormalizedImageName) {
  EXPECT_EQ(NormalizedImageName("root"), "root:latest");
  EXPECT_EQ(NormalizedImageName("gcr.io:5000/root"), "gcr.io:5000/root:latest");
  EXPECT_EQ(NormalizedImageName("root:tag"), "root:tag");
  const std::string digest = "root@sha256:4813494d137e1631bba301d5acab6e7bb7aa74ce1185d456565ef51d737677b2";
  EXPECT_EQ(NormalizedImageName(digest), digest);
}

}  // namespace
}  // namespace kubecxx::scheduler::plugins
