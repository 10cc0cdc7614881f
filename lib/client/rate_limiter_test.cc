#include "lib/client/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace kubecxx::client {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;

TEST(TokenBucketTest, StartsFullThenRefillsAtQps) {
  FakeClock clock;
  TokenBucketRateLimiter limiter(5, 10, &clock);  // rest.Config defaults
  for (int i = 0; i < 10; ++i) {
    EXPECT_TRUE(limiter.TryAccept()) << i;
  }
  EXPECT_FALSE(limiter.TryAccept());
  clock.Step(milliseconds(199));
  EXPECT_FALSE(limiter.TryAccept());
  clock.Step(milliseconds(1));
  EXPECT_TRUE(limiter.TryAccept());
  EXPECT_FALSE(limiter.TryAccept());
  // Never more than the burst, however long it idles.
  clock.Step(std::chrono::hours(1));
  int taken = 0;
  while (limiter.TryAccept()) ++taken;
  EXPECT_EQ(taken, 10);
}

TEST(TokenBucketTest, ReservationsQueueUpWithGoArithmetic) {
  FakeClock clock;
  TokenBucketRateLimiter limiter(5, 2, &clock);
  EXPECT_EQ(limiter.Reserve(), nanoseconds(0));
  EXPECT_EQ(limiter.Reserve(), nanoseconds(0));
  EXPECT_EQ(limiter.Reserve(), milliseconds(200));
  EXPECT_EQ(limiter.Reserve(), milliseconds(400));
  clock.Step(milliseconds(100));
  EXPECT_EQ(limiter.Reserve(), milliseconds(500));

  // float32 qps is widened to float64 as rate.Limit(qps) does: 0.1f is 0.10000000149...,
  // so one token takes 9.99999985 s, truncated to whole nanoseconds.
  TokenBucketRateLimiter slow(0.1f, 1, &clock);
  EXPECT_EQ(slow.Reserve(), nanoseconds(0));
  EXPECT_EQ(slow.Reserve(), nanoseconds(9999999850));
  EXPECT_FLOAT_EQ(slow.qps(), 0.1f);
}

TEST(TokenBucketTest, AcceptBlocksUntilTheTokenIsDue) {
  FakeClock clock;
  TokenBucketRateLimiter limiter(10, 1, &clock);
  limiter.Accept();  // the one token of the burst: no wait
  std::atomic<bool> done{false};
  std::thread t([&] {
    limiter.Accept();
    done = true;
  });
  ASSERT_TRUE(clock.WaitForWaiters(1));
  clock.Step(milliseconds(99));
  ASSERT_TRUE(clock.WaitForWaiters(1));  // woke, saw it is early, waits again
  EXPECT_FALSE(done.load());
  clock.Step(milliseconds(1));
  t.join();
  EXPECT_TRUE(done.load());
}

}  // namespace
}  // namespace kubecxx::client
