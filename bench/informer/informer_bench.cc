// informer_bench: our pod informer against stock client-go's on the same stock apiserver.
//
//   informer_bench --go-informer PATH [--pods N] [--writers W] [--rounds R]
//                  [--disable-compression=true]
//     starts a stock etcd + kube-apiserver, creates N pods (default 50,000) with W writers,
//     then runs, alternately, this binary in --probe mode and the client-go program
//     (bench/go-informer), each syncing a pod informer until its handler saw N ADDs. Prints
//     time-to-sync, peak RSS and CPU seconds of each process and the ratios (Go / ours). The
//     two run alternately R times (default 3); the medians are compared. Both ask for gzip
//     as client-go does by default (the apiserver then gzips the WatchList stream:
//     WatchListCompression) unless --disable-compression=true, which both sides get.
//   informer_bench --serve [--pods N] [--writers W]
//     creates the pods as above, prints the probe's flags and keeps the apiserver up until
//     stdin closes (to profile either side by hand).
//   informer_bench --probe --kubeconfig K --namespace NS --expect N [--disable-compression=B]
//     the measured side: our SharedInformerFactory pod informer (protobuf, WatchList).
//
// Not part of ctest: run it through bench/informer/run.
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench/informer/pod_template.h"
#include "kubecxx/api/core/v1/types.h"
#include "lib/client/cache/informer_factory.h"
#include "lib/client/cache/malloc_tuning.h"
#include "lib/client/client_config.h"
#include "lib/client/rest_client.h"
#include "lib/client/testing/stock_apiserver.h"

extern char** environ;

