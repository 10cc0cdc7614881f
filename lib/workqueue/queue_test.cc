#include "lib/workqueue/queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace kubecxx::workqueue {
namespace {

using std::chrono::milliseconds;

QueueConfig WithClock(Clock* clock) {
  QueueConfig config;
  config.clock = clock;
  return config;
}

TEST(QueueTest, AddGetDoneFifo) {
  Queue q;
  q.Add("a");
  q.Add("b");
  q.Add("c");
  EXPECT_EQ(q.Len(), 3u);
  EXPECT_EQ(*q.Get(), "a");
  EXPECT_EQ(*q.Get(), "b");
  EXPECT_EQ(*q.Get(), "c");
  EXPECT_EQ(q.Len(), 0u);
  q.Done("a");
  q.Done("b");
  q.Done("c");
  EXPECT_EQ(q.Len(), 0u);
}

TEST(QueueTest, AddDeduplicatesPendingKeys) {
  Queue q;
  q.Add("foo");
  q.Add("foo");
  q.Add("bar");
  q.Add("foo");
  EXPECT_EQ(q.Len(), 2u);
  EXPECT_EQ(*q.Get(), "foo");
  EXPECT_EQ(*q.Get(), "bar");
  EXPECT_EQ(q.Len(), 0u);
}

TEST(QueueTest, ReAddWhileProcessingIsQueuedAtDone) {
  Queue q;
  q.Add("foo");
  auto item = q.Get();
  ASSERT_TRUE(item);
  q.Add("foo");  // dirty while processing: not handed out yet
  q.Add("foo");  // and de-duplicated
  EXPECT_EQ(q.Len(), 0u);
  q.Done("foo");
  EXPECT_EQ(q.Len(), 1u);
  EXPECT_EQ(*q.Get(), "foo");
  q.Done("foo");
  EXPECT_EQ(q.Len(), 0u);
}

TEST(QueueTest, DoneOfUnknownItemIsHarmless) {
  Queue q;
  q.Done("never");
  q.Add("x");
  q.Done("x");  // queued but not processing: stays queued
  EXPECT_EQ(q.Len(), 1u);
}

TEST(QueueTest, GetBlocksUntilAdd) {
  FakeClock clock;
  Queue q(WithClock(&clock));
  std::optional<std::string> got;
  std::thread worker([&] { got = q.Get(); });
  ASSERT_TRUE(clock.WaitForWaiters(1));  // the worker is blocked in Get
  q.Add("late");
  worker.join();
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, "late");
}

TEST(QueueTest, ShutDownWakesBlockedGetters) {
  FakeClock clock;
  Queue q(WithClock(&clock));
  std::vector<std::thread> workers;
  std::atomic<int> shutdowns{0};
  for (int i = 0; i < 3; ++i) {
    workers.emplace_back([&] {
      if (!q.Get()) ++shutdowns;
    });
  }
  ASSERT_TRUE(clock.WaitForWaiters(3));
  q.ShutDown();
  for (auto& w : workers) w.join();
  EXPECT_EQ(shutdowns.load(), 3);
  EXPECT_TRUE(q.ShuttingDown());
}

TEST(QueueTest, ShutDownHandsOutRemainingItemsAndIgnoresAdds) {
  Queue q;
  q.Add("a");
  q.Add("b");
  q.ShutDown();
  q.Add("c");
  EXPECT_EQ(q.Len(), 2u);
  EXPECT_EQ(*q.Get(), "a");
  EXPECT_EQ(*q.Get(), "b");
  EXPECT_FALSE(q.Get());
}

TEST(QueueTest, ShutDownWithDrainWaitsForInFlightItems) {
  FakeClock clock;
  Queue q(WithClock(&clock));
  q.Add("a");
  q.Add("b");
  auto a = q.Get();
  auto b = q.Get();
  ASSERT_TRUE(a && b);
  std::atomic<bool> drained{false};
  std::thread shutdown([&] {
    q.ShutDownWithDrain();
    drained = true;
  });
  ASSERT_TRUE(clock.WaitForWaiters(1));  // blocked in the drain wait
  EXPECT_FALSE(drained.load());
  q.Done(*a);
  EXPECT_FALSE(drained.load());
  q.Done(*b);
  shutdown.join();
  EXPECT_TRUE(drained.load());
  EXPECT_FALSE(q.Get());
}

TEST(QueueTest, ShutDownStopsAPendingDrain) {
  FakeClock clock;
  Queue q(WithClock(&clock));
  q.Add("stuck");
  ASSERT_TRUE(q.Get());
  std::thread drain([&] { q.ShutDownWithDrain(); });
  ASSERT_TRUE(clock.WaitForWaiters(1));
  q.ShutDown();  // forces the drain to give up although "stuck" is never Done
  drain.join();
}

TEST(QueueTest, ShutDownWithDrainOnIdleQueueReturns) {
  Queue q;
  q.ShutDownWithDrain();
  EXPECT_TRUE(q.ShuttingDown());
}

// N workers, many keys, concurrent adders: no key is ever processed by two workers at once,
// and every Add is followed by a processing run that started after it.
TEST(QueueTest, ConcurrentWorkersNeverShareAKeyAndLoseNoAdd) {
  constexpr int kWorkers = 8;
  constexpr int kAdders = 4;
  constexpr int kKeys = 50;
  constexpr int kAddsPerAdder = 5000;
  Queue q;
  std::vector<std::atomic<int>> in_flight(kKeys);
  std::vector<std::atomic<int>> version(kKeys);    // bumped before every Add
  std::vector<std::atomic<int>> processed(kKeys);  // version seen at a processing start
  std::atomic<int> overlaps{0};
  std::atomic<long> runs{0};

  auto index = [](const std::string& key) { return std::stoi(key.substr(1)); };
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&] {
      while (auto key = q.Get()) {
        int i = index(*key);
        if (in_flight[i].fetch_add(1) != 0) ++overlaps;
        processed[i] = version[i].load();
        std::this_thread::yield();
        in_flight[i].fetch_sub(1);
        ++runs;
        q.Done(*key);
      }
    });
  }
  std::vector<std::thread> adders;
  for (int a = 0; a < kAdders; ++a) {
    adders.emplace_back([&, a] {
      for (int n = 0; n < kAddsPerAdder; ++n) {
        int i = (n * 7 + a) % kKeys;
        ++version[i];
        q.Add("k" + std::to_string(i));
      }
    });
  }
  for (auto& t : adders) t.join();
  q.ShutDownWithDrain();
  for (auto& t : workers) t.join();

  EXPECT_EQ(overlaps.load(), 0);
  for (int i = 0; i < kKeys; ++i) {
    EXPECT_EQ(processed[i].load(), version[i].load()) << "key k" << i << " lost its last add";
  }
  EXPECT_GE(runs.load(), kKeys);
  EXPECT_LE(runs.load(), static_cast<long>(kAdders) * kAddsPerAdder);
}

// A generic key type (upstream queues are generic too).
struct Ref {
  std::string ns;
  int id;
  bool operator==(const Ref&) const = default;
};
struct RefHash {
  size_t operator()(const Ref& r) const { return std::hash<std::string>()(r.ns) ^ r.id; }
};

TEST(QueueTest, StructKeys) {
  TypedQueue<Ref, RefHash> q;
  q.Add({"a", 1});
  q.Add({"a", 1});
  q.Add({"a", 2});
  EXPECT_EQ(q.Len(), 2u);
  auto first = q.Get();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->id, 1);
}

}  // namespace
}  // namespace kubecxx::workqueue
