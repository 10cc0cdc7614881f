#include "lib/workqueue/prometheus_metrics.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "lib/metrics/registry.h"
#include "lib/workqueue/rate_limiting_queue.h"

namespace kubecxx::workqueue {
namespace {

using std::chrono::milliseconds;

bool Contains(const std::string& text, const std::string& want) {
  return text.find(want) != std::string::npos;
}

TEST(PrometheusMetricsTest, UpstreamNamesAndValues) {
  metrics::Registry registry;
  PrometheusMetricsProvider provider(&registry);
  EXPECT_EQ(registry.GatherText(), "");  // registered with the first named queue only

  FakeClock clock;
  QueueConfig config;
  config.name = "test";
  config.metrics_provider = &provider;
  config.clock = &clock;
  {
    RateLimitingQueue q(DefaultControllerRateLimiter<std::string>(&clock), config);
    q.Add("a");
    q.Add("b");
    clock.Step(milliseconds(20));
    auto a = q.Get();
    clock.Step(milliseconds(1500));
    q.AddRateLimited("c");

    std::string text = registry.GatherText();  // also refreshes the unfinished-work gauges
    EXPECT_TRUE(Contains(text, "# HELP workqueue_depth [BETA] Current depth of workqueue\n"
                               "# TYPE workqueue_depth gauge\n"
                               "workqueue_depth{name=\"test\"} 1\n"))
        << text;
    EXPECT_TRUE(Contains(text, "workqueue_adds_total{name=\"test\"} 2\n"));
    EXPECT_TRUE(Contains(text, "workqueue_retries_total{name=\"test\"} 1\n"));
    EXPECT_TRUE(Contains(text, "workqueue_queue_duration_seconds_bucket{name=\"test\","
                               "le=\"0.1\"} 1\n"))
        << text;
    EXPECT_TRUE(Contains(text, "workqueue_queue_duration_seconds_sum{name=\"test\"} 0.02\n"));
    EXPECT_TRUE(Contains(text, "workqueue_unfinished_work_seconds{name=\"test\"} 1.5\n"));
    EXPECT_TRUE(Contains(text, "workqueue_longest_running_processor_seconds{name=\"test\"} 1.5\n"));
    EXPECT_TRUE(Contains(text, "# TYPE workqueue_work_duration_seconds histogram\n"));

    q.Done(*a);
    text = registry.GatherText();
    EXPECT_TRUE(Contains(text, "workqueue_work_duration_seconds_sum{name=\"test\"} 1.5\n"));
    EXPECT_TRUE(Contains(text, "workqueue_unfinished_work_seconds{name=\"test\"} 0\n"));
  }
  // The queue is gone: scraping must not call into it.
  EXPECT_TRUE(Contains(registry.GatherText(), "workqueue_depth{name=\"test\"}"));
}

}  // namespace
}  // namespace kubecxx::workqueue
