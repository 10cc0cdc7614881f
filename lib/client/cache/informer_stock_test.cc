// Informers against a STOCK etcd + kube-apiserver (lib/client/testing/stock_apiserver.h):
// 10,000 pods from 8 concurrent writers seen exactly once each, WatchList actually used
// (the server's own watch-list metric), a metadata-only informer, and an informer that
// survives a kube-apiserver restart. Skips with the reason when the binaries are missing.
#include <atomic>
#include <condition_variable>
#include <map>
#include <sstream>
#include <chrono>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_set>

#include <gtest/gtest.h>

#include "kubecxx/api/core/v1/types.h"
#include "kubecxx/api/meta/v1/types.h"
#include "lib/client/cache/informer_factory.h"
#include "lib/client/client_config.h"
#include "lib/client/rest_client.h"
#include "lib/client/testing/stock_apiserver.h"

namespace kubecxx::client::cache {
namespace {

using Pod = api::core::v1::Pod;
using std::chrono::seconds;

// Counts what a handler saw, by key.
class Counter final : public EventHandler {
 public:
  void OnAdd(const ObjectPtr& obj, bool) override {
    std::lock_guard l(mu_);
    ++adds_;
    keys_.insert(*MetaNamespaceKey(*obj));
    last_kind_ = obj->info() ? std::string(obj->info()->kind) : "";
    cv_.notify_all();
  }
  void OnUpdate(const ObjectPtr&, const ObjectPtr&) override {
    std::lock_guard l(mu_);
    ++updates_;
  }
  void OnDelete(const DeletedObject& d) override {
    std::lock_guard l(mu_);
    ++deletes_;
    deleted_.insert(d.final_state_unknown ? d.key : *MetaNamespaceKey(*d.object));
    cv_.notify_all();
  }
  bool WaitForKeys(size_t n, std::chrono::seconds timeout) {
    std::unique_lock l(mu_);
    return cv_.wait_for(l, timeout, [&] { return keys_.size() >= n; });
  }
  bool WaitForDeleted(const std::string& key, std::chrono::seconds timeout) {
    std::unique_lock l(mu_);
    return cv_.wait_for(l, timeout, [&] { return deleted_.count(key) > 0; });
  }
  int64_t adds() {
    std::lock_guard l(mu_);
    return adds_;
  }
  int64_t deletes() {
    std::lock_guard l(mu_);
    return deletes_;
  }
  size_t unique_keys() {
    std::lock_guard l(mu_);
    return keys_.size();
  }
  std::string last_kind() {
    std::lock_guard l(mu_);
    return last_kind_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int64_t adds_ = 0, updates_ = 0, deletes_ = 0;
  std::unordered_set<std::string> keys_;
  std::set<std::string> deleted_;
  std::string last_kind_;
};

Pod MakePod(const std::string& ns, const std::string& name) {
  Pod p;
  p.object_meta.namespace_ = ns;
  p.object_meta.name = name;
  api::core::v1::Container c;
  c.name = "c";
  c.image = "registry.k8s.io/pause:3.10";
  p.spec.containers.push_back(c);
  return p;
}

class InformerStockTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    skip_ = new std::string(client::testing::MissingStockBinaries());
    if (!skip_->empty()) return;
    auto server = client::testing::StockApiServer::Start();
    if (!server.ok()) {
      error_ = new std::string(server.status().message());
      return;
    }
    server_ = server->release();
    LoadingRules rules;
    rules.explicit_path = server_->admin_kubeconfig();
    StatusOr<ClientConfig> config = LoadClientConfig(rules, {});
    if (!config.ok()) {
      error_ = new std::string(config.status().message());
      return;
    }
    RestConfig rc = config->rest;
    rc.qps = -1;
    rc.content_type = "application/vnd.kubernetes.protobuf";
    rest_ = RestClient::New(rc)->release();
  }
  static void TearDownTestSuite() {
    delete rest_;
    delete server_;
    rest_ = nullptr;
    server_ = nullptr;
  }
  void SetUp() override {
    if (skip_ && !skip_->empty()) GTEST_SKIP() << "SKIPPED: " << *skip_;
    ASSERT_EQ(error_, nullptr) << *error_;
  }

  // A namespace with the "default" ServiceAccount pods need (no controller-manager runs).
  static void MakeNamespace(const std::string& ns) {
    ResourceRef nsr{"", "v1", "namespaces", "", "", ""};
    ASSERT_TRUE(rest_->SendJson("POST", nsr, "application/json",
                                R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":")" +
                                    ns + "\"}}")
                    .ok());
    ResourceRef sa{"", "v1", "serviceaccounts", ns, "", ""};
    ASSERT_TRUE(rest_->SendJson("POST", sa, "application/json",
                                R"({"apiVersion":"v1","kind":"ServiceAccount",)"
                                R"("metadata":{"name":"default"}})")
                    .ok());
  }

