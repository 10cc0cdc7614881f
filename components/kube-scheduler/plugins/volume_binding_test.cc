// Cases from upstream volumebinding/volume_binding_test.go (TestVolumeBinding: pods
// without claims, missing / immediate unbound / bound claims, WaitForFirstConsumer with
// static PVs and dynamic provisioning, bound PVs that do not exist, capacity scoring)
// and binder_test.go (assume, bind API writes, waiting for the PV controller, timeout).
#include "components/kube-scheduler/plugins/volume_binding.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "components/kube-scheduler/plugins/volume_helpers.h"
#include "components/kube-scheduler/plugins/volume_test_util.h"

namespace kubecxx::scheduler::plugins {
namespace {

using api::core::v1::PersistentVolume;
using api::core::v1::PersistentVolumeClaim;
using framework::Code;
using framework::Pod;
using framework::Status;
using voltest::FromJson;

constexpr const char* kWait = "wait-sc";
constexpr const char* kImmediate = "immediate-sc";

PersistentVolumeClaim Claim(std::string name, std::string sc, std::string volume = "", bool bound = false,
                            std::string size = "1Gi") {
  std::string ann = bound ? R"(,"annotations":{"pv.kubernetes.io/bind-completed":"yes"})" : "";
  return FromJson<PersistentVolumeClaim>(R"({"metadata":{"name":")" + name +
                                         R"(","namespace":"default","uid":"uid-)" + name +
                                         R"(","resourceVersion":"1")" + ann + R"(},"spec":{"storageClassName":")" +
                                         sc + R"(","volumeName":")" + volume +
                                         R"(","accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":")" +
                                         size + R"("}}}})");
}

// A PV of `sc` with capacity `size`, for node `host` ("" = no node affinity).
PersistentVolume Volume(std::string name, std::string sc, std::string host, std::string size = "1Gi",
                        std::string claim = "") {
  std::string affinity =
      host.empty() ? ""
                   : R"(,"nodeAffinity":{"required":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"kubernetes.io/hostname","operator":"In","values":[")" +
                         host + R"("]}]}]}})";
  std::string ref = claim.empty() ? "" : R"(,"claimRef":{"namespace":"default","name":")" + claim + R"("})";
  return FromJson<PersistentVolume>(R"({"metadata":{"name":")" + name +
                                    R"(","resourceVersion":"1"},"spec":{"storageClassName":")" + sc +
                                    R"(","capacity":{"storage":")" + size +
                                    R"("},"accessModes":["ReadWriteOnce"])" + affinity + ref +
                                    R"(},"status":{"phase":"Available"}})");
}

Pod PodWithClaims(std::vector<std::string> claims) {
  std::string vols;
  for (const auto& c : claims) {
    if (!vols.empty()) vols += ",";
    vols += R"({"name":")" + c + R"(","persistentVolumeClaim":{"claimName":")" + c + R"("}})";
  }
  return FromJson<Pod>(R"({"metadata":{"name":"pod-a","namespace":"default","uid":"pod-uid"},"spec":{"volumes":[)" +
                       vols + "]}}");
}

class FakeVolumeApi final : public VolumeBindingApi {
 public:
  explicit FakeVolumeApi(InMemoryVolumeLister* lister) : lister_(lister) {}
  StatusOr<PersistentVolume> UpdatePv(const PersistentVolume& pv) override {
    PersistentVolume out = pv;
    out.object_meta.resource_version = std::to_string(++rv_);
    pv_updates.push_back(out);
    lister_->Add(out);
    ++pv_update_count;
    return out;
  }
  StatusOr<PersistentVolumeClaim> UpdatePvc(const PersistentVolumeClaim& pvc) override {
    PersistentVolumeClaim out = pvc;
    out.object_meta.resource_version = std::to_string(++rv_);
    pvc_updates.push_back(out);
    lister_->Add(out);
    return out;
  }
  std::vector<PersistentVolume> pv_updates;
  std::atomic<int> pv_update_count{0};
  std::vector<PersistentVolumeClaim> pvc_updates;

