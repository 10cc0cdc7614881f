// Timings of the rate limiters, mirroring client-go's default_rate_limiters_test.go,
// under a fake clock.

#include "lib/workqueue/rate_limiter.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "lib/workqueue/rate_limiting_queue.h"

namespace kubecxx::workqueue {
namespace {

using std::chrono::milliseconds;

QueueConfig WithClock(Clock* clock) {
  QueueConfig config;
  config.clock = clock;
  return config;
}
using std::chrono::seconds;

TEST(RateLimiterTest, ItemExponentialFailure) {
  ItemExponentialFailureRateLimiter<std::string> limiter(milliseconds(1), seconds(1));
  EXPECT_EQ(limiter.When("one"), milliseconds(1));
  EXPECT_EQ(limiter.When("one"), milliseconds(2));
  EXPECT_EQ(limiter.When("one"), milliseconds(4));
  EXPECT_EQ(limiter.When("one"), milliseconds(8));
  EXPECT_EQ(limiter.When("one"), milliseconds(16));
  EXPECT_EQ(limiter.NumRequeues("one"), 5);
  EXPECT_EQ(limiter.When("two"), milliseconds(1));
  EXPECT_EQ(limiter.When("two"), milliseconds(2));
  EXPECT_EQ(limiter.NumRequeues("two"), 2);
  limiter.Forget("one");
  EXPECT_EQ(limiter.NumRequeues("one"), 0);
  EXPECT_EQ(limiter.When("one"), milliseconds(1));
}

TEST(RateLimiterTest, ItemExponentialFailureCapsAndNeverOverflows) {
  ItemExponentialFailureRateLimiter<std::string> limiter(milliseconds(1), seconds(1000));
  for (int i = 0; i < 20; ++i) limiter.When("one");  // 2^19 ms > 1000 s from here on
  EXPECT_EQ(limiter.When("one"), seconds(1000));
  for (int i = 0; i < 2000; ++i) limiter.When("one");  // 2^2000 is +Inf as a double
  EXPECT_EQ(limiter.When("one"), seconds(1000));

  ItemExponentialFailureRateLimiter<std::string> huge(Clock::Duration(1), Clock::Duration::max());
  for (int i = 0; i < 62; ++i) huge.When("x");
  EXPECT_EQ(huge.When("x"), Clock::Duration(int64_t{1} << 62));
  EXPECT_EQ(huge.When("x"), Clock::Duration::max());  // 2^63 ns does not fit
}

TEST(RateLimiterTest, ItemFastSlow) {
  ItemFastSlowRateLimiter<std::string> limiter(milliseconds(5), seconds(10), 3);
  EXPECT_EQ(limiter.When("one"), milliseconds(5));
  EXPECT_EQ(limiter.When("one"), milliseconds(5));
  EXPECT_EQ(limiter.When("one"), milliseconds(5));
  EXPECT_EQ(limiter.When("one"), seconds(10));
  EXPECT_EQ(limiter.When("one"), seconds(10));
  EXPECT_EQ(limiter.NumRequeues("one"), 5);
  EXPECT_EQ(limiter.When("two"), milliseconds(5));
  EXPECT_EQ(limiter.NumRequeues("two"), 1);
  limiter.Forget("one");
  EXPECT_EQ(limiter.NumRequeues("one"), 0);
  EXPECT_EQ(limiter.When("one"), milliseconds(5));
}

TEST(RateLimiterTest, BucketBurstThenQps) {
  FakeClock clock;
  BucketRateLimiter<std::string> limiter(10, 100, &clock);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(limiter.When("x"), Clock::Duration::zero()) << i;
  // The burst is spent: each further token is 100ms further out.
  EXPECT_EQ(limiter.When("x"), milliseconds(100));
  EXPECT_EQ(limiter.When("x"), milliseconds(200));
  EXPECT_EQ(limiter.When("x"), milliseconds(300));
  clock.Step(milliseconds(300));  // refills the three reserved tokens
  EXPECT_EQ(limiter.When("x"), milliseconds(100));
  clock.Step(seconds(100));  // refills to the burst, not beyond
  for (int i = 0; i < 100; ++i) EXPECT_EQ(limiter.When("x"), Clock::Duration::zero()) << i;
  EXPECT_EQ(limiter.When("x"), milliseconds(100));
  EXPECT_EQ(limiter.NumRequeues("x"), 0);
}

TEST(RateLimiterTest, BucketWithoutRefillOrBurst) {
  FakeClock clock;
  BucketRateLimiter<std::string> no_refill(0, 1, &clock);
  EXPECT_EQ(no_refill.When("x"), Clock::Duration::zero());
  EXPECT_EQ(no_refill.When("x"), Clock::Duration::max());
  BucketRateLimiter<std::string> no_burst(10, 0, &clock);
  EXPECT_EQ(no_burst.When("x"), Clock::Duration::max());
}

TEST(RateLimiterTest, MaxOf) {
  std::vector<std::unique_ptr<RateLimiter>> limiters;
  limiters.push_back(
      std::make_unique<ItemFastSlowRateLimiter<std::string>>(milliseconds(5), seconds(3), 3));
  limiters.push_back(
      std::make_unique<ItemExponentialFailureRateLimiter<std::string>>(milliseconds(1), seconds(1)));
  MaxOfRateLimiter<std::string> limiter(std::move(limiters));
  EXPECT_EQ(limiter.When("one"), milliseconds(5));
  EXPECT_EQ(limiter.When("one"), milliseconds(5));
  EXPECT_EQ(limiter.When("one"), milliseconds(5));
  EXPECT_EQ(limiter.When("one"), seconds(3));
  EXPECT_EQ(limiter.When("one"), seconds(3));
  EXPECT_EQ(limiter.NumRequeues("one"), 5);
  EXPECT_EQ(limiter.When("two"), milliseconds(5));
  EXPECT_EQ(limiter.When("two"), milliseconds(5));
  EXPECT_EQ(limiter.NumRequeues("two"), 2);
  limiter.Forget("one");
  EXPECT_EQ(limiter.NumRequeues("one"), 0);
  EXPECT_EQ(limiter.When("one"), milliseconds(5));
}

TEST(RateLimiterTest, WithMaxWait) {
  auto inner = std::make_unique<ItemExponentialFailureRateLimiter<std::string>>(seconds(1),
                                                                                 seconds(100));
  WithMaxWaitRateLimiter<std::string> limiter(std::move(inner), seconds(5));
  EXPECT_EQ(limiter.When("x"), seconds(1));
  EXPECT_EQ(limiter.When("x"), seconds(2));
  EXPECT_EQ(limiter.When("x"), seconds(4));
  EXPECT_EQ(limiter.When("x"), seconds(5));
  EXPECT_EQ(limiter.When("x"), seconds(5));
  EXPECT_EQ(limiter.NumRequeues("x"), 5);
}

// DefaultControllerRateLimiter: per-item 5ms * 2^n until the overall bucket (10 qps, burst
// 100) is spent, then whichever is larger.
TEST(RateLimiterTest, DefaultControllerRateLimiter) {
  FakeClock clock;
  auto limiter = DefaultControllerRateLimiter<std::string>(&clock);
  EXPECT_EQ(limiter->When("a"), milliseconds(5));
  EXPECT_EQ(limiter->When("a"), milliseconds(10));
  EXPECT_EQ(limiter->When("a"), milliseconds(20));
  EXPECT_EQ(limiter->NumRequeues("a"), 3);
  for (int i = 0; i < 97; ++i) limiter->When("k" + std::to_string(i));  // spends the burst
  // Fresh item: its own backoff is 5ms, but the bucket now says 100ms.
  EXPECT_EQ(limiter->When("fresh"), milliseconds(100));
  limiter->Forget("a");
  EXPECT_EQ(limiter->NumRequeues("a"), 0);
  clock.Step(seconds(1000));
  for (int i = 0; i < 20; ++i) limiter->When("slow");
  EXPECT_EQ(limiter->When("slow"), seconds(1000));  // per-item cap
}

TEST(RateLimitingQueueTest, AddRateLimitedForgetNumRequeues) {
  FakeClock clock;
  RateLimitingQueue q(std::make_unique<ItemExponentialFailureRateLimiter<std::string>>(
                          milliseconds(1), seconds(1)),
                      WithClock(&clock));
  q.AddRateLimited("one");
  EXPECT_EQ(q.Len(), 0u);
  clock.Step(milliseconds(1));
  EXPECT_EQ(q.Len(), 1u);
  q.AddRateLimited("one");  // 2ms, merged with the pending item once it is ready
  EXPECT_EQ(q.NumRequeues("one"), 2);
  clock.Step(milliseconds(2));
  EXPECT_EQ(q.Len(), 1u);
  q.AddRateLimited("two");
  clock.Step(milliseconds(1));
  EXPECT_EQ(q.Len(), 2u);
  q.Forget("one");
  EXPECT_EQ(q.NumRequeues("one"), 0);
  q.AddRateLimited("one");
  EXPECT_EQ(q.NumRequeues("one"), 1);
}

}  // namespace
}  // namespace kubecxx::workqueue
