// Clock: the seam through which kubecxx code reads monotonic time and waits for it, and
// the wall time it writes into API objects (Lease renewTime, Event eventTime).
//
// Production code takes a Clock* (default Clock::Real()); tests pass a FakeClock and move
// time with Step(), so nothing sleeps. Waiting goes through the clock too, because a
// timed wait on a condition variable must wake when *fake* time passes a deadline.
//
// Thread-safety: both implementations are safe to use from any number of threads.
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

namespace kubecxx {

class Clock {
 public:
  using Duration = std::chrono::nanoseconds;
  using TimePoint = std::chrono::time_point<std::chrono::steady_clock, Duration>;

  virtual ~Clock() = default;

  virtual TimePoint Now() const = 0;

  // Wall-clock time (system_clock) for timestamps that leave the process. Measure
  // intervals with Now(); the wall clock may jump. FakeClock's moves with Now().
  using WallTime = std::chrono::system_clock::time_point;
  virtual WallTime WallNow() const { return std::chrono::system_clock::now(); }

  // Blocks on `cv` like cv.wait_until(lock, deadline): returns when notified, spuriously, or
  // once Now() >= *deadline (no deadline: only on notification). Callers re-check their
  // predicate in a loop. REQUIRES: `lock` holds the mutex every notifier of `cv` holds.
  virtual void Wait(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                    std::optional<TimePoint> deadline) = 0;

  // The process-wide steady clock.
  static Clock* Real();
};

class RealClock final : public Clock {
 public:
  TimePoint Now() const override {
    return std::chrono::time_point_cast<Duration>(std::chrono::steady_clock::now());
  }
  void Wait(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
            std::optional<TimePoint> deadline) override {
    if (deadline) {
      cv.wait_until(lock, *deadline);
    } else {
      cv.wait(lock);
    }
  }
};

inline Clock* Clock::Real() {
  static RealClock clock;
  return &clock;
}

// FakeClock: time moves only when a test calls Step() or SetTime(). Every thread blocked in
// Wait() counts as a waiter (whatever its deadline) and is woken by each time change, so
// tests can use WaitForWaiters(n) to know "n threads are blocked" before stepping.
class FakeClock final : public Clock {
 public:
  // Starts at an arbitrary fixed instant (one hour after the steady epoch); the wall clock
  // then reads 2026-01-01T00:00:00Z and advances with every Step().
  FakeClock() : now_(std::chrono::hours(1)), start_(now_) {}

  TimePoint Now() const override {
    std::lock_guard<std::mutex> l(mu_);
    return now_;
  }

  WallTime WallNow() const override {
    std::lock_guard<std::mutex> l(mu_);
    return WallTime(std::chrono::seconds(kWallStartUnixSeconds)) +
           std::chrono::duration_cast<WallTime::duration>(now_ - start_);
  }
  static constexpr int64_t kWallStartUnixSeconds = 1767225600;  // 2026-01-01T00:00:00Z

  void Step(Duration d) { SetTime(Now() + d); }

  void SetTime(TimePoint t) {
    std::vector<Waiter*> woken;
    {
      std::lock_guard<std::mutex> l(mu_);
      now_ = t;
      woken = waiters_;
      for (Waiter* w : woken) ++w->pins;
    }
    // Notify under each waiter's own mutex so a waiter between registration and cv.wait()
    // cannot miss the wake-up. mu_ is not held here: Wait() takes its mutex, then mu_.
    for (Waiter* w : woken) {
      std::lock_guard<std::mutex> l(*w->mutex);
      w->cv->notify_all();
    }
    std::lock_guard<std::mutex> l(mu_);
    for (Waiter* w : woken) --w->pins;
    unpinned_.notify_all();
  }

  void Wait(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
            std::optional<TimePoint> deadline) override {
    Waiter self{&cv, lock.mutex(), 0};
    {
      std::lock_guard<std::mutex> l(mu_);
      if (deadline && now_ >= *deadline) return;
      waiters_.push_back(&self);
      waiters_changed_.notify_all();
    }
    cv.wait(lock);
    std::unique_lock<std::mutex> l(mu_);
    waiters_.erase(std::find(waiters_.begin(), waiters_.end(), &self));
    if (self.pins > 0) {
      // A concurrent SetTime() still holds pointers to `self`'s mutex and cv: let it finish
      // without holding the caller's mutex (it needs it), then take it back.
      lock.unlock();
      unpinned_.wait(l, [&] { return self.pins == 0; });
      l.unlock();
      lock.lock();
    }
  }

  // Number of threads currently blocked in Wait().
  size_t NumWaiters() const {
    std::lock_guard<std::mutex> l(mu_);
    return waiters_.size();
  }

  // Blocks (in real time, at most `timeout`) until at least n threads are in Wait().
  // Returns whether that happened.
  bool WaitForWaiters(size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock<std::mutex> l(mu_);
    return waiters_changed_.wait_for(l, timeout, [&] { return waiters_.size() >= n; });
  }

 private:
  struct Waiter {
    std::condition_variable* cv;
    std::mutex* mutex;
    int pins;  // SetTime() calls currently using cv/mutex; guarded by mu_
  };

  mutable std::mutex mu_;
  std::condition_variable unpinned_;
  std::condition_variable waiters_changed_;
  TimePoint now_;                 // guarded by mu_
  const TimePoint start_;
  std::vector<Waiter*> waiters_;  // guarded by mu_
};

}  // namespace kubecxx
