// Cases from upstream noderesources/fit_test.go (testEnoughRequests),
// least_allocated_test.go and most_allocated_test.go: same inputs, same expectations.
#include "components/kube-scheduler/plugins/node_resources_fit.h"

#include <gtest/gtest.h>

#include "components/kube-scheduler/cache/snapshot_builder.h"
#include "components/kube-scheduler/testing/test_util.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using framework::Status;
using testing::MakeNode;
using testing::MakePod;
using testing::Res;

struct R {
  int64_t cpu = 0, mem = 0, ext = 0;
};

// newResourcePod: one container per usage with cpu (milli), memory and example.com/aaa.
std::vector<api::core::v1::Container> Containers(std::vector<R> usage) {
  std::vector<api::core::v1::Container> out;
  for (const R& r : usage) {
    api::core::v1::Container c;
    c.resources.requests.emplace("cpu", api::Quantity::FromMilli(r.cpu, api::Format::kDecimalSI));
    c.resources.requests.emplace("memory", api::Quantity(r.mem, api::Format::kBinarySI));
    c.resources.requests.emplace("pods", api::Quantity(0, api::Format::kBinarySI));
    c.resources.requests.emplace("ephemeral-storage", api::Quantity(0, api::Format::kBinarySI));
    if (r.ext) c.resources.requests.emplace("example.com/aaa", api::Quantity(r.ext, api::Format::kDecimalSI));
    out.push_back(std::move(c));
  }
  return out;
}

std::shared_ptr<const framework::Pod> ResourcePod(std::vector<R> usage, std::vector<R> init = {}) {
  framework::Pod p;
  p.spec.containers = Containers(std::move(usage));
  p.spec.init_containers = Containers(std::move(init));
  return std::make_shared<const framework::Pod>(std::move(p));
}

// The node of testEnoughRequests: makeAllocatableResources(10, 20, 32, 5, 20, 5).
std::shared_ptr<const framework::Node> FitNode() {
  framework::Node n;
  n.object_meta.name = "node";
  auto& a = n.status.allocatable;
  a.emplace("cpu", api::Quantity::FromMilli(10, api::Format::kDecimalSI));
  a.emplace("memory", api::Quantity(20, api::Format::kBinarySI));
  a.emplace("pods", api::Quantity(32, api::Format::kDecimalSI));
  a.emplace("example.com/aaa", api::Quantity(5, api::Format::kDecimalSI));
  a.emplace("ephemeral-storage", api::Quantity(20, api::Format::kBinarySI));
  a.emplace("hugepages-2Mi", api::Quantity(5, api::Format::kBinarySI));
  n.status.capacity = a;
  return std::make_shared<const framework::Node>(std::move(n));
}

Status RunFilter(const std::shared_ptr<const framework::Pod>& pod, const std::shared_ptr<const framework::Pod>& existing) {
  framework::NodeInfo ni;
  ni.SetNode(FitNode());
  ni.AddPod(existing);
  auto pl = NodeResourcesFit::Create(NodeResourcesFitArgs{});
  EXPECT_TRUE(pl.ok());
  framework::CycleState state;
  framework::PreFilterResult r;
  EXPECT_TRUE((*pl)->PreFilter(state, *pod, {}, &r).IsSuccess());
  return (*pl)->Filter(state, *pod, ni);
}

struct FitCase {
  const char* name;
  std::shared_ptr<const framework::Pod> pod;
  R existing;
  Status want;
};

