// Cases from upstream volumerestrictions/volume_restrictions_test.go (TestGCEDiskConflicts,
// TestAWSDiskConflicts, TestRBDDiskConflicts, TestISCSIDiskConflicts,
// TestAccessModeConflicts).
#include "components/kube-scheduler/plugins/volume_restrictions.h"

#include <gtest/gtest.h>

#include "components/kube-scheduler/plugins/volume_test_util.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using framework::Pod;
using framework::Status;
using voltest::FromJson;

Pod WithVolume(std::string_view volume_json, std::string name = "p", std::string uid = "") {
  Pod p = FromJson<Pod>(R"({"metadata":{"name":")" + name + R"(","namespace":"default","uid":")" + uid +
                        R"("},"spec":{"volumes":[)" + std::string(volume_json) + "]}}");
  return p;
}

struct DiskCase {
  const char* name;
  Pod pod;
  std::vector<Pod> existing;
  bool conflict;
};

// Runs PreFilter (Skip = fits) and Filter on one node with the existing pods.
Status RunPlugin(const Pod& pod, const std::vector<Pod>& existing, const InMemoryVolumeLister& lister) {
  auto ni = voltest::NodeWith(voltest::NamedNode("node"), existing);
  testing::FakeHandle handle(framework::Snapshot({ni}));
  VolumeRestrictions pl(handle, &lister);
  framework::CycleState state;
  framework::PreFilterResult r;
  Status s = pl.PreFilter(state, pod, {ni}, &r);
  if (s.IsSkip()) return Status();
  if (!s.IsSuccess()) return s;
  return pl.Filter(state, pod, *ni);
}

void RunDiskCases(const std::vector<DiskCase>& cases) {
  InMemoryVolumeLister lister;
  for (const auto& c : cases) {
    Status s = RunPlugin(c.pod, c.existing, lister);
    if (c.conflict) {
      EXPECT_EQ(s, Status(Code::kUnschedulable, std::string(kErrReasonDiskConflict))) << c.name;
    } else {
      EXPECT_TRUE(s.IsSuccess()) << c.name << ": " << s.Message();
    }
  }
}

TEST(VolumeRestrictions, GCEDiskConflicts) {
  const char* foo = R"({"name":"v","gcePersistentDisk":{"pdName":"foo"}})";
  const char* bar = R"({"name":"v","gcePersistentDisk":{"pdName":"bar"}})";
  const char* foo_ro = R"({"name":"v","gcePersistentDisk":{"pdName":"foo","readOnly":true}})";
  RunDiskCases({
      {"nothing", Pod{}, {}, false},
      {"one state", Pod{}, {Pod{}}, false},
      {"same state", WithVolume(foo), {WithVolume(foo)}, true},
      {"different state", WithVolume(bar), {WithVolume(foo)}, false},
      {"same disk both read-only", WithVolume(foo_ro), {WithVolume(foo_ro)}, false},
      {"same disk one read-only", WithVolume(foo_ro), {WithVolume(foo)}, true},
  });
}

TEST(VolumeRestrictions, AWSDiskConflicts) {
  const char* foo = R"({"name":"v","awsElasticBlockStore":{"volumeID":"foo"}})";
  const char* bar = R"({"name":"v","awsElasticBlockStore":{"volumeID":"bar"}})";
  const char* foo_ro = R"({"name":"v","awsElasticBlockStore":{"volumeID":"foo","readOnly":true}})";
  RunDiskCases({
      {"nothing", Pod{}, {}, false},
      {"one state", Pod{}, {Pod{}}, false},
      {"same state", WithVolume(foo), {WithVolume(foo)}, true},
      {"different state", WithVolume(bar), {WithVolume(foo)}, false},
      {"read-only does not help EBS", WithVolume(foo_ro), {WithVolume(foo_ro)}, true},
  });
}

TEST(VolumeRestrictions, RBDDiskConflicts) {
  const char* ab = R"({"name":"v","rbd":{"monitors":["a","b"],"pool":"foo","image":"bar"}})";
  const char* cd = R"({"name":"v","rbd":{"monitors":["c","d"],"pool":"foo","image":"bar"}})";
  const char* bx = R"({"name":"v","rbd":{"monitors":["b","x"],"pool":"foo","image":"bar"}})";
  const char* other_image = R"({"name":"v","rbd":{"monitors":["a","b"],"pool":"foo","image":"baz"}})";
  RunDiskCases({
      {"nothing", Pod{}, {}, false},
      {"one state", Pod{}, {Pod{}}, false},
      {"same state", WithVolume(ab), {WithVolume(ab)}, true},
      {"different state", WithVolume(cd), {WithVolume(ab)}, false},
      {"overlapping monitors", WithVolume(bx), {WithVolume(ab)}, true},
      {"other image", WithVolume(other_image), {WithVolume(ab)}, false},
  });
}

