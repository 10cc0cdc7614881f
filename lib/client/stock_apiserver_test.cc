// Integration: our config + transport against a STOCK kube-apiserver v1.37 (and etcd),
// started for this test. Skips, saying why, when the stock binaries are not built.
//
// Set KUBECXX_TEST_KUBECONFIG to run against an existing cluster instead (e.g. the admin
// kubeconfig `conformance/cluster up` prints); kubectl then comes from the stock bin dir.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "lib/client/client_config.h"
#include "lib/client/testing/stock_apiserver.h"
#include "lib/client/transport_for_config.h"
#include "lib/net/http_client.h"

namespace kubecxx::client {
namespace {

using testing::StockApiServer;

class StockApiServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* existing = std::getenv("KUBECXX_TEST_KUBECONFIG");
    if (existing != nullptr && *existing != '\0') {
      kubeconfig_ = new std::string(existing);
      return;
    }
    skip_reason_ = new std::string(testing::MissingStockBinaries());
    if (!skip_reason_->empty()) {
      return;
    }
    auto start = std::chrono::steady_clock::now();
    StatusOr<std::unique_ptr<StockApiServer>> server = StockApiServer::Start();
    if (!server.ok()) {
      start_error_ = new std::string(server.status().message());
      return;
    }
    server_ = server->release();
    kubeconfig_ = new std::string(server_->admin_kubeconfig());
    std::cout << "[stock] etcd + kube-apiserver ready at " << server_->url() << " in "
              << std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - start)
                     .count()
              << " ms\n";
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override {
    if (skip_reason_ != nullptr && !skip_reason_->empty()) {
      GTEST_SKIP() << "SKIPPED: " << *skip_reason_;
    }
    ASSERT_EQ(start_error_, nullptr) << *start_error_;
    LoadingRules rules;
    rules.explicit_path = *kubeconfig_;
    StatusOr<ClientConfig> config = LoadClientConfig(rules, {});
    ASSERT_TRUE(config.ok()) << config.status().message();
    config_ = config->rest;
    config_.user_agent = "kubecxx-client-test/v1.37.2 (linux/amd64) kubernetes/unknown";
    StatusOr<std::unique_ptr<RequestExecutor>> executor = NewRequestExecutor(config_);
    ASSERT_TRUE(executor.ok()) << executor.status().message();
    executor_ = std::move(*executor);
  }

  StatusOr<ExecutedResponse> Get(const std::string& path, const std::string& accept = "") {
    net::HttpRequest request;
    request.url = config_.host + path;
    request.headers.Add("Accept", accept.empty() ? "application/json" : accept);
    return executor_->Do(request);
  }

  StatusOr<std::string> Kubectl(const std::vector<std::string>& args) {
    if (server_ != nullptr) {
      return server_->Kubectl(args);
    }
    // An existing cluster: run the stock kubectl against its kubeconfig.
    std::string cmd = testing::StockBinDir() + "/kubectl --kubeconfig=" + *kubeconfig_;
    for (const std::string& a : args) cmd += " '" + a + "'";
    return std::system(cmd.c_str()) == 0 ? StatusOr<std::string>(std::string())
                                         : Status::Internal("kubectl failed: " + cmd);
  }

  static inline StockApiServer* server_ = nullptr;
  static inline std::string* kubeconfig_ = nullptr;
  static inline std::string* skip_reason_ = nullptr;
  static inline std::string* start_error_ = nullptr;
  RestConfig config_;
  std::unique_ptr<RequestExecutor> executor_;
};

// The first string or number after `"key":` in a JSON text (enough for these checks).
std::string JsonField(const std::string& json, const std::string& key) {
  size_t at = json.find("\"" + key + "\":");
  if (at == std::string::npos) return "";
  at = json.find_first_not_of(" \n", at + key.size() + 3);
  if (at == std::string::npos) return "";
  if (json[at] == '"') {
    size_t end = json.find('"', at + 1);
    return json.substr(at + 1, end - at - 1);
  }
  size_t end = json.find_first_of(",}", at);
  return json.substr(at, end - at);
}