TEST(NodeResourcesFitFilter, UpstreamEnoughRequests) {
  const Status ok;
  const Status cpu(Code::kUnschedulable, std::string("Insufficient cpu"));
  const Status mem(Code::kUnschedulable, std::string("Insufficient memory"));
  std::vector<FitCase> cases = {
      {"no resources requested always fits", std::make_shared<const framework::Pod>(), {10, 20}, ok},
      {"too many resources fails", ResourcePod({{1, 1}}), {10, 20},
       Status(Code::kUnschedulable, std::vector<std::string>{"Insufficient cpu", "Insufficient memory"})},
      {"too many resources fails due to init container cpu", ResourcePod({{1, 1}}, {{3, 1}}), {8, 19}, cpu},
      {"too many resources fails due to highest init container cpu", ResourcePod({{1, 1}}, {{3, 1}, {2, 1}}), {8, 19}, cpu},
      {"too many resources fails due to init container memory", ResourcePod({{1, 1}}, {{1, 3}}), {9, 19}, mem},
      {"too many resources fails due to highest init container memory", ResourcePod({{1, 1}}, {{1, 3}, {1, 2}}), {9, 19}, mem},
      {"init container fits because it's the max, not sum", ResourcePod({{1, 1}}, {{1, 1}}), {9, 19}, ok},
      {"multiple init containers fit because it's the max", ResourcePod({{1, 1}}, {{1, 1}, {1, 1}}), {9, 19}, ok},
      {"both resources fit", ResourcePod({{1, 1}}), {5, 5}, ok},
      {"one resource memory fits", ResourcePod({{2, 1}}), {9, 5}, cpu},
      {"one resource cpu fits", ResourcePod({{1, 2}}), {5, 19}, mem},
      {"equal edge case", ResourcePod({{5, 1}}), {5, 19}, ok},
      {"equal edge case for init container", ResourcePod({{4, 1}}, {{5, 1}}), {5, 19}, ok},
      {"extended resource fits", ResourcePod({{0, 0, 1}}), {}, ok},
      {"extended resource fits for init container", ResourcePod({{}}, {{0, 0, 1}}), {}, ok},
  };
  for (const FitCase& c : cases) {
    Status got = RunFilter(c.pod, ResourcePod({{c.existing.cpu, c.existing.mem, c.existing.ext}}));
    EXPECT_EQ(got, c.want) << c.name << ": got " << got.Message();
  }
}

TEST(NodeResourcesFitFilter, TooManyPodsAndUnresolvable) {
  // A request above the node's whole allocatable is UnschedulableAndUnresolvable.
  Status got = RunFilter(ResourcePod({{11, 1}}), ResourcePod({{0, 0}}));
  EXPECT_EQ(got.code(), Code::kUnschedulableAndUnresolvable);
  EXPECT_EQ(got.Message(), "Insufficient cpu");
}

struct ScoreCase {
  const char* name;
  std::shared_ptr<const framework::Pod> pod;
  std::vector<std::shared_ptr<const framework::Node>> nodes;
  std::vector<std::shared_ptr<const framework::Pod>> existing;
  std::vector<int64_t> want;
  std::vector<ResourceSpec> resources = DefaultResourceSpecs();
};

auto N(const char* name, Res cap) { return MakeNode().Name(name).Capacity(cap).Obj(); }

void RunScoreCases(ScoringStrategyType type, const std::vector<ScoreCase>& cases) {
  for (const ScoreCase& c : cases) {
    NodeResourcesFitArgs args;
    args.scoring_strategy.type = type;
    args.scoring_strategy.resources = c.resources;
    auto pl = NodeResourcesFit::Create(args);
    ASSERT_TRUE(pl.ok()) << c.name;
    framework::Snapshot snap = cache::BuildSnapshot(c.nodes, c.existing);
    framework::NodeScoreList got;
    ASSERT_TRUE(testing::ScoreAll(snap, *c.pod, pl->get(), **pl, &got).IsSuccess()) << c.name;
    ASSERT_EQ(got.size(), c.want.size()) << c.name;
    for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].score, c.want[i]) << c.name << " " << got[i].name;
  }
}

