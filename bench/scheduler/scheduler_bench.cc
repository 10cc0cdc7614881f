// scheduler_bench: the stock kube-scheduler against ours on one stock etcd + kube-apiserver.
//
//   scheduler_bench --ours PATH --stock PATH [--nodes N] [--pods P]
//                   [--workloads plain,antiaffinity,spread] [--writers W] [--qps Q]
//                   [--stall-seconds S] [--first stock|ours] [--keep-logs DIR]
//
// Starts a stock etcd + kube-apiserver (--max-requests-inflight=3000,
// --max-mutating-requests-inflight=1500, --delete-collection-workers=16, without the
// TaintNodesByCondition admission plugin, so Node objects are Ready and untainted at
// once), creates N Node objects (default 5,000; workloads.h), then for each workload and
// each scheduler (stock first, then ours; --first ours swaps them): P pods (default
// 10,000) in a fresh namespace while no scheduler runs; the scheduler is started with the same KubeSchedulerConfiguration
// (clientConnection qps = burst = Q, default 5,000; leader election off; the plugins ours
// lacks disabled in multiPoint: DefaultPreemption, VolumeBinding, VolumeRestrictions,
// VolumeZone, NodeVolumeLimits, DynamicResources), a watch on the namespace timestamps each
// pod's first binding, and when all are bound (or none was for S seconds, default 60) the
// scheduler's /metrics is read and it is stopped with SIGTERM. Printed per run: pods bound,
// pods/s from the first binding to the last, p50/p99 of
// scheduler_scheduling_attempt_duration_seconds{result="scheduled"} (algorithm + binding)
// and of scheduler_scheduling_algorithm_duration_seconds, the algorithm-only rate
// (count / sum of the latter: what one scheduling thread could do if binding and the
// apiserver cost nothing), CPU seconds and peak RSS of the scheduler process (wait4) and the
// apiserver's CPU seconds over the run (/proc); then ours/stock ratios per workload.
// The pods are deleted (deletecollection, grace 0) before the next run.
//
// Not part of ctest: run it through bench/scheduler/run.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "bench/scheduler/prom_text.h"
#include "bench/scheduler/workloads.h"
#include "kubecxx/api/core/v1/types.h"
#include "lib/base/testing/subprocess.h"
#include "lib/client/client_config.h"
#include "lib/client/rest_client.h"
#include "lib/client/testing/stock_apiserver.h"
#include "lib/server/test_client.h"

