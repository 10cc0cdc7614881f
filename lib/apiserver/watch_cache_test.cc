// Unit tests of the watch cache (watch_cache.h) without etcd: events are fed by hand, and
// the answers checked against upstream's rules; field selectors; shared encodings equal to
// the encoders the uncached path uses. The cache against etcd, stock kubectl and a stock
// kube-apiserver: components/kube-apiserver/watch_cache_stock_test.cc.
#include <gtest/gtest.h>

#include <thread>

#include "kubecxx/api/core/v1/types.h"
#include "lib/apiserver/cached_object.h"
#include "lib/apiserver/field_selectors.h"
#include "lib/apiserver/list_encoding.h"
#include "lib/apiserver/watch_cache.h"
#include "lib/codec/yaml.h"
#include "lib/model/wire.h"
#include "lib/storage/continue_token.h"

namespace kubecxx::apiserver {
namespace {

const codec::KindInfo* PodKind() { return codec::FindKind("", "v1", "Pod"); }

codec::Object Pod(std::string ns, std::string name, int64_t rv,
                  std::map<std::string, std::string> labels = {}, std::string node = "") {
  codec::Object o(PodKind());
  o.info()->set_type_meta(o.get(), "v1", "Pod");
  auto* p = o.As<api::core::v1::Pod>();
  p->object_meta.namespace_ = std::move(ns);
  p->object_meta.name = std::move(name);
  p->object_meta.resource_version = std::to_string(rv);
  p->object_meta.labels = std::move(labels);
  p->spec.node_name = std::move(node);
  p->spec.containers.resize(1);
  p->spec.containers[0].name = "c";
  p->spec.containers[0].image = "busybox";
  return o;
}

storage::WatchEvent Event(storage::WatchEvent::Type type, codec::Object obj, int64_t rv) {
  storage::WatchEvent e;
  e.type = type;
  obj.meta()->resource_version = std::to_string(rv);
  e.object = std::move(obj);
  e.resource_version = rv;
  return e;
}

class WatchCacheTest : public ::testing::Test {
 protected:
  void SetUp() override { Make(); }

  void Make() {
    WatchCacheConfig c;
    c.resource_key = "/registry/pods";
    c.kind = PodKind();
    c.namespaced = true;
    c.key_of = [](const codec::Object& o) {
      return "/registry/pods/" + o.meta()->namespace_ + "/" + o.meta()->name;
    };
    c.current_revision = [this]() -> StatusOr<int64_t> { return etcd_revision_.load(); };
    c.compact_revision = [this] { return compacted_.load(); };
    c.fresh_timeout = std::chrono::milliseconds(300);
    cache_ = std::make_unique<WatchCache>(std::move(c));
  }

  // State: rv 10 {a, b}; 11 a modified (label x=1); 12 c added; 13 b deleted.
  void Fill() {
    std::vector<codec::Object> objs;
    objs.push_back(Pod("ns", "a", 5));
    objs.push_back(Pod("ns", "b", 7));
    cache_->ReplaceForTest(std::move(objs), 10);
    cache_->ApplyForTest(Event(storage::WatchEvent::Type::kModified, Pod("ns", "a", 0, {{"x", "1"}}), 11));
    cache_->ApplyForTest(Event(storage::WatchEvent::Type::kAdded, Pod("ns", "c", 0, {}, "node-1"), 12));
    cache_->ApplyForTest(Event(storage::WatchEvent::Type::kDeleted, Pod("ns", "b", 0), 13));
    etcd_revision_ = 13;
  }

  // "name@rv,..." of a list answer.
  static std::string Names(const CacheListResult& r) {
    std::string out;
    for (const auto& o : r.items) {
      out += o->object().meta()->name + "@" + std::to_string(o->resource_version()) + ",";
    }
    return out;
  }

  CacheListRequest Req(std::string rv, storage::ResourceVersionMatch match = {},
                       int64_t limit = 0) {
    CacheListRequest r;
    r.prefix = "/registry/pods/";
    r.resource_version = std::move(rv);
    r.match = match;
    r.limit = limit;
    return r;
  }

