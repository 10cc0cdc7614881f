// Options.ApplyTo's precedence rules (upstream options.go; the same cases run against the
// stock binary in stock_diff_test.cc) and options_test.go's "no config" / "kubeconfig flag".
#include "components/kube-scheduler/app/options.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace kubecxx::scheduler {
namespace {

namespace fs = std::filesystem;

class OptionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kube-scheduler-options-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    kubeconfig_ = (dir_ / "kc.yaml").string();
    std::ofstream(kubeconfig_) << "apiVersion: v1\nkind: Config\n";
    config_ = (dir_ / "cfg.yaml").string();
    std::ofstream(config_) << "apiVersion: kubescheduler.config.k8s.io/v1\n"
                              "kind: KubeSchedulerConfiguration\n"
                              "clientConnection:\n  kubeconfig: " << kubeconfig_ << "\n"
                              "leaderElection:\n  leaderElect: false\n  resourceName: from-file\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  StatusOr<config::KubeSchedulerConfiguration> ConfigFor(const std::vector<std::string>& args) {
    auto o = std::make_unique<Options>();
    Status s = o->Parse(args);
    if (!s.ok()) return s;
    KUBECXX_RETURN_IF_ERROR(o->feature_gates().Apply());
    return o->Config();
  }

  fs::path dir_;
  std::string kubeconfig_;
  std::string config_;
};

TEST_F(OptionsTest, NoConfig) {
  unsetenv("KUBERNETES_SERVICE_HOST");
  EXPECT_NE(ConfigFor({}).status().message().find("no configuration has been provided"),
            std::string::npos);
}

TEST_F(OptionsTest, KubeconfigFlagWithoutConfigFile) {
  auto cfg = ConfigFor({"--kubeconfig=" + kubeconfig_, "--kube-api-qps=3.5", "--kube-api-burst=7",
                        "--profiling=false", "--leader-elect-resource-name=x"});
  ASSERT_TRUE(cfg.ok()) << cfg.status().message();
  EXPECT_EQ(cfg->client_connection.kubeconfig, kubeconfig_);
  EXPECT_EQ(cfg->client_connection.qps, 3.5f);
  EXPECT_EQ(cfg->client_connection.burst, 7);
  EXPECT_EQ(cfg->enable_profiling, false);
  EXPECT_EQ(cfg->enable_contention_profiling, true);  // defaulted before the flag applies
  EXPECT_EQ(cfg->leader_election.resource_name, "x");
  EXPECT_EQ(cfg->api_version, "kubescheduler.config.k8s.io/v1");
}

TEST_F(OptionsTest, ConfigFileIgnoresDeprecatedFlagsButNotLeaderElection) {
  auto cfg = ConfigFor({"--config=" + config_, "--kubeconfig=/elsewhere", "--kube-api-qps=3",
                        "--leader-elect=true", "--leader-elect-lease-duration=1m"});
  ASSERT_TRUE(cfg.ok()) << cfg.status().message();
  EXPECT_EQ(cfg->client_connection.kubeconfig, kubeconfig_);
  EXPECT_EQ(cfg->client_connection.qps, 50);
  EXPECT_EQ(cfg->leader_election.leader_elect, true);
  EXPECT_EQ(cfg->leader_election.lease_duration, 60 * kSecond);
  EXPECT_EQ(cfg->leader_election.resource_name, "from-file");
}

TEST_F(OptionsTest, LeaderElectionFlagsAreValidatedWithTheFile) {
  EXPECT_EQ(ConfigFor({"--config=" + config_, "--leader-elect=true",
                       "--leader-elect-lease-duration=1s"})
                .status()
                .message(),
            "leaderElection.leaseDuration: Invalid value: \"10s\": must be greater than "
            "`RenewDeadline`");
}

TEST_F(OptionsTest, MissingConfigFile) {
  EXPECT_EQ(ConfigFor({"--config=/nonexistent.yaml"}).status().message(),
            "open /nonexistent.yaml: no such file or directory");
}

TEST_F(OptionsTest, SecurePortRange) {
  Options o;
  ASSERT_TRUE(o.Parse({"--secure-port=70000"}).ok());
  EXPECT_EQ(o.Validate(), std::vector<std::string>{"--secure-port 70000 must be between 1 and "
                                                   "65535, inclusive. It cannot be turned off with 0"});
  Options p;
  ASSERT_TRUE(p.Parse({"--secure-port=0"}).ok());
  EXPECT_TRUE(p.Validate().empty());
}

TEST_F(OptionsTest, HelpArgsAndVersion) {
  Options o;
  ASSERT_TRUE(o.Parse({"--version", "", "x"}).ok());
  EXPECT_EQ(o.version, "true");
  EXPECT_EQ(o.CheckArgs().message(), "\"kube-scheduler\" does not take any arguments, got [\"\" \"x\"]");
  std::string help = o.HelpText();
  EXPECT_EQ(help.rfind("The Kubernetes scheduler is a control plane process which assigns\n", 0), 0u);
  EXPECT_NE(help.find("\nUsage:\n  kube-scheduler [flags]\n\nMisc flags:\n\n"), std::string::npos);
  EXPECT_EQ(help.find("kubecxx-dry-run"), std::string::npos);  // hidden: not upstream's
  EXPECT_EQ(o.FlagLines().size(), 63u);  // upstream's 62 and --kubecxx-dry-run
}

}  // namespace
}  // namespace kubecxx::scheduler
