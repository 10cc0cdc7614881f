#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include "lib/workqueue/queue.h"

namespace kubecxx::workqueue {
namespace {

using std::chrono::milliseconds;

QueueConfig WithClock(Clock* clock) {
  QueueConfig config;
  config.clock = clock;
  return config;
}
using std::chrono::seconds;

class DelayingQueueTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  DelayingQueue q_{WithClock(&clock_)};
};

TEST_F(DelayingQueueTest, AddAfterWaitsForTheDelay) {
  q_.AddAfter("foo", milliseconds(50));
  EXPECT_EQ(q_.Len(), 0u);
  clock_.Step(milliseconds(49));
  EXPECT_EQ(q_.Len(), 0u);
  clock_.Step(milliseconds(1));
  EXPECT_EQ(q_.Len(), 1u);
  EXPECT_EQ(*q_.Get(), "foo");
}

TEST_F(DelayingQueueTest, NonPositiveDelayAddsAtOnce) {
  q_.AddAfter("now", milliseconds(0));
  q_.AddAfter("past", milliseconds(-5));
  EXPECT_EQ(q_.Len(), 2u);
}

TEST_F(DelayingQueueTest, RepeatedAddAfterKeepsTheEarliestTime) {
  q_.AddAfter("foo", milliseconds(50));
  q_.AddAfter("foo", milliseconds(70));  // later: ignored
  clock_.Step(milliseconds(60));
  EXPECT_EQ(q_.Len(), 1u);
  EXPECT_EQ(*q_.Get(), "foo");
  clock_.Step(milliseconds(60));
  EXPECT_EQ(q_.Len(), 0u);  // the 70ms request was merged, not kept

  q_.AddAfter("bar", milliseconds(50));
  q_.AddAfter("bar", milliseconds(30));  // earlier: moves it
  clock_.Step(milliseconds(30));
  EXPECT_EQ(q_.Len(), 1u);
}

TEST_F(DelayingQueueTest, ReadyItemsComeOutInReadyOrder) {
  q_.AddAfter("c", milliseconds(30));
  q_.AddAfter("a", milliseconds(10));
  q_.AddAfter("b", milliseconds(20));
  clock_.Step(milliseconds(30));
  EXPECT_EQ(*q_.Get(), "a");
  EXPECT_EQ(*q_.Get(), "b");
  EXPECT_EQ(*q_.Get(), "c");
}

TEST_F(DelayingQueueTest, DelayedItemDeduplicatesWithPendingAdd) {
  q_.Add("foo");
  q_.AddAfter("foo", milliseconds(10));
  clock_.Step(milliseconds(10));
  EXPECT_EQ(q_.Len(), 1u);
}

TEST_F(DelayingQueueTest, BlockedGetWakesWhenTheDelayPasses) {
  std::optional<std::string> got;
  std::atomic<bool> returned{false};
  std::thread worker([&] {
    got = q_.Get();
    returned = true;
  });
  ASSERT_TRUE(clock_.WaitForWaiters(1));
  q_.AddAfter("later", seconds(5));  // re-arms the sleeping Get
  clock_.Step(seconds(4));
  EXPECT_FALSE(returned.load());
  clock_.Step(seconds(1));
  worker.join();
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, "later");
}

TEST_F(DelayingQueueTest, ShutDownDropsDelayedItemsAndIgnoresNewOnes) {
  q_.AddAfter("foo", milliseconds(10));
  q_.ShutDown();
  q_.AddAfter("bar", milliseconds(0));
  clock_.Step(seconds(1));
  EXPECT_EQ(q_.Len(), 0u);
  EXPECT_FALSE(q_.Get());
}

TEST_F(DelayingQueueTest, SaturatesHugeDelays) {
  q_.AddAfter("never", Clock::Duration::max());
  clock_.Step(std::chrono::hours(24 * 365));
  EXPECT_EQ(q_.Len(), 0u);
}

}  // namespace
}  // namespace kubecxx::workqueue
