// Scheduler: the scheduling loop (upstream pkg/scheduler scheduler.go, schedule_one.go and
// eventhandlers.go): informer events feed the cache and the queue; one scheduling thread
// pops a pod, runs its profile's scheduling cycle on the cache's incremental snapshot,
// assumes the pod in the cache and hands the binding cycle to a binding worker.
//
// Behaviour kept from v1.37.2:
//  * Pods whose spec.schedulerName names no profile are ignored; unassigned pods of ours
//    go to the queue (PreEnqueue / scheduling gates there), assigned pods to the cache.
//  * A pod being deleted is skipped with the Warning event "skip schedule deleting pod:
//    ns/name"; a pod already assumed is skipped.
//  * Failure: reason Unschedulable when a plugin rejected the pod (no nodes at all too:
//    "no nodes available to schedule pods"), SchedulerError otherwise; the pod goes back
//    to the queue when the informer still has it unassigned with the same UID; a Warning
//    event FailedScheduling/Scheduling with the message truncated to 1024 bytes (" ..."),
//    and the PodScheduled=False condition (observedGeneration = metadata.generation) as a
//    strategic-merge patch of pods/status, sent only when the condition changed.
//  * Success: PreBind, Bind, then the Normal event Scheduled/Binding "Successfully assigned
//    ns/name to node", PostBind. A failed binding unreserves, forgets the assumed pod, moves
//    parked pods as an AssignedPodDelete event and goes through the failure path.
//  * Requeueing: node add/update/delete, assigned pod add/update/delete, and the volume
//    objects' add/update/delete (queueing hints in queue/events.h, plugins/volume_events.h), backoffQ flushed every 1 s, unschedulable pods older than
//    podMaxInUnschedulablePodsDuration flushed every 30 s.
//
//  * PostFilter (DefaultPreemption) runs after a FitError; its message is appended to the
//    FitError's, its nominated node (or "" to clear, or nothing to keep) goes to the queue's
//    nominator and into the same pods/status patch as the condition (nominatedNodeName).
//
// Not implemented: Permit "Wait" (waiting pods) is treated as an error; extenders are
// ignored.
//
// THREADING MODEL
//  * Informer handler threads (lib/client/cache) call On*; they only touch the cache and
//    the queue, both internally locked.
//  * One scheduling thread (ScheduleLoop) owns the snapshot, the algorithm's rotating
//    index and every CycleState until it hands it over. Filter/Score fan out on each
//    profile's Parallelizer (framework/profile.h). UpdateSnapshot clones only NodeInfos
//    whose generation moved since the last cycle.
//  * Binding workers (SchedulerOptions::binding_workers threads) run binding cycles:
//    PreBind/Bind/PostBind, the API writes and events, concurrently with the next cycles.
//    A binding cycle owns its CycleState and assumed pod; it shares only the cache, the
//    queue and the SchedulerApi (thread-safe).
//  * One housekeeping thread flushes backoffQ (1 s) and old unschedulable pods (30 s) and
//    updates scheduler_pending_pods.
//  * Failure handling runs on whichever thread saw the failure (scheduling or binding).
// Start/Stop from one thread. Stop closes the queue, joins the scheduling thread, lets the
// binding workers finish what was handed to them, and joins everything.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "components/kube-scheduler/cache/cache.h"
#include "components/kube-scheduler/framework/profile.h"
#include "components/kube-scheduler/framework/schedule_algorithm.h"
#include "components/kube-scheduler/queue/scheduling_queue.h"
#include "lib/base/clock.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler {

using PodPtr = std::shared_ptr<const api::core::v1::Pod>;
using NodePtr = std::shared_ptr<const api::core::v1::Node>;

// What the loop writes to the API server. Thread-safe implementations only.
class SchedulerApi {
 public:
  virtual ~SchedulerApi() = default;
  // POST pods/<name>/binding (DefaultBinder). The error text is reported as is.
  virtual Status Bind(const api::core::v1::Pod& pod, const std::string& node) = 0;
  // PATCH pods/<name>/status with a strategic merge patch (JSON), retried on conflicts.
  virtual Status PatchPodStatus(const api::core::v1::Pod& pod, const std::string& patch) = 0;
  // events.k8s.io/v1 event from the profile's recorder (reportingController = profile).
  virtual void Event(const std::string& profile, const api::core::v1::Pod& pod,
                     std::string_view type, std::string_view reason, std::string_view action,
                     std::string_view note) = 0;
};

struct SchedulerOptions {
  int32_t percentage_of_nodes_to_score = 0;  // the configuration's global value
  queue::QueueOptions queue;
  int binding_workers = 16;
  Clock* clock = nullptr;  // nullptr: Clock::Real()
};

