// The decisive proof for lib/storage: a STOCK kube-apiserver v1.37 and lib/storage on ONE
// stock etcd. Objects created through stock kubectl decode through lib/storage to exactly
// what kubectl shows (content and resourceVersion); objects written by lib/storage are served
// by the stock apiserver; a GuaranteedUpdate racing a stock update retries onto it; both
// compactors drive the same compact_rev_key. Skips when the stock binaries are missing.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "kubecxx/api/core/v1/types.h"
#include "lib/client/testing/stock_apiserver.h"
#include "lib/etcd/testing/stock_etcd.h"
#include "lib/model/wire.h"
#include "lib/storage/compactor.h"
#include "lib/storage/etcd_store.h"
#include "lib/storage/resource_prefixes.h"

namespace kubecxx::storage {
namespace {

using std::chrono::seconds;
using api::core::v1::ConfigMap;

class SharedEtcdTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string missing = client::testing::MissingStockBinaries();
    if (missing.empty()) missing = etcd::testing::MissingStockEtcd();
    if (!missing.empty()) {
      skip_ = "SKIPPED: " + missing;
      return;
    }
    auto e = etcd::testing::StockEtcd::Start();
    ASSERT_TRUE(e.ok()) << e.status().message();
    etcd_ = e->release();
    auto a = client::testing::StockApiServer::Start(
        {.etcd_servers = etcd_->endpoint(), .extra_args = {"--etcd-compaction-interval=2s"}});
    ASSERT_TRUE(a.ok()) << a.status().message();
    apiserver_ = a->release();
    auto c = etcd::Client::Create({.endpoints = {etcd_->endpoint()}});
    ASSERT_TRUE(c.ok());
    client_ = c->release();
    leases_ = new LeaseManager(client_);
  }
  static void TearDownTestSuite() {
    delete leases_;
    delete client_;
    delete apiserver_;
    delete etcd_;
  }
  void SetUp() override {
    if (!skip_.empty()) GTEST_SKIP() << skip_;
    ASSERT_NE(apiserver_, nullptr);
  }

  static std::unique_ptr<EtcdStore> StoreFor(std::string_view group, std::string_view resource) {
    const ResourcePrefix* p = FindResourcePrefix(group, resource);
    EXPECT_NE(p, nullptr);
    auto s = EtcdStore::Create(client_, leases_,
                               {.path_prefix = "/registry",
                                .resource_prefix = "/" + std::string(p->etcd_prefix),
                                .storage_kind = codec::FindKind(p->storage_group, p->storage_version,
                                                                p->storage_kind),
                                .json = false});
    EXPECT_TRUE(s.ok());
    return std::move(*s);
  }

  // The stock apiserver's own JSON (compact, as served), for exact comparisons: kubectl's
  // -o json re-indents raw fields such as managedFields' fieldsV1.
  static StatusOr<codec::Object> StockRaw(const std::string& path) {
    auto out = apiserver_->Kubectl({"get", "--raw", path});
    if (!out.ok()) return out.status();
    return codec::DecodeObject(*out);
  }

  static StatusOr<codec::Object> KubectlGet(const std::vector<std::string>& what) {
    std::vector<std::string> args = {"get"};
    args.insert(args.end(), what.begin(), what.end());
    args.push_back("-o");
    args.push_back("json");
    auto out = apiserver_->Kubectl(args);
    if (!out.ok()) return out.status();
    return codec::DecodeObject(*out);
  }

  static void ExpectSame(const codec::Object& ours, const codec::Object& stock) {
    EXPECT_EQ(ours.info(), stock.info());
    EXPECT_TRUE(ours == stock) << "lib/storage: " << codec::EncodeJson(ours)
                               << "\nkubectl:     " << codec::EncodeJson(stock);
  }

  static inline std::string skip_;
  static inline etcd::testing::StockEtcd* etcd_ = nullptr;
  static inline client::testing::StockApiServer* apiserver_ = nullptr;
  static inline etcd::Client* client_ = nullptr;
  static inline LeaseManager* leases_ = nullptr;
};

