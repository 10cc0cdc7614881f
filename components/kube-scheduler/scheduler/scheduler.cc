#include "components/kube-scheduler/scheduler/scheduler.h"

#include <chrono>

#include "components/kube-scheduler/plugins/volume_events.h"
#include "components/kube-scheduler/scheduler/metrics.h"
#include "components/kube-scheduler/scheduler/pod_status_patch.h"
#include "lib/log/log.h"

namespace kubecxx::scheduler {
namespace {

using api::core::v1::Node;
using api::core::v1::Pod;
namespace action = queue::action;

constexpr auto kBackoffFlushPeriod = std::chrono::seconds(1);
constexpr auto kUnschedulableFlushPeriod = std::chrono::seconds(30);
constexpr size_t kNoteLengthLimit = 1024;

std::string Key(const Pod& pod) { return pod.object_meta.namespace_ + "/" + pod.object_meta.name; }
bool Assigned(const Pod& pod) { return !pod.spec.node_name.empty(); }

// truncateMessage: NoteLengthLimit bytes at most, " ..." marking the cut.
std::string TruncateNote(const std::string& msg) {
  if (msg.size() <= kNoteLengthLimit) return msg;
  return msg.substr(0, kNoteLengthLimit - 4) + " ...";
}

bool ResourcesChanged(const Pod& a, const Pod& b) {
  auto requests = [](const Pod& p) {
    std::vector<std::map<std::string, api::Quantity>> out;
    for (const auto& c : p.spec.containers) out.push_back(c.resources.requests);
    for (const auto& c : p.spec.init_containers) out.push_back(c.resources.requests);
    return out;
  };
  return requests(a) != requests(b);
}

}  // namespace

Scheduler::Failure Scheduler::ErrorFailure(std::string message) {
  Failure f;
  f.message = std::move(message);
  return f;
}

Scheduler::Scheduler(std::vector<std::unique_ptr<framework::Profile>> profiles, SchedulerApi* api,
                     PodLister lister, SchedulerOptions options)
    : clock_(options.clock ? options.clock : Clock::Real()),
      api_(api),
      lister_(std::move(lister)),
      options_(options),
      profiles_(std::move(profiles)),
      algorithm_(options.percentage_of_nodes_to_score) {
  for (auto& p : profiles_) by_name_[p->name()] = p.get();
  std::vector<queue::ClusterEventWithHint> events = queue::DefaultEventsToRegister();
  for (auto& e : plugins::VolumeEventsToRegister()) events.push_back(std::move(e));
  queue_ = std::make_unique<queue::SchedulingQueue>(clock_, profiles_.front().get(), options_.queue, std::move(events));
  for (auto& p : profiles_) {
    p->SetSnapshot(snapshot_.snapshot.get());
    p->SetNominator([q = queue_.get()](std::string_view node) { return q->NominatedPodsForNode(node); });
  }
  metrics::Register();
}

Scheduler::~Scheduler() { Stop(); }

framework::Profile* Scheduler::ProfileFor(const std::string& scheduler_name) const {
  auto it = by_name_.find(scheduler_name);
  return it == by_name_.end() ? nullptr : it->second;
}

bool Scheduler::Responsible(const Pod& pod) const { return by_name_.contains(pod.spec.scheduler_name); }

double Scheduler::SecondsSince(Clock::TimePoint t) const {
  return std::chrono::duration<double>(clock_->Now() - t).count();
}

void Scheduler::MoveAll(std::string_view resource, uint32_t act, std::string label,
                        queue::EventObject old_obj, queue::EventObject new_obj) {
  queue_->MoveAllToActiveOrBackoffQueue(queue::ClusterEvent{std::string(resource), act, std::move(label)},
                                        old_obj, new_obj);
}

// --- informer handlers ---------------------------------------------------------------

void Scheduler::OnPodAdd(const PodPtr& pod) {
  if (!Assigned(*pod)) {
    if (Responsible(*pod)) {
      KLOG_V(3).InfoS("Add event for unscheduled pod", "pod", Key(*pod));
      queue_->Add(pod);
    }
    return;
  }
  KLOG_V(3).InfoS("Add event for scheduled pod", "pod", Key(*pod));
  if (Status s = cache_.AddPod(pod); !s.ok()) KLOG_ERROR_S(s, "Scheduler cache AddPod failed", "pod", Key(*pod));
  MoveAll(queue::kResourceAssignedPod, action::kAdd, "AssignedPodAdd", std::monostate{}, pod);
}

void Scheduler::OnPodUpdate(const PodPtr& old_pod, const PodPtr& new_pod) {
  if (Assigned(*old_pod)) {
    if (Status s = cache_.UpdatePod(*old_pod, new_pod); !s.ok()) {
      KLOG_ERROR_S(s, "Scheduler cache UpdatePod failed", "pod", Key(*old_pod));
    }
    uint32_t act = 0;
    if (old_pod->object_meta.labels != new_pod->object_meta.labels) act |= action::kUpdatePodLabel;
    if (ResourcesChanged(*old_pod, *new_pod)) act |= action::kUpdatePodScaleDown;
    if (act != 0) MoveAll(queue::kResourceAssignedPod, act, "AssignedPodUpdate", old_pod, new_pod);
    return;
  }
  if (Assigned(*new_pod)) {
    // Bound (by us: this confirms the assumed pod; or by someone else).
    if (Status s = cache_.AddPod(new_pod); !s.ok()) {
      KLOG_ERROR_S(s, "Scheduler cache AddPod failed", "pod", Key(*new_pod));
    }
    MoveAll(queue::kResourceAssignedPod, action::kAdd, "AssignedPodAdd", std::monostate{}, new_pod);
    if (Responsible(*old_pod)) queue_->Delete(*old_pod);
    return;
  }
  if (!Responsible(*old_pod)) return;
  if (old_pod->object_meta.resource_version == new_pod->object_meta.resource_version) return;
  if (cache_.IsAssumedPod(*new_pod)) {
    if (new_pod->object_meta.deletion_timestamp && !old_pod->object_meta.deletion_timestamp) {
      HandleAssumedPodDeletion(*new_pod);
    }
    return;
  }
  KLOG_V(4).InfoS("Update event for unscheduled pod", "pod", Key(*new_pod));
  queue_->Update(*old_pod, new_pod);
}

void Scheduler::OnPodDelete(const PodPtr& pod) {
  if (Assigned(*pod)) {
    KLOG_V(3).InfoS("Delete event for scheduled pod", "pod", Key(*pod));
    if (Status s = cache_.RemovePod(*pod); !s.ok()) {
      KLOG_ERROR_S(s, "Scheduler cache RemovePod failed", "pod", Key(*pod));
    }
    MoveAll(queue::kResourceAssignedPod, action::kDelete, "AssignedPodDelete", pod, std::monostate{});
    return;
  }
  if (!Responsible(*pod)) return;
  KLOG_V(3).InfoS("Delete event for unscheduled pod", "pod", Key(*pod));
  queue_->Delete(*pod);
  if (cache_.IsAssumedPod(*pod)) HandleAssumedPodDeletion(*pod);
}

void Scheduler::HandleAssumedPodDeletion(const Pod& pod) {
  PodPtr assumed = cache_.GetPod(pod);
  if (!assumed) return;
  if (Status s = cache_.ForgetPod(*assumed); !s.ok()) {
    KLOG_ERROR_S(s, "Scheduler cache RemoveAssumedPod failed", "pod", Key(pod));
  }
  MoveAll(queue::kResourceAssignedPod, action::kDelete, "AssignedPodDelete", assumed, std::monostate{});
}

void Scheduler::OnNodeAdd(const NodePtr& node) {
  KLOG_V(3).InfoS("Add event for node", "node", node->object_meta.name);
  cache_.AddNode(node);
  MoveAll(queue::kResourceNode, action::kAdd, "NodeAdd", std::monostate{}, node);
}

void Scheduler::OnNodeUpdate(const NodePtr& old_node, const NodePtr& new_node) {
  KLOG_V(4).InfoS("Update event for node", "node", new_node->object_meta.name);
  cache_.UpdateNode(*old_node, new_node);
  // NodeSchedulingPropertiesChange: one event per kind of change.
  const Node& o = *old_node;
  const Node& n = *new_node;
  std::vector<std::pair<uint32_t, std::string>> events;
  if (o.spec.unschedulable != n.spec.unschedulable) events.push_back({action::kUpdateNodeTaint, "NodeSpecUnschedulableChange"});
  if (o.status.allocatable != n.status.allocatable) events.push_back({action::kUpdateNodeAllocatable, "NodeAllocatableChange"});
  if (o.object_meta.labels != n.object_meta.labels) events.push_back({action::kUpdateNodeLabel, "NodeLabelChange"});
  if (o.spec.taints != n.spec.taints) events.push_back({action::kUpdateNodeTaint, "NodeTaintChange"});
  if (o.status.conditions != n.status.conditions) events.push_back({action::kUpdateNodeCondition, "NodeConditionChange"});
  for (auto& [act, label] : events) MoveAll(queue::kResourceNode, act, label, old_node, new_node);
}

void Scheduler::OnNodeDelete(const NodePtr& node) {
  MoveAll(queue::kResourceNode, action::kDelete, "NodeDelete", node, std::monostate{});
  KLOG_V(3).InfoS("Delete event for node", "node", node->object_meta.name);
  if (Status s = cache_.RemoveNode(*node); !s.ok()) KLOG_ERROR_S(s, "Scheduler cache RemoveNode failed");
}

void Scheduler::OnClusterEvent(const std::string& resource, uint32_t act, std::string label,
                               queue::EventObject old_obj, queue::EventObject new_obj) {
  KLOG_V(5).InfoS("Cluster event", "event", label);
  MoveAll(resource, act, std::move(label), std::move(old_obj), std::move(new_obj));
}

// --- lifecycle --------------------------------------------------------------------------

void Scheduler::Start() {
  if (started_) return;
  started_ = true;
  for (int i = 0; i < std::max(1, options_.binding_workers); ++i) bind_threads_.emplace_back([this] { BindingWorker(); });
  housekeeping_thread_ = std::jthread([this](std::stop_token st) { Housekeeping(st); });
  schedule_thread_ = std::thread([this] { ScheduleLoop(); });
}

void Scheduler::Stop() {
  queue_->Close();
  if (schedule_thread_.joinable()) schedule_thread_.join();
  if (housekeeping_thread_.joinable()) {
    housekeeping_thread_.request_stop();
    housekeeping_thread_.join();
  }
  {
    std::lock_guard<std::mutex> l(bind_mu_);
    bind_stopping_ = true;
  }
  bind_cv_.notify_all();
  for (auto& t : bind_threads_) {
    if (t.joinable()) t.join();
  }
  bind_threads_.clear();
}

void Scheduler::ScheduleLoop() {
  while (ScheduleOne()) {
  }
}

void Scheduler::Housekeeping(std::stop_token stop) {
  std::mutex m;
  std::condition_variable_any cv;
  auto last_unschedulable_flush = clock_->Now();
  while (!stop.stop_requested()) {
    {
      std::unique_lock<std::mutex> l(m);
      cv.wait_for(l, stop, kBackoffFlushPeriod, [] { return false; });
    }
    if (stop.stop_requested()) break;
    queue_->FlushBackoffQCompleted();
    if (clock_->Now() - last_unschedulable_flush >= kUnschedulableFlushPeriod) {
      last_unschedulable_flush = clock_->Now();
      queue_->FlushUnschedulableLeftover();
    }
    queue::SchedulingQueue::Counts c = queue_->CountPods();
    metrics::SetPendingPods("active", static_cast<double>(c.active));
    metrics::SetPendingPods("backoff", static_cast<double>(c.backoff));
    metrics::SetPendingPods("unschedulable", static_cast<double>(c.unschedulable));
    metrics::SetPendingPods("gated", static_cast<double>(c.gated));
  }
}

void Scheduler::SubmitBinding(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> l(bind_mu_);
    bind_tasks_.push_back(std::move(task));
  }
  bind_cv_.notify_one();
}