namespace kubecxx::bench {
namespace {

using client::ResourceRef;
using client::RestClient;
using Clock = std::chrono::steady_clock;

[[noreturn]] void Die(const std::string& msg) {
  std::cerr << "scheduler_bench: " << msg << "\n";
  std::exit(1);
}

std::unique_ptr<RestClient> NewClient(const std::string& kubeconfig) {
  client::LoadingRules rules;
  rules.explicit_path = kubeconfig;
  StatusOr<client::ClientConfig> config = client::LoadClientConfig(rules, {});
  if (!config.ok()) Die(config.status().message());
  client::RestConfig rc = config->rest;
  rc.qps = -1;
  rc.content_type = "application/vnd.kubernetes.protobuf";
  auto rest = RestClient::New(rc);
  if (!rest.ok()) Die(rest.status().message());
  return std::move(*rest);
}

double Secs(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// Runs body(i) for i in [0, n) on `writers` threads; returns the number of failures.
int Parallel(int n, int writers, const std::function<bool(int)>& body) {
  std::atomic<int> next{0}, failed{0};
  std::vector<std::thread> ts;
  for (int w = 0; w < writers; ++w) {
    ts.emplace_back([&] {
      for (int i; (i = next++) < n;) {
        if (!body(i)) ++failed;
      }
    });
  }
  for (auto& t : ts) t.join();
  return failed.load();
}

// utime+stime of the child of this process named `comm` (the apiserver), in seconds.
double ChildCpuSeconds(const std::string& comm) {
  DIR* d = opendir("/proc");
  if (d == nullptr) return 0;
  double out = 0;
  const long tick = sysconf(_SC_CLK_TCK);
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    std::ifstream f(std::string("/proc/") + e->d_name + "/stat");
    std::string s((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    size_t l = s.find('('), r = s.rfind(')');
    if (l == std::string::npos || r == std::string::npos) continue;
    if (s.substr(l + 1, r - l - 1) != comm.substr(0, 15)) continue;
    std::istringstream rest(s.substr(r + 2));
    std::string state;
    long ppid = 0;
    rest >> state >> ppid;
    if (ppid != getpid()) continue;
    std::string skip;
    for (int i = 0; i < 9; ++i) rest >> skip;  // pgrp .. cmajflt
    double ut = 0, st = 0;
    rest >> ut >> st;
    out += (ut + st) / tick;
  }
  closedir(d);
  return out;
}

std::string LoadAvg() {
  std::ifstream f("/proc/loadavg");
  std::string a, b, c;
  f >> a >> b >> c;
  return a + " " + b + " " + c;
}

std::string Scrape(int port) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    try {
      auto tls = std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_client);
      tls->set_verify_mode(boost::asio::ssl::verify_none);
      server::testing::TestClient http(static_cast<uint16_t>(port), tls);
      auto r = http.Do("GET", "/metrics");
      if (r.status == 200) return r.body;
      std::cerr << "GET /metrics: " << r.status << " " << r.body.substr(0, 200) << "\n";
    } catch (const std::exception& e) {
      std::cerr << "GET /metrics: " << e.what() << "\n";
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  return "";
}

struct RunResult {
  int bound = 0;
  double span_s = 0;           // first to last binding
  double pods_per_s = 0;
  double first_binding_s = 0;  // scheduler start to first binding (startup + informer sync)
  double attempt_p50 = NAN, attempt_p99 = NAN, algo_p50 = NAN, algo_p99 = NAN;
  double algo_rate = NAN;      // count / sum of the algorithm histogram
  double attempts_unschedulable = 0;
  double cpu_s = 0, max_rss_mb = 0, apiserver_cpu_s = 0;
  std::string load;
};

class Bench {
 public:
  Bench(client::testing::StockApiServer* api, int pods, int writers, int qps, int stall_s,
        std::string dir)
      : api_(api), rest_(NewClient(api->admin_kubeconfig())), pods_(pods), writers_(writers),
        stall_s_(stall_s), dir_(std::move(dir)) {
    config_ = dir_ + "/scheduler-config.yaml";
    std::ofstream(config_)
        << "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n"
           "clientConnection:\n  kubeconfig: " << api->admin_kubeconfig() << "\n  qps: " << qps
        << "\n  burst: " << qps
        << "\nleaderElection:\n  leaderElect: false\n"
           "profiles:\n- schedulerName: default-scheduler\n  plugins:\n    multiPoint:\n"
           "      disabled:\n      - name: DefaultPreemption\n      - name: VolumeBinding\n"
           "      - name: VolumeRestrictions\n      - name: VolumeZone\n"
           "      - name: NodeVolumeLimits\n      - name: DynamicResources\n";
  }

  void CreateNodes(int n) {
    auto start = Clock::now();
    ResourceRef nodes{"", "v1", "nodes", "", "", ""};
    int failed = Parallel(n, writers_, [&](int i) {
      return rest_->SendJson("POST", nodes, "application/json", NodeJson(i)).ok();
    });
    std::printf("created %d nodes in %.1f s (%d failed)\n", n, Secs(Clock::now() - start), failed);
    std::fflush(stdout);
  }

  RunResult RunOne(const std::string& workload, const std::string& who, const std::string& binary) {
    const std::string ns = workload + "-" + who;
    (void)rest_->SendJson("POST", ResourceRef{"", "v1", "namespaces", "", "", ""}, "application/json",
                          R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":")" + ns + "\"}}");
    (void)rest_->SendJson("POST", ResourceRef{"", "v1", "serviceaccounts", ns, "", ""}, "application/json",
                          R"({"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default"}})");
    auto t0 = Clock::now();
    ResourceRef pods{"", "v1", "pods", ns, "", ""};
    int failed = Parallel(pods_, writers_, [&](int i) {
      auto r = rest_->SendJson("POST", pods, "application/json", PodJson(workload, i));
      if (!r.ok()) {
        std::lock_guard l(failed_mu_);
        if (failed_msg_.empty()) failed_msg_ = r.error().message();
      }
      return r.ok();
    });
    std::printf("[%s/%s] created %d pods in %.1f s (%d failed%s%s)\n", workload.c_str(), who.c_str(),
                pods_ - failed, Secs(Clock::now() - t0), failed, failed ? ": " : "",
                failed ? failed_msg_.c_str() : "");
    std::fflush(stdout);
    const int expect = pods_ - failed;

    // The watch starts before the scheduler so that no binding is missed.
    client::ListOptions lo;
    lo.limit = 1;
    auto list = rest_->List(pods, lo);
    if (!list.ok()) Die("list pods: " + list.error().message());
    std::mutex mu;
    std::vector<Clock::time_point> bind_times;
    std::unordered_set<std::string> seen;
    std::atomic<bool> stop{false};
    std::string rv = list->resource_version;
    std::unique_ptr<client::WatchStream> stream;
    std::mutex stream_mu;
    auto open = [&]() -> bool {
      client::ListOptions wo;
      wo.resource_version = rv;
      wo.allow_watch_bookmarks = true;
      wo.timeout_seconds = 3600;
      auto w = rest_->Watch(pods, wo);
      if (!w.ok()) return false;
      std::lock_guard l(stream_mu);
      stream = std::move(*w);
      return true;
    };
    if (!open()) Die("watch pods");
    std::thread watcher([&] {
      while (!stop) {
        auto ev = stream->Next();
        if (!ev.ok() || !ev->has_value()) {
          if (stop || !open()) return;
          continue;
        }
        const client::WatchEventObject& e = **ev;
        if (e.type == "ERROR") return;
        if (e.object.meta() != nullptr) rv = e.object.meta()->resource_version;
        if (e.type != "MODIFIED" && e.type != "ADDED") continue;
        const auto* pod = e.object.As<api::core::v1::Pod>();
        if (pod == nullptr || pod->spec.node_name.empty()) continue;
        std::lock_guard l(mu);
        if (seen.insert(pod->object_meta.name).second) bind_times.push_back(Clock::now());
      }
    });

    const int port = kubecxx::testing::FreeLoopbackPort();
    const std::string log = dir_ + "/" + ns + ".log";
    const double api_cpu0 = ChildCpuSeconds("kube-apiserver");
    const auto started = Clock::now();
    pid_t pid = kubecxx::testing::SpawnProcess(
        {binary, "--config=" + config_, "--bind-address=127.0.0.1", "--secure-port=" + std::to_string(port),
         "--authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics"},
        log);
    if (pid <= 0) Die("cannot start " + binary);
    RunResult r;
    r.load = LoadAvg();
    size_t last_n = 0;
    auto last_progress = Clock::now();
    while (true) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      size_t n;
      {
        std::lock_guard l(mu);
        n = bind_times.size();
      }
      if (n != last_n) {
        last_n = n;
        last_progress = Clock::now();
      }
      if (static_cast<int>(n) >= expect) break;
      if (Secs(Clock::now() - last_progress) > stall_s_) {
        std::printf("[%s/%s] no binding for %d s: stopping at %zu/%d\n", workload.c_str(), who.c_str(),
                    stall_s_, n, expect);
        break;
      }
      int status;
      if (waitpid(pid, &status, WNOHANG) == pid) Die(binary + " exited early; see " + log);
    }
    const std::string metrics = Scrape(port);
    std::ofstream(dir_ + "/" + ns + ".metrics") << metrics;
    r.apiserver_cpu_s = ChildCpuSeconds("kube-apiserver") - api_cpu0;
    kill(pid, SIGTERM);
    int status = 0;
    struct rusage ru {};
    wait4(pid, &status, 0, &ru);
    r.cpu_s = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    r.max_rss_mb = ru.ru_maxrss / 1024.0;
    stop = true;
    {
      std::lock_guard l(stream_mu);
      stream->Close();
    }
    watcher.join();

    {
      std::lock_guard l(mu);
      r.bound = static_cast<int>(bind_times.size());
      if (r.bound > 0) r.first_binding_s = Secs(bind_times.front() - started);
      if (r.bound > 1) {
        r.span_s = Secs(bind_times.back() - bind_times.front());
        r.pods_per_s = (r.bound - 1) / r.span_s;
      }
    }
    Histogram att = ParseHistogram(metrics, "scheduler_scheduling_attempt_duration_seconds",
                                   {"result=\"scheduled\""});
    Histogram algo = ParseHistogram(metrics, "scheduler_scheduling_algorithm_duration_seconds");
    r.attempt_p50 = Quantile(att, 0.5);
    r.attempt_p99 = Quantile(att, 0.99);
    r.algo_p50 = Quantile(algo, 0.5);
    r.algo_p99 = Quantile(algo, 0.99);
    if (algo.sum > 0) r.algo_rate = algo.count / algo.sum;
    r.attempts_unschedulable =
        ParseValue(metrics, "scheduler_schedule_attempts_total", {"result=\"unschedulable\""});
    std::printf("[%s/%s] bound %d/%d; first binding %.1f s after start; %.1f pods/s over %.1f s; "
                "attempt p50 %.1f ms p99 %.1f ms; algorithm p50 %.1f ms p99 %.1f ms (%.0f pods/s "
                "algorithm-only); %.0f unschedulable attempts; scheduler CPU %.1f s, peak RSS %.0f MB; "
                "apiserver CPU %.1f s; load %s\n",
                workload.c_str(), who.c_str(), r.bound, expect, r.first_binding_s, r.pods_per_s, r.span_s,
                r.attempt_p50 * 1e3, r.attempt_p99 * 1e3, r.algo_p50 * 1e3, r.algo_p99 * 1e3, r.algo_rate,
                r.attempts_unschedulable, r.cpu_s, r.max_rss_mb, r.apiserver_cpu_s, r.load.c_str());
    std::fflush(stdout);
    DeletePods(ns);
    return r;
  }

