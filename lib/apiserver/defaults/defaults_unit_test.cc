// Unit tests of the defaulters against upstream's expectations (values from
// k8s.io/kubernetes@v1.37.2 pkg/apis/*/v1/defaults.go and defaults_test.go); the stored forms
// are compared with a stock kube-apiserver in kube_apiserver_defaulting_stock_test.
#include <gtest/gtest.h>

#include "lib/apiserver/defaults/defaults.h"
#include "lib/apiserver/defaults/defaults_internal.h"
#include "lib/model/wire.h"

namespace kubecxx::apiserver::defaults {
namespace {

std::string Defaulted(const std::string& json, bool create = false) {
  auto obj = codec::DecodeObject(json, codec::WireFormat::kJson);
  EXPECT_TRUE(obj.ok()) << obj.status().message();
  if (!obj.ok()) return "";
  ApplyDefaults(*obj);
  if (create) ApplyCreateDefaults(*obj);
  return codec::EncodeJson(*obj);
}

TEST(DefaultsTest, ImageTag) {
  EXPECT_EQ(internal::ImageTag("nginx"), "latest");
  EXPECT_EQ(internal::ImageTag("nginx:latest"), "latest");
  EXPECT_EQ(internal::ImageTag("nginx:1.27"), "1.27");
  EXPECT_EQ(internal::ImageTag("localhost:5000/team/app"), "latest");
  EXPECT_EQ(internal::ImageTag("localhost:5000/team/app:v2"), "v2");
  EXPECT_EQ(internal::ImageTag("busybox@sha256:0123456789abcdef"), "");
  EXPECT_EQ(internal::ImageTag("busybox:1@sha256:0123456789abcdef"), "1");
  EXPECT_EQ(internal::ImageTag("Example/App"), "");  // does not parse
  EXPECT_EQ(internal::ImageTag(""), "");
}

TEST(DefaultsTest, MinimalPod) {
  EXPECT_EQ(
      Defaulted(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},)"
                R"("spec":{"containers":[{"name":"c","image":"nginx",)"
                R"("ports":[{"containerPort":80}]}]}})",
                true),
      R"({"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"},)"
      R"("spec":{"containers":[{"name":"c",)"
      R"("image":"nginx","ports":[{"containerPort":80,"protocol":"TCP"}],"resources":{},)"
      R"("terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File",)"
      R"("imagePullPolicy":"Always"}],"restartPolicy":"Always","terminationGracePeriodSeconds":30,)"
      R"("dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler",)"
      R"("enableServiceLinks":true},"status":{"phase":"Pending","qosClass":"BestEffort"}})");
}

TEST(DefaultsTest, PodRequestsFromLimitsAndQos) {
  std::string out = Defaulted(
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[)"
      R"({"name":"c","image":"a:1","resources":{"limits":{"cpu":"500m","memory":"1Gi"}}}]}})",
      true);
  EXPECT_NE(out.find(R"("requests":{"cpu":"500m","memory":"1Gi"})"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("qosClass":"Guaranteed")"), std::string::npos) << out;
  out = Defaulted(
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[)"
      R"({"name":"c","image":"a:1","resources":{"requests":{"cpu":"0.0001"}}}]}})",
      true);
  EXPECT_NE(out.find(R"("requests":{"cpu":"1m"})"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("qosClass":"Burstable")"), std::string::npos) << out;
}

TEST(DefaultsTest, Deployment) {
  std::string out = Defaulted(
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{)"
      R"("selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},)"
      R"("spec":{"containers":[{"name":"c","image":"x:1"}]}}}})");
  EXPECT_NE(out.find(R"("replicas":1)"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("strategy":{"type":"RollingUpdate",)"
                     R"("rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}})"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(R"("revisionHistoryLimit":10,"progressDeadlineSeconds":600)"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(R"("imagePullPolicy":"IfNotPresent")"), std::string::npos) << out;
  EXPECT_EQ(out.find("enableServiceLinks"), std::string::npos) << "SetDefaults_Pod only: " << out;
}

TEST(DefaultsTest, Service) {
  std::string out = Defaulted(
      R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{)"
      R"("sessionAffinity":"ClientIP","type":"LoadBalancer","ports":[{"port":80}]}})");
  EXPECT_NE(out.find(R"("ports":[{"protocol":"TCP","port":80,"targetPort":80}])"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(R"("sessionAffinityConfig":{"clientIP":{"timeoutSeconds":10800}})"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(R"("externalTrafficPolicy":"Cluster")"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("allocateLoadBalancerNodePorts":true)"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("internalTrafficPolicy":"Cluster")"), std::string::npos) << out;
}

TEST(DefaultsTest, JobSelectorAndLabels) {
  auto obj = codec::DecodeObject(
      R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j","uid":"U"},"spec":{)"
      R"("template":{"metadata":{"labels":{"app":"x"}},"spec":{"restartPolicy":"Never",)"
      R"("containers":[{"name":"c","image":"x:1"}]}}}})",
      codec::WireFormat::kJson);
  ASSERT_TRUE(obj.ok());
  ApplyDefaults(*obj);
  ApplyCreateDefaults(*obj);
  std::string out = codec::EncodeJson(*obj);
  EXPECT_NE(out.find(R"("metadata":{"name":"j","uid":"U","labels":{"app":"x",)"
                     R"("batch.kubernetes.io/controller-uid":"U",)"
                     R"("batch.kubernetes.io/job-name":"j",)"
                     R"("controller-uid":"U","job-name":"j"}})"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(R"("selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"U"}})"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(R"("backoffLimit":6)"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("podReplacementPolicy":"TerminatingOrFailed")"), std::string::npos) << out;
}

TEST(DefaultsTest, KindsWithoutDefaultersAreUntouched) {
  std::string in = R"({"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c"}})";
  EXPECT_EQ(Defaulted(in, true), in);
}

}  // namespace
}  // namespace kubecxx::apiserver::defaults
