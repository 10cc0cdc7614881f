// Watch cache benchmark (not a test): our kube-apiserver and a stock one on one stock etcd
// (components/kube-apiserver/testing_cluster.h), N pods, then
//   * LIST of the namespace's N pods, JSON and protobuf, RV unset (consistent) and RV=0:
//     the median wall time of R requests per server;
//   * fan-out: W watchers (protobuf, our client library) on the namespace's pods, E label
//     patches of one pod: per-delivery latency (patch sent -> event decoded by a watcher)
//     and our server's CPU seconds for the phase.
// Run it twice to compare with the pre-cache path: --our-arg=--watch-cache=false.
// Usage: watch_cache_bench [--pods N] [--lists R] [--watchers W] [--events E]
//                          [--our-arg=FLAG]...
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "components/kube-apiserver/testing_cluster.h"
#include "kubecxx/api/core/v1/types.h"
#include "lib/client/client_config.h"
#include "lib/client/rest_client.h"
#include "lib/codec/resources.h"

using namespace kubecxx;
using kube_apiserver::testing::MixedCluster;
using kube_apiserver::testing::Server;
using SteadyClock = std::chrono::steady_clock;

namespace {

double CpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t p = s.rfind(')');
  std::istringstream rest(s.substr(p + 2));
  std::string f;
  std::vector<std::string> fields;
  while (rest >> f) fields.push_back(f);
  // fields[11], [12]: utime, stime (after pid and comm).
  return (std::stod(fields[11]) + std::stod(fields[12])) / sysconf(_SC_CLK_TCK);
}

// The process whose command line has an argument equal to `arg` (the stock server's
// --secure-port), or -1.
pid_t FindPid(const std::string& arg) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::string name = entry.path().filename();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    std::ifstream in(entry.path() / "cmdline");
    std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::istringstream args(cmdline);
    for (std::string a; std::getline(args, a, '\0');) {
      if (a == arg) return static_cast<pid_t>(std::stol(name));
    }
  }
  return -1;
}