 private:
  void DeletePods(const std::string& ns) {
    ResourceRef pods{"", "v1", "pods", ns, "", ""};
    client::DeleteOptions d;
    d.grace_period_seconds = 0;
    auto t0 = Clock::now();
    for (int i = 0; i < 20; ++i) {
      (void)rest_->DeleteCollection(pods, d, {});
      client::ListOptions lo;
      lo.limit = 1;
      auto l = rest_->List(pods, lo);
      if (l.ok() && l->items.empty()) break;
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    std::printf("  deleted the pods of %s in %.1f s\n", ns.c_str(), Secs(Clock::now() - t0));
    std::fflush(stdout);
  }

  client::testing::StockApiServer* api_;
  std::unique_ptr<RestClient> rest_;
  const int pods_, writers_, stall_s_;
  const std::string dir_;
  std::string config_;
  std::mutex failed_mu_;
  std::string failed_msg_;  // the first pod creation error, guarded by failed_mu_
};

std::string Flag(int argc, char** argv, const std::string& name, const std::string& def) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind(name + "=", 0) == 0) return a.substr(name.size() + 1);
    if (a == name && i + 1 < argc) return argv[i + 1];
  }
  return def;
}

std::string Ratio(double ours, double stock) {
  if (!(stock > 0) || std::isnan(ours)) return "-";
  char b[32];
  std::snprintf(b, sizeof b, "%.2fx", ours / stock);
  return b;
}

