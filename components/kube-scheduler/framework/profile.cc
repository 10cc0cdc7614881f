#include "components/kube-scheduler/framework/profile.h"

#include <atomic>

namespace kubecxx::scheduler::framework {
namespace {

constexpr std::chrono::milliseconds kMaxPermitTimeout = std::chrono::minutes(15);

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Go's %v of a sorted []string: "[a b c]".
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

template <typename T>
void AddIf(const std::shared_ptr<Plugin>& p, std::vector<T*>& list, const std::set<std::string, std::less<>>& disabled,
           std::string_view point) {
  if (disabled.contains(point)) return;
  if (T* t = dynamic_cast<T*>(p.get())) list.push_back(t);
}

}  // namespace

Parallelizer& Handle::GetParallelizer() const {
  static Parallelizer* single = new Parallelizer(1);
  return *single;
}

Status Handle::RunFilterPluginsWithNominatedPods(const CycleState&, const Pod&, const NodeInfo&) const {
  return Status::Error("this handle runs no filter plugins");
}

Status Handle::RunPreFilterExtensionAddPod(CycleState&, const Pod&, const std::shared_ptr<const PodInfo>&,
                                           const NodeInfo&) const {
  return Status();
}

Status Handle::RunPreFilterExtensionRemovePod(CycleState&, const Pod&, const std::shared_ptr<const PodInfo>&,
                                              const NodeInfo&) const {
  return Status();
}

void PreFilterResult::Merge(const PreFilterResult& other) {
  if (other.AllNodes()) return;
  if (AllNodes()) {
    node_names = other.node_names;
    return;
  }
  std::set<std::string, std::less<>> both;
  for (const auto& n : *node_names) {
    if (other.node_names->contains(n)) both.insert(n);
  }
  node_names = std::move(both);
}

Profile::Profile(ProfileOptions options)
    : options_(std::move(options)), parallelizer_(std::make_unique<Parallelizer>(options_.parallelism)) {}

StatusOr<std::unique_ptr<Profile>> Profile::Create(ProfileOptions options,
                                                  std::vector<PluginSpec> plugins) {
  std::unique_ptr<Profile> p(new Profile(std::move(options)));
  std::set<std::string, std::less<>> names;
  std::vector<QueueSortPlugin*> queue_sorts;
  int64_t total_priority = 0;
  for (PluginSpec& spec : plugins) {
    StatusOr<std::shared_ptr<Plugin>> made = spec.factory(*p);
    if (!made.ok()) return made.status();
    std::shared_ptr<Plugin> pl = std::move(made).value();
    std::string name(pl->Name());
    if (!names.insert(name).second) {
      return ::kubecxx::Status::Invalid("plugin " + Quote(name) + " already registered");
    }
    if (spec.weight < 0) {
      return ::kubecxx::Status::Invalid("plugin " + Quote(name) + " has a negative score weight");
    }
    const auto& off = spec.disabled_at;
    AddIf(pl, p->pre_enqueue_, off, "preEnqueue");
    AddIf(pl, queue_sorts, off, "queueSort");
    AddIf(pl, p->pre_filter_, off, "preFilter");
    AddIf(pl, p->filter_, off, "filter");
    AddIf(pl, p->post_filter_, off, "postFilter");
    AddIf(pl, p->pre_score_, off, "preScore");
    if (auto* s = dynamic_cast<ScorePlugin*>(pl.get()); s && !off.contains("score")) {
      p->score_.push_back(s);
      int64_t w = spec.weight == 0 ? 1 : spec.weight;
      if (w * kMaxNodeScore > kMaxTotalScore - total_priority) {
        return ::kubecxx::Status::Invalid("total score of Score plugins could overflow");
      }
      total_priority += w * kMaxNodeScore;
      p->score_weight_[name] = w;
    }
    AddIf(pl, p->reserve_, off, "reserve");
    AddIf(pl, p->permit_, off, "permit");
    AddIf(pl, p->pre_bind_, off, "preBind");
    AddIf(pl, p->bind_, off, "bind");
    AddIf(pl, p->post_bind_, off, "postBind");
    p->plugins_.push_back(std::move(pl));
  }
  if (queue_sorts.size() != 1) {
    return ::kubecxx::Status::Invalid("only one queue sort plugin required for profile with scheduler name " +
                           Quote(p->name()) + ", but got " + std::to_string(queue_sorts.size()));
  }
  if (p->bind_.empty()) {
    return ::kubecxx::Status::Invalid("at least one bind plugin is needed for profile with scheduler name " +
                           Quote(p->name()));
  }
  p->queue_sort_ = queue_sorts[0];
  return p;
}

std::vector<std::shared_ptr<const PodInfo>> Profile::NominatedPodsForNode(
    std::string_view node_name) const {
  if (!nominator_) return {};
  return nominator_(node_name);
}

int64_t Profile::ScoreWeight(std::string_view plugin) const {
  auto it = score_weight_.find(plugin);
  return it == score_weight_.end() ? 0 : it->second;
}

Status Profile::RunPreEnqueuePlugins(const Pod& pod) const {
  for (PreEnqueuePlugin* pl : pre_enqueue_) {
    Status s = pl->PreEnqueue(pod);
    if (s.IsSuccess()) continue;
    if (!s.IsRejected()) {
      return Status::Error("running PreEnqueue plugin " + Quote(pl->Name()) + ": " + s.AsError())
          .WithPlugin(std::string(pl->Name()));
    }
    s.SetPlugin(std::string(pl->Name()));
    return s;
  }
  return Status();
}

bool Profile::QueueSortLess(const QueuedPodInfo& a, const QueuedPodInfo& b) const {
  return queue_sort_->Less(a, b);
}

Status Profile::RunPreFilterPlugins(CycleState& state, const Pod& pod, PreFilterResult* result,
                                    std::set<std::string>* plugins_with_nodes) const {
  std::set<std::string, std::less<>> skip;
  *result = PreFilterResult();
  plugins_with_nodes->clear();
  Status return_status;
  const NodeInfoList& nodes = snapshot_->List();
  for (PreFilterPlugin* pl : pre_filter_) {
    PreFilterResult r;
    Status s = pl->PreFilter(state, pod, nodes, &r);
    if (s.IsSkip()) {
      skip.insert(std::string(pl->Name()));
      continue;
    }
    if (!s.IsSuccess()) {
      s.SetPlugin(std::string(pl->Name()));
      if (s.code() == Code::kUnschedulableAndUnresolvable) {
        state.SetSkipFilterPlugins(std::move(skip));
        *result = PreFilterResult();
        plugins_with_nodes->clear();
        return s;
      }
      if (s.code() == Code::kUnschedulable) {
        return_status = std::move(s);
        continue;
      }
      state.SetSkipFilterPlugins(std::move(skip));
      *result = PreFilterResult();
      plugins_with_nodes->clear();
      return Status::Error("running PreFilter plugin " + Quote(pl->Name()) + ": " + s.AsError())
          .WithPlugin(std::string(pl->Name()));
    }
    if (!r.AllNodes()) plugins_with_nodes->insert(std::string(pl->Name()));
    result->Merge(r);
    if (!result->AllNodes() && result->node_names->empty()) {
      std::string msg = plugins_with_nodes->size() == 1
                            ? "node(s) didn't satisfy plugin " + *plugins_with_nodes->begin()
                            : "node(s) didn't satisfy plugin(s) " + GoList(*plugins_with_nodes) +
                                  " simultaneously";
      state.SetSkipFilterPlugins(std::move(skip));
      return Status(Code::kUnschedulableAndUnresolvable, std::move(msg));
    }
  }
  state.SetSkipFilterPlugins(std::move(skip));
  return return_status;
}

Status Profile::RunPreFilterExtensionAddPod(CycleState& state, const Pod& pod,
                                            const std::shared_ptr<const PodInfo>& to_add,
                                            const NodeInfo& node_info) const {
  for (PreFilterPlugin* pl : pre_filter_) {
    PreFilterExtensions* ext = pl->Extensions();
    if (!ext || state.SkipFilterPlugins().contains(pl->Name())) continue;
    Status s = ext->AddPod(state, pod, to_add, node_info);
    if (!s.IsSuccess()) {
      return Status::Error("running AddPod on PreFilter plugin " + Quote(pl->Name()) + ": " +
                           s.AsError());
    }
  }
  return Status();
}

Status Profile::RunPreFilterExtensionRemovePod(CycleState& state, const Pod& pod,
                                               const std::shared_ptr<const PodInfo>& to_remove,
                                               const NodeInfo& node_info) const {
  for (PreFilterPlugin* pl : pre_filter_) {
    PreFilterExtensions* ext = pl->Extensions();
    if (!ext || state.SkipFilterPlugins().contains(pl->Name())) continue;
    Status s = ext->RemovePod(state, pod, to_remove, node_info);
    if (!s.IsSuccess()) {
      return Status::Error("running RemovePod on PreFilter plugin " + Quote(pl->Name()) + ": " +
                           s.AsError());
    }
  }
  return Status();
}

Status Profile::RunFilterPlugins(const CycleState& state, const Pod& pod,
                                 const NodeInfo& node_info) const {
  const auto& skip = state.SkipFilterPlugins();
  for (FilterPlugin* pl : filter_) {
    if (!skip.empty() && skip.contains(pl->Name())) continue;
    Status s = pl->Filter(state, pod, node_info);
    if (s.IsSuccess()) continue;
    if (!s.IsRejected()) {
      s = Status::Error("running " + Quote(pl->Name()) + " filter plugin: " + s.AsError());
    }
    s.SetPlugin(std::string(pl->Name()));
    return s;
  }
  return Status();
}

Status Profile::RunFilterPluginsWithNominatedPods(const CycleState& state, const Pod& pod,
                                                  const NodeInfo& node_info) const {
  std::vector<std::shared_ptr<const PodInfo>> nominated = NominatedPodsForNode(node_info.name());
  if (nominated.empty()) return RunFilterPlugins(state, pod, node_info);
  // First pass: with nominated pods of >= priority added.
  const int32_t priority = pod.spec.priority.value_or(0);
  std::unique_ptr<NodeInfo> node_out = node_info.Clone();
  std::unique_ptr<CycleState> state_out = state.Clone();
  bool added = false;
  for (const auto& pi : nominated) {
    if (pi->pod().spec.priority.value_or(0) >= priority &&
        pi->pod().object_meta.uid != pod.object_meta.uid) {
      node_out->AddPodInfo(pi);
      Status s = RunPreFilterExtensionAddPod(*state_out, pod, pi, *node_out);
      if (!s.IsSuccess()) return Status::Error(s.AsError());
      added = true;
    }
  }
  Status status = added ? RunFilterPlugins(*state_out, pod, *node_out)
                        : RunFilterPlugins(state, pod, node_info);
  if (!status.IsSuccess() || !added) return status;
  return RunFilterPlugins(state, pod, node_info);
}

Status Profile::RunPostFilterPlugins(CycleState& state, const Pod& pod,
                                     const NodeToStatus& statuses, PostFilterResult* result) const {
  std::vector<std::string> reasons;
  std::string rejector;
  for (PostFilterPlugin* pl : post_filter_) {
    PostFilterResult r;
    Status s = pl->PostFilter(state, pod, statuses, &r);
    if (s.IsSuccess()) {
      *result = std::move(r);
      return s;
    }
    if (s.code() == Code::kUnschedulableAndUnresolvable) {
      *result = std::move(r);
      return std::move(s).WithPlugin(std::string(pl->Name()));
    }
    if (!s.IsRejected()) return Status::Error(s.AsError()).WithPlugin(std::string(pl->Name()));
    if (r.nominated_node_name.has_value()) *result = r;
    for (auto& reason : s.Reasons()) reasons.push_back(std::move(reason));
    if (rejector.empty()) rejector = std::string(pl->Name());
  }
  return Status(Code::kUnschedulable, std::move(reasons)).WithPlugin(std::move(rejector));
}

Status Profile::RunPreScorePlugins(CycleState& state, const Pod& pod, const NodeInfoList& nodes) const {
  std::set<std::string, std::less<>> skip;
  for (PreScorePlugin* pl : pre_score_) {
    Status s = pl->PreScore(state, pod, nodes);
    if (s.IsSkip()) {
      skip.insert(std::string(pl->Name()));
      continue;
    }
    if (!s.IsSuccess()) {
      state.SetSkipScorePlugins(std::move(skip));
      return Status::Error("running PreScore plugin " + Quote(pl->Name()) + ": " + s.AsError());
    }
  }
  state.SetSkipScorePlugins(std::move(skip));
  return Status();
}

Status Profile::RunScorePlugins(const CycleState& state, const Pod& pod, const NodeInfoList& nodes,
                                std::vector<NodePluginScores>* out) const {
  std::vector<const ScorePlugin*> plugins;
  for (const ScorePlugin* pl : score_) {
    if (!state.SkipScorePlugins().contains(pl->Name())) plugins.push_back(pl);
  }
  out->assign(nodes.size(), NodePluginScores());
  for (size_t i = 0; i < nodes.size(); ++i) (*out)[i].name = nodes[i]->name();
  if (plugins.empty()) return Status();

  // plugin_scores[p][n]: plugin p's score of node n (normalised in place).
  std::vector<NodeScoreList> plugin_scores(plugins.size(), NodeScoreList(nodes.size()));
  std::atomic<bool> stop{false};
  std::vector<std::string> errors(nodes.size());
  parallelizer_->Until(static_cast<int>(nodes.size()), [&](int n) {
    NodePluginScores& ns = (*out)[n];
    ns.raw_scores.reserve(plugins.size());
    for (size_t p = 0; p < plugins.size(); ++p) {
      int64_t score = 0;
      Status s = plugins[p]->Score(state, pod, *nodes[n], &score);
      if (!s.IsSuccess()) {
        errors[n] = "plugin " + Quote(plugins[p]->Name()) + " failed with: " + s.AsError();
        stop.store(true, std::memory_order_relaxed);
        return;
      }
      ns.raw_scores.push_back(PluginScore{std::string(plugins[p]->Name()), score});
      plugin_scores[p][n] = NodeScore{ns.name, score};
    }
  }, &stop);
  for (const auto& e : errors) {
    if (!e.empty()) return Status::Error("running Score plugins: " + e);
  }

  std::vector<std::string> norm_errors(plugins.size());
  parallelizer_->Until(static_cast<int>(plugins.size()), [&](int p) {
    if (!plugins[p]->HasNormalizeScore()) return;
    Status s = plugins[p]->NormalizeScore(state, pod, plugin_scores[p]);
    if (!s.IsSuccess()) {
      norm_errors[p] = "plugin " + Quote(plugins[p]->Name()) + " failed with: " + s.AsError();
    }
  });
  for (const auto& e : norm_errors) {
    if (!e.empty()) return Status::Error("running Normalize on Score plugins: " + e);
  }

  std::vector<int64_t> weights(plugins.size());
  for (size_t p = 0; p < plugins.size(); ++p) weights[p] = ScoreWeight(plugins[p]->Name());
  std::vector<std::string> weight_errors(nodes.size());
  parallelizer_->Until(static_cast<int>(nodes.size()), [&](int n) {
    NodePluginScores& ns = (*out)[n];
    ns.scores.resize(plugins.size());
    int64_t total = 0;
    for (size_t p = 0; p < plugins.size(); ++p) {
      int64_t score = plugin_scores[p][n].score;
      if (score > kMaxNodeScore || score < kMinNodeScore) {
        weight_errors[n] = "plugin " + Quote(plugins[p]->Name()) + " returns an invalid score " +
                           std::to_string(score) + ", it should in the range of [0, 100] after normalizing";
        return;
      }
      int64_t weighted = score * weights[p];
      ns.scores[p] = PluginScore{std::string(plugins[p]->Name()), weighted};
      total += weighted;
    }
    ns.total_score = total;
  });
  for (const auto& e : weight_errors) {
    if (!e.empty()) return Status::Error("applying score defaultWeights on Score plugins: " + e);
  }
  return Status();
}

Status Profile::RunReservePluginsReserve(CycleState& state, const Pod& pod,
                                         const std::string& node) const {
  for (ReservePlugin* pl : reserve_) {
    Status s = pl->Reserve(state, pod, node);
    if (s.IsSuccess()) continue;
    if (s.IsRejected()) return std::move(s).WithPlugin(std::string(pl->Name()));
    return Status::Error("running Reserve plugin " + Quote(pl->Name()) + ": " + s.AsError());
  }
  return Status();
}

void Profile::RunReservePluginsUnreserve(CycleState& state, const Pod& pod,
                                         const std::string& node) const {
  for (auto it = reserve_.rbegin(); it != reserve_.rend(); ++it) (*it)->Unreserve(state, pod, node);
}

Status Profile::RunPermitPlugins(CycleState& state, const Pod& pod, const std::string& node,
                                 std::map<std::string, std::chrono::milliseconds>* wait_times) const {
  wait_times->clear();
  std::optional<Status> wait;
  for (PermitPlugin* pl : permit_) {
    std::chrono::milliseconds timeout{0};
    Status s = pl->Permit(state, pod, node, &timeout);
    if (s.IsSuccess()) continue;
    if (s.IsRejected()) {
      wait_times->clear();
      return std::move(s).WithPlugin(std::string(pl->Name()));
    }
    if (s.IsWait()) {
      (*wait_times)[std::string(pl->Name())] = std::min(timeout, kMaxPermitTimeout);
      wait = std::move(s);
      continue;
    }
    wait_times->clear();
    return Status::Error("running Permit plugin " + Quote(pl->Name()) + ": " + s.AsError())
        .WithPlugin(std::string(pl->Name()));
  }
  if (wait) {
    wait->AppendReason("one or more plugins asked to wait and no plugin rejected pod");
    return *wait;
  }
  wait_times->clear();
  return Status();
}

Status Profile::RunPreBindPlugins(CycleState& state, const Pod& pod, const std::string& node) const {
  for (PreBindPlugin* pl : pre_bind_) {
    Status s = pl->PreBind(state, pod, node);
    if (s.IsSuccess()) continue;
    if (s.IsRejected()) return std::move(s).WithPlugin(std::string(pl->Name()));
    return Status::Error("running PreBind plugin " + Quote(pl->Name()) + ": " + s.AsError());
  }
  return Status();
}

Status Profile::RunBindPlugins(CycleState& state, const Pod& pod, const std::string& node) const {
  if (bind_.empty()) return Status(Code::kSkip, "");
  Status s;
  for (BindPlugin* pl : bind_) {
    s = pl->Bind(state, pod, node);
    if (s.IsSkip()) continue;
    if (!s.IsSuccess()) {
      if (s.IsRejected()) return std::move(s).WithPlugin(std::string(pl->Name()));
      return Status::Error("running Bind plugin " + Quote(pl->Name()) + ": " + s.AsError());
    }
    return s;
  }
  return s;
}

void Profile::RunPostBindPlugins(CycleState& state, const Pod& pod, const std::string& node) const {
  for (PostBindPlugin* pl : post_bind_) pl->PostBind(state, pod, node);
}

}  // namespace kubecxx::scheduler::framework
