#include "components/kube-scheduler/app/config/validation.h"

#include <map>
#include <set>

#include "components/kube-scheduler/app/config/field_errors.h"
#include "lib/api/labels.h"

namespace kubecxx::scheduler::config {
namespace {

using namespace field;  // NOLINT: the field.Error vocabulary

std::vector<std::string> ValidatePercentage(const std::string& path,
                                            const std::optional<int32_t>& v) {
  if (v && (*v < 0 || *v > 100)) return {Invalid(path, N(*v), "not in valid range [0-100]")};
  return {};
}

// The plugins of older API versions that v1 rejects.
constexpr std::string_view kRemovedPlugins[] = {"AzureDiskLimits", "CinderLimits", "EBSLimits",
                                                "GCEPDLimits"};
bool IsRemovedPlugin(std::string_view name) {
  for (auto p : kRemovedPlugins) {
    if (p == name) return true;
  }
  return false;
}
std::string RemovedDetail(std::string_view api_version) {
  // Upstream's table names the version as core v1's SchemeGroupVersion: "v1".
  return "was invalid in version \"v1\" (KubeSchedulerConfiguration is version " +
         Q(api_version) + ")";
}

std::vector<std::string> ValidateProfile(const std::string& path, const std::string& api_version,
                                         const KubeSchedulerProfile& prof,
                                         const SchedulerFeatures& f) {
  std::vector<std::string> errs;
  if (prof.scheduler_name.value_or("").empty()) errs.push_back(Required(Child(path,
      "schedulerName"), ""));
  Append(&errs, ValidatePercentage(Child(path, "percentageOfNodesToScore"),
                                   prof.percentage_of_nodes_to_score));
  if (prof.plugins) {
    // Upstream walks a map of the extension points (random order); the multiPoint,
    // placement sets are not checked.
    for (size_t e = 0; e < kExtensionPoints.size(); ++e) {
      if (e == kMultiPoint || e == kPlacementGenerate || e == kPlacementScore) continue;
      const PluginSet& s = prof.plugins->sets[e];
      for (size_t i = 0; i < s.enabled.size(); ++i) {
        if (IsRemovedPlugin(s.enabled[i].name)) {
          errs.push_back(Invalid(Index(Child(Child(Child(path, "plugins"), kExtensionPoints[e]),
                                             "enabled"), i),
                                 Q(s.enabled[i].name), RemovedDetail(api_version)));
        }
      }
    }
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < prof.plugin_config.size(); ++i) {
    const PluginConfig& pc = prof.plugin_config[i];
    std::string p = Index(Child(path, "pluginConfig"), i);
    if (!seen.insert(pc.name).second) errs.push_back(Duplicate(p, Q(pc.name)));
    if (IsRemovedPlugin(pc.name)) {
      errs.push_back(Invalid(p, Q(pc.name), RemovedDetail(api_version)));
      continue;
    }
    std::string ap = Child(p, "args");
    const PluginArgs& a = pc.args;
    // Upstream compares the args' Go type with the validator's (nil args never match).
    auto mismatch = [&] {
      errs.push_back(Invalid(ap, std::holds_alternative<std::monostate>(a) ? "null" : "{}",
                             "has to match plugin args"));
    };
    if (pc.name == "DefaultPreemption") {
      if (auto* x = std::get_if<DefaultPreemptionArgs>(&a)) {
        Append(&errs, ValidateDefaultPreemptionArgs(ap, *x));
      } else {
        mismatch();
      }
    } else if (pc.name == "InterPodAffinity") {
      if (auto* x = std::get_if<InterPodAffinityArgs>(&a)) {
        Append(&errs, ValidateInterPodAffinityArgs(ap, *x));
      } else {
        mismatch();
      }
    } else if (pc.name == "NodeAffinity") {
      if (auto* x = std::get_if<NodeAffinityArgs>(&a)) {
        Append(&errs, ValidateNodeAffinityArgs(ap, *x));
      } else {
        mismatch();
      }
    } else if (pc.name == "NodeResourcesBalancedAllocation") {
      if (auto* x = std::get_if<NodeResourcesBalancedAllocationArgs>(&a)) {
        Append(&errs, ValidateNodeResourcesBalancedAllocationArgs(ap, *x));
      } else {
        mismatch();
      }
    } else if (pc.name == "PodTopologySpread") {
      if (auto* x = std::get_if<PodTopologySpreadArgs>(&a)) {
        Append(&errs, ValidatePodTopologySpreadArgs(ap, *x));
      } else {
        mismatch();
      }
    } else if (pc.name == "VolumeBinding") {
      if (auto* x = std::get_if<VolumeBindingArgs>(&a)) {
        Append(&errs, ValidateVolumeBindingArgs(ap, *x, f.storage_capacity_scoring));
      } else {
        mismatch();
      }
    } else if (pc.name == "DynamicResources") {
      if (auto* x = std::get_if<DynamicResourcesArgs>(&a)) {
        Append(&errs, ValidateDynamicResourcesArgs(ap, *x, f));
      } else {
        mismatch();
      }
    }
  }
  return errs;
}

std::vector<std::string> ValidateCommonQueueSort(const std::string& path,
                                                 const std::vector<KubeSchedulerProfile>& profiles) {
  std::vector<std::string> errs;
  PluginSet canon;
  std::string queue_sort_name;
  const PluginArgs* queue_sort_args = nullptr;
  if (profiles[0].plugins) {
    canon = (*profiles[0].plugins)[kQueueSort];
    if (!canon.enabled.empty()) queue_sort_name = canon.enabled[0].name;
    if (canon.enabled.size() > 1) {
      errs.push_back(Invalid(Child(Child(Child(Index(path, 0), "plugins"), "queueSort"), "Enabled"),
                             N(static_cast<int64_t>(canon.enabled.size())),
                             "only one queue sort plugin can be enabled"));
    }
  }
  for (const auto& pc : profiles[0].plugin_config) {
    if (!queue_sort_name.empty() && pc.name == queue_sort_name) queue_sort_args = &pc.args;
  }
  // Semantic.DeepEqual on the internal type: nil weight is 0, nil and empty lists equal.
  auto same = [](const PluginSet& a, const PluginSet& b) {
    auto eq = [](const std::vector<Plugin>& x, const std::vector<Plugin>& y) {
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (x[i].name != y[i].name || x[i].weight.value_or(0) != y[i].weight.value_or(0)) {
          return false;
        }
      }
      return true;
    };
    return eq(a.enabled, b.enabled) && eq(a.disabled, b.disabled);
  };
  for (size_t i = 1; i < profiles.size(); ++i) {
    PluginSet curr;
    if (profiles[i].plugins) curr = (*profiles[i].plugins)[kQueueSort];
    if (!same(canon, curr)) {
      errs.push_back(Invalid(Child(Child(Index(path, i), "plugins"), "queueSort"),
                             InternalPluginSetJson(curr), "must be the same for all profiles"));
    }
    for (const auto& pc : profiles[i].plugin_config) {
      if (pc.name != queue_sort_name) continue;
      bool equal = queue_sort_args ? *queue_sort_args == pc.args
                                   : std::holds_alternative<std::monostate>(pc.args);
      if (!equal) {
        // No queue sort plugin of the tree has args; the value prints as JSON of the args.
        const auto* raw = std::get_if<UnknownArgs>(&pc.args);
        errs.push_back(Invalid(Child(Child(Index(path, i), "pluginConfig"), "args"),
                               raw ? raw->json : "null",
                                   "queueSort must be the same for all profiles"));
      }
    }
  }
  return errs;
}

bool IsExtendedResourceName(const std::string& name) {
  // v1helper.IsExtendedResourceName: not kubernetes.io/ native, not requests.-prefixed,
  // and "requests.<name>" a qualified name; it must contain a '/'.
  if (name.find('/') == std::string::npos) return false;
  if (name.rfind("requests.", 0) == 0) return false;
  std::string prefix = name.substr(0, name.find('/'));
  if (prefix == "kubernetes.io" ||
      (prefix.size() > 14 && prefix.compare(prefix.size() - 14, 14, ".kubernetes.io") == 0)) {
    return false;
  }
  return api::QualifiedNameErrors("requests." + name).empty();
}

std::vector<std::string> ValidateExtenders(const std::string& path,
                                           const std::vector<Extender>& extenders) {
  std::vector<std::string> errs;
  int binders = 0;
  std::set<std::string> managed;
  for (size_t i = 0; i < extenders.size(); ++i) {
    const Extender& e = extenders[i];
    std::string p = Index(path, i);
    if (!e.prioritize_verb.empty() && e.weight <= 0) {
      errs.push_back(Invalid(Child(p, "weight"), N(e.weight),
                             "must have a positive weight applied to it"));
    }
    if (!e.bind_verb.empty()) ++binders;
    for (size_t j = 0; j < e.managed_resources.size(); ++j) {
      const std::string& name = e.managed_resources[j].name;
      std::string np = Child(Index(Child(p, "managedResources"), j), "name");
      std::vector<std::string> name_errs = LabelNameErrors(np, name);
      if (name_errs.empty() && !IsExtendedResourceName(name)) {
        name_errs.push_back(Invalid(np, Q(name), "is an invalid extended resource name"));
      }
      Append(&errs, name_errs);
      if (!managed.insert(name).second) {
        errs.push_back(Invalid(np, Q(name), "duplicate extender managed resource name"));
      }
    }
  }
  if (binders > 1) {
    errs.push_back(Invalid(path,
        Q("found " + std::to_string(binders) + " extenders implementing bind"),
                           "only one extender can implement bind"));
  }
  return errs;
}

}  // namespace