TEST_F(StockApiServerTest, VersionAndNamespacesOverTlsWithClientCertificates) {
  StatusOr<ExecutedResponse> version = Get("/version");
  ASSERT_TRUE(version.ok()) << version.status().message();
  ASSERT_EQ(version->response.status, 200) << version->response.body;
  std::cout << "[stock] GET /version -> " << JsonField(version->response.body, "gitVersion")
            << "\n";
  EXPECT_EQ(JsonField(version->response.body, "gitVersion").substr(0, 6), "v1.37.");

  StatusOr<ExecutedResponse> namespaces = Get("/api/v1/namespaces");
  ASSERT_TRUE(namespaces.ok()) << namespaces.status().message();
  ASSERT_EQ(namespaces->response.status, 200) << namespaces->response.body;
  const std::string& body = namespaces->response.body;
  EXPECT_EQ(JsonField(body, "kind"), "NamespaceList");
  EXPECT_NE(body.find("\"name\":\"default\""), std::string::npos);
  EXPECT_NE(body.find("\"name\":\"kube-system\""), std::string::npos);
  std::cout << "[stock] GET /api/v1/namespaces -> " << body.size() << " bytes, resourceVersion "
            << JsonField(body, "resourceVersion") << "\n";

  // Protobuf, as stock components ask for it: the "k8s\0" envelope comes back.
  StatusOr<ExecutedResponse> proto =
      Get("/api/v1/namespaces/default", "application/vnd.kubernetes.protobuf");
  ASSERT_TRUE(proto.ok()) << proto.status().message();
  EXPECT_EQ(proto->response.headers.Get("Content-Type"), "application/vnd.kubernetes.protobuf");
  EXPECT_EQ(proto->response.body.substr(0, 4), std::string("k8s\0", 4));

  // Who the apiserver thinks we are: the client certificate's subject.
  net::HttpRequest review;
  review.method = "POST";
  review.url = config_.host + "/apis/authentication.k8s.io/v1/selfsubjectreviews";
  review.headers.Add("Content-Type", "application/json");
  review.headers.Add("Accept", "application/json");
  review.body = R"({"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"})";
  StatusOr<ExecutedResponse> whoami = executor_->Do(review);
  ASSERT_TRUE(whoami.ok()) << whoami.status().message();
  ASSERT_EQ(whoami->response.status, 201) << whoami->response.body;
  std::cout << "[stock] SelfSubjectReview username: "
            << JsonField(whoami->response.body, "username") << "\n";
  EXPECT_EQ(JsonField(whoami->response.body, "username"), "kubernetes-admin");
}

TEST_F(StockApiServerTest, WatchStreamSeesANamespaceCreatedByKubectl) {
  StatusOr<ExecutedResponse> list = Get("/api/v1/namespaces");
  ASSERT_TRUE(list.ok() && list->response.status == 200);
  std::string rv = JsonField(list->response.body, "resourceVersion");
  ASSERT_FALSE(rv.empty());

  net::HttpRequest request;
  request.url = config_.host + "/api/v1/namespaces?watch=1&resourceVersion=" + rv +
                "&timeoutSeconds=120";
  request.headers.Add("Accept", "application/json");
  StatusOr<ExecutedStream> watch = executor_->Watch(request);
  ASSERT_TRUE(watch.ok()) << watch.status().message();
  ASSERT_EQ(watch->stream->status(), 200);
  net::HttpStream* stream = watch->stream.get();

  // Nothing may hang the test: a watchdog closes the stream after 60 s.
  std::atomic<bool> finished{false};
  std::thread watchdog([&] {
    for (int i = 0; i < 600 && !finished; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (!finished) stream->Close();
  });

  const std::string name = "kubecxx-watch-" + std::to_string(::getpid());
  StatusOr<std::string> created = Kubectl({"create", "namespace", name});
  ASSERT_TRUE(created.ok()) << created.status().message();

  std::string body;
  bool seen = false;
  while (!seen) {
    StatusOr<bool> more = stream->ReadSome(&body);
    if (!more.ok() || !*more) {
      ADD_FAILURE() << "watch ended before the event: "
                    << (more.ok() ? "end of stream" : more.status().message());
      break;
    }
    size_t line_end;
    while ((line_end = body.find('\n')) != std::string::npos) {
      std::string event = body.substr(0, line_end);
      body.erase(0, line_end + 1);
      std::cout << "[stock] watch event: type=" << JsonField(event, "type")
                << " name=" << JsonField(event, "name") << "\n";
      if (JsonField(event, "type") == "ADDED" && JsonField(event, "name") == name) {
        seen = true;
      }
    }
  }
  EXPECT_TRUE(seen);
  // Cancel from this thread while the server would keep the watch open.
  stream->Close();
  EXPECT_TRUE(stream->closed());
  finished = true;
  watchdog.join();
  (void)Kubectl({"delete", "namespace", name, "--wait=false"});
}

TEST_F(StockApiServerTest, WrongServerNameAndUnknownCaAreRejected) {
  RestConfig wrong = config_;
  wrong.server_name = "not-the-apiserver.example";
  StatusOr<std::unique_ptr<RequestExecutor>> executor = NewRequestExecutor(wrong);
  ASSERT_TRUE(executor.ok());
  net::HttpRequest request;
  request.url = config_.host + "/version";
  StatusOr<ExecutedResponse> response = (*executor)->Do(request);
  ASSERT_FALSE(response.ok());
  std::cout << "[stock] wrong tls-server-name: " << response.status().message() << "\n";
  EXPECT_NE(response.status().message().find("x509: certificate is valid for"),
            std::string::npos);

  RestConfig no_cert = config_;
  no_cert.cert_pem.clear();
  no_cert.key_pem.clear();
  executor = NewRequestExecutor(no_cert);
  ASSERT_TRUE(executor.ok());
  request.url = config_.host + "/api/v1/namespaces";
  response = (*executor)->Do(request);
  ASSERT_TRUE(response.ok()) << response.status().message();
  std::cout << "[stock] anonymous GET /api/v1/namespaces -> " << response->response.status
            << "\n";
  EXPECT_EQ(response->response.status, 403);  // anonymous: authenticated as system:anonymous
}

}  // namespace
}  // namespace kubecxx::client