namespace kubecxx {
namespace {

using client::RestClient;
using client::cache::ObjectPtr;
using bench::PodJson;
using bench::PodStatusJson;

std::unique_ptr<RestClient> NewClient(const std::string& kubeconfig, bool gzip = true) {
  client::LoadingRules rules;
  rules.explicit_path = kubeconfig;
  StatusOr<client::ClientConfig> config = client::LoadClientConfig(rules, {});
  if (!config.ok()) {
    std::cerr << config.status().message() << "\n";
    std::exit(1);
  }
  client::RestConfig rc = config->rest;
  rc.qps = -1;
  rc.disable_compression = !gzip;
  rc.content_type = "application/vnd.kubernetes.protobuf";
  auto rest = RestClient::New(rc);
  if (!rest.ok()) {
    std::cerr << rest.status().message() << "\n";
    std::exit(1);
  }
  return std::move(*rest);
}

int Probe(const std::string& kubeconfig, const std::string& ns, int64_t expect, bool gzip) {
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<RestClient> rest = NewClient(kubeconfig, gzip);
  client::cache::InformerFactoryOptions fo;
  fo.namespace_ = ns;
  client::cache::SharedInformerFactory factory(rest.get(), fo);
  auto inf = factory.InformerFor(*codec::FindResource("", "v1", "pods"));
  if (!inf.ok()) return 1;
  std::mutex mu;
  std::condition_variable cv;
  int64_t adds = 0;
  auto handler = std::make_shared<client::cache::EventHandlerFuncs>();
  double first_add_s = 0;
  handler->add = [&](const ObjectPtr&, bool) {
    std::lock_guard l(mu);
    if (adds == 0) {
      first_add_s =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    if (++adds == expect) cv.notify_all();
  };
  if (!(*inf)->AddEventHandler(handler).ok()) return 1;
  factory.Start();
  if (!factory.WaitForCacheSync(std::chrono::minutes(10))) {
    std::cerr << "sync failed\n";
    return 1;
  }
  {
    std::unique_lock l(mu);
    cv.wait(l, [&] { return adds >= expect; });
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("synced %zu objects in %.3f s (first ADD at %.3f s)\n", (*inf)->indexer().size(), s,
              first_add_s);
  std::fflush(stdout);
  std::_Exit(0);  // measure the sync, not the teardown
}

struct Run {
  double sync_s = 0;
  double cpu_s = 0;
  double max_rss_mb = 0;
  std::string out;
};

Run Measure(const std::vector<std::string>& argv) {
  int fds[2];
  if (pipe(fds) != 0) std::exit(1);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  if (posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ) != 0) {
    std::cerr << "cannot run " << argv[0] << "\n";
    std::exit(1);
  }
  close(fds[1]);
  Run r;
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) r.out.append(buf, n);
  close(fds[0]);
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::cerr << argv[0] << " failed: " << r.out << "\n";
    std::exit(1);
  }
  r.cpu_s = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
            ru.ru_stime.tv_usec / 1e6;
  r.max_rss_mb = ru.ru_maxrss / 1024.0;
  size_t at = r.out.find(" in ");
  if (at != std::string::npos) r.sync_s = std::stod(r.out.substr(at + 4));
  return r;
}

// Each figure's median on its own (the rounds are noisy on a shared machine).
Run Median(std::vector<Run> runs) {
  auto med = [&](double Run::*field) {
    std::vector<double> v;
    for (const Run& r : runs) v.push_back(r.*field);
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  Run m;
  m.sync_s = med(&Run::sync_s);
  m.cpu_s = med(&Run::cpu_s);
  m.max_rss_mb = med(&Run::max_rss_mb);
  return m;
}

int Driver(const std::string& go_informer, int pods, int writers, int rounds, bool serve,
           bool gzip) {
  std::string missing = client::testing::MissingStockBinaries();
  if (!missing.empty()) {
    std::cerr << missing << "\n";
    return 1;
  }
  auto server = client::testing::StockApiServer::Start();
  if (!server.ok()) {
    std::cerr << server.status().message() << "\n";
    return 1;
  }
  const std::string kubeconfig = (*server)->admin_kubeconfig();
  std::unique_ptr<RestClient> rest = NewClient(kubeconfig);
  const std::string ns = "bench";
  (void)rest->SendJson("POST", client::ResourceRef{"", "v1", "namespaces", "", "", ""},
                       "application/json",
                       R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"bench"}})");
  (void)rest->SendJson("POST", client::ResourceRef{"", "v1", "serviceaccounts", ns, "", ""},
                       "application/json",
                       R"({"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default"}})");
  auto start = std::chrono::steady_clock::now();
  std::atomic<int> next{0}, failed{0};
  std::vector<std::thread> ts;
  for (int w = 0; w < writers; ++w) {
    ts.emplace_back([&] {
      for (int i; (i = next++) < pods;) {
        const std::string name = "web-7d9f8b6c5-" + std::to_string(100000 + i);
        client::ResourceRef coll{"", "v1", "pods", ns, "", ""};
        client::ResourceRef status{"", "v1", "pods", ns, name, "status"};
        if (!rest->SendJson("POST", coll, "application/json", PodJson(name, i)).ok() ||
            !rest->SendJson("PATCH", status, "application/merge-patch+json", PodStatusJson(i))
                 .ok()) {
          ++failed;
        }
      }
    });
  }
  for (auto& t : ts) t.join();
  std::printf("created %d pods with %d writers in %.1f s (%d failed)\n", pods, writers,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
              failed.load());
  std::vector<std::string> common = {"--kubeconfig=" + kubeconfig, "--namespace=" + ns,
                                     "--expect=" + std::to_string(pods - failed.load()),
                                     std::string("--disable-compression=") + (gzip ? "false" : "true")};
  std::vector<std::string> ours = {"/proc/self/exe", "--probe"};
  ours.insert(ours.end(), common.begin(), common.end());
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  ours[0] = std::string(self, n > 0 ? n : 0);
  std::vector<std::string> go = {go_informer};
  go.insert(go.end(), common.begin(), common.end());  // Go's flag package takes --name=v too

