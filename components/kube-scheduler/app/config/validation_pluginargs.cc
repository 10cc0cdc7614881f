// The plugin args validators (upstream validation_pluginargs.go).
#include "components/kube-scheduler/app/config/field_errors.h"
#include "components/kube-scheduler/app/config/validation.h"

#include <optional>
#include <set>

namespace kubecxx::scheduler::config {
namespace {

using namespace field;  // NOLINT: the field.Error vocabulary

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
    errs.push_back(Invalid(pp, N(pct),
        "cannot be zero at the same time as minCandidateNodesAbsolute"));
    errs.push_back(Invalid(ap, N(abs),
        "cannot be zero at the same time as minCandidateNodesPercentage"));
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
      errs.push_back(NotSupported(wp, Q(c.when_unsatisfiable), {"DoNotSchedule",
          "ScheduleAnyway"}));
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
    if (!seen.insert(r.name).second) errs.push_back(Duplicate(Child(Index(rp, i), "name"),
        Q(r.name)));
    if (r.weight != 1) errs.push_back(Invalid(Child(Index(rp, i), "weight"), N(r.weight),
        "must be 1"));
  }
  return errs;
}

std::vector<std::string> ValidateNodeAffinityArgs(const std::string& path,
                                                  const NodeAffinityArgs& a) {
  std::vector<std::string> errs;
  if (!a.added_affinity) return errs;
  std::string ap = Child(path, "addedAffinity");
  if (const auto& ns = a.added_affinity->required_during_scheduling_ignored_during_execution) {
    std::string p = Child(Child(ap, "requiredDuringSchedulingIgnoredDuringExecution"),
        "nodeSelectorTerms");
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
    Append(&errs, ValidateShape(Child(path, "shape"),
        a.shape.value_or(std::vector<UtilizationShapePoint>{})));
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
    Append(&errs, LabelNameErrors(Index(Child(path, "ignoredResources"), i),
        a.ignored_resources[i]));
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

}  // namespace kubecxx::scheduler::config
