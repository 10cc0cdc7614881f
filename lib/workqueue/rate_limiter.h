// Rate limiters deciding how long a failed item waits before it is retried, as in
// client-go's workqueue/default_rate_limiters.go (same names, numbers and arithmetic).
//
//   DefaultControllerRateLimiter  max(per-item exponential 5ms..1000s,
//                                     overall token bucket 10 qps, burst 100)
//   ItemExponentialFailureRateLimiter  base * 2^failures, capped (float arithmetic as Go)
//   ItemFastSlowRateLimiter            fast delay for the first N failures, then slow
//   BucketRateLimiter                  golang.org/x/time/rate Reserve().Delay()
//   MaxOfRateLimiter / WithMaxWaitRateLimiter
//
// Upstream's bucket reads the wall clock; ours reads the given Clock so tests can step it.
// Thread-safety: all limiters are safe for concurrent use.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "lib/base/clock.h"

namespace kubecxx::workqueue {

using Duration = Clock::Duration;

template <typename T>
class TypedRateLimiter {
 public:
  virtual ~TypedRateLimiter() = default;
  // How long the item should wait now; counts a failure for per-item limiters.
  virtual Duration When(const T& item) = 0;
  // Stops tracking the item (on success, or when giving up).
  virtual void Forget(const T& item) = 0;
  // Failures counted for the item since the last Forget.
  virtual int NumRequeues(const T& item) = 0;
};

// A token bucket with golang.org/x/time/rate's Limiter arithmetic: starts full, refills at
// `qps` tokens per second up to `burst`; each Reserve takes one token (the balance may go
// negative) and returns how long until that token exists. qps <= 0 refills never: once the
// burst is spent the delay is "infinite" (max Duration), as upstream.
class TokenBucket {
 public:
  TokenBucket(double qps, int burst, Clock* clock = nullptr);
  Duration Reserve();

 private:
  const double qps_;
  const int burst_;
  Clock* const clock_;
  std::mutex mu_;
  double tokens_;                         // guarded by mu_
  std::optional<Clock::TimePoint> last_;  // guarded by mu_
};

template <typename T>
class BucketRateLimiter final : public TypedRateLimiter<T> {
 public:
  BucketRateLimiter(double qps, int burst, Clock* clock = nullptr) : bucket_(qps, burst, clock) {}
  Duration When(const T&) override { return bucket_.Reserve(); }
  void Forget(const T&) override {}
  int NumRequeues(const T&) override { return 0; }

 private:
  TokenBucket bucket_;
};

template <typename T, typename Hash = std::hash<T>>
class ItemExponentialFailureRateLimiter final : public TypedRateLimiter<T> {
 public:
  ItemExponentialFailureRateLimiter(Duration base_delay, Duration max_delay)
      : base_delay_(base_delay), max_delay_(max_delay) {}

  Duration When(const T& item) override {
    int exp;
    {
      std::lock_guard<std::mutex> lock(mu_);
      exp = failures_[item]++;
    }
    // As Go: float64(base ns) * 2^exp, capped before the conversion can overflow.
    double backoff = static_cast<double>(base_delay_.count()) * std::pow(2.0, exp);
    if (backoff >= static_cast<double>(std::numeric_limits<int64_t>::max())) return max_delay_;
    Duration calculated(static_cast<int64_t>(backoff));
    return calculated > max_delay_ ? max_delay_ : calculated;
  }
  void Forget(const T& item) override {
    std::lock_guard<std::mutex> lock(mu_);
    failures_.erase(item);
  }
  int NumRequeues(const T& item) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = failures_.find(item);
    return it == failures_.end() ? 0 : it->second;
  }

 private:
  const Duration base_delay_;
  const Duration max_delay_;
  std::mutex mu_;
  std::unordered_map<T, int, Hash> failures_;  // guarded by mu_
};

