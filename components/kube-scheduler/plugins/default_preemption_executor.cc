// DefaultPreemption's actuation (upstream preemption/executor.go, prepareCandidateAsync):
// the worker thread that patches, deletes and reports victims, and the preempting set that
// PreEnqueue consults.
#include "components/kube-scheduler/plugins/default_preemption.h"

#include "lib/log/log.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using framework::Pod;

int32_t Priority(const Pod& p) { return p.spec.priority.value_or(0); }
std::string Key(const Pod& p) { return p.object_meta.namespace_ + "/" + p.object_meta.name; }

}  // namespace

framework::Status DefaultPreemption::PreEnqueue(const Pod& pod) {
  if (IsPodRunningPreemption(pod.object_meta.uid)) {
    return framework::Status(Code::kUnschedulableAndUnresolvable,
                             "waiting for the preemption for this pod to be finished");
  }
  return framework::Status();
}

bool DefaultPreemption::IsPodRunningPreemption(const std::string& uid) const {
  std::pair<std::string, std::string> last;
  {
    std::lock_guard<std::mutex> l(mu_);
    if (!preempting_.contains(uid)) return false;
    auto it = last_victim_.find(uid);
    if (it == last_victim_.end()) return true;
    last = it->second;
  }
  if (!lister_) return true;
  auto victim = lister_->GetPod(last.first, last.second);
  return victim && !victim->object_meta.deletion_timestamp;
}

void DefaultPreemption::Actuate(const PreemptionCandidate& c, std::shared_ptr<const Pod> preemptor) {
  if (api_ == nullptr) return;
  std::vector<std::shared_ptr<const Pod>> to_delete;
  for (const auto& v : c.victims) {
    if (v->pod().object_meta.deletion_timestamp) {
      KLOG_V(2).InfoS("Victim Pod is already being deleted, skipping the API call for it", "preemptor",
                      Key(*preemptor), "node", c.name, "victim", Key(v->pod()));
      continue;
    }
    to_delete.push_back(v->shared_pod());
  }
  if (to_delete.empty()) return;
  const std::string uid = preemptor->object_meta.uid;
  const std::string node = c.name;
  auto preempt_one = [this, preemptor, node](const Pod& victim) -> bool {
    const std::string msg = preemptor->spec.scheduler_name + ": preempting to accommodate a higher priority pod";
    if (Status s = api_->AddDisruptionTarget(victim, msg); !s.ok()) {
      if (s.code() == StatusCode::kNotFound) {
        KLOG_V(2).InfoS("Victim Pod is already deleted", "preemptor", Key(*preemptor), "victim", Key(victim), "node", node);
        return true;
      }
      KLOG_ERROR_S(s, "Could not add DisruptionTarget condition due to preemption", "preemptor", Key(*preemptor),
                   "victim", Key(victim));
      return false;
    }
    if (Status s = api_->DeletePod(victim); !s.ok()) {
      if (s.code() == StatusCode::kNotFound) {
        KLOG_V(2).InfoS("Victim Pod is already deleted", "preemptor", Key(*preemptor), "victim", Key(victim), "node", node);
        return true;
      }
      KLOG_ERROR_S(s, "Tried to preempted pod", "pod", Key(victim), "preemptor", Key(*preemptor));
      return false;
    }
    KLOG_V(2).InfoS("Preemptor Pod preempted victim Pod", "preemptor", Key(*preemptor), "victim", Key(victim), "node",
                    node);
    api_->PreemptedEvent(profile_name_, victim, *preemptor,
                         "Preempted by pod " + preemptor->object_meta.uid + " on node " + node);
    return true;
  };
  // Lower-priority pods nominated to the node are read here, on the scheduling thread (the
  // worker must not reach into the queue, which may be gone before the plugin).
  std::vector<std::shared_ptr<const Pod>> lower_nominated;
  for (const auto& pi : handle_.NominatedPodsForNode(node)) {
    if (Priority(pi->pod()) < Priority(*preemptor)) lower_nominated.push_back(pi->shared_pod());
  }
  auto task = [this, uid, node, preemptor, to_delete, preempt_one, lower_nominated] {
    KLOG_V(2).InfoS("Start the preemption asynchronously", "preemptor", Key(*preemptor), "node", node,
                    "numVictimsToDelete", static_cast<int64_t>(to_delete.size()));
    for (const auto& pp : lower_nominated) {
      const Pod& p = *pp;
      if (p.status.nominated_node_name.empty()) continue;
      if (Status s = api_->ClearNominatedNodeName(p); !s.ok()) {
        KLOG_ERROR_S(s, "Cannot clear 'NominatedNodeName' field from lower priority pods on the same target node",
                     "node", node);
      }
    }
    bool ok = true;
    for (size_t i = 0; i + 1 < to_delete.size() && ok; ++i) ok = preempt_one(*to_delete[i]);
    if (ok) {
      const Pod& last = *to_delete.back();
      {
        std::lock_guard<std::mutex> l(mu_);
        last_victim_[uid] = {last.object_meta.namespace_, last.object_meta.name};
      }
      preempt_one(last);
    }
    std::lock_guard<std::mutex> l(mu_);
    preempting_.erase(uid);
    last_victim_.erase(uid);
  };
  std::lock_guard<std::mutex> l(mu_);
  preempting_.insert(uid);
  tasks_.push_back(std::move(task));
  if (!worker_.joinable()) worker_ = std::thread([this] { Worker(); });
  cv_.notify_all();
}

void DefaultPreemption::Worker() {
  std::unique_lock<std::mutex> l(mu_);
  while (true) {
    cv_.wait(l, [&] { return stopping_ || !tasks_.empty(); });
    if (tasks_.empty()) return;  // stopping and drained
    std::function<void()> task = std::move(tasks_.front());
    tasks_.pop_front();
    ++running_;
    l.unlock();
    task();
    l.lock();
    --running_;
    cv_.notify_all();
  }
}

void DefaultPreemption::WaitForActuations() {
  std::unique_lock<std::mutex> l(mu_);
  cv_.wait(l, [&] { return tasks_.empty() && running_ == 0; });
}

}  // namespace kubecxx::scheduler::plugins
