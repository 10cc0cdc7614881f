#include "lib/client/kubeconfig.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "lib/base/base64.h"
#include "lib/net/testing/test_pki.h"

namespace kubecxx::client {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "kubeconfig-test-XXXXXX").string();
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

constexpr char kFull[] = R"(apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://10.0.0.1:6443
    certificate-authority-data: Q0EgUEVN
    tls-server-name: kubernetes
    proxy-url: http://proxy:3128
    extensions:
    - name: client.authentication.k8s.io/exec
      extension:
        audience: prod
    - name: other
      extension: {x: 1}
- name: lab
  cluster:
    server: https://lab:443
    insecure-skip-tls-verify: yes
    certificate-authority: ca/lab.crt
users:
- name: admin
  user:
    client-certificate-data: Q0VSVA==
    client-key-data: S0VZ
- name: bot
  user:
    token: abc
    tokenFile: tokens/bot
    as: someone
    as-groups: [g1, g2]
- name: plugin
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ./bin/get-token
      args: ["--cluster", "prod"]
      env:
      - name: FOO
        value: bar
      provideClusterInfo: true
contexts:
- name: prod-admin
  context: {cluster: prod, user: admin, namespace: kube-system}
- name: lab-bot
  context: {cluster: lab, user: bot}
current-context: prod-admin
preferences: {}
)";

TEST(KubeConfigTest, ParsesEveryFieldWeUse) {
  StatusOr<KubeConfig> config = ParseKubeConfig(kFull);
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->current_context, "prod-admin");
  ASSERT_EQ(config->clusters.size(), 2u);
  const Cluster& prod = config->clusters.at("prod");
  EXPECT_EQ(prod.server, "https://10.0.0.1:6443");
  EXPECT_EQ(prod.certificate_authority_data, "CA PEM");
  EXPECT_EQ(prod.tls_server_name, "kubernetes");
  EXPECT_EQ(prod.proxy_url, "http://proxy:3128");
  EXPECT_EQ(prod.exec_extension_json, "{\"audience\":\"prod\"}");
  const Cluster& lab = config->clusters.at("lab");
  EXPECT_TRUE(lab.insecure_skip_tls_verify);  // YAML 1.1: yes is true
  EXPECT_EQ(lab.certificate_authority, "ca/lab.crt");

  EXPECT_EQ(config->users.at("admin").client_certificate_data, "CERT");
  EXPECT_EQ(config->users.at("admin").client_key_data, "KEY");
  const AuthInfo& bot = config->users.at("bot");
  EXPECT_EQ(bot.token, "abc");
  EXPECT_EQ(bot.token_file, "tokens/bot");
  EXPECT_EQ(bot.impersonate, "someone");
  EXPECT_EQ(bot.impersonate_groups, (std::vector<std::string>{"g1", "g2"}));
  const AuthInfo& plugin = config->users.at("plugin");
  ASSERT_TRUE(plugin.exec.has_value());
  EXPECT_EQ(plugin.exec->command, "./bin/get-token");
  EXPECT_EQ(plugin.exec->args, (std::vector<std::string>{"--cluster", "prod"}));
  ASSERT_EQ(plugin.exec->env.size(), 1u);
  EXPECT_EQ(plugin.exec->env[0].name, "FOO");
  EXPECT_EQ(plugin.exec->env[0].value, "bar");
  EXPECT_TRUE(plugin.exec->provide_cluster_info);
  EXPECT_EQ(plugin.exec->interactive_mode, "IfAvailable");  // the v1beta1 default

  EXPECT_EQ(config->contexts.at("prod-admin").namespace_name, "kube-system");
  EXPECT_EQ(config->contexts.at("lab-bot").user, "bot");
}

TEST(KubeConfigTest, EmptyInputIsAnEmptyConfig) {
  StatusOr<KubeConfig> config = ParseKubeConfig("");
  ASSERT_TRUE(config.ok());
  EXPECT_TRUE(config->clusters.empty());
  EXPECT_TRUE(config->current_context.empty());
}

TEST(KubeConfigTest, RejectsDuplicatesBadBase64AndWrongTypes) {
  StatusOr<KubeConfig> dup = ParseKubeConfig(
      "clusters:\n- name: a\n  cluster: {server: one}\n- name: a\n  cluster: {server: two}\n");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().message(), "duplicate name \"a\" in clusters list");

  StatusOr<KubeConfig> b64 =
      ParseKubeConfig("users:\n- name: u\n  user: {client-key-data: \"!!!\"}\n");
  ASSERT_FALSE(b64.ok());
  EXPECT_NE(b64.status().message().find("illegal base64 data"), std::string::npos)
      << b64.status().message();

  StatusOr<KubeConfig> type = ParseKubeConfig("clusters: 5\n");
  EXPECT_FALSE(type.ok());
  StatusOr<KubeConfig> yaml = ParseKubeConfig("clusters: [\n");
  EXPECT_FALSE(yaml.ok());
}

