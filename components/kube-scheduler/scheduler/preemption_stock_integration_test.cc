// DefaultPreemption, OUR kube-scheduler then the STOCK one with the DEFAULT profile
// (preemption on, leader election off) against a stock kube-apiserver + etcd.
//
// Three nodes of 2 cpu, filled by pods created with spec.nodeName: n1 holds "mid" (1500m,
// priority 500, covered by a PodDisruptionBudget that allows no disruption), n2 "low-1" and
// "low-2" (1 cpu each, priority 100), n3 "critical" (1500m, priority 2000). Then "never"
// (1500m, priority 1000, preemptionPolicy Never) and "high" (1500m, priority 1000) come:
// "never" may not preempt; "high" can only fit on n2 (both lows must go, no PDB violated)
// or n1 (violating the PDB). Checked for both schedulers, and equal between them: every
// FailedScheduling note, the victims (deletionTimestamp set, DisruptionTarget condition
// reason and message), the Preempted events (the preemptor's UID masked), "high"'s
// nominatedNodeName, and, once the test force-deletes the terminating victims, "high"
// bound to n2 while "never" stays pending (n2 is held for the nominated "high").
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "lib/base/testing/subprocess.h"
#include "components/kube-scheduler/scheduler/stock_apiserver_fixture.h"
#include "lib/client/testing/stock_apiserver.h"