std::vector<std::string> ValidationErrors(const KubeSchedulerConfiguration& c,
                                          const SchedulerFeatures& f) {
  std::vector<std::string> errs;
  if (c.client_connection.burst < 0) {
    errs.push_back(Invalid("clientConnection.burst", N(c.client_connection.burst),
        "must be non-negative"));
  }
  const LeaderElectionConfiguration& le = c.leader_election;
  bool leader_elect = le.leader_elect.value_or(false);
  if (leader_elect) {
    if (le.lease_duration <= 0) {
      errs.push_back(Invalid("leaderElection.leaseDuration", DurationJson(le.lease_duration),
          "must be greater than zero"));
    }
    if (le.renew_deadline <= 0) {
      errs.push_back(Invalid("leaderElection.renewDeadline", DurationJson(le.renew_deadline),
          "must be greater than zero"));
    }
    if (le.retry_period <= 0) {
      errs.push_back(Invalid("leaderElection.retryPeriod", DurationJson(le.retry_period),
          "must be greater than zero"));
    }
    if (le.lease_duration <= le.renew_deadline) {
      errs.push_back(Invalid("leaderElection.leaseDuration", DurationJson(le.renew_deadline),
                             "must be greater than `RenewDeadline`"));
    }
    if (le.resource_lock.empty()) errs.push_back(Required("leaderElection.resourceLock", ""));
    if (le.resource_namespace.empty()) errs.push_back(Required("leaderElection.resourceNamespace",
        ""));
    if (le.resource_name.empty()) errs.push_back(Required("leaderElection.resourceName", ""));
    if (le.resource_lock != "leases") {
      errs.push_back(Invalid("leaderElection.resourceLock", Q(le.resource_lock),
                             "resourceLock value must be \"leases\""));
    }
  }
  int32_t parallelism = c.parallelism.value_or(0);
  if (parallelism <= 0) {
    errs.push_back(Invalid("parallelism", N(parallelism),
        "should be an integer value greater than zero"));
  }
  if (c.profiles.empty()) {
    errs.push_back(Required("profiles", ""));
  } else {
    std::map<std::string, size_t> existing;
    for (size_t i = 0; i < c.profiles.size(); ++i) {
      std::string p = Index("profiles", i);
      Append(&errs, ValidateProfile(p, c.api_version, c.profiles[i], f));
      std::string name = c.profiles[i].scheduler_name.value_or("");
      if (existing.count(name)) errs.push_back(Duplicate(Child(p, "schedulerName"), "{}"));
      existing[name] = i;
    }
    Append(&errs, ValidateCommonQueueSort("profiles", c.profiles));
  }
  Append(&errs, ValidatePercentage("percentageOfNodesToScore", c.percentage_of_nodes_to_score));
  int64_t initial = c.pod_initial_backoff_seconds.value_or(0);
  int64_t max = c.pod_max_backoff_seconds.value_or(0);
  if (initial <= 0) errs.push_back(Invalid("podInitialBackoffSeconds", N(initial),
      "must be greater than 0"));
  if (max < initial) {
    errs.push_back(Invalid("podMaxBackoffSeconds", N(max),
                           "must be greater than or equal to PodInitialBackoffSeconds"));
  }
  Append(&errs, ValidateExtenders("extenders", c.extenders));
  return errs;
}

std::string AggregateMessage(const std::vector<std::string>& errs) {
  std::vector<std::string> unique;
  std::set<std::string> seen;
  for (const auto& e : errs) {
    if (seen.insert(e).second) unique.push_back(e);
  }
  if (unique.empty()) return "";
  if (unique.size() == 1) return unique[0];
  std::string out = "[";
  for (size_t i = 0; i < unique.size(); ++i) {
    if (i > 0) out += ", ";
    out += unique[i];
  }
  return out + "]";
}

Status Validate(const KubeSchedulerConfiguration& cfg, const SchedulerFeatures& features) {
  std::string msg = AggregateMessage(ValidationErrors(cfg, features));
  if (msg.empty()) return Status::Ok();
  return Status::Invalid(msg);
}

}  // namespace kubecxx::scheduler::config
