// scheduler_equivalence_test: every scenario of testdata/equivalence/ (scenario.h), run
// once with the STOCK kube-scheduler and once with ours on one stock kube-apiserver + etcd.
//
// One scheduler runs at a time (stock for every scenario, then ours), with the same
// KubeSchedulerConfiguration: leader election off, DefaultPreemption and DynamicResources
// disabled in multiPoint, VolumeBinding's bindTimeoutSeconds 5. Stock
// kube-controller-manager runs its PV binder only (when the binary is there; scenarios
// with pv_controller: true are skipped without it). Per scenario: its PriorityClasses,
// Nodes (each Node's status gets Ready=True) and volume objects (PV/PVC status written
// through the status subresource) are created, pre-bound claims waited for until the PV
// binder bound them; in serial mode a probe pod (no requests,
// tolerating everything, selecting the last node by hostname) is bound and deleted first,
// so the scheduler's cache holds all the nodes; then each pod is created once the previous
// one is resolved (bound, or PodScheduled=False). In batch mode the scheduler is stopped
// while the pods are created and started afterwards. With `ungate`, the scheduling gates
// are then removed and the pods resolved again. After a short settle, each pod's final
// node and the first and last PodScheduled=False message are recorded, with each PVC's
// volumeName, selected-node annotation and phase, and everything is deleted.
//
// Verdict per scenario: identical (every pod's node and messages equal), tie-equivalent
// (compare: tie, only nodes of pods named in `ties` differ and both lie in that set), or
// different. `expect` is checked against the stock run. A difference fails the test
// unless the scenario names it in known_difference (then it is listed in
// docs/compatibility.md). The summary line: "equivalence: N identical, M tie-equivalent,
// K different".
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <thread>

#include "components/kube-scheduler/equivalence/scenario.h"
#include "kubecxx/api/core/v1/types.h"
#include "lib/base/testing/subprocess.h"
#include "lib/client/client_config.h"
#include "lib/client/rest_client.h"
#include "lib/client/testing/stock_apiserver.h"
#include "lib/codec/model_codec.h"

namespace kubecxx::scheduler::equivalence {
namespace {

namespace fs = std::filesystem;
using api::core::v1::Pod;
using client::ResourceRef;
using client::RestClient;
using client::testing::StockApiServer;
using Clock = std::chrono::steady_clock;

constexpr auto kPoll = std::chrono::milliseconds(20);

bool WaitUntil(const std::function<bool()>& cond, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(kPoll);
  }
  return cond();
}

std::string Slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct PodOutcome {
  std::string node;
  std::string first_message;  // PodScheduled=False, as first seen
  std::string last_message;   // at the end
  bool operator==(const PodOutcome&) const = default;
};
using Outcome = std::map<std::string, PodOutcome>;  // pod -> outcome

std::string Describe(const PodOutcome& o) {
  return "node=\"" + o.node + "\" first=\"" + o.first_message + "\" last=\"" + o.last_message + "\"";
}

class Runner {
 public:
  Runner(StockApiServer* api, std::string dir) : dir_(std::move(dir)) {
    client::LoadingRules rules;
    rules.explicit_path = api->admin_kubeconfig();
    auto cfg = client::LoadClientConfig(rules, {});
    EXPECT_TRUE(cfg.ok());
    client::RestConfig rc = cfg->rest;
    rc.qps = -1;
    auto rest = RestClient::New(rc);
    EXPECT_TRUE(rest.ok());
    rest_ = std::move(*rest);
    config_ = dir_ + "/config.yaml";
    std::ofstream(config_)
        << "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n"
           "clientConnection:\n  kubeconfig: " << api->admin_kubeconfig()
        << "\n  qps: 1000\n  burst: 1000\nleaderElection:\n  leaderElect: false\n"
           "profiles:\n- schedulerName: default-scheduler\n  plugins:\n    multiPoint:\n"
           "      disabled:\n      - name: DefaultPreemption\n      - name: DynamicResources\n"
           "  pluginConfig:\n  - name: VolumeBinding\n    args:\n      bindTimeoutSeconds: 5\n";
  }
  ~Runner() { StopScheduler(); }

