#include "components/kube-scheduler/app/config/validation.h"

#include <map>
#include <set>

#include "lib/api/go_strconv.h"
#include "lib/api/labels.h"
#include "lib/api/time.h"
#include "lib/codec/json_writer.h"

namespace kubecxx::scheduler::config {
namespace {

constexpr int64_t kSecond = 1'000'000'000;

// field.Path rendering: the root is "", children join with '.'.
std::string Child(const std::string& path, std::string_view name) {
  return path.empty() ? std::string(name) : path + "." + std::string(name);
}
std::string Index(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

// field.Error texts. Values are pre-rendered as ErrorBody prints them.
std::string Invalid(const std::string& path, const std::string& value, std::string_view detail) {
  std::string s = path + ": Invalid value: " + value;
  if (!detail.empty()) s += ": " + std::string(detail);
  return s;
}
std::string Required(const std::string& path, std::string_view detail) {
  std::string s = path + ": Required value";
  if (!detail.empty()) s += ": " + std::string(detail);
  return s;
}
std::string Duplicate(const std::string& path, const std::string& value) {
  return path + ": Duplicate value: " + value;
}
std::string Forbidden(const std::string& path, std::string_view detail) {
  return path + ": Forbidden: " + std::string(detail);
}
std::string NotSupported(const std::string& path, const std::string& value,
                         const std::vector<std::string>& valid) {
  std::string s = path + ": Unsupported value: " + value;
  if (!valid.empty()) {
    s += ": supported values: ";
    for (size_t i = 0; i < valid.size(); ++i) {
      if (i > 0) s += ", ";
      s += api::GoQuote(valid[i]);
    }
  }
  return s;
}

std::string Q(std::string_view s) { return api::GoQuote(s); }
std::string N(int64_t v) { return std::to_string(v); }
// metav1.Duration as json.Marshal writes it.
std::string DurationJson(int64_t nanos) { return "\"" + api::FormatGoDuration(nanos) + "\""; }

std::string JsonString(std::string_view s) {
  std::string out;
  codec::AppendJsonQuoted(&out, s);
  return out;
}

std::string JsonStrings(const std::vector<std::string>& v) {
  if (v.empty()) return "null";
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ",";
    codec::AppendJsonQuoted(&out, v[i]);
  }
  return out + "]";
}

// The internal config.PluginSet as json.Marshal prints it (no json tags).
std::string InternalPluginSetJson(const PluginSet& s) {
  auto list = [](const std::vector<Plugin>& v) {
    if (v.empty()) return std::string("null");
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) {
      if (i > 0) out += ",";
      out += "{\"Name\":" + JsonString(v[i].name) +
             ",\"Weight\":" + std::to_string(v[i].weight.value_or(0)) + "}";
    }
    return out + "]";
  };
  return "{\"Enabled\":" + list(s.enabled) + ",\"Disabled\":" + list(s.disabled) + "}";
}

std::string InternalShapeJson(const std::vector<UtilizationShapePoint>& v) {
  if (v.empty()) return "[]";
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ",";
    out += "{\"Utilization\":" + N(v[i].utilization) + ",\"Score\":" + N(v[i].score) + "}";
  }
  return out + "]";
}

void Append(std::vector<std::string>* out, std::vector<std::string> more) {
  out->insert(out->end(), more.begin(), more.end());
}

std::vector<std::string> LabelNameErrors(const std::string& path, const std::string& name) {
  std::vector<std::string> errs;
  for (const std::string& msg : api::QualifiedNameErrors(name)) {
    errs.push_back(Invalid(path, Q(name), msg));
  }
  return errs;
}

std::optional<api::SelectorOperator> NodeSelectorOp(const std::string& op) {
  if (op == "In") return api::SelectorOperator::kIn;
  if (op == "NotIn") return api::SelectorOperator::kNotIn;
  if (op == "Exists") return api::SelectorOperator::kExists;
  if (op == "DoesNotExist") return api::SelectorOperator::kDoesNotExist;
  if (op == "Gt") return api::SelectorOperator::kGreaterThan;
  if (op == "Lt") return api::SelectorOperator::kLessThan;
  return std::nullopt;
}

