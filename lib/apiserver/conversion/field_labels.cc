#include "lib/apiserver/conversion/field_labels.h"

#include <initializer_list>

#include "kubecxx/api/certificates/v1/types.h"
#include "kubecxx/api/events/v1/types.h"

namespace kubecxx::apiserver::conversion {
namespace {

bool Is(const codec::KindInfo* k, std::string_view g, std::string_view v, std::string_view kind) {
  return k != nullptr && k->group == g && k->version == v && k->kind == kind;
}

bool In(std::string_view label, std::initializer_list<std::string_view> labels) {
  for (std::string_view l : labels) {
    if (l == label) return true;
  }
  return false;
}

}  // namespace

bool HasFieldLabels(const codec::KindInfo* k) {
  return Is(k, "events.k8s.io", "v1", "Event") ||
         Is(k, "certificates.k8s.io", "v1", "ClusterTrustBundle") ||
         Is(k, "certificates.k8s.io", "v1", "PodCertificateRequest");
}

Status CheckFieldLabel(const codec::KindInfo* k, std::string_view label) {
  bool ok = false;
  if (Is(k, "events.k8s.io", "v1", "Event")) {
    ok = In(label, {"reason", "regarding.kind", "regarding.namespace", "regarding.name",
                    "regarding.uid", "regarding.apiVersion", "regarding.resourceVersion",
                    "regarding.fieldPath", "reportingController", "type", "metadata.namespace",
                    "metadata.name"});
  } else if (Is(k, "certificates.k8s.io", "v1", "ClusterTrustBundle")) {
    ok = In(label, {"metadata.name", "spec.signerName"});
  } else if (Is(k, "certificates.k8s.io", "v1", "PodCertificateRequest")) {
    ok = In(label, {"metadata.name", "spec.signerName", "spec.podName", "spec.nodeName"});
  }
  if (ok) return Status();
  return Status::Invalid("field label not supported: " + std::string(label));
}

std::optional<std::string> FieldValue(const codec::Object& obj, std::string_view label) {
  const codec::KindInfo* k = obj.info();
  if (Is(k, "events.k8s.io", "v1", "Event")) {
    const auto* e = obj.As<api::events::v1::Event>();
    if (label == "metadata.name") return e->object_meta.name;
    if (label == "metadata.namespace") return e->object_meta.namespace_;
    if (label == "reason") return e->reason;
    if (label == "type") return e->type;
    if (label == "reportingController") return e->reporting_controller;
    if (label == "regarding.kind") return e->regarding.kind;
    if (label == "regarding.namespace") return e->regarding.namespace_;
    if (label == "regarding.name") return e->regarding.name;
    if (label == "regarding.uid") return e->regarding.uid;
    if (label == "regarding.apiVersion") return e->regarding.api_version;
    if (label == "regarding.resourceVersion") return e->regarding.resource_version;
    if (label == "regarding.fieldPath") return e->regarding.field_path;
  } else if (Is(k, "certificates.k8s.io", "v1", "ClusterTrustBundle")) {
    const auto* c = obj.As<api::certificates::v1::ClusterTrustBundle>();
    if (label == "metadata.name") return c->object_meta.name;
    if (label == "spec.signerName") return c->spec.signer_name;
  } else if (Is(k, "certificates.k8s.io", "v1", "PodCertificateRequest")) {
    const auto* p = obj.As<api::certificates::v1::PodCertificateRequest>();
    if (label == "metadata.name") return p->object_meta.name;
    if (label == "spec.signerName") return p->spec.signer_name;
    if (label == "spec.podName") return p->spec.pod_name;
    if (label == "spec.nodeName") return p->spec.node_name;
  }
  return std::nullopt;
}

}  // namespace kubecxx::apiserver::conversion
