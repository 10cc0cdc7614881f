#include "components/kube-scheduler/queue/scheduling_queue.h"

#include <algorithm>

namespace kubecxx::scheduler::queue {
namespace {

constexpr Clock::Duration kOrderingWindow = std::chrono::seconds(1);

bool SameLabels(const api::core::v1::Pod& a, const api::core::v1::Pod& b) {
  return a.object_meta.labels == b.object_meta.labels;
}

}  // namespace

SchedulingQueue::SchedulingQueue(Clock* clock, const framework::Profile* profile, QueueOptions options,
                                 std::vector<ClusterEventWithHint> events)
    : clock_(clock), profile_(profile), options_(options), events_(std::move(events)) {}

bool SchedulingQueue::ActiveLess::operator()(const std::shared_ptr<QueuedPod>& a,
                                             const std::shared_ptr<QueuedPod>& b) const {
  if (q->profile_->QueueSortLess(a->info, b->info)) return true;
  if (q->profile_->QueueSortLess(b->info, a->info)) return false;
  return a->seq < b->seq;
}

bool SchedulingQueue::BackoffLess::operator()(const std::shared_ptr<QueuedPod>& a,
                                              const std::shared_ptr<QueuedPod>& b) const {
  // Expiries are computed before insertion (BackoffTime caches them).
  Clock::TimePoint ta = a->backoff_expiration.value_or(Clock::TimePoint{});
  Clock::TimePoint tb = b->backoff_expiration.value_or(Clock::TimePoint{});
  if (ta != tb) return ta < tb;
  return ActiveLess{q}(a, b);
}

std::chrono::system_clock::time_point SchedulingQueue::SortTime(Clock::TimePoint t) const {
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(t.time_since_epoch()));
}

Clock::TimePoint SchedulingQueue::AlignToWindow(Clock::TimePoint t) const {
  auto since = t.time_since_epoch();
  return Clock::TimePoint(since - since % kOrderingWindow);
}

Clock::TimePoint SchedulingQueue::BackoffTime(QueuedPod& p) const {
  if (options_.max_backoff == Clock::Duration::zero()) return Clock::TimePoint{};
  int count = p.consecutive_errors > 0 ? p.consecutive_errors : p.unschedulable_count;
  if (count == 0) return Clock::TimePoint{};
  if (!p.backoff_expiration) {
    p.backoff_expiration =
        AlignToWindow(p.timestamp + CalculateBackoffDuration(options_.initial_backoff, options_.max_backoff, count));
  }
  return *p.backoff_expiration;
}

Clock::Duration SchedulingQueue::CalculateBackoffDuration(Clock::Duration initial, Clock::Duration max, int count) {
  if (count == 0) return Clock::Duration::zero();
  const int shift = count - 1;
  if (shift >= 63 || initial > Clock::Duration(max.count() >> shift)) return max;
  return initial * (int64_t{1} << shift);
}

bool SchedulingQueue::IsBackingOff(QueuedPod& p) const {
  return !(BackoffTime(p) < AlignToWindow(clock_->Now()));
}

void SchedulingQueue::MoveToActive(std::shared_ptr<QueuedPod> p) {
  framework::Status s = profile_->RunPreEnqueuePlugins(p->pod());
  if (!s.IsSuccess()) {
    p->gated = true;
    p->unschedulable_plugins = {s.plugin()};
    p->pending_plugins.clear();
    unschedulable_[p->pod().object_meta.uid] = std::move(p);
    return;
  }
  p->gated = false;
  p->info.timestamp = SortTime(p->timestamp);
  active_.insert(std::move(p));
  cv_.notify_all();
}

void SchedulingQueue::Add(const PodPtr& pod) {
  std::lock_guard<std::mutex> l(mu_);
  const std::string& uid = pod->object_meta.uid;
  if (by_uid_.contains(uid)) return;  // already queued
  auto p = std::make_shared<QueuedPod>();
  p->info.pod_info = std::make_shared<const framework::PodInfo>(pod);
  p->timestamp = p->initial_attempt_timestamp = clock_->Now();
  p->seq = next_seq_++;
  by_uid_[uid] = p;
  if (!pod->status.nominated_node_name.empty()) AddNominatedPodLocked(p->info.pod_info, "");
  MoveToActive(std::move(p));
}

