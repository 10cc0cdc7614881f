#include "lib/client/rate_limiter.h"

#include <cassert>
#include <condition_variable>
#include <cstdint>

namespace kubecxx::client {
namespace {

// time.Duration.Seconds(): whole seconds plus the fraction, each as float64.
double GoSeconds(Clock::Duration d) {
  int64_t ns = d.count();
  int64_t sec = ns / 1000000000;
  int64_t nsec = ns % 1000000000;
  return static_cast<double>(sec) + static_cast<double>(nsec) / 1e9;
}

}  // namespace

TokenBucketRateLimiter::TokenBucketRateLimiter(float qps, int burst, Clock* clock)
    : qps_(qps),
      limit_(static_cast<double>(qps)),
      burst_(burst),
      clock_(clock),
      tokens_(static_cast<double>(burst)) {
  assert(qps > 0 && burst >= 1 && "TokenBucketRateLimiter needs qps > 0 and burst >= 1");
}

double TokenBucketRateLimiter::AdvanceLocked(Clock::TimePoint now) const {
  Clock::TimePoint last = last_.value_or(now);
  if (now < last) {
    last = now;
  }
  double tokens = tokens_ + GoSeconds(now - last) * limit_;
  if (tokens > static_cast<double>(burst_)) {
    tokens = static_cast<double>(burst_);
  }
  return tokens;
}

bool TokenBucketRateLimiter::TryAccept() {
  Clock::TimePoint now = clock_->Now();
  std::lock_guard<std::mutex> lock(mu_);
  // AllowN: a reservation is taken only if it need not wait.
  return ReserveLocked(now, Clock::Duration::zero()).has_value();
}

Clock::Duration TokenBucketRateLimiter::Reserve() {
  Clock::TimePoint now = clock_->Now();
  std::lock_guard<std::mutex> lock(mu_);
  return *ReserveLocked(now, Clock::Duration::max());
}

std::optional<Clock::Duration> TokenBucketRateLimiter::ReserveLocked(
    Clock::TimePoint now, Clock::Duration max_wait) {
  double tokens = AdvanceLocked(now) - 1;
  Clock::Duration wait{0};
  if (tokens < 0) {
    // durationFromTokens: float seconds to int64 nanoseconds, truncated like Go.
    double ns = (-tokens / limit_) * 1e9;
    wait = ns >= 9.2e18 ? Clock::Duration::max() : Clock::Duration(static_cast<int64_t>(ns));
  }
  if (wait > max_wait) {
    return std::nullopt;
  }
  tokens_ = tokens;
  last_ = now;
  return wait;
}

void TokenBucketRateLimiter::Accept() {
  Clock::Duration wait = Reserve();
  if (wait > Clock::Duration::zero()) {
    SleepOn(clock_, wait);
  }
}

void SleepOn(Clock* clock, Clock::Duration d) {
  std::mutex mu;
  std::condition_variable cv;
  std::unique_lock<std::mutex> lock(mu);
  Clock::TimePoint deadline = clock->Now() + d;
  while (clock->Now() < deadline) {
    clock->Wait(cv, lock, deadline);
  }
}

}  // namespace kubecxx::client
