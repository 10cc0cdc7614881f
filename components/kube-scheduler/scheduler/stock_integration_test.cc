// OUR kube-scheduler binary, then the STOCK one, against a stock kube-apiserver + etcd.
//
// Five Node objects (the test writes their status: no kubelet) and pods that fit one node
// only, need more cpu than any node has, hit a taint, or select a node by label; one pod
// names another scheduler. Each scheduler runs with --config (clientConnection.kubeconfig,
// DefaultPreemption disabled at postFilter, since ours has no preemption yet) and leader
// election on. Checked for ours: placements, PodScheduled=False reason/message, the Scheduled
// and FailedScheduling events (events.k8s.io/v1), the Lease holder "<hostname>_<uuid>", a
// node update requeueing the unschedulable pod, /readyz and /metrics, exit 0 on SIGTERM
// with the Lease released. Then the stock scheduler takes the released Lease and schedules
// the same pods in a fresh namespace; placements, messages and event notes must be equal.
// Last, ours started while stock leads waits, and takes over when stock stops.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include "lib/base/testing/subprocess.h"
#include "components/kube-scheduler/scheduler/stock_apiserver_fixture.h"
#include "lib/client/testing/stock_apiserver.h"
#include "lib/server/test_client.h"

namespace kubecxx::scheduler {
namespace {

namespace fs = std::filesystem;
using client::testing::StockApiServer;

std::string Slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool WaitUntil(const std::function<bool()>& cond, std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return cond();
}

struct PodSpecText {
  std::string name;
  std::string body;  // the spec's JSON members after "containers"
  std::string cpu;
};

// The scenario's pods (spec members besides the one container).
const std::vector<PodSpecText>& Pods() {
  static const std::vector<PodSpecText> pods = {
      {"ssd", R"("nodeSelector":{"disk":"ssd"})", "100m"},
      {"big", "", "3"},
      {"tolerates",
       R"("nodeSelector":{"kubernetes.io/hostname":"n2"},"tolerations":[{"key":"dedicated","operator":"Equal","value":"special","effect":"NoSchedule"}])",
       "100m"},
      {"too-big", "", "10"},
      {"wrong-node", R"("nodeSelector":{"kubernetes.io/hostname":"n2"})", "100m"},
      {"other", R"("schedulerName":"other-scheduler")", "100m"},
  };
  return pods;
}

const std::map<std::string, std::string> kExpectedNodes = {
    {"ssd", "n1"}, {"big", "n3"}, {"tolerates", "n2"}, {"too-big", "n4"}};
constexpr const char* kTooBigMsg =
    "0/5 nodes are available: 1 node(s) had untolerated taint(s), 4 Insufficient cpu.";
constexpr const char* kWrongNodeMsg =
    "0/5 nodes are available: 1 node(s) had untolerated taint(s), 4 node(s) didn't match Pod's node "
    "affinity/selector.";

// map.at() without the exception: "<absent>" when absent (the EXPECT then says so).
std::string Val(const std::map<std::string, std::string>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? "<absent>" : it->second;
}

struct RunResult {
  std::map<std::string, std::string> node_of;         // pod -> spec.nodeName
  std::map<std::string, std::string> first_message;   // pod -> PodScheduled message when first seen False
  std::map<std::string, std::string> events;          // "<pod>|<reason>" -> note
  std::string lease_holder;
};

class SchedulerStockIntegrationTest : public testing::StockApiServerFixture {
 protected:
  void SetUp() override {
    if (!StartStockApiServer("sched", "profiles:\n- schedulerName: default-scheduler\n  plugins:\n"
                              "    postFilter:\n      disabled:\n      - name: DefaultPreemption\n")) {
      if (!skip_.empty()) GTEST_SKIP() << skip_;
      FAIL() << "the stock kube-apiserver did not start";
    }
    CreateNodes();
  }

