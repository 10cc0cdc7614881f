#include "lib/client/cache/shared_informer.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>

#include <gtest/gtest.h>

#include "lib/client/cache/testing/fake_lister_watcher.h"

namespace kubecxx::client::cache {
namespace {

using testing::FakeListerWatcher;
using testing::MakePod;

// Records every notification as text: "ADD ns/a initial", "UPDATE ns/a 5->7", "DELETE ns/a",
// "DELETE ns/a unknown".
class Recorder final : public EventHandler {
 public:
  void OnAdd(const ObjectPtr& obj, bool initial) override {
    Record("ADD " + *MetaNamespaceKey(*obj) + (initial ? " initial" : ""));
  }
  void OnUpdate(const ObjectPtr& o, const ObjectPtr& n) override {
    Record("UPDATE " + *MetaNamespaceKey(*n) + " " + std::string(ResourceVersionOf(*o)) + "->" +
           std::string(ResourceVersionOf(*n)) + (o == n ? " same" : ""));
  }
  void OnDelete(const DeletedObject& d) override {
    std::string key = d.final_state_unknown ? d.key : *MetaNamespaceKey(*d.object);
    EXPECT_NE(d.object, nullptr);
    Record("DELETE " + key + (d.final_state_unknown ? " unknown" : ""));
  }

  bool WaitFor(const std::string& e,
               std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock l(mu_);
    return cv_.wait_for(l, timeout, [&] {
      return std::find(events_.begin(), events_.end(), e) != events_.end();
    });
  }
  bool WaitForCount(size_t n) {
    std::unique_lock l(mu_);
    return cv_.wait_for(l, std::chrono::seconds(10), [&] { return events_.size() >= n; });
  }
  std::vector<std::string> events() {
    std::lock_guard l(mu_);
    return events_;
  }
  size_t Count(const std::string& prefix) {
    std::lock_guard l(mu_);
    return std::count_if(events_.begin(), events_.end(),
                         [&](const std::string& e) { return e.rfind(prefix, 0) == 0; });
  }
  // Blocks the handler thread until Release().
  void Hold() {
    std::lock_guard l(mu_);
    held_ = true;
  }
  void Release() {
    std::lock_guard l(mu_);
    held_ = false;
    cv_.notify_all();
  }