 private:
  InMemoryVolumeLister* lister_;
  int rv_ = 100;
};

class VolumeBindingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lister_.Add(FromJson<api::storage::v1::StorageClass>(
        std::string(R"({"metadata":{"name":")") + kWait +
        R"("},"provisioner":"kubernetes.io/no-provisioner","volumeBindingMode":"WaitForFirstConsumer"})"));
    lister_.Add(FromJson<api::storage::v1::StorageClass>(std::string(R"({"metadata":{"name":")") + kImmediate +
                                                         R"("},"provisioner":"p","volumeBindingMode":"Immediate"})"));
    lister_.Add(FromJson<api::storage::v1::StorageClass>(
        R"({"metadata":{"name":"wait-provision"},"provisioner":"csi.example.com","volumeBindingMode":"WaitForFirstConsumer","allowedTopologies":[{"matchLabelExpressions":[{"key":"topology.kubernetes.io/zone","values":["zone-a"]}]}]})"));
    for (const char* n : {"node-a", "node-b"}) {
      framework::Node node = voltest::NamedNode(n, {{"kubernetes.io/hostname", n},
                                                    {"topology.kubernetes.io/zone", std::string(n) == "node-a" ? "zone-a" : "zone-b"}});
      lister_.Add(node);
      nodes_.push_back(voltest::NodeWith(node, {}));
    }
  }

  // PreFilter then Filter on every node: per node "" (fits) or the status message; the
  // PreFilter status when it is not Success.
  std::map<std::string, std::string> RunPlugin(VolumeBinding& pl, const Pod& pod, framework::CycleState& state,
                                         Status* pre, framework::PreFilterResult* result) {
    std::map<std::string, std::string> out;
    *pre = pl.PreFilter(state, pod, nodes_, result);
    if (!pre->IsSuccess()) return out;
    for (const auto& ni : nodes_) {
      if (!result->AllNodes() && !result->node_names->contains(ni->name())) continue;
      Status s = pl.Filter(state, pod, *ni);
      out[ni->name()] = s.IsSuccess() ? "" : std::string(framework::CodeName(s.code())) + ": " + s.Message();
    }
    return out;
  }

  InMemoryVolumeLister lister_;
  framework::NodeInfoList nodes_;
};

