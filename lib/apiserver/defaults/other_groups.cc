// Defaulters of the smaller groups (k8s.io/kubernetes@v1.37.2 pkg/apis/<group>/v1[/v2]
// defaults.go + zz_generated.defaults.go): autoscaling/v1 and v2, certificates/v1
// PodCertificateRequest, networking, rbac, storage,
// scheduling, discovery, flowcontrol, admissionregistration. policy/v1, coordination/v1 and
// events have no defaulters. v1.37 gates: SELinuxMountReadWriteOncePod and VolumeLimitScaling on.
#include "kubecxx/api/admissionregistration/v1/types.h"
#include "kubecxx/api/autoscaling/v1/types.h"
#include "kubecxx/api/autoscaling/v2/types.h"
#include "kubecxx/api/certificates/v1/types.h"
#include "kubecxx/api/discovery/v1/types.h"
#include "kubecxx/api/flowcontrol/v1/types.h"
#include "kubecxx/api/networking/v1/types.h"
#include "kubecxx/api/rbac/v1/types.h"
#include "kubecxx/api/scheduling/v1/types.h"
#include "kubecxx/api/storage/v1/types.h"
#include "lib/apiserver/defaults/defaults_internal.h"

namespace kubecxx::apiserver::defaults::internal {
namespace {

namespace as2 = api::autoscaling::v2;
namespace net = api::networking::v1;
namespace rbac = api::rbac::v1;
namespace st = api::storage::v1;
namespace sch = api::scheduling::v1;
namespace disc = api::discovery::v1;
namespace fc = api::flowcontrol::v1;
namespace ar = api::admissionregistration::v1;

// GenerateHPAScale{Up,Down}Rules: upstream's defaults with the set fields of `from` on top.
void ScalingRules(kubecxx::Box<as2::HPAScalingRules>& rules, bool up) {
  as2::HPAScalingRules out;
  out.select_policy = "Max";
  if (up) {
    out.stabilization_window_seconds = 0;
    out.policies = {{"Pods", 4, 15}, {"Percent", 100, 15}};
  } else {
    out.policies = {{"Percent", 100, 15}};
  }
  if (rules) {
    if (rules->select_policy) out.select_policy = rules->select_policy;
    if (rules->stabilization_window_seconds) {
      out.stabilization_window_seconds = rules->stabilization_window_seconds;
    }
    // `from.Policies != nil`: an explicit empty list also replaces the defaults; the decoded
    // model cannot tell [] from absent, so [] keeps the defaults here.
    if (!rules->policies.empty()) out.policies = rules->policies;
    if (rules->tolerance) out.tolerance = rules->tolerance;
  }
  rules = kubecxx::Box<as2::HPAScalingRules>(std::move(out));
}

void HorizontalPodAutoscaler(as2::HorizontalPodAutoscaler& hpa) {
  auto& spec = hpa.spec;
  if (!spec.min_replicas) spec.min_replicas = 1;
  if (spec.metrics.empty()) {
    as2::MetricSpec m;
    m.type = "Resource";
    auto& r = m.resource.emplace();
    r.name = "cpu";
    r.target.type = "Utilization";
    r.target.average_utilization = 80;
    spec.metrics.push_back(std::move(m));
  }
  if (spec.behavior) {
    ScalingRules(spec.behavior->scale_up, true);
    ScalingRules(spec.behavior->scale_down, false);
  }
}

// The served versions stored in another version (lib/apiserver/conversion): defaulted in the
// request's version before the conversion, as upstream's decoder does.
void HorizontalPodAutoscalerV1(api::autoscaling::v1::HorizontalPodAutoscaler& hpa) {
  if (!hpa.spec.min_replicas) hpa.spec.min_replicas = 1;
}

void PodCertificateRequest(api::certificates::v1::PodCertificateRequest& r) {
  if (!r.spec.max_expiration_seconds) r.spec.max_expiration_seconds = 86400;  // +default
}

void NetworkPolicy(net::NetworkPolicy& np) {
  auto& spec = np.spec;
  if (spec.policy_types.empty()) {
    spec.policy_types = {"Ingress"};
    if (!spec.egress.empty()) spec.policy_types.push_back("Egress");
  }
  for (auto& rule : spec.ingress) {
    for (auto& p : rule.ports) {
      if (!p.protocol) p.protocol = "TCP";
    }
  }
  for (auto& rule : spec.egress) {
    for (auto& p : rule.ports) {
      if (!p.protocol) p.protocol = "TCP";
    }
  }
}

void IngressClass(net::IngressClass& ic) {
  if (ic.spec.parameters && !ic.spec.parameters->scope) ic.spec.parameters->scope = "Cluster";
}

void Subjects(std::vector<rbac::Subject>& subjects) {
  for (auto& s : subjects) {
    if (s.api_group.empty() && (s.kind == "User" || s.kind == "Group")) {
      s.api_group = "rbac.authorization.k8s.io";
    }
  }
}

void RoleBinding(rbac::RoleBinding& rb) {
  if (rb.role_ref.api_group.empty()) rb.role_ref.api_group = "rbac.authorization.k8s.io";
  Subjects(rb.subjects);
}

void ClusterRoleBinding(rbac::ClusterRoleBinding& rb) {
  if (rb.role_ref.api_group.empty()) rb.role_ref.api_group = "rbac.authorization.k8s.io";
  Subjects(rb.subjects);
}

void StorageClass(st::StorageClass& sc) {
  if (!sc.reclaim_policy) sc.reclaim_policy = "Delete";
  if (!sc.volume_binding_mode) sc.volume_binding_mode = "Immediate";
}

void CSIDriver(st::CSIDriver& d) {
  auto& s = d.spec;
  if (!s.attach_required) s.attach_required = true;
  if (!s.pod_info_on_mount) s.pod_info_on_mount = false;
  if (!s.storage_capacity) s.storage_capacity = false;
  if (!s.fs_group_policy) s.fs_group_policy = "ReadWriteOnceWithFSType";
  if (s.volume_lifecycle_modes.empty()) s.volume_lifecycle_modes = {"Persistent"};
  if (!s.requires_republish) s.requires_republish = false;
  if (!s.se_linux_mount) s.se_linux_mount = false;
  if (!s.prevent_pod_scheduling_if_missing) s.prevent_pod_scheduling_if_missing = false;
}

void PriorityClass(sch::PriorityClass& pc) {
  if (!pc.preemption_policy) pc.preemption_policy = "PreemptLowerPriority";
}

void EndpointSlice(disc::EndpointSlice& es) {
  for (auto& p : es.ports) {
    if (!p.name) p.name = "";
    if (!p.protocol) p.protocol = "TCP";
  }
}

void FlowSchema(fc::FlowSchema& f) {
  if (f.spec.matching_precedence == 0) f.spec.matching_precedence = 1000;
}

void PriorityLevelConfiguration(fc::PriorityLevelConfiguration& p) {
  if (auto& l = p.spec.limited) {
    if (!l->nominal_concurrency_shares) l->nominal_concurrency_shares = 30;
    if (!l->lendable_percent) l->lendable_percent = 0;
    if (auto& q = l->limit_response.queuing) {
      if (q->hand_size == 0) q->hand_size = 8;
      if (q->queues == 0) q->queues = 64;
      if (q->queue_length_limit == 0) q->queue_length_limit = 50;
    }
  }
  if (auto& e = p.spec.exempt) {
    if (!e->nominal_concurrency_shares) e->nominal_concurrency_shares = 0;
    if (!e->lendable_percent) e->lendable_percent = 0;
  }
}

void Rule(ar::Rule& r) {
  if (!r.scope) r.scope = "*";
}

template <typename W>
void Webhook(W& w) {
  if (!w.failure_policy) w.failure_policy = "Fail";
  if (!w.match_policy) w.match_policy = "Equivalent";
  if (!w.namespace_selector) w.namespace_selector.emplace();
  if (!w.object_selector) w.object_selector.emplace();
  if (!w.timeout_seconds) w.timeout_seconds = 10;
  if (w.client_config.service && !w.client_config.service->port) {
    w.client_config.service->port = 443;
  }
  for (auto& r : w.rules) Rule(r.rule);
}

void MatchResources(kubecxx::Box<ar::MatchResources>& m) {
  if (!m) return;
  if (!m->match_policy) m->match_policy = "Equivalent";
  if (!m->namespace_selector) m->namespace_selector.emplace();
  if (!m->object_selector) m->object_selector.emplace();
  for (auto& r : m->resource_rules) Rule(r.rule_with_operations.rule);
  for (auto& r : m->exclude_resource_rules) Rule(r.rule_with_operations.rule);
}

void ValidatingWebhookConfiguration(ar::ValidatingWebhookConfiguration& c) {
  for (auto& w : c.webhooks) Webhook(w);
}

void MutatingWebhookConfiguration(ar::MutatingWebhookConfiguration& c) {
  for (auto& w : c.webhooks) {
    Webhook(w);
    if (!w.reinvocation_policy) w.reinvocation_policy = "Never";
  }
}

void ValidatingAdmissionPolicy(ar::ValidatingAdmissionPolicy& p) {
  if (!p.spec.failure_policy) p.spec.failure_policy = "Fail";
  MatchResources(p.spec.match_constraints);
}

void ValidatingAdmissionPolicyBinding(ar::ValidatingAdmissionPolicyBinding& b) {
  MatchResources(b.spec.match_resources);
}

void MutatingAdmissionPolicy(ar::MutatingAdmissionPolicy& p) {
  if (!p.spec.failure_policy) p.spec.failure_policy = "Fail";
  MatchResources(p.spec.match_constraints);
}

void MutatingAdmissionPolicyBinding(ar::MutatingAdmissionPolicyBinding& b) {
  MatchResources(b.spec.match_resources);
}

constexpr Entry kEntries[] = {
    {"autoscaling", "v1", "HorizontalPodAutoscaler",
     &Apply<api::autoscaling::v1::HorizontalPodAutoscaler, HorizontalPodAutoscalerV1>},
    {"certificates.k8s.io", "v1", "PodCertificateRequest",
     &Apply<api::certificates::v1::PodCertificateRequest, PodCertificateRequest>},
    {"autoscaling", "v2", "HorizontalPodAutoscaler",
     &Apply<as2::HorizontalPodAutoscaler, HorizontalPodAutoscaler>},
    {"networking.k8s.io", "v1", "NetworkPolicy", &Apply<net::NetworkPolicy, NetworkPolicy>},
    {"networking.k8s.io", "v1", "IngressClass", &Apply<net::IngressClass, IngressClass>},
    {"rbac.authorization.k8s.io", "v1", "RoleBinding", &Apply<rbac::RoleBinding, RoleBinding>},
    {"rbac.authorization.k8s.io", "v1", "ClusterRoleBinding",
     &Apply<rbac::ClusterRoleBinding, ClusterRoleBinding>},
    {"storage.k8s.io", "v1", "StorageClass", &Apply<st::StorageClass, StorageClass>},
    {"storage.k8s.io", "v1", "CSIDriver", &Apply<st::CSIDriver, CSIDriver>},
    {"scheduling.k8s.io", "v1", "PriorityClass", &Apply<sch::PriorityClass, PriorityClass>},
    {"discovery.k8s.io", "v1", "EndpointSlice", &Apply<disc::EndpointSlice, EndpointSlice>},
    {"flowcontrol.apiserver.k8s.io", "v1", "FlowSchema", &Apply<fc::FlowSchema, FlowSchema>},
    {"flowcontrol.apiserver.k8s.io", "v1", "PriorityLevelConfiguration",
     &Apply<fc::PriorityLevelConfiguration, PriorityLevelConfiguration>},
    {"admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration",
     &Apply<ar::ValidatingWebhookConfiguration, ValidatingWebhookConfiguration>},
    {"admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration",
     &Apply<ar::MutatingWebhookConfiguration, MutatingWebhookConfiguration>},
    {"admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicy",
     &Apply<ar::ValidatingAdmissionPolicy, ValidatingAdmissionPolicy>},
    {"admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicyBinding",
     &Apply<ar::ValidatingAdmissionPolicyBinding, ValidatingAdmissionPolicyBinding>},
    {"admissionregistration.k8s.io", "v1", "MutatingAdmissionPolicy",
     &Apply<ar::MutatingAdmissionPolicy, MutatingAdmissionPolicy>},
    {"admissionregistration.k8s.io", "v1", "MutatingAdmissionPolicyBinding",
     &Apply<ar::MutatingAdmissionPolicyBinding, MutatingAdmissionPolicyBinding>},
};

}  // namespace

std::span<const Entry> OtherEntries() { return kEntries; }

}  // namespace kubecxx::apiserver::defaults::internal