// nodeaffinity's newNodeSelectorTerm parse errors under `path`.
std::vector<std::string> NodeSelectorTermErrors(const std::string& path,
                                                const api::core::v1::NodeSelectorTerm& term) {
  std::vector<std::string> errs;
  const std::string exprs = Child(path, "matchExpressions");
  for (size_t i = 0; i < term.match_expressions.size(); ++i) {
    const auto& e = term.match_expressions[i];
    std::string p = Index(exprs, i);
    auto op = NodeSelectorOp(e.operator_);
    if (!op) {
      errs.push_back(NotSupported(Child(p, "operator"), Q(e.operator_),
                                  {"In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"}));
      continue;
    }
    // labels.NewRequirement's aggregate is flattened into the list by the caller.
    for (const std::string& r : api::LabelRequirementErrors(e.key, *op, e.values)) {
      errs.push_back(p + "." + r);
    }
  }
  const std::string fields = Child(path, "matchFields");
  for (size_t i = 0; i < term.match_fields.size(); ++i) {
    const auto& e = term.match_fields[i];
    std::string p = Index(fields, i);
    if (e.operator_ == "In" || e.operator_ == "NotIn") {
      if (e.values.size() != 1) {
        errs.push_back(Invalid(Child(p, "values"), JsonStrings(e.values), "must have one element"));
      }
    } else {
      errs.push_back(NotSupported(Child(p, "operator"), Q(e.operator_), {"In", "NotIn"}));
    }
  }
  return errs;
}

bool IsEmptyTerm(const api::core::v1::NodeSelectorTerm& t) {
  return t.match_expressions.empty() && t.match_fields.empty();
}

std::vector<std::string> ValidateShape(const std::string& path,
                                       const std::vector<UtilizationShapePoint>& shape) {
  std::vector<std::string> errs;
  if (shape.empty()) {
    errs.push_back(Required(path, "at least one point must be specified"));
    return errs;
  }
  for (size_t i = 1; i < shape.size(); ++i) {
    if (shape[i - 1].utilization >= shape[i].utilization) {
      errs.push_back(Invalid(Child(Index(path, i), "utilization"), N(shape[i].utilization),
                             "values must be sorted in increasing order"));
      break;
    }
  }
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i].utilization < 0 || shape[i].utilization > 100) {
      errs.push_back(Invalid(Child(Index(path, i), "utilization"), N(shape[i].utilization),
                             "not in valid range [0, 100]"));
    }
    if (shape[i].score < 0 || shape[i].score > 10) {
      errs.push_back(Invalid(Child(Index(path, i), "score"), N(shape[i].score),
                             "not in valid range [0, 10]"));
    }
  }
  return errs;
}

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
  if (prof.scheduler_name.value_or("").empty()) errs.push_back(Required(Child(path, "schedulerName"), ""));
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
                               raw ? raw->json : "null", "queueSort must be the same for all profiles"));
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
    errs.push_back(Invalid(path, Q("found " + std::to_string(binders) + " extenders implementing bind"),
                           "only one extender can implement bind"));
  }
  return errs;
}

}  // namespace

std::vector<std::string> ValidateDefaultPreemptionArgs(const std::string& path,
                                                       const DefaultPreemptionArgs& a) {
  std::vector<std::string> errs;
  std::string pp = Child(path, "minCandidateNodesPercentage");
  std::string ap = Child(path, "minCandidateNodesAbsolute");
  int32_t pct = a.min_candidate_nodes_percentage.value_or(0);
  int32_t abs = a.min_candidate_nodes_absolute.value_or(0);
  if (pct < 0 || pct > 100) errs.push_back(Invalid(pp, N(pct), "not in valid range [0, 100]"));
  if (abs < 0) errs.push_back(Invalid(ap, N(abs), "not in valid range [0, inf)"));
  if (pct == 0 && abs == 0) {
    errs.push_back(Invalid(pp, N(pct), "cannot be zero at the same time as minCandidateNodesAbsolute"));
    errs.push_back(Invalid(ap, N(abs), "cannot be zero at the same time as minCandidateNodesPercentage"));
  }
  return errs;
}

