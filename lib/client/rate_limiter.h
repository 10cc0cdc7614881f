// Client-side request throttling: client-go's flowcontrol.RateLimiter and its
// NewTokenBucketRateLimiter(qps, burst), with golang.org/x/time/rate.Limiter's arithmetic
// (float32 qps widened to float64, bucket starts full, fractional refill, Duration
// truncation), reading time from a lib/base Clock so tests can step it.
//
// client-go uses it per REST client: every request (not watches) calls Accept() before
// it is sent and again before each retry. rest.Config defaults: qps 5, burst 10; qps < 0
// means no limiter (see lib/client/transport_for_config.h).
//
// Thread-safety: safe for concurrent use; Accept() blocks only the calling thread.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>

#include "lib/base/clock.h"

namespace kubecxx::client {

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Takes a token if one is available now; never blocks.
  virtual bool TryAccept() = 0;
  // Blocks until a token is available and takes it.
  virtual void Accept() = 0;
  virtual float qps() const = 0;
};

class TokenBucketRateLimiter : public RateLimiter {
 public:
  // REQUIRES: qps > 0 and burst >= 1 (client-go defaults 0 to 5 and 10 before this).
  TokenBucketRateLimiter(float qps, int burst, Clock* clock = Clock::Real());

  bool TryAccept() override;
  void Accept() override;
  float qps() const override { return qps_; }

  // rate.Limiter.ReserveN(now, 1).DelayFrom(now): takes a token now (the balance may go
  // negative) and returns how long until it is due.
  Clock::Duration Reserve();

 private:
  // rate.Limiter.advance: tokens available at `now`. REQUIRES: mu_ held.
  double AdvanceLocked(Clock::TimePoint now) const;
  // rate.Limiter.reserveN(now, 1, max_wait): the wait, or nothing (and no change) when it
  // would exceed max_wait. REQUIRES: mu_ held.
  std::optional<Clock::Duration> ReserveLocked(Clock::TimePoint now, Clock::Duration max_wait);

  const float qps_;
  const double limit_;  // qps_ as float64, as rate.Limit(qps) converts it
  const int burst_;
  Clock* const clock_;
  std::mutex mu_;
  double tokens_;                         // guarded by mu_
  std::optional<Clock::TimePoint> last_;  // guarded by mu_; empty: never used (bucket full)
};

// Sleeps for `d` on `clock` (fake clocks: until a test steps time past it).
void SleepOn(Clock* clock, Clock::Duration d);

}  // namespace kubecxx::client
