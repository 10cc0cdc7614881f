// lib/storage against a STOCK etcd 3.7: the stored bytes and keys, create/get/delete with
// preconditions, lists with limit/continue and resourceVersion semantics, compaction errors,
// GuaranteedUpdate under a racing writer, watches, TTL leases and the compactor protocol.
#include <gtest/gtest.h>

#include "kubecxx/api/core/v1/types.h"
#include "lib/etcd/testing/stock_etcd.h"
#include "lib/model/wire.h"
#include "lib/storage/compactor.h"
#include "lib/storage/etcd_store.h"
#include "lib/storage/resource_prefixes.h"

namespace kubecxx::storage {
namespace {

using std::chrono::seconds;
using api::core::v1::ConfigMap;

class EtcdStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string missing = etcd::testing::MissingStockEtcd();
    if (!missing.empty()) GTEST_SKIP() << "SKIPPED: " << missing;
    auto e = etcd::testing::StockEtcd::Start();
    ASSERT_TRUE(e.ok()) << e.status().message();
    etcd_ = std::move(*e);
    auto c = etcd::Client::Create({.endpoints = {etcd_->endpoint()}});
    ASSERT_TRUE(c.ok());
    client_ = std::move(*c);
    ASSERT_TRUE(client_->WaitUntilReady(seconds(10)).ok());
    leases_ = std::make_unique<LeaseManager>(client_.get());
    kind_ = codec::FindKind("", "v1", "ConfigMap");
    auto s = EtcdStore::Create(client_.get(), leases_.get(),
                               {.path_prefix = "/registry", .resource_prefix = "/configmaps",
                                .storage_kind = kind_, .json = false});
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
  }

  codec::Object ConfigMapObject(const std::string& ns, const std::string& name,
                                const std::string& value) {
    codec::Object o(kind_);
    o.meta()->name = name;
    o.meta()->namespace_ = ns;
    o.meta()->uid = "uid-" + name;
    o.As<ConfigMap>()->data["k"] = value;
    return o;
  }

  std::string Value(const codec::Object& o) { return o.As<ConfigMap>()->data.at("k"); }

  std::unique_ptr<etcd::testing::StockEtcd> etcd_;
  std::unique_ptr<etcd::Client> client_;
  std::unique_ptr<LeaseManager> leases_;
  const codec::KindInfo* kind_ = nullptr;
  std::unique_ptr<EtcdStore> store_;
};

TEST_F(EtcdStoreTest, CreateGetDeleteAsStockStores) {
  auto created = store_->Create("/configmaps/default/a", ConfigMapObject("default", "a", "1"));
  ASSERT_TRUE(created.ok()) << created.status().message();
  // The raw etcd value: envelope v1/ConfigMap, no resourceVersion inside.
  auto raw = client_->Range("/registry/configmaps/default/a");
  ASSERT_TRUE(raw.ok());
  ASSERT_EQ(raw->kvs.size(), 1u);
  EXPECT_TRUE(raw->kvs[0].value.starts_with(codec::kProtobufMagic));
  auto decoded = codec::DecodeObject(raw->kvs[0].value);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->info(), kind_);
  EXPECT_TRUE(decoded->meta()->resource_version.empty());
  EXPECT_EQ(created->meta()->resource_version, std::to_string(raw->kvs[0].mod_revision));

  auto again = store_->Create("/configmaps/default/a", ConfigMapObject("default", "a", "2"));
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);

  auto got = store_->Get("/configmaps/default/a", {});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(Value(*got), "1");
  EXPECT_EQ(got->meta()->resource_version, created->meta()->resource_version);
  EXPECT_EQ(store_->Get("/configmaps/default/none", {}).status().code(), StatusCode::kNotFound);
  auto ignored = store_->Get("/configmaps/default/none", {.resource_version = "", .ignore_not_found = true});
  ASSERT_TRUE(ignored.ok());
  EXPECT_EQ(ignored->info(), nullptr);
  auto too_new = store_->Get("/configmaps/default/a", {.resource_version = "999999", .ignore_not_found = false});
  EXPECT_TRUE(IsTooLargeResourceVersion(too_new.status())) << too_new.status().message();

  Status wrong_uid = store_->Delete("/configmaps/default/a", {.uid = "other", .resource_version = std::nullopt}).status();
  EXPECT_EQ(wrong_uid.code(), StatusCode::kConflict);
  Status wrong_rv = store_->Delete("/configmaps/default/a", {.uid = std::nullopt, .resource_version = "1"}).status();
  EXPECT_EQ(wrong_rv.code(), StatusCode::kConflict);
  auto deleted = store_->Delete("/configmaps/default/a",
                                {.uid = "uid-a", .resource_version = created->meta()->resource_version});
  ASSERT_TRUE(deleted.ok()) << deleted.status().message();
  EXPECT_EQ(Value(*deleted), "1");
  EXPECT_GT(std::stoll(deleted->meta()->resource_version), std::stoll(created->meta()->resource_version));
  EXPECT_EQ(store_->Delete("/configmaps/default/a").status().code(), StatusCode::kNotFound);
}

