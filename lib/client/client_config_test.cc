#include "lib/client/client_config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <map>

#include "lib/base/base64.h"
#include "lib/net/testing/test_pki.h"

namespace kubecxx::client {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "client-config-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string File(const std::string& name, const std::string& content) const {
    fs::path p = fs::path(path_) / name;
    fs::create_directories(p.parent_path());
    EXPECT_TRUE(net::testing::WriteTestFile(p.string(), content).ok());
    return p.string();
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A fake environment: variables from a map, the service-account dir in a temp dir.
ConfigEnvironment FakeEnv(std::map<std::string, std::string> vars, const std::string& sa_dir,
                          Clock* clock = Clock::Real()) {
  ConfigEnvironment env;
  env.getenv = [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
  env.service_account_dir = sa_dir;
  env.clock = clock;
  return env;
}

std::string Token(const RestConfig& rest) {
  if (rest.credentials == nullptr) return "<none>";
  StatusOr<net::Credentials> creds = rest.credentials->Get();
  return creds.ok() ? creds->token : "<error: " + creds.status().message() + ">";
}

KubeConfig Parse(const std::string& yaml) {
  StatusOr<KubeConfig> config = ParseKubeConfig(yaml);
  EXPECT_TRUE(config.ok()) << config.status().message();
  return config.ok() ? *config : KubeConfig{};
}

const char kTwoClusters[] = R"(clusters:
- name: prod
  cluster:
    server: https://10.0.0.1:6443
    certificate-authority-data: Q0E=
    tls-server-name: kubernetes
- name: plain
  cluster: {server: "http://127.0.0.1:8080"}
users:
- name: admin
  user: {client-certificate-data: Q0VSVA==, client-key-data: S0VZ}
- name: bot
  user: {token: bot-token}
contexts:
- name: prod-admin
  context: {cluster: prod, user: admin, namespace: kube-system}
- name: prod-bot
  context: {cluster: prod, user: bot}
- name: plain-bot
  context: {cluster: plain, user: bot}
current-context: prod-admin
)";

TEST(ClientConfigTest, BuildsRestConfigFromTheCurrentContext) {
  StatusOr<ClientConfig> cc = BuildClientConfig(Parse(kTwoClusters), {});
  ASSERT_TRUE(cc.ok()) << cc.status().message();
  EXPECT_EQ(cc->context_name, "prod-admin");
  EXPECT_EQ(cc->namespace_name, "kube-system");
  EXPECT_FALSE(cc->namespace_overridden);
  EXPECT_EQ(cc->rest.host, "https://10.0.0.1:6443");
  EXPECT_EQ(cc->rest.ca_pem, "CA");
  EXPECT_EQ(cc->rest.cert_pem, "CERT");
  EXPECT_EQ(cc->rest.key_pem, "KEY");
  EXPECT_EQ(cc->rest.server_name, "kubernetes");
  EXPECT_FALSE(cc->rest.insecure);
  EXPECT_EQ(cc->rest.credentials, nullptr);
}

TEST(ClientConfigTest, OverridesFollowKubectl) {
  KubeConfig config = Parse(kTwoClusters);
  ConfigOverrides o;
  o.context = "prod-bot";
  o.namespace_name = "team-a";
  StatusOr<ClientConfig> cc = BuildClientConfig(config, o);
  ASSERT_TRUE(cc.ok()) << cc.status().message();
  EXPECT_EQ(Token(cc->rest), "bot-token");
  EXPECT_EQ(cc->namespace_name, "team-a");
  EXPECT_TRUE(cc->namespace_overridden);
  EXPECT_EQ(cc->rest.cert_pem, "");

  // --server clears the kubeconfig's tls-server-name unless one is given too.
  o = {};
  o.server = "https://127.0.0.1:6443";
  cc = BuildClientConfig(config, o);
  ASSERT_TRUE(cc.ok());
  EXPECT_EQ(cc->rest.host, "https://127.0.0.1:6443");
  EXPECT_EQ(cc->rest.server_name, "");
  o.tls_server_name = "kubernetes.default";
  cc = BuildClientConfig(config, o);
  EXPECT_EQ(cc->rest.server_name, "kubernetes.default");

  // --insecure-skip-tls-verify drops the CA (otherwise they would conflict).
  o = {};
  o.insecure_skip_tls_verify = true;
  cc = BuildClientConfig(config, o);
  ASSERT_TRUE(cc.ok());
  EXPECT_TRUE(cc->rest.insecure);
  EXPECT_EQ(cc->rest.ca_pem, "");

  // --token and --user.
  o = {};
  o.user = "bot";
  o.token = "flag-token";
  cc = BuildClientConfig(config, o);
  ASSERT_TRUE(cc.ok()) << cc.status().message();
  EXPECT_EQ(Token(cc->rest), "flag-token");

  o = {};
  o.request_timeout = "5s";
  cc = BuildClientConfig(config, o);
  ASSERT_TRUE(cc.ok());
  EXPECT_EQ(cc->rest.timeout, std::chrono::seconds(5));
}

TEST(ClientConfigTest, NamedThingsThatDoNotExistAreErrors) {
  KubeConfig config = Parse(kTwoClusters);
  ConfigOverrides o;
  o.context = "nope";
  EXPECT_EQ(BuildClientConfig(config, o).status().message(), "context \"nope\" does not exist");
  o = {};
  o.cluster = "nope";
  EXPECT_EQ(BuildClientConfig(config, o).status().message(), "cluster \"nope\" does not exist");
  o = {};
  o.user = "nope";
  EXPECT_EQ(BuildClientConfig(config, o).status().message(), "auth info \"nope\" does not exist");

  config.current_context = "dangling";
  EXPECT_EQ(BuildClientConfig(config, {}).status().message(),
            "invalid configuration: [context was not found for specified context: dangling, "
            "cluster has no server defined]");
  EXPECT_EQ(BuildClientConfig(KubeConfig{}, {}).status().message(),
            "invalid configuration: no configuration has been provided, try setting "
            "KUBERNETES_MASTER environment variable");
}

TEST(ClientConfigTest, ValidationMatchesConfirmUsable) {
  KubeConfig config = Parse(R"(clusters:
- name: c
  cluster: {server: https://x, certificate-authority: /nonexistent/ca.crt,
            certificate-authority-data: Q0E=}
users:
- name: u
  user: {client-certificate-data: Q0VSVA==, token: t}
contexts:
- name: ctx
  context: {cluster: c, user: u}
current-context: ctx
)");
  StatusOr<ClientConfig> cc = BuildClientConfig(config, {});
  ASSERT_FALSE(cc.ok());
  EXPECT_EQ(cc.status().message(),
            "invalid configuration: [client-key-data or client-key must be specified for u to "
            "use the clientCert authentication method., certificate-authority-data and "
            "certificate-authority are both specified for c. certificate-authority-data will "
            "override., unable to read certificate-authority /nonexistent/ca.crt for c due to "
            "open /nonexistent/ca.crt: no such file or directory]");

  KubeConfig two_methods = Parse(R"(clusters:
- name: c
  cluster: {server: https://x}
users:
- name: u
  user: {token: t, username: a, password: b}
contexts:
- name: ctx
  context: {cluster: c, user: u}
current-context: ctx
)");
  EXPECT_EQ(BuildClientConfig(two_methods, {}).status().message(),
            "invalid configuration: more than one authentication method found for u; found "
            "[token basicAuth], only one is allowed");

  KubeConfig provider = Parse(R"(clusters:
- name: c
  cluster: {server: https://x}
users:
- name: u
  user: {auth-provider: {name: gcp}}
contexts:
- name: ctx
  context: {cluster: c, user: u}
current-context: ctx
)");
  EXPECT_NE(BuildClientConfig(provider, {}).status().message().find("auth-provider"),
            std::string::npos);
}

TEST(ClientConfigTest, PlainHttpServersGetNoCredentials) {
  ConfigOverrides o;
  o.context = "plain-bot";
  StatusOr<ClientConfig> cc = BuildClientConfig(Parse(kTwoClusters), o);
  ASSERT_TRUE(cc.ok()) << cc.status().message();
  EXPECT_EQ(cc->rest.host, "http://127.0.0.1:8080");
  EXPECT_EQ(cc->rest.credentials, nullptr);
}

TEST(ClientConfigTest, TokenFileIsReadAtLoadAndReReadAfterFiftySeconds) {
  TempDir dir;
  std::string token_file = dir.File("token", "first\n");
  KubeConfig config = Parse(R"(clusters:
- name: c
  cluster: {server: https://x}
users:
- name: u
  user: {tokenFile: )" + token_file + R"(}
contexts:
- name: ctx
  context: {cluster: c, user: u}
current-context: ctx
)");
  FakeClock clock;
  StatusOr<ClientConfig> cc = BuildClientConfig(config, {}, FakeEnv({}, dir.path(), &clock));
  ASSERT_TRUE(cc.ok()) << cc.status().message();
  EXPECT_EQ(Token(cc->rest), "first");
  dir.File("token", "second");
  clock.Step(std::chrono::seconds(49));
  EXPECT_EQ(Token(cc->rest), "first");
  clock.Step(std::chrono::seconds(1));
  EXPECT_EQ(Token(cc->rest), "second");
  // A failed re-read keeps the last good token.
  fs::remove(token_file);
  clock.Step(std::chrono::minutes(5));
  EXPECT_EQ(Token(cc->rest), "second");

  // A missing token file at load time is an error.
  EXPECT_FALSE(BuildClientConfig(config, {}, FakeEnv({}, dir.path(), &clock)).ok());
}

TEST(InClusterTest, ReadsTheServiceAccountAndRereadsTheToken) {
  TempDir dir;
  dir.File("token", "sa-token-1");
  dir.File("ca.crt", "CLUSTER CA");
  dir.File("namespace", "kube-system\n");
  FakeClock clock;
  ConfigEnvironment env = FakeEnv(
      {{"KUBERNETES_SERVICE_HOST", "10.96.0.1"}, {"KUBERNETES_SERVICE_PORT", "443"}}, dir.path(),
      &clock);
  EXPECT_TRUE(InClusterPossible(env));
  StatusOr<ClientConfig> cc = InClusterClientConfig({}, env);
  ASSERT_TRUE(cc.ok()) << cc.status().message();
  EXPECT_TRUE(cc->in_cluster);
  EXPECT_EQ(cc->rest.host, "https://10.96.0.1:443");
  EXPECT_EQ(cc->rest.ca_pem, "CLUSTER CA");
  EXPECT_EQ(cc->namespace_name, "kube-system");
  EXPECT_EQ(Token(cc->rest), "sa-token-1");
  dir.File("token", "sa-token-2");  // the kubelet rotated the projected token
  clock.Step(std::chrono::seconds(30));
  EXPECT_EQ(Token(cc->rest), "sa-token-1");
  clock.Step(std::chrono::seconds(30));
  EXPECT_EQ(Token(cc->rest), "sa-token-2");

  ConfigEnvironment v6 = FakeEnv({{"KUBERNETES_SERVICE_HOST", "fd00::1"},
                                  {"KUBERNETES_SERVICE_PORT", "443"},
                                  {"POD_NAMESPACE", "from-env"}},
                                 dir.path(), &clock);
  cc = InClusterClientConfig({}, v6);
  ASSERT_TRUE(cc.ok());
  EXPECT_EQ(cc->rest.host, "https://[fd00::1]:443");
  EXPECT_EQ(cc->namespace_name, "from-env");

  ConfigOverrides o;
  o.server = "https://override:6443";
  o.namespace_name = "flag";
  cc = InClusterClientConfig(o, env);
  ASSERT_TRUE(cc.ok());
  EXPECT_EQ(cc->rest.host, "https://override:6443");
  EXPECT_EQ(cc->namespace_name, "flag");

  StatusOr<ClientConfig> outside = InClusterClientConfig({}, FakeEnv({}, dir.path()));
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(outside.status().message(),
            "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and "
            "KUBERNETES_SERVICE_PORT must be defined");
}

TEST(LoadClientConfigTest, MergesTheKubeconfigListAndFallsBackToInCluster) {
  TempDir dir;
  std::string a = dir.File("a", R"(clusters:
- name: c
  cluster: {server: https://from-a}
contexts:
- name: ctx
  context: {cluster: c, user: u}
current-context: ctx
)");
  std::string b = dir.File("b", R"(clusters:
- name: c
  cluster: {server: https://from-b}
users:
- name: u
  user: {token: from-b}
)");
  dir.File("sa/token", "pod-token");
  ConfigEnvironment env = FakeEnv({{"KUBECONFIG", a + ":" + b},
                                   {"HOME", dir.path()},
                                   {"KUBERNETES_SERVICE_HOST", "10.96.0.1"},
                                   {"KUBERNETES_SERVICE_PORT", "443"}},
                                  dir.path() + "/sa");
  StatusOr<ClientConfig> cc = LoadClientConfig({}, {}, env);
  ASSERT_TRUE(cc.ok()) << cc.status().message();
  EXPECT_EQ(cc->rest.host, "https://from-a");
  EXPECT_EQ(Token(cc->rest), "from-b");
  EXPECT_FALSE(cc->in_cluster);

  // No kubeconfig anywhere: the pod's service account.
  ConfigEnvironment pod = FakeEnv({{"HOME", dir.path() + "/nohome"},
                                   {"KUBERNETES_SERVICE_HOST", "10.96.0.1"},
                                   {"KUBERNETES_SERVICE_PORT", "443"}},
                                  dir.path() + "/sa");
  cc = LoadClientConfig({}, {}, pod);
  ASSERT_TRUE(cc.ok()) << cc.status().message();
  EXPECT_TRUE(cc->in_cluster);
  EXPECT_EQ(Token(cc->rest), "pod-token");
  EXPECT_EQ(cc->namespace_name, "default");

  // Neither: the empty-config error.
  ConfigEnvironment nothing = FakeEnv({{"HOME", dir.path() + "/nohome"}}, dir.path() + "/none");
  cc = LoadClientConfig({}, {}, nothing);
  ASSERT_FALSE(cc.ok());
  EXPECT_NE(cc.status().message().find("no configuration has been provided"), std::string::npos);

  // --kubeconfig wins over $KUBECONFIG.
  LoadingRules explicit_rules;
  explicit_rules.explicit_path = b;
  ConfigOverrides o;
  o.cluster = "c";
  o.user = "u";
  cc = LoadClientConfig(explicit_rules, o, env);
  ASSERT_TRUE(cc.ok()) << cc.status().message();
  EXPECT_EQ(cc->rest.host, "https://from-b");
}

TEST(RequestTimeoutTest, ParsesSecondsAndDurations) {
  EXPECT_EQ(*ParseRequestTimeout("0"), std::chrono::milliseconds(0));
  EXPECT_EQ(*ParseRequestTimeout("30"), std::chrono::seconds(30));
  EXPECT_EQ(*ParseRequestTimeout("1m30s"), std::chrono::seconds(90));
  EXPECT_EQ(*ParseRequestTimeout("250ms"), std::chrono::milliseconds(250));
  EXPECT_FALSE(ParseRequestTimeout("soon").ok());
}

}  // namespace
}  // namespace kubecxx::client
