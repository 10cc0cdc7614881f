// Differential test against the stock kube-scheduler v1.37.2 binary: the same command
// lines and config files go to both, and
//  * invalid configs and flags give the same error text (the err= value of the
//    `"command failed"` line, or the whole stderr for flag errors),
//  * --write-config-to writes byte-identical files,
//  * --help and --version print the same.
// Skips ("SKIPPED: ...") when the stock binary is missing. Each case is a real process of
// each binary (no network: configs point at a kubeconfig for an unused loopback port).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "lib/client/testing/stock_apiserver.h"

namespace kubecxx::scheduler {
namespace {

namespace fs = std::filesystem;

struct Result {
  int code = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

class StockDiffTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stock_ = client::testing::StockBinDir() + "/kube-scheduler";
    if (access(stock_.c_str(), X_OK) != 0) {
      GTEST_SKIP() << "SKIPPED: stock kube-scheduler missing at " << stock_
                   << " (conformance/build-stock builds it)";
    }
    dir_ = fs::temp_directory_path() / ("kube-scheduler-diff-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    kubeconfig_ = (dir_ / "kc.yaml").string();
    Write("kc.yaml",
          "apiVersion: v1\nkind: Config\nclusters:\n- cluster: {server: \"https://127.0.0.1:1\"}\n"
          "  name: c\ncontexts:\n- context: {cluster: c, user: u}\n  name: x\n"
          "current-context: x\nusers:\n- name: u\n  user: {token: abc}\n");
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  std::string Write(const std::string& name, const std::string& content) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

  // A config file with the common header and a kubeconfig.
  std::string Config(const std::string& name, const std::string& body) {
    return Write(name, "apiVersion: kubescheduler.config.k8s.io/v1\n"
                       "kind: KubeSchedulerConfiguration\n"
                       "clientConnection:\n  kubeconfig: " + kubeconfig_ + "\n" + body);
  }

  Result Run(const std::string& binary, const std::vector<std::string>& args) {
    std::string cmd = "cd " + Quote(dir_.string()) + " && timeout 60 " + Quote(binary);
    for (const auto& a : args) cmd += " " + Quote(a);
    cmd += " >" + Quote((dir_ / "stdout").string()) + " 2>" + Quote((dir_ / "stderr").string());
    int status = std::system(cmd.c_str());
    Result r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = Slurp(dir_ / "stdout");
    r.err = Slurp(dir_ / "stderr");
    return r;
  }

  // The err= value of the klog "command failed" line (both print klog's quoting).
  static std::string CommandFailed(const std::string& stderr_text) {
    size_t at = stderr_text.find("\"command failed\" err=");
    if (at == std::string::npos) return "<no command failed line>\n" + stderr_text;
    std::string rest = stderr_text.substr(at + 21);
    if (rest.rfind("<\n", 0) == 0) return rest.substr(0, rest.find("\n >") + 3);
    return rest.substr(0, rest.find('\n'));
  }

  void ExpectSameError(const std::string& what, const std::vector<std::string>& args) {
    Result s = Run(stock_, args);
    Result k = Run(KUBECXX_SCHEDULER_BINARY, args);
    EXPECT_EQ(s.code, 1) << what << ": " << s.err;
    EXPECT_EQ(k.code, s.code) << what;
    EXPECT_EQ(CommandFailed(k.err), CommandFailed(s.err)) << what;
    ++compared_;
  }

  void ExpectSameWrittenConfig(const std::string& what, std::vector<std::string> args) {
    std::string s_out = (dir_ / "stock.out").string(), k_out = (dir_ / "ours.out").string();
    std::vector<std::string> sa = args, ka = args;
    sa.push_back("--write-config-to=" + s_out);
    ka.push_back("--write-config-to=" + k_out);
    Result s = Run(stock_, sa);
    Result k = Run(KUBECXX_SCHEDULER_BINARY, ka);
    ASSERT_EQ(s.code, 0) << what << ": " << s.err;
    EXPECT_EQ(k.code, 0) << what << ": " << k.err;
    EXPECT_EQ(Slurp(k_out), Slurp(s_out)) << what;
    ++compared_;
  }

  std::string stock_;
  fs::path dir_;
  std::string kubeconfig_;
  int compared_ = 0;
};

TEST_F(StockDiffTest, InvalidConfigsGiveTheSameErrors) {
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"unknown fields", "foo: 1\nprofiles:\n- schedulerName: \"\"\n  bar: 2\n"},
      {"many validation errors",
       "parallelism: -1\npodInitialBackoffSeconds: 0\npercentageOfNodesToScore: 120\n"
       "leaderElection:\n  leaseDuration: 1s\nprofiles:\n- schedulerName: \"\"\n"
       "- schedulerName: a\n  plugins:\n    queueSort:\n      enabled:\n      - name: Foo\n"
       "- schedulerName: a\n"},
      {"args strict errors",
       "profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args:\n      foo: 1\n"
       "  - name: InterPodAffinity\n    args:\n      bar: 1\n"},
      {"args of another kind",
       "profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args:\n"
       "      kind: InterPodAffinityArgs\n      apiVersion: kubescheduler.config.k8s.io/v1\n"},
      {"duplicate key", "parallelism: 2\nparallelism: 3\n"},
      {"type error", "parallelism: abc\n"},
      {"nested type error", "profiles:\n- schedulerName: 5\n"},
      {"args type error",
       "profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args:\n      ignoredResources: 3\n"},
      {"bad duration", "leaderElection:\n  leaseDuration: abc\n"},
      {"float type error", "clientConnection:\n  kubeconfig: x\n  qps: \"x\"\n"},
      {"duplicate block key", "profiles:\n- schedulerName: a\nprofiles:\n- schedulerName: b\n"},
      {"list type error", "profiles: 3\n"},
      {"args not an object",
       "profiles:\n- pluginConfig:\n  - name: Foo\n    args:\n      a: 1\n"
       "  - name: NodeResourcesFit\n    args: 3\n"},
      {"plugin args validation",
       "profiles:\n- pluginConfig:\n  - name: DefaultPreemption\n    args:\n"
       "      minCandidateNodesPercentage: 0\n      minCandidateNodesAbsolute: 0\n"
       "  - name: DefaultPreemption\n  - name: PodTopologySpread\n    args:\n"
       "      defaultingType: List\n      defaultConstraints:\n      - maxSkew: 0\n"
       "        topologyKey: \"\"\n        whenUnsatisfiable: Foo\n      - maxSkew: 1\n"
       "        topologyKey: \"a b\"\n        whenUnsatisfiable: DoNotSchedule\n"
       "        labelSelector: {}\n  - name: NodeResourcesBalancedAllocation\n    args:\n"
       "      resources:\n      - name: cpu\n        weight: 2\n      - name: cpu\n"
       "  - name: VolumeBinding\n    args:\n      bindTimeoutSeconds: -1\n      shape:\n"
       "      - utilization: 10\n        score: 20\n      - utilization: 5\n        score: 0\n"
       "  - name: InterPodAffinity\n    args:\n      hardPodAffinityWeight: 200\n"
       "  - name: NodeAffinity\n    args:\n      addedAffinity:\n"
       "        requiredDuringSchedulingIgnoredDuringExecution:\n          nodeSelectorTerms:\n"
       "          - matchExpressions:\n            - key: a\n              operator: Bad\n"
       "            - key: \"b c\"\n              operator: Exists\n              values: [x]\n"},
      {"backoff", "podMaxBackoffSeconds: 0\nleaderElection:\n  leaderElect: false\n"
                  "  resourceLock: x\n"},
      {"resource lock", "leaderElection:\n  resourceLock: endpoints\n"},
      {"burst", "clientConnection:\n  kubeconfig: x\n  burst: -1\n"},
      {"dra args", "profiles:\n- pluginConfig:\n  - name: DynamicResources\n    args:\n"
                   "      filterTimeout: -1s\n      bindingTimeout: 100ms\n"},
      {"extenders", "extenders:\n- urlPrefix: \"x\"\n  prioritizeVerb: p\n  bindVerb: b\n"
                    "  managedResources:\n  - name: example.com/foo\n  - name: example.com/foo\n"
                    "  - name: cpu\n- urlPrefix: \"y\"\n  bindVerb: c\n"},
      {"unknown multiPoint plugin",
       "profiles:\n- plugins:\n    multiPoint:\n      enabled:\n      - name: Foo\n"},
      {"unknown filter plugin",
       "profiles:\n- plugins:\n    multiPoint:\n      enabled:\n      - name: Foo\n"
       "    filter:\n      enabled:\n      - name: Bar\n"},
      {"unknown plugin with preFilter disabled",
       "profiles:\n- schedulerName: x\n  plugins:\n    preFilter:\n      disabled:\n"
       "      - name: \"*\"\n    multiPoint:\n      enabled:\n      - name: Foo\n"},
      {"fit args checked by the plugin",
       "profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args:\n"
       "      scoringStrategy:\n        type: Foo\n        resources:\n        - name: cpu\n"
       "          weight: 200\n"},
      {"removed plugins", "profiles:\n- plugins:\n    filter:\n      enabled:\n"
                          "      - name: EBSLimits\n  pluginConfig:\n  - name: GCEPDLimits\n"},
  };
  int i = 0;
  for (const auto& [what, body] : bodies) {
    std::string file = Config("c" + std::to_string(i++) + ".yaml", body);
    ExpectSameError(what, {"--config=" + file});
  }
  const std::string head = "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n";
  ExpectSameError("burst", {"--config=" + Write("b.yaml", head + "clientConnection:\n  kubeconfig: " +
                                                          kubeconfig_ + "\n  burst: -1\n")});
  ExpectSameError("qps type", {"--config=" + Write("q.yaml", head + "clientConnection:\n  qps: \"x\"\n")});
  ExpectSameError("empty file", {"--config=" + Write("empty.yaml", "")});
  ExpectSameError("null", {"--config=" + Write("null.yaml", "null\n")});
  ExpectSameError("array", {"--config=" + Write("array.yaml", "[]\n")});
  ExpectSameError("empty object", {"--config=" + Write("obj.json", "{}")});
  ExpectSameError("apiVersion type", {"--config=" + Write("av.yaml", "apiVersion: 5\nkind: KubeSchedulerConfiguration\n")});
  ExpectSameError("fractional weight",
                  {"--config=" + Config("fw.yaml", "profiles:\n- plugins: {score: {enabled: [{name: A, weight: 1.5}]}}\n")});
  ExpectSameError("no kind", {"--config=" + Write("k.yaml", "apiVersion: kubescheduler.config.k8s.io/v1\nparallelism: 3\n")});
  ExpectSameError("no apiVersion", {"--config=" + Write("v.yaml", "kind: KubeSchedulerConfiguration\n")});
  ExpectSameError("old version", {"--config=" + Write("o.yaml", "apiVersion: kubescheduler.config.k8s.io/v1beta3\nkind: KubeSchedulerConfiguration\n")});
  ExpectSameError("other kind", {"--config=" + Write("f.yaml", "apiVersion: kubescheduler.config.k8s.io/v1\nkind: Foo\n")});
  ExpectSameError("json config",
                  {"--config=" + Write("j.json", "{\"apiVersion\":\"kubescheduler.config.k8s.io/v1\","
                                                 "\"kind\":\"KubeSchedulerConfiguration\",\"parallelism\":0,"
                                                 "\"clientConnection\":{\"kubeconfig\":\"" + kubeconfig_ + "\"}}")});
  std::cout << "compared " << compared_ << " invalid configs with stock" << std::endl;
}

TEST_F(StockDiffTest, FlagErrorsGiveTheSameErrors) {
  ExpectSameError("secure port", {"--kubeconfig=" + kubeconfig_, "--secure-port=70000"});
  ExpectSameError("negative secure port", {"--kubeconfig=" + kubeconfig_, "--secure-port=-1"});
  ExpectSameError("unknown gate", {"--kubeconfig=" + kubeconfig_, "--feature-gates=Foo=true"});
  ExpectSameError("locked gate", {"--kubeconfig=" + kubeconfig_, "--feature-gates=NodeDeclaredFeatures=false"});
  ExpectSameError("bad gate value", {"--kubeconfig=" + kubeconfig_, "--feature-gates=StorageCapacityScoring=maybe"});
  ExpectSameError("unknown component", {"--kubeconfig=" + kubeconfig_, "--feature-gates=x:Foo=true"});
  ExpectSameError("tls version", {"--kubeconfig=" + kubeconfig_, "--tls-min-version=VersionTLS99"});
  ExpectSameError("cipher", {"--kubeconfig=" + kubeconfig_,
                             "--tls-cipher-suites=TLS_AES_128_GCM_SHA256,TLS_NOPE"});
  ExpectSameError("logging format", {"--kubeconfig=" + kubeconfig_, "--logging-format=xml"});
  ExpectSameError("missing kubeconfig", {"--kubeconfig=/nonexistent/kc"});
  ExpectSameError("leader election flags win over the file",
                  {"--config=" + Config("le.yaml", ""), "--leader-elect-lease-duration=1s"});
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"--port=1"}, {"--secure-port=abc"}, {"--leader-elect=maybe"},
                                             {"--kube-api-qps=x"}, {"--secure-port"}, {"-x"}, {"--v=-1"},
                                             {"-v=abc"}, {"--vmodule=bad"}, {"--log-flush-frequency=x"},
                                             {"--bind-address=nope"}, {"extra"}}) {
    Result s = Run(stock_, args);
    Result k = Run(KUBECXX_SCHEDULER_BINARY, args);
    EXPECT_EQ(k.code, s.code) << args[0];
    EXPECT_EQ(k.err, s.err) << args[0];
    EXPECT_EQ(k.out, s.out) << args[0];
    ++compared_;
  }
  std::cout << "compared " << compared_ << " flag errors with stock" << std::endl;
}

