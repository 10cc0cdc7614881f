// The string-keyed instantiations, the global metrics provider and the token bucket.

#include "lib/workqueue/queue.h"

#include <atomic>
#include <limits>
#include <string>

#include "lib/workqueue/rate_limiter.h"
#include "lib/workqueue/rate_limiting_queue.h"

namespace kubecxx::workqueue {

template class TypedQueue<std::string>;
template class TypedDelayingQueue<std::string>;
template class TypedRateLimitingQueue<std::string>;

namespace {
std::atomic<MetricsProvider*> global_provider{nullptr};
}  // namespace

void SetMetricsProvider(MetricsProvider* provider) {
  MetricsProvider* expected = nullptr;
  global_provider.compare_exchange_strong(expected, provider);
}

MetricsProvider* GlobalMetricsProvider() { return global_provider.load(); }

namespace internal {

std::unique_ptr<QueueMetricSet> NewQueueMetricSet(const QueueConfig& config) {
  MetricsProvider* provider =
      config.metrics_provider != nullptr ? config.metrics_provider : GlobalMetricsProvider();
  if (config.name.empty() || provider == nullptr) return nullptr;
  auto set = std::make_unique<QueueMetricSet>();
  set->depth = provider->NewDepthMetric(config.name);
  set->adds = provider->NewAddsMetric(config.name);
  set->latency = provider->NewLatencyMetric(config.name);
  set->work_duration = provider->NewWorkDurationMetric(config.name);
  set->unfinished_work_seconds = provider->NewUnfinishedWorkSecondsMetric(config.name);
  set->longest_running_processor = provider->NewLongestRunningProcessorSecondsMetric(config.name);
  set->retries = provider->NewRetriesMetric(config.name);
  return set;
}

}  // namespace internal

TokenBucket::TokenBucket(double qps, int burst, Clock* clock)
    : qps_(qps),
      burst_(burst),
      clock_(clock != nullptr ? clock : Clock::Real()),
      tokens_(static_cast<double>(burst)) {}

Duration TokenBucket::Reserve() {
  constexpr Duration kInfinite = Duration::max();
  Clock::TimePoint now = clock_->Now();
  std::lock_guard<std::mutex> lock(mu_);
  // Refill for the time since the last reservation (the bucket starts full).
  Clock::TimePoint last = last_.value_or(now);
  if (now < last) last = now;
  double tokens = tokens_;
  if (qps_ > 0) tokens += std::chrono::duration<double>(now - last).count() * qps_;
  if (tokens > burst_) tokens = burst_;
  tokens -= 1;
  Duration wait = Duration::zero();
  if (tokens < 0) {
    if (qps_ <= 0) {
      wait = kInfinite;
    } else {
      double ns = (-tokens / qps_) * 1e9;
      wait = ns >= static_cast<double>(std::numeric_limits<int64_t>::max())
                 ? kInfinite
                 : Duration(static_cast<int64_t>(ns));
    }
  }
  if (burst_ < 1) return kInfinite;  // a reservation that can never be satisfied
  last_ = now;
  tokens_ = tokens;
  return wait;
}

}  // namespace kubecxx::workqueue