std::string LoadAvg() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}
double Pct(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

api::core::v1::Pod MakePod(const std::string& ns, int i) {
  api::core::v1::Pod p;
  p.object_meta.namespace_ = ns;
  p.object_meta.name = "web-" + std::to_string(i);
  p.object_meta.labels = {{"app", "web"}, {"tier", "frontend"}, {"shard", std::to_string(i % 10)}};
  p.object_meta.annotations = {{"example.com/owner", "bench"}};
  api::core::v1::Container c;
  c.name = "app";
  c.image = "registry.k8s.io/pause:3.10";
  c.args = {"--port=8080", "--verbose"};
  for (int e = 0; e < 4; ++e) {
    api::core::v1::EnvVar v;
    v.name = "VAR_" + std::to_string(e);
    v.value = "value-" + std::to_string(e);
    c.env.push_back(v);
  }
  p.spec.containers.push_back(c);
  p.spec.node_name = "node-" + std::to_string(i % 50);
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  int pods = 5000, lists = 15, watchers = 200, events = 50;
  std::vector<std::string> our_args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&] { return std::string(argv[++i]); };
    if (a == "--pods") pods = std::stoi(value());
    else if (a == "--lists") lists = std::stoi(value());
    else if (a == "--watchers") watchers = std::stoi(value());
    else if (a == "--events") events = std::stoi(value());
    else if (a.rfind("--our-arg=", 0) == 0) our_args.push_back(a.substr(10));
    else {
      std::cerr << "unknown argument " << a << "\n";
      return 2;
    }
  }
  std::string missing = MixedCluster::Missing();
  if (!missing.empty()) {
    std::cerr << "missing: " << missing << "\n";
    return 2;
  }
  auto cluster = MixedCluster::Start(our_args);
  if (!cluster.ok()) {
    std::cerr << cluster.status().message() << "\n";
    return 1;
  }
  MixedCluster& c = **cluster;
  std::cout << "our args:";
  for (auto& a : our_args) std::cout << " " << a;
  std::cout << "\nload average at start: " << LoadAvg() << "\n";

  client::LoadingRules rules;
  rules.explicit_path = c.dir() + "/admin.conf";
  auto make_rest = [&](Server s) {
    client::ConfigOverrides o;
    o.server = c.url(s);
    auto config = client::LoadClientConfig(rules, o);
    client::RestConfig rc = config->rest;
    rc.qps = -1;
    rc.content_type = "application/vnd.kubernetes.protobuf";
    return std::move(client::RestClient::New(rc).value());
  };
  const std::string stock_url = c.url(Server::kStock);
  const pid_t stock_pid =
      FindPid("--secure-port=" + stock_url.substr(stock_url.rfind(':') + 1));
  auto pid_of = [&](Server s) { return s == Server::kOurs ? c.ours_pid() : stock_pid; };
  auto ours = make_rest(Server::kOurs);
  auto stock = make_rest(Server::kStock);
  const std::string ns = "bench";
  (void)c.Kubectl(Server::kOurs, {"create", "namespace", ns});
  const auto& pods_info = *codec::FindResource("", "v1", "pods");

  auto t0 = SteadyClock::now();
  std::vector<std::thread> writers;
  std::atomic<int> next{0}, failed{0};
  for (int w = 0; w < 8; ++w) {
    writers.emplace_back([&] {
      client::TypedClient<api::core::v1::Pod> typed(ours.get(), ns);
      for (int i = next++; i < pods; i = next++) {
        if (!typed.Create(MakePod(ns, i)).ok()) ++failed;
      }
    });
  }
  for (auto& t : writers) t.join();
  std::cout << "created " << pods << " pods in "
            << std::chrono::duration<double>(SteadyClock::now() - t0).count() << " s (" << failed
            << " failed)\n";

  // LIST.
  const std::string path = "/api/v1/namespaces/" + ns + "/pods";
  for (const char* accept : {"application/json", "application/vnd.kubernetes.protobuf"}) {
    for (const char* rv : {"", "?resourceVersion=0"}) {
      for (Server s : {Server::kOurs, Server::kStock}) {
        std::vector<double> ms;
        size_t bytes = 0;
        double cpu0 = pid_of(s) > 0 ? CpuSeconds(pid_of(s)) : 0;
        for (int i = 0; i < lists; ++i) {
          auto start = SteadyClock::now();
          auto r = c.Http(s, "GET", path + rv, {{"Accept", accept}});
          ms.push_back(std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count());
          if (r.ok()) bytes = r->body.size();
        }
        double cpu = pid_of(s) > 0 ? CpuSeconds(pid_of(s)) - cpu0 : 0;
        std::printf("LIST %d pods %-38s rv=%-4s %-5s median %7.1f ms  min %7.1f ms  %zu bytes",
                    pods, accept, *rv ? "0" : "''", s == Server::kOurs ? "ours" : "stock",
                    Median(ms), Pct(ms, 0), bytes);
        if (pid_of(s) > 0) std::printf("  server CPU %.1f ms/list", cpu * 1000 / lists);
        std::printf("\n");
      }
    }
  }
  std::cout << "load average after lists: " << LoadAvg() << "\n";

  // Fan-out.
  for (Server s : {Server::kOurs, Server::kStock}) {
    client::RestClient* rest = s == Server::kOurs ? ours.get() : stock.get();
    client::ListOptions one;
    one.limit = 1;
    auto list = rest->ListJson(client::ResourceRef::For(pods_info, ns), one);
    std::string rv;
    if (list.ok()) {
      size_t at = list->find("\"resourceVersion\":\"");
      rv = list->substr(at + 19, list->find('"', at + 19) - at - 19);
    }
    std::vector<std::unique_ptr<client::WatchStream>> streams;
    for (int w = 0; w < watchers; ++w) {
      client::ListOptions lo;
      lo.resource_version = rv;
      lo.timeout_seconds = 600;
      auto ws = rest->Watch(client::ResourceRef::For(pods_info, ns), lo);
      if (!ws.ok()) {
        std::cerr << "watch failed: " << ws.error().message() << "\n";
        return 1;
      }
      streams.push_back(std::move(*ws));
    }
    std::vector<SteadyClock::time_point> sent(events);
    std::mutex mu;
    std::vector<double> latency_ms;
    std::atomic<int> delivered{0};
    std::vector<std::thread> readers;
    for (int w = 0; w < watchers; ++w) {
      readers.emplace_back([&, w] {
        for (int got = 0; got < events;) {
          auto e = streams[w]->Next();
          if (!e.ok() || !e->has_value()) return;
          if ((*e)->type != "MODIFIED") continue;
          const auto* meta = (*e)->object.meta();
          auto it = meta->labels.find("seq");
          if (it == meta->labels.end()) continue;
          int seq = std::stoi(it->second);
          auto now = SteadyClock::now();
          std::lock_guard<std::mutex> l(mu);
          latency_ms.push_back(std::chrono::duration<double, std::milli>(now - sent[seq]).count());
          ++got;
          ++delivered;
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
    double cpu0 = pid_of(s) > 0 ? CpuSeconds(pid_of(s)) : 0;
    auto f0 = SteadyClock::now();
    for (int e = 0; e < events; ++e) {
      {
        std::lock_guard<std::mutex> l(mu);
        sent[e] = SteadyClock::now();
      }
      std::string patch = "{\"metadata\":{\"labels\":{\"seq\":\"" + std::to_string(e) + "\"}}}";
      auto r = rest->SendJson("PATCH", client::ResourceRef::For(pods_info, ns, "web-0"),
                              "application/merge-patch+json", patch);
      if (!r.ok()) std::cerr << "patch failed: " << r.error().message() << "\n";
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    auto deadline = SteadyClock::now() + std::chrono::seconds(30);
    while (delivered < watchers * events && SteadyClock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    double wall = std::chrono::duration<double>(SteadyClock::now() - f0).count();
    double cpu = pid_of(s) > 0 ? CpuSeconds(pid_of(s)) - cpu0 : 0;
    for (auto& st : streams) st->Close();
    for (auto& t : readers) t.join();
    std::printf("FANOUT %-5s %d watchers x %d events: delivered %d, latency p50 %.1f ms p99 %.1f "
                "ms max %.1f ms, phase %.1f s",
                s == Server::kOurs ? "ours" : "stock", watchers, events, delivered.load(),
                Pct(latency_ms, 0.5), Pct(latency_ms, 0.99), Pct(latency_ms, 1.0), wall);
    if (pid_of(s) > 0) std::printf(", server CPU %.2f s", cpu);
    std::printf("\n");
  }
  std::cout << "load average at end: " << LoadAvg() << "\n";
  return 0;
}