  void SetNodeCpu(const std::string& node, const std::string& cpu) {
    std::string res = R"({"cpu":")" + cpu + R"(","memory":"4Gi","pods":"110"})";
    Kubectl({"patch", "node", node, "--subresource=status", "--type=merge", "-p",
             R"({"status":{"capacity":)" + res + R"(,"allocatable":)" + res + "}}"});
  }
  void CreateNodes() {
    for (int i = 1; i <= 5; ++i) {
      std::string n = "n" + std::to_string(i);
      std::string labels = R"("kubernetes.io/hostname":")" + n + "\"";
      if (n == "n1") labels += R"(,"disk":"ssd")";
      std::string spec = n == "n2" ? R"({"taints":[{"key":"dedicated","value":"special","effect":"NoSchedule"}]})" : "{}";
      Create("node-" + n, R"({"apiVersion":"v1","kind":"Node","metadata":{"name":")" + n + R"(","labels":{)" +
                              labels + "}},\"spec\":" + spec + "}");
      SetNodeCpu(n, n == "n3" ? "4" : "2");
      // The TaintNodesByCondition admission plugin taints every new Node not-ready; no node
      // lifecycle controller runs here to lift it.
      (void)api_->Kubectl({"taint", "node", n, "node.kubernetes.io/not-ready:NoSchedule-"});
    }
  }
  void CreateNamespace(const std::string& ns) {
    Kubectl({"create", "namespace", ns});
    Kubectl({"create", "serviceaccount", "default", "-n", ns});
  }
  void CreatePods(const std::string& ns) {
    for (const auto& p : Pods()) {
      std::string spec = R"({"automountServiceAccountToken":false,"containers":[{"name":"c","image":"registry.k8s.io/pause:3.10","resources":{"requests":{"cpu":")" +
                         p.cpu + R"("}}}])" + (p.body.empty() ? "" : "," + p.body) + "}";
      Create(ns + "-" + p.name, R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":")" + p.name +
                                    R"(","namespace":")" + ns + R"("},"spec":)" + spec + "}");
    }
  }
  std::string Get(const std::string& ns, const std::string& pod, const std::string& path) {
    return Kubectl({"get", "pod", pod, "-n", ns, "-o", "jsonpath=" + path});
  }
  std::string LeaseHolder() {
    auto out = api_->Kubectl({"get", "lease", "kube-scheduler", "-n", "kube-system", "-o",
                              "jsonpath={.spec.holderIdentity}"});
    return out.ok() ? *out : "";
  }

  // Creates the pods in `ns` and waits for placements, the two failures and the events,
  // then grows n4 so that too-big is requeued and bound there.
  RunResult Observe(const std::string& ns) {
    RunResult r;
    CreateNamespace(ns);
    CreatePods(ns);
    const std::string cond = R"({.status.conditions[?(@.type=="PodScheduled")].message})";
    EXPECT_TRUE(WaitUntil([&] {
      for (const std::string& p : {"too-big", "wrong-node"}) {
        if (!r.first_message.contains(p)) {
          std::string m = Get(ns, p, cond);
          if (!m.empty()) r.first_message[p] = m;
        }
      }
      return r.first_message.size() == 2 && Get(ns, "big", "{.spec.nodeName}") == "n3";
    }, std::chrono::seconds(30)));
    SetNodeCpu("n4", "16");
    EXPECT_TRUE(WaitUntil([&] {
      for (const auto& p : Pods()) r.node_of[p.name] = Get(ns, p.name, "{.spec.nodeName}");
      return r.node_of["too-big"] == "n4" && r.node_of["ssd"] == "n1" && r.node_of["tolerates"] == "n2";
    }, std::chrono::seconds(30)));
    EXPECT_TRUE(WaitUntil([&] {
      std::string out = Kubectl({"get", "events.v1.events.k8s.io", "-n", ns, "-o",
                                 R"(jsonpath={range .items[*]}{.regarding.name}|{.reason}|{.type}|{.action}|{.reportingController}|{.note}{"\n"}{end})"});
      std::istringstream in(out);
      std::string line;
      while (std::getline(in, line)) {
        std::vector<std::string> f;
        size_t pos = 0;
        for (int i = 0; i < 5; ++i) {
          size_t bar = line.find('|', pos);
          if (bar == std::string::npos) break;
          f.push_back(line.substr(pos, bar - pos));
          pos = bar + 1;
        }
        if (f.size() != 5) continue;
        // reason|type|action|controller, then the note.
        r.events.emplace(f[0] + "|" + f[1] + "|" + f[2] + "|" + f[3] + "|" + f[4], line.substr(pos));
      }
      return r.events.contains("too-big|Scheduled|Normal|Binding|default-scheduler") &&
             r.events.contains("wrong-node|FailedScheduling|Warning|Scheduling|default-scheduler");
    }, std::chrono::seconds(30)));
    r.lease_holder = LeaseHolder();
    return r;
  }

  void ResetCluster(const std::string& ns) {
    Kubectl({"delete", "pods", "--all", "-n", ns, "--grace-period=0", "--force"});
    SetNodeCpu("n4", "2");
    EXPECT_TRUE(WaitUntil([&] { return Kubectl({"get", "pods", "-n", ns, "-o", "name"}).empty(); },
                          std::chrono::seconds(30)));
  }

  void CheckRun(const std::string& ns, const RunResult& r, const std::string& who) {
    for (const auto& [pod, node] : kExpectedNodes) {
      EXPECT_EQ(Val(r.node_of, pod), node) << who << " " << pod;
    }
    EXPECT_EQ(Val(r.node_of, "wrong-node"), "") << who;
    EXPECT_EQ(Val(r.node_of, "other"), "") << who;
    EXPECT_EQ(Val(r.first_message, "too-big"), kTooBigMsg) << who;
    EXPECT_EQ(Val(r.first_message, "wrong-node"), kWrongNodeMsg) << who;
    EXPECT_EQ(Get(ns, "wrong-node", R"({.status.conditions[?(@.type=="PodScheduled")].reason})"), "Unschedulable") << who;
    EXPECT_EQ(Get(ns, "wrong-node", R"({.status.conditions[?(@.type=="PodScheduled")].status})"), "False") << who;
    EXPECT_EQ(Get(ns, "other", "{.status.conditions}"), "") << who;
    EXPECT_EQ(Val(r.events, "ssd|Scheduled|Normal|Binding|default-scheduler"),
              "Successfully assigned " + ns + "/ssd to n1") << who;
    EXPECT_EQ(Val(r.events, "wrong-node|FailedScheduling|Warning|Scheduling|default-scheduler"), kWrongNodeMsg) << who;
    EXPECT_EQ(r.events.count("other|FailedScheduling|Warning|Scheduling|default-scheduler"), 0u) << who;
    char host[256] = {0};
    gethostname(host, sizeof(host) - 1);
    EXPECT_TRUE(std::regex_match(r.lease_holder, std::regex(std::string(host) + "_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")))
        << who << " " << r.lease_holder;
  }

  pid_t Spawn(const std::vector<std::string>& argv, const std::string& log) {
    return kubecxx::testing::SpawnProcess(argv, log);
  }
  int StopAndWait(pid_t pid) {
    kill(pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 300; ++i) {
      if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return -2;
  }

};