  void StartScheduler(const std::string& binary, const std::string& who) {
    log_ = dir_ + "/" + who + "-" + std::to_string(++starts_) + ".log";
    pid_ = kubecxx::testing::SpawnProcess({binary, "--config=" + config_, "--secure-port=0"}, log_);
    ASSERT_GT(pid_, 0);
  }
  void StopScheduler() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    if (!WaitUntil([&] { return waitpid(pid_, &status, WNOHANG) == pid_; }, std::chrono::seconds(10))) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
    pid_ = -1;
  }
  const std::string& log() const { return log_; }

  Outcome Run(const Scenario& s, const std::string& binary, const std::string& who, int index) {
    Outcome out;
    const std::string ns = "s" + std::to_string(index) + "-" + who;
    Post(ResourceRef{"", "v1", "namespaces", "", "", ""},
         R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":")" + ns + "\"}}");
    Post(ResourceRef{"", "v1", "serviceaccounts", ns, "", ""},
         R"({"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default"}})");
    for (const ScenarioObject& pc : s.priority_classes) {
      (void)rest_->SendJson("POST", ResourceRef{"scheduling.k8s.io", "v1", "priorityclasses", "", "", ""},
                            "application/json", pc.json);  // AlreadyExists in the second run
    }
    for (const ScenarioObject& n : s.nodes) {
      Post(ResourceRef{"", "v1", "nodes", "", "", ""}, n.json);
      auto r = rest_->SendJson(
          "PATCH", ResourceRef{"", "v1", "nodes", "", n.name, "status"}, "application/merge-patch+json",
          R"({"status":{"conditions":[{"type":"Ready","status":"True","reason":"KubeletReady","message":"equivalence","lastHeartbeatTime":"2026-01-01T00:00:00Z","lastTransitionTime":"2026-01-01T00:00:00Z"}]}})");
      EXPECT_TRUE(r.ok()) << n.name << ": " << r.error().message();
    }
    for (const ScenarioObject& v : s.volumes) CreateVolumeObject(v, ns);
    // Pre-bound claims (spec.volumeName) are bound by the PV binder before any pod exists.
    for (const ScenarioObject& v : s.volumes) {
      if (v.kind != "PersistentVolumeClaim" ||
          Decode<api::core::v1::PersistentVolumeClaim>(v.json).spec.volume_name.empty()) {
        continue;
      }
      client::TypedClient<api::core::v1::PersistentVolumeClaim> claims(rest_.get(), ns);
      EXPECT_TRUE(WaitUntil([&] {
        auto c = claims.Get(v.name);
        return c.ok() && c->status.phase == "Bound";
      }, std::chrono::seconds(20))) << s.name << ": claim " << v.name << " not bound by the PV controller";
    }
    const bool batch = s.mode == "batch";
    if (batch) {
      StopScheduler();
    } else {
      if (pid_ <= 0) StartScheduler(binary, who);
      Probe(s.nodes.back().name, ns);
    }
    client::TypedClient<Pod> pods(rest_.get(), ns);
    auto resolve = [&](const std::string& name) {
      return WaitUntil([&] { return Observe(pods, name, &out[name]); }, std::chrono::seconds(20));
    };
    for (const ScenarioObject& p : s.pods) {
      Post(ResourceRef{"", "v1", "pods", ns, "", ""}, p.json);
      if (!batch) {
        EXPECT_TRUE(resolve(p.name)) << s.name << "/" << who << ": " << p.name << " not resolved";
      }
    }
    if (batch) {
      StartScheduler(binary, who);
      for (const ScenarioObject& p : s.pods) {
        EXPECT_TRUE(resolve(p.name)) << s.name << "/" << who << ": " << p.name << " not resolved";
      }
    }
    if (s.ungate) {
      for (const ScenarioObject& p : s.pods) {
        (void)rest_->SendJson("PATCH", ResourceRef{"", "v1", "pods", ns, p.name, ""},
                              "application/merge-patch+json", R"({"spec":{"schedulingGates":null}})");
      }
      for (const ScenarioObject& p : s.pods) {
        // Resolved again: bound, or a message other than the gated one.
        EXPECT_TRUE(WaitUntil([&] {
          Observe(pods, p.name, &out[p.name]);
          return !out[p.name].node.empty() ||
                 (!out[p.name].last_message.empty() &&
                  out[p.name].last_message.find("scheduling gates") == std::string::npos);
        }, std::chrono::seconds(20))) << s.name << "/" << who << ": " << p.name << " not resolved after ungating";
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // requeues settle
    for (const ScenarioObject& p : s.pods) Observe(pods, p.name, &out[p.name]);
    for (const ScenarioObject& v : s.volumes) {
      if (v.kind != "PersistentVolumeClaim") continue;
      auto c = client::TypedClient<api::core::v1::PersistentVolumeClaim>(rest_.get(), ns).Get(v.name);
      if (!c.ok()) continue;
      auto sel = c->object_meta.annotations.find("volume.kubernetes.io/selected-node");
      out["pvc/" + v.name] = PodOutcome{"volume=" + c->spec.volume_name,
                                        sel == c->object_meta.annotations.end() ? "" : "selected-node=" + sel->second,
                                        "phase=" + c->status.phase};
    }
    Cleanup(ns, s);
    return out;
  }

 private:
  void Post(const ResourceRef& ref, const std::string& json) {
    auto r = rest_->SendJson("POST", ref, "application/json", json);
    EXPECT_TRUE(r.ok()) << ref.resource << ": " << r.error().message() << "\n" << json;
  }

  static ResourceRef VolumeRef(const std::string& kind, const std::string& ns) {
    if (kind == "StorageClass") return ResourceRef{"storage.k8s.io", "v1", "storageclasses", "", "", ""};
    if (kind == "CSIDriver") return ResourceRef{"storage.k8s.io", "v1", "csidrivers", "", "", ""};
    if (kind == "CSINode") return ResourceRef{"storage.k8s.io", "v1", "csinodes", "", "", ""};
    if (kind == "PersistentVolume") return ResourceRef{"", "v1", "persistentvolumes", "", "", ""};
    if (kind == "CSIStorageCapacity") return ResourceRef{"storage.k8s.io", "v1", "csistoragecapacities", ns, "", ""};
    return ResourceRef{"", "v1", "persistentvolumeclaims", ns, "", ""};
  }

  // POSTs the object ("__NS__" -> ns), then writes a PV's / PVC's status.phase.
  void CreateVolumeObject(const ScenarioObject& v, const std::string& ns) {
    std::string json = v.json;
    for (size_t at; (at = json.find("__NS__")) != std::string::npos;) json.replace(at, 6, ns);
    ResourceRef ref = VolumeRef(v.kind, ns);
    Post(ref, json);
    std::string phase;
    if (v.kind == "PersistentVolume") {
      phase = Decode<api::core::v1::PersistentVolume>(json).status.phase;
    } else if (v.kind == "PersistentVolumeClaim") {
      phase = Decode<api::core::v1::PersistentVolumeClaim>(json).status.phase;
    }
    if (phase.empty()) return;
    ref.name = v.name;
    ref.subresource = "status";
    auto r = rest_->SendJson("PATCH", ref, "application/merge-patch+json",
                             R"({"status":{"phase":")" + phase + "\"}}");
    EXPECT_TRUE(r.ok()) << v.name << ": " << r.error().message();
  }

