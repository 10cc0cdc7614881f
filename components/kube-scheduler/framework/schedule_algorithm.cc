#include "components/kube-scheduler/framework/schedule_algorithm.h"

#include <atomic>
#include <numeric>

namespace kubecxx::scheduler::framework {
namespace {

std::string GoList(const std::set<std::string>& names) {
  std::string out = "[";
  bool first = true;
  for (const auto& n : names) {
    if (!first) out += " ";
    out += n;
    first = false;
  }
  return out + "]";
}

}  // namespace

size_t SelectHostIndex(const std::vector<NodePluginScores>& scores) {
  // Go's container/heap.Init followed by Pop returns the root after Init; replay Init's
  // sift-downs on an index permutation to find which element ends up there.
  const int n = static_cast<int>(scores.size());
  std::vector<size_t> h(n);
  std::iota(h.begin(), h.end(), size_t{0});
  auto less = [&](int i, int j) {
    const NodePluginScores& a = scores[h[i]];
    const NodePluginScores& b = scores[h[j]];
    return a.total_score > b.total_score ||
           (a.total_score == b.total_score && a.randomizer > b.randomizer);
  };
  auto down = [&](int i) {
    while (true) {
      int j1 = 2 * i + 1;
      if (j1 >= n || j1 < 0) break;
      int j = j1;
      if (int j2 = j1 + 1; j2 < n && less(j2, j1)) j = j2;
      if (!less(j, i)) break;
      std::swap(h[i], h[j]);
      i = j;
    }
  };
  for (int i = n / 2 - 1; i >= 0; --i) down(i);
  return h[0];
}

int32_t ScheduleAlgorithm::NumFeasibleNodesToFind(const std::optional<int32_t>& profile_percentage,
                                                  int32_t num_all_nodes) const {
  if (num_all_nodes < kMinFeasibleNodesToFind) return num_all_nodes;
  int32_t percentage = profile_percentage ? *profile_percentage : global_percentage_;
  if (percentage == 0) {
    percentage = 50 - num_all_nodes / 125;
    if (percentage < kMinFeasibleNodesPercentageToFind) percentage = kMinFeasibleNodesPercentageToFind;
  }
  int32_t num = static_cast<int32_t>(static_cast<int64_t>(num_all_nodes) * percentage / 100);
  return num < kMinFeasibleNodesToFind ? kMinFeasibleNodesToFind : num;
}

std::string ScheduleAlgorithm::FindNodesThatPassFilters(const Profile& profile, const CycleState& state,
                                                        const Pod& pod, const NodeInfoList& nodes,
                                                        Diagnosis* diagnosis, NodeInfoList* feasible) {
  feasible->clear();
  const int n = static_cast<int>(nodes.size());
  if (n == 0) return "";
  int32_t to_find = NumFeasibleNodesToFind(profile.percentage_of_nodes_to_score(), n);
  if (!profile.HasScorePlugins()) to_find = 1;  // no extenders yet
  const int start = next_start_index_ % n;
  if (!profile.HasFilterPlugins()) {
    for (int i = 0; i < to_find; ++i) feasible->push_back(nodes[(start + i) % n]);
    return "";
  }
  std::vector<Status> results(n);
  std::vector<char> done(n, 0);
  std::atomic<int32_t> feasible_count{0};
  std::atomic<bool> stop{false};
  profile.parallelizer().Until(n, [&](int i) {
    Status s = profile.RunFilterPluginsWithNominatedPods(state, pod, *nodes[(start + i) % n]);
    done[i] = 1;
    if (s.IsError()) {
      stop.store(true, std::memory_order_relaxed);
    } else if (s.IsSuccess()) {
      if (feasible_count.fetch_add(1, std::memory_order_relaxed) + 1 > to_find) {
        stop.store(true, std::memory_order_relaxed);
      }
    }
    results[i] = std::move(s);
  }, &stop);
  // Replay the walk sequentially: the processed positions are a prefix (parallelizer.h).
  std::string error;
  for (int i = 0; i < n && done[i]; ++i) {
    Status& s = results[i];
    const auto& node = nodes[(start + i) % n];
    if (s.IsSuccess()) {
      if (static_cast<int32_t>(feasible->size()) == to_find) break;
      feasible->push_back(node);
      continue;
    }
    if (s.IsError()) {
      if (error.empty()) error = s.AsError();
      break;
    }
    diagnosis->AddPluginStatus(s);
    diagnosis->node_to_status.Set(node->name(), std::move(s));
  }
  return error;
}

ScheduleOutcome ScheduleAlgorithm::SchedulePod(const Profile& profile, CycleState& state, const Pod& pod) {
  ScheduleOutcome out;
  const Snapshot& snapshot = profile.SnapshotLister();
  const int num_all = static_cast<int>(snapshot.NumNodes());
  if (num_all == 0) {
    out.error = std::string(kNoNodesAvailableMsg);
    return out;
  }
  auto unschedulable = [&](Diagnosis diagnosis) {
    out.kind = ScheduleOutcome::Kind::kUnschedulable;
    out.fit_error.pod_namespace = pod.object_meta.namespace_;
    out.fit_error.pod_name = pod.object_meta.name;
    out.fit_error.num_all_nodes = num_all;
    out.fit_error.diagnosis = std::move(diagnosis);
    return out;
  };

  Diagnosis diagnosis;
  PreFilterResult pre_result;
  std::set<std::string> plugins_with_nodes;
  Status s = profile.RunPreFilterPlugins(state, pod, &pre_result, &plugins_with_nodes);
  diagnosis.unschedulable_plugins = plugins_with_nodes;
  if (!s.IsSuccess()) {
    if (!s.IsRejected()) {
      out.error = s.AsError();
      return out;
    }
    diagnosis.pre_filter_msg = s.Message();
    diagnosis.AddPluginStatus(s);
    diagnosis.node_to_status.SetAbsentNodesStatus(std::move(s));
    return unschedulable(std::move(diagnosis));
  }

  NodeInfoList feasible;
  const std::string& nominated = pod.status.nominated_node_name;
  if (!nominated.empty()) {
    if (auto node = snapshot.GetShared(nominated)) {
      int saved = next_start_index_;
      next_start_index_ = 0;
      std::string err = FindNodesThatPassFilters(profile, state, pod, {node}, &diagnosis, &feasible);
      next_start_index_ = saved;
      if (!err.empty()) feasible.clear();  // upstream logs the error and goes on
    }
  }
  if (feasible.empty()) {
    NodeInfoList restricted;
    const NodeInfoList* nodes = &snapshot.List();
    if (!pre_result.AllNodes()) {
      for (const auto& name : *pre_result.node_names) {
        if (auto node = snapshot.GetShared(name)) restricted.push_back(std::move(node));
      }
      nodes = &restricted;
      diagnosis.node_to_status.SetAbsentNodesStatus(
          Status(Code::kUnschedulableAndUnresolvable,
                 "node(s) didn't satisfy plugin(s) " + GoList(plugins_with_nodes)));
    }
    std::string err = FindNodesThatPassFilters(profile, state, pod, *nodes, &diagnosis, &feasible);
    const int processed = static_cast<int>(feasible.size() + diagnosis.node_to_status.Len());
    next_start_index_ = (next_start_index_ + processed) % num_all;
    if (!err.empty()) {
      out.error = err;
      return out;
    }
  }
  if (feasible.empty()) return unschedulable(std::move(diagnosis));

  const int evaluated = static_cast<int>(feasible.size() + diagnosis.node_to_status.Len());
  if (feasible.size() == 1) {
    out.kind = ScheduleOutcome::Kind::kScheduled;
    out.result = ScheduleResult{feasible[0]->name(), evaluated, 1};
    return out;
  }

  std::vector<NodePluginScores> scores;
  if (!profile.HasScorePlugins()) {
    for (const auto& node : feasible) {
      NodePluginScores ns;
      ns.name = node->name();
      ns.total_score = 1;
      scores.push_back(std::move(ns));
    }
  } else {
    Status ps = profile.RunPreScorePlugins(state, pod, feasible);
    if (!ps.IsSuccess()) {
      out.error = ps.AsError();
      return out;
    }
    Status ss = profile.RunScorePlugins(state, pod, feasible, &scores);
    if (!ss.IsSuccess()) {
      out.error = ss.AsError();
      return out;
    }
  }
  out.kind = ScheduleOutcome::Kind::kScheduled;
  out.result = ScheduleResult{scores[SelectHostIndex(scores)].name, evaluated,
                              static_cast<int>(feasible.size())};
  return out;
}

}  // namespace kubecxx::scheduler::framework
