#include "components/kube-scheduler/scheduler/metrics.h"

#include <string>

#include "lib/metrics/registry.h"

namespace kubecxx::scheduler::metrics {
namespace {

using ::kubecxx::metrics::Opts;
using ::kubecxx::metrics::Registry;
using ::kubecxx::metrics::StabilityLevel;

Opts MakeOpts(std::string name, std::string help, StabilityLevel level) {
  Opts o;
  o.subsystem = "scheduler";
  o.name = std::move(name);
  o.help = std::move(help);
  o.stability = level;
  return o;
}

struct Families {
  ::kubecxx::metrics::CounterVec& attempts;
  ::kubecxx::metrics::HistogramVec& attempt_duration;
  ::kubecxx::metrics::GaugeVec& pending;
  ::kubecxx::metrics::HistogramVec& sli;
  ::prometheus::Histogram& algorithm_duration;
  prometheus::Counter& preemption_attempts;
  prometheus::Histogram& preemption_victims;
};

Families& Get() {
  static Families f{
      Registry::Default().NewCounterVec(
          MakeOpts("schedule_attempts_total", "Number of attempts to schedule pods, by the result. 'unschedulable' means a pod "
                       "could not be scheduled, while 'error' means an internal scheduler problem.", StabilityLevel::kStable),
          {"result", "profile"}),
      Registry::Default().NewHistogramVec(
          MakeOpts("scheduling_attempt_duration_seconds", "Scheduling attempt latency in seconds (scheduling algorithm + binding)", StabilityLevel::kStable),
          ::kubecxx::metrics::ExponentialBuckets(0.001, 2, 15), {"result", "profile"}),
      Registry::Default().NewGaugeVec(
          MakeOpts("pending_pods", "Number of pending pods, by the queue type. 'active' means number of pods in "
                       "activeQ; 'backoff' means number of pods in backoffQ; 'unschedulable' means "
                       "number of pods in unschedulableEntities that the scheduler attempted to "
                       "schedule and failed; 'gated' is the number of unschedulable pods that the "
                       "scheduler never attempted to schedule because they are gated; 'incomplete' "
                       "means number of pods in incompletePodGroupPods; 'pending' means number of "
                       "pods in pendingPodGroupPods.", StabilityLevel::kStable),
          {"queue"}),
      Registry::Default().NewHistogramVec(
          MakeOpts("pod_scheduling_sli_duration_seconds", "E2e latency for a pod being scheduled, from the time the pod enters the "
                       "scheduling queue and might involve multiple scheduling attempts.", StabilityLevel::kBeta),
          ::kubecxx::metrics::ExponentialBuckets(0.01, 2, 20), {"attempts"}),
      Registry::Default().NewHistogram(
          MakeOpts("scheduling_algorithm_duration_seconds", "Scheduling algorithm latency in seconds", StabilityLevel::kBeta),
          ::kubecxx::metrics::ExponentialBuckets(0.001, 2, 15)),
      Registry::Default().NewCounter(
          MakeOpts("preemption_attempts_total", "Total preemption attempts in the cluster till now", StabilityLevel::kStable)),
      Registry::Default().NewHistogram(
          MakeOpts("preemption_victims", "Number of selected preemption victims for preemption initiated by a single pod",
                   StabilityLevel::kStable),
          ::kubecxx::metrics::ExponentialBuckets(1, 2, 7)),
  };
  return f;
}

}  // namespace

void ObserveAttempt(std::string_view result, std::string_view profile, double seconds) {
  Families& f = Get();
  f.attempts.WithLabelValues({result, profile}).Increment();
  f.attempt_duration.WithLabelValues({result, profile}).Observe(seconds);
}

void ObserveSli(int attempts, double seconds) {
  std::string label = attempts >= 15 ? "15+" : std::to_string(attempts);
  Get().sli.WithLabelValues({label}).Observe(seconds);
}

void ObserveAlgorithm(double seconds) { Get().algorithm_duration.Observe(seconds); }

void SetPendingPods(std::string_view queue, double value) {
  Get().pending.WithLabelValues({queue}).Set(value);
}

void IncPreemptionAttempts() { Get().preemption_attempts.Increment(); }

void ObservePreemptionVictims(size_t n) { Get().preemption_victims.Observe(static_cast<double>(n)); }

void Register() {
  Get();
  for (std::string_view q : {"active", "backoff", "unschedulable", "gated"}) SetPendingPods(q, 0);
}

}  // namespace kubecxx::scheduler::metrics
