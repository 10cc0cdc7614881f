// Cases from upstream volumezone/volume_zone_test.go (TestSingleZone, TestWithBinding)
// and nodevolumelimits/csi_test.go (TestCSILimits: attach limits per driver, shared
// volumes, unbound claims counted through their class' provisioner, migrated in-tree
// inline volumes, missing claims, VolumeLimitScaling's missing driver).
#include <gtest/gtest.h>

#include "components/kube-scheduler/plugins/node_volume_limits.h"
#include "components/kube-scheduler/plugins/volume_test_util.h"
#include "components/kube-scheduler/plugins/volume_zone.h"

namespace kubecxx::scheduler::plugins {
namespace {

using api::core::v1::PersistentVolume;
using api::core::v1::PersistentVolumeClaim;
using framework::Code;
using framework::Pod;
using framework::Status;
using voltest::FromJson;

PersistentVolume Pv(std::string name, std::string labels_json, std::string spec_json = "{}") {
  return FromJson<PersistentVolume>(R"({"metadata":{"name":")" + name + R"(","labels":)" + labels_json +
                                    R"(},"spec":)" + spec_json + "}");
}
PersistentVolumeClaim Pvc(std::string name, std::string spec_json) {
  return FromJson<PersistentVolumeClaim>(R"({"metadata":{"name":")" + name + R"(","namespace":"default"},"spec":)" +
                                         spec_json + "}");
}
Pod PodWithClaims(std::vector<std::string> claims, std::string name = "pod") {
  std::string vols;
  for (const auto& c : claims) {
    if (!vols.empty()) vols += ",";
    vols += R"({"name":")" + c + R"(","persistentVolumeClaim":{"claimName":")" + c + R"("}})";
  }
  return FromJson<Pod>(R"({"metadata":{"name":")" + name + R"(","namespace":"default"},"spec":{"volumes":[)" + vols +
                       "]}}");
}

Status RunZone(const VolumeLister& lister, const Pod& pod, const framework::Node& node) {
  VolumeZone pl(&lister);
  framework::CycleState state;
  framework::PreFilterResult r;
  auto ni = voltest::NodeWith(node, {});
  Status s = pl.PreFilter(state, pod, {ni}, &r);
  if (s.IsSkip()) return Status();
  if (!s.IsSuccess()) return s;
  return pl.Filter(state, pod, *ni);
}

class VolumeZoneTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string beta_zone = "failure-domain.beta.kubernetes.io/zone";
    const std::string beta_region = "failure-domain.beta.kubernetes.io/region";
    lister_.Add(Pv("Vol_1", R"({")" + beta_zone + R"(":"us-west1-a"})"));
    lister_.Add(Pv("Vol_2", R"({")" + beta_region + R"(":"us-west1","uselessLabel":"none"})"));
    lister_.Add(Pv("Vol_3", R"({")" + beta_region + R"(":"us-west1"})"));
    lister_.Add(Pv("Vol_Stable_1", R"({"topology.kubernetes.io/zone":"us-west1-a"})"));
    lister_.Add(Pv("Vol_Stable_2", R"({"topology.kubernetes.io/region":"us-west1","uselessLabel":"none"})"));
    lister_.Add(Pv("Vol_Multi", R"({"topology.kubernetes.io/zone":"us-west1-a__us-west1-b"})"));
    for (const char* n : {"1", "2", "3", "Stable_1", "Stable_2", "Multi"}) {
      lister_.Add(Pvc(std::string("PVC_") + n, std::string(R"({"volumeName":"Vol_)") + n + R"("})"));
    }
    lister_.Add(Pvc("PVC_4", R"({"volumeName":"Vol_not_exist"})"));
    lister_.Add(Pvc("PVC_EmptySC", R"({"storageClassName":""})"));
    lister_.Add(Pvc("PVC_NoSC", R"({"storageClassName":"Class_0"})"));
    lister_.Add(Pvc("PVC_WaitSC", R"({"storageClassName":"Class_Wait"})"));
    lister_.Add(Pvc("PVC_ImmediateSC", R"({"storageClassName":"Class_Immediate"})"));
    lister_.Add(FromJson<api::storage::v1::StorageClass>(
        R"({"metadata":{"name":"Class_Wait"},"provisioner":"p","volumeBindingMode":"WaitForFirstConsumer"})"));
    lister_.Add(FromJson<api::storage::v1::StorageClass>(R"({"metadata":{"name":"Class_Immediate"},"provisioner":"p"})"));
  }
  InMemoryVolumeLister lister_;
};

TEST_F(VolumeZoneTest, SingleZone) {
  const std::string beta_zone = "failure-domain.beta.kubernetes.io/zone";
  const std::string beta_region = "failure-domain.beta.kubernetes.io/region";
  const Status conflict(Code::kUnschedulableAndUnresolvable, std::string(kErrReasonVolumeZoneConflict));
  auto node = [](std::map<std::string, std::string> l) { return voltest::NamedNode("host1", std::move(l)); };
  EXPECT_TRUE(RunZone(lister_, Pod{}, node({{beta_zone, "us-west1-a"}})).IsSuccess()) << "pod without volume";
  EXPECT_TRUE(RunZone(lister_, PodWithClaims({"PVC_1"}), node({})).IsSuccess()) << "node without labels";
  EXPECT_TRUE(RunZone(lister_, PodWithClaims({"PVC_1"}), node({{beta_zone, "us-west1-a"}, {"uselessLabel", "none"}}))
                  .IsSuccess());
  EXPECT_TRUE(RunZone(lister_, PodWithClaims({"PVC_2"}), node({{beta_region, "us-west1"}})).IsSuccess());
  EXPECT_EQ(RunZone(lister_, PodWithClaims({"PVC_2"}), node({{beta_region, "us-west2"}})), conflict);
  EXPECT_EQ(RunZone(lister_, PodWithClaims({"PVC_1"}), node({{beta_zone, "us-west1-b"}})), conflict);
  EXPECT_TRUE(RunZone(lister_, PodWithClaims({"PVC_Stable_1"}), node({{"topology.kubernetes.io/zone", "us-west1-a"}}))
                  .IsSuccess());
  EXPECT_EQ(RunZone(lister_, PodWithClaims({"PVC_Stable_2"}), node({{"topology.kubernetes.io/region", "us-west2"}})),
            conflict);
  // A beta label on the PV matches the GA label on the node.
  EXPECT_TRUE(RunZone(lister_, PodWithClaims({"PVC_1"}), node({{"topology.kubernetes.io/zone", "us-west1-a"}}))
                  .IsSuccess());
  // Several zones in one label.
  EXPECT_TRUE(RunZone(lister_, PodWithClaims({"PVC_Multi"}), node({{"topology.kubernetes.io/zone", "us-west1-b"}}))
                  .IsSuccess());
  EXPECT_EQ(RunZone(lister_, PodWithClaims({"PVC_Multi"}), node({{"topology.kubernetes.io/zone", "us-west1-c"}})),
            conflict);
  EXPECT_EQ(RunZone(lister_, PodWithClaims({"PVC_4"}), node({{beta_zone, "us-west1-a"}})),
            Status(Code::kUnschedulableAndUnresolvable, "persistentvolume \"Vol_not_exist\" not found"));
  EXPECT_EQ(RunZone(lister_, PodWithClaims({"PVC_missing"}), node({})),
            Status(Code::kUnschedulableAndUnresolvable, "persistentvolumeclaim \"PVC_missing\" not found"));
}

TEST_F(VolumeZoneTest, WithBinding) {
  auto node = voltest::NamedNode("host1", {{"failure-domain.beta.kubernetes.io/zone", "us-west1-a"}});
  EXPECT_TRUE(RunZone(lister_, PodWithClaims({"PVC_1"}), node).IsSuccess());
  EXPECT_EQ(RunZone(lister_, PodWithClaims({"PVC_EmptySC"}), node),
            Status(Code::kUnschedulableAndUnresolvable, "PersistentVolumeClaim had no pv name and storageClass name"));
  EXPECT_EQ(RunZone(lister_, PodWithClaims({"PVC_NoSC"}), node),
            Status(Code::kUnschedulableAndUnresolvable, "storageclass.storage.k8s.io \"Class_0\" not found"));
  EXPECT_EQ(RunZone(lister_, PodWithClaims({"PVC_ImmediateSC"}), node),
            Status(Code::kUnschedulableAndUnresolvable, "VolumeBindingMode not set for StorageClass \"Class_Immediate\""));
  EXPECT_TRUE(RunZone(lister_, PodWithClaims({"PVC_WaitSC"}), node).IsSuccess());
}

// --- NodeVolumeLimits ----------------------------------------------------------------

class CsiLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 4; ++i) {
      std::string n = std::to_string(i);
      lister_.Add(Pv("csi-ebs.csi.aws.com-" + n, "{}",
                     R"({"csi":{"driver":"ebs.csi.aws.com","volumeHandle":"vol-)" + n + R"("}})"));
      lister_.Add(Pvc("csi-ebs-" + n, R"({"volumeName":"csi-ebs.csi.aws.com-)" + n + R"("})"));
    }
    lister_.Add(FromJson<api::storage::v1::StorageClass>(
        R"({"metadata":{"name":"csi-sc"},"provisioner":"ebs.csi.aws.com","volumeBindingMode":"WaitForFirstConsumer"})"));
    lister_.Add(Pvc("unbound-a", R"({"storageClassName":"csi-sc"})"));
    lister_.Add(FromJson<api::storage::v1::CSINode>(
        R"({"metadata":{"name":"node-1"},"spec":{"drivers":[{"name":"ebs.csi.aws.com","nodeID":"n1","allocatable":{"count":2}}]}})"));
  }
  Status Filter(const Pod& pod, const std::vector<Pod>& existing, std::string node = "node-1") {
    NodeVolumeLimits pl(&lister_, "prefix");
    framework::CycleState state;
    framework::PreFilterResult r;
    auto ni = voltest::NodeWith(voltest::NamedNode(node), existing);
    Status s = pl.PreFilter(state, pod, {ni}, &r);
    if (s.IsSkip()) return Status();
    return pl.Filter(state, pod, *ni);
  }
  InMemoryVolumeLister lister_;
};