std::shared_ptr<QueuedPod> SchedulingQueue::Pop() {
  std::unique_lock<std::mutex> l(mu_);
  // Only pods rejected by plugins may leave backoffQ early; pods that failed with an error
  // wait for their backoff (upstream keeps them in podErrorBackoffQ).
  auto poppable_backoff = [&] {
    return std::find_if(backoff_.begin(), backoff_.end(),
                        [](const std::shared_ptr<QueuedPod>& q) {
                          return !q->unschedulable_plugins.empty() || !q->pending_plugins.empty();
                        });
  };
  while (!closed_ && active_.empty() && poppable_backoff() == backoff_.end()) clock_->Wait(cv_, l, std::nullopt);
  if (closed_) return nullptr;
  std::shared_ptr<QueuedPod> p;
  if (!active_.empty()) {
    p = *active_.begin();
    active_.erase(active_.begin());
  } else {
    auto it = poppable_backoff();
    p = *it;
    backoff_.erase(it);
  }
  const std::string uid = p->pod().object_meta.uid;
  by_uid_.erase(uid);
  ++p->info.attempts;
  ++cycle_;
  in_flight_[uid];  // start recording events for this pod
  return p;
}

void SchedulingQueue::Done(const std::string& uid) {
  std::lock_guard<std::mutex> l(mu_);
  in_flight_.erase(uid);
}

SchedulingQueue::Strategy SchedulingQueue::WorthRequeuing(const QueuedPod& p, const ClusterEvent& e,
                                                          const EventObject& old_obj,
                                                          const EventObject& new_obj) const {
  std::set<std::string> rejectors = p.unschedulable_plugins;
  rejectors.insert(p.pending_plugins.begin(), p.pending_plugins.end());
  if (rejectors.empty()) return Strategy::kAfterBackoff;
  if (IsWildCard(e)) {
    if (const auto* pod = std::get_if<PodPtr>(&new_obj); pod && *pod && (*pod)->object_meta.uid != p.pod().object_meta.uid) {
      return Strategy::kSkip;
    }
    return Strategy::kAfterBackoff;
  }
  Strategy out = Strategy::kSkip;
  for (const auto& reg : events_) {
    if (!MatchClusterEvents(reg.event, e) || !rejectors.contains(reg.plugin)) continue;
    QueueingHint hint = reg.hint ? reg.hint(p.pod(), old_obj, new_obj) : QueueingHint::kQueue;
    if (hint == QueueingHint::kQueueSkip) continue;
    if (p.pending_plugins.contains(reg.plugin)) return Strategy::kImmediately;
    if (p.pending_plugins.empty()) return Strategy::kAfterBackoff;
    out = Strategy::kAfterBackoff;
  }
  return out;
}

void SchedulingQueue::Requeue(std::shared_ptr<QueuedPod> p, Strategy s) {
  const std::string uid = p->pod().object_meta.uid;
  by_uid_[uid] = p;
  if (s == Strategy::kSkip) {
    unschedulable_[uid] = std::move(p);
    return;
  }
  if (s == Strategy::kAfterBackoff && IsBackingOff(*p)) {
    backoff_.insert(std::move(p));
    cv_.notify_all();  // Pop may take from backoffQ
    return;
  }
  MoveToActive(std::move(p));
}

Status SchedulingQueue::AddUnschedulableIfNotPresent(std::shared_ptr<QueuedPod> p, int64_t) {
  std::lock_guard<std::mutex> l(mu_);
  const std::string uid = p->pod().object_meta.uid;
  std::vector<RecordedEvent> seen;
  if (auto it = in_flight_.find(uid); it != in_flight_.end()) {
    seen = std::move(it->second);
    in_flight_.erase(it);
  }
  if (by_uid_.contains(uid)) {
    return Status(StatusCode::kAlreadyExists, "Pod " + p->pod().object_meta.namespace_ + "/" +
                                                  p->pod().object_meta.name + " is already present in the queue");
  }
  if (p->unschedulable_plugins.empty() && p->pending_plugins.empty()) {
    ++p->consecutive_errors;
  } else {
    ++p->unschedulable_count;
    p->consecutive_errors = 0;
  }
  p->timestamp = clock_->Now();
  p->backoff_expiration.reset();
  p->flush_timestamp.reset();
  // determineSchedulingHintForInFlightPod: replay what happened during the attempt.
  Strategy s = Strategy::kAfterBackoff;
  if (!p->unschedulable_plugins.empty() || !p->pending_plugins.empty()) {
    s = Strategy::kSkip;
    for (const auto& ev : seen) {
      Strategy e = WorthRequeuing(*p, ev.event, ev.old_obj, ev.new_obj);
      if (e == Strategy::kImmediately) {
        s = e;
        break;
      }
      if (e == Strategy::kAfterBackoff) {
        s = e;
        if (p->pending_plugins.empty()) break;
      }
    }
  }
  Requeue(std::move(p), s);
  return Status::Ok();
}

