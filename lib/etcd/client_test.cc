// lib/etcd against a STOCK etcd 3.7: every client verb, watch (prefix, start revision,
// prev_kv, progress, fragments, cancel, compaction), leases, TLS with client certificates,
// and failover past a dead endpoint. Skips when conformance/build-stock has not built etcd.
#include <gtest/gtest.h>

#include "lib/etcd/client.h"
#include "lib/etcd/testing/stock_etcd.h"

namespace kubecxx::etcd {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class EtcdClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string missing = testing::MissingStockEtcd();
    if (!missing.empty()) GTEST_SKIP() << "SKIPPED: " << missing;
    auto e = testing::StockEtcd::Start();
    ASSERT_TRUE(e.ok()) << e.status().message();
    etcd_ = std::move(*e);
    ClientOptions o;
    o.endpoints = {etcd_->endpoint()};
    auto c = Client::Create(o);
    ASSERT_TRUE(c.ok()) << c.status().message();
    client_ = std::move(*c);
    ASSERT_TRUE(client_->WaitUntilReady(seconds(10)).ok());
  }

  // Next response with events (skipping progress notifications), within 10 s.
  WatchResponse NextEvents(WatchStream& w) {
    for (int i = 0; i < 20; ++i) {
      auto r = w.Next(seconds(10));
      EXPECT_TRUE(r.ok()) << r.status().message();
      if (!r.ok() || !r->has_value()) break;
      if (!(*r)->events.empty()) return std::move(**r);
    }
    ADD_FAILURE() << "no events";
    return {};
  }

  std::unique_ptr<testing::StockEtcd> etcd_;
  std::unique_ptr<Client> client_;
};

TEST_F(EtcdClientTest, PutRangeDelete) {
  auto p1 = client_->Put("/r/a", "1");
  ASSERT_TRUE(p1.ok()) << p1.status().message();
  auto p2 = client_->Put("/r/b", std::string("x\0y", 3), {.lease = 0, .prev_kv = true});
  ASSERT_TRUE(p2.ok());
  EXPECT_FALSE(p2->prev_kv.has_value());
  ASSERT_TRUE(client_->Put("/r/c", "3").ok());
  auto p4 = client_->Put("/r/a", "11", {.lease = 0, .prev_kv = true});
  ASSERT_TRUE(p4.ok());
  ASSERT_TRUE(p4->prev_kv.has_value());
  EXPECT_EQ(p4->prev_kv->value, "1");
  ASSERT_TRUE(client_->Put("/s", "other").ok());

  auto one = client_->Range("/r/a");
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->kvs.size(), 1u);
  EXPECT_EQ(one->kvs[0].value, "11");
  EXPECT_EQ(one->kvs[0].version, 2);
  EXPECT_EQ(one->kvs[0].create_revision, p1->revision);
  EXPECT_EQ(one->kvs[0].mod_revision, p4->revision);

  RangeOptions prefix{.prefix = true};
  auto all = client_->Range("/r/", prefix);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->kvs.size(), 3u);
  EXPECT_EQ(all->kvs[1].value, std::string("x\0y", 3));
  EXPECT_EQ(all->count, 3);
  EXPECT_FALSE(all->more);

  auto limited = client_->Range("/r/", {.prefix = true, .limit = 2});
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(limited->kvs.size(), 2u);
  EXPECT_TRUE(limited->more);
  EXPECT_EQ(limited->count, 3);

  auto keys = client_->Range("/r/", {.prefix = true, .keys_only = true});
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(keys->kvs[0].key, "/r/a");
  EXPECT_TRUE(keys->kvs[0].value.empty());

  auto count = client_->Range("/r/", {.prefix = true, .count_only = true});
  ASSERT_TRUE(count.ok());
  EXPECT_TRUE(count->kvs.empty());
  EXPECT_EQ(count->count, 3);

  auto old = client_->Range("/r/a", {.revision = p1->revision});
  ASSERT_TRUE(old.ok());
  ASSERT_EQ(old->kvs.size(), 1u);
  EXPECT_EQ(old->kvs[0].value, "1");

  auto future = client_->Range("/r/a", {.revision = p4->revision + 1000});
  ASSERT_FALSE(future.ok());
  EXPECT_TRUE(IsFutureRevision(future.status())) << future.status().message();

  auto del = client_->Delete("/r/", {.prefix = true, .prev_kv = true});
  ASSERT_TRUE(del.ok());
  EXPECT_EQ(del->deleted, 3);
  EXPECT_EQ(del->prev_kvs.size(), 3u);
  auto after = client_->Range("/r/", prefix);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->kvs.empty());
  EXPECT_EQ(after->revision, del->revision);
}