  template <typename T>
  static T Decode(const std::string& json) {
    T obj;
    codec::JsonReader r(json);
    EXPECT_TRUE(ReadJson(r, obj)) << json;
    return obj;
  }

  // Updates *o from the pod; true once it is resolved (bound, or PodScheduled=False).
  bool Observe(client::TypedClient<Pod>& pods, const std::string& name, PodOutcome* o) {
    auto p = pods.Get(name);
    if (!p.ok()) return false;
    o->node = p->spec.node_name;
    o->last_message.clear();
    for (const auto& c : p->status.conditions) {
      if (c.type == "PodScheduled" && c.status == "False") {
        o->last_message = c.message;
        if (o->first_message.empty()) o->first_message = c.message;
      }
    }
    return !o->node.empty() || !o->last_message.empty();
  }

  // A pod only the last node of the scenario can take: once it is bound, the scheduler's
  // cache has seen every node created before it (one watch stream, in order).
  void Probe(const std::string& node, const std::string& ns) {
    Post(ResourceRef{"", "v1", "pods", ns, "", ""},
         R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"probe"},"spec":{"automountServiceAccountToken":false,)"
         R"("nodeSelector":{"kubernetes.io/hostname":")" + node +
             R"("},"tolerations":[{"operator":"Exists"}],"containers":[{"name":"c","image":"registry.k8s.io/pause:3.10"}]}})");
    client::TypedClient<Pod> pods(rest_.get(), ns);
    EXPECT_TRUE(WaitUntil([&] {
      auto p = pods.Get("probe");
      return p.ok() && !p->spec.node_name.empty();
    }, std::chrono::seconds(30))) << "probe pod not bound; log:\n" << Slurp(log_);
    client::DeleteOptions d;
    d.grace_period_seconds = 0;
    (void)pods.Delete("probe", d);
    EXPECT_TRUE(WaitUntil([&] { return !pods.Get("probe").ok(); }, std::chrono::seconds(10)));
  }

  void Cleanup(const std::string& ns, const Scenario& s) {
    client::DeleteOptions d;
    d.grace_period_seconds = 0;
    ResourceRef pods{"", "v1", "pods", ns, "", ""};
    ResourceRef nodes{"", "v1", "nodes", "", "", ""};
    (void)rest_->DeleteCollection(pods, d, {});
    EXPECT_TRUE(WaitUntil([&] {
      auto l = rest_->List(pods);
      return l.ok() && l->items.empty();
    }, std::chrono::seconds(20)));
    // Claims, then cluster-scoped volume objects (after the pods: a binder may still write).
    (void)rest_->DeleteCollection(VolumeRef("PersistentVolumeClaim", ns), d, {});
    for (const ScenarioObject& v : s.volumes) {
      if (v.kind == "PersistentVolumeClaim") continue;
      ResourceRef ref = VolumeRef(v.kind, ns);
      (void)rest_->DeleteCollection(ref, d, {});
      EXPECT_TRUE(WaitUntil([&] {
        auto l = rest_->List(ref);
        return l.ok() && l->items.empty();
      }, std::chrono::seconds(20))) << v.kind << " " << v.name << " not deleted";
    }
    (void)rest_->DeleteCollection(nodes, d, {});
    EXPECT_TRUE(WaitUntil([&] {
      auto l = rest_->List(nodes);
      return l.ok() && l->items.empty();
    }, std::chrono::seconds(20)));
  }

  std::string dir_;
  std::unique_ptr<RestClient> rest_;
  std::string config_;
  pid_t pid_ = -1;
  int starts_ = 0;
  std::string log_;
};