std::shared_ptr<QueuedPod> SchedulingQueue::Take(const std::string& uid) {
  auto it = by_uid_.find(uid);
  if (it == by_uid_.end()) return nullptr;
  std::shared_ptr<QueuedPod> p = it->second;
  by_uid_.erase(it);
  active_.erase(p);
  backoff_.erase(p);
  unschedulable_.erase(uid);
  return p;
}

void SchedulingQueue::Update(const api::core::v1::Pod& old_pod, const PodPtr& new_pod) {
  std::unique_lock<std::mutex> l(mu_);
  const std::string& uid = new_pod->object_meta.uid;
  uint32_t act = 0;
  if (!SameLabels(old_pod, *new_pod)) act |= action::kUpdatePodLabel;
  if (old_pod.spec.tolerations != new_pod->spec.tolerations) act |= action::kUpdatePodToleration;
  if (!old_pod.spec.scheduling_gates.empty() && new_pod->spec.scheduling_gates.empty()) {
    act |= action::kUpdatePodSchedulingGatesEliminated;
  }
  // A pod being scheduled is not queued again: the update is remembered as an event for
  // when it comes back (upstream addEventIfPodInFlight).
  if (auto f = in_flight_.find(uid); f != in_flight_.end()) {
    if (act != 0) {
      f->second.push_back({ClusterEvent{std::string(kResourcePod), act, "PodUpdate"},
                           std::make_shared<const api::core::v1::Pod>(old_pod), new_pod});
    }
    return;
  }
  auto it = by_uid_.find(uid);
  if (it == by_uid_.end()) {
    l.unlock();
    Add(new_pod);
    return;
  }
  const bool parked = unschedulable_.contains(uid);
  const bool was_active = active_.contains(it->second);
  std::shared_ptr<QueuedPod> p = Take(uid);
  p->info.pod_info = std::make_shared<const framework::PodInfo>(new_pod);
  UpdateNominatedPodLocked(old_pod, p->info.pod_info);
  if (!parked) {
    Requeue(std::move(p), was_active ? Strategy::kImmediately : Strategy::kAfterBackoff);
    return;
  }
  Strategy s = Strategy::kSkip;
  if (act != 0) {
    ClusterEvent e{std::string(kResourcePod), act, "PodUpdate"};
    s = WorthRequeuing(*p, e, std::make_shared<const api::core::v1::Pod>(old_pod), new_pod);
  }
  Requeue(std::move(p), s);
}

void SchedulingQueue::Delete(const api::core::v1::Pod& pod) {
  std::lock_guard<std::mutex> l(mu_);
  Take(pod.object_meta.uid);
  auto n = nominated_node_of_.find(pod.object_meta.uid);
  if (n != nominated_node_of_.end()) {
    auto& list = nominated_[n->second];
    std::erase_if(list, [&](const auto& pi) { return pi->pod().object_meta.uid == pod.object_meta.uid; });
    nominated_node_of_.erase(n);
  }
}

void SchedulingQueue::MoveParked(std::vector<std::shared_ptr<QueuedPod>> pods, const ClusterEvent& e,
                                 const EventObject& old_obj, const EventObject& new_obj) {
  for (auto& p : pods) {
    Strategy s = WorthRequeuing(*p, e, old_obj, new_obj);
    if (s == Strategy::kSkip) continue;
    Take(p->pod().object_meta.uid);
    Requeue(std::move(p), s);
  }
}

void SchedulingQueue::MoveAllToActiveOrBackoffQueue(const ClusterEvent& event, const EventObject& old_obj,
                                                    const EventObject& new_obj) {
  std::lock_guard<std::mutex> l(mu_);
  for (auto& [uid, events] : in_flight_) events.push_back({event, old_obj, new_obj});
  std::vector<std::shared_ptr<QueuedPod>> parked;
  for (const auto& [uid, p] : unschedulable_) parked.push_back(p);
  MoveParked(std::move(parked), event, old_obj, new_obj);
}

void SchedulingQueue::FlushBackoffQCompleted() {
  std::lock_guard<std::mutex> l(mu_);
  while (!backoff_.empty()) {
    std::shared_ptr<QueuedPod> p = *backoff_.begin();
    if (IsBackingOff(*p)) break;
    backoff_.erase(backoff_.begin());
    MoveToActive(std::move(p));
  }
}