namespace kubecxx::scheduler {
namespace {

namespace fs = std::filesystem;
using client::testing::StockApiServer;

bool WaitUntil(const std::function<bool()>& cond, std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return cond();
}

std::string Slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void ReplaceAll(std::string* s, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (size_t pos = 0; (pos = s->find(from, pos)) != std::string::npos; pos += to.size()) s->replace(pos, from.size(), to);
}

struct Observed {
  std::set<std::string> failed_notes_high, failed_notes_never;
  std::string nominated;
  std::set<std::string> victims;                    // pods with deletionTimestamp
  std::map<std::string, std::string> disruption;    // victim -> "reason|message"
  std::set<std::string> preempted_events;           // "victim|related|note" (uid masked)
  std::string high_node, never_node;
};

class PreemptionStockIntegrationTest : public testing::StockApiServerFixture {
 protected:
  void SetUp() override {
    if (!StartStockApiServer("preempt", "leaderElection:\n  leaderElect: false\n")) {
      if (!skip_.empty()) GTEST_SKIP() << skip_;
      FAIL() << "the stock kube-apiserver did not start";
    }
    for (const auto& [name, value] : std::map<std::string, int>{{"low", 100}, {"mid", 500}, {"high", 1000}, {"critical", 2000}}) {
      Create("pc-" + name, R"({"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","metadata":{"name":")" + name +
                               R"("},"value":)" + std::to_string(value) + "}");
    }
    Create("pc-never", R"({"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","metadata":{"name":"never"},"value":1000,"preemptionPolicy":"Never"})");
    for (std::string n : {"n1", "n2", "n3"}) {
      Create("node-" + n, R"({"apiVersion":"v1","kind":"Node","metadata":{"name":")" + n +
                              R"(","labels":{"kubernetes.io/hostname":")" + n + R"("}}})");
      std::string res = R"({"cpu":"2","memory":"4Gi","pods":"110"})";
      Kubectl({"patch", "node", n, "--subresource=status", "--type=merge", "-p",
               R"({"status":{"capacity":)" + res + R"(,"allocatable":)" + res + "}}"});
      (void)api_->Kubectl({"taint", "node", n, "node.kubernetes.io/not-ready:NoSchedule-"});
    }
  }

  void Create(const std::string& file, const std::string& json) {
    std::string path = dir_ + "/" + file + ".json";
    std::ofstream(path) << json;
    Kubectl({"create", "-f", path});
  }
  void Pod(const std::string& ns, const std::string& name, const std::string& cls, const std::string& cpu,
           const std::string& node) {
    std::string spec = R"({"automountServiceAccountToken":false,"priorityClassName":")" + cls +
                       R"(","containers":[{"name":"c","image":"registry.k8s.io/pause:3.10","resources":{"requests":{"cpu":")" +
                       cpu + R"("}}}])" + (node.empty() ? "" : R"(,"nodeName":")" + node + "\"") + "}";
    Create(ns + "-" + name, R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":")" + name + R"(","namespace":")" +
                                ns + R"(","labels":{"app":")" + name + R"("}},"spec":)" + spec + "}");
  }
  std::string Get(const std::string& ns, const std::string& pod, const std::string& path) {
    auto out = api_->Kubectl({"get", "pod", pod, "-n", ns, "-o", "jsonpath=" + path});
    return out.ok() ? *out : "";
  }
  std::vector<std::vector<std::string>> Events(const std::string& ns) {
    std::string out = Kubectl({"get", "events.v1.events.k8s.io", "-n", ns, "-o",
                               R"(jsonpath={range .items[*]}{.regarding.name}|{.reason}|{.related.name}|{.reportingController}|{.note}{"\n"}{end})"});
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
      std::vector<std::string> f;
      size_t pos = 0;
      for (int i = 0; i < 4; ++i) {
        size_t bar = line.find('|', pos);
        if (bar == std::string::npos) break;
        f.push_back(line.substr(pos, bar - pos));
        pos = bar + 1;
      }
      if (f.size() != 4) continue;
      f.push_back(line.substr(pos));
      rows.push_back(std::move(f));
    }
    return rows;
  }

  Observed Run(const std::string& ns, const std::vector<std::string>& argv, const std::string& log) {
    Observed o;
    Kubectl({"create", "namespace", ns});
    Kubectl({"create", "serviceaccount", "default", "-n", ns});
    Create(ns + "-pdb", R"({"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"mid","namespace":")" +
                            ns + R"("},"spec":{"minAvailable":1,"selector":{"matchLabels":{"app":"mid"}}}})");
    Pod(ns, "mid", "mid", "1500m", "n1");
    Pod(ns, "low-1", "low", "1", "n2");
    Pod(ns, "low-2", "low", "1", "n2");
    Pod(ns, "critical", "critical", "1500m", "n3");
    pid_t pid = kubecxx::testing::SpawnProcess(argv, log);
    EXPECT_GT(pid, 0);
    Pod(ns, "never", "never", "1500m", "");
    EXPECT_TRUE(WaitUntil([&] { return !Get(ns, "never", "{.status.conditions}").empty(); }, std::chrono::seconds(30)))
        << Slurp(log);
    Pod(ns, "high", "high", "1500m", "");
    const std::string high_uid = Get(ns, "high", "{.metadata.uid}");
    EXPECT_TRUE(WaitUntil([&] {
      return !Get(ns, "high", "{.status.nominatedNodeName}").empty() &&
             !Get(ns, "low-1", "{.metadata.deletionTimestamp}").empty() &&
             !Get(ns, "low-2", "{.metadata.deletionTimestamp}").empty();
    }, std::chrono::seconds(30))) << Slurp(log);
    o.nominated = Get(ns, "high", "{.status.nominatedNodeName}");
    for (std::string p : {"mid", "low-1", "low-2", "critical"}) {
      if (!Get(ns, p, "{.metadata.deletionTimestamp}").empty()) o.victims.insert(p);
      std::string c = Get(ns, p, R"({.status.conditions[?(@.type=="DisruptionTarget")].reason}|{.status.conditions[?(@.type=="DisruptionTarget")].message})");
      if (c != "|") o.disruption[p] = c;
    }
    EXPECT_TRUE(WaitUntil([&] {
      int n = 0;
      for (const auto& e : Events(ns)) n += e[1] == "Preempted";
      return n == 2;
    }, std::chrono::seconds(30)));
    // The terminating victims go (no kubelet here to finish them): "high" binds to n2.
    Kubectl({"delete", "pod", "low-1", "low-2", "-n", ns, "--grace-period=0", "--force"});
    EXPECT_TRUE(WaitUntil([&] { return !Get(ns, "high", "{.spec.nodeName}").empty(); }, std::chrono::seconds(30)))
        << Slurp(log);
    o.high_node = Get(ns, "high", "{.spec.nodeName}");
    std::this_thread::sleep_for(std::chrono::seconds(2));  // "never" had its chance too
    o.never_node = Get(ns, "never", "{.spec.nodeName}");
    for (auto e : Events(ns)) {
      if (e[1] == "FailedScheduling" && e[0] == "high") o.failed_notes_high.insert(e[4]);
      if (e[1] == "FailedScheduling" && e[0] == "never") o.failed_notes_never.insert(e[4]);
      if (e[1] == "Preempted") {
        ReplaceAll(&e[4], high_uid, "<uid>");
        o.preempted_events.insert(e[0] + "|" + e[2] + "|" + e[3] + "|" + e[4]);
      }
    }
    kill(pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100 && waitpid(pid, &status, WNOHANG) != pid; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (waitpid(pid, &status, WNOHANG) == 0) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
    }
    Kubectl({"delete", "pods", "--all", "-n", ns, "--grace-period=0", "--force"});
    EXPECT_TRUE(WaitUntil([&] { return Kubectl({"get", "pods", "-n", ns, "-o", "name"}).empty(); },
                          std::chrono::seconds(30)));
    return o;
  }

};