TEST_F(StockDiffTest, WriteConfigToIsByteIdentical) {
  ExpectSameWrittenConfig("defaults from flags", {"--kubeconfig=" + kubeconfig_});
  ExpectSameWrittenConfig("deprecated and leader election flags",
                          {"--kubeconfig=" + kubeconfig_, "--kube-api-qps=3.5", "--kube-api-burst=9",
                           "--profiling=false", "--leader-elect=false",
                           "--leader-elect-resource-name=x", "--kube-api-content-type=application/json"});
  ExpectSameWrittenConfig("feature gates",
                          {"--kubeconfig=" + kubeconfig_,
                           "--feature-gates=StorageCapacityScoring=false,DRASchedulerFilterTimeout=false",
                           "--feature-gates=InPlacePodVerticalScalingSchedulerPreemption=true"});
  ExpectSameWrittenConfig(
      "custom profiles",
      {"--config=" +
       Config("p.yaml",
              "profiles:\n- schedulerName: default-scheduler\n  plugins:\n    multiPoint:\n"
              "      enabled:\n      - name: VolumeZone\n        weight: 3\n"
              "      - name: ImageLocality\n        weight: 5\n      disabled:\n"
              "      - name: NodeResourcesBalancedAllocation\n    score:\n      disabled:\n"
              "      - name: \"*\"\n      enabled:\n      - name: NodeResourcesFit\n        weight: 2\n"
              "  pluginConfig:\n  - name: NodeResourcesFit\n    args:\n      scoringStrategy:\n"
              "        type: MostAllocated\n        resources:\n        - name: cpu\n"
              "        - name: example.com/gpu\n          weight: 3\n  - name: PodTopologySpread\n"
              "    args:\n      defaultingType: List\n      defaultConstraints:\n      - maxSkew: 1\n"
              "        topologyKey: zone\n        whenUnsatisfiable: ScheduleAnyway\n"
              "  - name: NodeAffinity\n    args:\n      addedAffinity:\n"
              "        requiredDuringSchedulingIgnoredDuringExecution:\n          nodeSelectorTerms:\n"
              "          - matchExpressions:\n            - key: a\n              operator: In\n"
              "              values: [b]\n  - name: VolumeBinding\n    args:\n      bindTimeoutSeconds: 5\n"
              "- schedulerName: second\n  percentageOfNodesToScore: 30\n  plugins:\n"
              "    multiPoint:\n      disabled:\n      - name: \"*\"\n      enabled:\n"
              "      - name: PrioritySort\n      - name: DefaultBinder\n"
              "percentageOfNodesToScore: 50\nparallelism: 8\npodInitialBackoffSeconds: 2\n"
              "podMaxBackoffSeconds: 20\nleaderElection:\n  leaderElect: false\n"
              "  leaseDuration: 30s\n  resourceNamespace: other\nenableProfiling: false\n"),
       "--leader-elect-resource-name=from-flag", "--kube-api-qps=99"});
  ExpectSameWrittenConfig(
      "extenders and args",
      {"--config=" +
       Write("e.json",
             "{\"apiVersion\":\"kubescheduler.config.k8s.io/v1\",\"kind\":\"KubeSchedulerConfiguration\","
             "\"clientConnection\":{\"kubeconfig\":\"" + kubeconfig_ + "\",\"qps\":0.25},"
             "\"extenders\":[{\"urlPrefix\":\"http://x\",\"filterVerb\":\"filter\",\"weight\":2,"
             "\"prioritizeVerb\":\"p\",\"httpTimeout\":\"5s\",\"managedResources\":[{\"name\":"
             "\"example.com/foo\",\"ignoredByScheduler\":true}],\"tlsConfig\":{\"serverName\":\"x\"}}],"
             "\"delayCacheUntilActive\":true,\"profiles\":[{\"pluginConfig\":[{\"name\":\"VolumeBinding\","
             "\"args\":{\"bindTimeoutSeconds\":30,\"shape\":[{\"utilization\":0,\"score\":0},"
             "{\"utilization\":100,\"score\":10}]}},{\"name\":\"DefaultPreemption\",\"args\":"
             "{\"minCandidateNodesAbsolute\":5}},{\"name\":\"InterPodAffinity\",\"args\":"
             "{\"hardPodAffinityWeight\":5,\"ignorePreferredTermsOfExistingPods\":true}},"
             "{\"name\":\"NodeResourcesBalancedAllocation\",\"args\":{\"resources\":[{\"name\":\"cpu\"},"
             "{\"name\":\"memory\",\"weight\":1}]}},{\"name\":\"DynamicResources\",\"args\":"
             "{\"filterTimeout\":\"0s\",\"bindingTimeout\":\"1m\"}}]}]}")});
  std::cout << "compared " << compared_ << " written configs with stock" << std::endl;
}

