// The value-setting parts of the registry strategies' PrepareForCreate
// (k8s.io/kubernetes@v1.37.2 pkg/registry/<group>/<resource>/strategy.go), run after
// defaulting: the status a client sent is dropped (reset to what the strategy sets), Pods get
// phase Pending, the SchedulingGated condition, matchLabelKeys merged into their affinity and
// topology spread selectors, AppArmor annotations as fields, pod-level resources and their QoS
// class (pkg/apis/core/helper/qos),
// PersistentVolumes phase Pending with a transition time, Jobs their generated selector and
// template labels, DaemonSets template generation 1 (the v1 annotation
// deprecated.daemonset.template.generation). Generation 1 is object_meta.cc's.
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <vector>

#include "kubecxx/api/apps/v1/types.h"
#include "kubecxx/api/autoscaling/v2/types.h"
#include "kubecxx/api/batch/v1/types.h"
#include "kubecxx/api/certificates/v1/types.h"
#include "kubecxx/api/flowcontrol/v1/types.h"
#include "kubecxx/api/networking/v1/types.h"
#include "kubecxx/api/policy/v1/types.h"
#include "kubecxx/api/resource/v1/types.h"
#include "kubecxx/api/storage/v1/types.h"
#include "lib/api/time.h"
#include "lib/apiserver/defaults/defaults.h"
#include "lib/apiserver/defaults/defaults_internal.h"

