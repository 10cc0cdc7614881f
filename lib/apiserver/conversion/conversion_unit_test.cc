// Unit tests of the version converters; the behaviour against a stock kube-apiserver is
// checked by components/kube-apiserver/conversion_stock_test.cc.
#include <gtest/gtest.h>

#include "kubecxx/api/autoscaling/v1/types.h"
#include "kubecxx/api/autoscaling/v2/types.h"
#include "kubecxx/api/core/v1/types.h"
#include "lib/apiserver/conversion/converter.h"
#include "lib/model/wire.h"

namespace kubecxx::apiserver::conversion {
namespace {

const codec::KindInfo* K(std::string_view g, std::string_view v, std::string_view k) {
  const codec::KindInfo* info = codec::FindKind(g, v, k);
  EXPECT_NE(info, nullptr) << g << "/" << v << " " << k;
  return info;
}

codec::Object Decode(std::string_view json) {
  auto obj = codec::DecodeObject(json, codec::WireFormat::kJson);
  EXPECT_TRUE(obj.ok()) << obj.status().message();
  return obj.ok() ? std::move(*obj) : codec::Object();
}

TEST(Converters, EveryStockPairHasOne) {
  EXPECT_NE(Find(K("events.k8s.io", "v1", "Event"), K("", "v1", "Event")), nullptr);
  EXPECT_NE(Find(K("autoscaling", "v1", "HorizontalPodAutoscaler"),
                 K("autoscaling", "v2", "HorizontalPodAutoscaler")),
            nullptr);
  for (std::string_view kind : {"ClusterTrustBundle", "PodCertificateRequest"}) {
    EXPECT_NE(Find(K("certificates.k8s.io", "v1", kind), K("certificates.k8s.io", "v1beta1", kind)),
              nullptr);
  }
  EXPECT_NE(Find(K("resource.k8s.io", "v1", "DeviceTaintRule"),
                 K("resource.k8s.io", "v1beta2", "DeviceTaintRule")),
            nullptr);
  EXPECT_NE(Find(K("storagemigration.k8s.io", "v1", "StorageVersionMigration"),
                 K("storagemigration.k8s.io", "v1beta1", "StorageVersionMigration")),
            nullptr);
  EXPECT_EQ(Find(K("apps", "v1", "Deployment"), K("", "v1", "Pod")), nullptr);
}

TEST(Converters, EventsFieldMapping) {
  const Converter* c = Find(K("events.k8s.io", "v1", "Event"), K("", "v1", "Event"));
  ASSERT_NE(c, nullptr);
  codec::Object in = Decode(R"({"apiVersion":"events.k8s.io/v1","kind":"Event",
    "metadata":{"name":"e1","namespace":"default"},"eventTime":"2026-01-02T03:04:05.123456Z",
    "series":{"count":3,"lastObservedTime":"2026-01-02T03:05:05.000001Z"},
    "reportingController":"ctl","reportingInstance":"ctl-1","action":"Bind","reason":"Scheduled",
    "regarding":{"kind":"Pod","namespace":"default","name":"p","uid":"u1"},
    "related":{"kind":"Node","name":"n1"},"note":"hello","type":"Normal",
    "deprecatedSource":{"component":"sched","host":"h"},
    "deprecatedFirstTimestamp":"2026-01-01T00:00:00Z","deprecatedLastTimestamp":"2026-01-01T00:00:01Z",
    "deprecatedCount":7})");
  auto core = c->ToStorage(in);
  ASSERT_TRUE(core.ok()) << core.status().message();
  EXPECT_EQ(codec::EncodeJson(*core),
            R"({"kind":"Event","apiVersion":"v1","metadata":{"name":"e1","namespace":"default"},)"
            R"("involvedObject":{"kind":"Pod","namespace":"default","name":"p","uid":"u1"},)"
            R"("reason":"Scheduled","message":"hello","source":{"component":"sched","host":"h"},)"
            R"("firstTimestamp":"2026-01-01T00:00:00Z","lastTimestamp":"2026-01-01T00:00:01Z",)"
            R"("count":7,"type":"Normal","eventTime":"2026-01-02T03:04:05.123456Z",)"
            R"("series":{"count":3,"lastObservedTime":"2026-01-02T03:05:05.000001Z"},)"
            R"("action":"Bind","related":{"kind":"Node","name":"n1"},)"
            R"("reportingComponent":"ctl","reportingInstance":"ctl-1"})");
  auto back = c->ToServed(*core);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(codec::EncodeJson(*back), codec::EncodeJson(in));
  EXPECT_TRUE(*back == in);
}

TEST(Converters, HpaV1TargetCpuAndDefault) {
  const Converter* c = Find(K("autoscaling", "v1", "HorizontalPodAutoscaler"),
                            K("autoscaling", "v2", "HorizontalPodAutoscaler"));
  ASSERT_NE(c, nullptr);
  codec::Object in = Decode(R"({"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler",
    "metadata":{"name":"h","namespace":"default"},
    "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},
    "minReplicas":1,"maxReplicas":5,"targetCPUUtilizationPercentage":50},
    "status":{"currentReplicas":2,"desiredReplicas":3,"currentCPUUtilizationPercentage":40}})");
  auto v2 = c->ToStorage(in);
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(codec::EncodeJson(*v2),
            R"({"kind":"HorizontalPodAutoscaler","apiVersion":"autoscaling/v2","metadata":{"name":"h","namespace":"default"},)"
            R"("spec":{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},"minReplicas":1,"maxReplicas":5,)"
            R"("metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}}]},)"
            R"("status":{"currentReplicas":2,"desiredReplicas":3,"currentMetrics":[{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":40}}}]}})");
  // Without a target, upstream's conversion adds cpu at 80%.
  codec::Object bare = Decode(R"({"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler",
    "metadata":{"name":"h"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":5}})");
  auto d = c->ToStorage(bare);
  ASSERT_TRUE(d.ok());
  const auto* h = d->As<api::autoscaling::v2::HorizontalPodAutoscaler>();
  ASSERT_EQ(h->spec.metrics.size(), 1u);
  EXPECT_EQ(*h->spec.metrics[0].resource->target.average_utilization, 80);
}

