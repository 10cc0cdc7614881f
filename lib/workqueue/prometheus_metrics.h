// The workqueue MetricsProvider of stock components
// (k8s.io/component-base/metrics/prometheus/workqueue), on lib/metrics: workqueue_depth,
// workqueue_adds_total, workqueue_queue_duration_seconds, workqueue_work_duration_seconds,
// workqueue_unfinished_work_seconds, workqueue_longest_running_processor_seconds and
// workqueue_retries_total, each labelled `name`, with upstream's help texts, [BETA]
// stability and buckets (10ns * 10^k, k = 0..9). As upstream, the families are registered
// when the first named queue is created, so components without queues do not show them.
// The unfinished-work gauges are refreshed when the registry is scraped.
//
// Thread-safety: the provider and its metrics are safe for concurrent use.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "lib/metrics/registry.h"
#include "lib/workqueue/metrics.h"

namespace kubecxx::workqueue {

class PrometheusMetricsProvider final : public MetricsProvider {
 public:
  explicit PrometheusMetricsProvider(metrics::Registry* registry);
  ~PrometheusMetricsProvider() override;

  std::unique_ptr<GaugeMetric> NewDepthMetric(const std::string& name) override;
  std::unique_ptr<CounterMetric> NewAddsMetric(const std::string& name) override;
  std::unique_ptr<HistogramMetric> NewLatencyMetric(const std::string& name) override;
  std::unique_ptr<HistogramMetric> NewWorkDurationMetric(const std::string& name) override;
  std::unique_ptr<SettableGaugeMetric> NewUnfinishedWorkSecondsMetric(
      const std::string& name) override;
  std::unique_ptr<SettableGaugeMetric> NewLongestRunningProcessorSecondsMetric(
      const std::string& name) override;
  std::unique_ptr<CounterMetric> NewRetriesMetric(const std::string& name) override;
  std::unique_ptr<CollectRegistration> OnCollect(std::function<void()> update) override;

 private:
  struct Families;
  Families& families();

  metrics::Registry* const registry_;
  std::once_flag once_;
  std::unique_ptr<Families> families_;
};

// Installs a PrometheusMetricsProvider on metrics::Registry::Default() as the global
// workqueue provider (what importing the upstream package does). Idempotent.
void InstallPrometheusMetrics();

}  // namespace kubecxx::workqueue
