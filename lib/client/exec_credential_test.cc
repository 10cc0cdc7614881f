// Exec credential plugins run for real: small shell scripts in a temp dir.
#include "lib/client/exec_credential.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "lib/net/http_client.h"
#include "lib/net/testing/test_pki.h"
#include "lib/net/testing/test_server.h"

namespace kubecxx::client {
namespace {

namespace fs = std::filesystem;

class ExecTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "exec-test-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A plugin script that records its invocation and prints `output`.
  std::string Plugin(const std::string& name, const std::string& output, int exit_code = 0) {
    std::string path = dir_ + "/" + name;
    std::string script = "#!/bin/sh\n"
                         "echo run >> " + dir_ + "/runs\n"
                         "printf '%s' \"$KUBERNETES_EXEC_INFO\" > " + dir_ + "/info\n"
                         "echo \"$@|$FOO\" > " + dir_ + "/argv\n"
                         "cat <<'EOF'\n" + output + "\nEOF\n"
                         "exit " + std::to_string(exit_code) + "\n";
    EXPECT_TRUE(net::testing::WriteTestFile(path, script).ok());
    chmod(path.c_str(), 0700);
    return path;
  }

  std::string Read(const std::string& name) {
    std::ifstream in(dir_ + "/" + name);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  int Runs() {
    std::string runs = Read("runs");
    return static_cast<int>(std::count(runs.begin(), runs.end(), '\n'));
  }

  std::unique_ptr<ExecCredentialProvider> Provider(ExecProviderOptions options) {
    options.base_environment = std::vector<std::string>{"PATH=/usr/bin:/bin", "FOO=base"};
    options.stdin_is_terminal = false;
    StatusOr<std::unique_ptr<ExecCredentialProvider>> p =
        ExecCredentialProvider::Create(std::move(options));
    EXPECT_TRUE(p.ok()) << p.status().message();
    return p.ok() ? std::move(*p) : nullptr;
  }

  static ExecConfig V1(const std::string& command) {
    ExecConfig exec;
    exec.command = command;
    exec.api_version = "client.authentication.k8s.io/v1";
    exec.interactive_mode = "Never";
    return exec;
  }

  std::string dir_;
};

constexpr char kTokenOutput[] =
    R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",)"
    R"("status":{"token":"plugin-token"}})";

TEST_F(ExecTest, RunsThePluginOnceAndCachesATokenWithoutExpiry) {
  ExecProviderOptions options;
  options.exec = V1(Plugin("plugin", kTokenOutput));
  options.exec.args = {"--cluster", "prod"};
  options.exec.env = {{"FOO", "configured"}};
  auto provider = Provider(options);
  for (int i = 0; i < 3; ++i) {
    StatusOr<net::Credentials> creds = provider->Get();
    ASSERT_TRUE(creds.ok()) << creds.status().message();
    EXPECT_EQ(creds->token, "plugin-token");
  }
  EXPECT_EQ(Runs(), 1);
  EXPECT_EQ(Read("argv"), "--cluster prod|configured\n");  // configured env wins
  EXPECT_EQ(Read("info"),
            R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1",)"
            R"("spec":{"interactive":false}})" "\n");
}

TEST_F(ExecTest, ReRunsAfterExpirationTimestampAndAfterUnauthorized) {
  std::string output =
      R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential",)"
      R"("status":{"token":"short","expirationTimestamp":"2030-01-01T00:00:00Z"}})";
  ExecProviderOptions options;
  options.exec = V1(Plugin("plugin", output));
  options.exec.api_version = "client.authentication.k8s.io/v1beta1";
  auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1893455000));  // < 2030
  options.now = [&now] { return now; };
  auto provider = Provider(options);
  StatusOr<net::Credentials> creds = provider->Get();
  ASSERT_TRUE(creds.ok()) << creds.status().message();
  ASSERT_TRUE(provider->Get().ok());
  EXPECT_EQ(Runs(), 1);
  now += std::chrono::hours(1);  // past 2030-01-01T00:00:00Z
  ASSERT_TRUE(provider->Get().ok());
  EXPECT_EQ(Runs(), 2);

  now -= std::chrono::hours(1);
  StatusOr<net::Credentials> current = provider->Get();
  provider->OnUnauthorized(*current);
  EXPECT_EQ(Runs(), 3);
  provider->OnUnauthorized(net::Credentials{"stale", "", ""});  // rotated already: no run
  EXPECT_EQ(Runs(), 3);
}

TEST_F(ExecTest, ClusterInfoIsPassedWhenAsked) {
  ExecProviderOptions options;
  options.exec = V1(Plugin("plugin", kTokenOutput));
  options.exec.provide_cluster_info = true;
  options.cluster = ExecClusterInfo{"https://10.0.0.1:6443", "kubernetes", false, "CA", "", false,
                                    R"({"audience":"prod"})"};
  auto provider = Provider(options);
  ASSERT_TRUE(provider->Get().ok());
  EXPECT_EQ(Read("info"),
            R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1",)"
            R"("spec":{"cluster":{"server":"https://10.0.0.1:6443","tls-server-name":)"
            R"("kubernetes","certificate-authority-data":"Q0E=","config":{"audience":"prod"}},)"
            R"("interactive":false}})" "\n");
}