TEST(Converters, HpaV2OnlyDataRidesInAnnotations) {
  const Converter* c = Find(K("autoscaling", "v1", "HorizontalPodAutoscaler"),
                            K("autoscaling", "v2", "HorizontalPodAutoscaler"));
  ASSERT_NE(c, nullptr);
  codec::Object in = Decode(R"({"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler",
    "metadata":{"name":"h","namespace":"default","annotations":{"keep":"me"}},
    "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},
    "minReplicas":2,"maxReplicas":9,"metrics":[
      {"type":"Pods","pods":{"metric":{"name":"qps"},"target":{"type":"AverageValue","averageValue":"10"}}},
      {"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":60}}},
      {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"1Gi"}}}],
    "behavior":{"scaleDown":{"stabilizationWindowSeconds":300,"selectPolicy":"Max",
      "policies":[{"type":"Percent","value":100,"periodSeconds":15}]}}},
    "status":{"desiredReplicas":2,"currentReplicas":2,"currentMetrics":[
      {"type":"Resource","resource":{"name":"cpu","current":{"averageValue":"100m","averageUtilization":10}}}],
    "conditions":[{"type":"AbleToScale","status":"True","lastTransitionTime":"2026-01-01T00:00:00Z","reason":"R","message":"m"}]}})");
  auto v1 = c->ToServed(in);
  ASSERT_TRUE(v1.ok());
  const auto* h = v1->As<api::autoscaling::v1::HorizontalPodAutoscaler>();
  EXPECT_EQ(h->spec.target_cpu_utilization_percentage.value_or(-1), 60);
  EXPECT_EQ(h->status.current_cpu_utilization_percentage.value_or(-1), 10);
  const auto& a = h->object_meta.annotations;
  EXPECT_EQ(a.at("keep"), "me");
  EXPECT_EQ(a.at("autoscaling.alpha.kubernetes.io/metrics"),
            R"([{"type":"Pods","pods":{"metricName":"qps","targetAverageValue":"10"}},)"
            R"({"type":"Resource","resource":{"name":"memory","targetAverageValue":"1Gi"}}])");
  EXPECT_EQ(a.at("autoscaling.alpha.kubernetes.io/behavior"),
            R"({"ScaleUp":null,"ScaleDown":{"StabilizationWindowSeconds":300,"SelectPolicy":"Max",)"
            R"("Policies":[{"Type":"Percent","Value":100,"PeriodSeconds":15}],"Tolerance":null}})");
  EXPECT_EQ(a.at("autoscaling.alpha.kubernetes.io/current-metrics"),
            R"([{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":10,"currentAverageValue":"100m"}}])");
  EXPECT_EQ(a.at("autoscaling.alpha.kubernetes.io/conditions"),
            R"([{"type":"AbleToScale","status":"True","lastTransitionTime":"2026-01-01T00:00:00Z","reason":"R","message":"m"}])");
  // And back: the v2 object again (the cpu metric moves behind the others, as upstream).
  auto back = c->ToStorage(*v1);
  ASSERT_TRUE(back.ok());
  const auto* b = back->As<api::autoscaling::v2::HorizontalPodAutoscaler>();
  EXPECT_EQ(b->object_meta.annotations.size(), 1u);
  ASSERT_EQ(b->spec.metrics.size(), 3u);
  EXPECT_EQ(b->spec.metrics[0].type, "Pods");
  EXPECT_EQ(b->spec.metrics[1].resource->name, "memory");
  EXPECT_EQ(b->spec.metrics[2].resource->name, "cpu");
  EXPECT_TRUE(b->spec.behavior == in.As<api::autoscaling::v2::HorizontalPodAutoscaler>()->spec.behavior);
  EXPECT_TRUE(b->status == in.As<api::autoscaling::v2::HorizontalPodAutoscaler>()->status);
}

