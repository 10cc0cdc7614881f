#include "components/kube-scheduler/plugins/default_preemption.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <random>

#include "components/kube-scheduler/framework/label_selector.h"
#include "lib/log/log.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using framework::NodeInfo;
using framework::Pod;
using framework::PodInfo;
using PodInfoPtr = std::shared_ptr<const PodInfo>;

constexpr std::string_view kNoVictims = "No preemption victims found for incoming pod";
constexpr std::string_view kNotHelpful = "Preemption is not helpful for scheduling";

int32_t Priority(const Pod& p) { return p.spec.priority.value_or(0); }
std::string Key(const Pod& p) { return p.object_meta.namespace_ + "/" + p.object_meta.name; }

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// util.GetPodStartTime in nanoseconds: status.startTime, or "now" for pods not started.
int64_t StartNs(const Pod& p) {
  if (p.status.start_time) return p.status.start_time->seconds * 1'000'000'000;
  return NowNs();
}

// A victim with the start time taken once, when it was listed (as upstream's NewVictim).
struct Victim {
  PodInfoPtr pi;
  int32_t priority = 0;
  int64_t start = 0;
};

bool MoreImportant(const Victim& a, const Victim& b) {
  if (a.priority != b.priority) return a.priority > b.priority;
  return a.start < b.start;
}

// utilerrors.NewAggregate(errs).Error(): deduplicated, one as is, several "[a, b]".
std::string Aggregate(const std::vector<std::string>& errs) {
  std::vector<std::string> uniq;
  for (const auto& e : errs) {
    if (std::find(uniq.begin(), uniq.end(), e) == uniq.end()) uniq.push_back(e);
  }
  if (uniq.size() == 1) return uniq[0];
  std::string out = "[";
  for (size_t i = 0; i < uniq.size(); ++i) out += (i ? ", " : "") + uniq[i];
  return out + "]";
}

void SplitByPdb(const std::vector<Victim>& victims, const std::vector<PdbPtr>& pdbs, std::vector<Victim>* violating,
                std::vector<Victim>* non_violating) {
  std::vector<int32_t> allowed;
  std::vector<std::optional<framework::PodSelector>> selectors;
  for (const auto& pdb : pdbs) {
    allowed.push_back(pdb->status.disruptions_allowed);
    auto sel = framework::LabelSelectorAsSelector(pdb->spec.selector.get());
    selectors.push_back(sel.ok() ? std::optional<framework::PodSelector>(*sel) : std::nullopt);
  }
  for (const Victim& v : victims) {
    const Pod& pod = v.pi->pod();
    bool violates = false;
    if (!pod.object_meta.labels.empty()) {
      for (size_t i = 0; i < pdbs.size(); ++i) {
        if (pdbs[i]->object_meta.namespace_ != pod.object_meta.namespace_) continue;
        if (!selectors[i] || selectors[i]->Empty() || !selectors[i]->Matches(pod.object_meta.labels)) continue;
        if (pdbs[i]->status.disrupted_pods.contains(pod.object_meta.name)) continue;
        if (--allowed[i] < 0) {
          violates = true;
          break;
        }
      }
    }
    (violates ? violating : non_violating)->push_back(v);
  }
}

// NodeToStatus.NodesForStatusCode(Unschedulable).
framework::NodeInfoList UnschedulableNodes(const framework::Snapshot& snapshot, const framework::NodeToStatus& m) {
  framework::NodeInfoList out;
  if (m.AbsentNodesStatus().code() == Code::kUnschedulable) {
    for (const auto& n : snapshot.List()) {
      if (m.Get(n->name()).code() == Code::kUnschedulable) out.push_back(n);
    }
    return out;
  }
  for (const auto& [name, status] : m.Explicit()) {
    if (status.code() != Code::kUnschedulable) continue;
    if (auto n = snapshot.GetShared(name)) out.push_back(std::move(n));
  }
  return out;
}

}  // namespace

bool PodTerminatingByPreemption(const Pod& pod) {
  if (!pod.object_meta.deletion_timestamp) return false;
  for (const auto& c : pod.status.conditions) {
    if (c.type == "DisruptionTarget") return c.status == "True" && c.reason == "PreemptionByScheduler";
  }
  return false;
}

bool MoreImportantPod(const Pod& a, const Pod& b) {
  if (Priority(a) != Priority(b)) return Priority(a) > Priority(b);
  return StartNs(a) < StartNs(b);
}

