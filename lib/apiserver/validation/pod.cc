// Pod, PodTemplate and the top level of PodSpec (pkg/apis/core/validation ValidatePodSpec,
// validatePodMetadataAndSpec, ValidatePodCreate, ValidatePodUpdate, ValidatePodTemplate*).
#include "lib/apiserver/validation/pod.h"

#include "lib/apiserver/validation/meta.h"

namespace kubecxx::apiserver::validation::internal {
namespace {

constexpr int64_t kMaxInt32 = 2147483647;

void DNSConfig(Errors* out, const core::PodSpec& spec, const Path& p) {
  if (spec.dns_policy == "None") {
    if (!spec.dns_config) {
      out->push_back(Required(p, "must provide `dnsConfig` when `dnsPolicy` is None"));
      return;
    }
    if (spec.dns_config->nameservers.empty()) {
      out->push_back(Required(p.Child("nameservers"),
                              "must provide at least one DNS nameserver when `dnsPolicy` is None"));
      return;
    }
  }
  if (!spec.dns_config) return;
  for (size_t i = 0; i < spec.dns_config->options.size(); ++i) {
    if (spec.dns_config->options[i].name.empty()) {
      out->push_back(Required(p.Child("options").Index(i), "must not be empty"));
    }
  }
}

// helper.GetDeletionCostFromPodAnnotations accepts an int32 without '+' or leading zeros.
bool ValidDeletionCost(const std::string& v) {
  if (v.empty()) return false;
  if (!(v[0] == '-' || (v[0] == '0' && v.size() == 1) || (v[0] >= '1' && v[0] <= '9'))) return false;
  size_t i = v[0] == '-' ? 1 : 0;
  if (i == v.size()) return false;
  int64_t n = 0;
  for (; i < v.size(); ++i) {
    if (v[i] < '0' || v[i] > '9') return false;
    n = n * 10 + (v[i] - '0');
    if (n > kMaxInt32 + 1) return false;
  }
  return v[0] == '-' ? n <= kMaxInt32 + 1 : n <= kMaxInt32;
}

void PodSpecificAnnotations(Errors* out, const std::map<std::string, std::string>& a,
                            const core::PodSpec& spec, const Path& p) {
  if (auto it = a.find("kubernetes.io/config.mirror"); it != a.end() && spec.node_name.empty()) {
    out->push_back(InvalidStr(p.Key(it->first), it->second,
                              "must set spec.nodeName if mirror pod annotation is set"));
  }
  if (auto it = a.find("controller.kubernetes.io/pod-deletion-cost");
      it != a.end() && !ValidDeletionCost(it->second)) {
    out->push_back(InvalidStr(p.Key(it->first), it->second, "must be a 32bit integer"));
  }
}

void NameField(Errors* out, const std::string& v, const Path& p) {
  if (!v.empty()) AppendInvalid(out, p, v, IsDNS1123Subdomain(v));
}

MetaRules PodRules() { return MetaRules{}; }  // namespaced, DNS subdomain names

void PodMetadataAndSpec(Errors* out, const core::Pod& pod) {
  Path meta("metadata"), spec("spec");
  ValidateObjectMeta(out, pod.object_meta, PodRules(), meta);
  PodSpecificAnnotations(out, pod.object_meta.annotations, pod.spec, meta.Child("annotations"));
  ValidatePodSpec(out, pod.spec, true, spec);
  if (pod.spec.service_account_name.empty()) {
    for (size_t vi = 0; vi < pod.spec.volumes.size(); ++vi) {
      const auto& projected = pod.spec.volumes[vi].volume_source.projected;
      if (!projected) continue;
      for (size_t si = 0; si < projected->sources.size(); ++si) {
        if (projected->sources[si].service_account_token) {
          out->push_back(Forbidden(spec.Child("volumes").Index(vi).Child("projected").Child("sources")
                                       .Index(si).Child("serviceAccountToken"),
                                   "must not be specified when serviceAccountName is not set"));
        }
      }
    }
  }
  if (pod.spec.termination_grace_period_seconds) {
    NonNegative(out, spec.Child("terminationGracePeriodSeconds"),
                *pod.spec.termination_grace_period_seconds);
  }
  for (auto [list, name] : {std::pair{&pod.spec.containers, "containers"},
                            {&pod.spec.init_containers, "initContainers"}}) {
    for (size_t i = 0; i < list->size(); ++i) {
      const std::string& image = (*list)[i].image;
      size_t b = image.find_first_not_of(" \t\n\v\f\r");
      size_t e = image.find_last_not_of(" \t\n\v\f\r");
      bool trimmed = b == std::string::npos ? image.empty() : (b == 0 && e + 1 == image.size());
      if (!trimmed) {
        out->push_back(InvalidStr(spec.Child(name).Index(i).Child("image"), image,
                                  "must not have leading or trailing whitespace"));
      }
    }
  }
}

// ValidateContainerUpdates; true when validation stops.
bool ContainerUpdates(Errors* out, const std::vector<core::Container>& next,
                      const std::vector<core::Container>& old, const Path& p) {
  if (next.size() != old.size()) {
    out->push_back(Forbidden(p, "pod updates may not add or remove containers"));
    return true;
  }
  for (size_t i = 0; i < next.size(); ++i) {
    const std::string& image = next[i].image;
    if (image.empty()) out->push_back(Required(p.Index(i).Child("image")));
    size_t b = image.find_first_not_of(" \t\n\v\f\r");
    size_t e = image.find_last_not_of(" \t\n\v\f\r");
    if (b != std::string::npos && (b != 0 || e + 1 != image.size())) {
      out->push_back(InvalidStr(p.Index(i).Child("image"), image,
                                "must not have leading or trailing whitespace"));
    }
  }
  return false;
}

}  // namespace

void ValidatePodSpec(Errors* out, const core::PodSpec& spec, bool is_pod, const Path& p) {
  if (!spec.termination_grace_period_seconds) {
    out->push_back(Required(p.Child("terminationGracePeriodSeconds")));
  }
  std::map<std::string, const core::VolumeSource*> volumes;
  ValidateVolumes(out, spec.volumes, &volumes, p.Child("volumes"));
  ValidateContainers(out, spec, volumes, p.Child("containers"));
  ValidateInitContainers(out, spec, volumes, p.Child("initContainers"));
  if (spec.host_network) {
    for (size_t i = 0; i < spec.containers.size(); ++i) {
      const auto& ports = spec.containers[i].ports;
      for (size_t j = 0; j < ports.size(); ++j) {
        int32_t hp = ports[j].host_port, cp = ports[j].container_port;
        if ((is_pod || hp != 0) && hp != cp) {
          out->push_back(InvalidInt(p.Child("containers").Index(i).Child("ports").Index(j).Child("hostPort"),
                                    hp, "must match `containerPort` when `hostNetwork` is true"));
        }
      }
    }
  }
  Path rp = p.Child("restartPolicy");
  if (spec.restart_policy.empty()) {
    out->push_back(Required(rp));
  } else if (spec.restart_policy != "Always" && spec.restart_policy != "OnFailure" &&
             spec.restart_policy != "Never") {
    out->push_back(NotSupported(rp, spec.restart_policy, {"Always", "OnFailure", "Never"}));
  }
  Path dp = p.Child("dnsPolicy");
  if (spec.dns_policy.empty()) {
    out->push_back(Required(dp));
  } else if (spec.dns_policy != "ClusterFirstWithHostNet" && spec.dns_policy != "ClusterFirst" &&
             spec.dns_policy != "Default" && spec.dns_policy != "None") {
    out->push_back(NotSupported(dp, spec.dns_policy,
                                {"ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"}));
  }
  ValidateLabels(out, spec.node_selector, p.Child("nodeSelector"));
  if (spec.share_process_namespace.value_or(false) && spec.host_pid) {
    out->push_back(Invalid(p.Child("shareProcessNamespace"), "true",
                           "ShareProcessNamespace and HostPID cannot both be enabled"));
  }
  DNSConfig(out, spec, p.Child("dnsConfig"));
  for (size_t i = 0; i < spec.readiness_gates.size(); ++i) {
    const std::string& t = spec.readiness_gates[i].condition_type;
    AppendInvalid(out, p.Child("readinessGates").Index(i).Child("conditionType"), t, IsQualifiedName(t));
  }
  if (spec.hostname_override) {
    Path hp = p.Child("hostnameOverride");
    if (spec.set_hostname_as_fqdn.value_or(false)) {
      out->push_back(Forbidden(hp, "may not be specified when setHostnameAsFQDN is true"));
    }
    if (spec.host_network) out->push_back(Forbidden(hp, "may not be specified when hostNetwork is true"));
    if (spec.hostname_override->size() > 64) out->push_back(TooLong(hp, 64));
    AppendInvalid(out, hp, *spec.hostname_override, IsDNS1123Subdomain(*spec.hostname_override));
  }
  NameField(out, spec.service_account_name, p.Child("serviceAccountName"));
  if (spec.deprecated_service_account != spec.service_account_name) {
    out->push_back(InvalidStr(p.Child("deprecatedServiceAccount"), spec.deprecated_service_account,
                              "must be the same as serviceAccountName: " +
                                  QuoteStr(spec.service_account_name)));
  }
  NameField(out, spec.node_name, p.Child("nodeName"));
  if (spec.active_deadline_seconds &&
      (*spec.active_deadline_seconds < 1 || *spec.active_deadline_seconds > kMaxInt32)) {
    out->push_back(InvalidInt(p.Child("activeDeadlineSeconds"), *spec.active_deadline_seconds,
                              InclusiveRangeError(1, kMaxInt32)));
  }
  if (!spec.hostname.empty()) {
    AppendInvalid(out, p.Child("hostname"), spec.hostname, IsDNS1123Label(spec.hostname));
  }
  if (!spec.subdomain.empty()) {
    AppendInvalid(out, p.Child("subdomain"), spec.subdomain, IsDNS1123Label(spec.subdomain));
  }
  NameField(out, spec.priority_class_name, p.Child("priorityClassName"));
  if (spec.runtime_class_name) {
    AppendInvalid(out, p.Child("runtimeClassName"), *spec.runtime_class_name,
                  IsDNS1123Subdomain(*spec.runtime_class_name));
  }
  if (spec.preemption_policy) {
    Path pp = p.Child("preemptionPolicy");
    if (spec.preemption_policy->empty()) {
      out->push_back(Required(pp));
    } else if (*spec.preemption_policy != "PreemptLowerPriority" && *spec.preemption_policy != "Never") {
      out->push_back(NotSupported(pp, *spec.preemption_policy, {"PreemptLowerPriority", "Never"}));
    }
  }
}

void ValidatePodTemplateSpec(Errors* out, const core::PodTemplateSpec& t, const Path& p) {
  ValidateLabels(out, t.object_meta.labels, p.Child("labels"));
  ValidateAnnotations(out, t.object_meta.annotations, p.Child("annotations"));
  PodSpecificAnnotations(out, t.object_meta.annotations, t.spec, p.Child("annotations"));
  ValidatePodSpec(out, t.spec, false, p.Child("spec"));
  if (!t.spec.ephemeral_containers.empty()) {
    out->push_back(Forbidden(p.Child("spec").Child("ephemeralContainers"),
                             "ephemeral containers not allowed in pod template"));
  }
}

void PodCreate(Errors* out, const core::Pod& pod) {
  PodMetadataAndSpec(out, pod);
  Path spec("spec");
  if (!pod.spec.ephemeral_containers.empty()) {
    out->push_back(Forbidden(spec.Child("ephemeralContainers"), "cannot be set on create"));
  }
  if (!pod.spec.node_name.empty() && !pod.spec.scheduling_gates.empty()) {
    out->push_back(Forbidden(spec.Child("nodeName"),
                             "cannot be set until all schedulingGates have been cleared"));
  }
}

void PodUpdate(Errors* out, const core::Pod& pod, const core::Pod& old) {
  Path spec("spec");
  ValidateObjectMetaUpdate(out, pod.object_meta, old.object_meta, true, Path("metadata"));
  PodMetadataAndSpec(out, pod);
  if (ContainerUpdates(out, pod.spec.containers, old.spec.containers, spec.Child("containers")) ||
      ContainerUpdates(out, pod.spec.init_containers, old.spec.init_containers,
                       spec.Child("initContainers"))) {
    return;
  }
  const auto& ads = pod.spec.active_deadline_seconds;
  const auto& old_ads = old.spec.active_deadline_seconds;
  if (ads) {
    if (*ads < 0 || *ads > kMaxInt32) {
      out->push_back(InvalidInt(spec.Child("activeDeadlineSeconds"), *ads, InclusiveRangeError(0, kMaxInt32)));
      return;
    }
    if (old_ads && *old_ads < *ads) {
      out->push_back(InvalidInt(spec.Child("activeDeadlineSeconds"), *ads,
                                "must be less than or equal to previous value"));
      return;
    }
  } else if (old_ads) {
    out->push_back(Invalid(spec.Child("activeDeadlineSeconds"), "null",
                           "must not update from a positive integer to nil value"));
  }
  if (pod.spec == old.spec) return;
  core::PodSpec munged = pod.spec;
  for (size_t i = 0; i < munged.containers.size(); ++i) munged.containers[i].image = old.spec.containers[i].image;
  for (size_t i = 0; i < munged.init_containers.size(); ++i) {
    munged.init_containers[i].image = old.spec.init_containers[i].image;
  }
  munged.active_deadline_seconds = old.spec.active_deadline_seconds;
  munged.scheduling_gates = old.spec.scheduling_gates;
  munged.tolerations = old.spec.tolerations;
  const auto& og = old.spec.termination_grace_period_seconds;
  if (og && *og < 0 && munged.termination_grace_period_seconds &&
      *munged.termination_grace_period_seconds == 1) {
    munged.termination_grace_period_seconds = og;
  }
  if (!(munged == old.spec)) {
    // Upstream appends a go-cmp diff of the internal specs after the newline; not reproduced.
    out->push_back(Forbidden(spec,
                             "pod updates may not change fields other than `spec.containers[*].image`,"
                             "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
                             "`spec.tolerations` (only additions to existing tolerations),"
                             "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it "
                             "was previously negative)\n"));
  }
}

void PodTemplateCreate(Errors* out, const core::PodTemplate& t) {
  ValidateObjectMeta(out, t.object_meta, PodRules(), Path("metadata"));
  ValidatePodTemplateSpec(out, t.template_, Path("template"));
}

void PodTemplateUpdate(Errors* out, const core::PodTemplate& t, const core::PodTemplate& old) {
  ValidateObjectMetaUpdate(out, t.object_meta, old.object_meta, true, Path("metadata"));
  ValidatePodTemplateSpec(out, t.template_, Path("template"));
}

}  // namespace kubecxx::apiserver::validation::internal
