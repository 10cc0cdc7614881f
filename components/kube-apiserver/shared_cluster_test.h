// A gtest suite base for the kube-apiserver integration tests: one MixedCluster (stock etcd,
// stock kube-apiserver, ours) shared by all tests of a suite. A suite derives as
//   class FooTest : public SharedClusterTest<FooTest> { static void SetUpTestSuite() {
//     if (!StartCluster({...ours...}, {...stock...})) return;  ...suite setup... } };
// StartCluster records the SKIPPED reason when stock binaries are missing (every test then
// skips) and fails the suite when the cluster does not start. Suite-specific TearDownTestSuite
// must call SharedClusterTest::TearDownTestSuite(). The template parameter gives every suite
// its own static cluster. Thread-safety: gtest's (one thread sets up and tears down).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "components/kube-apiserver/testing_cluster.h"

namespace kubecxx::kube_apiserver::testing {

template <typename Suite>
class SharedClusterTest : public ::testing::Test {
 protected:
  // True when the cluster runs; false when skipped (skip_ set) or failed (a fatal failure).
  static bool StartCluster(std::vector<std::string> ours_args = {},
                           std::vector<std::string> stock_args = {}) {
    std::string missing = MixedCluster::Missing();
    if (!missing.empty()) {
      skip_ = "SKIPPED: " + missing;
      return false;
    }
    auto c = MixedCluster::Start(std::move(ours_args), std::move(stock_args));
    EXPECT_TRUE(c.ok()) << c.status().message();
    if (!c.ok()) return false;
    cluster_ = c->release();
    return true;
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }
  void SetUp() override {
    if (!skip_.empty()) GTEST_SKIP() << skip_;
    ASSERT_NE(cluster_, nullptr);
  }
  // Stock kubectl against `s`; fails the test (with our server's log tail) when kubectl does.
  static std::string Must(Server s, const std::vector<std::string>& args) {
    auto out = cluster_->Kubectl(s, args);
    EXPECT_TRUE(out.ok()) << out.status().message() << "\nour log:\n" << cluster_->OurLogTail();
    return out.ok() ? *out : "";
  }

  static inline MixedCluster* cluster_ = nullptr;
  static inline std::string skip_;
};

}  // namespace kubecxx::kube_apiserver::testing