 private:
  void Record(std::string e) {
    std::unique_lock l(mu_);
    events_.push_back(std::move(e));
    cv_.notify_all();
    cv_.wait(l, [&] { return !held_; });
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> events_;
  bool held_ = false;
};

SharedInformerOptions Options(bool watch_list, Clock* clock, Clock::Duration resync) {
  SharedInformerOptions o;
  o.resync_period = resync;
  o.indexers = {{std::string(kNamespaceIndex), MetaNamespaceIndexFunc}};
  o.reflector.use_watch_list = watch_list;
  o.reflector.clock = clock;
  o.reflector.backoff.initial = std::chrono::milliseconds(1);
  o.reflector.backoff.cap = std::chrono::milliseconds(5);
  o.reflector.rand01 = [] { return 0.0; };
  return o;
}

const codec::KindInfo* PodKind() { return codec::FindKind("", "v1", "Pod"); }

struct Fixture {
  explicit Fixture(bool watch_list, Clock* clock = Clock::Real(),
                   Clock::Duration resync = Clock::Duration(0)) {
    auto owned = std::make_unique<FakeListerWatcher>();
    lw = owned.get();
    informer = std::make_unique<SharedIndexInformer>(std::move(owned), PodKind(),
                                                     Options(watch_list, clock, resync));
  }
  FakeListerWatcher* lw;
  std::unique_ptr<SharedIndexInformer> informer;
};

TEST(SharedInformerTest, InitialListThenEventsInOrder) {
  for (bool watch_list : {false, true}) {
    SCOPED_TRACE(watch_list ? "WatchList" : "LIST+WATCH");
    Fixture f(watch_list);
    f.lw->Create(MakePod("ns", "a"));
    f.lw->Create(MakePod("other", "b"));
    auto rec = std::make_shared<Recorder>();
    auto reg = f.informer->AddEventHandler(rec);
    ASSERT_TRUE(reg.ok());
    f.informer->Start();
    ASSERT_TRUE(f.informer->WaitForCacheSync(std::chrono::seconds(10)));
    ASSERT_TRUE(rec->WaitForCount(2));
    EXPECT_TRUE(rec->WaitFor("ADD ns/a initial"));
    EXPECT_TRUE(rec->WaitFor("ADD other/b initial"));
    EXPECT_EQ(f.informer->indexer().size(), 2u);
    EXPECT_EQ(f.informer->indexer().ByIndex(kNamespaceIndex, "other")->size(), 1u);
    EXPECT_EQ(f.informer->reflector().watch_list_syncs(), watch_list ? 1 : 0);

    std::string rv_c = f.lw->Create(MakePod("ns", "c"));
    api::core::v1::Pod a = MakePod("ns", "a");
    a.object_meta.labels["x"] = "y";
    std::string old_rv = f.informer->indexer().Get("ns/a")->meta()->resource_version;
    std::string rv_a = f.lw->Update(a);
    f.lw->Remove("other", "b");
    ASSERT_TRUE(rec->WaitFor("DELETE other/b"));
    auto ev = rec->events();
    ASSERT_EQ(ev.size(), 5u);
    EXPECT_EQ(ev[2], "ADD ns/c");
    EXPECT_EQ(ev[3], "UPDATE ns/a " + old_rv + "->" + rv_a);
    EXPECT_EQ(f.informer->indexer().Get("ns/b"), nullptr);
    EXPECT_EQ(f.informer->indexer().Get("ns/a")->meta()->labels.at("x"), "y");
    EXPECT_TRUE(reg.value()->HasSynced());
    f.informer->Stop();
  }
}

TEST(SharedInformerTest, RelistAfterGapGivesTombstones) {
  Fixture f(false);
  f.lw->Create(MakePod("ns", "a"));
  f.lw->Create(MakePod("ns", "b"));
  auto rec = std::make_shared<Recorder>();
  ASSERT_TRUE(f.informer->AddEventHandler(rec).ok());
  f.informer->Start();
  ASSERT_TRUE(f.informer->WaitForCacheSync(std::chrono::seconds(10)));
  ASSERT_TRUE(rec->WaitForCount(2));

  f.lw->BeginPartition();  // the delete of a is never seen by a watch
  f.lw->Remove("ns", "a");
  f.lw->Create(MakePod("ns", "c"));
  f.lw->Compact();
  f.lw->EndPartition();
  ASSERT_TRUE(rec->WaitFor("ADD ns/c"));
  ASSERT_TRUE(rec->WaitFor("DELETE ns/a unknown"));
  // b is unchanged: its OnUpdate(b, b) is a resync, which this handler did not ask for.
  EXPECT_EQ(rec->Count("UPDATE"), 0u);
  EXPECT_EQ(f.informer->indexer().size(), 2u);
  EXPECT_EQ(f.informer->indexer().Get("ns/a"), nullptr);
}

TEST(SharedInformerTest, HandlerAddedAfterStartGetsTheStoreThenEvents) {
  Fixture f(true);
  for (int i = 0; i < 5; ++i) f.lw->Create(MakePod("ns", "p" + std::to_string(i)));
  f.informer->Start();
  ASSERT_TRUE(f.informer->WaitForCacheSync(std::chrono::seconds(10)));
  auto late = std::make_shared<Recorder>();
  auto reg = f.informer->AddEventHandler(late);
  ASSERT_TRUE(reg.ok());
  f.lw->Create(MakePod("ns", "new"));
  ASSERT_TRUE(late->WaitFor("ADD ns/new"));
  auto ev = late->events();
  ASSERT_EQ(ev.size(), 6u);
  for (int i = 0; i < 5; ++i) EXPECT_NE(ev[i].find(" initial"), std::string::npos) << ev[i];
  EXPECT_EQ(ev[5], "ADD ns/new");
  EXPECT_TRUE(reg.value()->HasSynced());
}

TEST(SharedInformerTest, SlowHandlerDoesNotBlockOthersOrTheStore) {
  Fixture f(true);
  auto slow = std::make_shared<Recorder>();
  auto fast = std::make_shared<Recorder>();
  auto slow_reg = f.informer->AddEventHandler(slow);
  ASSERT_TRUE(f.informer->AddEventHandler(fast).ok());
  slow->Hold();
  f.informer->Start();
  ASSERT_TRUE(f.informer->WaitForCacheSync(std::chrono::seconds(10)));
  for (int i = 0; i < 100; ++i) f.lw->Create(MakePod("ns", "p" + std::to_string(i)));
  ASSERT_TRUE(fast->WaitForCount(100));
  EXPECT_EQ(f.informer->indexer().size(), 100u);
  EXPECT_LE(slow->events().size(), 1u);  // stuck in its first call
  slow->Release();
  ASSERT_TRUE(slow->WaitForCount(100));
}

TEST(SharedInformerTest, ResyncReachesOnlyHandlersThatAskedForIt) {
  // As upstream, handler periods only work when the informer has a default resync period
  // (its check period); a handler may opt out with 0.
  FakeClock clock;
  Fixture f(true, &clock, std::chrono::seconds(30));
  f.lw->Create(MakePod("ns", "a"));
  auto resyncing = std::make_shared<Recorder>();
  auto quiet = std::make_shared<Recorder>();
  ASSERT_TRUE(f.informer->AddEventHandler(resyncing).ok());
  ASSERT_TRUE(f.informer->AddEventHandler(quiet, Clock::Duration(0)).ok());
  f.informer->Start();
  ASSERT_TRUE(f.informer->WaitForCacheSync(std::chrono::seconds(10)));
  ASSERT_TRUE(resyncing->WaitForCount(1));
  std::string rv = f.informer->indexer().Get("ns/a")->meta()->resource_version;
  // Step fake time until the resync timer (armed when the watch started) fires.
  bool resynced = false;
  for (int i = 0; i < 100 && !resynced; ++i) {
    ASSERT_TRUE(clock.WaitForWaiters(1));
    clock.Step(std::chrono::seconds(30));
    resynced = resyncing->WaitFor("UPDATE ns/a " + rv + "->" + rv + " same",
                                  std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(resynced);
  // A later real event still reaches both, after the resync in order.
  f.lw->Create(MakePod("ns", "b"));
  ASSERT_TRUE(quiet->WaitFor("ADD ns/b"));
  EXPECT_EQ(quiet->Count("UPDATE"), 0u);
}

TEST(SharedInformerTest, RemovedHandlerHearsNothingMoreAndStoppedInformerRefuses) {
  Fixture f(true);
  auto a = std::make_shared<Recorder>();
  auto b = std::make_shared<Recorder>();
  auto reg_a = f.informer->AddEventHandler(a);
  ASSERT_TRUE(f.informer->AddEventHandler(b).ok());
  f.informer->Start();
  ASSERT_TRUE(f.informer->WaitForCacheSync(std::chrono::seconds(10)));
  ASSERT_TRUE(f.informer->RemoveEventHandler(*reg_a).ok());
  EXPECT_FALSE(f.informer->RemoveEventHandler(*reg_a).ok());
  f.lw->Create(MakePod("ns", "x"));
  ASSERT_TRUE(b->WaitFor("ADD ns/x"));
  EXPECT_EQ(a->Count("ADD"), 0u);

  f.informer->Stop();
  EXPECT_FALSE(f.informer->AddEventHandler(std::make_shared<Recorder>()).ok());
  EXPECT_TRUE(f.informer->HasSynced());  // it stays synced after Stop
}

TEST(SharedInformerTest, UnsyncedInformerReportsNotSynced) {
  Fixture f(false);
  f.lw->BeginPartition();  // never reachable
  f.informer->Start();
  EXPECT_FALSE(f.informer->WaitForCacheSync(std::chrono::milliseconds(50)));
  EXPECT_FALSE(f.informer->HasSynced());
  f.informer->Stop();
  EXPECT_FALSE(f.informer->WaitForCacheSync(std::chrono::seconds(5)));
}

}  // namespace
}  // namespace kubecxx::client::cache
