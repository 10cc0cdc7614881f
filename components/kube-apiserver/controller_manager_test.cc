// The STOCK kube-controller-manager (garbage collector, namespace, replicaset and deployment
// controllers) against OUR kube-apiserver: a Deployment deleted with propagationPolicy
// Foreground leaves no ReplicaSets or Pods behind, and a namespace with objects in it is
// emptied and removed. Without a scheduler or kubelet the pods stay Pending, which the garbage
// collector deletes at once (unscheduled pods have no grace period). Skips when the stock
// binaries are missing.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <sstream>
#include <thread>

#include "components/kube-apiserver/testing_cluster.h"
#include "lib/base/testing/files.h"
#include "lib/base/testing/subprocess.h"

namespace kubecxx::kube_apiserver::testing {
namespace {

using kubecxx::testing::ReadFile;

class ControllerManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string missing = MixedCluster::Missing();
    std::string kcm = kubecxx::testing::StockBinDir() + "/kube-controller-manager";
    if (missing.empty() && access(kcm.c_str(), X_OK) != 0) missing = kcm + " is missing";
    if (!missing.empty()) GTEST_SKIP() << "SKIPPED: " << missing;
    auto c = MixedCluster::Start();
    ASSERT_TRUE(c.ok()) << c.status().message();
    cluster_ = std::move(*c);
    log_ = cluster_->dir() + "/kube-controller-manager.log";
    kcm_ = kubecxx::testing::SpawnProcess(
        {kcm, "--kubeconfig=" + cluster_->admin_kubeconfig(),
         "--master=" + cluster_->url(Server::kOurs),
         "--controllers=garbagecollector,namespace,replicaset,deployment", "--leader-elect=false",
         "--secure-port=0", "--concurrent-gc-syncs=5", "-v=2"},
        log_);
    ASSERT_GT(kcm_, 0);
  }
  void TearDown() override {
    if (kcm_ > 0) {
      kill(kcm_, SIGTERM);
      waitpid(kcm_, nullptr, 0);
    }
    cluster_.reset();
  }

  std::string Kubectl(const std::vector<std::string>& args) {
    auto out = cluster_->Kubectl(Server::kOurs, args);
    EXPECT_TRUE(out.ok()) << out.status().message() << "\nour log:\n" << cluster_->OurLogTail();
    return out.ok() ? *out : "";
  }
  // kubectl get -o name through OUR server ("" when none; errors count as "").
  std::string Names(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"get", "-o", "name"};
    all.insert(all.end(), args.begin(), args.end());
    auto out = cluster_->Kubectl(Server::kOurs, all);
    if (!out.ok()) return "error: " + out.status().message();
    // Only the name lines (kubectl adds "No resources found ..." on stderr).
    std::istringstream lines(*out);
    std::string line, names;
    while (std::getline(lines, line)) {
      if (line.find('/') != std::string::npos && line.find(' ') == std::string::npos) {
        names += line + "\n";
      }
    }
    return names;
  }
  bool WaitFor(const std::function<bool()>& done, int seconds) {
    for (int i = 0; i < seconds * 4; ++i) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    return false;
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = cluster_->dir() + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  std::string KcmLogTail() {
    std::string text = ReadFile(log_);
    return text.size() > 4000 ? text.substr(text.size() - 4000) : text;
  }

  std::unique_ptr<MixedCluster> cluster_;
  std::string log_;
  pid_t kcm_ = -1;
};

// A minimal Deployment: strategy, revisionHistoryLimit, progressDeadlineSeconds and the pod
// template's defaults come from our server's defaulting (lib/apiserver/defaults).
std::string DeploymentYaml(const std::string& ns, const std::string& name, int replicas) {
  return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name +
         "\n  namespace: " + ns + "\nspec:\n  replicas: " + std::to_string(replicas) +
         "\n  selector:\n    matchLabels: {app: " + name +
         "}\n  template:\n    metadata:\n      labels: {app: " + name +
         "}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n";
}

int Lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

TEST_F(ControllerManagerTest, ForegroundDeploymentDeletionAndNamespaceDeletion) {
  Kubectl({"create", "namespace", "gc"});
  Kubectl({"create", "-f", Write("web.yaml", DeploymentYaml("gc", "web", 3))});
  ASSERT_TRUE(WaitFor([&] { return Lines(Names({"pods", "-n", "gc"})) == 3; }, 60))
      << Names({"pods", "-n", "gc"}) << "\nkcm log:\n" << KcmLogTail();
  EXPECT_EQ(Lines(Names({"replicasets", "-n", "gc"})), 1);

  Kubectl({"delete", "deployment", "web", "-n", "gc", "--cascade=foreground", "--wait=false"});
  ASSERT_TRUE(WaitFor(
      [&] {
        return Names({"deployments,replicasets,pods", "-n", "gc"}).empty();
      },
      90))
      << Names({"deployments,replicasets,pods", "-n", "gc"}) << "\nkcm log:\n" << KcmLogTail()
      << "\nour log:\n" << cluster_->OurLogTail();

  Kubectl({"create", "namespace", "doomed"});
  Kubectl({"create", "configmap", "c", "-n", "doomed", "--from-literal=a=b"});
  Kubectl({"create", "-f", Write("d.yaml", DeploymentYaml("doomed", "d", 1))});
  ASSERT_TRUE(WaitFor([&] { return Lines(Names({"pods", "-n", "doomed"})) == 1; }, 60));
  Kubectl({"delete", "namespace", "doomed", "--wait=false"});
  ASSERT_TRUE(WaitFor(
      [&] { return Names({"namespace", "doomed"}).find("NotFound") != std::string::npos; }, 60))
      << Names({"namespace", "doomed", "-o", "yaml"}) << "\nkcm log:\n" << KcmLogTail();
  // The garbage collector did the work, in the foreground for the ReplicaSet.
  std::string log = ReadFile(log_);
  EXPECT_NE(log.find("item itself has dependents, so it is going to be deleted in Foreground"),
            std::string::npos)
      << KcmLogTail();
  if (getenv("KUBECXX_TEST_VERBOSE") != nullptr) std::cerr << log;
  // Nothing of it is left in etcd (read through the stock server).
  auto left = cluster_->Kubectl(Server::kStock, {"get", "all,configmaps", "-n", "doomed", "-o",
                                                 "name"});
  ASSERT_TRUE(left.ok()) << left.status().message();
  EXPECT_EQ(left->find('/'), std::string::npos) << *left;
}

}  // namespace
}  // namespace kubecxx::kube_apiserver::testing