void FilterVictimsWithPdbViolation(const std::vector<PodInfoPtr>& pods, const std::vector<PdbPtr>& pdbs,
                                   std::vector<PodInfoPtr>* violating, std::vector<PodInfoPtr>* non_violating) {
  std::vector<Victim> vs;
  for (const auto& p : pods) vs.push_back(Victim{p, Priority(p->pod()), 0});
  std::vector<Victim> a, b;
  SplitByPdb(vs, pdbs, &a, &b);
  for (auto& v : a) violating->push_back(std::move(v.pi));
  for (auto& v : b) non_violating->push_back(std::move(v.pi));
}

DefaultPreemption::DefaultPreemption(DefaultPreemptionArgs args, framework::Handle& handle,
                                     const PreemptionLister* lister, PreemptionApi* api, std::string profile_name)
    : args_(args), handle_(handle), lister_(lister), api_(api), profile_name_(std::move(profile_name)) {
  offset_rand_ = [](int32_t n) {
    static thread_local std::mt19937 gen{std::random_device{}()};
    return std::uniform_int_distribution<int32_t>(0, n - 1)(gen);
  };
}

DefaultPreemption::~DefaultPreemption() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

int32_t DefaultPreemption::CalculateNumCandidates(int32_t num_nodes) const {
  int32_t n = static_cast<int32_t>(static_cast<int64_t>(num_nodes) * args_.min_candidate_nodes_percentage / 100);
  if (n < args_.min_candidate_nodes_absolute) n = args_.min_candidate_nodes_absolute;
  if (n > num_nodes) n = num_nodes;
  return n;
}

std::pair<bool, std::string> DefaultPreemption::PodEligibleToPreemptOthers(
    const Pod& pod, const framework::Status& nominated_status) const {
  if (pod.spec.preemption_policy && *pod.spec.preemption_policy == "Never") {
    return {false, "not eligible due to preemptionPolicy=Never."};
  }
  const std::string& nominated = pod.status.nominated_node_name;
  if (!nominated.empty()) {
    if (nominated_status.code() == Code::kUnschedulableAndUnresolvable) return {true, ""};
    if (const NodeInfo* node = handle_.SnapshotLister().Get(nominated)) {
      for (const auto& p : node->pods()) {
        if (Priority(p->pod()) < Priority(pod) && PodTerminatingByPreemption(p->pod())) {
          return {false, "not eligible due to a terminating pod on the nominated node."};
        }
      }
    }
  }
  return {true, ""};
}

framework::Status DefaultPreemption::SelectVictimsOnNode(framework::CycleState& state, const Pod& preemptor,
                                                         NodeInfo& node_info, const std::vector<PdbPtr>& pdbs,
                                                         std::vector<PodInfoPtr>* victims_out,
                                                         int* num_violating) const {
  victims_out->clear();
  *num_violating = 0;
  std::vector<Victim> potential;
  for (const auto& pi : node_info.pods()) {
    int32_t prio = Priority(pi->pod());
    if (prio < Priority(preemptor)) potential.push_back(Victim{pi, prio, StartNs(pi->pod())});
  }
  if (potential.empty()) return framework::Status(Code::kUnschedulableAndUnresolvable, std::string(kNoVictims));

  auto remove = [&](const Victim& v) -> framework::Status {
    if (::kubecxx::Status s = node_info.RemovePod(v.pi->pod()); !s.ok()) return framework::Status::Error(s.message());
    framework::Status s = handle_.RunPreFilterExtensionRemovePod(state, preemptor, v.pi, node_info);
    return s.IsSuccess() ? s : framework::Status::Error(s.AsError());
  };
  auto add = [&](const Victim& v) -> framework::Status {
    node_info.AddPodInfo(v.pi);
    framework::Status s = handle_.RunPreFilterExtensionAddPod(state, preemptor, v.pi, node_info);
    return s.IsSuccess() ? s : framework::Status::Error(s.AsError());
  };
  for (const Victim& v : potential) {
    if (framework::Status s = remove(v); !s.IsSuccess()) return s;
  }
  if (framework::Status s = handle_.RunFilterPluginsWithNominatedPods(state, preemptor, node_info); !s.IsSuccess()) {
    return s;
  }
  std::stable_sort(potential.begin(), potential.end(), MoreImportant);
  std::vector<Victim> violating, non_violating, victims;
  SplitByPdb(potential, pdbs, &violating, &non_violating);
  // Re-adds v; keeps it when the pod still fits, else removes it again as a victim.
  auto reprieve = [&](const Victim& v, bool* fits) -> framework::Status {
    if (framework::Status s = add(v); !s.IsSuccess()) return s;
    *fits = handle_.RunFilterPluginsWithNominatedPods(state, preemptor, node_info).IsSuccess();
    if (!*fits) {
      if (framework::Status s = remove(v); !s.IsSuccess()) return s;
      victims.push_back(v);
      KLOG_V(5).InfoS("Pods are potential preemption victims on node", "pods", Key(v.pi->pod()), "node",
                      node_info.name());
    }
    return framework::Status();
  };
  for (const Victim& v : violating) {
    bool fits = false;
    if (framework::Status s = reprieve(v, &fits); !s.IsSuccess()) return s;
    if (!fits) ++*num_violating;
  }
  for (const Victim& v : non_violating) {
    bool fits = false;
    if (framework::Status s = reprieve(v, &fits); !s.IsSuccess()) return s;
  }
  if (!violating.empty() && !non_violating.empty()) std::stable_sort(victims.begin(), victims.end(), MoreImportant);
  for (auto& v : victims) victims_out->push_back(std::move(v.pi));
  return framework::Status();
}