TEST_F(ExecTest, FailuresSayWhatWentWrong) {
  struct Case {
    std::string output;
    int exit_code;
    std::string want;
  } cases[] = {
      {kTokenOutput, 3, "failed with exit code 3"},
      {R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential",)"
       R"("status":{"token":"x"}})",
       0,
       "exec plugin is configured to use API version client.authentication.k8s.io/v1, plugin "
       "returned version client.authentication.k8s.io/v1beta1"},
      {R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential"})", 0,
       "exec plugin didn't return a status field"},
      {R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}})",
       0, "exec plugin didn't return a token or cert/key pair"},
      {R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",)"
       R"("status":{"clientCertificateData":"x"}})",
       0, "exec plugin returned only certificate or key, not both"},
      {R"({"apiVersion":"client.authentication.k8s.io/v1"})", 0, "Object 'Kind' is missing"},
      {"not json at all: [", 0, "decoding stdout"},
  };
  int n = 0;
  for (const Case& c : cases) {
    ExecProviderOptions options;
    options.exec = V1(Plugin("plugin" + std::to_string(n++), c.output, c.exit_code));
    StatusOr<net::Credentials> creds = Provider(options)->Get();
    ASSERT_FALSE(creds.ok()) << c.want;
    EXPECT_NE(creds.status().message().find(c.want), std::string::npos)
        << creds.status().message();
  }

  ExecProviderOptions missing;
  missing.exec = V1(dir_ + "/no-such-plugin");
  missing.exec.install_hint = "install it with: apt-get install no-such-plugin";
  StatusOr<net::Credentials> creds = Provider(missing)->Get();
  ASSERT_FALSE(creds.ok());
  EXPECT_NE(creds.status().message().find("exec: executable " + dir_ +
                                          "/no-such-plugin not found"),
            std::string::npos);
  EXPECT_NE(creds.status().message().find("apt-get install no-such-plugin"), std::string::npos);

  ExecProviderOptions bad_version;
  bad_version.exec = V1("x");
  bad_version.exec.api_version = "client.authentication.k8s.io/v1alpha1";
  EXPECT_FALSE(ExecCredentialProvider::Create(bad_version).ok());

  ExecProviderOptions always;
  always.exec = V1(Plugin("always", kTokenOutput));
  always.exec.interactive_mode = "Always";
  StatusOr<net::Credentials> interactive = Provider(always)->Get();
  ASSERT_FALSE(interactive.ok());
  EXPECT_EQ(interactive.status().message(),
            "exec plugin cannot support interactive mode: standard input is not a terminal");
}

TEST_F(ExecTest, ClientCertificateFromThePluginAuthenticatesTheConnection) {
  auto pki = net::testing::TestPki::Create("exec-ca");
  ASSERT_TRUE(pki.ok());
  net::testing::LeafSpec serving;
  serving.common_name = "server";
  serving.ip_addresses = {"127.0.0.1"};
  serving.server = true;
  net::testing::LeafSpec client;
  client.common_name = "exec-user";
  client.client = true;
  auto serving_pair = (*pki)->Issue(serving);
  auto client_pair = (*pki)->Issue(client);
  ASSERT_TRUE(serving_pair.ok() && client_pair.ok());

  auto json_escape = [](const std::string& pem) {
    std::string out;
    for (char c : pem) out += c == '\n' ? std::string("\\n") : std::string(1, c);
    return out;
  };
  std::string output =
      R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":)"
      R"({"clientCertificateData":")" + json_escape(client_pair->cert_pem) +
      R"(","clientKeyData":")" + json_escape(client_pair->key_pem) + R"("}})";
  ExecProviderOptions options;
  options.exec = V1(Plugin("cert-plugin", output));
  std::shared_ptr<ExecCredentialProvider> provider = Provider(options);

  net::testing::TestServerOptions server_options;
  server_options.tls = true;
  server_options.cert_pem = serving_pair->cert_pem;
  server_options.key_pem = serving_pair->key_pem;
  server_options.client_ca_pem = (*pki)->ca().cert_pem;
  auto server = net::testing::TestServer::Start(
      server_options, [](const net::testing::TestRequest& req, net::testing::TestResponder& resp) {
        resp.Respond(200, req.client_cn + "|" + std::string(req.headers.Get("Authorization")));
      });
  ASSERT_TRUE(server.ok());
  net::HttpClientOptions client_options;
  client_options.tls.ca_pem = (*pki)->ca().cert_pem;
  client_options.credentials = provider;
  auto http = net::HttpClient::Create(client_options);
  ASSERT_TRUE(http.ok());
  net::HttpRequest request;
  request.url = (*server)->Url("/api");
  StatusOr<net::HttpResponse> response = (*http)->RoundTrip(request);
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->body, "exec-user|");  // a certificate, and no empty bearer token
}

}  // namespace
}  // namespace kubecxx::client
