#include "lib/client/cache/reflector.h"

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <thread>

#include <gtest/gtest.h>

#include "lib/client/cache/testing/fake_lister_watcher.h"

namespace kubecxx::client::cache {
namespace {

using testing::FakeListerWatcher;
using testing::MakeApiError;
using testing::MakePod;

// Records what the reflector does to its store.
class RecordingStore final : public ReflectorStore {
 public:
  Status Add(ObjectPtr obj) override { return Record("ADD " + *MetaNamespaceKey(*obj)); }
  Status Update(ObjectPtr obj) override { return Record("UPDATE " + *MetaNamespaceKey(*obj)); }
  Status Delete(ObjectPtr obj) override { return Record("DELETE " + *MetaNamespaceKey(*obj)); }
  Status Replace(std::vector<ObjectPtr> objs, std::string rv) override {
    std::lock_guard l(mu_);
    last_replace_.clear();
    for (const auto& o : objs) last_replace_.push_back(*MetaNamespaceKey(*o));
    std::sort(last_replace_.begin(), last_replace_.end());
    ++replaces_;
    ops_.push_back("REPLACE " + std::to_string(objs.size()) + " @" + rv);
    cv_.notify_all();
    return Status::Ok();
  }
  Status Resync() override { return Record("RESYNC"); }
  void Bookmark(std::string rv) override { (void)Record("BOOKMARK @" + rv); }

  // Waits (bounded) until some recorded op equals `op`.
  bool WaitFor(const std::string& op) {
    std::unique_lock l(mu_);
    return cv_.wait_for(l, std::chrono::seconds(10), [&] {
      return std::find(ops_.begin(), ops_.end(), op) != ops_.end();
    });
  }
  bool WaitForReplaces(int n) {
    std::unique_lock l(mu_);
    return cv_.wait_for(l, std::chrono::seconds(10), [&] { return replaces_ >= n; });
  }
  std::vector<std::string> ops() {
    std::lock_guard l(mu_);
    return ops_;
  }
  std::vector<std::string> last_replace() {
    std::lock_guard l(mu_);
    return last_replace_;
  }

 private:
  Status Record(std::string op) {
    std::lock_guard l(mu_);
    ops_.push_back(std::move(op));
    cv_.notify_all();
    return Status::Ok();
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> ops_;
  std::vector<std::string> last_replace_;
  int replaces_ = 0;
};

ReflectorOptions FastOptions(bool watch_list) {
  ReflectorOptions o;
  o.name = "test";
  o.use_watch_list = watch_list;
  o.backoff.initial = std::chrono::milliseconds(1);
  o.backoff.cap = std::chrono::milliseconds(5);
  o.rand01 = [] { return 0.0; };
  return o;
}

template <typename Pred>
bool Eventually(Pred p) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (p()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return p();
}

class Running {
 public:
  Running(FakeListerWatcher* lw, RecordingStore* store, ReflectorOptions o)
      : r_(lw, store, std::move(o)), t_([this] { r_.Run(); }) {}
  ~Running() {
    r_.Stop();
    t_.join();
  }
  Reflector& r() { return r_; }

