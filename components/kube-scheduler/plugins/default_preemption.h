// DefaultPreemption (PostFilter + PreEnqueue): upstream framework/preemption (Evaluator,
// Executor) and plugins/defaultpreemption, for single pods (GenericWorkload is off by
// default in v1.37, so every victim is one pod) with SchedulerAsyncPreemption on (its
// default).
//
// PostFilter, facts kept from v1.37.2:
//  * The preemptor is re-read from the pod lister; not eligible (Unschedulable, no result
//    = nominatedNodeName kept): preemptionPolicy Never ("not eligible due to
//    preemptionPolicy=Never."), or its nominated node (unless that node's status is
//    UnschedulableAndUnresolvable) holds a lower-priority pod terminating by preemption
//    ("not eligible due to a terminating pod on the nominated node.").
//  * Potential nodes: those whose filter status is Unschedulable (absent nodes count when
//    the absent status is). A random offset (rand.Int31n(N)) and the number of candidates
//    max(N * minCandidateNodesPercentage / 100, minCandidateNodesAbsolute) capped at N.
//  * Per node (a Clone of the NodeInfo and of the CycleState): every lower-priority pod is
//    removed (RemovePod extensions); no such pod: "No preemption victims found for incoming
//    pod" (UnschedulableAndUnresolvable); the pod must then pass the filters (with
//    nominated pods) or the filter status is the node's; then victims are re-added in order
//    of importance (priority, then earlier start time), PDB-violating ones first, each kept
//    if the filters still pass. PDB violations: a pod matching a PDB of its namespace (label
//    selector, not in status.disruptedPods) uses up one of status.disruptionsAllowed.
//  * No candidate: Unschedulable "preemption: 0/N nodes are available: <counted reasons>."
//    with absent nodes "Preemption is not helpful for scheduling", nominatedNodeName
//    cleared. An error with no candidate is an Error ("preemption: <err>").
//  * Candidate choice: fewest PDB violations, lowest highest-victim priority, lowest sum
//    of (priority + 2^31), fewest victims, latest earliest-start-time among the highest-
//    priority victims (a pod without status.startTime counts as "now"), then the first.
//  * Success: "preemption: found a potential placement for pod on node <n>, preempting
//    <k> victims", nominatedNodeName <n>.
//
// Actuation (async, as upstream's prepareCandidateAsync): the preemptor is marked
// "preempting" (PreEnqueue then answers "waiting for the preemption for this pod to be
// finished", UnschedulableAndUnresolvable) and a worker thread clears nominatedNodeName
// of lower-priority pods nominated to the node, then for each victim not already being
// deleted adds the DisruptionTarget condition (reason PreemptionByScheduler, message
// "<schedulerName>: preempting to accommodate a higher priority pod"), deletes it and
// records the Normal event Preempted/Preempting "Preempted by pod <uid> on node <n>"
// (regarding the victim; stock sets no related object). A NotFound victim is skipped. Upstream
// deletes all victims but the last in parallel; here they go one after another.
//
// Differences from upstream: ties left after the five criteria go to the first candidate
// in dry-run order (upstream: Go map order, i.e. random); no extenders; waiting pods and
// pods in PreBind are not preempted in memory (we have neither).
//
// Thread-safety: PostFilter on the scheduling thread; PreEnqueue under the queue lock on
// any thread; the worker thread only touches the API and the preempting set (mutex).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "components/kube-scheduler/framework/diagnosis.h"
#include "components/kube-scheduler/framework/interface.h"
#include "components/kube-scheduler/plugins/names.h"
#include "kubecxx/api/policy/v1/types.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::plugins {

using PdbPtr = std::shared_ptr<const api::policy::v1::PodDisruptionBudget>;

// Reads the plugin needs from the informers. Thread-safe implementations only.
class PreemptionLister {
 public:
  virtual ~PreemptionLister() = default;
  // The informer's pod, or null.
  virtual std::shared_ptr<const framework::Pod> GetPod(const std::string& ns, const std::string& name) const = 0;
  virtual std::vector<PdbPtr> ListPdbs() const = 0;
};

// Writes of the actuation. Thread-safe implementations only. NotFound (StatusCode::kNotFound)
// when the pod is gone.
class PreemptionApi {
 public:
  virtual ~PreemptionApi() = default;
  // PATCH pods/status adding DisruptionTarget=True (reason PreemptionByScheduler,
  // message), unless the pod already has it unchanged.
  virtual Status AddDisruptionTarget(const framework::Pod& victim, const std::string& message) = 0;
  // DELETE the pod (default grace period).
  virtual Status DeletePod(const framework::Pod& victim) = 0;
  // PATCH pods/status "nominatedNodeName": null (nothing when it has none).
  virtual Status ClearNominatedNodeName(const framework::Pod& pod) = 0;
  // The profile's Preempted event regarding the victim (the preemptor is passed for
  // implementations that want it; stock's event has no related object).
  virtual void PreemptedEvent(const std::string& profile, const framework::Pod& victim,
                              const framework::Pod& preemptor, const std::string& note) = 0;
};

