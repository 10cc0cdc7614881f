// apiserver_bench: OUR kube-apiserver against the STOCK kube-apiserver v1.37.2, both on one
// stock etcd 3.7 (each under its own --etcd-prefix: /kubecxx and /stock), in one run.
//
//   apiserver_bench [--pods N] [--large L] [--watchers W] [--events E] [--seconds S]
//                   [--concurrency 16,64] [--list-concurrency C] [--large-lists K]
//                   [--gzip] [--first ours|stock] [--quick] [--profile PHASE]
//
// 1. Starts etcd (8 GiB quota), stock and ours (components/kube-apiserver/testing_cluster.h:
//    the stock test PKI, kubeadm's flags for ours), creates the namespaces in each.
// 2. One realistic pod (bench/informer/pod_template.h) is created and its status patched
//    through STOCK; its stored bytes are copied N times (default 100,000) straight into etcd
//    under both prefixes (seed.h): namespaces `small` (500 pods), `large` (L, default
//    50,000), `rest` (the others) and `fanout` (one pod). Both servers then hold byte-identical pods, which
//    their watch caches take from their etcd watch; the run waits until both caches have
//    the last revision (a NotOlderThan LIST), then reads RSS and VmHWM.
// 3. Phases, each run on one server then the other (the first server alternates per phase
//    so that neither always meets the same neighbours' load), closed loops of the load
//    client (load.h) for S seconds (default 8) per server:
//    GET one pod (JSON, protobuf; RV unset: both read etcd), LIST 500 and LIST L (JSON,
//    protobuf; RV=0 from the watch cache and RV unset = consistent), CREATE and UPDATE (PUT
//    with the last resourceVersion, one pod per client) at each concurrency, and the watch
//    fan-out (fanout.h: W watchers, E writes 250 ms apart).
// Per phase and server: requests per wall second, requests per CPU-second of the server
// process (/proc/<pid>/stat utime+stime before and after), p50/p99 latency, load average.
// The main figure is the CPU one: on a shared 2-core machine wall time measures the
// neighbours as much as the server.
//
// --profile PHASE: `perf record -g` of our server during the phases whose name contains
// PHASE (e.g. "CREATE", "FANOUT"); the data file is printed (perf's sampling counts in its CPU).
//
// Not part of ctest: run it through bench/apiserver/run.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bench/apiserver/fanout.h"
#include "bench/apiserver/load.h"
#include "bench/apiserver/report.h"
#include "bench/apiserver/seed.h"
#include "bench/informer/pod_template.h"
#include "components/kube-apiserver/testing_cluster.h"
#include "lib/base/testing/subprocess.h"
#include "lib/etcd/client.h"
#include "lib/flags/flag_set.h"

namespace kubecxx::bench {
namespace {

using kube_apiserver::testing::MixedCluster;
using kube_apiserver::testing::Server;
using SteadyClock = std::chrono::steady_clock;

constexpr const char* kJson = "application/json";
constexpr const char* kProto = "application/vnd.kubernetes.protobuf";
constexpr const char* kUidMark = "5e1d7c2a-0b3f-4d6e-9a8c-";  // seed.cc's uids

struct Options {
  int32_t pods = 100000, large = 50000, watchers = 1000, events = 20, seconds = 8;
  int32_t list_concurrency = 4, large_lists = 2;
  std::vector<std::string> concurrency = {"16", "64"};
  bool gzip = false, quick = false;
  std::string first = "ours";
  std::string profile;  // phase-name substring: perf record our server during it
};

int64_t Count(const std::string& body, const std::string& mark) {
  int64_t n = 0;
  for (size_t at = body.find(mark); at != std::string::npos; at = body.find(mark, at + 1)) ++n;
  return n;
}

// A pod body for CREATE and UPDATE: the realistic pod with a fixed-width annotation that
// UPDATE rewrites.
std::string BenchPod(const std::string& name, int i) {
  std::string json = PodJson(name, i);
  const std::string at = R"("annotations":{)";
  json.insert(json.find(at) + at.size(), R"("bench/seq":"000000000",)");
  return json;
}

class Bench {
 public:
  Bench(const Options& o, MixedCluster& c, LoadClient& client)
      : o_(o), c_(c), client_(client), report_(o.first == "ours") {}