std::vector<std::string> ValidateInterPodAffinityArgs(const std::string& path,
                                                      const InterPodAffinityArgs& a) {
  int32_t w = a.hard_pod_affinity_weight.value_or(0);
  if (w < 0 || w > 100) {
    return {Invalid(Child(path, "hardPodAffinityWeight"), N(w), "not in valid range [0, 100]")};
  }
  return {};
}

std::vector<std::string> ValidatePodTopologySpreadArgs(const std::string& path,
                                                       const PodTopologySpreadArgs& a) {
  std::vector<std::string> errs;
  std::string tp = Child(path, "defaultingType");
  if (a.defaulting_type != "System" && a.defaulting_type != "List") {
    errs.push_back(NotSupported(tp, Q(a.defaulting_type), {"System", "List"}));
  } else if (a.defaulting_type == "System" && !a.default_constraints.empty()) {
    errs.push_back(Invalid(tp, Q(a.defaulting_type), "when .defaultConstraints are not empty"));
  }
  std::string cp = Child(path, "defaultConstraints");
  for (size_t i = 0; i < a.default_constraints.size(); ++i) {
    const auto& c = a.default_constraints[i];
    std::string p = Index(cp, i);
    if (c.max_skew <= 0) {
      errs.push_back(Invalid(Child(p, "maxSkew"), N(c.max_skew), "not in valid range (0, inf)"));
    }
    if (c.topology_key.empty()) {
      errs.push_back(Required(Child(p, "topologyKey"), "can not be empty"));
    } else {
      Append(&errs, LabelNameErrors(Child(p, "topologyKey"), c.topology_key));
    }
    std::string wp = Child(p, "whenUnsatisfiable");
    if (c.when_unsatisfiable.empty()) {
      errs.push_back(Required(wp, "can not be empty"));
    } else if (c.when_unsatisfiable != "DoNotSchedule" && c.when_unsatisfiable != "ScheduleAnyway") {
      errs.push_back(NotSupported(wp, Q(c.when_unsatisfiable), {"DoNotSchedule", "ScheduleAnyway"}));
    }
    if (c.label_selector) {
      errs.push_back(Forbidden(Child(p, "labelSelector"),
                               "constraint must not define a selector, as they deduced for each pod"));
    }
    for (size_t j = 0; j < i; ++j) {
      const auto& o = a.default_constraints[j];
      if (c.topology_key == o.topology_key && c.when_unsatisfiable == o.when_unsatisfiable) {
        errs.push_back(Duplicate(p, Q("{" + c.topology_key + ", " + c.when_unsatisfiable + "}")));
        break;
      }
    }
  }
  return errs;
}

std::vector<std::string> ValidateNodeResourcesBalancedAllocationArgs(
    const std::string& path, const NodeResourcesBalancedAllocationArgs& a) {
  std::vector<std::string> errs;
  std::set<std::string> seen;
  std::string rp = Child(path, "resources");
  for (size_t i = 0; i < a.resources.size(); ++i) {
    const auto& r = a.resources[i];
    if (!seen.insert(r.name).second) errs.push_back(Duplicate(Child(Index(rp, i), "name"), Q(r.name)));
    if (r.weight != 1) errs.push_back(Invalid(Child(Index(rp, i), "weight"), N(r.weight), "must be 1"));
  }
  return errs;
}

