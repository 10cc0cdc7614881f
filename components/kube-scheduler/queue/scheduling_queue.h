// SchedulingQueue: the pods waiting to be scheduled (upstream backend/queue
// PriorityQueue, v1.37 with SchedulerQueueingHints and SchedulerPopFromBackoffQ on).
//
//  * activeQ: ordered by the profile's QueueSort plugin (PrioritySort: priority, then
//    queue timestamp); Pop blocks until a pod is there. When activeQ is empty Pop takes
//    the first backoffQ pod that plugins rejected (SchedulerPopFromBackoffQ); pods that
//    failed with an error always wait out their backoff (upstream's podErrorBackoffQ).
//  * Updates of a pod being scheduled (popped, not Done) do not queue it again; they are
//    recorded as in-flight events.
//  * backoffQ: pods whose backoff has not expired, ordered by expiry. Backoff =
//    podInitialBackoff (1s) << (attempts - 1), capped at podMaxBackoff (10s), counted
//    from the last failure, the expiry aligned down to the 1s ordering window; attempts
//    = consecutive errors if the last failure was an error, else unschedulable failures.
//  * unschedulable pods: rejected by plugins (or gated by PreEnqueue). A cluster event
//    moves such a pod when one of its rejecting plugins registered a matching event whose
//    hint says Queue (events.h): to activeQ if a Pending plugin asked for it or its
//    backoff is over, else to backoffQ. Pods unschedulable for longer than
//    podMaxInUnschedulablePodsDuration (5 min) are flushed as by a wildcard event.
//  * Events that arrive while a pod is being scheduled (popped, not yet Done) are
//    remembered and replayed when that pod comes back as unschedulable, so it is not
//    parked after missing an event.
//  * PreEnqueue plugins run whenever a pod would enter activeQ; a rejection parks it
//    (gated) with the plugin as its rejector.
//  * Nominated pods per node (the Nominator), for the filter's nominated-pod pass.
//
// Time comes from a Clock (lib/base/clock.h) so tests drive backoff and flushes with a
// FakeClock; FlushBackoffQCompleted / FlushUnschedulableLeftover are called by the owner
// (every 1s / 30s upstream).
//
// Thread-safety: every method locks one mutex; Pop waits on a condition variable through
// the Clock. Any thread may call any method; Close wakes blocked Pops.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "components/kube-scheduler/framework/profile.h"
#include "components/kube-scheduler/queue/events.h"
#include "lib/base/clock.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::queue {

using PodPtr = std::shared_ptr<const api::core::v1::Pod>;

struct QueueOptions {
  Clock::Duration initial_backoff = std::chrono::seconds(1);
  Clock::Duration max_backoff = std::chrono::seconds(10);
  Clock::Duration max_in_unschedulable = std::chrono::minutes(5);
};

// A pod in the queue with its bookkeeping (upstream framework.QueuedPodInfo).
struct QueuedPod {
  framework::QueuedPodInfo info;   // pod_info, timestamp (for QueueSort), attempts
  Clock::TimePoint timestamp;      // last added / last failure
  Clock::TimePoint initial_attempt_timestamp;
  int unschedulable_count = 0;
  int consecutive_errors = 0;
  // Set by the scheduling cycle before AddUnschedulableIfNotPresent.
  std::set<std::string> unschedulable_plugins;
  std::set<std::string> pending_plugins;
  bool gated = false;
  std::optional<Clock::TimePoint> backoff_expiration;
  std::optional<Clock::TimePoint> flush_timestamp;
  uint64_t seq = 0;  // insertion order, the last tie-break
  const api::core::v1::Pod& pod() const { return info.pod_info->pod(); }
};

class SchedulingQueue {
 public:
  // REQUIRES: clock and profile outlive the queue; the profile has a QueueSort plugin.
  SchedulingQueue(Clock* clock, const framework::Profile* profile, QueueOptions options,
                  std::vector<ClusterEventWithHint> events);

  // A new unscheduled pod: activeQ, or parked when a PreEnqueue plugin rejects it.
  void Add(const PodPtr& pod);
  // Blocks until a pod is available; null once closed. The pod is in flight until Done.
  std::shared_ptr<QueuedPod> Pop();
  void Done(const std::string& uid);
  // Returns a pod after a failed attempt. `cycle` is the scheduling cycle it was popped in.
  // Errors when the pod is already queued.
  Status AddUnschedulableIfNotPresent(std::shared_ptr<QueuedPod> pod, int64_t cycle);
  // Informer update of an unscheduled pod (re-evaluates a parked pod) / deletion.
  void Update(const api::core::v1::Pod& old_pod, const PodPtr& new_pod);
  void Delete(const api::core::v1::Pod& pod);
  // A cluster event: parked pods whose rejectors registered for it (and whose hint says
  // Queue) move on.
  void MoveAllToActiveOrBackoffQueue(const ClusterEvent& event, const EventObject& old_obj,
                                     const EventObject& new_obj);
  void FlushBackoffQCompleted();
  void FlushUnschedulableLeftover();
  void Close();

