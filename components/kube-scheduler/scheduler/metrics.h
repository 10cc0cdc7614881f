// The scheduler's own metrics with upstream's names, help texts, buckets and stability
// (pkg/scheduler/metrics): scheduler_schedule_attempts_total{result,profile},
// scheduler_scheduling_attempt_duration_seconds{result,profile},
// scheduler_pending_pods{queue}, scheduler_pod_scheduling_sli_duration_seconds{attempts},
// scheduler_scheduling_algorithm_duration_seconds, scheduler_preemption_attempts_total and
// scheduler_preemption_victims.
//
// Thread-safety: registered once in the process-wide registry; every function may be called
// from any thread.
#pragma once

#include <cstddef>
#include <string_view>

namespace kubecxx::scheduler::metrics {

// result: "scheduled", "unschedulable" or "error".
void ObserveAttempt(std::string_view result, std::string_view profile, double seconds);
// From the cycle's start (before the snapshot update) to the end of the algorithm (filter,
// score, and PostFilter when the pod did not fit), as upstream's SchedulingAlgorithmLatency.
void ObserveAlgorithm(double seconds);
// attempts: the pod's attempt count ("15+" from 15 on, as upstream's getAttemptsLabel).
void ObserveSli(int attempts, double seconds);
// queue: "active", "backoff", "unschedulable", "gated".
void SetPendingPods(std::string_view queue, double value);
// One PostFilter run of DefaultPreemption / the victims of one chosen candidate.
void IncPreemptionAttempts();
void ObservePreemptionVictims(size_t n);
// Registers every family (so /metrics shows them before the first attempt).
void Register();

}  // namespace kubecxx::scheduler::metrics
