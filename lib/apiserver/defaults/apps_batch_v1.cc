// apps/v1 and batch/v1 defaulters: k8s.io/kubernetes@v1.37.2 pkg/apis/{apps,batch}/v1
// defaults.go and zz_generated.defaults.go (each kind's own SetDefaults_X first, then the pod
// template's tree). v1.37 gates: MaxUnavailableStatefulSet on (maxUnavailable 1).
#include <limits>

#include "kubecxx/api/apps/v1/types.h"
#include "kubecxx/api/batch/v1/types.h"
#include "lib/apiserver/defaults/defaults_internal.h"

namespace kubecxx::apiserver::defaults::internal {
namespace {

namespace apps = api::apps::v1;
namespace batch = api::batch::v1;
using api::intstr::IntOrString;

kubecxx::Box<IntOrString> Int(int32_t v) {
  IntOrString x;
  x.int_val = v;
  return kubecxx::Box<IntOrString>(x);
}

kubecxx::Box<IntOrString> Str(std::string v) {
  IntOrString x;
  x.type = 1;
  x.str_val = std::move(v);
  return kubecxx::Box<IntOrString>(x);
}

void Deployment(apps::Deployment& d) {
  auto& spec = d.spec;
  if (!spec.replicas) spec.replicas = 1;
  auto& st = spec.strategy;
  if (st.type.empty()) st.type = "RollingUpdate";
  if (st.type == "RollingUpdate") {
    auto& ru = st.rolling_update.emplace();
    if (!ru.max_unavailable) ru.max_unavailable = Str("25%");
    if (!ru.max_surge) ru.max_surge = Str("25%");
  }
  if (!spec.revision_history_limit) spec.revision_history_limit = 10;
  if (!spec.progress_deadline_seconds) spec.progress_deadline_seconds = 600;
  DefaultPodSpecTree(spec.template_.spec);
}

void DaemonSet(apps::DaemonSet& ds) {
  auto& us = ds.spec.update_strategy;
  if (us.type.empty()) us.type = "RollingUpdate";
  if (us.type == "RollingUpdate") {
    auto& ru = us.rolling_update.emplace();
    if (!ru.max_unavailable) ru.max_unavailable = Int(1);
    if (!ru.max_surge) ru.max_surge = Int(0);
  }
  if (!ds.spec.revision_history_limit) ds.spec.revision_history_limit = 10;
  DefaultPodSpecTree(ds.spec.template_.spec);
}

void StatefulSet(apps::StatefulSet& ss) {
  auto& spec = ss.spec;
  if (spec.pod_management_policy.empty()) spec.pod_management_policy = "OrderedReady";
  auto& us = spec.update_strategy;
  if (us.type.empty()) {
    us.type = "RollingUpdate";
    us.rolling_update.emplace();
  }
  if (us.type == "RollingUpdate" && us.rolling_update) {
    if (!us.rolling_update->partition) us.rolling_update->partition = 0;
    if (!us.rolling_update->max_unavailable) us.rolling_update->max_unavailable = Int(1);
  }
  auto& ret = spec.persistent_volume_claim_retention_policy.emplace();
  if (ret.when_deleted.empty()) ret.when_deleted = "Retain";
  if (ret.when_scaled.empty()) ret.when_scaled = "Retain";
  if (!spec.replicas) spec.replicas = 1;
  if (!spec.revision_history_limit) spec.revision_history_limit = 10;
  DefaultPodSpecTree(spec.template_.spec);
  for (auto& pvc : spec.volume_claim_templates) {
    DefaultPersistentVolumeClaim(pvc);
    // Convert_apps_StatefulSetSpec_To_v1_StatefulSetSpec sets them on the way out.
    pvc.type_meta.api_version = "v1";
    pvc.type_meta.kind = "PersistentVolumeClaim";
  }
}

void ReplicaSet(apps::ReplicaSet& rs) {
  if (!rs.spec.replicas) rs.spec.replicas = 1;
  DefaultPodSpecTree(rs.spec.template_.spec);
}

void DefaultPodFailurePolicy(batch::JobSpec& spec) {
  if (!spec.pod_failure_policy) return;
  for (auto& rule : spec.pod_failure_policy->rules) {
    for (auto& p : rule.on_pod_conditions) {
      if (p.status.empty()) p.status = "True";
    }
  }
}

void Job(batch::Job& job) {
  auto& spec = job.spec;
  if (!spec.completions && !spec.parallelism) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (!spec.parallelism) spec.parallelism = 1;
  if (!spec.backoff_limit) {
    spec.backoff_limit =
        spec.backoff_limit_per_index ? std::numeric_limits<int32_t>::max() : 6;
  }
  const auto& labels = spec.template_.object_meta.labels;
  if (!labels.empty() && job.object_meta.labels.empty()) job.object_meta.labels = labels;
  if (!spec.completion_mode) spec.completion_mode = "NonIndexed";
  if (!spec.suspend) spec.suspend = false;
  if (!spec.pod_replacement_policy) {
    spec.pod_replacement_policy = spec.pod_failure_policy ? "Failed" : "TerminatingOrFailed";
  }
  if (!spec.manual_selector) spec.manual_selector = false;
  DefaultPodFailurePolicy(spec);
  DefaultPodSpecTree(spec.template_.spec);
}

void CronJob(batch::CronJob& cj) {
  auto& spec = cj.spec;
  if (spec.concurrency_policy.empty()) spec.concurrency_policy = "Allow";
  if (!spec.suspend) spec.suspend = false;
  if (!spec.successful_jobs_history_limit) spec.successful_jobs_history_limit = 3;
  if (!spec.failed_jobs_history_limit) spec.failed_jobs_history_limit = 1;
  DefaultPodFailurePolicy(spec.job_template.spec);
  DefaultPodSpecTree(spec.job_template.spec.template_.spec);
}

constexpr Entry kEntries[] = {
    {"apps", "v1", "Deployment", &Apply<apps::Deployment, Deployment>},
    {"apps", "v1", "DaemonSet", &Apply<apps::DaemonSet, DaemonSet>},
    {"apps", "v1", "StatefulSet", &Apply<apps::StatefulSet, StatefulSet>},
    {"apps", "v1", "ReplicaSet", &Apply<apps::ReplicaSet, ReplicaSet>},
    {"batch", "v1", "Job", &Apply<batch::Job, Job>},
    {"batch", "v1", "CronJob", &Apply<batch::CronJob, CronJob>},
};

}  // namespace

std::span<const Entry> AppsBatchEntries() { return kEntries; }

}  // namespace kubecxx::apiserver::defaults::internal
