#include "lib/apiserver/field_labels.h"

#include "kubecxx/api/apps/v1/types.h"
#include "kubecxx/api/batch/v1/types.h"
#include "kubecxx/api/certificates/v1/types.h"
#include "kubecxx/api/core/v1/types.h"

namespace kubecxx::apiserver {
namespace {

namespace core = api::core::v1;
using Fields = std::map<std::string, std::string, std::less<>>;

bool Is(const ServedResource& r, std::string_view group, std::string_view resource) {
  return r.group == group && r.resource == resource;
}

// The resource's own fields (without the metadata ones).
Fields OwnFields(const ServedResource& r, const codec::Object& obj) {
  if (Is(r, "", "pods")) {
    const auto* p = obj.As<core::Pod>();
    return {{"spec.nodeName", p->spec.node_name},
            {"spec.restartPolicy", p->spec.restart_policy},
            {"spec.schedulerName", p->spec.scheduler_name},
            {"spec.serviceAccountName", p->spec.service_account_name},
            {"spec.hostNetwork", p->spec.host_network ? "true" : "false"},
            {"status.phase", p->status.phase},
            {"status.podIP", p->status.pod_ips.empty() ? "" : p->status.pod_ips[0].ip},
            {"status.nominatedNodeName", p->status.nominated_node_name}};
  }
  if (Is(r, "", "nodes")) {
    return {{"spec.unschedulable", obj.As<core::Node>()->spec.unschedulable ? "true" : "false"}};
  }
  if (Is(r, "", "secrets")) return {{"type", obj.As<core::Secret>()->type}};
  if (Is(r, "", "namespaces")) {
    const auto* ns = obj.As<core::Namespace>();
    return {{"status.phase", ns->status.phase}, {"name", ns->object_meta.name}};
  }
  if (Is(r, "", "persistentvolumes") || Is(r, "", "persistentvolumeclaims")) {
    return {{"name", obj.meta()->name}};
  }
  if (Is(r, "", "events")) {
    const auto* e = obj.As<core::Event>();
    const auto& o = e->involved_object;
    std::string source = e->source.component.empty() ? e->reporting_controller
                                                     : e->source.component;
    return {{"involvedObject.kind", o.kind},
            {"involvedObject.namespace", o.namespace_},
            {"involvedObject.name", o.name},
            {"involvedObject.uid", o.uid},
            {"involvedObject.apiVersion", o.api_version},
            {"involvedObject.resourceVersion", o.resource_version},
            {"involvedObject.fieldPath", o.field_path},
            {"reason", e->reason},
            {"reportingComponent", e->reporting_controller},
            {"source", source},
            {"type", e->type}};
  }
  if (Is(r, "", "services")) {
    const auto* s = obj.As<core::Service>();
    return {{"spec.clusterIP", s->spec.cluster_ip}, {"spec.type", s->spec.type}};
  }
  if (Is(r, "", "replicationcontrollers")) {
    return {{"status.replicas",
             std::to_string(obj.As<core::ReplicationController>()->status.replicas)}};
  }
  if (Is(r, "apps", "replicasets")) {
    return {{"status.replicas", std::to_string(obj.As<api::apps::v1::ReplicaSet>()->status.replicas)}};
  }
  if (Is(r, "batch", "jobs")) {
    return {{"status.successful",
             std::to_string(obj.As<api::batch::v1::Job>()->status.succeeded)}};
  }
  if (Is(r, "certificates.k8s.io", "certificatesigningrequests")) {
    return {{"spec.signerName",
             obj.As<api::certificates::v1::CertificateSigningRequest>()->spec.signer_name}};
  }
  return {};
}

}  // namespace

bool IsSelectableField(const ServedResource& r, std::string_view field) {
  if (field == "metadata.name" || (r.namespaced && field == "metadata.namespace")) return true;
  if (r.kind == nullptr) return false;
  codec::Object probe(r.kind);
  return OwnFields(r, probe).count(field) > 0;
}

Fields SelectableFields(const ServedResource& r, const codec::Object& obj) {
  Fields f = OwnFields(r, obj);
  const auto* meta = obj.meta();
  if (meta != nullptr) {
    f["metadata.name"] = meta->name;
    if (r.namespaced) f["metadata.namespace"] = meta->namespace_;
  }
  return f;
}

}  // namespace kubecxx::apiserver