TEST_F(EtcdStoreTest, ListPagesWithStockContinueTokens) {
  for (int i = 0; i < 7; ++i) {
    std::string name = "cm" + std::to_string(i);
    ASSERT_TRUE(store_->Create("/configmaps/ns/" + name, ConfigMapObject("ns", name, std::to_string(i))).ok());
  }
  ASSERT_TRUE(store_->Create("/configmaps/other/x", ConfigMapObject("other", "x", "x")).ok());

  ListResult all;
  ASSERT_TRUE(store_->GetList("/configmaps", {}, &all).ok());
  EXPECT_EQ(all.items.size(), 8u);
  EXPECT_TRUE(all.continue_token.empty());
  ListResult ns;
  ASSERT_TRUE(store_->GetList("/configmaps/ns", {}, &ns).ok());
  EXPECT_EQ(ns.items.size(), 7u);

  ListResult page;
  ASSERT_TRUE(store_->GetList("/configmaps/ns", {.limit = 3}, &page).ok());
  ASSERT_EQ(page.items.size(), 3u);
  ASSERT_FALSE(page.continue_token.empty());
  ASSERT_TRUE(page.remaining_item_count.has_value());
  EXPECT_EQ(*page.remaining_item_count, 4);
  int64_t rv = page.resource_version;
  // Writes after the first page do not show up in later pages (they read at its revision).
  ASSERT_TRUE(store_->Create("/configmaps/ns/cm9", ConfigMapObject("ns", "cm9", "9")).ok());
  std::vector<std::string> names = {page.items[0].meta()->name, page.items[1].meta()->name,
                                    page.items[2].meta()->name};
  std::string token = page.continue_token;
  while (!token.empty()) {
    ListResult next;
    ASSERT_TRUE(store_->GetList("/configmaps/ns", {.limit = 3, .continue_token = token}, &next).ok());
    EXPECT_EQ(next.resource_version, rv);
    for (auto& o : next.items) names.push_back(o.meta()->name);
    token = next.continue_token;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"cm0", "cm1", "cm2", "cm3", "cm4", "cm5", "cm6"}));

  // A predicate: no remainingItemCount.
  ListResult filtered;
  ASSERT_TRUE(store_->GetList("/configmaps/ns", {.limit = 2, .predicate = [&](const codec::Object& o) {
                                 return Value(o) != "1";
                               }}, &filtered).ok());
  EXPECT_EQ(filtered.items.size(), 2u);
  EXPECT_FALSE(filtered.remaining_item_count.has_value());

  // Exact at an old revision; continue with a resourceVersion is refused.
  ListResult exact;
  ASSERT_TRUE(store_->GetList("/configmaps/ns", {.resource_version = std::to_string(rv),
                                                  .match = ResourceVersionMatch::kExact}, &exact).ok());
  EXPECT_EQ(exact.items.size(), 7u);
  ListResult bad;
  EXPECT_EQ(store_->GetList("/configmaps/ns", {.resource_version = "5", .continue_token = page.continue_token}, &bad).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->GetList("/configmaps/ns", {.continue_token = "garbage"}, &bad).code(),
            StatusCode::kInvalidArgument);
  Status future = store_->GetList("/configmaps/ns", {.resource_version = "99999",
                                                      .match = ResourceVersionMatch::kNotOlderThan}, &bad);
  EXPECT_TRUE(IsTooLargeResourceVersion(future)) << future.message();

  // After compaction: 410 for the exact list, and the inconsistent-continue token.
  auto cur = store_->CurrentRevision();
  ASSERT_TRUE(cur.ok());
  ASSERT_TRUE(client_->Compact(*cur, true).ok());
  Status expired = store_->GetList("/configmaps/ns", {.resource_version = std::to_string(rv),
                                                       .match = ResourceVersionMatch::kExact}, &bad);
  EXPECT_EQ(expired.code(), StatusCode::kOutOfRange);
  EXPECT_EQ(expired.message(), "The resourceVersion for the provided list is too old.");
  Status cont = store_->GetList("/configmaps/ns", {.limit = 3, .continue_token = page.continue_token}, &bad);
  EXPECT_EQ(cont.code(), StatusCode::kOutOfRange);
  ASSERT_FALSE(bad.inconsistent_continue.empty());
  ListResult rest;
  ASSERT_TRUE(store_->GetList("/configmaps/ns", {.limit = 10, .continue_token = bad.inconsistent_continue}, &rest).ok());
  ASSERT_EQ(rest.items.size(), 5u);  // cm3..cm6 and cm9, at the latest revision
  EXPECT_EQ(rest.items[0].meta()->name, "cm3");
}