  // Namespaces, the template pod, the seeding; waits for both watch caches.
  Status Prepare();
  void RunAll();

 private:
  std::string Base(Server s) const { return c_.url(s); }
  pid_t Pid(Server s) const { return s == Server::kOurs ? c_.ours_pid() : c_.stock_pid(); }
  Status Post(Server s, const std::string& path, const std::string& body) {
    return client_.Send(Base(s), "POST", path, kJson, kJson, body).status();
  }
  // Runs `make(s)`'s operation on both servers (the first alternating) and reports it.
  void Phase(const std::string& name, const PhaseSpec& spec,
             const std::function<Operation(Server)>& make);
  void Lists(const std::string& ns, int expect, const PhaseSpec& spec, const char* label);
  // --profile: perf record of our server during the phases whose name matches (perf's
  // sampling then counts in that phase's CPU figure); -1 when not profiled.
  pid_t StartPerf(const std::string& phase, Server s);
  void StopPerf(pid_t perf);

  // The one pod of namespace `fanout`, seeded after the others.
  std::string FanoutPod() const { return "web-7d9f8b6c5-" + std::to_string(100000 + o_.pods); }

  const Options& o_;
  MixedCluster& c_;
  LoadClient& client_;
  Report report_;
  int seeded_ = 0;
  int profiles_ = 0;
  std::string perf_file_;
};

Status Bench::Prepare() {
  for (Server s : {Server::kOurs, Server::kStock}) {
    for (const char* ns : {"bench", "small", "large", "rest", "fanout"}) {
      KUBECXX_RETURN_IF_ERROR(Post(s, "/api/v1/namespaces",
                                   std::string(R"({"apiVersion":"v1","kind":"Namespace",)") +
                                       R"("metadata":{"name":")" + ns + R"("}})"));
      KUBECXX_RETURN_IF_ERROR(
          Post(s, std::string("/api/v1/namespaces/") + ns + "/serviceaccounts",
               R"({"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default"}})"));
    }
  }
  // The template: created and given a kubelet-like status by STOCK, read back from etcd.
  KUBECXX_RETURN_IF_ERROR(Post(Server::kStock, "/api/v1/namespaces/bench/pods",
                               BenchPod("template", 0)));
  KUBECXX_RETURN_IF_ERROR(client_.Send(Base(Server::kStock), "PATCH",
                                       "/api/v1/namespaces/bench/pods/template/status", kJson,
                                       "application/merge-patch+json", PodStatusJson(0))
                              .status());
  etcd::ClientOptions eo;
  eo.endpoints = {c_.etcd_endpoint()};
  auto etcd = etcd::Client::Create(eo);
  if (!etcd.ok()) return etcd.status();
  auto got = (*etcd)->Range("/stock/pods/bench/template");
  if (!got.ok()) return got.status();
  if (got->kvs.empty()) return Status::Internal("the template pod is not under /stock");
  const std::string stored = got->kvs[0].value;
  auto json = client_.Send(Base(Server::kStock), "GET", "/api/v1/namespaces/bench/pods/template",
                           kJson);
  std::printf("template pod: %zu bytes stored (protobuf), %zu bytes as JSON\n", stored.size(),
              json.ok() ? json->body.size() : 0);

  const int small = std::min(500, o_.pods);
  const int large = std::min(o_.large, o_.pods - small);
  std::vector<SeedNamespace> plan = {{"small", small}, {"large", large},
                                     {"rest", o_.pods - small - large}, {"fanout", 1}};
  auto t0 = SteadyClock::now();
  auto rev = SeedPods(c_.etcd_endpoint(), stored, {"/kubecxx", "/stock"}, plan, 4);
  if (!rev.ok()) return rev.status();
  seeded_ = o_.pods;
  std::printf("seeded %d pods under each prefix (small %d, large %d, rest %d) in %.1f s, "
              "etcd revision %lld\n",
              o_.pods, small, large, o_.pods - small - large,
              std::chrono::duration<double>(SteadyClock::now() - t0).count(),
              static_cast<long long>(*rev));
  std::fflush(stdout);
  // Both caches must have the last revision: a NotOlderThan list waits for it (504 after 3 s).
  const std::string fresh = "/api/v1/namespaces/small/pods?resourceVersionMatch=NotOlderThan"
                            "&resourceVersion=" + std::to_string(*rev);
  for (Server s : {Server::kOurs, Server::kStock}) {
    auto deadline = SteadyClock::now() + std::chrono::minutes(15);
    for (;;) {
      auto r = client_.Send(Base(s), "GET", fresh, kJson);
      if (r.ok()) break;
      if (SteadyClock::now() > deadline) return r.status();
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    std::printf("%s: watch cache at revision %lld after %.1f s\n", ServerName(s),
                static_cast<long long>(*rev),
                std::chrono::duration<double>(SteadyClock::now() - t0).count());
    std::fflush(stdout);
  }
  std::this_thread::sleep_for(std::chrono::seconds(5));
  report_.Memory("after seeding " + std::to_string(seeded_) + " pods",
                 ProcessMemory(Pid(Server::kOurs)), ProcessMemory(Pid(Server::kStock)));
  return Status::Ok();
}

pid_t Bench::StartPerf(const std::string& phase, Server s) {
  if (s != Server::kOurs || o_.profile.empty() || phase.find(o_.profile) == std::string::npos) {
    return -1;
  }
  perf_file_ = "/tmp/apiserver-bench-" + std::to_string(getpid()) + "-" +
               std::to_string(++profiles_) + ".perf.data";
  pid_t perf = kubecxx::testing::SpawnProcess({"/usr/bin/perf", "record", "-F", "999", "-g", "-p",
                                               std::to_string(Pid(s)), "-o", perf_file_},
                                              perf_file_ + ".log");
  std::this_thread::sleep_for(std::chrono::seconds(1));
  return perf;
}

void Bench::StopPerf(pid_t perf) {
  if (perf <= 0) return;
  kill(perf, SIGINT);
  waitpid(perf, nullptr, 0);
  std::printf("  perf profile of ours: %s (perf report -i %s --no-children)\n",
              perf_file_.c_str(), perf_file_.c_str());
}

void Bench::Phase(const std::string& name, const PhaseSpec& spec,
                  const std::function<Operation(Server)>& make) {
  PhaseResult r[2];
  for (Server s : report_.Order()) {
    pid_t perf = StartPerf(name, s);
    r[s == Server::kOurs ? 0 : 1] = RunPhase(Pid(s), spec, make(s));
    StopPerf(perf);
  }
  report_.Phase(name, spec.concurrency, r[0], r[1]);
}

void Bench::Lists(const std::string& ns, int expect, const PhaseSpec& spec, const char* label) {
  for (const char* accept : {kJson, kProto}) {
    for (const char* rv : {"?resourceVersion=0", ""}) {
      const std::string path = "/api/v1/namespaces/" + ns + "/pods" + rv;
      const std::string name = std::string("LIST ") + label + " " +
                               (accept == kJson ? "json" : "proto") + " " +
                               (*rv ? "RV=0" : "consistent");
      Phase(name, spec, [&, path, accept](Server s) -> Operation {
        return [&, s, path, accept](int, int64_t i, int64_t* bytes) -> Status {
          auto r = client_.Send(Base(s), "GET", path, accept);
          if (!r.ok()) return r.status();
          *bytes += static_cast<int64_t>(r->body.size());
          if (i == 0 && Count(r->body, kUidMark) != expect) {
            return Status::Internal("LIST returned " + std::to_string(Count(r->body, kUidMark)) +
                                    " of the " + std::to_string(expect) + " pods");
          }
          return Status::Ok();
        };
      });
    }
  }
}

void Bench::RunAll() {
  const PhaseSpec quick{16, static_cast<double>(o_.seconds), 1};
  for (const char* accept : {kJson, kProto}) {
    const std::string path = "/api/v1/namespaces/small/pods/web-7d9f8b6c5-100000";
    Phase(std::string("GET one pod ") + (accept == kJson ? "json" : "proto"), quick,
          [&, path, accept](Server s) -> Operation {
            return [&, s, path, accept](int, int64_t, int64_t* bytes) -> Status {
              auto r = client_.Send(Base(s), "GET", path, accept);
              if (!r.ok()) return r.status();
              *bytes += static_cast<int64_t>(r->body.size());
              return Status::Ok();
            };
          });
  }
  const int small = std::min(500, o_.pods);
  const int large = std::min(o_.large, o_.pods - small);
  Lists("small", small, {o_.list_concurrency, static_cast<double>(o_.seconds), 1},
        std::to_string(small).c_str());
  if (large > 0) {
    Lists("large", large, {1, 0, o_.large_lists}, std::to_string(large).c_str());
  }
  for (const std::string& cs : o_.concurrency) {
    const int conc = std::stoi(cs);
    Phase("CREATE", {conc, static_cast<double>(o_.seconds), 1}, [&, conc](Server s) -> Operation {
      return [&, s, conc](int w, int64_t i, int64_t* bytes) -> Status {
        const std::string name = "c" + std::to_string(conc) + "-" + std::to_string(w) + "-" +
                                 std::to_string(i);
        auto r = client_.Send(Base(s), "POST", "/api/v1/namespaces/bench/pods", kJson, kJson,
                              BenchPod(name, static_cast<int>(i)));
        if (!r.ok()) return r.status();
        *bytes += static_cast<int64_t>(r->body.size());
        return Status::Ok();
      };
    });
  }
  for (const std::string& cs : o_.concurrency) {
    const int conc = std::stoi(cs);
    Phase("UPDATE", {conc, static_cast<double>(o_.seconds), 1}, [&](Server s) -> Operation {
      // Each client's pod as last answered; a PUT carries its resourceVersion and a new
      // value of the bench/seq annotation.
      auto state = std::make_shared<std::vector<std::string>>(conc);
      return [&, s, state](int w, int64_t i, int64_t* bytes) -> Status {
        // Seeded pods (the same bytes in both servers), after the phases that read them.
        const std::string path =
            "/api/v1/namespaces/small/pods/web-7d9f8b6c5-" + std::to_string(100000 + w);
        std::string& body = (*state)[w];
        if (i == 0) {
          auto r = client_.Send(Base(s), "GET", path, kJson);
          if (!r.ok()) return r.status();
          body = std::move(r->body);
        }
        const std::string mark = R"("bench/seq":")";
        size_t at = body.find(mark);
        if (at == std::string::npos) return Status::Internal("no bench/seq annotation");
        char seq[16];
        std::snprintf(seq, sizeof seq, "%09lld", static_cast<long long>(i + 1) % 1000000000);
        body.replace(at + mark.size(), 9, seq);
        auto r = client_.Send(Base(s), "PUT", path, kJson, kJson, body);
        if (!r.ok()) {
          body.clear();
          return r.status();
        }
        *bytes += static_cast<int64_t>(r->body.size());
        body = std::move(r->body);
        return Status::Ok();
      };
    });
  }
  if (o_.watchers > 0) {
    FanoutResult f[2];
    for (Server s : report_.Order()) {
      pid_t perf = StartPerf("FANOUT", s);
      f[s == Server::kOurs ? 0 : 1] =
          RunFanout(client_, Base(s), Pid(s), "fanout", FanoutPod(), o_.watchers, o_.events,
                    std::chrono::milliseconds(250));
      StopPerf(perf);
    }
    report_.Fanout(f[0], f[1]);
  }
  report_.Memory("at the end", ProcessMemory(Pid(Server::kOurs)),
                 ProcessMemory(Pid(Server::kStock)));
  report_.Summary();
}

int Main(int argc, char** argv) {
  Options o;
  flags::FlagSet fs("apiserver_bench");
  int64_t pods = o.pods, large = o.large, watchers = o.watchers, events = o.events;
  int64_t seconds = o.seconds, list_conc = o.list_concurrency, large_lists = o.large_lists;
  fs.Int("pods", &pods, "pods each server holds");
  fs.Int("large", &large, "pods of the large LIST");
  fs.Int("watchers", &watchers, "watchers of the fan-out (0: skip it)");
  fs.Int("events", &events, "writes of the fan-out");
  fs.Int("seconds", &seconds, "seconds per phase and server");
  fs.Int("list-concurrency", &list_conc, "clients of the small LIST");
  fs.Int("large-lists", &large_lists, "LISTs of the large namespace per variant and server");
  fs.StringSlice("concurrency", &o.concurrency, "clients of CREATE and UPDATE");
  fs.Bool("gzip", &o.gzip, "ask for gzip as client-go does (ours does not compress)");
  fs.Bool("quick", &o.quick, "smoke check: 2,000 pods, 50 watchers, 2 s phases");
  fs.String("first", &o.first, "the server of the first phase: ours or stock");
  fs.String("profile", &o.profile, "perf record our server in phases whose name contains this");
  Status parsed = fs.Parse(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed.ok() || (o.first != "ours" && o.first != "stock")) {
    std::cerr << "apiserver_bench: " << (parsed.ok() ? "--first: ours or stock" : parsed.message())
              << "\n";
    return 2;
  }
  if (o.quick) {
    if (!fs.Changed("pods")) pods = 2000;
    if (!fs.Changed("large")) large = 1000;
    if (!fs.Changed("watchers")) watchers = 50;
    if (!fs.Changed("events")) events = 5;
    if (!fs.Changed("seconds")) seconds = 2;
    if (!fs.Changed("large-lists")) large_lists = 1;
  }
  o.pods = static_cast<int32_t>(pods);
  o.large = static_cast<int32_t>(large);
  o.watchers = static_cast<int32_t>(watchers);
  o.events = static_cast<int32_t>(events);
  o.seconds = static_cast<int32_t>(seconds);
  o.list_concurrency = static_cast<int32_t>(list_conc);
  o.large_lists = static_cast<int32_t>(large_lists);

  std::string missing = MixedCluster::Missing();
  if (!missing.empty()) {
    std::cerr << "SKIPPED: " << missing << "\n";
    return 2;
  }
  etcd::testing::StockEtcdOptions eo;
  eo.extra_args = {"--quota-backend-bytes=8589934592"};
  auto cluster = MixedCluster::Start({"--etcd-prefix=/kubecxx"}, {"--etcd-prefix=/stock"}, eo);
  if (!cluster.ok()) {
    std::cerr << cluster.status().message() << "\n";
    return 1;
  }
  auto client = LoadClient::Create((*cluster)->admin_kubeconfig(), o.gzip);
  if (!client.ok()) {
    std::cerr << client.status().message() << "\n";
    return 1;
  }
  std::time_t now = std::time(nullptr);
  char date[64];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  std::printf("apiserver_bench %s, %ld CPUs, load average %s\n", date, sysconf(_SC_NPROCESSORS_ONLN),
              LoadAverage().c_str());
  std::printf("pods %d (large LIST %d), watchers %d x %d events, %d s per phase and server, "
              "gzip %s, ours pid %d, stock pid %d\n",
              o.pods, o.large, o.watchers, o.events, o.seconds, o.gzip ? "on" : "off",
              (*cluster)->ours_pid(), (*cluster)->stock_pid());
  std::fflush(stdout);
  Bench bench(o, **cluster, **client);
  if (Status s = bench.Prepare(); !s.ok()) {
    std::cerr << "prepare: " << s.message() << "\n" << (*cluster)->OurLogTail() << "\n";
    return 1;
  }
  bench.RunAll();
  return 0;
}

}  // namespace
}  // namespace kubecxx::bench

int main(int argc, char** argv) { return kubecxx::bench::Main(argc, argv); }