void Scheduler::BindingWorker() {
  while (true) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> l(bind_mu_);
      bind_cv_.wait(l, [&] { return bind_stopping_ || !bind_tasks_.empty(); });
      if (bind_tasks_.empty()) return;  // stopping and drained
      task = std::move(bind_tasks_.front());
      bind_tasks_.pop_front();
    }
    task();
  }
}

// --- the scheduling cycle ----------------------------------------------------------------

Scheduler::Failure Scheduler::OneNodeFitError(const Pod& pod, const std::string& host,
                                              const framework::Status& status) {
  framework::FitError fe;
  fe.pod_namespace = pod.object_meta.namespace_;
  fe.pod_name = pod.object_meta.name;
  fe.num_all_nodes = 1;
  fe.diagnosis.node_to_status.Set(host, status);
  fe.diagnosis.AddPluginStatus(status);
  Failure f;
  f.rejected = true;
  f.message = fe.Message();
  f.unschedulable_plugins = fe.diagnosis.unschedulable_plugins;
  f.pending_plugins = fe.diagnosis.pending_plugins;
  return f;
}

bool Scheduler::ScheduleOne() {
  std::shared_ptr<queue::QueuedPod> qp = queue_->Pop();
  if (!qp) return false;
  const Pod& pod = qp->pod();
  const std::string uid = pod.object_meta.uid;
  framework::Profile* profile = ProfileFor(pod.spec.scheduler_name);
  if (profile == nullptr) {
    KLOG_ERROR_S("profile not found for scheduler name \"" + pod.spec.scheduler_name + "\"", "Error occurred");
    queue_->Done(uid);
    return true;
  }
  if (pod.object_meta.deletion_timestamp) {
    api_->Event(profile->name(), pod, "Warning", "FailedScheduling", "Scheduling",
                "skip schedule deleting pod: " + Key(pod));
    KLOG_V(3).InfoS("Skip schedule deleting pod", "pod", Key(pod));
    queue_->Done(uid);
    return true;
  }
  if (cache_.IsAssumedPod(pod)) {
    queue_->Done(uid);
    return true;
  }
  KLOG_V(3).InfoS("Attempting to schedule pod", "pod", Key(pod));
  const Clock::TimePoint start = clock_->Now();
  auto state = std::make_shared<framework::CycleState>();

  cache_.UpdateSnapshot(&snapshot_);
  for (auto& p : profiles_) p->SetSnapshot(snapshot_.snapshot.get());

  framework::ScheduleOutcome out = algorithm_.SchedulePod(*profile, *state, pod);
  if (out.kind != framework::ScheduleOutcome::Kind::kUnschedulable) metrics::ObserveAlgorithm(SecondsSince(start));
  if (out.kind == framework::ScheduleOutcome::Kind::kError) {
    Failure f;
    f.message = out.error;
    // ErrNoNodesAvailable is UnschedulableAndUnresolvable, everything else an error.
    f.rejected = out.error == framework::kNoNodesAvailableMsg;
    if (!f.rejected) KLOG_ERROR_S(out.error, "Error selecting node for pod", "pod", Key(pod));
    HandleFailure(profile, qp, std::move(f), start);
    return true;
  }
  if (out.kind == framework::ScheduleOutcome::Kind::kUnschedulable) {
    framework::FitError& fe = out.fit_error;
    Failure f;
    if (profile->HasPostFilterPlugins()) {
      framework::PostFilterResult pf;
      metrics::IncPreemptionAttempts();
      framework::Status s = profile->RunPostFilterPlugins(*state, pod, fe.diagnosis.node_to_status, &pf);
      fe.diagnosis.post_filter_msg = s.Message();
      if (s.IsError()) {
        KLOG_ERROR_S(nullptr, "Status after running PostFilter plugins for pod", "pod", Key(pod), "status", s.Message());
      } else {
        KLOG_V(5).InfoS("Status after running PostFilter plugins for pod", "pod", Key(pod), "status", s.Message());
      }
      f.nominating = pf.nominated_node_name;
    } else {
      KLOG_V(3).InfoS("No PostFilter plugins are registered, so no preemption will be performed");
    }
    metrics::ObserveAlgorithm(SecondsSince(start));
    f.rejected = true;
    f.message = fe.Message();
    f.unschedulable_plugins = fe.diagnosis.unschedulable_plugins;
    f.pending_plugins = fe.diagnosis.pending_plugins;
    HandleFailure(profile, qp, std::move(f), start);
    return true;
  }

  // Assume: the next cycles see the pod on its node while the binding runs.
  const std::string host = out.result.suggested_host;
  auto assumed_mut = std::make_shared<Pod>(pod);
  assumed_mut->spec.node_name = host;
  PodPtr assumed = assumed_mut;
  if (Status s = cache_.AssumePod(assumed); !s.ok()) {
    KLOG_ERROR_S(s, "Scheduler cache AssumePod failed");
    HandleFailure(profile, qp, ErrorFailure(s.message()), start);
    return true;
  }
  queue_->DeleteNominatedPodIfExists(*assumed);

  auto unreserve_and_forget = [&] {
    profile->RunReservePluginsUnreserve(*state, *assumed, host);
    if (Status s = cache_.ForgetPod(*assumed); !s.ok()) KLOG_ERROR_S(s, "ForgetPod failed");
  };
  framework::Status rs = profile->RunReservePluginsReserve(*state, *assumed, host);
  if (!rs.IsSuccess()) {
    unreserve_and_forget();
    HandleFailure(profile, qp, rs.IsRejected() ? OneNodeFitError(pod, host, rs) : ErrorFailure(rs.AsError()),
                  start);
    return true;
  }
  std::map<std::string, std::chrono::milliseconds> waits;
  framework::Status ps = profile->RunPermitPlugins(*state, *assumed, host, &waits);
  if (ps.IsWait()) {
    // Waiting pods are not implemented: no plugin of the default profile asks for it.
    ps = framework::Status::Error("kubecxx: Permit \"Wait\" is not supported");
  }
  if (!ps.IsSuccess()) {
    unreserve_and_forget();
    HandleFailure(profile, qp, ps.IsRejected() ? OneNodeFitError(pod, host, ps) : ErrorFailure(ps.AsError()),
                  start);
    return true;
  }
  SubmitBinding([this, profile, state, qp, assumed, host, start] {
    BindingCycle(profile, state, qp, assumed, host, start);
  });
  return true;
}

