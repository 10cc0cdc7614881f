// Metrics hooks of the workqueue, shaped like client-go's workqueue.MetricsProvider.
//
// The queue never talks to Prometheus directly: it asks a MetricsProvider for one small
// metric object per series, once, at construction. lib/workqueue/prometheus_metrics.h
// provides the implementation with upstream's names (workqueue_depth, workqueue_adds_total,
// ... labelled `name`); tests can pass a recording provider.
//
// As upstream: a queue records metrics only if it has a non-empty name and a provider (its
// own, or the global one installed by SetMetricsProvider).
//
// Thread-safety: metric objects are called with the owning queue's mutex held, from any
// thread; implementations must be thread-safe and must not call back into the queue.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace kubecxx::workqueue {

class GaugeMetric {
 public:
  virtual ~GaugeMetric() = default;
  virtual void Inc() = 0;
  virtual void Dec() = 0;
};

class SettableGaugeMetric {
 public:
  virtual ~SettableGaugeMetric() = default;
  virtual void Set(double value) = 0;
};

class CounterMetric {
 public:
  virtual ~CounterMetric() = default;
  virtual void Inc() = 0;
};

class HistogramMetric {
 public:
  virtual ~HistogramMetric() = default;
  virtual void Observe(double value) = 0;
};

// Keeps a callback registered while alive (see MetricsProvider::OnCollect).
class CollectRegistration {
 public:
  virtual ~CollectRegistration() = default;
};

class MetricsProvider {
 public:
  virtual ~MetricsProvider() = default;

  // One series per queue name; `name` is the value of the `name` label.
  virtual std::unique_ptr<GaugeMetric> NewDepthMetric(const std::string& name) = 0;
  virtual std::unique_ptr<CounterMetric> NewAddsMetric(const std::string& name) = 0;
  virtual std::unique_ptr<HistogramMetric> NewLatencyMetric(const std::string& name) = 0;
  virtual std::unique_ptr<HistogramMetric> NewWorkDurationMetric(const std::string& name) = 0;
  virtual std::unique_ptr<SettableGaugeMetric> NewUnfinishedWorkSecondsMetric(
      const std::string& name) = 0;
  virtual std::unique_ptr<SettableGaugeMetric> NewLongestRunningProcessorSecondsMetric(
      const std::string& name) = 0;
  virtual std::unique_ptr<CounterMetric> NewRetriesMetric(const std::string& name) = 0;

  // Upstream refreshes the two "unfinished work" gauges from a 500 ms ticker goroutine per
  // queue. Instead the queue registers `update` here; a provider calls it before each
  // exposition (so the values are exact when scraped and no thread is needed) until the
  // returned registration is destroyed. The default registers nothing: callers then refresh
  // through the queue's UpdateUnfinishedWork().
  virtual std::unique_ptr<CollectRegistration> OnCollect(std::function<void()> update) {
    return nullptr;
  }
};

// Installs the provider used by queues created afterwards without their own provider.
// Only the first call has an effect (as upstream's SetProvider). `provider` must live for
// the rest of the process. Thread-safe.
void SetMetricsProvider(MetricsProvider* provider);

// The provider installed by SetMetricsProvider, or nullptr (no metrics). Thread-safe.
MetricsProvider* GlobalMetricsProvider();

}  // namespace kubecxx::workqueue