TEST_F(EtcdClientTest, TxnComparesAndBranches) {
  auto p = client_->Put("k", "v1");
  ASSERT_TRUE(p.ok());
  // mod_revision matches: then branch.
  auto t1 = client_->Txn({Compare::ModRevision("k", Compare::Result::kEqual, p->revision)},
                         {Op::Put("k", "v2"), Op::Get("k")}, {Op::Get("k")});
  ASSERT_TRUE(t1.ok()) << t1.status().message();
  EXPECT_TRUE(t1->succeeded);
  ASSERT_EQ(t1->responses.size(), 2u);
  EXPECT_EQ(t1->responses[0].type, Op::Type::kPut);
  EXPECT_EQ(t1->responses[1].range.kvs.at(0).value, "v2");
  // Stale mod_revision: else branch returns the current value.
  auto t2 = client_->Txn({Compare::ModRevision("k", Compare::Result::kEqual, p->revision)},
                         {Op::Put("k", "v3")}, {Op::Get("k")});
  ASSERT_TRUE(t2.ok());
  EXPECT_FALSE(t2->succeeded);
  EXPECT_EQ(t2->responses.at(0).range.kvs.at(0).value, "v2");
  // create_revision == 0: "does not exist" (the apiserver's Create).
  auto t3 = client_->Txn({Compare::CreateRevision("new", Compare::Result::kEqual, 0)},
                         {Op::Put("new", "x")});
  ASSERT_TRUE(t3.ok());
  EXPECT_TRUE(t3->succeeded);
  auto t4 = client_->Txn({Compare::CreateRevision("new", Compare::Result::kEqual, 0)},
                         {Op::Put("new", "y")});
  ASSERT_TRUE(t4.ok());
  EXPECT_FALSE(t4->succeeded);
  // Value and version compares; delete in a branch.
  auto t5 = client_->Txn({Compare::Value("new", Compare::Result::kEqual, "x"),
                          Compare::Version("new", Compare::Result::kEqual, 1)},
                         {Op::Delete("new", {.range_end = "", .prefix = false, .prev_kv = true})});
  ASSERT_TRUE(t5.ok());
  EXPECT_TRUE(t5->succeeded);
  EXPECT_EQ(t5->responses.at(0).del.deleted, 1);
  EXPECT_EQ(t5->responses.at(0).del.prev_kvs.at(0).value, "x");
}