TEST_F(VolumeBindingTest, PreFilterAndFilter) {
  VolumeBinding pl(VolumeBindingArgs{}, &lister_, nullptr);
  Status pre;
  const std::string unresolvable = "UnschedulableAndUnresolvable: ";
  {  // pod has not pvcs
    framework::CycleState st;
    framework::PreFilterResult r;
    RunPlugin(pl, Pod{}, st, &pre, &r);
    EXPECT_TRUE(pre.IsSkip());
  }
  {  // pvc not found
    framework::CycleState st;
    framework::PreFilterResult r;
    RunPlugin(pl, PodWithClaims({"pvc-a"}), st, &pre, &r);
    EXPECT_EQ(pre, Status(Code::kUnschedulableAndUnresolvable, "persistentvolumeclaim \"pvc-a\" not found"));
  }
  lister_.Add(Claim("immediate-unbound", kImmediate));
  {  // unbound immediate claim
    framework::CycleState st;
    framework::PreFilterResult r;
    RunPlugin(pl, PodWithClaims({"immediate-unbound"}), st, &pre, &r);
    EXPECT_EQ(pre, Status(Code::kUnschedulableAndUnresolvable, "pod has unbound immediate PersistentVolumeClaims"));
  }
  lister_.Add(Claim("bound-local", kWait, "pv-local-a", true));
  lister_.Add(Volume("pv-local-a", kWait, "node-a", "1Gi", "bound-local"));
  {  // bound local PV: only node-a (Filter, no PreFilterResult)
    framework::CycleState st;
    framework::PreFilterResult r;
    auto got = RunPlugin(pl, PodWithClaims({"bound-local"}), st, &pre, &r);
    EXPECT_TRUE(pre.IsSuccess());
    EXPECT_TRUE(r.AllNodes());
    EXPECT_EQ(got, (std::map<std::string, std::string>{
                       {"node-a", ""}, {"node-b", unresolvable + std::string(kErrReasonNodeConflict)}}));
  }
  lister_.Add(Claim("bound-zonal", kWait, "pv-zonal", true));
  lister_.Add(FromJson<PersistentVolume>(
      R"({"metadata":{"name":"pv-zonal"},"spec":{"storageClassName":"wait-sc","nodeAffinity":{"required":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"topology.kubernetes.io/zone","operator":"In","values":["zone-b"]}]}]}}}})"));
  {  // bound PV whose node affinity only node-b matches
    framework::CycleState st;
    framework::PreFilterResult r;
    auto got = RunPlugin(pl, PodWithClaims({"bound-zonal"}), st, &pre, &r);
    EXPECT_TRUE(r.AllNodes());
    EXPECT_EQ(got, (std::map<std::string, std::string>{
                       {"node-a", unresolvable + std::string(kErrReasonNodeConflict)}, {"node-b", ""}}));
  }
  lister_.Add(Claim("bound-missing-pv", kWait, "pv-gone", true));
  {  // bound to a PV that does not exist
    framework::CycleState st;
    framework::PreFilterResult r;
    auto got = RunPlugin(pl, PodWithClaims({"bound-missing-pv"}), st, &pre, &r);
    EXPECT_EQ(got["node-a"], unresolvable + std::string(kErrReasonPVNotExist));
  }
  lister_.Add(Claim("wffc", kWait));
  lister_.Add(Volume("pv-a-small", kWait, "node-a", "1Gi"));
  lister_.Add(Volume("pv-a-big", kWait, "node-a", "5Gi"));
  {  // WaitForFirstConsumer: an available PV only on node-a; no-provisioner class elsewhere
    framework::CycleState st;
    framework::PreFilterResult r;
    auto got = RunPlugin(pl, PodWithClaims({"wffc"}), st, &pre, &r);
    EXPECT_EQ(got, (std::map<std::string, std::string>{
                       {"node-a", ""}, {"node-b", unresolvable + std::string(kErrReasonBindConflict)}}));
  }
  lister_.Add(Claim("provision", "wait-provision"));
  {  // dynamic provisioning restricted by allowedTopologies
    framework::CycleState st;
    framework::PreFilterResult r;
    auto got = RunPlugin(pl, PodWithClaims({"provision"}), st, &pre, &r);
    EXPECT_EQ(got, (std::map<std::string, std::string>{
                       {"node-a", ""}, {"node-b", unresolvable + std::string(kErrReasonBindConflict)}}));
  }
  lister_.Add(Claim("wffc-huge", kWait, "", false, "100Gi"));
  {  // a bound conflict and an unbound conflict are both reported
    framework::CycleState st;
    framework::PreFilterResult r;
    auto got = RunPlugin(pl, PodWithClaims({"bound-zonal", "wffc-huge"}), st, &pre, &r);
    EXPECT_EQ(got["node-a"], unresolvable + std::string(kErrReasonNodeConflict) + ", " +
                                 std::string(kErrReasonBindConflict));
  }
}