TEST_F(EtcdStoreTest, GuaranteedUpdateRetriesAfterARacingWrite) {
  ASSERT_TRUE(store_->Create("/configmaps/d/u", ConfigMapObject("d", "u", "0")).ok());
  int calls = 0;
  auto updated = store_->GuaranteedUpdate(
      "/configmaps/d/u", false, {}, [&](codec::Object cur) -> StatusOr<UpdateResult> {
        ++calls;
        if (calls == 1) {
          // Another writer gets in between our read and our write.
          auto other = store_->GuaranteedUpdate("/configmaps/d/u", false, {}, [&](codec::Object o) {
            o.As<ConfigMap>()->data["k"] = "racer";
            return StatusOr<UpdateResult>(UpdateResult{std::move(o), std::nullopt});
          });
          EXPECT_TRUE(other.ok());
        }
        cur.As<ConfigMap>()->data["k"] = Value(cur) + "+mine";
        return UpdateResult{std::move(cur), std::nullopt};
      });
  ASSERT_TRUE(updated.ok()) << updated.status().message();
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(Value(*updated), "racer+mine");
  auto got = store_->Get("/configmaps/d/u", {});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(Value(*got), "racer+mine");
  EXPECT_EQ(got->meta()->resource_version, updated->meta()->resource_version);

  // No change: no write, same revision.
  auto same = store_->GuaranteedUpdate("/configmaps/d/u", false, {}, [](codec::Object o) {
    return StatusOr<UpdateResult>(UpdateResult{std::move(o), std::nullopt});
  });
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->meta()->resource_version, updated->meta()->resource_version);
  // A stale resourceVersion precondition is a conflict; the update function's error wins.
  EXPECT_EQ(store_->GuaranteedUpdate("/configmaps/d/u", false, {.uid = std::nullopt, .resource_version = "2"},
                                     [](codec::Object o) { return StatusOr<UpdateResult>(UpdateResult{std::move(o), {}}); })
                .status().code(),
            StatusCode::kConflict);
  EXPECT_EQ(store_->GuaranteedUpdate("/configmaps/d/u", false, {}, [](codec::Object) {
              return StatusOr<UpdateResult>(Status::Invalid("no"));
            }).status().message(), "no");
  // ignore_not_found creates.
  auto made = store_->GuaranteedUpdate("/configmaps/d/new", true, {}, [&](codec::Object o) {
    EXPECT_EQ(o.info(), kind_);
    o.meta()->name = "new";
    return StatusOr<UpdateResult>(UpdateResult{std::move(o), std::nullopt});
  });
  ASSERT_TRUE(made.ok()) << made.status().message();
}

TEST_F(EtcdStoreTest, WatchFromZeroAndFromRevision) {
  auto first = store_->Create("/configmaps/w/a", ConfigMapObject("w", "a", "1"));
  ASSERT_TRUE(first.ok());
  auto w = store_->Watch("/configmaps/w", {});
  ASSERT_TRUE(w.ok()) << w.status().message();
  auto e = (*w)->Next(seconds(10));
  ASSERT_TRUE(e.ok() && e->has_value());
  EXPECT_EQ((*e)->type, WatchEvent::Type::kAdded);  // the initial state
  EXPECT_EQ((*e)->object.meta()->resource_version, first->meta()->resource_version);

  auto upd = store_->GuaranteedUpdate("/configmaps/w/a", false, {}, [](codec::Object o) {
    o.As<ConfigMap>()->data["k"] = "2";
    return StatusOr<UpdateResult>(UpdateResult{std::move(o), std::nullopt});
  });
  ASSERT_TRUE(upd.ok());
  auto del = store_->Delete("/configmaps/w/a");
  ASSERT_TRUE(del.ok());
  ASSERT_TRUE(store_->Create("/configmaps/other/z", ConfigMapObject("other", "z", "z")).ok());
  e = (*w)->Next(seconds(10));
  ASSERT_TRUE(e.ok() && e->has_value());
  EXPECT_EQ((*e)->type, WatchEvent::Type::kModified);
  EXPECT_EQ(Value((*e)->object), "2");
  e = (*w)->Next(seconds(10));
  ASSERT_TRUE(e.ok() && e->has_value());
  EXPECT_EQ((*e)->type, WatchEvent::Type::kDeleted);
  EXPECT_EQ(Value((*e)->object), "2");
  EXPECT_EQ((*e)->object.meta()->resource_version, del->meta()->resource_version);
  e = (*w)->Next(std::chrono::milliseconds(300));
  ASSERT_TRUE(e.ok());
  EXPECT_FALSE(e->has_value());  // other namespace: not in this watch

  // From a revision: only what came after it.
  auto w2 = store_->Watch("/configmaps", {.resource_version = upd->meta()->resource_version});
  ASSERT_TRUE(w2.ok());
  e = (*w2)->Next(seconds(10));
  ASSERT_TRUE(e.ok() && e->has_value());
  EXPECT_EQ((*e)->type, WatchEvent::Type::kDeleted);

  // A compacted start revision: one ERROR event with upstream's 410 text, then the end.
  ASSERT_TRUE(client_->Compact(std::stoll(del->meta()->resource_version), true).ok());
  auto w3 = store_->Watch("/configmaps", {.resource_version = first->meta()->resource_version});
  ASSERT_TRUE(w3.ok());
  e = (*w3)->Next(seconds(10));
  ASSERT_TRUE(e.ok() && e->has_value());
  EXPECT_EQ((*e)->type, WatchEvent::Type::kError);
  EXPECT_EQ((*e)->error.code(), StatusCode::kOutOfRange);
  EXPECT_EQ((*e)->error.message(), "The resourceVersion for the provided watch is too old.");
  EXPECT_FALSE((*w3)->Next(seconds(1)).ok());
}

