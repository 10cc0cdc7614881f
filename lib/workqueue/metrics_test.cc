// The queue's metric hooks, checked with a recording provider and a fake clock (after
// client-go's metrics_test.go).

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "lib/workqueue/queue.h"
#include "lib/workqueue/rate_limiting_queue.h"

namespace kubecxx::workqueue {
namespace {

using std::chrono::milliseconds;

QueueConfig Named(MetricsProvider* provider, Clock* clock, std::string name = "test") {
  QueueConfig config;
  config.name = std::move(name);
  config.metrics_provider = provider;
  config.clock = clock;
  return config;
}

struct Recorded {
  std::mutex mu;
  double depth = 0;
  double adds = 0;
  double retries = 0;
  double unfinished = 0;
  double longest = 0;
  std::vector<double> latency;
  std::vector<double> work;
  int collect_registrations = 0;
};

class RecordingProvider : public MetricsProvider {
 public:
  explicit RecordingProvider(Recorded* r) : r_(r) {}

  struct Gauge : GaugeMetric {
    Gauge(Recorded* r, double* v) : r(r), v(v) {}
    void Inc() override {
      std::lock_guard<std::mutex> l(r->mu);
      ++*v;
    }
    void Dec() override {
      std::lock_guard<std::mutex> l(r->mu);
      --*v;
    }
    Recorded* r;
    double* v;
  };
  struct Settable : SettableGaugeMetric {
    Settable(Recorded* r, double* v) : r(r), v(v) {}
    void Set(double x) override {
      std::lock_guard<std::mutex> l(r->mu);
      *v = x;
    }
    Recorded* r;
    double* v;
  };
  struct Counter : CounterMetric {
    Counter(Recorded* r, double* v) : r(r), v(v) {}
    void Inc() override {
      std::lock_guard<std::mutex> l(r->mu);
      ++*v;
    }
    Recorded* r;
    double* v;
  };
  struct Histogram : HistogramMetric {
    Histogram(Recorded* r, std::vector<double>* v) : r(r), v(v) {}
    void Observe(double x) override {
      std::lock_guard<std::mutex> l(r->mu);
      v->push_back(x);
    }
    Recorded* r;
    std::vector<double>* v;
  };
  struct Registration : CollectRegistration {
    explicit Registration(Recorded* r) : r(r) { ++r->collect_registrations; }
    ~Registration() override { --r->collect_registrations; }
    Recorded* r;
  };

  std::unique_ptr<GaugeMetric> NewDepthMetric(const std::string&) override {
    return std::make_unique<Gauge>(r_, &r_->depth);
  }
  std::unique_ptr<CounterMetric> NewAddsMetric(const std::string&) override {
    return std::make_unique<Counter>(r_, &r_->adds);
  }
  std::unique_ptr<HistogramMetric> NewLatencyMetric(const std::string&) override {
    return std::make_unique<Histogram>(r_, &r_->latency);
  }
  std::unique_ptr<HistogramMetric> NewWorkDurationMetric(const std::string&) override {
    return std::make_unique<Histogram>(r_, &r_->work);
  }
  std::unique_ptr<SettableGaugeMetric> NewUnfinishedWorkSecondsMetric(
      const std::string&) override {
    return std::make_unique<Settable>(r_, &r_->unfinished);
  }
  std::unique_ptr<SettableGaugeMetric> NewLongestRunningProcessorSecondsMetric(
      const std::string&) override {
    return std::make_unique<Settable>(r_, &r_->longest);
  }
  std::unique_ptr<CounterMetric> NewRetriesMetric(const std::string&) override {
    return std::make_unique<Counter>(r_, &r_->retries);
  }
  std::unique_ptr<CollectRegistration> OnCollect(std::function<void()>) override {
    return std::make_unique<Registration>(r_);
  }

 private:
  Recorded* r_;
};

TEST(QueueMetricsTest, SinceInQueueAndWorkDuration) {
  Recorded r;
  RecordingProvider provider(&r);
  FakeClock clock;
  {
    Queue q(Named(&provider, &clock));
    EXPECT_EQ(r.collect_registrations, 1);
    q.Add("foo");
    EXPECT_EQ(r.adds, 1);
    EXPECT_EQ(r.depth, 1);
    clock.Step(milliseconds(50));
    auto item = q.Get();
    EXPECT_EQ(r.depth, 0);
    ASSERT_EQ(r.latency.size(), 1u);
    EXPECT_DOUBLE_EQ(r.latency[0], 0.05);

    // Re-added while processing: counted as an add and in depth at once, as upstream.
    q.Add("foo");
    q.Add("foo");  // de-duplicated: no second add
    EXPECT_EQ(r.adds, 2);
    EXPECT_EQ(r.depth, 1);

    clock.Step(milliseconds(25));
    q.UpdateUnfinishedWork();
    EXPECT_DOUBLE_EQ(r.unfinished, 0.025);
    EXPECT_DOUBLE_EQ(r.longest, 0.025);

    clock.Step(milliseconds(5));
    q.Done(*item);
    ASSERT_EQ(r.work.size(), 1u);
    EXPECT_DOUBLE_EQ(r.work[0], 0.03);

    item = q.Get();  // the requeued item waited 30ms since its second Add
    ASSERT_EQ(r.latency.size(), 2u);
    EXPECT_DOUBLE_EQ(r.latency[1], 0.03);
    EXPECT_EQ(r.depth, 0);
  }
  EXPECT_EQ(r.collect_registrations, 0);  // released with the queue
}

TEST(QueueMetricsTest, LongestRunningAndTotalUnfinished) {
  Recorded r;
  RecordingProvider provider(&r);
  FakeClock clock;
  Queue q(Named(&provider, &clock));
  q.Add("a");
  q.Get();
  clock.Step(milliseconds(1000));
  q.Add("b");
  q.Get();
  clock.Step(milliseconds(500));
  q.UpdateUnfinishedWork();
  EXPECT_DOUBLE_EQ(r.unfinished, 2.0);  // 1.5 + 0.5
  EXPECT_DOUBLE_EQ(r.longest, 1.5);
}

TEST(QueueMetricsTest, RetriesCountEveryAddAfter) {
  Recorded r;
  RecordingProvider provider(&r);
  FakeClock clock;
  RateLimitingQueue q(std::make_unique<ItemFastSlowRateLimiter<std::string>>(milliseconds(1),
                                                                              milliseconds(2), 1),
                      Named(&provider, &clock));
  q.AddRateLimited("a");
  q.AddAfter("b", milliseconds(0));
  EXPECT_EQ(r.retries, 2);
  q.Add("c");
  EXPECT_EQ(r.retries, 2);
}

TEST(QueueMetricsTest, UnnamedQueueRecordsNothing) {
  Recorded r;
  RecordingProvider provider(&r);
  Queue q(Named(&provider, nullptr, ""));
  q.Add("a");
  EXPECT_EQ(r.adds, 0);
  EXPECT_EQ(r.collect_registrations, 0);
}

}  // namespace
}  // namespace kubecxx::workqueue
