#include "lib/apiserver/field_selectors.h"

#include <array>

#include "kubecxx/api/batch/v1/types.h"
#include "kubecxx/api/certificates/v1/types.h"
#include "kubecxx/api/core/v1/types.h"
#include "kubecxx/api/meta/v1/types.h"
#include "kubecxx/api/resource/v1/types.h"
#include "lib/api/go_strconv.h"
#include "lib/apiserver/conversion/field_labels.h"

namespace kubecxx::apiserver {
namespace {

bool Is(const codec::KindInfo* k, std::string_view group, std::string_view version,
        std::string_view kind) {
  return k != nullptr && k->group == group && k->version == version && k->kind == kind;
}

// One accepted label and the label it reads (the same unless renamed).
struct Label {
  std::string_view from;
  std::string_view to;
};

struct KindLabels {
  std::string_view group, version, kind;
  std::vector<Label> labels;
  enum class Error { kCore, kJob, kResourceSlice } error = Error::kCore;
};

const std::vector<KindLabels>& Table() {
  static const std::vector<KindLabels> table = {
      {"", "v1", "Pod",
       {{"metadata.name", "metadata.name"},
        {"metadata.namespace", "metadata.namespace"},
        {"spec.nodeName", "spec.nodeName"},
        {"spec.restartPolicy", "spec.restartPolicy"},
        {"spec.schedulerName", "spec.schedulerName"},
        {"spec.serviceAccountName", "spec.serviceAccountName"},
        {"spec.hostNetwork", "spec.hostNetwork"},
        {"status.phase", "status.phase"},
        {"status.podIP", "status.podIP"},
        {"status.podIPs", "status.podIPs"},
        {"status.nominatedNodeName", "status.nominatedNodeName"},
        {"spec.host", "spec.nodeName"}}},
      {"", "v1", "Node", {{"metadata.name", "metadata.name"}, {"spec.unschedulable", "spec.unschedulable"}}},
      {"", "v1", "ReplicationController",
       {{"metadata.name", "metadata.name"},
        {"metadata.namespace", "metadata.namespace"},
        {"status.replicas", "status.replicas"}}},
      {"", "v1", "Event",
       {{"involvedObject.kind", "involvedObject.kind"},
        {"involvedObject.namespace", "involvedObject.namespace"},
        {"involvedObject.name", "involvedObject.name"},
        {"involvedObject.uid", "involvedObject.uid"},
        {"involvedObject.apiVersion", "involvedObject.apiVersion"},
        {"involvedObject.resourceVersion", "involvedObject.resourceVersion"},
        {"involvedObject.fieldPath", "involvedObject.fieldPath"},
        {"reason", "reason"},
        {"reportingComponent", "reportingComponent"},
        {"source", "source"},
        {"type", "type"},
        {"metadata.namespace", "metadata.namespace"},
        {"metadata.name", "metadata.name"}}},
      {"", "v1", "Namespace", {{"status.phase", "status.phase"}, {"metadata.name", "metadata.name"}}},
      {"", "v1", "Secret",
       {{"type", "type"}, {"metadata.namespace", "metadata.namespace"}, {"metadata.name", "metadata.name"}}},
      {"", "v1", "Service",
       {{"metadata.namespace", "metadata.namespace"},
        {"metadata.name", "metadata.name"},
        {"spec.clusterIP", "spec.clusterIP"},
        {"spec.type", "spec.type"}}},
      {"batch", "v1", "Job",
       {{"metadata.name", "metadata.name"},
        {"metadata.namespace", "metadata.namespace"},
        {"status.successful", "status.successful"}},
       KindLabels::Error::kJob},
      {"certificates.k8s.io", "v1", "CertificateSigningRequest",
       {{"metadata.name", "metadata.name"}, {"spec.signerName", "spec.signerName"}}},
      {"certificates.k8s.io", "v1", "ClusterTrustBundle",
       {{"metadata.name", "metadata.name"}, {"spec.signerName", "spec.signerName"}}},
      {"resource.k8s.io", "v1", "ResourceSlice",
       {{"metadata.name", "metadata.name"},
        {"spec.nodeName", "spec.nodeName"},
        {"spec.driver", "spec.driver"},
        {"spec.pool.name", "spec.pool.name"}},
       KindLabels::Error::kResourceSlice},
  };
  return table;
}

}  // namespace

StatusOr<std::string> ConvertFieldLabel(const codec::KindInfo* kind, std::string_view label) {
  // Served only through conversion (events.k8s.io/v1 Event): its own labels, read on the
  // served object (conversion/field_labels.h).
  if (Is(kind, "events.k8s.io", "v1", "Event")) {
    Status s = conversion::CheckFieldLabel(kind, label);
    if (!s.ok()) return Status::Invalid(s.message());
    return std::string(label);
  }
  for (const KindLabels& k : Table()) {
    if (!Is(kind, k.group, k.version, k.kind)) continue;
    for (const Label& l : k.labels) {
      if (l.from == label) return std::string(l.to);
    }
    switch (k.error) {
      case KindLabels::Error::kJob:
        return Status::Invalid("field label " + api::GoQuote(label) + " not supported for Job");
      case KindLabels::Error::kResourceSlice:
        return Status::Invalid(
            "field label not supported for resource.k8s.io/v1, Kind=ResourceSlice: " +
            std::string(label));
      case KindLabels::Error::kCore:
        break;
    }
    return Status::Invalid("field label not supported: " + std::string(label));
  }
  if (label == "metadata.name" || label == "metadata.namespace") return std::string(label);
  return Status::Invalid(api::GoQuote(label) +
                         " is not a known field selector: only \"metadata.name\", "
                         "\"metadata.namespace\"");
}

FieldSet SelectableFields(const codec::Object& obj, bool namespaced) {
  FieldSet f;
  const auto* meta = obj.meta();
  const codec::KindInfo* k = obj.info();
  f.emplace_back("metadata.name", meta->name);
  if (namespaced) f.emplace_back("metadata.namespace", meta->namespace_);
  if (Is(k, "", "v1", "Pod")) {
    const auto* p = obj.As<api::core::v1::Pod>();
    f.emplace_back("spec.nodeName", p->spec.node_name);
    f.emplace_back("spec.restartPolicy", p->spec.restart_policy);
    f.emplace_back("spec.schedulerName", p->spec.scheduler_name);
    f.emplace_back("spec.serviceAccountName", p->spec.service_account_name);
    f.emplace_back("spec.hostNetwork", p->spec.host_network ? "true" : "false");
    f.emplace_back("status.phase", p->status.phase);
    f.emplace_back("status.podIP", p->status.pod_ips.empty() ? "" : p->status.pod_ips[0].ip);
    f.emplace_back("status.nominatedNodeName", p->status.nominated_node_name);
  } else if (Is(k, "", "v1", "Node")) {
    f.emplace_back("spec.unschedulable",
                   obj.As<api::core::v1::Node>()->spec.unschedulable ? "true" : "false");
  } else if (Is(k, "", "v1", "ReplicationController")) {
    f.emplace_back("status.replicas",
                   std::to_string(obj.As<api::core::v1::ReplicationController>()->status.replicas));
  } else if (Is(k, "events.k8s.io", "v1", "Event")) {
    for (const char* label : {"reason", "type", "reportingController", "regarding.kind",
                              "regarding.namespace", "regarding.name", "regarding.uid",
                              "regarding.apiVersion", "regarding.resourceVersion",
                              "regarding.fieldPath"}) {
      f.emplace_back(label, conversion::FieldValue(obj, label).value_or(""));
    }
  } else if (Is(k, "", "v1", "Event")) {
    const auto* e = obj.As<api::core::v1::Event>();
    const auto& o = e->involved_object;
    f.emplace_back("involvedObject.kind", o.kind);
    f.emplace_back("involvedObject.namespace", o.namespace_);
    f.emplace_back("involvedObject.name", o.name);
    f.emplace_back("involvedObject.uid", o.uid);
    f.emplace_back("involvedObject.apiVersion", o.api_version);
    f.emplace_back("involvedObject.resourceVersion", o.resource_version);
    f.emplace_back("involvedObject.fieldPath", o.field_path);
    f.emplace_back("reason", e->reason);
    f.emplace_back("reportingComponent", e->reporting_controller);
    f.emplace_back("source", e->source.component.empty() ? e->reporting_controller
                                                           : e->source.component);
    f.emplace_back("type", e->type);
  } else if (Is(k, "", "v1", "Namespace")) {
    f.emplace_back("status.phase", obj.As<api::core::v1::Namespace>()->status.phase);
    f.emplace_back("name", meta->name);  // upstream keeps this for compatibility
  } else if (Is(k, "", "v1", "Secret")) {
    f.emplace_back("type", obj.As<api::core::v1::Secret>()->type);
  } else if (Is(k, "", "v1", "Service")) {
    const auto* s = obj.As<api::core::v1::Service>();
    f.emplace_back("spec.clusterIP", s->spec.cluster_ip);
    f.emplace_back("spec.type", s->spec.type);
  } else if (Is(k, "batch", "v1", "Job")) {
    f.emplace_back("status.successful",
                   std::to_string(obj.As<api::batch::v1::Job>()->status.succeeded));
  } else if (Is(k, "certificates.k8s.io", "v1", "CertificateSigningRequest")) {
    f.emplace_back("spec.signerName",
                   obj.As<api::certificates::v1::CertificateSigningRequest>()->spec.signer_name);
  } else if (Is(k, "certificates.k8s.io", "v1", "ClusterTrustBundle")) {
    f.emplace_back("spec.signerName",
                   obj.As<api::certificates::v1::ClusterTrustBundle>()->spec.signer_name);
  } else if (Is(k, "resource.k8s.io", "v1", "ResourceSlice")) {
    const auto* s = obj.As<api::resource::v1::ResourceSlice>();
    f.emplace_back("spec.nodeName", s->spec.node_name.value_or(""));
    f.emplace_back("spec.driver", s->spec.driver);
    f.emplace_back("spec.pool.name", s->spec.pool.name);
  }
  return f;
}

StatusOr<SelectionPredicate> SelectionPredicate::Parse(std::string_view label_selector,
                                                       std::string_view field_selector,
                                                       const codec::KindInfo* kind,
                                                       bool namespaced) {
  SelectionPredicate p;
  p.namespaced_ = namespaced;
  if (!label_selector.empty()) {
    auto labels = api::ParseSelector(label_selector);
    if (!labels.ok()) return labels.status();
    p.labels_ = *std::move(labels);
  }
  if (!field_selector.empty()) {
    auto fields = api::ParseFieldSelector(field_selector);
    if (!fields.ok()) return fields.status();
    p.fields_ = *std::move(fields);
    for (const auto& req : p.fields_.Requirements()) {
      auto to = ConvertFieldLabel(kind, req.field);
      if (!to.ok()) return to.status();
      if (*to != req.field) p.renames_.emplace_back(req.field, *to);
    }
  }
  return p;
}

bool SelectionPredicate::Matches(const std::map<std::string, std::string>& labels,
                                 const FieldSet& fields) const {
  if (!labels_.Matches(labels)) return false;
  if (fields_.Empty()) return true;
  return fields_.Matches([&](std::string_view label) -> std::optional<std::string_view> {
    for (const auto& [from, to] : renames_) {
      if (from == label) {
        label = to;
        break;
      }
    }
    for (const auto& [name, value] : fields) {
      if (name == label) return std::string_view(value);
    }
    return std::nullopt;
  });
}

bool SelectionPredicate::Matches(const codec::Object& obj) const {
  const auto* meta = obj.meta();
  if (meta == nullptr) return false;
  if (Empty()) return true;
  if (!labels_.Matches(meta->labels)) return false;
  if (fields_.Empty()) return true;
  return Matches(meta->labels, SelectableFields(obj, namespaced_));
}

storage::Predicate SelectionPredicate::AsStoragePredicate() const {
  if (Empty()) return {};
  return [p = *this](const codec::Object& obj) { return p.Matches(obj); };
}

}  // namespace kubecxx::apiserver