TEST_F(EtcdStoreTest, TtlWritesShareALease) {
  auto a = store_->Create("/configmaps/e/a", ConfigMapObject("e", "a", "1"), 3600);
  auto b = store_->Create("/configmaps/e/b", ConfigMapObject("e", "b", "1"), 3600);
  ASSERT_TRUE(a.ok() && b.ok());
  auto r = client_->Range("/registry/configmaps/e/", {.prefix = true});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->kvs.size(), 2u);
  EXPECT_NE(r->kvs[0].lease, 0);
  EXPECT_EQ(r->kvs[0].lease, r->kvs[1].lease);
  auto ttl = client_->LeaseKeepAliveOnce(r->kvs[0].lease);
  ASSERT_TRUE(ttl.ok());
  EXPECT_EQ(*ttl, 3600 + 60);  // padded by the reuse window (5% of 1h capped at 60 s)
}

TEST_F(EtcdStoreTest, TwoCompactorsAgreeOnCompactRevKey) {
  // Two apiservers' compactors, ticking alternately as their timers would.
  CompactState a, b;
  auto t1 = CompactOnce(client_.get(), a.version, a.revision);  // A wins, first tick: no compaction
  ASSERT_TRUE(t1.ok());
  a = *t1;
  EXPECT_EQ(a.version, 1);
  EXPECT_EQ(a.compacted_revision, 0);
  auto t2 = CompactOnce(client_.get(), b.version, b.revision);  // B loses, learns version 1
  ASSERT_TRUE(t2.ok());
  b = *t2;
  EXPECT_EQ(b.version, 1);
  ASSERT_TRUE(store_->Create("/configmaps/c/x", ConfigMapObject("c", "x", "1")).ok());
  auto t3 = CompactOnce(client_.get(), a.version, a.revision);  // A wins, compacts to its last rev
  ASSERT_TRUE(t3.ok());
  EXPECT_EQ(t3->version, 2);
  EXPECT_EQ(t3->compacted_revision, a.revision);
  auto key = client_->Range(std::string(kCompactRevKey));
  ASSERT_TRUE(key.ok());
  ASSERT_EQ(key->kvs.size(), 1u);
  EXPECT_EQ(key->kvs[0].value, std::to_string(a.revision));
  EXPECT_EQ(key->kvs[0].version, 2);
  auto t4 = CompactOnce(client_.get(), b.version, b.revision);  // B loses again, learns it
  ASSERT_TRUE(t4.ok());
  EXPECT_EQ(t4->version, 2);
  EXPECT_EQ(t4->compacted_revision, a.revision);
  auto old = client_->Range("/registry/configmaps/c/x", {.revision = a.revision - 1});
  EXPECT_TRUE(etcd::IsCompacted(old.status()));
}

TEST_F(EtcdStoreTest, CompactorLoopTicks) {
  Compactor c(client_.get(), std::chrono::milliseconds(50));
  c.Start();
  auto deadline = std::chrono::steady_clock::now() + seconds(10);
  while (c.CompactRevision() == 0 && std::chrono::steady_clock::now() < deadline) {
    ASSERT_TRUE(client_->Put("/tick", "x").ok());  // each write is a round trip, no sleep
  }
  c.Stop();
  EXPECT_GT(c.CompactRevision(), 0);
  EXPECT_GE(c.ticks(), 2);
}

}  // namespace
}  // namespace kubecxx::storage
