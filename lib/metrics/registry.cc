#include "lib/metrics/registry.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "lib/metrics/process_collector.h"
#include "lib/metrics/text_format.h"

namespace kubecxx::metrics {
namespace {

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "kubecxx metrics: %s\n", what.c_str());
  std::abort();
}

const char* LevelName(StabilityLevel level) {
  switch (level) {
    case StabilityLevel::kInternal:
      return "INTERNAL";
    case StabilityLevel::kAlpha:
      return "ALPHA";
    case StabilityLevel::kBeta:
      return "BETA";
    case StabilityLevel::kStable:
      return "STABLE";
  }
  return "ALPHA";
}

}  // namespace

std::string BuildFQName(std::string_view ns, std::string_view subsystem, std::string_view name) {
  if (name.empty()) return "";
  std::string out;
  for (std::string_view part : {ns, subsystem, name}) {
    if (part.empty()) continue;
    if (!out.empty()) out.push_back('_');
    out.append(part);
  }
  return out;
}

std::string AnnotatedHelp(const Opts& opts) {
  return std::string("[") + LevelName(opts.stability) + "] " + opts.help;
}

Buckets DefBuckets() { return {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}; }

Buckets ExponentialBuckets(double start, double factor, int count) {
  if (count < 1 || start <= 0 || factor <= 1) Die("ExponentialBuckets: invalid arguments");
  Buckets b;
  for (int i = 0; i < count; ++i) {
    b.push_back(start);
    start *= factor;
  }
  return b;
}

Buckets LinearBuckets(double start, double width, int count) {
  if (count < 1) Die("LinearBuckets: count must be positive");
  Buckets b;
  for (int i = 0; i < count; ++i) {
    b.push_back(start);
    start += width;
  }
  return b;
}

template <typename M>
M& Vec<M>::WithLabelValues(const std::vector<std::string_view>& values) {
  if (values.size() != label_names_.size()) {
    Die("inconsistent label cardinality: expected " + std::to_string(label_names_.size()) +
        " label values but got " + std::to_string(values.size()));
  }
  prometheus::Labels labels;
  for (size_t i = 0; i < values.size(); ++i) labels.emplace(label_names_[i], values[i]);
  try {
    if constexpr (std::is_same_v<M, prometheus::Histogram>) {
      return family_->Add(labels, buckets_);
    } else {
      return family_->Add(labels);
    }
  } catch (const std::exception& e) {
    Die(std::string("adding a series: ") + e.what());
  }
}

template class Vec<prometheus::Counter>;
template class Vec<prometheus::Gauge>;
template class Vec<prometheus::Histogram>;

class Registry::HookHandle final : public CollectHook {
 public:
  HookHandle(Registry* registry, std::list<std::function<void()>>::iterator it)
      : registry_(registry), it_(it) {}
  ~HookHandle() override {
    std::lock_guard<std::mutex> lock(registry_->hooks_mu_);
    registry_->hooks_.erase(it_);
  }

 private:
  Registry* const registry_;
  const std::list<std::function<void()>>::iterator it_;
};

Registry& Registry::Default() {
  static Registry* registry = [] {
    auto* r = new Registry();  // never destroyed: metrics are touched until exit
    r->RegisterCollector(NewProcessCollector());
    return r;
  }();
  return *registry;
}

Registry::Registry() : registry_(prometheus::Registry::InsertBehavior::Merge) {}
Registry::~Registry() = default;