void SchedulingQueue::FlushUnschedulableLeftover() {
  std::lock_guard<std::mutex> l(mu_);
  const Clock::TimePoint now = clock_->Now();
  std::vector<std::shared_ptr<QueuedPod>> due;
  for (const auto& [uid, p] : unschedulable_) {
    Clock::TimePoint last = p->timestamp;
    if (p->flush_timestamp && *p->flush_timestamp > last) last = *p->flush_timestamp;
    if (now - last > options_.max_in_unschedulable) {
      p->flush_timestamp = now;
      due.push_back(p);
    }
  }
  MoveParked(std::move(due), UnschedulableTimeoutEvent(), std::monostate{}, std::monostate{});
}

void SchedulingQueue::Close() {
  std::lock_guard<std::mutex> l(mu_);
  closed_ = true;
  cv_.notify_all();
}

void SchedulingQueue::AddNominatedPod(std::shared_ptr<const framework::PodInfo> pod, const std::string& node) {
  std::lock_guard<std::mutex> l(mu_);
  AddNominatedPodLocked(std::move(pod), node);
}

void SchedulingQueue::UpdateNominatedPodLocked(const api::core::v1::Pod& old_pod,
                                               std::shared_ptr<const framework::PodInfo> pod) {
  std::string keep;
  if (old_pod.status.nominated_node_name.empty() && pod->pod().status.nominated_node_name.empty()) {
    if (auto it = nominated_node_of_.find(old_pod.object_meta.uid); it != nominated_node_of_.end()) keep = it->second;
  }
  AddNominatedPodLocked(std::move(pod), keep);
}

void SchedulingQueue::AddNominatedPodLocked(std::shared_ptr<const framework::PodInfo> pod, const std::string& node) {
  const std::string uid = pod->pod().object_meta.uid;
  if (auto n = nominated_node_of_.find(uid); n != nominated_node_of_.end()) {
    std::erase_if(nominated_[n->second], [&](const auto& pi) { return pi->pod().object_meta.uid == uid; });
    nominated_node_of_.erase(n);
  }
  const std::string target = node.empty() ? pod->pod().status.nominated_node_name : node;
  if (target.empty()) return;
  nominated_node_of_[uid] = target;
  nominated_[target].push_back(std::move(pod));
}

void SchedulingQueue::DeleteNominatedPodIfExists(const api::core::v1::Pod& pod) {
  std::lock_guard<std::mutex> l(mu_);
  auto n = nominated_node_of_.find(pod.object_meta.uid);
  if (n == nominated_node_of_.end()) return;
  std::erase_if(nominated_[n->second], [&](const auto& pi) { return pi->pod().object_meta.uid == pod.object_meta.uid; });
  nominated_node_of_.erase(n);
}

std::vector<std::shared_ptr<const framework::PodInfo>> SchedulingQueue::NominatedPodsForNode(std::string_view node) const {
  std::lock_guard<std::mutex> l(mu_);
  auto it = nominated_.find(node);
  return it == nominated_.end() ? std::vector<std::shared_ptr<const framework::PodInfo>>{} : it->second;
}

int64_t SchedulingQueue::SchedulingCycle() const {
  std::lock_guard<std::mutex> l(mu_);
  return cycle_;
}

SchedulingQueue::Counts SchedulingQueue::CountPods() const {
  std::lock_guard<std::mutex> l(mu_);
  Counts c;
  c.active = active_.size();
  c.backoff = backoff_.size();
  for (const auto& [uid, p] : unschedulable_) ++(p->gated ? c.gated : c.unschedulable);
  return c;
}

std::vector<std::string> SchedulingQueue::ActivePods() const {
  std::lock_guard<std::mutex> l(mu_);
  std::vector<std::string> out;
  for (const auto& p : active_) out.push_back(p->pod().object_meta.name);
  return out;
}

std::vector<std::string> SchedulingQueue::BackoffPods() const {
  std::lock_guard<std::mutex> l(mu_);
  std::vector<std::string> out;
  for (const auto& p : backoff_) out.push_back(p->pod().object_meta.name);
  return out;
}

std::vector<std::string> SchedulingQueue::UnschedulablePods() const {
  std::lock_guard<std::mutex> l(mu_);
  std::vector<std::string> out;
  for (const auto& [uid, p] : unschedulable_) out.push_back(p->pod().object_meta.name);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace kubecxx::scheduler::queue