  static const codec::ResourceInfo& Pods() { return *codec::FindResource("", "v1", "pods"); }

  // Every pod in ns as the server lists it: key -> resourceVersion.
  static std::map<std::string, std::string> ServerState(const std::string& ns) {
    std::map<std::string, std::string> out;
    ApiResult<ObjectList> list = rest_->List(ResourceRef::For(Pods(), ns), {});
    EXPECT_TRUE(list.ok());
    if (!list.ok()) return out;
    for (const codec::Object& o : list->items) {
      out[*MetaNamespaceKey(o)] = o.meta()->resource_version;
    }
    return out;
  }
  static std::map<std::string, std::string> CacheState(const SharedIndexInformer& inf) {
    std::map<std::string, std::string> out;
    for (const ObjectPtr& o : inf.indexer().List()) {
      out[*MetaNamespaceKey(*o)] = o->meta()->resource_version;
    }
    return out;
  }

  static inline client::testing::StockApiServer* server_ = nullptr;
  static inline RestClient* rest_ = nullptr;
  static inline std::string* skip_ = nullptr;
  static inline std::string* error_ = nullptr;
};

TEST_F(InformerStockTest, TenThousandPodsFromEightWritersSeenExactlyOnce) {
  const std::string ns = "informer-10k";
  MakeNamespace(ns);
  InformerFactoryOptions fo;
  fo.namespace_ = ns;
  SharedInformerFactory factory(rest_, fo);
  StatusOr<SharedIndexInformer*> inf = factory.InformerFor(Pods());
  ASSERT_TRUE(inf.ok());
  // A second user of the same resource shares the informer.
  EXPECT_EQ(*factory.InformerFor(Pods()), *inf);
  auto counter = std::make_shared<Counter>();
  ASSERT_TRUE((*inf)->AddEventHandler(counter).ok());
  factory.Start();
  ASSERT_TRUE(factory.WaitForCacheSync(std::chrono::milliseconds(30000)));

  constexpr int kWriters = 8;
  constexpr int kPerWriter = 1250;
  auto start = std::chrono::steady_clock::now();
  std::atomic<int> failures{0};
  std::string first_error;
  std::mutex err_mu;
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      TypedClient<Pod> pods(rest_, ns);
      for (int i = 0; i < kPerWriter; ++i) {
        ApiResult<Pod> r = pods.Create(MakePod(ns, "w" + std::to_string(w) + "-" + std::to_string(i)));
        if (!r.ok()) {
          if (failures++ == 0) {
            std::lock_guard l(err_mu);
            first_error = r.error().message();
          }
        }
      }
    });
  }
  for (auto& t : writers) t.join();
  auto created = std::chrono::steady_clock::now();
  ASSERT_EQ(failures.load(), 0) << first_error;
  ASSERT_TRUE(counter->WaitForKeys(kWriters * kPerWriter, seconds(60)))
      << counter->unique_keys() << " keys seen";
  auto seen = std::chrono::steady_clock::now();
  using ms = std::chrono::milliseconds;
  std::cout << "[informer] 10000 creates by 8 writers in "
            << std::chrono::duration_cast<ms>(created - start).count()
            << " ms; last ADD seen after "
            << std::chrono::duration_cast<ms>(seen - start).count() << " ms\n";

  EXPECT_EQ(counter->adds(), kWriters * kPerWriter);  // no duplicate ADD
  EXPECT_EQ(counter->unique_keys(), size_t{kWriters * kPerWriter});
  EXPECT_EQ(counter->deletes(), 0);
  // The cache holds exactly what the server holds, at the same resourceVersions.
  auto server_state = ServerState(ns);
  ASSERT_EQ(server_state.size(), size_t{kWriters * kPerWriter});
  EXPECT_TRUE(server_state == CacheState(**inf));
  EXPECT_EQ((*inf)->indexer().ByIndex(kNamespaceIndex, ns)->size(), server_state.size());

  // WatchList was used: our reflector synced through it, and the server recorded a
  // watch-list request for pods.
  EXPECT_TRUE((*inf)->reflector().using_watch_list());
  EXPECT_EQ((*inf)->reflector().watch_list_syncs(), 1);
  EXPECT_EQ((*inf)->reflector().list_syncs(), 0);
  StatusOr<std::string> metrics = server_->Kubectl({"get", "--raw", "/metrics"});
  ASSERT_TRUE(metrics.ok()) << metrics.status().message();
  bool found = false;
  std::istringstream lines(*metrics);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("apiserver_watch_list_duration_seconds_count{", 0) == 0 &&
        line.find("resource=\"pods\"") != std::string::npos) {
      found = true;
      std::cout << "[informer] server metric: " << line << "\n";
    }
  }
  EXPECT_TRUE(found) << "no apiserver_watch_list_duration_seconds_count for pods";
}