std::vector<Scenario> LoadScenarios() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(KUBECXX_EQUIVALENCE_DIR)) {
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Scenario> out;
  for (const fs::path& f : files) {
    auto s = ParseScenario(Slurp(f.string()), f.stem().string());
    EXPECT_TRUE(s.ok()) << s.status().message();
    if (s.ok()) out.push_back(std::move(s).value());
  }
  return out;
}

TEST(SchedulerEquivalenceTest, StockAndOursPlaceTheSame) {
  std::string missing = client::testing::MissingStockBinaries();
  if (!missing.empty()) GTEST_SKIP() << missing;
  const std::string stock_bin = client::testing::StockBinDir() + "/kube-scheduler";
  if (!fs::exists(stock_bin)) GTEST_SKIP() << "no stock kube-scheduler at " << stock_bin;
  std::vector<Scenario> scenarios = LoadScenarios();
  ASSERT_FALSE(scenarios.empty());
  // Without TaintNodesByCondition the Node objects are not tainted not-ready on creation
  // (no node lifecycle controller runs here to lift the taint).
  client::testing::StockApiServerOptions opts;
  // Without StorageObjectInUseProtection PVs and PVCs carry no protection finalizers
  // (no controller removes them here), so cleanup can delete them.
  opts.extra_args = {"--disable-admission-plugins=TaintNodesByCondition,StorageObjectInUseProtection"};
  auto srv = StockApiServer::Start(opts);
  ASSERT_TRUE(srv.ok()) << srv.status().message();
  std::unique_ptr<StockApiServer> api = std::move(srv).value();
  const std::string dir = api->dir() + "/equivalence";
  fs::create_directories(dir);

  // The PV controller (stock kube-controller-manager, PV binder only), for the whole run.
  const std::string kcm_bin = client::testing::StockBinDir() + "/kube-controller-manager";
  const bool have_kcm = fs::exists(kcm_bin);
  pid_t kcm = -1;
  if (have_kcm) {
    kcm = kubecxx::testing::SpawnProcess({kcm_bin, "--kubeconfig=" + api->admin_kubeconfig(), "--leader-elect=false",
                                          "--controllers=persistentvolume-binder-controller", "--secure-port=0"},
                                         dir + "/kube-controller-manager.log");
  }
  std::vector<Scenario> skipped;
  std::erase_if(scenarios, [&](const Scenario& s) {
    if (!s.pv_controller || have_kcm) return false;
    skipped.push_back(s);
    return true;
  });
  for (const Scenario& s : skipped) {
    std::printf("scenario %-28s skipped (no stock kube-controller-manager at %s)\n", s.name.c_str(), kcm_bin.c_str());
  }
  std::vector<Outcome> stock, ours;
  {
    Runner r(api.get(), dir);
    for (size_t i = 0; i < scenarios.size(); ++i) stock.push_back(r.Run(scenarios[i], stock_bin, "stock", i));
    r.StopScheduler();
    for (size_t i = 0; i < scenarios.size(); ++i) {
      ours.push_back(r.Run(scenarios[i], KUBECXX_SCHEDULER_BINARY, "ours", i));
    }
  }

  if (kcm > 0) {
    kill(kcm, SIGTERM);
    waitpid(kcm, nullptr, 0);
  }
  int identical = 0, tie = 0, different = 0;
  for (size_t i = 0; i < scenarios.size(); ++i) {
    const Scenario& s = scenarios[i];
    for (const auto& [pod, node] : s.expect) {
      EXPECT_EQ(stock[i][pod].node, node) << s.name << ": the stock scheduler placed " << pod
                                          << " elsewhere than the scenario expects";
    }
    std::vector<std::string> diffs;
    bool only_ties = true;
    std::vector<ScenarioObject> compared = s.pods;
    for (const ScenarioObject& v : s.volumes) {
      if (v.kind == "PersistentVolumeClaim") compared.push_back(ScenarioObject{v.kind, "pvc/" + v.name, ""});
    }
    for (const ScenarioObject& p : compared) {
      const PodOutcome& a = stock[i][p.name];
      const PodOutcome& b = ours[i][p.name];
      if (a == b) continue;
      auto t = s.ties.find(p.name);
      const bool tie_ok = s.compare == "tie" && t != s.ties.end() && t->second.contains(a.node) &&
                          t->second.contains(b.node) && a.first_message == b.first_message &&
                          a.last_message == b.last_message;
      if (!tie_ok) only_ties = false;
      diffs.push_back(p.name + ": stock " + Describe(a) + " | ours " + Describe(b));
    }
    std::string verdict;
    if (diffs.empty()) {
      verdict = "identical";
      ++identical;
    } else if (only_ties) {
      verdict = "tie-equivalent";
      ++tie;
    } else {
      verdict = "different";
      ++different;
    }
    std::printf("scenario %-28s %s\n", s.name.c_str(), verdict.c_str());
    for (const std::string& d : diffs) std::printf("    %s\n", d.c_str());
    if (diffs.empty()) {
      for (const ScenarioObject& p : compared) {
        std::printf("    %s: %s\n", p.name.c_str(), Describe(stock[i][p.name]).c_str());
      }
    }
    if (verdict == "different") {
      if (s.known_difference.empty()) {
        ADD_FAILURE() << s.name << " differs between stock and ours (not a known difference)";
      } else {
        std::printf("    known difference: %s\n", s.known_difference.c_str());
      }
    } else if (!s.known_difference.empty()) {
      ADD_FAILURE() << s.name << " names a known difference but is " << verdict
                    << ": remove known_difference (and its line in docs/compatibility.md)";
    }
  }
  std::printf("equivalence: %d identical, %d tie-equivalent, %d different\n", identical, tie, different);
  std::fflush(stdout);
}

}  // namespace
}  // namespace kubecxx::scheduler::equivalence