std::vector<std::string> ValidateNodeAffinityArgs(const std::string& path,
                                                  const NodeAffinityArgs& a) {
  std::vector<std::string> errs;
  if (!a.added_affinity) return errs;
  std::string ap = Child(path, "addedAffinity");
  if (const auto& ns = a.added_affinity->required_during_scheduling_ignored_during_execution) {
    std::string p = Child(Child(ap, "requiredDuringSchedulingIgnoredDuringExecution"), "nodeSelectorTerms");
    for (size_t i = 0; i < ns->node_selector_terms.size(); ++i) {
      if (IsEmptyTerm(ns->node_selector_terms[i])) continue;
      Append(&errs, NodeSelectorTermErrors(Index(p, i), ns->node_selector_terms[i]));
    }
  }
  const auto& terms = a.added_affinity->preferred_during_scheduling_ignored_during_execution;
  std::string pp = Child(ap, "preferredDuringSchedulingIgnoredDuringExecution");
  for (size_t i = 0; i < terms.size(); ++i) {
    if (terms[i].weight == 0 || IsEmptyTerm(terms[i].preference)) continue;
    Append(&errs, NodeSelectorTermErrors(Index(pp, i), terms[i].preference));
  }
  return errs;
}

std::vector<std::string> ValidateVolumeBindingArgs(const std::string& path,
                                                   const VolumeBindingArgs& a,
                                                   bool allow_storage_capacity_scoring) {
  std::vector<std::string> errs;
  int64_t t = a.bind_timeout_seconds.value_or(0);
  if (t < 0) {
    errs.push_back(Invalid(Child(path, "bindTimeoutSeconds"), N(t),
                           "invalid BindTimeoutSeconds, should not be a negative value"));
  }
  if (allow_storage_capacity_scoring) {
    Append(&errs, ValidateShape(Child(path, "shape"), a.shape.value_or(std::vector<UtilizationShapePoint>{})));
  } else if (a.shape) {
    errs.push_back(Invalid(Child(path, "shape"), InternalShapeJson(*a.shape),
                           "unexpected field `shape`, remove it or turn on the feature gate "
                           "StorageCapacityScoring"));
  }
  return errs;
}

std::vector<std::string> ValidateNodeResourcesFitArgs(const std::string& path,
                                                      const NodeResourcesFitArgs& a) {
  std::vector<std::string> errs;
  for (size_t i = 0; i < a.ignored_resources.size(); ++i) {
    Append(&errs, LabelNameErrors(Index(Child(path, "ignoredResources"), i), a.ignored_resources[i]));
  }
  for (size_t i = 0; i < a.ignored_resource_groups.size(); ++i) {
    std::string p = Index(Child(path, "ignoredResourceGroups"), i);
    const std::string& g = a.ignored_resource_groups[i];
    if (g.find('/') != std::string::npos) {
      errs.push_back(Invalid(p, Q(g), "resource group name can't contain '/'"));
    }
    Append(&errs, LabelNameErrors(p, g));
  }
  std::string sp = Child(path, "scoringStrategy");
  if (!a.scoring_strategy) {
    errs.push_back(Required(sp, "ScoringStrategy field is required"));
    return errs;
  }
  const ScoringStrategy& s = *a.scoring_strategy;
  if (s.type != "LeastAllocated" && s.type != "MostAllocated" &&
      s.type != "RequestedToCapacityRatio") {
    errs.push_back(NotSupported(Child(sp, "type"), Q(s.type),
                                {"LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"}));
  }
  for (size_t i = 0; i < s.resources.size(); ++i) {
    const auto& r = s.resources[i];
    if (r.weight <= 0 || r.weight > 100) {
      errs.push_back(Invalid(Child(Index(Child(sp, "resources"), i), "weight"), N(r.weight),
                             "resource weight of " + r.name + " not in valid range (0, 100]"));
    }
  }
  std::string rp = Child(sp, "requestedToCapacityRatio");
  if (s.type == "RequestedToCapacityRatio") {
    if (!s.requested_to_capacity_ratio) {
      errs.push_back(Required(rp, "must be specified when type is RequestedToCapacityRatio"));
    } else {
      Append(&errs, ValidateShape(Child(rp, "shape"), s.requested_to_capacity_ratio->shape));
    }
  } else if (s.requested_to_capacity_ratio) {
    errs.push_back(Forbidden(rp, "must be nil when type is not RequestedToCapacityRatio"));
  }
  return errs;
}

