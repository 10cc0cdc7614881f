// Cases from upstream framework/types_test.go (TestPodInfoCalculateResources without the
// DRA ones, TestCalculatePodResourcesWithResize, TestNewNodeInfo's sums) plus overhead.
#include "components/kube-scheduler/framework/resource.h"

#include <gtest/gtest.h>

#include "components/kube-scheduler/testing/test_util.h"

namespace kubecxx::scheduler::framework {
namespace {

struct Want {
  int64_t milli_cpu = 0, memory = 0, ephemeral = 0, non0_cpu = 0, non0_mem = 0;
};

void Check(const char* name, const std::string& pod_json, Want w) {
  PodResource r = CalculatePodResource(testing::PodFromJson(pod_json));
  EXPECT_EQ(r.resource.milli_cpu, w.milli_cpu) << name;
  EXPECT_EQ(r.resource.memory, w.memory) << name;
  EXPECT_EQ(r.resource.ephemeral_storage, w.ephemeral) << name;
  EXPECT_EQ(r.non0_cpu, w.non0_cpu) << name;
  EXPECT_EQ(r.non0_mem, w.non0_mem) << name;
}

constexpr int64_t k500M = 500'000'000, k800M = 800'000'000, k1200M = 1'200'000'000;
const std::string kCM500 = R"({"requests":{"cpu":"500m","memory":"500M"}})";
const std::string kCM700 = R"({"requests":{"cpu":"700m","memory":"800M"}})";

TEST(CalculatePodResource, UpstreamPodInfoCalculateResources) {
  Check("requestless container", R"({"spec":{"containers":[{}]}})",
        {0, 0, 0, kDefaultMilliCPURequest, kDefaultMemoryRequest});
  Check("1X container with requests", R"({"spec":{"containers":[{"resources":)" + kCM500 + "}]}}",
        {500, k500M, 0, 500, k500M});
  Check("2X container with requests",
        R"({"spec":{"containers":[{"resources":)" + kCM500 + R"(},{"resources":)" + kCM700 + "}]}}",
        {1200, k500M + k800M, 0, 1200, k500M + k800M});
  Check("1X container and 1X init container with pod-level requests",
        R"({"spec":{"initContainers":[{"resources":)" + kCM500 + R"(}],"containers":[{"resources":)" + kCM500 +
            R"(}],"resources":{"requests":{"cpu":"1200m","memory":"1200M"}}}})",
        {1200, k1200M, 0, 1200, k1200M});
  Check("1X container and 1X sidecar container with pod-level requests",
        R"({"spec":{"initContainers":[{"restartPolicy":"Always","resources":)" + kCM500 +
            R"(}],"containers":[{"resources":)" + kCM500 + R"(}],"resources":{"requests":{"cpu":"1200m","memory":"1200M"}}}})",
        {1200, k1200M, 0, 1200, k1200M});
  Check("1X container with pod-level memory requests",
        R"({"spec":{"initContainers":[{}],"containers":[{}],"resources":{"requests":{"memory":"1200M"}}}})",
        {0, k1200M, 0, kDefaultMilliCPURequest, k1200M});
  Check("1X container with pod-level cpu requests",
        R"({"spec":{"initContainers":[{}],"containers":[{}],"resources":{"requests":{"cpu":"500m"}}}})",
        {500, 0, 0, 500, kDefaultMemoryRequest});
  Check("1X container unsupported resources and pod-level supported resources",
        R"({"spec":{"initContainers":[{"resources":{"requests":{"ephemeral-storage":"500M"}}}],)"
        R"("containers":[{"resources":{"requests":{"ephemeral-storage":"800M"}}}],"resources":{"requests":{"cpu":"500m"}}}})",
        {500, 0, k800M, 500, kDefaultMemoryRequest});
}

// preparePodInfo of TestCalculatePodResourcesWithResize: container c1 (and init i1,
// sidecar s1) with spec requests and status resources, pod-level spec/status, conditions.
std::string ResizePod(const std::string& req, const std::string& status, const std::string& pod_req = "",
                      const std::string& pod_status = "", const std::string& cond = "", const std::string& init = "",
                      const std::string& init_status = "", const std::string& sidecar = "") {
  std::string spec = R"("containers":[{"name":"c1","resources":{"requests":)" + req + "}}]";
  std::string st = R"("containerStatuses":[{"name":"c1","resources":{"requests":)" + status + "}}]";
  std::string inits, init_st;
  if (!init.empty()) {
    inits += R"({"name":"i1","resources":{"requests":)" + init + "}}";
    init_st += R"({"name":"i1","resources":{"requests":)" + init_status + "}}";
  }
  if (!sidecar.empty()) {
    inits += std::string(inits.empty() ? "" : ",") + R"({"name":"s1","restartPolicy":"Always","resources":{"requests":)" + sidecar + "}}";
    init_st += std::string(init_st.empty() ? "" : ",") + R"({"name":"s1","resources":{"requests":)" + sidecar + "}}";
  }
  if (!inits.empty()) spec += R"(,"initContainers":[)" + inits + "]";
  if (!init_st.empty()) st += R"(,"initContainerStatuses":[)" + init_st + "]";
  if (!pod_req.empty()) spec += R"(,"resources":{"requests":)" + pod_req + "}";
  if (!pod_status.empty()) st += R"(,"resources":{"requests":)" + pod_status + "}";
  if (!cond.empty()) st += R"(,"conditions":[)" + cond + "]";
  return R"({"metadata":{"name":"testpod","uid":"testpod"},"spec":{)" + spec + R"(},"status":{"phase":"Running",)" + st + "}}";
}

TEST(CalculatePodResource, UpstreamWithResize) {
  const std::string c500 = R"({"cpu":"500m","memory":"500M"})", c700 = R"({"cpu":"700m","memory":"500M"})",
                    c700m800 = R"({"cpu":"700m","memory":"800M"})";
  const std::string in_progress = R"({"type":"PodResizeInProgress","status":"True"})";
  const std::string deferred = R"({"type":"PodResizePending","status":"True","reason":"Deferred"})";
  const std::string infeasible = R"({"type":"PodResizePending","status":"True","reason":"Infeasible"})";
  Check("no pending resize", ResizePod(c500, c500), {500, k500M, 0, 500, k500M});
  Check("pod-level no pending resize", ResizePod(c500, c700, c700, c500), {700, k500M, 0, 700, k500M});
  Check("resize in progress", ResizePod(c500, c500, "", "", in_progress), {500, k500M, 0, 500, k500M});
  Check("pod-level resize in progress", ResizePod(c500, c700, c700, c500, in_progress), {700, k500M, 0, 700, k500M});
  Check("deferred resize", ResizePod(c700m800, c500, "", "", deferred), {700, k800M, 0, 700, k800M});
  Check("pod-level deferred resize", ResizePod(c500, c500, c700m800, c500, deferred), {700, k800M, 0, 700, k800M});
  Check("infeasible resize", ResizePod(c700m800, c500, "", "", infeasible), {500, k500M, 0, 500, k500M});
  Check("init container, no pending resize", ResizePod(c500, c500, "", "", "", c700m800, c700m800),
        {700, k800M, 0, 700, k800M});
  Check("sidecar container, no pending resize", ResizePod(c500, c500, "", "", "", c700m800, c700m800, c700m800),
        {1200, k500M + k800M, 0, 1200, k500M + k800M});
}

TEST(PodRequests, OverheadAddsAndCanBeExcluded) {
  Pod pod = testing::PodFromJson(
      R"({"spec":{"containers":[{"resources":{"requests":{"cpu":"1","memory":"1Gi"}}}],"overhead":{"cpu":"250m","memory":"120Mi"}}})");
  ResourceList with = PodRequests(pod, {});
  EXPECT_EQ(with.at("cpu").MilliValue(), 1250);
  EXPECT_EQ(with.at("memory").Value(), (1024 + 120) * 1024 * 1024);
  PodResourcesOptions opts;
  opts.exclude_overhead = true;
  EXPECT_EQ(PodRequests(pod, opts).at("cpu").MilliValue(), 1000);
}

TEST(Resource, ScalarNamesAndSetMax) {
  EXPECT_TRUE(IsExtendedResourceName("example.com/aaa"));
  EXPECT_FALSE(IsExtendedResourceName("kubernetes.io/something"));
  EXPECT_FALSE(IsExtendedResourceName("cpu"));
  EXPECT_TRUE(IsScalarResourceName("hugepages-2Mi"));
  EXPECT_TRUE(IsScalarResourceName("attachable-volumes-aws-ebs"));
  // TestSetMaxResource.
  Resource r;
  r.SetMaxResource({{"cpu", testing::Q("4m")}, {"memory", testing::Q("2000")}, {"ephemeral-storage", testing::Q("5000")}});
  EXPECT_EQ(r.milli_cpu, 4);
  EXPECT_EQ(r.memory, 2000);
  EXPECT_EQ(r.ephemeral_storage, 5000);
  Resource r2;
  r2.milli_cpu = 4;
  r2.memory = 4000;
  r2.ephemeral_storage = 5000;
  r2.scalar_resources = {{"scalar.test/scalar1", 1}, {"hugepages-test", 2}};
  r2.SetMaxResource({{"cpu", testing::Q("4m")}, {"memory", testing::Q("2000")}, {"ephemeral-storage", testing::Q("7000")},
                     {"scalar.test/scalar1", testing::Q("4")}, {"hugepages-test", testing::Q("5")}});
  EXPECT_EQ(r2.milli_cpu, 4);
  EXPECT_EQ(r2.memory, 4000);
  EXPECT_EQ(r2.ephemeral_storage, 7000);
  EXPECT_EQ(r2.Scalar("scalar.test/scalar1"), 4);
  EXPECT_EQ(r2.Scalar("hugepages-test"), 5);
}

}  // namespace
}  // namespace kubecxx::scheduler::framework