TEST_F(SharedEtcdTest, StockWritesReadIdenticallyByLibStorage) {
  auto cms = StoreFor("", "configmaps");
  auto w = cms->Watch("/configmaps/default", {.resource_version = "", .recursive = true});
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE(apiserver_->Kubectl({"create", "configmap", "stock-cm", "-n", "default",
                                   "--from-literal=k=v", "--from-literal=empty="}).ok());
  ASSERT_TRUE(apiserver_->Kubectl({"create", "deployment", "web", "-n", "default",
                                   "--image=registry.k8s.io/pause:3.10", "--replicas=2"}).ok());
  ASSERT_TRUE(apiserver_->Kubectl({"create", "namespace", "team-a"}).ok());

  auto stock_cm = StockRaw("/api/v1/namespaces/default/configmaps/stock-cm");
  ASSERT_TRUE(stock_cm.ok()) << stock_cm.status().message();
  auto ours_cm = cms->Get("/configmaps/default/stock-cm", {});
  ASSERT_TRUE(ours_cm.ok()) << ours_cm.status().message();
  ExpectSame(*ours_cm, *stock_cm);

  auto stock_dep = StockRaw("/apis/apps/v1/namespaces/default/deployments/web");
  ASSERT_TRUE(stock_dep.ok());
  auto ours_dep = StoreFor("apps", "deployments")->Get("/deployments/default/web", {});
  ASSERT_TRUE(ours_dep.ok()) << ours_dep.status().message();
  // The deployment controller is not running, so nothing changes it after creation.
  ExpectSame(*ours_dep, *stock_dep);

  auto stock_ns = StockRaw("/api/v1/namespaces/team-a");
  ASSERT_TRUE(stock_ns.ok());
  auto ours_ns = StoreFor("", "namespaces")->Get("/namespaces/team-a", {});
  ASSERT_TRUE(ours_ns.ok());
  ExpectSame(*ours_ns, *stock_ns);

  // The stock apiserver's own writes are there too, in the irregular paths.
  auto svc = StoreFor("", "services")->Get("/services/specs/default/kubernetes", {});
  ASSERT_TRUE(svc.ok()) << svc.status().message();
  auto stock_svc = StockRaw("/api/v1/namespaces/default/services/kubernetes");
  ASSERT_TRUE(stock_svc.ok());
  ExpectSame(*svc, *stock_svc);

  // Our watch saw kubectl's create, with the same resourceVersion.
  bool seen = false;
  for (int i = 0; i < 20 && !seen; ++i) {
    auto e = (*w)->Next(seconds(10));
    ASSERT_TRUE(e.ok() && e->has_value());
    if ((*e)->object.meta()->name == "stock-cm") {
      EXPECT_EQ((*e)->type, WatchEvent::Type::kAdded);
      ExpectSame((*e)->object, *stock_cm);
      seen = true;
    }
  }
  EXPECT_TRUE(seen);
}

TEST_F(SharedEtcdTest, LibStorageWritesServedByStock) {
  auto cms = StoreFor("", "configmaps");
  codec::Object cm(codec::FindKind("", "v1", "ConfigMap"));
  cm.meta()->name = "ours-cm";
  cm.meta()->namespace_ = "default";
  cm.meta()->uid = "0b7a3d2e-1111-4c4c-9a9a-123456789abc";
  cm.meta()->creation_timestamp = api::Time{1767225600};
  cm.meta()->labels = {{"made-by", "kubecxx"}};
  cm.As<ConfigMap>()->data = {{"hello", "world"}};
  auto created = cms->Create("/configmaps/default/ours-cm", std::move(cm));
  ASSERT_TRUE(created.ok()) << created.status().message();
  auto stock = KubectlGet({"configmap", "ours-cm", "-n", "default"});
  ASSERT_TRUE(stock.ok()) << stock.status().message();
  ExpectSame(*created, *stock);

  // A cluster-scoped object on an irregular path: nodes live under /registry/minions.
  auto nodes = StoreFor("", "nodes");
  codec::Object node(codec::FindKind("", "v1", "Node"));
  node.meta()->name = "ours-node";
  node.meta()->uid = "7e0c2a55-2222-4d4d-8b8b-abcdefabcdef";
  node.meta()->creation_timestamp = api::Time{1767225600};
  auto created_node = nodes->Create("/minions/ours-node", std::move(node));
  ASSERT_TRUE(created_node.ok()) << created_node.status().message();
  auto stock_node = StockRaw("/api/v1/nodes/ours-node");
  ASSERT_TRUE(stock_node.ok()) << stock_node.status().message();
  ExpectSame(*created_node, *stock_node);

  // Deleted through lib/storage: gone for the stock apiserver too.
  ASSERT_TRUE(cms->Delete("/configmaps/default/ours-cm").ok());
  auto gone = apiserver_->Kubectl({"get", "configmap", "ours-cm", "-n", "default"});
  ASSERT_FALSE(gone.ok());
  EXPECT_NE(gone.status().message().find("NotFound"), std::string::npos) << gone.status().message();
}