std::vector<std::string> ValidateDynamicResourcesArgs(const std::string& path,
                                                      const DynamicResourcesArgs& a,
                                                      const SchedulerFeatures& f) {
  std::vector<std::string> errs;
  if (f.dra_scheduler_filter_timeout) {
    if (a.filter_timeout && *a.filter_timeout < 0) {
      errs.push_back(Invalid(Child(path, "filterTimeout"), DurationJson(*a.filter_timeout),
                             "must be zero or positive"));
    }
  } else if (a.filter_timeout) {
    errs.push_back(Forbidden(Child(path, "filterTimeout"),
                             "DRASchedulingFilterTimeout feature gate is disabled"));
  }
  if (f.dra_device_binding_conditions && f.dra_resource_claim_device_status) {
    if (a.binding_timeout && *a.binding_timeout < kSecond) {
      errs.push_back(Invalid(Child(path, "bindingTimeout"), DurationJson(*a.binding_timeout),
                             "must be at least 1 second"));
    }
  } else if (a.binding_timeout) {
    errs.push_back(Forbidden(Child(path, "bindingTimeout"),
                             "DRADeviceBindingConditions or DRAResourceClaimDeviceStatus feature "
                             "gate is disabled"));
  }
  return errs;
}

std::vector<std::string> ValidationErrors(const KubeSchedulerConfiguration& c,
                                          const SchedulerFeatures& f) {
  std::vector<std::string> errs;
  if (c.client_connection.burst < 0) {
    errs.push_back(Invalid("clientConnection.burst", N(c.client_connection.burst), "must be non-negative"));
  }
  const LeaderElectionConfiguration& le = c.leader_election;
  bool leader_elect = le.leader_elect.value_or(false);
  if (leader_elect) {
    if (le.lease_duration <= 0) {
      errs.push_back(Invalid("leaderElection.leaseDuration", DurationJson(le.lease_duration), "must be greater than zero"));
    }
    if (le.renew_deadline <= 0) {
      errs.push_back(Invalid("leaderElection.renewDeadline", DurationJson(le.renew_deadline), "must be greater than zero"));
    }
    if (le.retry_period <= 0) {
      errs.push_back(Invalid("leaderElection.retryPeriod", DurationJson(le.retry_period), "must be greater than zero"));
    }
    if (le.lease_duration <= le.renew_deadline) {
      errs.push_back(Invalid("leaderElection.leaseDuration", DurationJson(le.renew_deadline),
                             "must be greater than `RenewDeadline`"));
    }
    if (le.resource_lock.empty()) errs.push_back(Required("leaderElection.resourceLock", ""));
    if (le.resource_namespace.empty()) errs.push_back(Required("leaderElection.resourceNamespace", ""));
    if (le.resource_name.empty()) errs.push_back(Required("leaderElection.resourceName", ""));
    if (le.resource_lock != "leases") {
      errs.push_back(Invalid("leaderElection.resourceLock", Q(le.resource_lock),
                             "resourceLock value must be \"leases\""));
    }
  }
  int32_t parallelism = c.parallelism.value_or(0);
  if (parallelism <= 0) {
    errs.push_back(Invalid("parallelism", N(parallelism), "should be an integer value greater than zero"));
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
  if (initial <= 0) errs.push_back(Invalid("podInitialBackoffSeconds", N(initial), "must be greater than 0"));
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
