// Shared workload rules and StatefulSet (pkg/apis/apps/validation ValidateStatefulSetSpec,
// ValidatePodTemplateSpecForReplicaSet / ...ForStatefulSet).
#include "lib/apiserver/validation/workloads.h"

#include "lib/apiserver/validation/meta.h"
#include "lib/apiserver/validation/pod.h"

namespace kubecxx::apiserver::validation::internal {
namespace {

namespace apps = api::apps::v1;

void SelectorRequiredAndValid(Errors* out, const metav1::LabelSelector* selector,
                              std::string_view what, const Path& p) {
  if (selector == nullptr) {
    out->push_back(Required(p));
    return;
  }
  ValidateLabelSelector(out, selector, p);
  if (selector->match_labels.empty() && selector->match_expressions.empty()) {
    out->push_back(Invalid(p, ToJson(*selector), "empty selector is invalid for " + std::string(what)));
  }
}

// The template-labels check of ValidatePodTemplateSpecFor*: *valid false when the selector
// does not convert (the caller reports it).
void TemplateLabelsMatch(Errors* out, const metav1::LabelSelector* selector,
                         const core::PodTemplateSpec& t, const Path& template_path, bool* valid) {
  bool empty = false;
  bool matches = SelectorMatches(selector, t.object_meta.labels, valid, &empty);
  if (*valid && !empty && !matches) {
    out->push_back(Invalid(template_path.Child("metadata").Child("labels"),
                           JsonOfMap(t.object_meta.labels),
                           "`selector` does not match template `labels`"));
  }
}

void StatefulSetSpec(Errors* out, const apps::StatefulSetSpec& s, const Path& p, bool update) {
  if (s.pod_management_policy.empty()) {
    out->push_back(Required(p.Child("podManagementPolicy")));
  } else if (s.pod_management_policy != "OrderedReady" && s.pod_management_policy != "Parallel") {
    out->push_back(InvalidStr(p.Child("podManagementPolicy"), s.pod_management_policy,
                              "must be 'OrderedReady' or 'Parallel'"));
  }
  const auto& us = s.update_strategy;
  auto rolling_json = [&]() {
    const auto& ru = *us.rolling_update;
    std::string mu = "null";
    if (ru.max_unavailable) {
      mu = ru.max_unavailable->type == 0 ? std::to_string(ru.max_unavailable->int_val)
                                         : QuoteJson(ru.max_unavailable->str_val);
    }
    return "{\"Partition\":" + std::to_string(ru.partition.value_or(0)) + ",\"MaxUnavailable\":" + mu + "}";
  };
  Path up = p.Child("updateStrategy");
  if (us.type.empty()) {
    out->push_back(Required(up));
  } else if (us.type == "OnDelete") {
    if (us.rolling_update) {
      out->push_back(Invalid(up.Child("rollingUpdate"), rolling_json(),
                             "only allowed for updateStrategy 'RollingUpdate'"));
    }
  } else if (us.type == "RollingUpdate") {
    if (us.rolling_update) {
      Path rp = up.Child("rollingUpdate");
      NonNegative(out, rp.Child("partition"), us.rolling_update->partition.value_or(0));
      if (const auto& mu = us.rolling_update->max_unavailable) {
        Path mp = rp.Child("maxUnavailable");
        std::string json = mu->type == 0 ? std::to_string(mu->int_val) : QuoteJson(mu->str_val);
        int value = mu->type == 0 ? mu->int_val : 0;
        if (mu->type == 1) {
          for (const auto& m : IsValidPercent(mu->str_val)) out->push_back(Invalid(mp, json, m));
          if (IsValidPercent(mu->str_val).empty()) value = std::stoi(mu->str_val);
        } else {
          NonNegative(out, mp, mu->int_val);
        }
        if (value == 0) out->push_back(Invalid(mp, json, "cannot be 0"));
        if (mu->type == 1 && IsValidPercent(mu->str_val).empty() && value > 100) {
          out->push_back(Invalid(mp, json, "must not be greater than 100%"));
        }
      }
    }
  } else {
    std::string ru = us.rolling_update ? rolling_json() : "null";
    out->push_back(Invalid(up, "{\"Type\":" + QuoteJson(us.type) + ",\"RollingUpdate\":" + ru + "}",
                           "must be 'RollingUpdate' or 'OnDelete'"));
  }
  if (const auto& rp = s.persistent_volume_claim_retention_policy) {
    for (auto [v, name] : {std::pair{&rp->when_deleted, "whenDeleted"}, {&rp->when_scaled, "whenScaled"}}) {
      if (*v != "Retain" && *v != "Delete") {
        out->push_back(NotSupported(p.Child("persistentVolumeClaimRetentionPolicy").Child(name), *v,
                                    {"Retain", "Delete"}));
      }
    }
  }
  NonNegative(out, p.Child("replicas"), s.replicas.value_or(0));
  NonNegative(out, p.Child("minReadySeconds"), s.min_ready_seconds);
  if (s.ordinals) NonNegative(out, p.Child("ordinals.start"), s.ordinals->start);
  if (!update && !s.service_name.empty()) {
    AppendInvalid(out, p.Child("serviceName"), s.service_name, IsDNS1123Label(s.service_name));
  }
  if (!s.selector) {
    out->push_back(Required(p.Child("selector")));
  } else {
    ValidateLabelSelector(out, s.selector.get(), p.Child("selector"));
    if (s.selector->match_labels.empty() && s.selector->match_expressions.empty()) {
      out->push_back(Invalid(p.Child("selector"), ToJson(*s.selector), "empty selector is invalid for statefulset"));
    }
  }
  bool valid = true;
  Path tp = p.Child("template");
  core::PodTemplateSpec t = s.template_;
  t.spec.hostname.clear();
  t.spec.subdomain.clear();
  for (const auto& pvc : s.volume_claim_templates) {
    bool present = false;
    for (const auto& v : t.spec.volumes) present = present || v.name == pvc.object_meta.name;
    if (!present) {
      core::Volume v;
      v.name = pvc.object_meta.name;
      v.volume_source.persistent_volume_claim.emplace();
      v.volume_source.persistent_volume_claim->claim_name = pvc.object_meta.name;
      t.spec.volumes.insert(t.spec.volumes.begin(), std::move(v));
    }
  }
  TemplateLabelsMatch(out, s.selector.get(), t, tp, &valid);
  if (!valid) {
    out->push_back(Invalid(p.Child("selector"), ToJson(*s.selector), ""));
  } else {
    ValidatePodTemplateSpec(out, t, tp);
    ValidateLabels(out, t.object_meta.labels, tp.Child("labels"));
    ValidateAnnotations(out, t.object_meta.annotations, tp.Child("annotations"));
  }
  TemplateRestartAlways(out, s.template_, "StatefulSet", tp);
}

MetaRules StatefulSetRules() {
  MetaRules r;
  r.name = NameRule::kDNSLabel;
  return r;
}

}  // namespace

void SelectorAndTemplate(Errors* out, const metav1::LabelSelector* selector,
                         const core::PodTemplateSpec& t, std::string_view what, const Path& spec) {
  SelectorRequiredAndValid(out, selector, what, spec.Child("selector"));
  bool valid = true;
  Errors match;
  TemplateLabelsMatch(&match, selector, t, spec.Child("template"), &valid);
  if (!valid) {
    out->push_back(Invalid(spec.Child("selector"), ToJson(*selector), "invalid label selector"));
    return;
  }
  Append(out, std::move(match));
  ValidatePodTemplateSpec(out, t, spec.Child("template"));
  TemplateRestartAlways(out, t, "ReplicaSet", spec.Child("template"));
}

void TemplateRestartAlways(Errors* out, const core::PodTemplateSpec& t, std::string_view kind,
                           const Path& template_path) {
  Path sp = template_path.Child("spec");
  if (t.spec.restart_policy != "Always") {
    out->push_back(NotSupported(sp.Child("restartPolicy"), t.spec.restart_policy, {"Always"}));
  }
  if (t.spec.active_deadline_seconds) {
    out->push_back(Forbidden(sp.Child("activeDeadlineSeconds"),
                             "activeDeadlineSeconds in " + std::string(kind) + " is not Supported"));
  }
}

void SelectorImmutable(Errors* out, const metav1::LabelSelector* next,
                       const metav1::LabelSelector* old, const Path& p) {
  bool same = (next == nullptr && old == nullptr) ||
              (next != nullptr && old != nullptr && *next == *old);
  if (!same) out->push_back(Invalid(p, next ? ToJson(*next) : "null", kImmutableMsg));
}

void ReplicationControllerSpec(Errors* out, const core::ReplicationControllerSpec& s, const Path& p,
                               Errors* declarative) {
  // minReadySeconds and replicas are covered by beta declarative rules: reported last.
  NonNegative(declarative, p.Child("replicas"), s.replicas.value_or(0));
  NonNegative(declarative, p.Child("minReadySeconds"), s.min_ready_seconds);
  if (s.selector.empty()) out->push_back(Required(p.Child("selector")));
  Path tp = p.Child("template");
  if (!s.template_) {
    out->push_back(Required(tp));
    return;
  }
  const core::PodTemplateSpec& t = *s.template_;
  if (!s.selector.empty()) {
    bool matches = true;
    for (const auto& [k, v] : s.selector) {
      auto it = t.object_meta.labels.find(k);
      matches = matches && it != t.object_meta.labels.end() && it->second == v;
    }
    if (!matches) {
      out->push_back(Invalid(tp.Child("metadata").Child("labels"), JsonOfMap(t.object_meta.labels),
                             "`selector` does not match template `labels`"));
    }
  }
  ValidatePodTemplateSpec(out, t, tp);
  TemplateRestartAlways(out, t, "ReplicationController", tp);
}

void RCName(Errors* declarative, const metav1::ObjectMeta& m) {
  if (!m.name.empty()) AppendInvalid(declarative, Path("metadata").Child("name"), m.name,
                                     IsDNS1123SubdomainBytes(m.name));
}

void ReplicationControllerCreate(Errors* out, const core::ReplicationController& rc) {
  Errors declarative;
  MetaRules rules;
  rules.name_declarative = true;
  ValidateObjectMeta(out, rc.object_meta, rules, Path("metadata"));
  RCName(&declarative, rc.object_meta);
  ReplicationControllerSpec(out, rc.spec, Path("spec"), &declarative);
  Append(out, std::move(declarative));
}

void ReplicationControllerUpdate(Errors* out, const core::ReplicationController& rc,
                                 const core::ReplicationController& old) {
  Errors declarative;
  ValidateObjectMetaUpdate(out, rc.object_meta, old.object_meta, true, Path("metadata"));
  RCName(&declarative, rc.object_meta);
  ReplicationControllerSpec(out, rc.spec, Path("spec"), &declarative);
  Append(out, std::move(declarative));
}

void StatefulSetCreate(Errors* out, const apps::StatefulSet& s) {
  ValidateObjectMeta(out, s.object_meta, StatefulSetRules(), Path("metadata"));
  StatefulSetSpec(out, s.spec, Path("spec"), false);
}

void StatefulSetUpdate(Errors* out, const apps::StatefulSet& s, const apps::StatefulSet& old) {
  ValidateObjectMetaUpdate(out, s.object_meta, old.object_meta, true, Path("metadata"));
  StatefulSetSpec(out, s.spec, Path("spec"), true);
  Path p("spec");
  SelectorImmutable(out, s.spec.selector.get(), old.spec.selector.get(), p.Child("selector"));
  if (s.spec.service_name != old.spec.service_name) {
    out->push_back(InvalidStr(p.Child("serviceName"), s.spec.service_name, kImmutableMsg));
  }
  if (s.spec.pod_management_policy != old.spec.pod_management_policy) {
    out->push_back(InvalidStr(p.Child("podManagementPolicy"), s.spec.pod_management_policy, kImmutableMsg));
  }
}

}  // namespace kubecxx::apiserver::validation::internal