// --- the binding cycle --------------------------------------------------------------------

void Scheduler::BindingCycle(framework::Profile* profile, std::shared_ptr<framework::CycleState> state,
                             std::shared_ptr<queue::QueuedPod> qp, PodPtr assumed, std::string host,
                             Clock::TimePoint start) {
  queue_->Done(assumed->object_meta.uid);
  framework::Status s = profile->RunPreBindPlugins(*state, *assumed, host);
  if (s.IsSuccess()) s = profile->RunBindPlugins(*state, *assumed, host);
  if (!s.IsSuccess()) {
    KLOG_V(1).InfoS("Failed to bind pod", "pod", Key(*assumed));
    BindingFailed(profile, *state, qp, assumed, host, s, start);
    return;
  }
  api_->Event(profile->name(), *assumed, "Normal", "Scheduled", "Binding",
              "Successfully assigned " + Key(*assumed) + " to " + host);
  KLOG_V(2).InfoS("Successfully bound pod to node", "pod", Key(*assumed), "node", host);
  metrics::ObserveAttempt("scheduled", profile->name(), SecondsSince(start));
  metrics::ObserveSli(qp->info.attempts, SecondsSince(qp->initial_attempt_timestamp));
  profile->RunPostBindPlugins(*state, *assumed, host);
}