TEST(VolumeRestrictions, ISCSIDiskConflicts) {
  const char* t1 = R"({"name":"v","iscsi":{"targetPortal":"127.0.0.1:3260","iqn":"iqn.2016-12.server:storage.target01","lun":0}})";
  const char* t2 = R"({"name":"v","iscsi":{"targetPortal":"127.0.0.1:3260","iqn":"iqn.2017-12.server:storage.target01","lun":0}})";
  RunDiskCases({
      {"nothing", Pod{}, {}, false},
      {"one state", Pod{}, {Pod{}}, false},
      {"same state", WithVolume(t1), {WithVolume(t1)}, true},
      {"different state", WithVolume(t2), {WithVolume(t1)}, false},
  });
}

api::core::v1::PersistentVolumeClaim Claim(std::string name, std::string mode) {
  return FromJson<api::core::v1::PersistentVolumeClaim>(R"({"metadata":{"name":")" + name +
                                                        R"(","namespace":"default"},"spec":{"accessModes":[")" +
                                                        mode + R"("]}})");
}

std::string ClaimVolume(std::string claim) {
  return R"({"name":")" + claim + R"(","persistentVolumeClaim":{"claimName":")" + claim + R"("}})";
}

TEST(VolumeRestrictions, AccessModeConflicts) {
  Pod pod_with_one_pvc = WithVolume(ClaimVolume("claim-with-rwop-1"), "pod-1", "pod-1");
  Pod pod_with_two_pvcs =
      WithVolume(ClaimVolume("claim-with-rwop-1") + "," + ClaimVolume("claim-with-rwop-2"), "pod-2", "pod-2");
  Pod pod_with_one_conflict = WithVolume(ClaimVolume("claim-with-rwop-1"), "pod-3", "pod-3");
  Pod pod_with_two_conflicts =
      WithVolume(ClaimVolume("claim-with-rwop-1") + "," + ClaimVolume("claim-with-rwop-2"), "pod-4", "pod-4");
  Pod pod_with_rwo = WithVolume(ClaimVolume("claim-with-rwo"), "pod-5", "pod-5");

  InMemoryVolumeLister none;
  InMemoryVolumeLister claims;
  claims.Add(Claim("claim-with-rwop-1", "ReadWriteOncePod"));
  claims.Add(Claim("claim-with-rwop-2", "ReadWriteOncePod"));
  claims.Add(Claim("claim-with-rwo", "ReadWriteOnce"));

  // nothing: PreFilter skips.
  EXPECT_TRUE(RunPlugin(Pod{}, {}, claims).IsSuccess());
  // failed to get PVC.
  EXPECT_EQ(RunPlugin(pod_with_one_pvc, {}, none),
            Status(Code::kUnschedulableAndUnresolvable, "persistentvolumeclaim \"claim-with-rwop-1\" not found"));
  // no access mode conflict.
  EXPECT_TRUE(RunPlugin(pod_with_one_pvc, {pod_with_rwo}, claims).IsSuccess());
  // access mode conflict, unschedulable.
  const Status conflict(Code::kUnschedulable, std::string(kErrReasonReadWriteOncePodConflict));
  EXPECT_EQ(RunPlugin(pod_with_one_conflict, {pod_with_one_pvc, pod_with_rwo}, claims), conflict);
  // two conflicts, unschedulable.
  EXPECT_EQ(RunPlugin(pod_with_two_conflicts, {pod_with_two_pvcs, pod_with_rwo}, claims), conflict);
}

TEST(VolumeRestrictions, PreFilterExtensionsTrackTheConflict) {
  InMemoryVolumeLister claims;
  claims.Add(Claim("claim-with-rwop-1", "ReadWriteOncePod"));
  Pod holder = WithVolume(ClaimVolume("claim-with-rwop-1"), "holder", "holder");
  Pod pod = WithVolume(ClaimVolume("claim-with-rwop-1"), "pod", "pod");
  auto ni = voltest::NodeWith(voltest::NamedNode("node"), {holder});
  testing::FakeHandle handle(framework::Snapshot({ni}));
  VolumeRestrictions pl(handle, &claims);
  framework::CycleState state;
  framework::PreFilterResult r;
  ASSERT_TRUE(pl.PreFilter(state, pod, {ni}, &r).IsSuccess());
  EXPECT_EQ(pl.Filter(state, pod, *ni).code(), Code::kUnschedulable);
  auto info = std::make_shared<const framework::PodInfo>(std::make_shared<const Pod>(holder));
  ASSERT_TRUE(pl.RemovePod(state, pod, info, *ni).IsSuccess());
  EXPECT_TRUE(pl.Filter(state, pod, *ni).IsSuccess());  // preemption would help
  ASSERT_TRUE(pl.AddPod(state, pod, info, *ni).IsSuccess());
  EXPECT_EQ(pl.Filter(state, pod, *ni).code(), Code::kUnschedulable);
}

}  // namespace
}  // namespace kubecxx::scheduler::plugins