std::vector<PreemptionCandidate> DefaultPreemption::DryRunPreemption(
    const framework::CycleState& state, const Pod& pod, const framework::NodeInfoList& potential,
    const std::vector<PdbPtr>& pdbs, int32_t offset, int32_t num_candidates, framework::NodeToStatus* statuses,
    std::string* error) const {
  struct Result {
    bool done = false;
    framework::Status status;
    std::vector<PodInfoPtr> victims;
    int violating = 0;
  };
  const int n = static_cast<int>(potential.size());
  std::vector<Result> results(n);
  std::atomic<int32_t> non_violating_count{0}, violating_count{0};
  std::atomic<bool> stop{false};
  handle_.GetParallelizer().Until(n, [&](int i) {
    const NodeInfo& node = *potential[(offset + i) % n];
    std::unique_ptr<NodeInfo> copy = node.Clone();
    std::unique_ptr<framework::CycleState> st = state.Clone();
    Result& r = results[i];
    r.status = SelectVictimsOnNode(*st, pod, *copy, pdbs, &r.victims, &r.violating);
    if (r.status.IsSuccess() && !r.victims.empty()) {
      int32_t nv = r.violating == 0 ? non_violating_count.fetch_add(1) + 1 : non_violating_count.load();
      int32_t v = r.violating != 0 ? violating_count.fetch_add(1) + 1 : violating_count.load();
      if (nv > 0 && nv + v >= num_candidates) stop.store(true);
    }
    r.done = true;
  }, &stop);
  // Replay in walk order (a prefix was processed), as a sequential dry run would.
  std::vector<PreemptionCandidate> non_violating, violating;
  std::vector<std::string> errs;
  for (int i = 0; i < n && results[i].done; ++i) {
    Result& r = results[i];
    const std::string& name = potential[(offset + i) % n]->name();
    if (r.status.IsSuccess() && !r.victims.empty()) {
      auto& list = r.violating == 0 ? non_violating : violating;
      if (static_cast<int32_t>(list.size()) < num_candidates) {
        list.push_back(PreemptionCandidate{name, std::move(r.victims), r.violating});
      }
      if (!non_violating.empty() &&
          static_cast<int32_t>(non_violating.size() + violating.size()) >= num_candidates) {
        break;
      }
      continue;
    }
    if (r.status.IsSuccess()) {
      r.status = framework::Status::Error("expected at least one victim pod on node \"" + name + "\"");
    }
    if (r.status.IsError()) errs.push_back(r.status.AsError());
    statuses->Set(name, std::move(r.status));
  }
  *error = errs.empty() ? "" : Aggregate(errs);
  for (auto& c : violating) non_violating.push_back(std::move(c));
  return non_violating;
}