TEST(NodeResourcesFitScore, UpstreamLeastAllocated) {
  auto req = MakePod().Req({{"cpu", "1000"}, {"memory", "2000"}}).Req({{"cpu", "2000"}, {"memory", "3000"}}).Obj();
  std::vector<ScoreCase> cases = {
      {"nothing scheduled, nothing requested", MakePod().Obj(),
       {N("node1", {{"cpu", "4000"}, {"memory", "10000"}}), N("node2", {{"cpu", "4000"}, {"memory", "10000"}})}, {}, {100, 100}},
      {"nothing scheduled, resources requested, differently sized nodes", req,
       {N("node1", {{"cpu", "4000"}, {"memory", "10000"}}), N("node2", {{"cpu", "6000"}, {"memory", "10000"}})}, {}, {37, 50}},
      {"no resources requested, pods scheduled", MakePod().Obj(),
       {N("node1", {{"cpu", "4000"}, {"memory", "10000"}}), N("node2", {{"cpu", "4000"}, {"memory", "10000"}})},
       {MakePod().Node("node1").Obj(), MakePod().Node("node1").Obj(), MakePod().Node("node2").Obj(), MakePod().Node("node2").Obj()},
       {100, 100}},
      {"no resources requested, pods scheduled with resources", MakePod().Obj(),
       {N("node1", {{"cpu", "10000"}, {"memory", "20000"}}), N("node2", {{"cpu", "10000"}, {"memory", "20000"}})},
       {MakePod().Node("node1").Req({{"cpu", "3000"}, {"memory", "0"}}).Obj(),
        MakePod().Node("node1").Req({{"cpu", "3000"}, {"memory", "0"}}).Obj(),
        MakePod().Node("node2").Req({{"cpu", "3000"}, {"memory", "0"}}).Obj(),
        MakePod().Node("node2").Req({{"cpu", "3000"}, {"memory", "5000"}}).Obj()},
       {70, 57}},
      {"resources requested, pods scheduled with resources", req,
       {N("node1", {{"cpu", "10000"}, {"memory", "20000"}}), N("node2", {{"cpu", "10000"}, {"memory", "20000"}})},
       {MakePod().Node("node1").Req({{"cpu", "3000"}, {"memory", "0"}}).Obj(),
        MakePod().Node("node2").Req({{"cpu", "3000"}, {"memory", "5000"}}).Obj()},
       {57, 45}},
      {"resources requested, pods scheduled with resources, differently sized nodes", req,
       {N("node1", {{"cpu", "10000"}, {"memory", "20000"}}), N("node2", {{"cpu", "10000"}, {"memory", "50000"}})},
       {MakePod().Node("node1").Req({{"cpu", "3000"}, {"memory", "0"}}).Obj(),
        MakePod().Node("node2").Req({{"cpu", "3000"}, {"memory", "5000"}}).Obj()},
       {57, 60}},
      {"requested resources exceed node capacity", MakePod().Req({{"cpu", "3000"}, {"memory", "0"}}).Obj(),
       {N("node1", {{"cpu", "4000"}, {"memory", "10000"}}), N("node2", {{"cpu", "4000"}, {"memory", "10000"}})},
       {MakePod().Node("node1").Req({{"cpu", "3000"}, {"memory", "0"}}).Obj(),
        MakePod().Node("node2").Req({{"cpu", "3000"}, {"memory", "5000"}}).Obj()},
       {50, 25}},
      {"zero node resources, pods scheduled with resources", MakePod().Obj(),
       {MakeNode().Name("node1").Obj(), MakeNode().Name("node2").Obj()},
       {MakePod().Node("node1").Req({{"cpu", "3000"}, {"memory", "0"}}).Obj(),
        MakePod().Node("node2").Req({{"cpu", "3000"}, {"memory", "5000"}}).Obj()},
       {0, 0}},
      {"different weight on CPU and memory, differently sized nodes", req,
       {N("node1", {{"cpu", "4000"}, {"memory", "10000"}}), N("node2", {{"cpu", "6000"}, {"memory", "10000"}})}, {}, {41, 50},
       {{"memory", 2}, {"cpu", 1}}},
  };
  RunScoreCases(ScoringStrategyType::kLeastAllocated, cases);
}