TEST_F(SharedEtcdTest, GuaranteedUpdateRacingStockUpdateRetries) {
  ASSERT_TRUE(apiserver_->Kubectl({"create", "configmap", "race", "-n", "default",
                                   "--from-literal=k=0"}).ok());
  auto cms = StoreFor("", "configmaps");
  int calls = 0;
  auto updated = cms->GuaranteedUpdate(
      "/configmaps/default/race", false, {}, [&](codec::Object cur) -> StatusOr<UpdateResult> {
        if (++calls == 1) {
          // Stock writes between our read and our write: our Txn must fail and retry.
          EXPECT_TRUE(apiserver_->Kubectl({"label", "configmap", "race", "-n", "default",
                                           "by=stock"}).ok());
        }
        cur.As<ConfigMap>()->data["k"] = "ours";
        return UpdateResult{std::move(cur), std::nullopt};
      });
  ASSERT_TRUE(updated.ok()) << updated.status().message();
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(updated->meta()->labels.at("by"), "stock");  // retried on stock's version
  auto stock = StockRaw("/api/v1/namespaces/default/configmaps/race");
  ASSERT_TRUE(stock.ok());
  ExpectSame(*updated, *stock);

  // And the other way: a stock update with our stale resourceVersion is refused by stock.
  auto conflict = apiserver_->Kubectl(
      {"patch", "configmap", "race", "-n", "default", "--type=merge", "-p",
       R"({"metadata":{"resourceVersion":"2"},"data":{"k":"stale"}})"});
  ASSERT_FALSE(conflict.ok());
  EXPECT_NE(conflict.status().message().find("the object has been modified"), std::string::npos)
      << conflict.status().message();
}

TEST_F(SharedEtcdTest, CompactorsAgreeOnCompactRevKey) {
  // The stock apiserver compacts every 2 s; ours joins with 1 s. Both CAS on the key's
  // version, so it only ever moves forward by one per successful tick, and neither logs
  // a failure.
  Compactor ours(client_, std::chrono::seconds(1));
  ours.Start();
  auto cms = StoreFor("", "configmaps");
  int64_t last_version = 0;
  auto deadline = std::chrono::steady_clock::now() + seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    // Writes give compaction something to do; each is a round trip (no sleeping).
    ASSERT_TRUE(apiserver_->Kubectl({"annotate", "--overwrite", "namespace", "default",
                                     "tick=" + std::to_string(last_version)}).ok());
    auto key = client_->Range(std::string(kCompactRevKey));
    ASSERT_TRUE(key.ok());
    if (key->kvs.empty()) continue;
    EXPECT_GE(key->kvs[0].version, last_version);
    last_version = key->kvs[0].version;
    if (last_version >= 6 && ours.CompactRevision() > 0) break;
  }
  ours.Stop();
  ASSERT_GE(last_version, 6) << "compact_rev_key did not advance";
  EXPECT_GT(ours.CompactRevision(), 0);
  auto key = client_->Range(std::string(kCompactRevKey));
  ASSERT_TRUE(key.ok());
  int64_t recorded = std::stoll(key->kvs.at(0).value);
  // Everything before the recorded revision is gone (someone compacted to it or beyond).
  auto old = client_->Range("/registry/namespaces/default", {.revision = recorded - 1});
  EXPECT_TRUE(etcd::IsCompacted(old.status())) << old.status().message();
  // The stock apiserver is still serving and never failed a compaction.
  EXPECT_TRUE(apiserver_->Kubectl({"get", "namespace", "default"}).ok());
  std::ifstream log(apiserver_->dir() + "/kube-apiserver.log");
  std::stringstream text;
  text << log.rdbuf();
  EXPECT_EQ(text.str().find("compact failed"), std::string::npos);
}

}  // namespace
}  // namespace kubecxx::storage