TEST(Converters, GenericDropsFieldsThePeerLacks) {
  const Converter* c = Find(K("certificates.k8s.io", "v1", "PodCertificateRequest"),
                            K("certificates.k8s.io", "v1beta1", "PodCertificateRequest"));
  ASSERT_NE(c, nullptr);
  codec::Object stored = Decode(R"({"apiVersion":"certificates.k8s.io/v1beta1","kind":"PodCertificateRequest",
    "metadata":{"name":"p","namespace":"default"},"spec":{"signerName":"a.b/c","podName":"p","podUID":"u",
    "serviceAccountName":"sa","serviceAccountUID":"su","nodeName":"n","nodeUID":"nu","pkixPublicKey":"AAAA",
    "proofOfPossession":"AAAA"}})");
  auto served = c->ToServed(stored);
  ASSERT_TRUE(served.ok()) << served.status().message();
  std::string json = codec::EncodeJson(*served);
  EXPECT_NE(json.find(R"("apiVersion":"certificates.k8s.io/v1")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("signerName":"a.b/c")"), std::string::npos) << json;
  const Converter* d = Find(K("resource.k8s.io", "v1", "DeviceTaintRule"),
                            K("resource.k8s.io", "v1beta2", "DeviceTaintRule"));
  ASSERT_NE(d, nullptr);
  codec::Object rule = Decode(R"({"apiVersion":"resource.k8s.io/v1","kind":"DeviceTaintRule",
    "metadata":{"name":"r"},"spec":{"deviceSelector":{"driver":"d","pool":"p","device":"x"},
    "taint":{"key":"k","value":"v","effect":"NoSchedule"}}})");
  auto beta = d->ToStorage(rule);
  ASSERT_TRUE(beta.ok());
  EXPECT_EQ(beta->info(), d->storage_kind());
  auto again = d->ToServed(*beta);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(*again == rule);
}

TEST(Converters, CrdSharedVersionPartsMoveToTheTopInV1beta1) {
  const Converter* c = Find(K("apiextensions.k8s.io", "v1", "CustomResourceDefinition"),
                            K("apiextensions.k8s.io", "v1beta1", "CustomResourceDefinition"));
  ASSERT_NE(c, nullptr);
  const std::string schema =
      R"({"openAPIV3Schema":{"type":"object","properties":{"n":{"type":"integer","default":{"z":1.50,"a":2}}}}})";
  codec::Object in = Decode(R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
    "metadata":{"name":"ws.x.io"},"spec":{"group":"x.io","names":{"plural":"ws","kind":"W"},"scope":"Cluster",
    "versions":[{"name":"v1","served":true,"storage":true,"schema":)" + schema + R"(,
      "additionalPrinterColumns":[{"name":"N","type":"integer","jsonPath":".n"}]},
     {"name":"v2","served":true,"storage":false,"schema":)" + schema + R"(}],
    "conversion":{"strategy":"Webhook","webhook":{"conversionReviewVersions":["v1"],
      "clientConfig":{"url":"https://h/c"}}}}})");
  auto beta = c->ToStorage(in);
  ASSERT_TRUE(beta.ok()) << beta.status().message();
  std::string json = codec::EncodeJson(*beta);
  EXPECT_EQ(json,
            R"({"kind":"CustomResourceDefinition","apiVersion":"apiextensions.k8s.io/v1beta1",)"
            R"("metadata":{"name":"ws.x.io"},"spec":{"group":"x.io","version":"v1",)"
            R"("names":{"plural":"ws","kind":"W"},"scope":"Cluster","validation":{"openAPIV3Schema":)"
            R"({"type":"object","properties":{"n":{"type":"integer","default":{"a":2,"z":1.5}}}}},)"
            R"("versions":[{"name":"v1","served":true,"storage":true,)"
            R"("additionalPrinterColumns":[{"name":"N","type":"integer","JSONPath":".n"}]},)"
            R"({"name":"v2","served":true,"storage":false}],)"
            R"("conversion":{"strategy":"Webhook","webhookClientConfig":{"url":"https://h/c"},)"
            R"("conversionReviewVersions":["v1"]},"preserveUnknownFields":false},)"
            R"("status":{"conditions":null,"acceptedNames":{"plural":"","kind":""},"storedVersions":null}})");
  auto back = c->ToServed(*beta);
  ASSERT_TRUE(back.ok());
  std::string v1 = codec::EncodeJson(*back);
  EXPECT_NE(v1.find(R"({"name":"v2","served":true,"storage":false,"schema":{"openAPIV3Schema")"),
            std::string::npos) << v1;
  EXPECT_NE(v1.find(R"("webhook":{"clientConfig":{"url":"https://h/c"},"conversionReviewVersions":["v1"]})"),
            std::string::npos) << v1;
  EXPECT_EQ(v1.find("additionalPrinterColumns", v1.find("\"v2\"")), std::string::npos) << v1;
}

}  // namespace
}  // namespace kubecxx::apiserver::conversion