template <typename T, typename Hash = std::hash<T>>
class ItemFastSlowRateLimiter final : public TypedRateLimiter<T> {
 public:
  ItemFastSlowRateLimiter(Duration fast_delay, Duration slow_delay, int max_fast_attempts)
      : fast_delay_(fast_delay), slow_delay_(slow_delay), max_fast_attempts_(max_fast_attempts) {}

  Duration When(const T& item) override {
    std::lock_guard<std::mutex> lock(mu_);
    int failures = ++failures_[item];
    return failures <= max_fast_attempts_ ? fast_delay_ : slow_delay_;
  }
  void Forget(const T& item) override {
    std::lock_guard<std::mutex> lock(mu_);
    failures_.erase(item);
  }
  int NumRequeues(const T& item) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = failures_.find(item);
    return it == failures_.end() ? 0 : it->second;
  }

 private:
  const Duration fast_delay_;
  const Duration slow_delay_;
  const int max_fast_attempts_;
  std::mutex mu_;
  std::unordered_map<T, int, Hash> failures_;  // guarded by mu_
};

// Asks every limiter (all of them, so each counts the failure) and returns the longest wait.
template <typename T>
class MaxOfRateLimiter final : public TypedRateLimiter<T> {
 public:
  explicit MaxOfRateLimiter(std::vector<std::unique_ptr<TypedRateLimiter<T>>> limiters)
      : limiters_(std::move(limiters)) {}

  Duration When(const T& item) override {
    Duration ret = Duration::zero();
    for (auto& limiter : limiters_) ret = std::max(ret, limiter->When(item));
    return ret;
  }
  void Forget(const T& item) override {
    for (auto& limiter : limiters_) limiter->Forget(item);
  }
  int NumRequeues(const T& item) override {
    int ret = 0;
    for (auto& limiter : limiters_) ret = std::max(ret, limiter->NumRequeues(item));
    return ret;
  }

 private:
  const std::vector<std::unique_ptr<TypedRateLimiter<T>>> limiters_;
};

// Caps another limiter's answer at max_delay.
template <typename T>
class WithMaxWaitRateLimiter final : public TypedRateLimiter<T> {
 public:
  WithMaxWaitRateLimiter(std::unique_ptr<TypedRateLimiter<T>> limiter, Duration max_delay)
      : limiter_(std::move(limiter)), max_delay_(max_delay) {}
  Duration When(const T& item) override { return std::min(limiter_->When(item), max_delay_); }
  void Forget(const T& item) override { limiter_->Forget(item); }
  int NumRequeues(const T& item) override { return limiter_->NumRequeues(item); }

 private:
  const std::unique_ptr<TypedRateLimiter<T>> limiter_;
  const Duration max_delay_;
};

// Upstream's DefaultTypedControllerRateLimiter. `clock` drives the token bucket.
template <typename T, typename Hash = std::hash<T>>
std::unique_ptr<TypedRateLimiter<T>> DefaultControllerRateLimiter(Clock* clock = nullptr) {
  using std::chrono::milliseconds;
  using std::chrono::seconds;
  std::vector<std::unique_ptr<TypedRateLimiter<T>>> limiters;
  limiters.push_back(std::make_unique<ItemExponentialFailureRateLimiter<T, Hash>>(
      milliseconds(5), seconds(1000)));
  limiters.push_back(std::make_unique<BucketRateLimiter<T>>(10, 100, clock));
  return std::make_unique<MaxOfRateLimiter<T>>(std::move(limiters));
}

// Upstream's DefaultTypedItemBasedRateLimiter: exponential 1ms..1000s.
template <typename T, typename Hash = std::hash<T>>
std::unique_ptr<TypedRateLimiter<T>> DefaultItemBasedRateLimiter() {
  return std::make_unique<ItemExponentialFailureRateLimiter<T, Hash>>(
      std::chrono::milliseconds(1), std::chrono::seconds(1000));
}

using RateLimiter = TypedRateLimiter<std::string>;

}  // namespace kubecxx::workqueue