  // Nominator. AddNominatedPod with node "" nominates the pod to its own
  // status.nominatedNodeName (ModeNoop) or, when it has none, only forgets it. Add and
  // Update keep the nominator in step with status.nominatedNodeName (an update that names
  // no node keeps an in-memory nomination, as upstream UpdateNominatedPod).
  void AddNominatedPod(std::shared_ptr<const framework::PodInfo> pod, const std::string& node);
  void DeleteNominatedPodIfExists(const api::core::v1::Pod& pod);
  std::vector<std::shared_ptr<const framework::PodInfo>> NominatedPodsForNode(std::string_view node) const;

  int64_t SchedulingCycle() const;
  // Sizes for scheduler_pending_pods (gated pods are the parked ones PreEnqueue rejected).
  struct Counts {
    size_t active = 0, backoff = 0, unschedulable = 0, gated = 0;
  };
  Counts CountPods() const;
  // Pod names in each queue (activeQ in pop order, backoffQ by expiry).
  std::vector<std::string> ActivePods() const;
  std::vector<std::string> BackoffPods() const;
  std::vector<std::string> UnschedulablePods() const;
  // The backoff expiry upstream would compute (exposed for tests).
  Clock::TimePoint BackoffTime(QueuedPod& p) const;
  // backoffQueue.calculateBackoffDuration: initial << (count - 1) capped at max_backoff
  // (0 for count 0), without overflow.
  static Clock::Duration CalculateBackoffDuration(Clock::Duration initial, Clock::Duration max, int count);

 private:
  enum class Strategy { kSkip, kAfterBackoff, kImmediately };
  struct ActiveLess {
    const SchedulingQueue* q;
    bool operator()(const std::shared_ptr<QueuedPod>& a, const std::shared_ptr<QueuedPod>& b) const;
  };
  struct BackoffLess {
    const SchedulingQueue* q;
    bool operator()(const std::shared_ptr<QueuedPod>& a, const std::shared_ptr<QueuedPod>& b) const;
  };
  struct RecordedEvent {
    ClusterEvent event;
    EventObject old_obj, new_obj;
  };

  bool IsBackingOff(QueuedPod& p) const;
  Strategy WorthRequeuing(const QueuedPod& p, const ClusterEvent& e, const EventObject& old_obj,
                          const EventObject& new_obj) const;
  void Requeue(std::shared_ptr<QueuedPod> p, Strategy s);
  // Runs PreEnqueue; activeQ on success, parked (gated) otherwise.
  void MoveToActive(std::shared_ptr<QueuedPod> p);
  std::shared_ptr<QueuedPod> Take(const std::string& uid);  // out of any queue
  void AddNominatedPodLocked(std::shared_ptr<const framework::PodInfo> pod, const std::string& node);
  void UpdateNominatedPodLocked(const api::core::v1::Pod& old_pod, std::shared_ptr<const framework::PodInfo> pod);
  void MoveParked(std::vector<std::shared_ptr<QueuedPod>> pods, const ClusterEvent& e, const EventObject& old_obj,
                  const EventObject& new_obj);
  std::chrono::system_clock::time_point SortTime(Clock::TimePoint t) const;
  Clock::TimePoint AlignToWindow(Clock::TimePoint t) const;

  Clock* const clock_;
  const framework::Profile* const profile_;
  const QueueOptions options_;
  const std::vector<ClusterEventWithHint> events_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool closed_ = false;
  uint64_t next_seq_ = 0;
  int64_t cycle_ = 0;
  std::set<std::shared_ptr<QueuedPod>, ActiveLess> active_{ActiveLess{this}};
  std::set<std::shared_ptr<QueuedPod>, BackoffLess> backoff_{BackoffLess{this}};
  std::map<std::string, std::shared_ptr<QueuedPod>> unschedulable_;
  std::map<std::string, std::shared_ptr<QueuedPod>> by_uid_;  // every queued pod
  // uid -> events seen while the pod was in flight.
  std::map<std::string, std::vector<RecordedEvent>> in_flight_;
  std::map<std::string, std::vector<std::shared_ptr<const framework::PodInfo>>, std::less<>> nominated_;
  std::map<std::string, std::string> nominated_node_of_;  // uid -> node
};

}  // namespace kubecxx::scheduler::queue
