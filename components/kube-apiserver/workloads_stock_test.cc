// The proof that defaulting matters: a STOCK kube-controller-manager (deployment and
// replicaset controllers) and a STOCK kube-scheduler run against OUR kube-apiserver only
// (its own etcd prefix): a Deployment created through ours becomes a ReplicaSet and Pods, and
// those Pods and a bare Pod get bound to a Node the test creates. Skips without the stock
// binaries.
#include <signal.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "components/kube-apiserver/testing_cluster.h"
#include "lib/base/testing/files.h"
#include "lib/base/testing/subprocess.h"

namespace kubecxx::kube_apiserver::testing {
namespace {

using kubecxx::testing::ReadFile;

std::string Tail(const std::string& path, size_t n = 3000) {
  std::string s = ReadFile(path);
  return s.size() > n ? s.substr(s.size() - n) : s;
}

class Process {
 public:
  Process(const std::vector<std::string>& argv, std::string log) : log_(std::move(log)) {
    pid_ = kubecxx::testing::SpawnProcess(argv, log_);
  }
  ~Process() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int st = 0;
      for (int i = 0; i < 50 && waitpid(pid_, &st, WNOHANG) == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      kill(pid_, SIGKILL);
      waitpid(pid_, &st, 0);
    }
  }
  const std::string& log() const { return log_; }

 private:
  pid_t pid_ = -1;
  std::string log_;
};

// Polls `probe` (kubectl output) until `done` holds or ~timeout passes; returns the last output.
std::string WaitFor(const std::function<std::string()>& probe,
                    const std::function<bool(const std::string&)>& done, int seconds) {
  std::string out;
  for (int i = 0; i < seconds * 4; ++i) {
    out = probe();
    if (done(out)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return out;
}

int Lines(const std::string& s) {
  int n = 0;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) n += !line.empty();
  return n;
}

TEST(WorkloadsStockTest, StockControllersAndSchedulerRunAgainstOurs) {
  std::string missing = MixedCluster::Missing();
  const std::string bin = kubecxx::testing::StockBinDir();
  for (const char* b : {"kube-controller-manager", "kube-scheduler"}) {
    if (missing.empty() && !std::filesystem::exists(bin + "/" + b)) missing = bin + "/" + b;
  }
  if (!missing.empty()) GTEST_SKIP() << "SKIPPED: " << missing;
  auto c = MixedCluster::Start({"--etcd-prefix=/ours"}, {});
  ASSERT_TRUE(c.ok()) << c.status().message();
  MixedCluster& cluster = **c;

  // The admin kubeconfig, pointed at our server.
  std::string conf = ReadFile(cluster.stock().admin_kubeconfig());
  const std::string& stock_url = cluster.url(Server::kStock);
  size_t at = conf.find(stock_url);
  ASSERT_NE(at, std::string::npos);
  conf.replace(at, stock_url.size(), cluster.url(Server::kOurs));
  const std::string kubeconfig = cluster.dir() + "/ours.kubeconfig";
  std::ofstream(kubeconfig) << conf;

  auto kubectl = [&](const std::vector<std::string>& args) {
    auto out = cluster.Kubectl(Server::kOurs, args);
    return out.ok() ? *out : "ERROR " + std::string(out.status().message());
  };
  ASSERT_NE(kubectl({"create", "namespace", "work"}).find("created"), std::string::npos);

  Process kcm({bin + "/kube-controller-manager", "--kubeconfig=" + kubeconfig,
               "--leader-elect=false", "--secure-port=0", "--controllers=deployment,replicaset",
               "--concurrent-deployment-syncs=2", "-v=2"},
              cluster.dir() + "/kcm.log");
  Process sched({bin + "/kube-scheduler", "--kubeconfig=" + kubeconfig, "--leader-elect=false",
                 "--secure-port=0", "-v=2"},
                cluster.dir() + "/scheduler.log");

  ASSERT_NE(kubectl({"create", "deployment", "web", "-n", "work", "--image=nginx:1.27",
                     "--replicas=2"})
                .find("created"),
            std::string::npos);
  std::string pods = WaitFor(
      [&] { return kubectl({"get", "pods", "-n", "work", "-l", "app=web", "-o", "name"}); },
      [](const std::string& s) { return Lines(s) == 2 && s.find("ERROR") == std::string::npos; },
      40);
  ASSERT_EQ(Lines(pods), 2) << pods << "\nkcm log:\n" << Tail(kcm.log()) << "\nour log:\n"
                            << cluster.OurLogTail();
  std::string rs = kubectl({"get", "rs", "-n", "work", "-o",
                            "jsonpath={.items[0].metadata.ownerReferences[0].name} "
                            "{.items[0].spec.replicas}"});
  EXPECT_EQ(rs, "web 2");
  // The ReplicaSet controller's pods carry the defaults it relies on.
  EXPECT_EQ(kubectl({"get", "pods", "-n", "work", "-l", "app=web", "-o",
                     "jsonpath={.items[0].spec.schedulerName} {.items[0].spec.restartPolicy} "
                     "{.items[0].status.phase} {.items[0].status.qosClass}"}),
            "default-scheduler Always Pending BestEffort");

  // The scheduler binds them (and a bare Pod) once a Node exists.
  const std::string node = R"({"apiVersion":"v1","kind":"Node","metadata":{"name":"node-1",
    "labels":{"kubernetes.io/hostname":"node-1"}},"status":{"capacity":{"cpu":"4",
    "memory":"8Gi","pods":"110"},"conditions":[{"type":"Ready","status":"True"}]}})";
  auto created = cluster.Http(Server::kOurs, "POST", "/api/v1/nodes",
                              {{"Content-Type", "application/json"}}, node);
  ASSERT_TRUE(created.ok());
  ASSERT_EQ(created->status, 201) << created->body;
  ASSERT_NE(kubectl({"run", "bare", "-n", "work", "--image=busybox", "--restart=Never"})
                .find("created"),
            std::string::npos);
  std::string bound = WaitFor(
      [&] {
        return kubectl({"get", "pods", "-n", "work", "-o",
                        "jsonpath={range .items[*]}{.spec.nodeName}{\"\\n\"}{end}"});
      },
      [](const std::string& s) {
        std::istringstream in(s);
        std::string line;
        int n = 0;
        while (std::getline(in, line)) n += line == "node-1";
        return n == 3;
      },
      40);
  EXPECT_EQ(bound, "node-1\nnode-1\nnode-1\n")
      << "scheduler log:\n" << Tail(sched.log()) << "\nour log:\n" << cluster.OurLogTail();
  EXPECT_EQ(kubectl({"get", "pod", "bare", "-n", "work", "-o",
                     "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].status}"}),
            "True");
}

}  // namespace
}  // namespace kubecxx::kube_apiserver::testing