  client::ApiResult<std::string> one = rest->GetJson(client::ResourceRef{
      "", "v1", "pods", ns, "web-7d9f8b6c5-" + std::to_string(100000), ""});
  std::printf("one pod is %zu bytes of JSON\n", one.ok() ? one->size() : 0);

  if (serve) {
    // For profiling: keep the populated apiserver up until stdin closes.
    std::printf("serving: --kubeconfig=%s --namespace=%s --expect=%d\n", kubeconfig.c_str(),
                ns.c_str(), pods - failed.load());
    std::fflush(stdout);
    char c;
    while (read(STDIN_FILENO, &c, 1) > 0) {
    }
    return 0;
  }

  // Alternate the two informers so neither always meets a colder or warmer apiserver; report
  // the median of each figure.
  std::vector<Run> ks, gs;
  for (int r = 0; r < rounds; ++r) {
    ks.push_back(Measure(ours));
    gs.push_back(Measure(go));
    std::printf("round %d: kubecxx %.2f s %.1f MB %.2f s CPU | client-go %.2f s %.1f MB %.2f s CPU\n",
                r + 1, ks.back().sync_s, ks.back().max_rss_mb, ks.back().cpu_s, gs.back().sync_s,
                gs.back().max_rss_mb, gs.back().cpu_s);
    std::fflush(stdout);
  }
  Run k = Median(ks), g = Median(gs);
  std::printf("\n%-12s %14s %14s %14s   (median of %d rounds)\n", "", "time-to-sync", "peak RSS",
              "CPU", rounds);
  std::printf("%-12s %12.2f s %11.1f MB %12.2f s\n", "kubecxx", k.sync_s, k.max_rss_mb, k.cpu_s);
  std::printf("%-12s %12.2f s %11.1f MB %12.2f s\n", "client-go", g.sync_s, g.max_rss_mb, g.cpu_s);
  std::printf("%-12s %13.2fx %13.2fx %13.2fx   (client-go / kubecxx; goal >= 2)\n", "ratio",
              g.sync_s / k.sync_s, g.max_rss_mb / k.max_rss_mb, g.cpu_s / k.cpu_s);
  return 0;
}

std::string Flag(int argc, char** argv, const std::string& name, const std::string& def) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind(name + "=", 0) == 0) return a.substr(name.size() + 1);
    if (a == name && i + 1 < argc) return argv[i + 1];
  }
  return def;
}

}  // namespace
}  // namespace kubecxx

int main(int argc, char** argv) {
  using kubecxx::Flag;
  bool probe = false, serve = false;
  for (int i = 1; i < argc; ++i) {
    probe |= std::strcmp(argv[i], "--probe") == 0;
    serve |= std::strcmp(argv[i], "--serve") == 0;
  }
  if (probe) {
    // As a kubecxx component would: see malloc_tuning.h (--malloc-arenas=default to compare).
    if (kubecxx::Flag(argc, argv, "--malloc-arenas", "main") == "main") {
      kubecxx::client::cache::UseMainMallocArena();
    }
    return kubecxx::Probe(Flag(argc, argv, "--kubeconfig", ""), Flag(argc, argv, "--namespace", ""),
                          std::stoll(Flag(argc, argv, "--expect", "0")),
                          Flag(argc, argv, "--disable-compression", "false") != "true");
  }
  std::string go = Flag(argc, argv, "--go-informer", "");
  if (go.empty() && !serve) {
    std::cerr << "usage: informer_bench --go-informer PATH [--pods N] [--writers W] [--rounds R]\n";
    return 2;
  }
  return kubecxx::Driver(go, std::stoi(Flag(argc, argv, "--pods", "50000")),
                         std::stoi(Flag(argc, argv, "--writers", "8")),
                         std::max(1, std::stoi(Flag(argc, argv, "--rounds", "3"))), serve,
                         Flag(argc, argv, "--disable-compression", "false") != "true");
}
