#include "lib/client/cache/store.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "lib/client/cache/fifo.h"
#include "lib/client/cache/testing/fake_lister_watcher.h"

namespace kubecxx::client::cache {
namespace {

using testing::MakePod;

ObjectPtr Pod(const std::string& ns, const std::string& name, const std::string& app = "",
              const std::string& rv = "1") {
  api::core::v1::Pod p = MakePod(ns, name);
  if (!app.empty()) p.object_meta.labels["app"] = app;
  p.object_meta.resource_version = rv;
  codec::Object obj(codec::FindKind("", "v1", "Pod"));
  *obj.As<api::core::v1::Pod>() = std::move(p);
  return Share(std::move(obj));
}

std::vector<std::string> AppIndex(const codec::Object& obj) {
  const auto& labels = obj.meta()->labels;
  auto it = labels.find("app");
  if (it == labels.end()) return {};
  return {it->second};
}

std::vector<std::string> Names(const std::vector<ObjectPtr>& objs) {
  std::vector<std::string> out;
  for (const auto& o : objs) out.push_back(o->meta()->name);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(MetaNamespaceKeyTest, NamespacedAndClusterScoped) {
  EXPECT_EQ(*MetaNamespaceKey(*Pod("ns", "a")), "ns/a");
  EXPECT_EQ(*MetaNamespaceKey(*Pod("", "node-1")), "node-1");
  codec::Object list(codec::FindKind("", "v1", "PodList"));
  StatusOr<std::string> k = MetaNamespaceKey(list);
  ASSERT_FALSE(k.ok());
  EXPECT_NE(k.status().message().find("object has no meta"), std::string::npos);

  std::string ns, name;
  ASSERT_TRUE(SplitMetaNamespaceKey("ns/a", &ns, &name).ok());
  EXPECT_EQ(ns, "ns");
  EXPECT_EQ(name, "a");
  ASSERT_TRUE(SplitMetaNamespaceKey("a", &ns, &name).ok());
  EXPECT_EQ(ns, "");
  EXPECT_FALSE(SplitMetaNamespaceKey("a/b/c", &ns, &name).ok());
}

TEST(IndexerTest, NamespaceAndCustomIndices) {
  Indexer idx({{std::string(kNamespaceIndex), MetaNamespaceIndexFunc}, {"app", AppIndex}});
  ASSERT_TRUE(idx.Add(Pod("ns1", "a", "web")).ok());
  ASSERT_TRUE(idx.Add(Pod("ns1", "b", "db")).ok());
  ASSERT_TRUE(idx.Add(Pod("ns2", "c", "web")).ok());
  ASSERT_TRUE(idx.Add(Pod("ns2", "d")).ok());
  EXPECT_EQ(idx.size(), 4u);

  EXPECT_EQ(Names(*idx.ByIndex(kNamespaceIndex, "ns1")), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(Names(*idx.ByIndex("app", "web")), (std::vector<std::string>{"a", "c"}));
  EXPECT_TRUE(idx.ByIndex("app", "none")->empty());
  auto keys = *idx.IndexKeys("app", "db");
  EXPECT_EQ(keys, std::vector<std::string>{"ns1/b"});
  EXPECT_EQ(Names(*idx.Index("app", *Pod("x", "probe", "web"))),
            (std::vector<std::string>{"a", "c"}));
  auto values = idx.ListIndexFuncValues("app");
  std::sort(values.begin(), values.end());
  EXPECT_EQ(values, (std::vector<std::string>{"db", "web"}));

  StatusOr<std::vector<ObjectPtr>> bad = idx.ByIndex("nope", "x");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "Index with name nope does not exist");
}

TEST(IndexerTest, UpdateMovesBetweenValuesAndDeleteCleansUp) {
  Indexer idx({{"app", AppIndex}});
  ASSERT_TRUE(idx.Add(Pod("ns", "a", "web")).ok());
  ASSERT_TRUE(idx.Update(Pod("ns", "a", "db", "2")).ok());
  EXPECT_TRUE(idx.ByIndex("app", "web")->empty());
  EXPECT_EQ(Names(*idx.ByIndex("app", "db")), std::vector<std::string>{"a"});
  EXPECT_EQ(idx.Get("ns/a")->meta()->resource_version, "2");
  // The emptied value is gone, not kept as an empty set.
  EXPECT_EQ(idx.ListIndexFuncValues("app"), std::vector<std::string>{"db"});

  idx.Delete("ns/a");
  EXPECT_EQ(idx.Get("ns/a"), nullptr);
  EXPECT_TRUE(idx.ListIndexFuncValues("app").empty());
  idx.Delete("ns/absent");  // no-op
}

TEST(IndexerTest, ReplaceRebuildsAndAddIndexersIndexesExisting) {
  Indexer idx({{"app", AppIndex}});
  ASSERT_TRUE(idx.Add(Pod("ns", "old", "web")).ok());
  std::vector<std::pair<std::string, ObjectPtr>> items;
  items.emplace_back("ns/x", Pod("ns", "x", "db"));
  items.emplace_back("ns/y", Pod("other", "y", "db"));
  idx.Replace(std::move(items), "77");
  EXPECT_EQ(idx.LastStoreSyncResourceVersion(), "77");
  EXPECT_EQ(idx.Get("ns/old"), nullptr);
  EXPECT_EQ(Names(*idx.ByIndex("app", "db")), (std::vector<std::string>{"x", "y"}));

  ASSERT_TRUE(idx.AddIndexers({{std::string(kNamespaceIndex), MetaNamespaceIndexFunc}}).ok());
  EXPECT_EQ(Names(*idx.ByIndex(kNamespaceIndex, "other")), std::vector<std::string>{"y"});
  EXPECT_FALSE(idx.AddIndexers({{"app", AppIndex}}).ok());  // a name in use

  idx.Bookmark("80");
  EXPECT_EQ(idx.LastStoreSyncResourceVersion(), "80");
}

TEST(IndexerTest, ObjectsOutliveTheirRemoval) {
  Indexer idx;
  ASSERT_TRUE(idx.Add(Pod("ns", "a")).ok());
  ObjectPtr held = idx.Get("ns/a");
  idx.Delete("ns/a");
  EXPECT_EQ(held->meta()->name, "a");
}

TEST(FifoTest, BatchesStopAtDuplicateKeysAndSpecialItems) {
  Fifo fifo;
  ASSERT_TRUE(fifo.Replace({Pod("ns", "a"), Pod("ns", "b")}, "10").ok());
  EXPECT_FALSE(fifo.HasSynced());
  ASSERT_TRUE(fifo.Add(Pod("ns", "c")).ok());
  ASSERT_TRUE(fifo.Update(Pod("ns", "d")).ok());
  ASSERT_TRUE(fifo.Update(Pod("ns", "c", "", "2")).ok());  // same key as a queued one
  fifo.Bookmark("20");

  std::vector<std::vector<DeltaType>> batches;
  std::vector<bool> initial;
  auto pop = [&] {
    return fifo.PopBatch([&](std::span<Delta> b, bool in_initial) {
      std::vector<DeltaType> types;
      for (const Delta& d : b) types.push_back(d.type);
      batches.push_back(types);
      initial.push_back(in_initial);
    });
  };
  ASSERT_TRUE(pop());
  EXPECT_TRUE(fifo.HasSynced());  // the initial population (one ReplacedAll) is processed
  ASSERT_TRUE(pop());
  ASSERT_TRUE(pop());
  ASSERT_TRUE(pop());
  ASSERT_EQ(batches.size(), 4u);
  EXPECT_EQ(batches[0], std::vector<DeltaType>{DeltaType::kReplacedAll});
  EXPECT_EQ(batches[1], (std::vector<DeltaType>{DeltaType::kAdded, DeltaType::kUpdated}));
  EXPECT_EQ(batches[2], std::vector<DeltaType>{DeltaType::kUpdated});
  EXPECT_EQ(batches[3], std::vector<DeltaType>{DeltaType::kBookmark});
  EXPECT_EQ(initial, (std::vector<bool>{true, false, false, false}));

  fifo.Close();
  EXPECT_FALSE(pop());
}

TEST(FifoTest, RejectsObjectsWithoutKeys) {
  Fifo fifo;
  codec::Object list(codec::FindKind("", "v1", "PodList"));
  EXPECT_FALSE(fifo.Add(Share(std::move(list))).ok());
  EXPECT_FALSE(fifo.Add(nullptr).ok());
  EXPECT_EQ(fifo.size(), 0u);
}

}  // namespace
}  // namespace kubecxx::client::cache