TEST_F(EtcdClientTest, WatchPrefixFromRevisionWithPrevKv) {
  auto p1 = client_->Put("/w/a", "1");
  ASSERT_TRUE(p1.ok());
  ASSERT_TRUE(client_->Put("/w/a", "2").ok());
  ASSERT_TRUE(client_->Put("/other", "x").ok());
  auto w = client_->Watch({.key = "/w/", .prefix = true, .start_revision = p1->revision,
                           .prev_kv = true});
  ASSERT_TRUE(w.ok());
  // History from start_revision (inclusive): the create and the update.
  std::vector<Event> events;
  while (events.size() < 2) {
    WatchResponse r = NextEvents(**w);
    if (r.events.empty()) break;
    for (auto& e : r.events) events.push_back(std::move(e));
  }
  ASSERT_EQ(events.size(), 2u);
  EXPECT_TRUE(events[0].IsCreate());
  EXPECT_EQ(events[0].kv.value, "1");
  EXPECT_FALSE(events[1].IsCreate());
  ASSERT_TRUE(events[1].prev_kv.has_value());
  EXPECT_EQ(events[1].prev_kv->value, "1");

  auto d = client_->Delete("/w/a");
  ASSERT_TRUE(d.ok());
  WatchResponse r = NextEvents(**w);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].type, Event::Type::kDelete);
  EXPECT_EQ(r.events[0].kv.mod_revision, d->revision);
  ASSERT_TRUE(r.events[0].prev_kv.has_value());
  EXPECT_EQ(r.events[0].prev_kv->value, "2");
  EXPECT_GE((*w)->watch_id(), 0);

  // Progress on request: an empty response at the current revision.
  ASSERT_TRUE((*w)->RequestProgress().ok());
  auto prog = (*w)->Next(seconds(10));
  ASSERT_TRUE(prog.ok() && prog->has_value());
  EXPECT_TRUE((*prog)->progress_notify);
  EXPECT_EQ((*prog)->revision, d->revision);

  (*w)->Cancel();
  for (int i = 0; i < 10; ++i) {
    auto n = (*w)->Next(seconds(10));
    if (!n.ok()) {
      EXPECT_EQ(n.status().code(), StatusCode::kUnavailable);
      EXPECT_EQ(n.status().message(), "watch canceled");
      return;
    }
  }
  ADD_FAILURE() << "watch did not end after Cancel";
}

TEST_F(EtcdClientTest, LargeTransactionArrivesMergedFromFragments) {
  // 20 keys of 64 KiB, rewritten in one transaction (1.3 MB, under etcd's 1.5 MiB request
  // limit): with prev_kv the watch response is 2.6 MB, which etcd splits into fragments.
  std::vector<Op> ops;
  int64_t rev = 0;
  for (int i = 0; i < 20; ++i) {
    std::string key = "/big/" + std::to_string(1000 + i);
    auto p = client_->Put(key, std::string(64 * 1024, 'a'));
    ASSERT_TRUE(p.ok());
    rev = p->revision;
    ops.push_back(Op::Put(key, std::string(64 * 1024, 'b' + i % 20)));
  }
  // From an explicit revision, so the transaction cannot slip in before etcd has the watch.
  auto w = client_->Watch({.key = "/big/", .prefix = true, .start_revision = rev + 1,
                           .prev_kv = true});
  ASSERT_TRUE(w.ok());
  auto t = client_->Txn({}, ops);
  ASSERT_TRUE(t.ok()) << t.status().message();
  WatchResponse r = NextEvents(**w);
  ASSERT_EQ(r.events.size(), 20u);
  EXPECT_EQ(r.events[19].kv.key, "/big/1019");
  EXPECT_EQ(r.events[19].kv.mod_revision, t->revision);
  EXPECT_EQ(r.events[19].prev_kv->value, std::string(64 * 1024, 'a'));
  EXPECT_GE((*w)->fragments(), 2);
}

TEST_F(EtcdClientTest, CompactionEndsWatchAndFailsOldReads) {
  auto p1 = client_->Put("/c/k", "1");
  ASSERT_TRUE(p1.ok());
  auto p2 = client_->Put("/c/k", "2");
  ASSERT_TRUE(p2.ok());
  ASSERT_TRUE(client_->Put("/c/k", "3").ok());
  ASSERT_TRUE(client_->Compact(p2->revision, true).ok());

  auto old = client_->Range("/c/k", {.revision = p1->revision});
  ASSERT_FALSE(old.ok());
  EXPECT_TRUE(IsCompacted(old.status())) << old.status().message();

  auto w = client_->Watch({.key = "/c/", .prefix = true, .start_revision = p1->revision});
  ASSERT_TRUE(w.ok());
  auto n = (*w)->Next(seconds(10));
  ASSERT_FALSE(n.ok());
  EXPECT_TRUE(IsCompacted(n.status())) << n.status().message();
  EXPECT_EQ((*w)->compact_revision(), p2->revision);
  // The same error on every later call.
  EXPECT_TRUE(IsCompacted((*w)->Next(milliseconds(10)).status()));

  // Compacting again to the same revision is an error from etcd, reported as such.
  Status again = client_->Compact(p2->revision);
  EXPECT_TRUE(IsCompacted(again)) << again.message();
}