TEST_F(VolumeBindingTest, ScoreFavoursLowUtilisation) {
  lister_.Add(Claim("wffc", kWait, "", false, "1Gi"));
  lister_.Add(Volume("pv-a", kWait, "node-a", "2Gi"));
  lister_.Add(Volume("pv-b", kWait, "node-b", "4Gi"));
  VolumeBinding pl(VolumeBindingArgs{}, &lister_, nullptr);
  framework::CycleState st;
  framework::PreFilterResult r;
  Status pre;
  Pod pod = PodWithClaims({"wffc"});
  auto got = RunPlugin(pl, pod, st, &pre, &r);
  ASSERT_EQ(got, (std::map<std::string, std::string>{{"node-a", ""}, {"node-b", ""}}));
  ASSERT_TRUE(pl.PreScore(st, pod, nodes_).IsSuccess());
  int64_t a = -1, b = -1;
  ASSERT_TRUE(pl.Score(st, pod, *nodes_[0], &a).IsSuccess());
  ASSERT_TRUE(pl.Score(st, pod, *nodes_[1], &b).IsSuccess());
  // shape (0,10),(100,0) x10: utilisation 50% -> 50, 25% -> 75.
  EXPECT_EQ(a, 50);
  EXPECT_EQ(b, 75);
}

TEST_F(VolumeBindingTest, StorageCapacity) {
  lister_.Add(FromJson<api::storage::v1::CSIDriver>(
      R"({"metadata":{"name":"cap.example.com"},"spec":{"storageCapacity":true}})"));
  lister_.Add(FromJson<api::storage::v1::StorageClass>(
      R"({"metadata":{"name":"cap"},"provisioner":"cap.example.com","volumeBindingMode":"WaitForFirstConsumer"})"));
  auto capacity = [](std::string name, std::string host, std::string size, std::string max = "") {
    std::string m = max.empty() ? "" : R"(,"maximumVolumeSize":")" + max + "\"";
    return FromJson<api::storage::v1::CSIStorageCapacity>(
        R"({"metadata":{"name":")" + name + R"(","namespace":"kube-system"},"storageClassName":"cap","nodeTopology":{"matchLabels":{"kubernetes.io/hostname":")" +
        host + R"("}},"capacity":")" + size + "\"" + m + "}");
  };
  lister_.Add(capacity("cap-a", "node-a", "10Gi"));
  lister_.Add(capacity("cap-b", "node-b", "20Gi", "3Gi"));  // maximumVolumeSize wins
  lister_.Add(Claim("small", "cap", "", false, "2Gi"));
  lister_.Add(Claim("big", "cap", "", false, "5Gi"));
  VolumeBinding pl(VolumeBindingArgs{}, &lister_, nullptr);
  const std::string unresolvable = "UnschedulableAndUnresolvable: ";
  Status pre;
  {
    framework::CycleState st;
    framework::PreFilterResult r;
    auto got = RunPlugin(pl, PodWithClaims({"big"}), st, &pre, &r);
    EXPECT_EQ(got, (std::map<std::string, std::string>{
                       {"node-a", ""}, {"node-b", unresolvable + std::string(kErrReasonNotEnoughSpace)}}));
  }
  {
    framework::CycleState st;
    framework::PreFilterResult r;
    Pod pod = PodWithClaims({"small"});
    auto got = RunPlugin(pl, pod, st, &pre, &r);
    ASSERT_EQ(got, (std::map<std::string, std::string>{{"node-a", ""}, {"node-b", ""}}));
    ASSERT_TRUE(pl.PreScore(st, pod, nodes_).IsSuccess());
    int64_t a = -1, b = -1;
    ASSERT_TRUE(pl.Score(st, pod, *nodes_[0], &a).IsSuccess());
    ASSERT_TRUE(pl.Score(st, pod, *nodes_[1], &b).IsSuccess());
    EXPECT_EQ(a, 80);  // 2Gi of 10Gi: 20% used
    EXPECT_EQ(b, 90);  // 2Gi of capacity 20Gi: 10% used (scoring uses capacity)
  }
}

