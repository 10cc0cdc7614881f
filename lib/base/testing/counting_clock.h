// CountingClock: a FakeClock wrapper that counts entries into Wait(), so a test can step
// time and then wait until every woken thread is blocked on the clock again (FakeClock
// wakes every waiter on each time change; a thread that re-enters Wait has finished the
// work that step released).
//
//   const int64_t e = clock.entries();
//   fake.Step(d);
//   clock.WaitEntries(e + n);  fake.WaitForWaiters(n);
//
// Thread-safety: as FakeClock.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>

#include "lib/base/clock.h"

namespace kubecxx::testing {

class CountingClock : public Clock {
 public:
  explicit CountingClock(FakeClock* fake) : fake_(fake) {}
  TimePoint Now() const override { return fake_->Now(); }
  WallTime WallNow() const override { return fake_->WallNow(); }
  void Wait(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
            std::optional<TimePoint> deadline) override {
    {
      std::lock_guard<std::mutex> l(mu_);
      ++entries_;
      changed_.notify_all();
    }
    fake_->Wait(cv, lock, deadline);
  }
  int64_t entries() const {
    std::lock_guard<std::mutex> l(mu_);
    return entries_;
  }
  // Blocks (real time, at most 10 s) until entries() >= n; returns whether it got there.
  bool WaitEntries(int64_t n) {
    std::unique_lock<std::mutex> l(mu_);
    return changed_.wait_for(l, std::chrono::seconds(10), [&] { return entries_ >= n; });
  }
  FakeClock* fake() const { return fake_; }

 private:
  FakeClock* const fake_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  int64_t entries_ = 0;
};

}  // namespace kubecxx::testing
