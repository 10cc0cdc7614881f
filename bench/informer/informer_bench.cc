// informer_bench: our pod informer against stock client-go's on the same stock apiserver.
//
//   informer_bench --go-informer PATH [--pods N] [--writers W]
//     starts a stock etcd + kube-apiserver, creates N pods (default 50,000) with W writers,
//     then runs, one after the other, this binary in --probe mode and the client-go program
//     (bench/go-informer), each syncing a pod informer until its handler saw N ADDs. Prints
//     time-to-sync, peak RSS and CPU seconds of each process and the ratios (Go / ours).
//   informer_bench --probe --kubeconfig K --namespace NS --expect N
//     the measured side: our SharedInformerFactory pod informer (protobuf, WatchList).
//
// Not part of ctest: run it through bench/informer/run.
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

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

#include "kubecxx/api/core/v1/types.h"
#include "lib/client/cache/informer_factory.h"
#include "lib/client/client_config.h"
#include "lib/client/rest_client.h"
#include "lib/client/testing/stock_apiserver.h"

extern char** environ;

namespace kubecxx {
namespace {

using client::RestClient;
using client::cache::ObjectPtr;

std::unique_ptr<RestClient> NewClient(const std::string& kubeconfig) {
  client::LoadingRules rules;
  rules.explicit_path = kubeconfig;
  StatusOr<client::ClientConfig> config = client::LoadClientConfig(rules, {});
  if (!config.ok()) {
    std::cerr << config.status().message() << "\n";
    std::exit(1);
  }
  client::RestConfig rc = config->rest;
  rc.qps = -1;
  rc.content_type = "application/vnd.kubernetes.protobuf";
  auto rest = RestClient::New(rc);
  if (!rest.ok()) {
    std::cerr << rest.status().message() << "\n";
    std::exit(1);
  }
  return std::move(*rest);
}

int Probe(const std::string& kubeconfig, const std::string& ns, int64_t expect) {
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<RestClient> rest = NewClient(kubeconfig);
  client::cache::InformerFactoryOptions fo;
  fo.namespace_ = ns;
  client::cache::SharedInformerFactory factory(rest.get(), fo);
  auto inf = factory.InformerFor(*codec::FindResource("", "v1", "pods"));
  if (!inf.ok()) return 1;
  std::mutex mu;
  std::condition_variable cv;
  int64_t adds = 0;
  auto handler = std::make_shared<client::cache::EventHandlerFuncs>();
  handler->add = [&](const ObjectPtr&, bool) {
    std::lock_guard l(mu);
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
  std::printf("synced %zu objects in %.3f s\n", (*inf)->indexer().size(), s);
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

int Driver(const std::string& go_informer, int pods, int writers) {
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
      client::TypedClient<api::core::v1::Pod> c(rest.get(), ns);
      for (int i; (i = next++) < pods;) {
        api::core::v1::Pod p;
        p.object_meta.name = "pod-" + std::to_string(i);
        p.object_meta.labels["app"] = "bench";
        api::core::v1::Container ctr;
        ctr.name = "c";
        ctr.image = "registry.k8s.io/pause:3.10";
        p.spec.containers.push_back(ctr);
        if (!c.Create(p).ok()) ++failed;
      }
    });
  }
  for (auto& t : ts) t.join();
  std::printf("created %d pods with %d writers in %.1f s (%d failed)\n", pods, writers,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
              failed.load());
  std::vector<std::string> common = {"--kubeconfig=" + kubeconfig, "--namespace=" + ns,
                                     "--expect=" + std::to_string(pods - failed.load())};
  std::vector<std::string> ours = {"/proc/self/exe", "--probe"};
  ours.insert(ours.end(), common.begin(), common.end());
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  ours[0] = std::string(self, n > 0 ? n : 0);
  std::vector<std::string> go = {go_informer};
  go.insert(go.end(), common.begin(), common.end());  // Go's flag package takes --name=v too

  Run k = Measure(ours);
  Run g = Measure(go);
  std::printf("\n%-12s %14s %14s %14s\n", "", "time-to-sync", "peak RSS", "CPU");
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
  bool probe = false;
  for (int i = 1; i < argc; ++i) probe |= std::strcmp(argv[i], "--probe") == 0;
  if (probe) {
    return kubecxx::Probe(Flag(argc, argv, "--kubeconfig", ""), Flag(argc, argv, "--namespace", ""),
                          std::stoll(Flag(argc, argv, "--expect", "0")));
  }
  std::string go = Flag(argc, argv, "--go-informer", "");
  if (go.empty()) {
    std::cerr << "usage: informer_bench --go-informer PATH [--pods N] [--writers W]\n";
    return 2;
  }
  return kubecxx::Driver(go, std::stoi(Flag(argc, argv, "--pods", "50000")),
                         std::stoi(Flag(argc, argv, "--writers", "8")));
}