TEST_F(EtcdClientTest, LeasesExpireKeysAndKeepAlive) {
  auto lease = client_->LeaseGrant(60);
  ASSERT_TRUE(lease.ok()) << lease.status().message();
  EXPECT_GT(lease->id, 0);
  EXPECT_EQ(lease->ttl, 60);
  ASSERT_TRUE(client_->Put("/l/k", "v", {.lease = lease->id}).ok());
  auto kv = client_->Range("/l/k");
  ASSERT_TRUE(kv.ok());
  EXPECT_EQ(kv->kvs.at(0).lease, lease->id);
  auto ttl = client_->LeaseKeepAliveOnce(lease->id);
  ASSERT_TRUE(ttl.ok()) << ttl.status().message();
  EXPECT_EQ(*ttl, 60);
  ASSERT_TRUE(client_->LeaseRevoke(lease->id).ok());
  auto gone = client_->Range("/l/k");
  ASSERT_TRUE(gone.ok());
  EXPECT_TRUE(gone->kvs.empty());  // revoking deleted the attached key
  EXPECT_EQ(client_->LeaseKeepAliveOnce(lease->id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(client_->LeaseRevoke(lease->id).code(), StatusCode::kNotFound);
}

TEST_F(EtcdClientTest, StatusAndHealth) {
  auto st = client_->GetEndpointStatus(etcd_->endpoint());
  ASSERT_TRUE(st.ok()) << st.status().message();
  EXPECT_TRUE(st->version.starts_with("3.7")) << st->version;
  EXPECT_GT(st->db_size, 0);
  EXPECT_EQ(st->leader, st->member_id);
  EXPECT_TRUE(client_->CheckHealth("/registry/health").ok());
  EXPECT_FALSE(client_->GetEndpointStatus("http://elsewhere:1").ok());
}

TEST_F(EtcdClientTest, FailsOverPastDeadEndpoint) {
  ClientOptions o;
  o.endpoints = {"http://127.0.0.1:" + std::to_string(testing::FreeLoopbackPort()), etcd_->endpoint()};
  o.request_timeout = seconds(5);
  auto c = Client::Create(o);
  ASSERT_TRUE(c.ok());
  auto r = (*c)->Range("x");  // read: retried on the next endpoint
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ((*c)->current_endpoint(), etcd_->endpoint());
  ASSERT_TRUE((*c)->Put("x", "y").ok());
  auto w = (*c)->Watch({.key = "x"});
  ASSERT_TRUE(w.ok());
  EXPECT_EQ((*w)->endpoint(), etcd_->endpoint());
}

TEST(EtcdClientTlsTest, ClientCertificates) {
  std::string missing = testing::MissingStockEtcd();
  if (!missing.empty()) GTEST_SKIP() << "SKIPPED: " << missing;
  auto e = testing::StockEtcd::Start({.tls = true});
  ASSERT_TRUE(e.ok()) << e.status().message();
  ClientOptions o;
  o.endpoints = {(*e)->endpoint()};
  o.ca_file = (*e)->ca_file();
  o.cert_file = (*e)->cert_file();
  o.key_file = (*e)->key_file();
  auto c = Client::Create(o);
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_TRUE((*c)->WaitUntilReady(seconds(10)).ok());
  ASSERT_TRUE((*c)->Put("/tls", "ok").ok());
  auto r = (*c)->Range("/tls");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kvs.at(0).value, "ok");
  // Seen by stock etcdctl too.
  auto out = (*e)->Etcdctl({"get", "/tls", "--print-value-only"});
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(*out, "ok\n");

  // Without a client certificate etcd refuses the handshake.
  ClientOptions anon;
  anon.endpoints = o.endpoints;
  anon.ca_file = o.ca_file;
  anon.request_timeout = seconds(3);
  auto a = Client::Create(anon);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ((*a)->Range("/tls").status().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace kubecxx::etcd