int Main(int argc, char** argv) {
  const std::string ours = Flag(argc, argv, "--ours", "");
  const std::string stock = Flag(argc, argv, "--stock", client::testing::StockBinDir() + "/kube-scheduler");
  if (ours.empty()) Die("usage: scheduler_bench --ours PATH [--stock PATH] [--nodes N] [--pods P] ...");
  const int nodes = std::stoi(Flag(argc, argv, "--nodes", "5000"));
  const int pods = std::stoi(Flag(argc, argv, "--pods", "10000"));
  const int writers = std::stoi(Flag(argc, argv, "--writers", "16"));
  const int qps = std::stoi(Flag(argc, argv, "--qps", "5000"));
  const int stall = std::stoi(Flag(argc, argv, "--stall-seconds", "60"));
  const bool ours_first = Flag(argc, argv, "--first", "stock") == "ours";
  std::vector<std::string> workloads;
  {
    std::stringstream s(Flag(argc, argv, "--workloads", "plain,antiaffinity,spread"));
    for (std::string w; std::getline(s, w, ',');) {
      if (std::find(WorkloadNames().begin(), WorkloadNames().end(), w) == WorkloadNames().end()) {
        Die("unknown workload " + w);
      }
      workloads.push_back(w);
    }
  }
  std::string missing = client::testing::MissingStockBinaries();
  if (!missing.empty()) Die(missing);
  client::testing::StockApiServerOptions opts;
  opts.extra_args = {"--max-requests-inflight=3000", "--max-mutating-requests-inflight=1500",
                     "--delete-collection-workers=16", "--disable-admission-plugins=TaintNodesByCondition",
                     "--event-ttl=10m"};
  auto api = client::testing::StockApiServer::Start(opts);
  if (!api.ok()) Die(api.status().message());
  std::string dir = Flag(argc, argv, "--keep-logs", (*api)->dir() + "/bench");
  std::filesystem::create_directories(dir);
  std::printf("scheduler_bench: %d nodes, %d pods per run, clientConnection qps=burst=%d; "
              "logs in %s; load %s; %u CPUs\n",
              nodes, pods, qps, dir.c_str(), LoadAvg().c_str(), std::thread::hardware_concurrency());
  Bench bench(api->get(), pods, writers, qps, stall, dir);
  bench.CreateNodes(nodes);

  std::map<std::string, std::pair<RunResult, RunResult>> results;
  for (const std::string& w : workloads) {
    RunResult s, o;
    if (ours_first) {
      o = bench.RunOne(w, "ours", ours);
      s = bench.RunOne(w, "stock", stock);
    } else {
      s = bench.RunOne(w, "stock", stock);
      o = bench.RunOne(w, "ours", ours);
    }
    results[w] = {s, o};
  }
  std::printf("\n%-13s %-6s %7s %9s %9s %9s %9s %9s %10s %8s %9s %8s\n", "workload", "sched", "bound",
              "pods/s", "att p50", "att p99", "alg p50", "alg p99", "alg pods/s", "CPU s", "RSS MB",
              "api CPU");
  for (const std::string& w : workloads) {
    for (const auto* who : {"stock", "ours"}) {
      const RunResult& r = std::string(who) == "stock" ? results[w].first : results[w].second;
      std::printf("%-13s %-6s %7d %9.1f %7.1fms %7.1fms %7.2fms %7.2fms %10.0f %8.1f %9.0f %8.1f\n",
                  w.c_str(), who, r.bound, r.pods_per_s, r.attempt_p50 * 1e3, r.attempt_p99 * 1e3,
                  r.algo_p50 * 1e3, r.algo_p99 * 1e3, r.algo_rate, r.cpu_s, r.max_rss_mb,
                  r.apiserver_cpu_s);
    }
    const RunResult& s = results[w].first;
    const RunResult& o = results[w].second;
    std::printf("%-13s %-6s %7s %9s %9s %9s %9s %9s %10s %8s %9s\n", w.c_str(), "ratio", "",
                Ratio(o.pods_per_s, s.pods_per_s).c_str(), Ratio(o.attempt_p50, s.attempt_p50).c_str(),
                Ratio(o.attempt_p99, s.attempt_p99).c_str(), Ratio(o.algo_p50, s.algo_p50).c_str(),
                Ratio(o.algo_p99, s.algo_p99).c_str(), Ratio(o.algo_rate, s.algo_rate).c_str(),
                Ratio(o.cpu_s, s.cpu_s).c_str(), Ratio(o.max_rss_mb, s.max_rss_mb).c_str());
  }
  std::printf("(ratio = ours / stock: above 1 is better for pods/s, below 1 for latency, CPU, RSS)\n"
              "load at the end: %s\n", LoadAvg().c_str());
  return 0;
}

}  // namespace
}  // namespace kubecxx::bench

int main(int argc, char** argv) { return kubecxx::bench::Main(argc, argv); }
