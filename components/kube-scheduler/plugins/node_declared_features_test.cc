// NodeDeclaredFeatures: the inference rules of component-helpers' v1.37 feature registry
// (restartallcontainers, usernamespaceshostnetwork, volumebindmountoptions feature
// tests) and the Filter table of upstream nodedeclaredfeatures_test.go (TestFilter: node
// matches / does not match / subset / none declared / some but not all).
#include "components/kube-scheduler/plugins/node_declared_features.h"

#include <gtest/gtest.h>

#include "components/kube-scheduler/testing/test_util.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using Names = std::set<std::string>;

TEST(NodeDeclaredFeatures, InferForScheduling) {
  EXPECT_TRUE(InferRequiredNodeFeatures(framework::Pod{}).empty());
  EXPECT_EQ(InferRequiredNodeFeatures(testing::PodFromJson(
                R"({"spec":{"containers":[{"name":"c","restartPolicyRules":[{"action":"RestartAllContainers","exitCodes":{"operator":"In","values":[42]}}]}]}})")),
            (Names{"RestartAllContainersOnContainerExits"}));
  EXPECT_EQ(InferRequiredNodeFeatures(testing::PodFromJson(
                R"({"spec":{"initContainers":[{"name":"i","restartPolicyRules":[{"action":"RestartAllContainers"}]}]}})")),
            (Names{"RestartAllContainersOnContainerExits"}));
  EXPECT_TRUE(InferRequiredNodeFeatures(testing::PodFromJson(
                  R"({"spec":{"containers":[{"name":"c","restartPolicyRules":[{"action":"Restart"}]}]}})"))
                  .empty());
  EXPECT_EQ(InferRequiredNodeFeatures(testing::PodFromJson(R"({"spec":{"hostNetwork":true,"hostUsers":false}})")),
            (Names{"UserNamespacesHostNetworkSupport"}));
  EXPECT_TRUE(InferRequiredNodeFeatures(testing::PodFromJson(R"({"spec":{"hostNetwork":true,"hostUsers":true}})")).empty());
  EXPECT_TRUE(InferRequiredNodeFeatures(testing::PodFromJson(R"({"spec":{"hostNetwork":true}})")).empty());
  EXPECT_EQ(InferRequiredNodeFeatures(testing::PodFromJson(
                R"({"spec":{"ephemeralContainers":[{"name":"e","volumeMounts":[{"name":"v","mountPath":"/x","bindMountOptions":["ro"]}]}]}})")),
            (Names{"VolumeBindMountOptions"}));
}

framework::Status RunFilter(const framework::Pod& pod, std::vector<std::string> declared) {
  NodeDeclaredFeatures pl;
  framework::CycleState state;
  framework::PreFilterResult r;
  framework::Status pre = pl.PreFilter(state, pod, {}, &r);
  if (!pre.IsSuccess()) return pre;
  framework::Node n;
  n.object_meta.name = "node-1";
  n.status.declared_features = std::move(declared);
  framework::NodeInfo ni;
  ni.SetNode(std::make_shared<const framework::Node>(n));
  return pl.Filter(state, pod, ni);
}

TEST(NodeDeclaredFeatures, UpstreamFilter) {
  // Requires A = RestartAllContainersOnContainerExits and B = UserNamespacesHostNetworkSupport.
  framework::Pod both = testing::PodFromJson(
      R"({"spec":{"hostNetwork":true,"hostUsers":false,"containers":[{"name":"c","restartPolicyRules":[{"action":"RestartAllContainers"}]}]}})");
  const std::string a = "RestartAllContainersOnContainerExits", b = "UserNamespacesHostNetworkSupport",
                    c = "VolumeBindMountOptions";
  const framework::Status reject(Code::kUnschedulableAndUnresolvable, std::string(NodeDeclaredFeatures::kErrReason));
  EXPECT_TRUE(RunFilter(both, {a, b}).IsSuccess());           // node matches requirements
  EXPECT_EQ(RunFilter(both, {b}), reject);                      // does not match
  EXPECT_TRUE(RunFilter(both, {a, b, c}).IsSuccess());        // pod requires a subset
  EXPECT_EQ(RunFilter(both, {}), reject);                       // node has no declared features
  EXPECT_EQ(RunFilter(both, {a}), reject);                      // some but not all
  EXPECT_TRUE(RunFilter(framework::Pod{}, {}).IsSkip());       // nothing required: PreFilter skips
  NodeDeclaredFeatures pl;
  framework::CycleState empty;
  framework::NodeInfo ni;
  ni.SetNode(std::make_shared<const framework::Node>());
  EXPECT_TRUE(pl.Filter(empty, both, ni).IsError());           // error getting pre-filter state
}

}  // namespace
}  // namespace kubecxx::scheduler::plugins