void Scheduler::BindingFailed(framework::Profile* profile, framework::CycleState& state,
                              const std::shared_ptr<queue::QueuedPod>& qp, const PodPtr& assumed,
                              const std::string& host, const framework::Status& status,
                              Clock::TimePoint start) {
  profile->RunReservePluginsUnreserve(state, *assumed, host);
  bool forgot = true;
  if (Status s = cache_.ForgetPod(*assumed); !s.ok()) {
    KLOG_ERROR_S(s, "ForgetPod failed");
    forgot = false;
  }
  Failure f = status.IsRejected() ? OneNodeFitError(*assumed, host, status) : ErrorFailure(status.AsError());
  if (forgot && !status.IsRejected()) {
    MoveAll(queue::kResourceAssignedPod, action::kDelete, "AssignedPodDelete", assumed, std::monostate{});
  }
  HandleFailure(profile, qp, std::move(f), start);
  if (forgot && status.IsRejected()) {
    MoveAll(queue::kResourceAssignedPod, action::kDelete, "AssignedPodDelete", assumed, std::monostate{});
  }
}

// --- failures -----------------------------------------------------------------------------

void Scheduler::HandleFailure(framework::Profile* profile, const std::shared_ptr<queue::QueuedPod>& qp,
                              Failure failure, Clock::TimePoint start) {
  const std::string reason = failure.rejected ? "Unschedulable" : "SchedulerError";
  metrics::ObserveAttempt(failure.rejected ? "unschedulable" : "error", profile->name(), SecondsSince(start));
  PodPtr pod = qp->info.pod_info->shared_pod();
  const std::string uid = pod->object_meta.uid;
  qp->unschedulable_plugins = std::move(failure.unschedulable_plugins);
  qp->pending_plugins = std::move(failure.pending_plugins);
  if (failure.rejected && failure.message != framework::kNoNodesAvailableMsg) {
    KLOG_V(2).InfoS("Unable to schedule pod; no fit; waiting", "pod", Key(*pod), "err", failure.message);
  } else if (failure.rejected) {
    KLOG_V(2).InfoS("Unable to schedule pod; no nodes are registered to the cluster; waiting", "pod", Key(*pod));
  } else {
    KLOG_ERROR_S(failure.message, "Error scheduling pod; retrying", "pod", Key(*pod));
  }

  bool done = false;
  bool nominate = false;
  PodPtr cached = lister_ ? lister_(pod->object_meta.namespace_, pod->object_meta.name) : nullptr;
  if (!cached) {
    KLOG_INFO_S("Pod doesn't exist in informer cache", "pod", Key(*pod));
  } else if (Assigned(*cached)) {
    KLOG_INFO_S("Pod has been assigned to node. Abort adding it back to queue.", "pod", Key(*pod), "node",
                cached->spec.node_name);
  } else if (cached->object_meta.uid != uid) {
    KLOG_V(2).InfoS("Pod was recreated while handling scheduling failure. Skip requeueing and status updates.",
                    "pod", Key(*pod));
    queue_->Done(uid);
    return;
  } else {
    qp->info.pod_info = std::make_shared<const framework::PodInfo>(cached);
    pod = cached;
    nominate = true;
    if (Status s = queue_->AddUnschedulableIfNotPresent(qp, queue_->SchedulingCycle()); !s.ok()) {
      KLOG_ERROR_S(s, "Error occurred");
    }
    done = true;
  }
  if (!done) queue_->Done(uid);
  // The nominator (upstream AddNominatedPod before the status update, so the next cycle
  // sees the nomination without waiting for the informer); a pod gone from the informer or
  // already bound is not nominated.
  if (!nominate || (failure.nominating && failure.nominating->empty())) {
    queue_->DeleteNominatedPodIfExists(*pod);
  } else {
    queue_->AddNominatedPod(qp->info.pod_info, failure.nominating.value_or(""));
  }

  api_->Event(profile->name(), *pod, "Warning", "FailedScheduling", "Scheduling", TruncateNote(failure.message));
  UpdatePodScheduledCondition(profile->name(), *pod, reason, failure.message, failure.nominating);
}

void Scheduler::UpdatePodScheduledCondition(const std::string& profile, const Pod& pod, const std::string& reason,
                                            const std::string& message,
                                            const std::optional<std::string>& nominating) {
  std::optional<std::string> patch = PodScheduledFalsePatch(pod, reason, message, nominating, api::Now());
  if (!patch) return;
  KLOG_V(3).InfoS("Updating pod condition and nominated node name", "pod", Key(pod), "conditionType",
                  "PodScheduled", "conditionStatus", "False", "conditionReason", reason);
  if (Status s = api_->PatchPodStatus(pod, *patch); !s.ok()) KLOG_ERROR_S(s, "Error updating pod", "pod", Key(pod));
}

}  // namespace kubecxx::scheduler