struct DefaultPreemptionArgs {
  int32_t min_candidate_nodes_percentage = 10;
  int32_t min_candidate_nodes_absolute = 100;
};

// One preemption candidate: victims in order of importance (most important first).
struct PreemptionCandidate {
  std::string name;
  std::vector<std::shared_ptr<const framework::PodInfo>> victims;
  int64_t num_pdb_violations = 0;
};

class DefaultPreemption final : public framework::PostFilterPlugin, public framework::PreEnqueuePlugin {
 public:
  // REQUIRES: handle, lister and api outlive the plugin; lister/api may be null in tests
  // (no re-read of the preemptor, no PDBs, no actuation).
  DefaultPreemption(DefaultPreemptionArgs args, framework::Handle& handle, const PreemptionLister* lister,
                    PreemptionApi* api, std::string profile_name);
  ~DefaultPreemption() override;

  std::string_view Name() const override { return names::kDefaultPreemption; }
  framework::Status PostFilter(framework::CycleState& state, const framework::Pod& pod,
                               const framework::NodeToStatus& statuses,
                               framework::PostFilterResult* result) override;
  framework::Status PreEnqueue(const framework::Pod& pod) override;

  // Called with the number of victims of each chosen candidate (scheduler_preemption_victims).
  // REQUIRES: set before the first PostFilter.
  void SetVictimsObserver(std::function<void(size_t)> f) { victims_observer_ = std::move(f); }

  // The parts below are public for tests (upstream's exported Evaluator methods).
  int32_t CalculateNumCandidates(int32_t num_nodes) const;
  // Replaces rand.Int31n for the offset.
  void SetOffsetRand(std::function<int32_t(int32_t)> f) { offset_rand_ = std::move(f); }
  std::pair<bool, std::string> PodEligibleToPreemptOthers(const framework::Pod& pod,
                                                          const framework::Status& nominated_status) const;
  // Victims on `node_info` (mutated: victims stay removed). Success with the victims, or
  // the node's status.
  framework::Status SelectVictimsOnNode(framework::CycleState& state, const framework::Pod& pod,
                                        framework::NodeInfo& node_info, const std::vector<PdbPtr>& pdbs,
                                        std::vector<std::shared_ptr<const framework::PodInfo>>* victims,
                                        int* num_violating) const;
  // Non-violating candidates first, then violating; *statuses gets the rejected nodes,
  // *error the first error text ("" if none).
  std::vector<PreemptionCandidate> DryRunPreemption(const framework::CycleState& state, const framework::Pod& pod,
                                                    const framework::NodeInfoList& potential_nodes,
                                                    const std::vector<PdbPtr>& pdbs, int32_t offset,
                                                    int32_t num_candidates, framework::NodeToStatus* statuses,
                                                    std::string* error) const;
  // Index of the chosen candidate. REQUIRES: non-empty.
  static size_t SelectCandidate(const std::vector<PreemptionCandidate>& candidates);
  // Blocks until every actuation handed to the worker has finished (tests).
  void WaitForActuations();
  bool IsPodRunningPreemption(const std::string& uid) const;

 private:
  framework::Status Preempt(framework::CycleState& state, const framework::Pod& pod,
                            const framework::NodeToStatus& statuses, framework::PostFilterResult* result);
  void Actuate(const PreemptionCandidate& c, std::shared_ptr<const framework::Pod> preemptor);
  void Worker();

  const DefaultPreemptionArgs args_;
  framework::Handle& handle_;
  const PreemptionLister* const lister_;
  PreemptionApi* const api_;
  const std::string profile_name_;
  std::function<int32_t(int32_t)> offset_rand_;
  std::function<void(size_t)> victims_observer_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::set<std::string> preempting_;                                        // guarded by mu_
  std::map<std::string, std::pair<std::string, std::string>> last_victim_;  // uid -> (ns, name); mu_
  std::deque<std::function<void()>> tasks_;                                 // guarded by mu_
  int running_ = 0;                                                         // guarded by mu_
  bool stopping_ = false;                                                   // guarded by mu_
  std::thread worker_;
};

// PodTerminatingByPreemption: deletionTimestamp set and DisruptionTarget=True with reason
// PreemptionByScheduler.
bool PodTerminatingByPreemption(const framework::Pod& pod);
// FilterVictimsWithPDBViolation: the pods whose eviction would exceed a matching PDB's
// disruptionsAllowed (in order), and the others.
void FilterVictimsWithPdbViolation(const std::vector<std::shared_ptr<const framework::PodInfo>>& pods,
                                   const std::vector<PdbPtr>& pdbs,
                                   std::vector<std::shared_ptr<const framework::PodInfo>>* violating,
                                   std::vector<std::shared_ptr<const framework::PodInfo>>* non_violating);
// MoreImportantVictim for single pods: higher priority, then earlier start time.
bool MoreImportantPod(const framework::Pod& a, const framework::Pod& b);

}  // namespace kubecxx::scheduler::plugins