TEST_F(StockDiffTest, HelpAndVersion) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"--help"}, {"-h"}, {"--version"}, {"--version=true"}}) {
    Result s = Run(stock_, args);
    Result k = Run(KUBECXX_SCHEDULER_BINARY, args);
    EXPECT_EQ(k.code, s.code) << args[0];
    EXPECT_EQ(k.out, s.out) << args[0];
  }
}

TEST_F(StockDiffTest, FlagLinesAtV1) {
  std::vector<std::string> args = {"--config=" + Config("ok.yaml", ""), "-v=1",
                                   "--feature-gates=StorageCapacityScoring=false",
                                   "--tls-curve-preferences=1,2", "--vmodule=a=2",
                                   "--requestheader-allowed-names=a,b", "--kube-api-qps=0.1",
                                   "--write-config-to=" + (dir_ / "w.yaml").string()};
  auto flag_lines = [](const std::string& err) {
    std::vector<std::string> out;
    std::istringstream in(err);
    std::string line;
    while (std::getline(in, line)) {
      size_t at = line.find("] FLAG: ");
      if (at != std::string::npos) out.push_back(line.substr(at + 2));
    }
    return out;
  };
  std::vector<std::string> s = flag_lines(Run(stock_, args).err);
  std::vector<std::string> k = flag_lines(Run(KUBECXX_SCHEDULER_BINARY, args).err);
  EXPECT_EQ(s.size(), 62u);
  EXPECT_EQ(k, s);
}

}  // namespace
}  // namespace kubecxx::scheduler
