// Cases from upstream backend/cache/node_tree_test.go (AddNode, RemoveNode, UpdateNode,
// List, MultiOperations): same nodes, same expected trees and orders.
#include "components/kube-scheduler/cache/node_tree.h"

#include <gtest/gtest.h>

namespace kubecxx::scheduler::cache {
namespace {

using api::core::v1::Node;

Node N(const std::string& name, std::map<std::string, std::string> labels = {}) {
  Node n;
  n.object_meta.name = name;
  n.object_meta.labels = std::move(labels);
  return n;
}

const char* kRegion = "topology.kubernetes.io/region";
const char* kZone = "topology.kubernetes.io/zone";

std::vector<Node> AllNodes() {
  return {N("node-0"),
          N("node-1", {{kRegion, "region-1"}}),
          N("node-2", {{kZone, "zone-2"}}),
          N("node-3", {{kRegion, "region-1"}, {kZone, "zone-2"}}),
          N("node-4", {{kRegion, "region-1"}, {kZone, "zone-2"}}),
          N("node-5", {{kRegion, "region-1"}, {kZone, "zone-3"}}),
          N("node-6", {{kRegion, "region-2"}, {kZone, "zone-2"}}),
          N("node-7", {{kRegion, "region-2"}, {kZone, "zone-2"}}),
          N("node-8", {{kRegion, "region-2"}, {kZone, "zone-2"}}),
          N("node-9", {{kRegion, "region-2"}, {kZone, "zone-2"}, {"failure-domain.beta.kubernetes.io/region", "region-2"},
                       {"failure-domain.beta.kubernetes.io/zone", "zone-2"}}),
          N("node-10", {{"failure-domain.beta.kubernetes.io/region", "region-2"},
                        {"failure-domain.beta.kubernetes.io/zone", "zone-3"}})};
}

std::string Key(const std::string& r, const std::string& z) { return r + std::string(":\0:", 3) + z; }

NodeTree Tree(const std::vector<Node>& nodes, size_t from, size_t to) {
  NodeTree t;
  for (size_t i = from; i < to; ++i) t.AddNode(nodes[i]);
  return t;
}

using Names = std::vector<std::string>;

TEST(NodeTree, UpstreamZoneKeys) {
  auto all = AllNodes();
  EXPECT_EQ(GetZoneKey(all[0]), "");
  EXPECT_EQ(GetZoneKey(all[1]), Key("region-1", ""));
  EXPECT_EQ(GetZoneKey(all[2]), Key("", "zone-2"));
  EXPECT_EQ(GetZoneKey(all[3]), Key("region-1", "zone-2"));
  EXPECT_EQ(GetZoneKey(all[9]), Key("region-2", "zone-2"));
  EXPECT_EQ(GetZoneKey(all[10]), Key("region-2", "zone-3"));
}

TEST(NodeTree, UpstreamAddNode) {
  auto all = AllNodes();
  NodeTree t;
  t.AddNode(all[0]);
  t.AddNode(all[0]);  // same node twice
  EXPECT_EQ(t.NumNodes(), 1u);
  EXPECT_EQ(Tree(all, 0, 7).List(), (Names{"node-0", "node-1", "node-2", "node-3", "node-5", "node-6", "node-4"}));
  EXPECT_EQ(Tree(all, 9, 11).List(), (Names{"node-9", "node-10"}));
}

TEST(NodeTree, UpstreamRemoveNode) {
  auto all = AllNodes();
  NodeTree t = Tree(all, 0, 7);
  ASSERT_TRUE(t.RemoveNode(all[0]).ok());
  EXPECT_EQ(t.List(), (Names{"node-1", "node-2", "node-3", "node-5", "node-6", "node-4"}));
  NodeTree t2 = Tree(all, 0, 7);
  for (int i = 1; i < 4; ++i) ASSERT_TRUE(t2.RemoveNode(all[i]).ok());
  EXPECT_EQ(t2.List(), (Names{"node-0", "node-4", "node-5", "node-6"}));
  NodeTree t3 = Tree(all, 0, 7);
  for (int i = 0; i < 7; ++i) ASSERT_TRUE(t3.RemoveNode(all[i]).ok());
  EXPECT_EQ(t3.NumNodes(), 0u);
  EXPECT_TRUE(t3.List().empty());
  NodeTree empty;
  for (int i = 0; i < 5; ++i) EXPECT_EQ(empty.RemoveNode(all[i]).code(), StatusCode::kNotFound);
}

TEST(NodeTree, UpstreamUpdateNode) {
  auto all = AllNodes();
  NodeTree t = Tree(all, 0, 7);
  t.UpdateNode(&all[0], N("node-0", {{kRegion, "region-1"}, {kZone, "zone-2"}}));
  // region-1:zone-2 now holds node-3, node-4, node-0.
  EXPECT_EQ(t.List(), (Names{"node-1", "node-2", "node-3", "node-5", "node-6", "node-4", "node-0"}));
  NodeTree only = Tree(all, 0, 1);
  only.UpdateNode(&all[0], N("node-0", {{kRegion, "region-1"}, {kZone, "zone-2"}}));
  EXPECT_EQ(only.List(), (Names{"node-0"}));
  EXPECT_EQ(only.NumNodes(), 1u);
  NodeTree fresh = Tree(all, 0, 1);
  Node nonexisting = N("nonexisting-node");
  fresh.UpdateNode(&nonexisting, N("node-new", {{kRegion, "region-1"}, {kZone, "zone-2"}}));
  EXPECT_EQ(fresh.List(), (Names{"node-0", "node-new"}));
}

TEST(NodeTree, UpstreamList) {
  auto all = AllNodes();
  EXPECT_TRUE(NodeTree().List().empty());
  EXPECT_EQ(Tree(all, 0, 1).List(), (Names{"node-0"}));
  EXPECT_EQ(Tree(all, 0, 4).List(), (Names{"node-0", "node-1", "node-2", "node-3"}));
  EXPECT_EQ(Tree(all, 0, 9).List(),
            (Names{"node-0", "node-1", "node-2", "node-3", "node-5", "node-6", "node-4", "node-7", "node-8"}));
}

TEST(NodeTree, UpstreamMultiOperations) {
  auto all = AllNodes();
  auto run = [&](std::vector<Node> add, std::vector<Node> remove, std::string ops) {
    NodeTree t;
    size_t a = 0, r = 0;
    for (char op : ops) {
      if (op == 'a') t.AddNode(add[a++]);
      if (op == 'r') (void)t.RemoveNode(remove[r++]);
    }
    return t.List();
  };
  std::vector<Node> two_to_nine(all.begin() + 2, all.begin() + 9);
  EXPECT_TRUE(run(two_to_nine, two_to_nine, "aaarrr").empty());
  EXPECT_EQ(run(two_to_nine, two_to_nine, "aaar"), (Names{"node-3", "node-4"}));
  EXPECT_EQ(run(two_to_nine, two_to_nine, "aaarrra"), (Names{"node-5"}));
  std::vector<Node> exhausted(all.begin() + 4, all.begin() + 9);
  exhausted.push_back(all[3]);
  EXPECT_EQ(run(exhausted, {}, "aaaaaa"), (Names{"node-4", "node-5", "node-6", "node-3", "node-7", "node-8"}));
  std::vector<Node> zone_add = {all[3], all[4], all[6], all[7]};
  std::vector<Node> zone_remove = {all[3], all[4]};
  EXPECT_EQ(run(zone_add, zone_remove, "aaraar"), (Names{"node-6", "node-7"}));
}

}  // namespace
}  // namespace kubecxx::scheduler::cache
