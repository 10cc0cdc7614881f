// The process-wide metrics registry (component-base's legacyregistry) on prometheus-cpp.
//
// Metrics are declared with upstream's names and stability annotations: Opts{.subsystem =
// "workqueue", .name = "depth", .help = "Current depth of workqueue", .stability = kBeta}
// becomes workqueue_depth with HELP "[BETA] Current depth of workqueue", as component-base
// annotates it. Registry::Default() also carries the process_* collector, like upstream's.
//
//   static auto& depth = metrics::Registry::Default().NewGaugeVec(opts, {"name"});
//   prometheus::Gauge& g = depth.WithLabelValues({"my-queue"});  // cache the child
//   g.Increment();
//
// Declaring the same metric twice (same name, type and labels) returns the first one;
// a conflicting declaration is a programming error and aborts with a message, as upstream's
// MustRegister panics.
//
// Thread-safety: all methods are safe for concurrent use; prometheus-cpp metric objects are
// thread-safe. Vec and metric references stay valid for the registry's lifetime.
#pragma once

#include <functional>
#include <initializer_list>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <prometheus/collectable.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/metric_family.h>
#include <prometheus/registry.h>

namespace kubecxx::metrics {

enum class StabilityLevel { kInternal, kAlpha, kBeta, kStable };

struct Opts {
  std::string ns;  // upstream's Namespace (a prefix), usually empty
  std::string subsystem;
  std::string name;
  std::string help;
  StabilityLevel stability = StabilityLevel::kAlpha;
  std::map<std::string, std::string> const_labels;
};

// prometheus.BuildFQName: the non-empty parts joined by '_'.
std::string BuildFQName(std::string_view ns, std::string_view subsystem, std::string_view name);

// The HELP text component-base shows: "[ALPHA] help" (the level in brackets).
std::string AnnotatedHelp(const Opts& opts);

using Buckets = std::vector<double>;
// prometheus.DefBuckets: .005 .01 .025 .05 .1 .25 .5 1 2.5 5 10.
Buckets DefBuckets();
// prometheus.ExponentialBuckets / LinearBuckets. REQUIRES: count >= 1, start > 0 and
// factor > 1 for exponential.
Buckets ExponentialBuckets(double start, double factor, int count);
Buckets LinearBuckets(double start, double width, int count);

// A family with variable labels (upstream's CounterVec, GaugeVec, HistogramVec).
template <typename M>
class Vec {
 public:
  Vec(prometheus::Family<M>* family, std::vector<std::string> label_names, Buckets buckets)
      : family_(family), label_names_(std::move(label_names)), buckets_(std::move(buckets)) {}

  // The series for these label values, in label_names() order; created on first use.
  // Looks up a map under a lock: keep the reference rather than calling this per event.
  // REQUIRES: values.size() == label_names().size().
  M& WithLabelValues(std::initializer_list<std::string_view> values) {
    return WithLabelValues(std::vector<std::string_view>(values));
  }
  M& WithLabelValues(const std::vector<std::string_view>& values);

  // Removes a series obtained from WithLabelValues (DeleteLabelValues).
  void Remove(M* series) { family_->Remove(series); }

  const std::vector<std::string>& label_names() const { return label_names_; }

 private:
  prometheus::Family<M>* const family_;
  const std::vector<std::string> label_names_;
  const Buckets buckets_;  // histograms only
};

using CounterVec = Vec<prometheus::Counter>;
using GaugeVec = Vec<prometheus::Gauge>;
using HistogramVec = Vec<prometheus::Histogram>;

// Keeps a collect hook registered while alive.
class CollectHook {
 public:
  virtual ~CollectHook() = default;
};

class Registry {
 public:
  // The process-wide registry /metrics serves, with the process_* collector.
  static Registry& Default();

  Registry();  // an empty registry (tests)
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  CounterVec& NewCounterVec(const Opts& opts, std::vector<std::string> label_names);
  GaugeVec& NewGaugeVec(const Opts& opts, std::vector<std::string> label_names);
  HistogramVec& NewHistogramVec(const Opts& opts, Buckets buckets,
                                std::vector<std::string> label_names);
  prometheus::Counter& NewCounter(const Opts& opts);
  prometheus::Gauge& NewGauge(const Opts& opts);
  prometheus::Histogram& NewHistogram(const Opts& opts, Buckets buckets);

  // Adds a collector asked for its families at every Collect (custom and process metrics).
  void RegisterCollector(std::shared_ptr<prometheus::Collectable> collector);

  // Runs `hook` at the start of every Collect until the returned handle is destroyed;
  // destroying it waits for a running call. Hooks refresh values computed on demand
  // (workqueue unfinished work). REQUIRES: a hook does not call Collect or AddCollectHook.
  std::unique_ptr<CollectHook> AddCollectHook(std::function<void()> hook);

  std::vector<prometheus::MetricFamily> Collect();

  // Collect() in the text format (lib/metrics/text_format.h).
  std::string GatherText();

 private:
  class HookHandle;
  struct VecEntry {
    std::string name;
    int kind;  // 0 counter, 1 gauge, 2 histogram
    std::vector<std::string> label_names;
    void* vec;
  };

  template <typename M>
  Vec<M>& NewVec(int kind, const Opts& opts, Buckets buckets,
                 std::vector<std::string> label_names);

  prometheus::Registry registry_;
  std::mutex mu_;
  std::vector<VecEntry> vecs_;  // guarded by mu_
  std::list<std::unique_ptr<Vec<prometheus::Counter>>> counters_;  // guarded by mu_
  std::list<std::unique_ptr<Vec<prometheus::Gauge>>> gauges_;      // guarded by mu_
  std::list<std::unique_ptr<Vec<prometheus::Histogram>>> histograms_;  // guarded by mu_
  std::vector<std::shared_ptr<prometheus::Collectable>> collectors_;  // guarded by mu_

  std::mutex hooks_mu_;  // held while hooks run
  std::list<std::function<void()>> hooks_;  // guarded by hooks_mu_
};

}  // namespace kubecxx::metrics