class Scheduler {
 public:
  // The informer's current pod with that namespace/name, or null.
  using PodLister = std::function<PodPtr(const std::string& ns, const std::string& name)>;

  // REQUIRES: profiles non-empty with distinct names; api outlives the scheduler. The queue
  // sorts and gates with the first profile's QueueSort and PreEnqueue plugins (upstream
  // requires every profile to have the same QueueSort).
  Scheduler(std::vector<std::unique_ptr<framework::Profile>> profiles, SchedulerApi* api,
            PodLister lister, SchedulerOptions options);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Informer event handlers (any thread).
  void OnPodAdd(const PodPtr& pod);
  void OnPodUpdate(const PodPtr& old_pod, const PodPtr& new_pod);
  void OnPodDelete(const PodPtr& pod);
  void OnNodeAdd(const NodePtr& node);
  void OnNodeUpdate(const NodePtr& old_node, const NodePtr& new_node);
  void OnNodeDelete(const NodePtr& node);
  // Any other watched resource (PV, PVC, StorageClass, CSINode, CSIDriver,
  // VolumeAttachment): only moves unschedulable pods, as upstream's buildEvtResHandler.
  void OnClusterEvent(const std::string& resource, uint32_t action, std::string label, queue::EventObject old_obj,
                      queue::EventObject new_obj);

  // Whether a profile has this schedulerName.
  bool Responsible(const api::core::v1::Pod& pod) const;

  void Start();
  void Stop();

  // One scheduling cycle on the calling thread (tests); false once the queue is closed.
  bool ScheduleOne();

  cache::SchedulerCache& cache() { return cache_; }
  queue::SchedulingQueue& queue() { return *queue_; }
  framework::Profile* ProfileFor(const std::string& scheduler_name) const;

 private:
  struct Failure {
    bool rejected = false;        // Unschedulable rather than SchedulerError
    std::string message;          // the condition message
    std::set<std::string> unschedulable_plugins;
    std::set<std::string> pending_plugins;
    // The NominatingInfo: nullopt = ModeNoop (keep the pod's nominatedNodeName), a value
    // = ModeOverride ("" clears it, the default of every failure but PostFilter's).
    std::optional<std::string> nominating = std::string();
  };

  void ScheduleLoop();
  void Housekeeping(std::stop_token stop);
  void BindingWorker();
  void SubmitBinding(std::function<void()> task);
  void BindingCycle(framework::Profile* profile, std::shared_ptr<framework::CycleState> state,
                    std::shared_ptr<queue::QueuedPod> qp, PodPtr assumed, std::string host,
                    Clock::TimePoint start);
  void BindingFailed(framework::Profile* profile, framework::CycleState& state,
                     const std::shared_ptr<queue::QueuedPod>& qp, const PodPtr& assumed,
                     const std::string& host, const framework::Status& status,
                     Clock::TimePoint start);
  // handleSchedulingFailure.
  void HandleFailure(framework::Profile* profile, const std::shared_ptr<queue::QueuedPod>& qp,
                     Failure failure, Clock::TimePoint start);
  void UpdatePodScheduledCondition(const std::string& profile, const api::core::v1::Pod& pod,
                                   const std::string& reason, const std::string& message,
                                   const std::optional<std::string>& nominating);
  static Failure ErrorFailure(std::string message);
  // A rejection at Reserve/Permit/binding as upstream's one-node FitError.
  static Failure OneNodeFitError(const api::core::v1::Pod& pod, const std::string& host,
                                 const framework::Status& status);
  void HandleAssumedPodDeletion(const api::core::v1::Pod& pod);
  void MoveAll(std::string_view resource, uint32_t action, std::string label,
               queue::EventObject old_obj, queue::EventObject new_obj);
  double SecondsSince(Clock::TimePoint t) const;

  Clock* const clock_;
  SchedulerApi* const api_;
  const PodLister lister_;
  const SchedulerOptions options_;
  std::vector<std::unique_ptr<framework::Profile>> profiles_;
  std::map<std::string, framework::Profile*, std::less<>> by_name_;

  cache::SchedulerCache cache_;
  std::unique_ptr<queue::SchedulingQueue> queue_;

  // Scheduling thread only.
  cache::CacheSnapshot snapshot_;
  framework::ScheduleAlgorithm algorithm_;

  std::mutex bind_mu_;
  std::condition_variable bind_cv_;
  std::deque<std::function<void()>> bind_tasks_;  // guarded by bind_mu_
  bool bind_stopping_ = false;                    // guarded by bind_mu_

  bool started_ = false;
  std::thread schedule_thread_;
  std::jthread housekeeping_thread_;
  std::vector<std::thread> bind_threads_;
};

}  // namespace kubecxx::scheduler
