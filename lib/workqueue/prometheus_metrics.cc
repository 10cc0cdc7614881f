#include "lib/workqueue/prometheus_metrics.h"

#include <memory>
#include <string>
#include <utility>

namespace kubecxx::workqueue {
namespace {

class Gauge final : public GaugeMetric, public SettableGaugeMetric {
 public:
  explicit Gauge(prometheus::Gauge& g) : g_(g) {}
  void Inc() override { g_.Increment(); }
  void Dec() override { g_.Decrement(); }
  void Set(double v) override { g_.Set(v); }

 private:
  prometheus::Gauge& g_;
};

class Counter final : public CounterMetric {
 public:
  explicit Counter(prometheus::Counter& c) : c_(c) {}
  void Inc() override { c_.Increment(); }

 private:
  prometheus::Counter& c_;
};

class Histogram final : public HistogramMetric {
 public:
  explicit Histogram(prometheus::Histogram& h) : h_(h) {}
  void Observe(double v) override { h_.Observe(v); }

 private:
  prometheus::Histogram& h_;
};

class HookRegistration final : public CollectRegistration {
 public:
  explicit HookRegistration(std::unique_ptr<metrics::CollectHook> hook) : hook_(std::move(hook)) {}

 private:
  std::unique_ptr<metrics::CollectHook> hook_;
};

metrics::Opts WorkqueueOpts(const char* name, const char* help) {
  metrics::Opts opts;
  opts.subsystem = "workqueue";
  opts.name = name;
  opts.help = help;
  opts.stability = metrics::StabilityLevel::kBeta;
  return opts;
}

}  // namespace

struct PrometheusMetricsProvider::Families {
  metrics::GaugeVec* depth;
  metrics::CounterVec* adds;
  metrics::HistogramVec* latency;
  metrics::HistogramVec* work_duration;
  metrics::GaugeVec* unfinished;
  metrics::GaugeVec* longest_running_processor;
  metrics::CounterVec* retries;
};

PrometheusMetricsProvider::PrometheusMetricsProvider(metrics::Registry* registry)
    : registry_(registry) {}

PrometheusMetricsProvider::~PrometheusMetricsProvider() = default;

PrometheusMetricsProvider::Families& PrometheusMetricsProvider::families() {
  std::call_once(once_, [this] {
    auto f = std::make_unique<Families>();
    const metrics::Buckets buckets = metrics::ExponentialBuckets(10e-9, 10, 10);
    f->depth = &registry_->NewGaugeVec(WorkqueueOpts("depth", "Current depth of workqueue"),
                                       {"name"});
    f->adds = &registry_->NewCounterVec(
        WorkqueueOpts("adds_total", "Total number of adds handled by workqueue"), {"name"});
    f->latency = &registry_->NewHistogramVec(
        WorkqueueOpts("queue_duration_seconds",
                      "How long in seconds an item stays in workqueue before being requested."),
        buckets, {"name"});
    f->work_duration = &registry_->NewHistogramVec(
        WorkqueueOpts("work_duration_seconds",
                      "How long in seconds processing an item from workqueue takes."),
        buckets, {"name"});
    f->unfinished = &registry_->NewGaugeVec(
        WorkqueueOpts("unfinished_work_seconds",
                      "How many seconds of work has done that is in progress and hasn't been "
                      "observed by work_duration. Large values indicate stuck threads. One can "
                      "deduce the number of stuck threads by observing the rate at which this "
                      "increases."),
        {"name"});
    f->longest_running_processor = &registry_->NewGaugeVec(
        WorkqueueOpts("longest_running_processor_seconds",
                      "How many seconds has the longest running processor for workqueue been "
                      "running."),
        {"name"});
    f->retries = &registry_->NewCounterVec(
        WorkqueueOpts("retries_total", "Total number of retries handled by workqueue"),
        {"name"});
    families_ = std::move(f);
  });
  return *families_;
}

std::unique_ptr<GaugeMetric> PrometheusMetricsProvider::NewDepthMetric(const std::string& name) {
  return std::make_unique<Gauge>(families().depth->WithLabelValues({name}));
}

std::unique_ptr<CounterMetric> PrometheusMetricsProvider::NewAddsMetric(const std::string& name) {
  return std::make_unique<Counter>(families().adds->WithLabelValues({name}));
}

std::unique_ptr<HistogramMetric> PrometheusMetricsProvider::NewLatencyMetric(
    const std::string& name) {
  return std::make_unique<Histogram>(families().latency->WithLabelValues({name}));
}

std::unique_ptr<HistogramMetric> PrometheusMetricsProvider::NewWorkDurationMetric(
    const std::string& name) {
  return std::make_unique<Histogram>(families().work_duration->WithLabelValues({name}));
}

std::unique_ptr<SettableGaugeMetric> PrometheusMetricsProvider::NewUnfinishedWorkSecondsMetric(
    const std::string& name) {
  return std::make_unique<Gauge>(families().unfinished->WithLabelValues({name}));
}

std::unique_ptr<SettableGaugeMetric>
PrometheusMetricsProvider::NewLongestRunningProcessorSecondsMetric(const std::string& name) {
  return std::make_unique<Gauge>(families().longest_running_processor->WithLabelValues({name}));
}

std::unique_ptr<CounterMetric> PrometheusMetricsProvider::NewRetriesMetric(
    const std::string& name) {
  return std::make_unique<Counter>(families().retries->WithLabelValues({name}));
}

std::unique_ptr<CollectRegistration> PrometheusMetricsProvider::OnCollect(
    std::function<void()> update) {
  return std::make_unique<HookRegistration>(registry_->AddCollectHook(std::move(update)));
}

void InstallPrometheusMetrics() {
  static PrometheusMetricsProvider* provider =
      new PrometheusMetricsProvider(&metrics::Registry::Default());  // lives until exit
  SetMetricsProvider(provider);
}

}  // namespace kubecxx::workqueue