  std::unique_ptr<WatchCache> cache_;
  std::atomic<int64_t> etcd_revision_{0};
  std::atomic<int64_t> compacted_{0};
};

TEST_F(WatchCacheTest, NotReadyDelegates) {
  CacheListResult r;
  auto o = cache_->List(Req("0"), &r);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(*o, WatchCache::Outcome::kDelegate);
}

TEST_F(WatchCacheTest, ListAnyAndConsistent) {
  Fill();
  CacheListResult r;
  auto o = cache_->List(Req("0", {}, 1), &r);  // RV=0: the latest, limit ignored
  ASSERT_TRUE(o.ok()) << o.status().message();
  EXPECT_EQ(*o, WatchCache::Outcome::kServed);
  EXPECT_EQ(Names(r), "a@11,c@12,");
  EXPECT_EQ(r.resource_version, 13);
  EXPECT_TRUE(r.continue_token.empty());

  o = cache_->List(Req(""), &r);  // consistent: etcd is at 13, so is the cache
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(*o, WatchCache::Outcome::kServed);
  EXPECT_EQ(r.resource_version, 13);

  // etcd moved on (another resource's write): the cache waits for a progress bookmark.
  etcd_revision_ = 20;
  std::thread progress([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    storage::WatchEvent b;
    b.type = storage::WatchEvent::Type::kBookmark;
    b.resource_version = 20;
    cache_->ApplyForTest(std::move(b));
  });
  o = cache_->List(Req(""), &r);
  progress.join();
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(*o, WatchCache::Outcome::kServed);
  EXPECT_EQ(r.resource_version, 20);

  // No progress within the timeout: upstream falls back to etcd.
  etcd_revision_ = 30;
  o = cache_->List(Req(""), &r);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(*o, WatchCache::Outcome::kDelegate);
}

TEST_F(WatchCacheTest, GetWithResourceVersion) {
  Fill();
  std::shared_ptr<const CachedObject> obj;
  auto o = cache_->Get("/registry/pods/ns/a", "0", &obj);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(*o, WatchCache::Outcome::kServed);
  EXPECT_EQ(obj->resource_version(), 11);
  o = cache_->Get("/registry/pods/ns/b", "13", &obj);  // deleted at 13
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.status().code(), StatusCode::kNotFound);
  o = cache_->Get("/registry/pods/ns/a", "", &obj);  // unset: etcd
  EXPECT_EQ(*o, WatchCache::Outcome::kDelegate);
  o = cache_->Get("/registry/pods/ns/a", "99", &obj);
  ASSERT_FALSE(o.ok());
  EXPECT_TRUE(storage::IsTooLargeResourceVersion(o.status()));
}

TEST_F(WatchCacheTest, NotOlderThanTooLarge) {
  Fill();
  CacheListResult r;
  auto o = cache_->List(Req("12", storage::ResourceVersionMatch::kNotOlderThan), &r);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(r.resource_version, 13);
  o = cache_->List(Req("99", storage::ResourceVersionMatch::kNotOlderThan), &r);
  ASSERT_FALSE(o.ok());
  EXPECT_TRUE(storage::IsTooLargeResourceVersion(o.status())) << o.status().message();
  EXPECT_EQ(o.status().message(), "Too large resource version: 99, current: 13");
}

TEST_F(WatchCacheTest, ExactFromSnapshots) {
  Fill();
  const std::pair<const char*, const char*> want[] = {
      {"10", "a@5,b@7,"}, {"11", "a@11,b@7,"}, {"12", "a@11,b@7,c@12,"}, {"13", "a@11,c@12,"}};
  for (const auto& [rv, names] : want) {
    CacheListResult r;
    auto o = cache_->List(Req(rv, storage::ResourceVersionMatch::kExact), &r);
    ASSERT_TRUE(o.ok()) << rv;
    EXPECT_EQ(*o, WatchCache::Outcome::kServed) << rv;
    EXPECT_EQ(Names(r), names) << rv;
    EXPECT_EQ(std::to_string(r.resource_version), rv);
  }
  CacheListResult r;
  auto o = cache_->List(Req("9", storage::ResourceVersionMatch::kExact), &r);  // before the relist
  EXPECT_EQ(*o, WatchCache::Outcome::kDelegate);
  compacted_ = 12;  // etcd compacted: snapshots below it are gone
  o = cache_->List(Req("11", storage::ResourceVersionMatch::kExact), &r);
  EXPECT_EQ(*o, WatchCache::Outcome::kDelegate);
  o = cache_->List(Req("12", storage::ResourceVersionMatch::kExact), &r);
  EXPECT_EQ(*o, WatchCache::Outcome::kServed);
}

TEST_F(WatchCacheTest, LimitAndContinue) {
  Fill();
  // Legacy exact (limit + RV): page 1 at 12.
  CacheListResult r;
  auto o = cache_->List(Req("12", {}, 2), &r);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(Names(r), "a@11,b@7,");
  ASSERT_FALSE(r.continue_token.empty());
  ASSERT_TRUE(r.remaining_item_count.has_value());
  EXPECT_EQ(*r.remaining_item_count, 1);
  // The token is stock cacher's: start "/b\0" against the key without its '/'.
  auto pos = storage::DecodeContinue(r.continue_token, "/registry/pods/");
  ASSERT_TRUE(pos.ok());
  EXPECT_EQ(pos->start_key, std::string("/registry/pods/ns/b\0", 20));
  EXPECT_EQ(pos->revision, 12);
  CacheListRequest next = Req("", {}, 2);
  next.continue_token = r.continue_token;
  o = cache_->List(next, &r);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(Names(r), "c@12,");  // still at 12, though b was deleted at 13
  EXPECT_EQ(r.resource_version, 12);
  EXPECT_TRUE(r.continue_token.empty());
  // A selector: no remainingItemCount.
  CacheListRequest sel = Req("0");
  sel.predicate = *SelectionPredicate::Parse("", "spec.nodeName=node-1", PodKind(), true);
  o = cache_->List(sel, &r);
  EXPECT_EQ(Names(r), "c@12,");
  sel = Req("13", {}, 1);
  sel.predicate = *SelectionPredicate::Parse("x", "", PodKind(), true);
  o = cache_->List(sel, &r);
  EXPECT_EQ(Names(r), "a@11,");
  EXPECT_FALSE(r.continue_token.empty());
  EXPECT_FALSE(r.remaining_item_count.has_value());
}

std::vector<std::string> Drain(CacheWatcher& w, size_t n) {
  std::vector<std::string> out;
  while (out.size() < n) {
    auto f = w.Next(std::chrono::milliseconds(500));
    if (!f.ok() || *f == nullptr) break;
    out.push_back(**f);
  }
  return out;
}

std::string TypeAndName(const std::string& frame) {
  std::string type = frame.substr(9, frame.find('"', 9) - 9);
  size_t n = frame.find("\"name\":\"");
  std::string name = n == std::string::npos ? "" : frame.substr(n + 8, frame.find('"', n + 8) - n - 8);
  size_t rv = frame.find("\"resourceVersion\":\"");
  std::string v = frame.substr(rv + 19, frame.find('"', rv + 19) - rv - 19);
  return type + " " + name + "@" + v;
}

TEST_F(WatchCacheTest, WatchFromRevisionAndTooOld) {
  Fill();
  CacheWatchRequest req;
  req.prefix = "/registry/pods/";
  req.resource_version = "11";
  auto w = cache_->Watch(req);
  ASSERT_TRUE(w.ok()) << w.status().message();
  auto frames = Drain(**w, 2);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(TypeAndName(frames[0]), "ADDED c@12");
  EXPECT_EQ(TypeAndName(frames[1]), "DELETED b@13");
  req.resource_version = "3";
  auto old = cache_->Watch(req);
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(old.status().message(), "too old resource version: 3 (10)");
}

TEST_F(WatchCacheTest, BookmarksBeforeTheTimeout) {
  Fill();
  CacheWatchRequest req;
  req.prefix = "/registry/pods/";
  req.resource_version = "11";
  req.allow_bookmarks = true;
  req.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  auto w = cache_->Watch(req);
  ASSERT_TRUE(w.ok());
  std::vector<std::string> got;
  while (true) {
    auto f = (*w)->Next(std::chrono::milliseconds(500));
    if (!f.ok()) break;  // the deadline
    if (*f) got.push_back(TypeAndName(**f));
  }
  // The two events after 11, then bookmarks at the cache's revision (2 s before the
  // timeout, in one-second buckets), nothing after the deadline.
  ASSERT_GE(got.size(), 3u);
  EXPECT_EQ(got[0], "ADDED c@12");
  EXPECT_EQ(got[1], "DELETED b@13");
  for (size_t i = 2; i < got.size(); ++i) EXPECT_EQ(got[i], "BOOKMARK @13");
  EXPECT_LE(got.size(), 4u);
  // Without allowWatchBookmarks: none.
  req.allow_bookmarks = false;
  req.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  auto quiet = cache_->Watch(req);
  ASSERT_TRUE(quiet.ok());
  EXPECT_EQ(Drain(**quiet, 5).size(), 2u);
}

TEST_F(WatchCacheTest, WatchListInitialEventsEndBookmark) {
  Fill();
  CacheWatchRequest req;
  req.prefix = "/registry/pods/";
  req.send_initial_events = true;
  req.allow_bookmarks = true;
  auto w = cache_->Watch(req);
  ASSERT_TRUE(w.ok()) << w.status().message();
  auto frames = Drain(**w, 3);
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(TypeAndName(frames[0]), "ADDED a@11");
  EXPECT_EQ(TypeAndName(frames[1]), "ADDED c@12");
  EXPECT_EQ(frames[2],
            "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\","
            "\"metadata\":{\"resourceVersion\":\"13\",\"annotations\":{\"k8s.io/"
            "initial-events-end\":\"true\"}},\"spec\":{\"containers\":null},\"status\":{}}}\n");
}

TEST_F(WatchCacheTest, SelectorCrossingAndSharedFrames) {
  Fill();
  CacheWatchRequest req;
  req.prefix = "/registry/pods/ns/";
  req.resource_version = "13";
  req.predicate = *SelectionPredicate::Parse("x=1", "", PodKind(), true);
  auto w1 = cache_->Watch(req);
  auto w2 = cache_->Watch(req);
  CacheWatchRequest all = req;
  all.predicate = SelectionPredicate();
  auto w3 = cache_->Watch(all);
  ASSERT_TRUE(w1.ok() && w2.ok() && w3.ok());
  EXPECT_EQ(cache_->watcher_count(), 3u);
  cache_->ApplyForTest(Event(storage::WatchEvent::Type::kModified, Pod("ns", "c", 0, {{"x", "1"}}), 14));
  cache_->ApplyForTest(Event(storage::WatchEvent::Type::kModified, Pod("ns", "a", 0, {}), 15));
  auto f1 = (*w1)->Next(std::chrono::milliseconds(500));
  auto f2 = (*w2)->Next(std::chrono::milliseconds(500));
  ASSERT_TRUE(f1.ok() && f2.ok() && *f1 && *f2);
  EXPECT_EQ(f1->get(), f2->get()) << "one encoding shared by both watchers";
  EXPECT_EQ(TypeAndName(**f1), "ADDED c@14");  // entered the selector
  auto g1 = (*w1)->Next(std::chrono::milliseconds(500));
  ASSERT_TRUE(g1.ok() && *g1);
  EXPECT_EQ(TypeAndName(**g1), "DELETED a@15");  // left it: the old state at 15
  EXPECT_NE((**g1).find("\"x\":\"1\""), std::string::npos);
  auto h = Drain(**w3, 2);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(TypeAndName(h[0]), "MODIFIED c@14");
  EXPECT_EQ(TypeAndName(h[1]), "MODIFIED a@15");
}

TEST_F(WatchCacheTest, RingGrowsWhileEventsAreFresh) {
  Fill();
  EXPECT_EQ(cache_->ring_capacity(), 100u);
  for (int i = 0; i < 250; ++i) {
    cache_->ApplyForTest(
        Event(storage::WatchEvent::Type::kAdded, Pod("ns", "p" + std::to_string(i), 0), 20 + i));
  }
  EXPECT_EQ(cache_->ring_capacity(), 400u);
  CacheWatchRequest req;
  req.prefix = "/registry/pods/";
  req.resource_version = "10";  // nothing evicted: still watchable from the relist
  EXPECT_TRUE(cache_->Watch(req).ok());
}

TEST_F(WatchCacheTest, RelistEndsWatchers) {
  Fill();
  CacheWatchRequest req;
  req.prefix = "/registry/pods/";
  req.resource_version = "13";
  auto w = cache_->Watch(req);
  ASSERT_TRUE(w.ok());
  cache_->ReplaceForTest(std::vector<codec::Object>(), 50);
  auto f = (*w)->Next(std::chrono::milliseconds(500));
  EXPECT_FALSE(f.ok());
}

TEST(CachedEncodingTest, SameBytesAsEncoders) {
  std::vector<std::shared_ptr<const CachedObject>> cached;
  std::vector<codec::Object> plain;
  for (int i = 0; i < 3; ++i) {
    auto o = Pod("ns", "p" + std::to_string(i), 4 + i, {{"app", "web"}}, "n");
    plain.push_back(codec::DecodeObject(codec::EncodeJson(o), codec::WireFormat::kJson).value());
    cached.push_back(std::make_shared<const CachedObject>("/k" + std::to_string(i), std::move(o),
                                                          4 + i, true));
  }
  ListMetaValues meta{"9", "tok", 3};
  for (auto f : {codec::WireFormat::kJson, codec::WireFormat::kProtobuf, codec::WireFormat::kYaml}) {
    std::vector<codec::Object> copy;
    for (auto& p : plain) {
      copy.push_back(codec::DecodeObject(codec::EncodeJson(p), codec::WireFormat::kJson).value());
    }
    auto want = EncodeList(PodKind(), copy, meta, f);
    auto got = EncodeCachedList(PodKind(), cached, meta, f);
    ASSERT_TRUE(want.ok() && got.ok());
    EXPECT_EQ(*got, *want) << codec::WireFormatName(f);
  }
  for (auto f : {codec::WireFormat::kJson, codec::WireFormat::kProtobuf}) {
    EXPECT_EQ(*cached[0]->AddedFrame(f), EncodeWatchEvent("ADDED", plain[0], f));
  }
}

TEST(FieldSelectorTest, PerKindLabelsAndErrors) {
  auto pod = Pod("ns", "a", 1, {}, "node-1");
  auto* p = pod.As<api::core::v1::Pod>();
  p->status.phase = "Running";
  auto yes = SelectionPredicate::Parse("", "spec.nodeName=node-1,status.phase=Running", PodKind(), true);
  ASSERT_TRUE(yes.ok());
  EXPECT_TRUE(yes->Matches(pod));
  auto host = SelectionPredicate::Parse("", "spec.host=node-1", PodKind(), true);  // renamed
  ASSERT_TRUE(host.ok());
  EXPECT_TRUE(host->Matches(pod));
  auto ips = SelectionPredicate::Parse("", "status.podIPs=", PodKind(), true);  // accepted, ""
  ASSERT_TRUE(ips.ok());
  EXPECT_TRUE(ips->Matches(pod));
  auto bad = SelectionPredicate::Parse("", "spec.image=x", PodKind(), true);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "field label not supported: spec.image");
  auto cm = SelectionPredicate::Parse("", "data.x=1", codec::FindKind("", "v1", "ConfigMap"), true);
  ASSERT_FALSE(cm.ok());
  EXPECT_EQ(cm.status().message(),
            "\"data.x\" is not a known field selector: only \"metadata.name\", "
            "\"metadata.namespace\"");
  auto node = SelectionPredicate::Parse("", "metadata.namespace=x", codec::FindKind("", "v1", "Node"), false);
  ASSERT_FALSE(node.ok());
  EXPECT_EQ(node.status().message(), "field label not supported: metadata.namespace");
  auto job = SelectionPredicate::Parse("", "spec.x=1", codec::FindKind("batch", "v1", "Job"), true);
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.status().message(), "field label \"spec.x\" not supported for Job");
}

}  // namespace
}  // namespace kubecxx::apiserver