size_t DefaultPreemption::SelectCandidate(const std::vector<PreemptionCandidate>& candidates) {
  if (candidates.size() == 1) return 0;
  using ScoreFn = std::function<int64_t(const PreemptionCandidate&)>;
  const std::vector<ScoreFn> fns = {
      [](const PreemptionCandidate& c) { return -c.num_pdb_violations; },
      [](const PreemptionCandidate& c) { return -static_cast<int64_t>(Priority(c.victims[0]->pod())); },
      [](const PreemptionCandidate& c) {
        int64_t sum = 0;
        for (const auto& v : c.victims) sum += static_cast<int64_t>(Priority(v->pod())) + (int64_t{INT32_MAX} + 1);
        return -sum;
      },
      [](const PreemptionCandidate& c) { return -static_cast<int64_t>(c.victims.size()); },
      // GetEarliestPodStartTime: the earliest start among the highest-priority victims.
      [](const PreemptionCandidate& c) {
        int64_t earliest = StartNs(c.victims[0]->pod());
        int32_t max_prio = Priority(c.victims[0]->pod());
        for (const auto& v : c.victims) {
          int32_t p = Priority(v->pod());
          if (p == max_prio) {
            earliest = std::min(earliest, StartNs(v->pod()));
          } else if (p > max_prio) {
            max_prio = p;
            earliest = StartNs(v->pod());
          }
        }
        return earliest;
      },
  };
  std::vector<size_t> all(candidates.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  for (const ScoreFn& f : fns) {
    std::vector<size_t> selected;
    int64_t max = INT64_MIN;
    for (size_t i : all) {
      int64_t s = f(candidates[i]);
      if (s > max) {
        max = s;
        selected.clear();
      }
      if (s == max) selected.push_back(i);
    }
    if (selected.size() == 1) return selected[0];
    all = std::move(selected);
  }
  return all[0];
}

framework::Status DefaultPreemption::Preempt(framework::CycleState& state, const Pod& pod_in,
                                             const framework::NodeToStatus& statuses,
                                             framework::PostFilterResult* result) {
  std::shared_ptr<const Pod> latest;
  if (lister_) {
    latest = lister_->GetPod(pod_in.object_meta.namespace_, pod_in.object_meta.name);
    if (!latest) {
      KLOG_ERROR_S(nullptr, "Could not get the updated preemptor pod object", "pod", Key(pod_in));
      return framework::Status::Error("pod \"" + pod_in.object_meta.name + "\" not found");
    }
  } else {
    latest = std::make_shared<const Pod>(pod_in);
  }
  const Pod& pod = *latest;
  auto [eligible, why] = PodEligibleToPreemptOthers(pod, statuses.Get(pod.status.nominated_node_name));
  if (!eligible) {
    KLOG_V(5).InfoS("Pod is not eligible for preemption", "pod", Key(pod), "reason", why);
    return framework::Status(Code::kUnschedulable, why);
  }
  const framework::Snapshot& snapshot = handle_.SnapshotLister();
  if (snapshot.NumNodes() == 0) return framework::Status::Error("no nodes available");

  framework::NodeToStatus node_statuses;
  std::vector<PreemptionCandidate> candidates;
  framework::NodeInfoList potential = UnschedulableNodes(snapshot, statuses);
  if (potential.empty()) {
    KLOG_V(3).InfoS("Preemption will not help schedule pod on any node", "pod", Key(pod));
  } else {
    std::vector<PdbPtr> pdbs = lister_ ? lister_->ListPdbs() : std::vector<PdbPtr>{};
    const int32_t n = static_cast<int32_t>(potential.size());
    const int32_t offset = offset_rand_(n);
    std::string err;
    candidates = DryRunPreemption(state, pod, potential, pdbs, offset, CalculateNumCandidates(n), &node_statuses, &err);
    if (!err.empty() && candidates.empty()) return framework::Status::Error(err);
  }
  if (candidates.empty()) {
    KLOG_V(2).InfoS("No preemption candidate is found; preemption is not helpful for scheduling", "pod", Key(pod));
    framework::FitError fe;
    fe.num_all_nodes = static_cast<int>(snapshot.NumNodes());
    fe.diagnosis.node_to_status = std::move(node_statuses);
    fe.diagnosis.node_to_status.SetAbsentNodesStatus(
        framework::Status(Code::kUnschedulableAndUnresolvable, std::string(kNotHelpful)));
    result->nominated_node_name = "";
    return framework::Status(Code::kUnschedulable, fe.Message());
  }
  const PreemptionCandidate& best = candidates[SelectCandidate(candidates)];
  KLOG_V(2).InfoS("the target node for the preemption is determined", "node", best.name, "pod", Key(pod));
  if (victims_observer_) victims_observer_(best.victims.size());
  Actuate(best, latest);
  result->nominated_node_name = best.name;
  return framework::Status(Code::kSuccess, "found a potential placement for pod on node " + best.name +
                                               ", preempting " + std::to_string(best.victims.size()) + " victims");
}

framework::Status DefaultPreemption::PostFilter(framework::CycleState& state, const Pod& pod,
                                                const framework::NodeToStatus& statuses,
                                                framework::PostFilterResult* result) {
  framework::Status s = Preempt(state, pod, statuses, result);
  std::string msg = s.Message();
  if (msg.empty()) return s;
  return framework::Status(s.code(), "preemption: " + msg);
}

}  // namespace kubecxx::scheduler::plugins