TEST_F(VolumeBindingTest, ReserveAndPreBindStaticBinding) {
  lister_.Add(Claim("wffc", kWait));
  lister_.Add(Volume("pv-a", kWait, "node-a", "1Gi"));
  FakeVolumeApi api(&lister_);
  VolumeBinding pl(VolumeBindingArgs{5, {}}, &lister_, &api, std::chrono::milliseconds(20));
  framework::CycleState st;
  framework::PreFilterResult r;
  Status pre;
  Pod pod = PodWithClaims({"wffc"});
  RunPlugin(pl, pod, st, &pre, &r);
  Pod assumed = pod;
  assumed.spec.node_name = "node-a";
  lister_.Add(assumed);
  ASSERT_TRUE(pl.Reserve(st, assumed, "node-a").IsSuccess());
  // The assumed PV is taken for the next cycles.
  PvPtr cached = pl.binder().pv_cache().Get("pv-a");
  ASSERT_TRUE(cached->spec.claim_ref);
  EXPECT_EQ(cached->spec.claim_ref->name, "wffc");
  EXPECT_EQ(cached->spec.claim_ref->uid, "uid-wffc");
  EXPECT_EQ(cached->spec.claim_ref->kind, "PersistentVolumeClaim");
  EXPECT_EQ(cached->object_meta.annotations.at("pv.kubernetes.io/bound-by-controller"), "yes");
  // The PV controller's part: the claim bound shortly after the PV update.
  std::thread controller([&] {
    while (api.pv_update_count == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    lister_.Add(Claim("wffc", kWait, "pv-a", true));
  });
  Status s = pl.PreBind(st, assumed, "node-a");
  controller.join();
  EXPECT_TRUE(s.IsSuccess()) << s.Message();
  ASSERT_EQ(api.pv_updates.size(), 1u);
  EXPECT_EQ(api.pv_updates[0].spec.claim_ref->name, "wffc");
}

TEST_F(VolumeBindingTest, PreBindProvisioningTimesOut) {
  lister_.Add(Claim("provision", "wait-provision"));
  FakeVolumeApi api(&lister_);
  VolumeBinding pl(VolumeBindingArgs{0, {}}, &lister_, &api, std::chrono::milliseconds(20));
  framework::CycleState st;
  framework::PreFilterResult r;
  Status pre;
  Pod pod = PodWithClaims({"provision"});
  RunPlugin(pl, pod, st, &pre, &r);
  Pod assumed = pod;
  assumed.spec.node_name = "node-a";
  lister_.Add(assumed);
  ASSERT_TRUE(pl.Reserve(st, assumed, "node-a").IsSuccess());
  Status s = pl.PreBind(st, assumed, "node-a");
  EXPECT_EQ(s, Status::Error("binding volumes: context deadline exceeded"));
  ASSERT_EQ(api.pvc_updates.size(), 1u);
  EXPECT_EQ(api.pvc_updates[0].object_meta.annotations.at("volume.kubernetes.io/selected-node"), "node-a");
  // Unreserve drops the assumption; the next cycle sees the claim as written.
  pl.Unreserve(st, assumed, "node-a");
  EXPECT_EQ(pl.binder().pvc_cache().Get("default/provision")->object_meta.resource_version,
            api.pvc_updates[0].object_meta.resource_version);
}

TEST_F(VolumeBindingTest, AllBoundSkipsPreBind) {
  lister_.Add(Claim("bound-local", kWait, "pv-local-a", true));
  lister_.Add(Volume("pv-local-a", kWait, "node-a", "1Gi", "bound-local"));
  FakeVolumeApi api(&lister_);
  VolumeBinding pl(VolumeBindingArgs{}, &lister_, &api);
  framework::CycleState st;
  framework::PreFilterResult r;
  Status pre;
  Pod pod = PodWithClaims({"bound-local"});
  RunPlugin(pl, pod, st, &pre, &r);
  ASSERT_TRUE(pl.Reserve(st, pod, "node-a").IsSuccess());
  EXPECT_TRUE(pl.PreBind(st, pod, "node-a").IsSuccess());
  EXPECT_TRUE(api.pv_updates.empty());
}

}  // namespace
}  // namespace kubecxx::scheduler::plugins