template <typename M>
Vec<M>& Registry::NewVec(int kind, const Opts& opts, Buckets buckets,
                         std::vector<std::string> label_names) {
  std::string name = BuildFQName(opts.ns, opts.subsystem, opts.name);
  std::lock_guard<std::mutex> lock(mu_);
  for (const VecEntry& e : vecs_) {
    if (e.name != name) continue;
    if (e.kind != kind || e.label_names != label_names) {
      Die("metric " + name + " declared twice with different type or labels");
    }
    return *static_cast<Vec<M>*>(e.vec);
  }
  prometheus::Family<M>* family = nullptr;
  try {
    if constexpr (std::is_same_v<M, prometheus::Counter>) {
      family = &prometheus::BuildCounter()
                    .Name(name)
                    .Help(AnnotatedHelp(opts))
                    .Labels(opts.const_labels)
                    .Register(registry_);
    } else if constexpr (std::is_same_v<M, prometheus::Gauge>) {
      family = &prometheus::BuildGauge()
                    .Name(name)
                    .Help(AnnotatedHelp(opts))
                    .Labels(opts.const_labels)
                    .Register(registry_);
    } else {
      family = &prometheus::BuildHistogram()
                    .Name(name)
                    .Help(AnnotatedHelp(opts))
                    .Labels(opts.const_labels)
                    .Register(registry_);
    }
  } catch (const std::exception& e) {
    Die("registering " + name + ": " + e.what());
  }
  auto vec = std::make_unique<Vec<M>>(family, label_names, std::move(buckets));
  Vec<M>* raw = vec.get();
  if constexpr (std::is_same_v<M, prometheus::Counter>) {
    counters_.push_back(std::move(vec));
  } else if constexpr (std::is_same_v<M, prometheus::Gauge>) {
    gauges_.push_back(std::move(vec));
  } else {
    histograms_.push_back(std::move(vec));
  }
  vecs_.push_back(VecEntry{name, kind, std::move(label_names), raw});
  return *raw;
}

CounterVec& Registry::NewCounterVec(const Opts& opts, std::vector<std::string> label_names) {
  return NewVec<prometheus::Counter>(0, opts, {}, std::move(label_names));
}

GaugeVec& Registry::NewGaugeVec(const Opts& opts, std::vector<std::string> label_names) {
  return NewVec<prometheus::Gauge>(1, opts, {}, std::move(label_names));
}

HistogramVec& Registry::NewHistogramVec(const Opts& opts, Buckets buckets,
                                        std::vector<std::string> label_names) {
  return NewVec<prometheus::Histogram>(2, opts, std::move(buckets), std::move(label_names));
}

prometheus::Counter& Registry::NewCounter(const Opts& opts) {
  return NewCounterVec(opts, {}).WithLabelValues({});
}

prometheus::Gauge& Registry::NewGauge(const Opts& opts) {
  return NewGaugeVec(opts, {}).WithLabelValues({});
}

prometheus::Histogram& Registry::NewHistogram(const Opts& opts, Buckets buckets) {
  return NewHistogramVec(opts, std::move(buckets), {}).WithLabelValues({});
}

void Registry::RegisterCollector(std::shared_ptr<prometheus::Collectable> collector) {
  std::lock_guard<std::mutex> lock(mu_);
  collectors_.push_back(std::move(collector));
}

std::unique_ptr<CollectHook> Registry::AddCollectHook(std::function<void()> hook) {
  std::lock_guard<std::mutex> lock(hooks_mu_);
  hooks_.push_back(std::move(hook));
  return std::make_unique<HookHandle>(this, std::prev(hooks_.end()));
}

std::vector<prometheus::MetricFamily> Registry::Collect() {
  {
    std::lock_guard<std::mutex> lock(hooks_mu_);
    for (auto& hook : hooks_) hook();
  }
  std::vector<std::shared_ptr<prometheus::Collectable>> collectors;
  {
    std::lock_guard<std::mutex> lock(mu_);
    collectors = collectors_;
  }
  std::vector<prometheus::MetricFamily> families = registry_.Collect();
  for (const auto& c : collectors) {
    std::vector<prometheus::MetricFamily> more = c->Collect();
    families.insert(families.end(), std::make_move_iterator(more.begin()),
                    std::make_move_iterator(more.end()));
  }
  return families;
}

std::string Registry::GatherText() {
  std::vector<prometheus::MetricFamily> families = Collect();
  return SerializeText(families);
}

}  // namespace kubecxx::metrics
