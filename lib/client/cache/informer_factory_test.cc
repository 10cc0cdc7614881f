#include "lib/client/cache/informer_factory.h"

#include <gtest/gtest.h>

#include "lib/client/cache/testing/fake_lister_watcher.h"

namespace kubecxx::client::cache {
namespace {

TEST(SharedInformerFactoryTest, OneInformerPerKeySharedByUsers) {
  std::vector<InformerKey> made;
  std::vector<testing::FakeListerWatcher*> fakes;
  InformerFactoryOptions opts;
  opts.namespace_ = "ns";
  opts.reflector.backoff.initial = std::chrono::milliseconds(1);
  SharedInformerFactory factory(
      [&](const InformerKey& key, const codec::ResourceInfo&) -> std::unique_ptr<ListerWatcher> {
        made.push_back(key);
        auto lw = std::make_unique<testing::FakeListerWatcher>();
        lw->Create(testing::MakePod("ns", "p"));
        fakes.push_back(lw.get());
        return lw;
      },
      opts);
  const codec::ResourceInfo* pods = codec::FindResource("", "v1", "pods");
  const codec::ResourceInfo* nodes = codec::FindResource("", "v1", "nodes");
  ASSERT_NE(pods, nullptr);
  StatusOr<SharedIndexInformer*> a = factory.InformerFor(*pods);
  StatusOr<SharedIndexInformer*> b = factory.InformerFor<api::core::v1::Pod>();
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*a, *b);
  StatusOr<SharedIndexInformer*> meta = factory.InformerFor(*pods, /*metadata_only=*/true);
  ASSERT_TRUE(meta.ok());
  EXPECT_NE(*meta, *a);
  ASSERT_TRUE(factory.InformerFor(*nodes).ok());
  ASSERT_EQ(made.size(), 3u);
  EXPECT_EQ(made[0].namespace_, "ns");
  EXPECT_EQ(made[2].namespace_, "");  // nodes are cluster-scoped
  EXPECT_TRUE(made[1].metadata_only);
  EXPECT_EQ((*meta)->kind()->kind, "PartialObjectMetadata");
  EXPECT_EQ((*a)->kind()->kind, "Pod");

  const codec::ResourceInfo* log = codec::FindResource("", "v1", "pods", "log");
  ASSERT_NE(log, nullptr);
  EXPECT_FALSE(factory.InformerFor(*log).ok());

  // The fake serves pods only, so only the pod informer runs here; the factory waits for
  // the informers that were started.
  (*a)->Start();
  ASSERT_TRUE(factory.WaitForCacheSync(std::chrono::seconds(10)));
  EXPECT_NE((*a)->indexer().Get("ns/p"), nullptr);
  // Every informer has the namespace index.
  EXPECT_EQ((*a)->indexer().ByIndex(kNamespaceIndex, "ns")->size(), 1u);

  factory.Shutdown();
  EXPECT_FALSE(factory.InformerFor(*pods).ok());
  EXPECT_EQ(factory.size(), 3u);  // stopped, still alive for their users
}

TEST(SharedInformerFactoryTest, ResourcesOutsideTheTableAreCopiedAndNeedMetadataOnly) {
  // What a RestListerWatcher keeps: a pointer to the description it was made with.
  const codec::ResourceInfo* kept = nullptr;
  SharedInformerFactory factory(
      [&](const InformerKey&, const codec::ResourceInfo& r) -> std::unique_ptr<ListerWatcher> {
        kept = &r;
        return std::make_unique<testing::FakeListerWatcher>();
      },
      {});
  SharedIndexInformer* meta = nullptr;
  {
    // A custom resource the codec does not know; the description is a temporary.
    std::string group = "example.kubecxx.io", resource = "widgets", kind = "Widget";
    codec::ResourceInfo widgets{group, "v1", resource, "", group, "v1", kind, true,
                                codec::kVerbList | codec::kVerbWatch};
    StatusOr<SharedIndexInformer*> full = factory.InformerFor(widgets);
    ASSERT_FALSE(full.ok());
    EXPECT_EQ(full.status().message(),
              "resource widgets.example.kubecxx.io serves kind \"Widget\", which is not a "
              "registered kind; use a metadata-only informer");
    StatusOr<SharedIndexInformer*> m = factory.InformerFor(widgets, /*metadata_only=*/true);
    ASSERT_TRUE(m.ok()) << m.status().message();
    meta = *m;
    group.assign("overwritten-after-the-call");
    resource.assign("overwritten");
  }
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept->group, "example.kubecxx.io");
  EXPECT_EQ(kept->resource, "widgets");
  EXPECT_EQ(kept->kind, "Widget");
  EXPECT_EQ(meta->kind()->kind, "PartialObjectMetadata");
  EXPECT_EQ(factory.size(), 1u);
}

}  // namespace
}  // namespace kubecxx::client::cache