 private:
  Reflector r_;
  std::thread t_;
};

TEST(ReflectorTest, ListsFromWatchCacheThenWatchesWithBookmarks) {
  FakeListerWatcher lw;
  lw.Create(MakePod("ns", "a"));
  lw.Create(MakePod("ns", "b"));
  std::string list_rv = lw.current_rv();
  RecordingStore store;
  Running run(&lw, &store, FastOptions(false));
  ASSERT_TRUE(store.WaitFor("REPLACE 2 @" + list_rv));
  ASSERT_TRUE(Eventually([&] { return lw.open_watches() == 1; }));

  auto lists = lw.list_calls();
  ASSERT_EQ(lists.size(), 1u);
  EXPECT_EQ(lists[0].resource_version, "0");
  EXPECT_EQ(lists[0].limit, 500);
  auto watches = lw.watch_calls();
  ASSERT_EQ(watches.size(), 1u);
  EXPECT_EQ(watches[0].resource_version, list_rv);
  EXPECT_TRUE(watches[0].allow_watch_bookmarks);
  EXPECT_FALSE(watches[0].send_initial_events.has_value());
  ASSERT_TRUE(watches[0].timeout_seconds.has_value());
  EXPECT_GE(*watches[0].timeout_seconds, 300);
  EXPECT_LT(*watches[0].timeout_seconds, 600);

  lw.Create(MakePod("ns", "c"));
  ASSERT_TRUE(store.WaitFor("ADD ns/c"));
  lw.Remove("ns", "a");
  ASSERT_TRUE(store.WaitFor("DELETE ns/a"));
  lw.SendBookmark();
  std::string rv = lw.current_rv();
  ASSERT_TRUE(store.WaitFor("BOOKMARK @" + rv));
  EXPECT_EQ(run.r().LastSyncResourceVersion(), rv);
  EXPECT_EQ(run.r().list_syncs(), 1);
  EXPECT_EQ(run.r().watch_list_syncs(), 0);
}

TEST(ReflectorTest, PaginatesTheInitialList) {
  FakeListerWatcher lw;
  for (int i = 0; i < 1200; ++i) lw.Create(MakePod("ns", "p" + std::to_string(i)));
  RecordingStore store;
  Running run(&lw, &store, FastOptions(false));
  ASSERT_TRUE(store.WaitFor("REPLACE 1200 @" + lw.current_rv()));
  auto lists = lw.list_calls();
  ASSERT_EQ(lists.size(), 3u);
  EXPECT_EQ(lists[0].resource_version, "0");
  EXPECT_EQ(lists[0].limit, 500);
  EXPECT_TRUE(lists[0].continue_token.empty());
  EXPECT_EQ(lists[1].resource_version, "");  // continuations carry no RV
  EXPECT_FALSE(lists[1].continue_token.empty());
  EXPECT_EQ(lists[2].limit, 500);
  EXPECT_EQ(store.last_replace().size(), 1200u);
}

TEST(ReflectorTest, RelistsFromLastRvWhenTheWatchIsGone) {
  FakeListerWatcher lw;
  lw.Create(MakePod("ns", "a"));
  RecordingStore store;
  Running run(&lw, &store, FastOptions(false));
  ASSERT_TRUE(store.WaitForReplaces(1));
  ASSERT_TRUE(Eventually([&] { return lw.open_watches() == 1; }));
  std::string seen_rv = run.r().LastSyncResourceVersion();

  // While the watch is down, the server changes and forgets its history: the re-watch from
  // the old RV gets 410 Expired, and the reflector relists.
  lw.BeginPartition();
  lw.Create(MakePod("ns", "b"));
  lw.Remove("ns", "a");
  lw.Compact();
  lw.EndPartition();
  ASSERT_TRUE(store.WaitForReplaces(2));
  EXPECT_EQ(store.last_replace(), std::vector<std::string>{"ns/b"});
  auto lists = lw.list_calls();
  ASSERT_EQ(lists.size(), 2u);  // the refused re-watches backed off without relisting
  // The relist asks for at least the RV it had, unpaginated so the watch cache serves it.
  EXPECT_EQ(lists[1].resource_version, seen_rv);
  EXPECT_EQ(lists[1].limit, 0);
  EXPECT_TRUE(Eventually([&] { return run.r().LastSyncResourceVersion() == lw.current_rv(); }));
}

TEST(ReflectorTest, ExpiredListRetriesAtOnceAsQuorumRead) {
  FakeListerWatcher lw;
  lw.Create(MakePod("ns", "a"));
  lw.FailNextList(MakeApiError(410, "Expired", "too old resource version: 1 (5)"));
  RecordingStore store;
  Running run(&lw, &store, FastOptions(false));
  ASSERT_TRUE(store.WaitForReplaces(1));
  auto lists = lw.list_calls();
  ASSERT_EQ(lists.size(), 2u);
  EXPECT_EQ(lists[0].resource_version, "0");
  EXPECT_EQ(lists[1].resource_version, "");
}

TEST(ReflectorTest, ConnectionRefusedRewatchesWithoutRelisting) {
  FakeListerWatcher lw;
  lw.Create(MakePod("ns", "a"));
  lw.FailNextWatch(ApiError::Transport(Status(StatusCode::kUnavailable,
      "Get \"https://127.0.0.1:1/api/v1/pods\": dial tcp 127.0.0.1:1: connect: connection refused")),
      3);
  RecordingStore store;
  Running run(&lw, &store, FastOptions(false));
  ASSERT_TRUE(Eventually([&] { return lw.open_watches() == 1; }));
  EXPECT_EQ(lw.list_calls().size(), 1u);
  EXPECT_EQ(lw.watch_calls().size(), 4u);
}

TEST(ReflectorTest, OtherWatchErrorsRelist) {
  FakeListerWatcher lw;
  lw.Create(MakePod("ns", "a"));
  lw.FailNextWatch(MakeApiError(403, "Forbidden", "pods is forbidden"));
  RecordingStore store;
  Running run(&lw, &store, FastOptions(false));
  ASSERT_TRUE(store.WaitForReplaces(2));
  ASSERT_TRUE(Eventually([&] { return lw.open_watches() == 1; }));
  EXPECT_EQ(lw.list_calls().size(), 2u);
}

TEST(ReflectorTest, CleanWatchEndRewatchesFromLastRv) {
  FakeListerWatcher lw;
  lw.Create(MakePod("ns", "a"));
  RecordingStore store;
  Running run(&lw, &store, FastOptions(false));
  ASSERT_TRUE(Eventually([&] { return lw.open_watches() == 1; }));
  lw.Create(MakePod("ns", "b"));
  ASSERT_TRUE(store.WaitFor("ADD ns/b"));
  std::string rv = lw.current_rv();
  lw.EndWatches();
  ASSERT_TRUE(Eventually([&] { return lw.watch_calls().size() == 2 && lw.open_watches() == 1; }));
  EXPECT_EQ(lw.watch_calls()[1].resource_version, rv);
  EXPECT_EQ(lw.list_calls().size(), 1u);
}

TEST(ReflectorTest, WatchListStreamsTheInitialStateAndKeepsTheStream) {
  FakeListerWatcher lw;
  lw.Create(MakePod("ns", "a"));
  lw.Create(MakePod("ns", "b"));
  std::string rv = lw.current_rv();
  RecordingStore store;
  Running run(&lw, &store, FastOptions(true));
  ASSERT_TRUE(store.WaitFor("REPLACE 2 @" + rv));
  EXPECT_EQ(store.last_replace(), (std::vector<std::string>{"ns/a", "ns/b"}));
  auto watches = lw.watch_calls();
  ASSERT_EQ(watches.size(), 1u);
  EXPECT_EQ(watches[0].resource_version, "");
  EXPECT_EQ(watches[0].resource_version_match, "NotOlderThan");
  EXPECT_EQ(watches[0].send_initial_events, std::optional<bool>(true));
  EXPECT_TRUE(watches[0].allow_watch_bookmarks);
  EXPECT_TRUE(lw.list_calls().empty());
  // The initial ADDED events went to the staging store, not the real one.
  for (const std::string& op : store.ops()) EXPECT_NE(op.rfind("ADD ", 0), 0u) << op;

  lw.Create(MakePod("ns", "c"));
  ASSERT_TRUE(store.WaitFor("ADD ns/c"));
  EXPECT_EQ(lw.watch_calls().size(), 1u);  // the same stream goes on
  EXPECT_EQ(run.r().watch_list_syncs(), 1);
  EXPECT_TRUE(run.r().using_watch_list());
}

TEST(ReflectorTest, WatchListFallsBackToListWhenRefused) {
  FakeListerWatcher lw;
  lw.set_watch_list_supported(false);
  lw.Create(MakePod("ns", "a"));
  RecordingStore store;
  Running run(&lw, &store, FastOptions(true));
  ASSERT_TRUE(store.WaitForReplaces(1));
  ASSERT_TRUE(Eventually([&] { return lw.open_watches() == 1; }));
  EXPECT_EQ(run.r().list_syncs(), 1);
  EXPECT_EQ(run.r().watch_list_syncs(), 0);
  auto watches = lw.watch_calls();
  ASSERT_EQ(watches.size(), 2u);
  EXPECT_TRUE(watches[0].send_initial_events.value_or(false));
  EXPECT_FALSE(watches[1].send_initial_events.has_value());
}

TEST(ReflectorTest, WatchListRestartsFromScratchAfterExpiry) {
  FakeListerWatcher lw;
  lw.Create(MakePod("ns", "a"));
  RecordingStore store;
  Running run(&lw, &store, FastOptions(true));
  ASSERT_TRUE(store.WaitForReplaces(1));
  // The watch ends, the history is compacted: the re-watch from the old RV fails with 410,
  // the round ends and the next WatchList asks again from a consistent snapshot (RV "").
  lw.BeginPartition();
  lw.Create(MakePod("ns", "b"));
  lw.Compact();
  lw.EndPartition();
  ASSERT_TRUE(store.WaitForReplaces(2));
  EXPECT_EQ(store.last_replace(), (std::vector<std::string>{"ns/a", "ns/b"}));
  auto watches = lw.watch_calls();
  ASSERT_GE(watches.size(), 3u);
  EXPECT_TRUE(watches.back().send_initial_events.value_or(false));
  EXPECT_EQ(watches.back().resource_version, "");
  EXPECT_TRUE(lw.list_calls().empty());
}

TEST(ReflectorTest, ClientWithoutWatchListSemanticsLists) {
  FakeListerWatcher lw;
  lw.set_supports_watch_list_semantics(false);
  RecordingStore store;
  Running run(&lw, &store, FastOptions(true));
  ASSERT_TRUE(store.WaitForReplaces(1));
  EXPECT_FALSE(run.r().using_watch_list());
  EXPECT_EQ(lw.list_calls().size(), 1u);
}

TEST(ReflectorTest, ResyncsWhileWatchingWhenAsked) {
  FakeListerWatcher lw;
  RecordingStore store;
  std::atomic<int> asked{0};
  std::atomic<bool> answer{false};
  ReflectorOptions o = FastOptions(false);
  o.resync_period = std::chrono::milliseconds(5);
  o.should_resync = [&] {
    ++asked;
    return answer.load();
  };
  Running run(&lw, &store, o);
  ASSERT_TRUE(Eventually([&] { return asked.load() >= 3; }));
  auto ops = store.ops();
  EXPECT_EQ(std::count(ops.begin(), ops.end(), "RESYNC"), 0);
  answer = true;
  ASSERT_TRUE(store.WaitFor("RESYNC"));
}

TEST(ReflectorTest, StopEndsAnOpenWatchPromptly) {
  FakeListerWatcher lw;
  RecordingStore store;
  auto r = std::make_unique<Reflector>(&lw, &store, FastOptions(true));
  std::thread t([&] { r->Run(); });
  ASSERT_TRUE(store.WaitForReplaces(1));
  auto start = std::chrono::steady_clock::now();
  r->Stop();
  t.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(lw.open_watches(), 0u);
}

TEST(ReflectorBackoffTest, DoublesToTheCapAndResetsAfterQuiet) {
  FakeClock clock;
  ReflectorBackoff b(ReflectorBackoff::Params{}, &clock, [] { return 0.0; });
  using std::chrono::milliseconds;
  EXPECT_EQ(b.Next(), milliseconds(800));
  EXPECT_EQ(b.Next(), milliseconds(1600));
  EXPECT_EQ(b.Next(), milliseconds(3200));
  EXPECT_EQ(b.Next(), milliseconds(6400));
  EXPECT_EQ(b.Next(), milliseconds(12800));
  EXPECT_EQ(b.Next(), milliseconds(25600));
  EXPECT_EQ(b.Next(), milliseconds(30000));
  EXPECT_EQ(b.Next(), milliseconds(30000));
  clock.Step(std::chrono::minutes(3));
  EXPECT_EQ(b.Next(), milliseconds(800));

  ReflectorBackoff jittered(ReflectorBackoff::Params{}, &clock, [] { return 0.5; });
  EXPECT_EQ(jittered.Next(), milliseconds(1200));  // full jitter: d + 0.5*d
}

TEST(ReflectorTest, WatchListGateFollowsTheEnvironment) {
  unsetenv("KUBE_FEATURE_WatchListClient");
  EXPECT_TRUE(WatchListClientEnabledByEnv());
  setenv("KUBE_FEATURE_WatchListClient", "false", 1);
  EXPECT_FALSE(WatchListClientEnabledByEnv());
  setenv("KUBE_FEATURE_WatchListClient", "true", 1);
  EXPECT_TRUE(WatchListClientEnabledByEnv());
  unsetenv("KUBE_FEATURE_WatchListClient");
}

}  // namespace
}  // namespace kubecxx::client::cache