TEST(NodeResourcesFitScore, UpstreamMostAllocated) {
  auto req = MakePod().Req({{"cpu", "1000"}, {"memory", "2000"}}).Req({{"cpu", "2000"}, {"memory", "3000"}}).Obj();
  std::vector<ScoreCase> cases = {
      {"nothing scheduled, nothing requested", MakePod().Obj(),
       {N("node1", {{"cpu", "4000"}, {"memory", "10000"}}), N("node2", {{"cpu", "4000"}, {"memory", "10000"}})}, {}, {0, 0}},
      {"nothing scheduled, resources requested, differently sized nodes", req,
       {N("node1", {{"cpu", "4000"}, {"memory", "10000"}}), N("node2", {{"cpu", "6000"}, {"memory", "10000"}})}, {}, {62, 50}},
      {"no resources requested, pods scheduled with resources", MakePod().Obj(),
       {N("node1", {{"cpu", "10000"}, {"memory", "20000"}}), N("node2", {{"cpu", "10000"}, {"memory", "20000"}})},
       {MakePod().Node("node1").Req({{"cpu", "3000"}, {"memory", "0"}}).Obj(),
        MakePod().Node("node1").Req({{"cpu", "3000"}, {"memory", "0"}}).Obj(),
        MakePod().Node("node2").Req({{"cpu", "3000"}, {"memory", "0"}}).Obj(),
        MakePod().Node("node2").Req({{"cpu", "3000"}, {"memory", "5000"}}).Obj()},
       {30, 42}},
      {"resources requested, pods scheduled with resources", req,
       {N("node1", {{"cpu", "10000"}, {"memory", "20000"}}), N("node2", {{"cpu", "10000"}, {"memory", "20000"}})},
       {MakePod().Node("node1").Req({{"cpu", "3000"}, {"memory", "0"}}).Obj(),
        MakePod().Node("node2").Req({{"cpu", "3000"}, {"memory", "5000"}}).Obj()},
       {42, 55}},
      {"resources requested equal node capacity",
       MakePod().Req({{"cpu", "2000"}, {"memory", "4000"}}).Req({{"cpu", "3000"}, {"memory", "5000"}}).Obj(),
       {N("node1", {{"cpu", "5000"}, {"memory", "10000"}}), N("node2", {{"cpu", "10000"}, {"memory", "9000"}})}, {}, {95, 75}},
      {"different weight, differently sized nodes", req,
       {N("node1", {{"cpu", "4000"}, {"memory", "10000"}}), N("node2", {{"cpu", "6000"}, {"memory", "10000"}})}, {}, {58, 50},
       {{"memory", 2}, {"cpu", 1}}},
      {"no resources requested, pods scheduled, nonzero request for resource", MakePod().Container("container").Obj(),
       {N("node1", {{"cpu", "250m"}, {"memory", "1000Mi"}}), N("node2", {{"cpu", "250m"}, {"memory", "1000Mi"}})},
       {MakePod().Node("node1").Container("container").Obj(), MakePod().Node("node1").Container("container").Obj()},
       {80, 30}},
  };
  RunScoreCases(ScoringStrategyType::kMostAllocated, cases);
}

TEST(NodeResourcesFitArgs, UpstreamWeightValidation) {
  for (int64_t w : {int64_t{-1}, int64_t{0}}) {
    NodeResourcesFitArgs args;
    args.scoring_strategy.resources = {{"memory", w}, {"cpu", 1}};
    EXPECT_FALSE(NodeResourcesFit::Create(args).ok()) << w;
  }
  NodeResourcesFitArgs none;
  none.scoring_strategy.resources = {};
  auto pl = NodeResourcesFit::Create(none);
  ASSERT_TRUE(pl.ok());
  // "Resources not set, pods scheduled with error": Score is an Error.
  framework::Snapshot snap = cache::BuildSnapshot({N("node1", {{"cpu", "4000"}, {"memory", "10000"}})}, {});
  framework::NodeScoreList got;
  EXPECT_EQ(testing::ScoreAll(snap, *MakePod().Req({{"cpu", "1000"}}).Obj(), pl->get(), **pl, &got).code(), Code::kError);
}

}  // namespace
}  // namespace kubecxx::scheduler::plugins