TEST_F(SchedulerStockIntegrationTest, OursThenStockSchedulesTheSameWay) {
  // Ours.
  const int port = kubecxx::testing::FreeLoopbackPort();
  const std::string ours_log = dir_ + "/ours.log";
  pid_t ours = Spawn({KUBECXX_SCHEDULER_BINARY, "--config=" + config_, "--bind-address=127.0.0.1",
                      "--secure-port=" + std::to_string(port), "-v=2"},
                     ours_log);
  ASSERT_GT(ours, 0);
  ASSERT_TRUE(WaitUntil([&] { return !LeaseHolder().empty(); }, std::chrono::seconds(30))) << Slurp(ours_log);
  RunResult mine = Observe("ours");
  CheckRun("ours", mine, "ours");

  auto tls = std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_client);
  tls->set_verify_mode(boost::asio::ssl::verify_none);
  {
    server::testing::TestClient http(static_cast<uint16_t>(port), tls);
    auto readyz = http.Do("GET", "/readyz?verbose");
    EXPECT_EQ(readyz.status, 200) << readyz.body;
    EXPECT_NE(readyz.body.find("[+]sched-handler-sync ok"), std::string::npos) << readyz.body;
    EXPECT_NE(readyz.body.find("[+]leaderElection ok"), std::string::npos) << readyz.body;
    auto metrics = http.Do("GET", "/metrics");
    EXPECT_NE(metrics.body.find("scheduler_schedule_attempts_total{profile=\"default-scheduler\",result=\"scheduled\"} 4"),
              std::string::npos)
        << metrics.body;
    EXPECT_NE(metrics.body.find("scheduler_schedule_attempts_total{profile=\"default-scheduler\",result=\"unschedulable\"}"),
              std::string::npos);
    EXPECT_NE(metrics.body.find("scheduler_scheduling_attempt_duration_seconds_bucket"), std::string::npos);
    EXPECT_NE(metrics.body.find("scheduler_pod_scheduling_sli_duration_seconds_bucket"), std::string::npos);
    {
      // One algorithm observation per attempt (scheduled + unschedulable), as upstream.
      auto value = [&](const std::string& series) {
        std::smatch m;
        std::regex re(std::regex_replace(series, std::regex(R"([{}"])"), R"(\$&)") + R"( ([0-9]+))");
        return std::regex_search(metrics.body, m, re) ? std::stoi(m[1]) : -1;
      };
      const int scheduled = value("scheduler_schedule_attempts_total{profile=\"default-scheduler\",result=\"scheduled\"}");
      const int unschedulable = value("scheduler_schedule_attempts_total{profile=\"default-scheduler\",result=\"unschedulable\"}");
      EXPECT_GE(unschedulable, 2);
      EXPECT_EQ(value("scheduler_scheduling_algorithm_duration_seconds_count"), scheduled + unschedulable);
    }
    EXPECT_NE(metrics.body.find("scheduler_pending_pods{queue=\"unschedulable\"}"), std::string::npos);
    EXPECT_NE(metrics.body.find("leader_election_master_status{name=\"kube-scheduler\"} 1"), std::string::npos);
  }
  EXPECT_EQ(StopAndWait(ours), 0) << Slurp(ours_log);
  EXPECT_NE(Slurp(ours_log).find("Requested to terminate, exiting"), std::string::npos);
  // No error lines (cache/queue inconsistencies, failed writes) in ours' klog output.
  {
    std::istringstream log(Slurp(ours_log));
    std::string line;
    while (std::getline(log, line)) EXPECT_NE(line.rfind("E", 0), 0u) << line;
  }
  EXPECT_EQ(LeaseHolder(), "");  // released on cancel, as upstream's ReleaseOnCancel
  ResetCluster("ours");

  // Stock, taking over the released Lease.
  const std::string stock_log = dir_ + "/stock.log";
  pid_t stock = Spawn({StockScheduler(), "--config=" + config_, "--secure-port=0", "-v=2"}, stock_log);
  ASSERT_GT(stock, 0);
  ASSERT_TRUE(WaitUntil([&] { return !LeaseHolder().empty(); }, std::chrono::seconds(30))) << Slurp(stock_log);
  RunResult theirs = Observe("stock");
  CheckRun("stock", theirs, "stock");
  EXPECT_NE(theirs.lease_holder, mine.lease_holder);

  // Hand-off stock -> ours: ours started while stock leads waits (stock keeps the Lease
  // over several retry periods), takes the Lease once stock is stopped and schedules.
  const std::string ours2_log = dir_ + "/ours2.log";
  pid_t ours2 = Spawn({KUBECXX_SCHEDULER_BINARY, "--config=" + config_, "--secure-port=0", "-v=2"}, ours2_log);
  ASSERT_GT(ours2, 0);
  ASSERT_TRUE(WaitUntil([&] { return Slurp(ours2_log).find("Attempting to acquire leader lease") != std::string::npos; },
                        std::chrono::seconds(30)))
      << Slurp(ours2_log);
  std::this_thread::sleep_for(std::chrono::seconds(5));  // > 2 retry periods of 2 s
  EXPECT_EQ(LeaseHolder(), theirs.lease_holder);
  EXPECT_EQ(StopAndWait(stock), 0) << Slurp(stock_log);
  ASSERT_TRUE(WaitUntil([&] {
    std::string h = LeaseHolder();
    return !h.empty() && h != theirs.lease_holder;
  }, std::chrono::seconds(30)));
  Create("late", R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"late","namespace":"stock"},"spec":{"automountServiceAccountToken":false,"containers":[{"name":"c","image":"registry.k8s.io/pause:3.10"}],"nodeSelector":{"disk":"ssd"}}})");
  EXPECT_TRUE(WaitUntil([&] { return Get("stock", "late", "{.spec.nodeName}") == "n1"; }, std::chrono::seconds(30)));
  EXPECT_TRUE(WaitUntil([&] {
    return Slurp(ours2_log).find(R"("Successfully bound pod to node" pod="stock/late" node="n1")") != std::string::npos;
  }, std::chrono::seconds(10))) << Slurp(ours2_log);
  EXPECT_EQ(StopAndWait(ours2), 0) << Slurp(ours2_log);

  // Textual equality between the two schedulers.
  EXPECT_EQ(mine.first_message, theirs.first_message);
  EXPECT_GE(mine.events.size(), 6u);
  for (const auto& [key, note] : mine.events) {
    auto it = theirs.events.find(key);
    EXPECT_NE(it, theirs.events.end()) << key;
    if (it != theirs.events.end() && key.find("|Scheduled|") == std::string::npos) {
      EXPECT_EQ(it->second, note) << key;
    }
  }
  for (const auto& [pod, node] : mine.node_of) {
    EXPECT_EQ(Val(theirs.node_of, pod), node) << pod;
  }
}

}  // namespace
}  // namespace kubecxx::scheduler