TEST(KubeConfigTest, DefaultPrecedenceFollowsKubeconfigVariable) {
  EXPECT_EQ(DefaultPrecedence("", "/home/me"), std::vector<std::string>{"/home/me/.kube/config"});
  EXPECT_EQ(DefaultPrecedence("/a:/b::/a:/c", "/home/me"),
            (std::vector<std::string>{"/a", "/b", "/c"}));
}

TEST(KubeConfigTest, FirstFileToSetAKeyWinsAndCurrentContextComesFromTheFirstThatSetsIt) {
  TempDir dir;
  std::string one = dir.File("one", R"(clusters:
- name: shared
  cluster: {server: https://one}
users:
- name: shared
  user: {token: one}
contexts:
- name: shared
  context: {cluster: shared, user: shared}
)");
  std::string two = dir.File("two", R"(clusters:
- name: shared
  cluster: {server: https://two, tls-server-name: only-in-two}
- name: extra
  cluster: {server: https://extra}
users:
- name: shared
  user: {token: two}
current-context: shared
)");
  std::string three = dir.File("three", "current-context: from-three\n");
  LoadingRules rules;
  rules.precedence = {dir.path() + "/missing", one, two, three};
  StatusOr<KubeConfig> merged = LoadKubeConfigs(rules);
  ASSERT_TRUE(merged.ok()) << merged.status().message();
  EXPECT_EQ(merged->clusters.at("shared").server, "https://one");
  // Whole entries win, not fields: two's tls-server-name does not leak into one's entry.
  EXPECT_EQ(merged->clusters.at("shared").tls_server_name, "");
  EXPECT_EQ(merged->clusters.at("extra").server, "https://extra");
  EXPECT_EQ(merged->users.at("shared").token, "one");
  EXPECT_EQ(merged->current_context, "shared");  // one sets none; two is the first
  EXPECT_EQ(merged->clusters.at("shared").location_of_origin, one);
}

TEST(KubeConfigTest, ExplicitPathMustExistAndInvalidFilesAreErrors) {
  TempDir dir;
  LoadingRules rules;
  rules.explicit_path = dir.path() + "/nope";
  StatusOr<KubeConfig> missing = LoadKubeConfigs(rules);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);

  std::string bad = dir.File("bad", "clusters: {{{\n");
  rules.explicit_path = bad;
  StatusOr<KubeConfig> invalid = LoadKubeConfigs(rules);
  ASSERT_FALSE(invalid.ok());
  EXPECT_NE(invalid.status().message().find("error loading config file \"" + bad + "\""),
            std::string::npos)
      << invalid.status().message();

  LoadingRules none;
  none.precedence = {dir.path() + "/a", dir.path() + "/b"};
  StatusOr<KubeConfig> empty = LoadKubeConfigs(none);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->clusters.empty());
}

TEST(KubeConfigTest, RelativePathsResolveAgainstTheDefiningFile) {
  TempDir dir;
  std::string file = dir.File("conf/kubeconfig", R"(clusters:
- name: c
  cluster: {server: https://x, certificate-authority: pki/ca.crt}
- name: abs
  cluster: {server: https://x, certificate-authority: /etc/ca.crt}
users:
- name: u
  user: {client-certificate: ../certs/u.crt, client-key: u.key, tokenFile: tok}
- name: p
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: ./plugin, interactiveMode: Never}
- name: q
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: on-path, interactiveMode: Never}
)");
  LoadingRules rules;
  rules.explicit_path = file;
  StatusOr<KubeConfig> config = LoadKubeConfigs(rules);
  ASSERT_TRUE(config.ok()) << config.status().message();
  std::string base = dir.path() + "/conf/";
  EXPECT_EQ(config->clusters.at("c").certificate_authority, base + "pki/ca.crt");
  EXPECT_EQ(config->clusters.at("abs").certificate_authority, "/etc/ca.crt");
  EXPECT_EQ(config->users.at("u").client_certificate, dir.path() + "/certs/u.crt");
  EXPECT_EQ(config->users.at("u").client_key, base + "u.key");
  EXPECT_EQ(config->users.at("u").token_file, base + "tok");
  EXPECT_EQ(config->users.at("p").exec->command, base + "plugin");
  EXPECT_EQ(config->users.at("q").exec->command, "on-path");
}

}  // namespace
}  // namespace kubecxx::client
