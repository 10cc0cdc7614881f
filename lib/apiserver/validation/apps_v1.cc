// apps/v1 Deployment, ReplicaSet, StatefulSet, DaemonSet as k8s.io/kubernetes@v1.37.2
// pkg/apis/apps/validation words them (no StatefulSet volumeClaimTemplates spec rules).
#include "kubecxx/api/apps/v1/types.h"
#include "lib/apiserver/validation/kinds.h"
#include "lib/apiserver/validation/meta.h"
#include "lib/apiserver/validation/pod.h"
#include "lib/apiserver/validation/workloads.h"

namespace kubecxx::apiserver::validation::internal {
namespace {

namespace apps = api::apps::v1;
using api::intstr::IntOrString;

std::string IntOrStringJson(const IntOrString& v) {
  return v.type == 0 ? std::to_string(v.int_val) : QuoteJson(v.str_val);
}

void PositiveIntOrPercent(Errors* out, const IntOrString& v, const Path& p) {
  if (v.type == 1) {
    for (const auto& m : IsValidPercent(v.str_val)) out->push_back(Invalid(p, IntOrStringJson(v), m));
  } else {
    NonNegative(out, p, v.int_val);
  }
}

// getPercentValue / getIntOrPercentValue (a string that is no percent counts as 0).
std::optional<int> PercentValue(const IntOrString& v) {
  if (v.type != 1 || !IsValidPercent(v.str_val).empty()) return std::nullopt;
  return std::stoi(v.str_val.substr(0, v.str_val.size() - 1));
}
int IntOrPercentValue(const IntOrString& v) {
  if (auto pct = PercentValue(v)) return *pct;
  return v.type == 0 ? v.int_val : 0;
}

void NotMoreThan100Percent(Errors* out, const IntOrString& v, const Path& p) {
  auto pct = PercentValue(v);
  if (pct && *pct > 100) out->push_back(Invalid(p, IntOrStringJson(v), "must not be greater than 100%"));
}

IntOrString Or0(const Box<IntOrString>& v) { return v ? *v : IntOrString{}; }

void DeploymentStrategy(Errors* out, const apps::DeploymentStrategy& s, const Path& p) {
  if (s.type == "Recreate") {
    if (s.rolling_update) {
      out->push_back(Forbidden(p.Child("rollingUpdate"),
                               "may not be specified when strategy `type` is 'Recreate'"));
    }
  } else if (s.type == "RollingUpdate") {
    if (!s.rolling_update) {
      out->push_back(Required(p.Child("rollingUpdate"), "this should be defaulted and never be nil"));
      return;
    }
    Path rp = p.Child("rollingUpdate");
    IntOrString mu = Or0(s.rolling_update->max_unavailable), ms = Or0(s.rolling_update->max_surge);
    PositiveIntOrPercent(out, mu, rp.Child("maxUnavailable"));
    PositiveIntOrPercent(out, ms, rp.Child("maxSurge"));
    if (IntOrPercentValue(mu) == 0 && IntOrPercentValue(ms) == 0) {
      out->push_back(Invalid(rp.Child("maxUnavailable"), IntOrStringJson(mu),
                             "may not be 0 when `maxSurge` is 0"));
    }
    NotMoreThan100Percent(out, mu, rp.Child("maxUnavailable"));
  } else {
    // json.Marshal of the internal DeploymentStrategy (Go field names).
    std::string ru = "null";
    if (s.rolling_update) {
      ru = "{\"MaxUnavailable\":" + IntOrStringJson(Or0(s.rolling_update->max_unavailable)) +
           ",\"MaxSurge\":" + IntOrStringJson(Or0(s.rolling_update->max_surge)) + "}";
    }
    out->push_back(FieldNotSupported(p.str(), "{\"Type\":" + QuoteJson(s.type) + ",\"RollingUpdate\":" + ru + "}",
                                     {"Recreate", "RollingUpdate"}));
  }
}

void DeploymentSpec(Errors* out, const apps::DeploymentSpec& s, const Path& p) {
  NonNegative(out, p.Child("replicas"), s.replicas.value_or(0));
  SelectorAndTemplate(out, s.selector.get(), s.template_, "deployment", p);
  DeploymentStrategy(out, s.strategy, p.Child("strategy"));
  NonNegative(out, p.Child("minReadySeconds"), s.min_ready_seconds);
  if (s.revision_history_limit) NonNegative(out, p.Child("revisionHistoryLimit"), *s.revision_history_limit);
  if (s.progress_deadline_seconds) {
    NonNegative(out, p.Child("progressDeadlineSeconds"), *s.progress_deadline_seconds);
    if (*s.progress_deadline_seconds <= s.min_ready_seconds) {
      out->push_back(InvalidInt(p.Child("progressDeadlineSeconds"), *s.progress_deadline_seconds,
                                "must be greater than minReadySeconds"));
    }
  }
}

void DeploymentCreate(Errors* out, const apps::Deployment& d) {
  ValidateObjectMeta(out, d.object_meta, MetaRules{}, Path("metadata"));
  DeploymentSpec(out, d.spec, Path("spec"));
}

void DeploymentUpdate(Errors* out, const apps::Deployment& d, const apps::Deployment& old) {
  ValidateObjectMetaUpdate(out, d.object_meta, old.object_meta, true, Path("metadata"));
  DeploymentSpec(out, d.spec, Path("spec"));
  SelectorImmutable(out, d.spec.selector.get(), old.spec.selector.get(), Path("spec").Child("selector"));
}

void ReplicaSetSpec(Errors* out, const apps::ReplicaSetSpec& s, const Path& p) {
  NonNegative(out, p.Child("replicas"), s.replicas.value_or(0));
  NonNegative(out, p.Child("minReadySeconds"), s.min_ready_seconds);
  SelectorAndTemplate(out, s.selector.get(), s.template_, "deployment", p);
}

void ReplicaSetCreate(Errors* out, const apps::ReplicaSet& rs) {
  ValidateObjectMeta(out, rs.object_meta, MetaRules{}, Path("metadata"));
  ReplicaSetSpec(out, rs.spec, Path("spec"));
}

void ReplicaSetUpdate(Errors* out, const apps::ReplicaSet& rs, const apps::ReplicaSet& old) {
  ValidateObjectMetaUpdate(out, rs.object_meta, old.object_meta, true, Path("metadata"));
  ReplicaSetSpec(out, rs.spec, Path("spec"));
  SelectorImmutable(out, rs.spec.selector.get(), old.spec.selector.get(), Path("spec").Child("selector"));
}

void DaemonSetSpec(Errors* out, const apps::DaemonSetSpec& s, const Path& p) {
  ValidateLabelSelector(out, s.selector.get(), p.Child("selector"));
  bool valid = true, empty = false;
  bool matches = SelectorMatches(s.selector.get(), s.template_.object_meta.labels, &valid, &empty);
  if (valid && !matches) {
    out->push_back(Invalid(p.Child("template").Child("metadata").Child("labels"),
                           JsonOfMap(s.template_.object_meta.labels),
                           "`selector` does not match template `labels`"));
  }
  if (s.selector && s.selector->match_labels.empty() && s.selector->match_expressions.empty()) {
    out->push_back(Invalid(p.Child("selector"), ToJson(*s.selector), "empty selector is invalid for daemonset"));
  }
  ValidatePodTemplateSpec(out, s.template_, p.Child("template"));
  TemplateRestartAlways(out, s.template_, "DaemonSet", p.Child("template"));
  NonNegative(out, p.Child("minReadySeconds"), s.min_ready_seconds);
  const auto& us = s.update_strategy;
  Path up = p.Child("updateStrategy");
  if (us.type == "RollingUpdate") {
    if (!us.rolling_update) {
      out->push_back(Required(up.Child("rollingUpdate")));
    } else {
      Path rp = up.Child("rollingUpdate");
      IntOrString mu = Or0(us.rolling_update->max_unavailable), ms = Or0(us.rolling_update->max_surge);
      PositiveIntOrPercent(out, mu, rp.Child("maxUnavailable"));
      PositiveIntOrPercent(out, ms, rp.Child("maxSurge"));
      NotMoreThan100Percent(out, mu, rp.Child("maxUnavailable"));
      NotMoreThan100Percent(out, ms, rp.Child("maxSurge"));
      bool has_u = IntOrPercentValue(mu) != 0, has_s = IntOrPercentValue(ms) != 0;
      if (has_u && has_s) {
        out->push_back(Invalid(rp.Child("maxSurge"), IntOrStringJson(ms),
                               "may not be set when maxUnavailable is non-zero"));
      } else if (!has_u && !has_s) {
        out->push_back(Required(rp.Child("maxUnavailable"), "cannot be 0 when maxSurge is 0"));
      }
    }
  } else if (us.type != "OnDelete") {
    std::string ru = "null";
    if (us.rolling_update) {
      ru = "{\"MaxUnavailable\":" + IntOrStringJson(Or0(us.rolling_update->max_unavailable)) +
           ",\"MaxSurge\":" + IntOrStringJson(Or0(us.rolling_update->max_surge)) + "}";
    }
    out->push_back(FieldNotSupported(up.str(), "{\"Type\":" + QuoteJson(us.type) + ",\"RollingUpdate\":" + ru + "}",
                                     {"RollingUpdate", "OnDelete"}));
  }
  if (s.revision_history_limit) NonNegative(out, p.Child("revisionHistoryLimit"), *s.revision_history_limit);
}

void DaemonSetCreate(Errors* out, const apps::DaemonSet& ds) {
  ValidateObjectMeta(out, ds.object_meta, MetaRules{}, Path("metadata"));
  DaemonSetSpec(out, ds.spec, Path("spec"));
}

void DaemonSetUpdate(Errors* out, const apps::DaemonSet& ds, const apps::DaemonSet& old) {
  ValidateObjectMetaUpdate(out, ds.object_meta, old.object_meta, true, Path("metadata"));
  SelectorImmutable(out, ds.spec.selector.get(), old.spec.selector.get(), Path("spec").Child("selector"));
  DaemonSetSpec(out, ds.spec, Path("spec"));
}

const KindValidator kApps[] = {
    {"apps", "Deployment", Create<apps::Deployment, DeploymentCreate>,
     Update<apps::Deployment, DeploymentUpdate>},
    {"apps", "ReplicaSet", Create<apps::ReplicaSet, ReplicaSetCreate>,
     Update<apps::ReplicaSet, ReplicaSetUpdate>},
    {"apps", "DaemonSet", Create<apps::DaemonSet, DaemonSetCreate>,
     Update<apps::DaemonSet, DaemonSetUpdate>},
    {"apps", "StatefulSet", Create<apps::StatefulSet, StatefulSetCreate>,
     Update<apps::StatefulSet, StatefulSetUpdate>},
    {"batch", "Job", Create<api::batch::v1::Job, JobCreate>, Update<api::batch::v1::Job, JobUpdate>},
    {"batch", "CronJob", Create<api::batch::v1::CronJob, CronJobCreate>,
     Update<api::batch::v1::CronJob, CronJobUpdate>},
};

}  // namespace

std::span<const KindValidator> AppsBatchKinds() { return kApps; }

}  // namespace kubecxx::apiserver::validation::internal
