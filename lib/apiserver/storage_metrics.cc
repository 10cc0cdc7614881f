#include "lib/apiserver/storage_metrics.h"

#include <utility>

namespace kubecxx::apiserver {
namespace {

metrics::Opts MetricOpts(std::string subsystem, std::string name, std::string help,
                         metrics::StabilityLevel stability) {
  metrics::Opts o;
  o.subsystem = std::move(subsystem);
  o.name = std::move(name);
  o.help = std::move(help);
  o.stability = stability;
  return o;
}

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// An etcd failure, as opposed to an answer the store turns into "not found", "exists" or
// a failed precondition.
bool EtcdFailed(const Status& s) {
  return s.code() == StatusCode::kUnavailable || s.code() == StatusCode::kOutOfRange;
}

class InstrumentedStore : public storage::Interface {
 public:
  InstrumentedStore(std::unique_ptr<storage::Interface> inner, std::string group,
                    std::string resource, StorageMetrics* metrics)
      : inner_(std::move(inner)),
        group_(std::move(group)),
        resource_(std::move(resource)),
        metrics_(metrics) {}

  StatusOr<codec::Object> Get(std::string_view key, const storage::GetOptions& options) override {
    auto start = Clock::now();
    auto r = inner_->Get(key, options);
    Record("get", r.status(), start);
    return r;
  }

  Status GetList(std::string_view key, const storage::ListOptions& options,
                 storage::ListResult* out) override {
    auto start = Clock::now();
    Status s = inner_->GetList(key, options, out);
    Record("list", s, start);
    return s;
  }

  StatusOr<codec::Object> Create(std::string_view key, codec::Object obj,
                                 uint64_t ttl_seconds) override {
    auto start = Clock::now();
    auto r = inner_->Create(key, std::move(obj), ttl_seconds);
    Record("create", r.status(), start);
    return r;
  }

  StatusOr<codec::Object> Delete(std::string_view key,
                                 const storage::Preconditions& preconditions) override {
    auto start = Clock::now();
    auto r = inner_->Delete(key, preconditions);
    Record("delete", r.status(), start);
    return r;
  }

  StatusOr<codec::Object> GuaranteedUpdate(std::string_view key, bool ignore_not_found,
                                           const storage::Preconditions& preconditions,
                                           const storage::UpdateFunc& update) override {
    auto start = Clock::now();
    auto r = inner_->GuaranteedUpdate(key, ignore_not_found, preconditions, update);
    Record("update", r.status(), start);
    return r;
  }

  StatusOr<std::unique_ptr<storage::WatchStream>> Watch(
      std::string_view key, const storage::WatchOptions& options) override {
    return inner_->Watch(key, options);
  }

  storage::Interface* inner() const { return inner_.get(); }

  StatusOr<int64_t> CurrentRevision() override {
    auto start = Clock::now();
    auto r = inner_->CurrentRevision();
    Record("getCurrentResourceVersion", r.status(), start);
    return r;
  }

 private:
  void Record(std::string_view op, const Status& s, Clock::time_point start) {
    metrics_->RecordRequest(op, group_, resource_, EtcdFailed(s), Since(start));
  }

  std::unique_ptr<storage::Interface> inner_;
  const std::string group_;
  const std::string resource_;
  StorageMetrics* metrics_;
};

}  // namespace

StorageMetrics::StorageMetrics(metrics::Registry* registry)
    : latency_(registry->NewHistogramVec(
          MetricOpts("", "etcd_request_duration_seconds",
                     "Etcd request latency in seconds for each operation and object type.",
                     metrics::StabilityLevel::kAlpha),
          {0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10,
           15, 20, 30, 45, 60},
          {"operation", "group", "resource"})),
      requests_(registry->NewCounterVec(
          MetricOpts("", "etcd_requests_total",
                     "Etcd request counts for each operation and object type.",
                     metrics::StabilityLevel::kAlpha),
          {"operation", "group", "resource"})),
      errors_(registry->NewCounterVec(
          MetricOpts("", "etcd_request_errors_total",
                     "Etcd failed request counts for each operation and object type.",
                     metrics::StabilityLevel::kAlpha),
          {"operation", "group", "resource"})),
      objects_(registry->NewGaugeVec(
          MetricOpts("", "apiserver_resource_objects",
                     "Number of stored objects at the time of last check split by kind. In case "
                   "of a fetching error, the value will be -1.",
                     metrics::StabilityLevel::kAlpha),
          {"group", "resource"})) {}

StorageMetrics& StorageMetrics::Default() {
  static StorageMetrics* m = new StorageMetrics(&metrics::Registry::Default());
  return *m;
}

void StorageMetrics::RecordRequest(std::string_view operation, std::string_view group,
                                   std::string_view resource, bool failed, double seconds) {
  latency_.WithLabelValues({operation, group, resource}).Observe(seconds);
  requests_.WithLabelValues({operation, group, resource}).Increment();
  if (failed) errors_.WithLabelValues({operation, group, resource}).Increment();
}

void StorageMetrics::SetObjectCount(std::string_view group, std::string_view resource,
                                    double count) {
  objects_.WithLabelValues({group, resource}).Set(count);
}

std::unique_ptr<storage::Interface> InstrumentStore(std::unique_ptr<storage::Interface> inner,
                                                    std::string group, std::string resource,
                                                    StorageMetrics* metrics) {
  return std::make_unique<InstrumentedStore>(std::move(inner), std::move(group),
                                             std::move(resource), metrics);
}

storage::Interface* Uninstrumented(storage::Interface* store) {
  auto* instrumented = dynamic_cast<InstrumentedStore*>(store);
  return instrumented != nullptr ? instrumented->inner() : store;
}

ObjectCounter::ObjectCounter(etcd::Client* client, std::vector<Target> targets,
                             StorageMetrics* metrics, std::chrono::milliseconds period)
    : client_(client), targets_(std::move(targets)), metrics_(metrics), period_(period) {}

ObjectCounter::~ObjectCounter() { Stop(); }

void ObjectCounter::Start() {
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      lock.unlock();
      CountAll();
      lock.lock();
      cv_.wait_for(lock, period_, [this] { return stopping_; });
    }
  });
}

void ObjectCounter::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ObjectCounter::CountAll() {
  for (const Target& t : targets_) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
    }
    etcd::RangeOptions opts;
    opts.prefix = true;
    opts.count_only = true;
    auto start = Clock::now();
    auto r = client_->Range(t.key_prefix, opts);
    metrics_->RecordRequest("listWithCount", t.group, t.resource, !r.ok(), Since(start));
    metrics_->SetObjectCount(t.group, t.resource, r.ok() ? static_cast<double>(r->count) : -1);
  }
}

}  // namespace kubecxx::apiserver
