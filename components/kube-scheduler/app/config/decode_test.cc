// Decoding errors as upstream's options_test.go / configfile_test.go expect them
// (ErrorContains facts) and as the stock v1.37.2 binary prints them (full texts).
#include "components/kube-scheduler/app/config/decode.h"

#include <gtest/gtest.h>

#include "components/kube-scheduler/app/config/defaults.h"
#include "components/kube-scheduler/app/config/encode.h"

namespace kubecxx::scheduler::config {
namespace {

constexpr char kHeader[] =
    "apiVersion: kubescheduler.config.k8s.io/v1\n"
    "kind: KubeSchedulerConfiguration\n";

std::string Err(std::string_view yaml) {
  auto r = DecodeConfig(yaml);
  return r.ok() ? "" : r.status().message();
}

TEST(DecodeConfigTest, UpstreamOptionsTestErrors) {
  struct {
    std::string yaml;
    std::string contains;
  } cases[] = {
      {"apiVersion: componentconfig/v1alpha1\nkind: KubeSchedulerConfiguration\n",
       "no kind \"KubeSchedulerConfiguration\" is registered for version \"componentconfig/v1alpha1\""},
      {"apiVersion: kubescheduler.config.k8s.io/unknown\nkind: KubeSchedulerConfiguration\n",
       "no kind \"KubeSchedulerConfiguration\" is registered for version "
       "\"kubescheduler.config.k8s.io/unknown\""},
      {"kind: KubeSchedulerConfiguration\nleaderElection:\n  leaderElect: true\n",
       "Object 'apiVersion' is missing"},
      {std::string(kHeader) + "leaderElection:\n  leaderElect: true\nfoo: bar\n", "unknown field \"foo\""},
      {std::string(kHeader) + "leaderElection:\n  leaderElect: true\n  leaderElect: false\n",
       "key \"leaderElect\" already set"},
  };
  for (const auto& tc : cases) {
    std::string e = Err(tc.yaml);
    EXPECT_NE(e.find(tc.contains), std::string::npos) << e;
  }
}

TEST(DecodeConfigTest, StockTexts) {
  EXPECT_EQ(Err(std::string(kHeader) + "foo: 1\nprofiles:\n- schedulerName: \"\"\n  bar: 2\n"),
            "strict decoding error: unknown field \"foo\", unknown field \"profiles[0].bar\"");
  EXPECT_EQ(Err("apiVersion: kubescheduler.config.k8s.io/v1\nparallelism: 3\n"),
            "Object 'Kind' is missing in 'apiVersion: kubescheduler.config.k8s.io/v1\nparallelism: 3\n'");
  EXPECT_EQ(Err(std::string(kHeader) + "parallelism: 2\nparallelism: 3\n"),
            "strict decoding error: yaml: unmarshal errors:\n  line 4: key \"parallelism\" already "
            "set in map");
  EXPECT_EQ(Err(std::string(kHeader) + "parallelism: abc\n"),
            "json: cannot unmarshal string into Go struct field KubeSchedulerConfiguration.parallelism "
            "of type int32");
  EXPECT_EQ(Err(std::string(kHeader) + "profiles:\n- schedulerName: 5\n"),
            "json: cannot unmarshal number into Go struct field KubeSchedulerProfile.profiles."
            "schedulerName of type string");
  EXPECT_EQ(Err(std::string(kHeader) + "profiles: 3\n"),
            "json: cannot unmarshal number into Go struct field KubeSchedulerConfiguration.profiles "
            "of type []v1.KubeSchedulerProfile");
  EXPECT_EQ(Err(std::string(kHeader) +
                "profiles:\n- plugins:\n    score:\n      enabled:\n      - name: A\n        weight: x\n"),
            "json: cannot unmarshal string into Go struct field Plugin.profiles.plugins.score.enabled."
            "weight of type int32");
  EXPECT_EQ(Err(std::string(kHeader) + "clientConnection:\n  qps: \"x\"\n"),
            "json: cannot unmarshal string into Go struct field ClientConnectionConfiguration."
            "clientConnection.qps of type float32");
  EXPECT_EQ(Err(std::string(kHeader) + "leaderElection:\n  leaseDuration: abc\n"),
            "time: invalid duration \"abc\"");
  EXPECT_EQ(Err("apiVersion: kubescheduler.config.k8s.io/v1\nkind: Foo\n"),
            "no kind \"Foo\" is registered for version \"kubescheduler.config.k8s.io/v1\" in scheme "
            "\"pkg/runtime/scheme.go:111\"");
}

TEST(DecodeConfigTest, PluginArgsTexts) {
  std::string p = std::string(kHeader) + "profiles:\n- pluginConfig:\n";
  EXPECT_EQ(Err(p + "  - name: NodeResourcesFit\n    args:\n      foo: 1\n"
                    "  - name: InterPodAffinity\n    args:\n      bar: 1\n"),
            "strict decoding error: decoding .profiles[0].pluginConfig[0]: strict decoding error: "
            "decoding args for plugin NodeResourcesFit: strict decoding error: unknown field \"foo\", "
            "decoding .profiles[0].pluginConfig[1]: strict decoding error: decoding args for plugin "
            "InterPodAffinity: strict decoding error: unknown field \"bar\"");
  EXPECT_EQ(Err(p + "  - name: NodeResourcesFit\n    args:\n      kind: InterPodAffinityArgs\n"
                    "      apiVersion: kubescheduler.config.k8s.io/v1\n"),
            "decoding .profiles[0].pluginConfig[0]: args for plugin NodeResourcesFit were not of type "
            "NodeResourcesFitArgs.kubescheduler.config.k8s.io, got "
            "InterPodAffinityArgs.kubescheduler.config.k8s.io");
  EXPECT_EQ(Err(p + "  - name: NodeResourcesFit\n    args:\n      ignoredResources: 3\n"),
            "decoding .profiles[0].pluginConfig[0]: decoding args for plugin NodeResourcesFit: json: "
            "cannot unmarshal number into Go struct field NodeResourcesFitArgs.ignoredResources of "
            "type []string");
  EXPECT_EQ(Err(p + "  - name: Foo\n    args:\n      a: 1\n  - name: NodeResourcesFit\n    args: 3\n"),
            "decoding .profiles[0].pluginConfig[1]: decoding args for plugin NodeResourcesFit: "
            "couldn't get version/kind; json parse error: json: cannot unmarshal number into Go value "
            "of type struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string "
            "\"json:\\\"kind,omitempty\\\"\" }");
}

TEST(DecodeConfigTest, TypedArgsAndUnknownArgs) {
  auto cfg = DecodeConfig(std::string(kHeader) +
                          "profiles:\n- schedulerName: s\n  pluginConfig:\n"
                          "  - name: DefaultPreemption\n    args:\n      minCandidateNodesAbsolute: 5\n"
                          "  - name: Custom\n    args:\n      b: [1, 2]\n"
                          "  - name: NodeResourcesFit\n");
  ASSERT_TRUE(cfg.ok()) << cfg.status().message();
  const auto& pcs = cfg->profiles[0].plugin_config;
  ASSERT_EQ(pcs.size(), 3u);
  EXPECT_EQ(std::get<DefaultPreemptionArgs>(pcs[0].args),
            (DefaultPreemptionArgs{std::nullopt, 5}));
  EXPECT_EQ(std::get<UnknownArgs>(pcs[1].args).json, "{\"b\":[1,2]}");
  EXPECT_TRUE(std::holds_alternative<NodeResourcesFitArgs>(pcs[2].args));
}

TEST(DecodeConfigTest, JsonInputAndDuplicateJsonField) {
  auto cfg = DecodeConfig(
      "{\"apiVersion\":\"kubescheduler.config.k8s.io/v1\",\"kind\":\"KubeSchedulerConfiguration\","
      "\"parallelism\":4,\"clientConnection\":{\"qps\":2.5}}");
  ASSERT_TRUE(cfg.ok()) << cfg.status().message();
  EXPECT_EQ(cfg->parallelism, 4);
  EXPECT_EQ(cfg->client_connection.qps, 2.5f);
  EXPECT_EQ(Err("{\"apiVersion\":\"kubescheduler.config.k8s.io/v1\",\"kind\":\"KubeSchedulerConfiguration\","
                "\"parallelism\":4,\"parallelism\":5}"),
            "strict decoding error: duplicate field \"parallelism\"");
}

// The default configuration encoded as --write-config-to writes it (stock v1.37.2 output,
// with clientConnection.kubeconfig set by --kubeconfig=kc.yaml).
TEST(EncodeConfigTest, DefaultConfigAsStock) {
  KubeSchedulerConfiguration cfg;
  SetDefaults(&cfg, SchedulerFeatures{});
  cfg.client_connection.kubeconfig = "kc.yaml";
  for (auto& p : cfg.profiles) p = CompletedProfile(p);
  auto yaml = EncodeConfigYaml(cfg);
  ASSERT_TRUE(yaml.ok());
  const std::string head =
      "apiVersion: kubescheduler.config.k8s.io/v1\n"
      "clientConnection:\n"
      "  acceptContentTypes: \"\"\n"
      "  burst: 100\n"
      "  contentType: application/vnd.kubernetes.protobuf\n"
      "  kubeconfig: kc.yaml\n"
      "  qps: 50\n"
      "enableContentionProfiling: true\n"
      "enableProfiling: true\n"
      "kind: KubeSchedulerConfiguration\n"
      "leaderElection:\n"
      "  leaderElect: true\n"
      "  leaseDuration: 15s\n"
      "  renewDeadline: 10s\n"
      "  resourceLock: leases\n"
      "  resourceName: kube-scheduler\n"
      "  resourceNamespace: kube-system\n"
      "  retryPeriod: 2s\n"
      "parallelism: 16\n"
      "percentageOfNodesToScore: 0\n"
      "podInitialBackoffSeconds: 1\n"
      "podMaxBackoffSeconds: 10\n"
      "profiles:\n"
      "- pluginConfig:\n"
      "  - args:\n"
      "      apiVersion: kubescheduler.config.k8s.io/v1\n"
      "      kind: DefaultPreemptionArgs\n"
      "      minCandidateNodesAbsolute: 100\n"
      "      minCandidateNodesPercentage: 10\n"
      "    name: DefaultPreemption\n"
      "  - args:\n"
      "      apiVersion: kubescheduler.config.k8s.io/v1\n"
      "      bindingTimeout: 10m0s\n"
      "      filterTimeout: 10s\n"
      "      kind: DynamicResourcesArgs\n"
      "    name: DynamicResources\n";
  EXPECT_EQ(yaml->substr(0, head.size()), head);
  const std::string tail =
      "      - name: DefaultBinder\n"
      "        weight: 0\n"
      "      - name: NodeDeclaredFeatures\n"
      "        weight: 0\n"
      "    permit: {}\n"
      "    placementGenerate: {}\n"
      "    placementScore: {}\n"
      "    podGroupPostFilter: {}\n"
      "    postBind: {}\n"
      "    postFilter: {}\n"
      "    preBind: {}\n"
      "    preEnqueue: {}\n"
      "    preFilter: {}\n"
      "    preScore: {}\n"
      "    queueSort: {}\n"
      "    reserve: {}\n"
      "    score: {}\n"
      "  schedulerName: default-scheduler\n";
  ASSERT_GE(yaml->size(), tail.size());
  EXPECT_EQ(yaml->substr(yaml->size() - tail.size()), tail);
}

}  // namespace
}  // namespace kubecxx::scheduler::config