void Check(const Observed& o, const std::string& who) {
  EXPECT_EQ(o.nominated, "n2") << who;
  EXPECT_EQ(o.victims, (std::set<std::string>{"low-1", "low-2"})) << who;
  const std::string disruption = "PreemptionByScheduler|default-scheduler: preempting to accommodate a higher priority pod";
  EXPECT_EQ(o.disruption, (std::map<std::string, std::string>{{"low-1", disruption}, {"low-2", disruption}})) << who;
  EXPECT_EQ(o.preempted_events, (std::set<std::string>{
                                    // No related object: stock's has none either.
                                    "low-1||default-scheduler|Preempted by pod <uid> on node n2",
                                    "low-2||default-scheduler|Preempted by pod <uid> on node n2",
                                })) << who;
  EXPECT_TRUE(o.failed_notes_high.contains(
      "0/3 nodes are available: 3 Insufficient cpu. preemption: found a potential placement for pod on node n2, "
      "preempting 2 victims"))
      << who << " " << ::testing::PrintToString(o.failed_notes_high);
  EXPECT_EQ(o.failed_notes_never, (std::set<std::string>{"0/3 nodes are available: 3 Insufficient cpu. preemption: not "
                                                         "eligible due to preemptionPolicy=Never."}))
      << who;
  EXPECT_EQ(o.high_node, "n2") << who;
  EXPECT_EQ(o.never_node, "") << who;
}

TEST_F(PreemptionStockIntegrationTest, OursAndStockPreemptTheSameVictims) {
  const std::string ours_log = dir_ + "/ours.log";
  Observed ours = Run("ours", {KUBECXX_SCHEDULER_BINARY, "--config=" + config_, "--secure-port=0", "-v=2"}, ours_log);
  Check(ours, "ours");
  {
    std::istringstream log(Slurp(ours_log));
    std::string line;
    while (std::getline(log, line)) {
      if (line.find("finished without leader elect") != std::string::npos) continue;  // the stop itself
      EXPECT_NE(line.rfind("E", 0), 0u) << line;
    }
  }
  Observed stock = Run("stock", {StockScheduler(), "--config=" + config_, "--secure-port=0", "-v=2"}, dir_ + "/stock.log");
  Check(stock, "stock");
  EXPECT_EQ(ours.failed_notes_high, stock.failed_notes_high);
  EXPECT_EQ(ours.failed_notes_never, stock.failed_notes_never);
  EXPECT_EQ(ours.preempted_events, stock.preempted_events);
  EXPECT_EQ(ours.disruption, stock.disruption);
}

}  // namespace
}  // namespace kubecxx::scheduler