namespace kubecxx::apiserver::defaults {
namespace {

namespace core = api::core::v1;
using internal::Apply;
using internal::Entry;
using ResourceList = std::map<std::string, api::Quantity>;

template <typename T>
void ResetStatus(T& obj) {
  obj.status = {};
}

// requirementsQOS over cpu and memory (the QoS compute resources).
std::string RequirementsQos(const ResourceList& requests, const ResourceList& limits) {
  if (requests.empty() && limits.empty()) return "BestEffort";
  std::string qos;
  for (const char* res : {"cpu", "memory"}) {
    auto r = requests.find(res);
    auto l = limits.find(res);
    api::Quantity req = r == requests.end() ? api::Quantity() : r->second;
    api::Quantity lim = l == limits.end() ? api::Quantity() : l->second;
    std::string res_qos = req.Cmp(lim) != 0 ? "Burstable" : req.IsZero() ? "BestEffort"
                                                                         : "Guaranteed";
    if (res_qos == "Burstable") return res_qos;
    if (qos.empty()) {
      qos = res_qos;
    } else if (qos != res_qos) {
      return "Burstable";
    }
  }
  return qos;
}

bool IsPodLevelResource(const std::string& name) {
  return name == "cpu" || name == "memory" || name.rfind("hugepages-", 0) == 0;
}

// qos.ComputePodQOS with PodLevelResources and PodLevelResourcesFixKubeletQOSClass on.
std::string ComputePodQos(const core::Pod& pod) {
  const auto& spec = pod.spec;
  if (spec.resources) {
    bool set = false;
    for (const auto* list : {&spec.resources->requests, &spec.resources->limits}) {
      for (const auto& [name, q] : *list) set |= IsPodLevelResource(name);
    }
    if (set) return RequirementsQos(spec.resources->requests, spec.resources->limits);
  }
  std::string pod_qos;
  for (const auto* list : {&spec.init_containers, &spec.containers}) {
    for (const auto& c : *list) {
      std::string q = RequirementsQos(c.resources.requests, c.resources.limits);
      if (q == "Burstable") return q;
      if (pod_qos.empty()) {
        pod_qos = q;
      } else if (pod_qos != q) {
        return "Burstable";
      }
    }
  }
  return pod_qos.empty() ? "BestEffort" : pod_qos;
}

// resourcehelper's aggregateContainerResourcesByFn over the spec's requests or limits:
// regular containers and sidecars (restartable init containers) add up, each ordinary init
// container counts with the sidecars before it, and the result is the max of both.
ResourceList Aggregate(const core::PodSpec& spec, bool limits) {
  auto of = [limits](const core::Container& c) -> const ResourceList& {
    return limits ? c.resources.limits : c.resources.requests;
  };
  auto add = [](ResourceList& to, const ResourceList& from) {
    for (const auto& [k, v] : from) {
      auto [it, inserted] = to.try_emplace(k, v);
      if (!inserted) it->second.Add(v);
    }
  };
  auto max = [](ResourceList& to, const ResourceList& from) {
    for (const auto& [k, v] : from) {
      auto it = to.find(k);
      if (it == to.end()) {
        to.emplace(k, v);
      } else if (v.Cmp(it->second) > 0) {
        it->second = v;
      }
    }
  };
  ResourceList result;
  for (const auto& c : spec.containers) add(result, of(c));
  ResourceList sidecars;
  ResourceList init;
  for (const auto& c : spec.init_containers) {
    if (c.restart_policy.value_or("") == "Always") {
      add(result, of(c));
      add(sidecars, of(c));
      max(init, sidecars);
    } else {
      ResourceList combined = of(c);
      add(combined, sidecars);
      max(init, combined);
    }
  }
  max(result, init);
  return result;
}

bool IsHugePages(const std::string& name) { return name.rfind("hugepages-", 0) == 0; }

// podutil.DefaultPodLevelResources (PodLevelResourcesFixDefaulting on): pod-level hugepage
// limits, then requests from the containers' (cpu, memory) and from pod-level limits, then
// limits where every container has one, raised to the pod-level request.
void DefaultPodLevelResources(core::Pod& pod) {
  auto& res = pod.spec.resources;
  if (!res || (res->requests.empty() && res->limits.empty())) return;
  ResourceList lims = Aggregate(pod.spec, true);
  for (const auto& [k, v] : lims) {
    if (IsHugePages(k) && !res->requests.count(k)) res->limits.try_emplace(k, v);
  }
  for (const auto& [k, v] : Aggregate(pod.spec, false)) {
    if (k == "cpu" || k == "memory") res->requests.try_emplace(k, v);
  }
  for (const auto& [k, v] : res->limits) {
    if (IsPodLevelResource(k)) res->requests.try_emplace(k, v);
  }
  std::vector<std::string> candidates;
  for (const auto& [k, v] : res->requests) {
    if (!IsPodLevelResource(k) || res->limits.count(k)) continue;
    bool all = true;
    for (const auto* list : {&pod.spec.init_containers, &pod.spec.containers}) {
      for (const auto& c : *list) all &= c.resources.limits.count(k) > 0;
    }
    if (all) candidates.push_back(k);
  }
  for (const auto& k : candidates) {
    auto it = lims.find(k);
    if (it == lims.end()) continue;
    api::Quantity val = it->second;
    if (res->requests[k].Cmp(val) > 0) val = res->requests[k];
    res->limits[k] = val;
  }
}

// applyLabelKeysToLabelSelector: `key <op> (value)` for each key the pod has a label for.
void MergeLabelKeys(api::meta::v1::LabelSelector& sel, const std::vector<std::string>& keys,
                    const char* op, const std::map<std::string, std::string>& labels) {
  for (const auto& key : keys) {
    auto it = labels.find(key);
    if (it == labels.end()) continue;
    api::meta::v1::LabelSelectorRequirement req;
    req.key = key;
    req.operator_ = op;
    req.values = {it->second};
    sel.match_expressions.push_back(std::move(req));
  }
}

void MergeAffinityTerm(core::PodAffinityTerm& term, const std::map<std::string, std::string>& l) {
  if ((term.match_label_keys.empty() && term.mismatch_label_keys.empty()) || !term.label_selector) {
    return;
  }
  MergeLabelKeys(*term.label_selector, term.match_label_keys, "In", l);
  MergeLabelKeys(*term.label_selector, term.mismatch_label_keys, "NotIn", l);
}

template <typename A>
void MergeAffinity(A& a, const std::map<std::string, std::string>& labels) {
  for (auto& t : a.preferred_during_scheduling_ignored_during_execution) {
    MergeAffinityTerm(t.pod_affinity_term, labels);
  }
  for (auto& t : a.required_during_scheduling_ignored_during_execution) {
    MergeAffinityTerm(t, labels);
  }
}

// mutatePodAffinity and mutateTopologySpreadConstraints (MatchLabelKeysInPodAffinity,
// MatchLabelKeysInPodTopologySpread[SelectorMerge] on).
void MergeMatchLabelKeys(core::Pod& pod) {
  const auto& labels = pod.object_meta.labels;
  if (auto& aff = pod.spec.affinity) {
    if (aff->pod_affinity) MergeAffinity(*aff->pod_affinity, labels);
    if (aff->pod_anti_affinity) MergeAffinity(*aff->pod_anti_affinity, labels);
  }
  for (auto& c : pod.spec.topology_spread_constraints) {
    if (!c.match_label_keys.empty() && c.label_selector) {
      MergeLabelKeys(*c.label_selector, c.match_label_keys, "In", labels);
    }
  }
}

// podutil.ApparmorFieldForAnnotation, with ValidateAppArmorProfileField's refusal of an
// all-blank localhost profile.
kubecxx::Box<core::AppArmorProfile> AppArmorField(const std::string& annotation) {
  core::AppArmorProfile p;
  if (annotation == "unconfined") {
    p.type = "Unconfined";
  } else if (annotation == "runtime/default") {
    p.type = "RuntimeDefault";
  } else if (annotation.rfind("localhost/", 0) == 0) {
    std::string profile = annotation.substr(10);
    if (profile.find_first_not_of(" \t\n\r") == std::string::npos) return nullptr;
    p.type = "Localhost";
    p.localhost_profile = profile;
  } else {
    return nullptr;
  }
  return kubecxx::Box<core::AppArmorProfile>(std::move(p));
}

// applyAppArmorVersionSkew: a container's deprecated AppArmor annotation becomes its
// securityContext.appArmorProfile unless it has one or the pod-level profile says the same.
void SyncAppArmor(core::Pod& pod) {
  if (pod.spec.os && pod.spec.os->name == "windows") return;
  kubecxx::Box<core::AppArmorProfile> pod_profile;
  if (pod.spec.security_context) pod_profile = pod.spec.security_context->app_armor_profile;
  auto visit = [&](auto& c) {
    auto it = pod.object_meta.annotations.find("container.apparmor.security.beta.kubernetes.io/" +
                                               c.name);
    if (it == pod.object_meta.annotations.end()) return;
    if (c.security_context && c.security_context->app_armor_profile) return;
    auto field = AppArmorField(it->second);
    if (field && !(field == pod_profile)) c.security_context.emplace().app_armor_profile = field;
  };
  for (auto& c : pod.spec.init_containers) visit(c);
  for (auto& c : pod.spec.containers) visit(c);
  for (auto& c : pod.spec.ephemeral_containers) visit(c.ephemeral_container_common);
}

void Pod(core::Pod& pod) {
  pod.status = {};
  pod.status.phase = "Pending";
  if (!pod.spec.scheduling_gates.empty()) {
    core::PodCondition c;
    c.type = "PodScheduled";
    c.status = "False";
    c.reason = "SchedulingGated";
    c.message = "Scheduling is blocked due to non-empty scheduling gates";
    c.last_transition_time = api::Now();  // podutil.UpdatePodCondition
    pod.status.conditions.push_back(std::move(c));
  }
  MergeMatchLabelKeys(pod);
  SyncAppArmor(pod);
  DefaultPodLevelResources(pod);
  pod.status.qos_class = ComputePodQos(pod);
}

void PersistentVolume(core::PersistentVolume& pv) {
  pv.status = {};
  pv.status.phase = "Pending";
  pv.status.last_phase_transition_time = kubecxx::Box<api::Time>(api::Now());
}

void Job(api::batch::v1::Job& job) {
  job.status = {};
  if (job.spec.manual_selector.value_or(false)) return;
  auto& labels = job.spec.template_.object_meta.labels;
  // SetDefaults_Job makes the Job's labels the template's very map when the Job has none, so
  // upstream's generated labels land on both. Equal maps stand for that aliasing here.
  bool aliased = !labels.empty() && job.object_meta.labels == labels;
  const std::string& name = job.object_meta.name;
  const std::string& uid = job.object_meta.uid;
  labels.try_emplace("job-name", name);
  labels.try_emplace("batch.kubernetes.io/job-name", name);
  labels.try_emplace("controller-uid", uid);
  labels.try_emplace("batch.kubernetes.io/controller-uid", uid);
  if (aliased) job.object_meta.labels = labels;
  job.spec.selector.emplace().match_labels.try_emplace("batch.kubernetes.io/controller-uid", uid);
}

constexpr const char* kTemplateGeneration = "deprecated.daemonset.template.generation";

// DaemonSetSpec.TemplateGeneration, which apps/v1 carries as an annotation.
int64_t TemplateGeneration(const api::apps::v1::DaemonSet& ds) {
  auto it = ds.object_meta.annotations.find(kTemplateGeneration);
  return it == ds.object_meta.annotations.end() ? 0
                                                : std::strtoll(it->second.c_str(), nullptr, 10);
}

void DaemonSet(api::apps::v1::DaemonSet& ds) {
  ds.status = {};
  int64_t gen = TemplateGeneration(ds);
  ds.object_meta.annotations[kTemplateGeneration] = std::to_string(gen < 1 ? 1 : gen);
}

void CertificateSigningRequest(api::certificates::v1::CertificateSigningRequest& csr) {
  csr.status = {};
}

constexpr Entry kEntries[] = {
    {"", "v1", "Pod", &Apply<core::Pod, Pod>},
    {"", "v1", "PersistentVolume", &Apply<core::PersistentVolume, PersistentVolume>},
    {"", "v1", "PersistentVolumeClaim",
     &Apply<core::PersistentVolumeClaim, ResetStatus<core::PersistentVolumeClaim>>},
    {"", "v1", "ReplicationController",
     &Apply<core::ReplicationController, ResetStatus<core::ReplicationController>>},
    {"", "v1", "Service", &Apply<core::Service, ResetStatus<core::Service>>},
    {"", "v1", "ResourceQuota", &Apply<core::ResourceQuota, ResetStatus<core::ResourceQuota>>},
    {"apps", "v1", "Deployment",
     &Apply<api::apps::v1::Deployment, ResetStatus<api::apps::v1::Deployment>>},
    {"apps", "v1", "ReplicaSet",
     &Apply<api::apps::v1::ReplicaSet, ResetStatus<api::apps::v1::ReplicaSet>>},
    {"apps", "v1", "StatefulSet",
     &Apply<api::apps::v1::StatefulSet, ResetStatus<api::apps::v1::StatefulSet>>},
    {"apps", "v1", "DaemonSet", &Apply<api::apps::v1::DaemonSet, DaemonSet>},
    {"batch", "v1", "Job", &Apply<api::batch::v1::Job, Job>},
    {"batch", "v1", "CronJob",
     &Apply<api::batch::v1::CronJob, ResetStatus<api::batch::v1::CronJob>>},
    {"autoscaling", "v2", "HorizontalPodAutoscaler",
     &Apply<api::autoscaling::v2::HorizontalPodAutoscaler,
            ResetStatus<api::autoscaling::v2::HorizontalPodAutoscaler>>},
    {"policy", "v1", "PodDisruptionBudget",
     &Apply<api::policy::v1::PodDisruptionBudget,
            ResetStatus<api::policy::v1::PodDisruptionBudget>>},
    {"networking.k8s.io", "v1", "Ingress",
     &Apply<api::networking::v1::Ingress, ResetStatus<api::networking::v1::Ingress>>},
    // Not ServiceCIDR (ServiceCIDRStatusFieldWiping): boot_objects.cc creates the default
    // ServiceCIDR with its Ready status in one write, where stock's controller updates it.
    {"flowcontrol.apiserver.k8s.io", "v1", "FlowSchema",
     &Apply<api::flowcontrol::v1::FlowSchema, ResetStatus<api::flowcontrol::v1::FlowSchema>>},
    {"flowcontrol.apiserver.k8s.io", "v1", "PriorityLevelConfiguration",
     &Apply<api::flowcontrol::v1::PriorityLevelConfiguration,
            ResetStatus<api::flowcontrol::v1::PriorityLevelConfiguration>>},
    {"storage.k8s.io", "v1", "VolumeAttachment",
     &Apply<api::storage::v1::VolumeAttachment,
            ResetStatus<api::storage::v1::VolumeAttachment>>},
    {"certificates.k8s.io", "v1", "CertificateSigningRequest",
     &Apply<api::certificates::v1::CertificateSigningRequest, CertificateSigningRequest>},
    {"resource.k8s.io", "v1", "ResourceClaim",
     &Apply<api::resource::v1::ResourceClaim, ResetStatus<api::resource::v1::ResourceClaim>>},
};

}  // namespace

void ApplyCreateDefaults(codec::Object& obj) {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string, void (*)(void*)>();
    for (const Entry& e : kEntries) {
      t->emplace(std::string(e.group) + "/" + std::string(e.version) + "/" +
                     std::string(e.kind),
                 e.apply);
    }
    return t;
  }();
  const codec::KindInfo* info = obj.info();
  if (info == nullptr || obj.get() == nullptr) return;
  auto it = table->find(std::string(info->group) + "/" + std::string(info->version) + "/" +
                        std::string(info->kind));
  if (it != table->end()) it->second(obj.get());
}

void ApplyUpdateDefaults(codec::Object& next, const codec::Object& old) {
  const codec::KindInfo* info = next.info();
  if (info == nullptr || info != old.info() || info->group != "apps" || info->version != "v1" ||
      info->kind != "DaemonSet") {
    return;
  }
  auto* ds = next.As<api::apps::v1::DaemonSet>();
  const auto* prev = old.As<api::apps::v1::DaemonSet>();
  int64_t gen = TemplateGeneration(*prev);
  if (!(ds->spec.template_ == prev->spec.template_)) ++gen;
  ds->object_meta.annotations[kTemplateGeneration] = std::to_string(gen);
}

}  // namespace kubecxx::apiserver::defaults