TEST_F(CsiLimitsTest, AttachLimits) {
  const Status exceeded(Code::kUnschedulable, std::string(kErrReasonMaxVolumeCountExceeded));
  Pod two_existing = PodWithClaims({"csi-ebs-0", "csi-ebs-1"}, "existing");
  EXPECT_TRUE(Filter(PodWithClaims({"csi-ebs-2"}), {}).IsSuccess()) << "fits when limit is not reached";
  EXPECT_TRUE(Filter(PodWithClaims({"csi-ebs-2"}), {PodWithClaims({"csi-ebs-0"}, "e")}).IsSuccess());
  EXPECT_EQ(Filter(PodWithClaims({"csi-ebs-2"}), {two_existing}), exceeded) << "limit reached";
  EXPECT_TRUE(Filter(PodWithClaims({"csi-ebs-0"}), {two_existing}).IsSuccess()) << "the same volume counts once";
  EXPECT_EQ(Filter(PodWithClaims({"csi-ebs-2", "csi-ebs-3", "csi-ebs-0"}), {}), exceeded) << "new pod alone";
  EXPECT_EQ(Filter(PodWithClaims({"unbound-a"}), {two_existing}), exceeded) << "unbound claim counts";
  EXPECT_TRUE(Filter(PodWithClaims({"csi-ebs-2"}), {two_existing}, "node-without-csinode").IsSuccess());
  EXPECT_EQ(Filter(PodWithClaims({"missing"}), {}),
            Status(Code::kUnschedulableAndUnresolvable,
                   "looking up PVC default/missing: persistentvolumeclaim \"missing\" not found"));
  EXPECT_TRUE(Filter(Pod{}, {two_existing}).IsSuccess()) << "no volumes: PreFilter skips";
  // A migrated inline EBS volume counts against ebs.csi.aws.com.
  Pod inline_ebs = FromJson<Pod>(
      R"({"metadata":{"name":"i","namespace":"default"},"spec":{"volumes":[{"name":"v","awsElasticBlockStore":{"volumeID":"aws://us-east-1a/vol-9"}}]}})");
  EXPECT_EQ(Filter(inline_ebs, {two_existing}), exceeded);
  // A VolumeAttachment to the node counts like a pod's volume.
  lister_.Add(FromJson<api::storage::v1::VolumeAttachment>(
      R"({"metadata":{"name":"va"},"spec":{"attacher":"ebs.csi.aws.com","nodeName":"node-1","source":{"persistentVolumeName":"csi-ebs.csi.aws.com-3"}}})"));
  EXPECT_EQ(Filter(PodWithClaims({"csi-ebs-2"}), {PodWithClaims({"csi-ebs-0"}, "e")}), exceeded);
}

TEST_F(CsiLimitsTest, DriverMissingWithVolumeLimitScaling) {
  lister_.Add(FromJson<api::storage::v1::CSIDriver>(
      R"({"metadata":{"name":"ebs.csi.aws.com"},"spec":{"preventPodSchedulingIfMissing":true}})"));
  lister_.Add(FromJson<api::storage::v1::CSINode>(
      R"({"metadata":{"name":"other"},"spec":{"drivers":[{"name":"other.csi","nodeID":"o","allocatable":{"count":5}}]}})"));
  EXPECT_EQ(Filter(PodWithClaims({"csi-ebs-0"}), {}, "other"),
            Status(Code::kUnschedulable, "ebs.csi.aws.com CSI driver is not installed on the node"));
  EXPECT_TRUE(Filter(PodWithClaims({"csi-ebs-0"}), {}, "node-1").IsSuccess());
}

}  // namespace
}  // namespace kubecxx::scheduler::plugins
