// Test fixture for the REST layer's integration tests: one STOCK etcd + kube-apiserver per
// test binary (lib/client/testing/stock_apiserver.h), a protobuf and a JSON RestClient on
// its admin kubeconfig, and a namespace with a "default" ServiceAccount (no
// kube-controller-manager makes one). Skips with the reason when the binaries are missing.
// Set KUBECXX_TEST_KUBECONFIG to use an existing cluster instead.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <unistd.h>

#include "lib/client/client_config.h"
#include "lib/client/rest_client.h"
#include "lib/client/testing/stock_apiserver.h"

namespace kubecxx::client {

class RestStockTest : public ::testing::Test {
 public:
  static constexpr const char* kNamespace = "kubecxx-rest";

 protected:
  static void SetUpTestSuite() {
    if (started_) return;  // one control plane for every suite of the binary
    started_ = true;
    const char* existing = std::getenv("KUBECXX_TEST_KUBECONFIG");
    if (existing != nullptr && *existing != '\0') {
      kubeconfig_ = new std::string(existing);
    } else {
      skip_reason_ = new std::string(testing::MissingStockBinaries());
      if (!skip_reason_->empty()) return;
      auto start = std::chrono::steady_clock::now();
      StatusOr<std::unique_ptr<testing::StockApiServer>> server =
          testing::StockApiServer::Start();
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
    LoadingRules rules;
    rules.explicit_path = *kubeconfig_;
    StatusOr<ClientConfig> config = LoadClientConfig(rules, {});
    if (!config.ok()) {
      start_error_ = new std::string(config.status().message());
      return;
    }
    RestConfig rc = config->rest;
    rc.user_agent = "kubecxx-rest-test/v1.37.2 (linux/amd64) kubernetes/unknown";
    rc.qps = -1;  // tests are not throttled
    rc.content_type = "application/vnd.kubernetes.protobuf";
    proto_ = RestClient::New(rc)->release();
    rc.content_type = "application/json";
    json_ = RestClient::New(rc)->release();
    // The test namespace and its default ServiceAccount (pods need one).
    ResourceRef ns{"", "v1", "namespaces", "", "", ""};
    (void)json_->SendJson("POST", ns, "application/json",
                          std::string(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":")") +
                              kNamespace + "\"}}");
    ResourceRef sa{"", "v1", "serviceaccounts", kNamespace, "", ""};
    (void)json_->SendJson(
        "POST", sa, "application/json",
        R"({"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default"}})");
  }

  // Called once at the end of the binary (a global test environment).
  static void Shutdown() {
    delete proto_;
    delete json_;
    proto_ = json_ = nullptr;
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override {
    if (skip_reason_ != nullptr && !skip_reason_->empty()) {
      GTEST_SKIP() << "SKIPPED: " << *skip_reason_;
    }
    ASSERT_EQ(start_error_, nullptr) << *start_error_;
  }

  static RestClient* Client(bool protobuf) { return protobuf ? proto_ : json_; }
  static const char* FormatName(bool protobuf) { return protobuf ? "protobuf" : "json"; }

  static StatusOr<std::string> Kubectl(const std::vector<std::string>& args) {
    if (server_ != nullptr) return server_->Kubectl(args);
    std::string cmd = testing::StockBinDir() + "/kubectl --kubeconfig=" + *kubeconfig_;
    for (const std::string& a : args) cmd += " '" + a + "'";
    return std::system(cmd.c_str()) == 0 ? StatusOr<std::string>(std::string())
                                         : Status::Internal("kubectl failed: " + cmd);
  }

  static inline bool started_ = false;
  static inline testing::StockApiServer* server_ = nullptr;
  static inline std::string* kubeconfig_ = nullptr;
  static inline std::string* skip_reason_ = nullptr;
  static inline std::string* start_error_ = nullptr;
  static inline RestClient* proto_ = nullptr;
  static inline RestClient* json_ = nullptr;
};

class RestStockEnvironment : public ::testing::Environment, private RestStockTest {
 public:
  void TearDown() override { Shutdown(); }
  void TestBody() override {}
};

}  // namespace kubecxx::client
