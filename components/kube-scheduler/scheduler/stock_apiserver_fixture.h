// A gtest fixture for the scheduler tests that run OUR and the STOCK kube-scheduler against a
// stock kube-apiserver (+ etcd): skips, saying so, without the stock binaries; starts the
// server; writes a KubeSchedulerConfiguration (the admin kubeconfig plus the suite's
// `extra_config` YAML) to config_; kubectl helpers for the objects a scenario needs.
// Thread-safety: gtest's (one test thread).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "lib/client/testing/stock_apiserver.h"

namespace kubecxx::scheduler::testing {

class StockApiServerFixture : public ::testing::Test {
 protected:
  // Call first in SetUp; false when the test is skipped or the server did not start.
  bool StartStockApiServer(const std::string& subdir, const std::string& extra_config) {
    std::string missing = client::testing::MissingStockBinaries();
    if (!missing.empty()) {
      skip_ = missing;
      return false;
    }
    if (!std::filesystem::exists(StockScheduler())) {
      skip_ = "no stock kube-scheduler at " + StockScheduler();
      return false;
    }
    auto srv = client::testing::StockApiServer::Start();
    EXPECT_TRUE(srv.ok()) << srv.status().message();
    if (!srv.ok()) return false;
    api_ = std::move(srv).value();
    dir_ = api_->dir() + "/" + subdir;
    std::filesystem::create_directories(dir_);
    config_ = dir_ + "/config.yaml";
    std::ofstream(config_) << "apiVersion: kubescheduler.config.k8s.io/v1\n"
                              "kind: KubeSchedulerConfiguration\n"
                              "clientConnection:\n  kubeconfig: " << api_->admin_kubeconfig() << "\n"
                           << extra_config;
    return true;
  }

  static std::string StockScheduler() { return client::testing::StockBinDir() + "/kube-scheduler"; }

  std::string Kubectl(const std::vector<std::string>& args) {
    auto out = api_->Kubectl(args);
    EXPECT_TRUE(out.ok()) << out.status().message();
    return out.ok() ? *out : "";
  }
  void Create(const std::string& name, const std::string& json) {
    std::string path = dir_ + "/" + name + ".json";
    std::ofstream(path) << json;
    Kubectl({"create", "-f", path});
  }

  std::string skip_;  // why the test skips ("" when it runs)
  std::unique_ptr<client::testing::StockApiServer> api_;
  std::string dir_;
  std::string config_;
};

}  // namespace kubecxx::scheduler::testing