TEST_F(InformerStockTest, MetadataOnlyInformerListsAndWatchesPartialObjectMetadata) {
  const std::string ns = "informer-meta";
  MakeNamespace(ns);
  TypedClient<Pod> pods(rest_, ns);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(pods.Create(MakePod(ns, "m" + std::to_string(i))).ok());
  for (bool watch_list : {true, false}) {
    SCOPED_TRACE(watch_list ? "WatchList" : "LIST+WATCH");
    InformerFactoryOptions fo;
    fo.namespace_ = ns;
    fo.reflector.use_watch_list = watch_list;
    SharedInformerFactory factory(rest_, fo);
    StatusOr<SharedIndexInformer*> inf = factory.InformerFor(Pods(), /*metadata_only=*/true);
    ASSERT_TRUE(inf.ok());
    EXPECT_NE(*factory.InformerFor(Pods()), *inf);  // full objects are another informer
    auto counter = std::make_shared<Counter>();
    ASSERT_TRUE((*inf)->AddEventHandler(counter).ok());
    factory.Start();
    ASSERT_TRUE(factory.WaitForCacheSync(std::chrono::milliseconds(30000)));
    ASSERT_TRUE(counter->WaitForKeys(3, seconds(10)));
    EXPECT_EQ(counter->last_kind(), "PartialObjectMetadata");
    EXPECT_EQ((*inf)->reflector().watch_list_syncs(), watch_list ? 1 : 0);
    std::string name = std::string("late-") + (watch_list ? "wl" : "lw");
    ASSERT_TRUE(pods.Create(MakePod(ns, name)).ok());
    ASSERT_TRUE(counter->WaitForKeys(4, seconds(10)));
    ObjectPtr got = (*inf)->indexer().Get(ns + "/" + name);
    ASSERT_NE(got, nullptr);
    EXPECT_EQ(got->info()->kind, "PartialObjectMetadata");
    EXPECT_FALSE(got->meta()->uid.empty());
    ASSERT_TRUE(pods.Delete(name).ok());
    ASSERT_TRUE(counter->WaitForDeleted(ns + "/" + name, seconds(10)));
  }
}

// Last: it restarts the shared kube-apiserver.
TEST_F(InformerStockTest, SurvivesAnApiServerRestart) {
  const std::string ns = "informer-restart";
  MakeNamespace(ns);
  TypedClient<Pod> pods(rest_, ns);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(pods.Create(MakePod(ns, "before-" + std::to_string(i))).ok());
  InformerFactoryOptions fo;
  fo.namespace_ = ns;
  SharedInformerFactory factory(rest_, fo);
  SharedIndexInformer* inf = *factory.InformerFor(Pods());
  auto counter = std::make_shared<Counter>();
  ASSERT_TRUE(inf->AddEventHandler(counter).ok());
  factory.Start();
  ASSERT_TRUE(factory.WaitForCacheSync(std::chrono::milliseconds(30000)));
  ASSERT_TRUE(counter->WaitForKeys(5, seconds(10)));

  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(server_->RestartApiServer().ok());
  std::cout << "[informer] kube-apiserver restarted in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - start).count()
            << " ms\n";
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(pods.Create(MakePod(ns, "after-" + std::to_string(i))).ok());
  ASSERT_TRUE(pods.Delete("before-0").ok());
  ASSERT_TRUE(counter->WaitForKeys(10, seconds(90))) << counter->unique_keys();
  ASSERT_TRUE(counter->WaitForDeleted(ns + "/before-0", seconds(30)));
  std::cout << "[informer] caught up " << std::chrono::duration_cast<std::chrono::milliseconds>(
                                              std::chrono::steady_clock::now() - start).count()
            << " ms after the restart began\n";
  EXPECT_EQ(counter->adds(), 10);  // nothing added twice across the reconnect or a relist
  // The cache converges on the server's state.
  auto deadline = std::chrono::steady_clock::now() + seconds(30);
  while (ServerState(ns) != CacheState(*inf) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(ServerState(ns) == CacheState(*inf));
}

}  // namespace
}  // namespace kubecxx::client::cache
