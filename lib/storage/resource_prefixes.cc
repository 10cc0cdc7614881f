#include "lib/storage/resource_prefixes.h"

#include <algorithm>
#include <tuple>

namespace kubecxx::storage {
namespace {

// group, resource, etcd prefix, storage group, storage version, storage kind, namespaced.
constexpr ResourcePrefix kTable[] = {
    {"", "configmaps", "configmaps", "", "v1", "ConfigMap", true},
    {"", "endpoints", "services/endpoints", "", "v1", "Endpoints", true},
    {"", "events", "events", "", "v1", "Event", true},
    {"", "limitranges", "limitranges", "", "v1", "LimitRange", true},
    {"", "namespaces", "namespaces", "", "v1", "Namespace", false},
    {"", "nodes", "minions", "", "v1", "Node", false},
    {"", "persistentvolumeclaims", "persistentvolumeclaims", "", "v1", "PersistentVolumeClaim", true},
    {"", "persistentvolumes", "persistentvolumes", "", "v1", "PersistentVolume", false},
    {"", "pods", "pods", "", "v1", "Pod", true},
    {"", "podtemplates", "podtemplates", "", "v1", "PodTemplate", true},
    {"", "replicationcontrollers", "controllers", "", "v1", "ReplicationController", true},
    {"", "resourcequotas", "resourcequotas", "", "v1", "ResourceQuota", true},
    {"", "secrets", "secrets", "", "v1", "Secret", true},
    {"", "serviceaccounts", "serviceaccounts", "", "v1", "ServiceAccount", true},
    {"", "services", "services/specs", "", "v1", "Service", true},
    {"admissionregistration.k8s.io", "mutatingadmissionpolicies", "mutatingadmissionpolicies", "admissionregistration.k8s.io", "v1", "MutatingAdmissionPolicy", false},
    {"admissionregistration.k8s.io", "mutatingadmissionpolicybindings", "mutatingadmissionpolicybindings", "admissionregistration.k8s.io", "v1", "MutatingAdmissionPolicyBinding", false},
    {"admissionregistration.k8s.io", "mutatingwebhookconfigurations", "mutatingwebhookconfigurations", "admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", false},
    {"admissionregistration.k8s.io", "validatingadmissionpolicies", "validatingadmissionpolicies", "admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicy", false},
    {"admissionregistration.k8s.io", "validatingadmissionpolicybindings", "validatingadmissionpolicybindings", "admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicyBinding", false},
    {"admissionregistration.k8s.io", "validatingwebhookconfigurations", "validatingwebhookconfigurations", "admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", false},
    {"apiextensions.k8s.io", "customresourcedefinitions", "apiextensions.k8s.io/customresourcedefinitions", "apiextensions.k8s.io", "v1beta1", "CustomResourceDefinition", false},
    {"apiregistration.k8s.io", "apiservices", "apiregistration.k8s.io/apiservices", "apiregistration.k8s.io", "v1", "APIService", false},
    {"apps", "controllerrevisions", "controllerrevisions", "apps", "v1", "ControllerRevision", true},
    {"apps", "daemonsets", "daemonsets", "apps", "v1", "DaemonSet", true},
    {"apps", "deployments", "deployments", "apps", "v1", "Deployment", true},
    {"apps", "replicasets", "replicasets", "apps", "v1", "ReplicaSet", true},
    {"apps", "statefulsets", "statefulsets", "apps", "v1", "StatefulSet", true},
    {"autoscaling", "horizontalpodautoscalers", "horizontalpodautoscalers", "autoscaling", "v2", "HorizontalPodAutoscaler", true},
    {"batch", "cronjobs", "cronjobs", "batch", "v1", "CronJob", true},
    {"batch", "jobs", "jobs", "batch", "v1", "Job", true},
    {"certificates.k8s.io", "certificatesigningrequests", "certificatesigningrequests", "certificates.k8s.io", "v1", "CertificateSigningRequest", false},
    {"certificates.k8s.io", "clustertrustbundles", "clustertrustbundles", "certificates.k8s.io", "v1beta1", "ClusterTrustBundle", false},
    {"certificates.k8s.io", "podcertificaterequests", "podcertificaterequests", "certificates.k8s.io", "v1beta1", "PodCertificateRequest", true},
    {"coordination.k8s.io", "leasecandidates", "leasecandidates", "coordination.k8s.io", "v1beta1", "LeaseCandidate", true},
    {"coordination.k8s.io", "leases", "leases", "coordination.k8s.io", "v1", "Lease", true},
    {"discovery.k8s.io", "endpointslices", "endpointslices", "discovery.k8s.io", "v1", "EndpointSlice", true},
    {"events.k8s.io", "events", "events", "", "v1", "Event", true},
    {"flowcontrol.apiserver.k8s.io", "flowschemas", "flowschemas", "flowcontrol.apiserver.k8s.io", "v1", "FlowSchema", false},
    {"flowcontrol.apiserver.k8s.io", "prioritylevelconfigurations", "prioritylevelconfigurations", "flowcontrol.apiserver.k8s.io", "v1", "PriorityLevelConfiguration", false},
    {"internal.apiserver.k8s.io", "storageversions", "storageversions", "internal.apiserver.k8s.io", "v1alpha1", "StorageVersion", false},
    {"lifecycle.k8s.io", "evictionrequests", "evictionrequests", "lifecycle.k8s.io", "v1alpha1", "EvictionRequest", true},
    {"lifecycle.k8s.io", "evictions", "evictions", "lifecycle.k8s.io", "v1alpha1", "Eviction", true},
    {"networking.k8s.io", "ingressclasses", "ingressclasses", "networking.k8s.io", "v1", "IngressClass", false},
    {"networking.k8s.io", "ingresses", "ingress", "networking.k8s.io", "v1", "Ingress", true},
    {"networking.k8s.io", "ipaddresses", "ipaddresses", "networking.k8s.io", "v1", "IPAddress", false},
    {"networking.k8s.io", "networkpolicies", "networkpolicies", "networking.k8s.io", "v1", "NetworkPolicy", true},
    {"networking.k8s.io", "servicecidrs", "servicecidrs", "networking.k8s.io", "v1", "ServiceCIDR", false},
    {"node.k8s.io", "runtimeclasses", "runtimeclasses", "node.k8s.io", "v1", "RuntimeClass", false},
    {"policy", "poddisruptionbudgets", "poddisruptionbudgets", "policy", "v1", "PodDisruptionBudget", true},
    {"rbac.authorization.k8s.io", "clusterrolebindings", "clusterrolebindings", "rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", false},
    {"rbac.authorization.k8s.io", "clusterroles", "clusterroles", "rbac.authorization.k8s.io", "v1", "ClusterRole", false},
    {"rbac.authorization.k8s.io", "rolebindings", "rolebindings", "rbac.authorization.k8s.io", "v1", "RoleBinding", true},
    {"rbac.authorization.k8s.io", "roles", "roles", "rbac.authorization.k8s.io", "v1", "Role", true},
    {"resource.k8s.io", "deviceclasses", "deviceclasses", "resource.k8s.io", "v1", "DeviceClass", false},
    {"resource.k8s.io", "devicetaintrules", "devicetaintrules", "resource.k8s.io", "v1beta2", "DeviceTaintRule", false},
    {"resource.k8s.io", "resourceclaims", "resourceclaims", "resource.k8s.io", "v1", "ResourceClaim", true},
    {"resource.k8s.io", "resourceclaimtemplates", "resourceclaimtemplates", "resource.k8s.io", "v1", "ResourceClaimTemplate", true},
    {"resource.k8s.io", "resourcepoolstatusrequests", "resourcepoolstatusrequests", "resource.k8s.io", "v1alpha3", "ResourcePoolStatusRequest", false},
    {"resource.k8s.io", "resourceslices", "resourceslices", "resource.k8s.io", "v1", "ResourceSlice", false},
    {"scheduling.k8s.io", "compositepodgroups", "compositepodgroups", "scheduling.k8s.io", "v1alpha3", "CompositePodGroup", true},
    {"scheduling.k8s.io", "podgroups", "podgroups", "scheduling.k8s.io", "v1beta1", "PodGroup", true},
    {"scheduling.k8s.io", "priorityclasses", "priorityclasses", "scheduling.k8s.io", "v1", "PriorityClass", false},
    {"scheduling.k8s.io", "workloads", "workloads", "scheduling.k8s.io", "v1beta1", "Workload", true},
    {"storage.k8s.io", "csidrivers", "csidrivers", "storage.k8s.io", "v1", "CSIDriver", false},
    {"storage.k8s.io", "csinodes", "csinodes", "storage.k8s.io", "v1", "CSINode", false},
    {"storage.k8s.io", "csistoragecapacities", "csistoragecapacities", "storage.k8s.io", "v1", "CSIStorageCapacity", true},
    {"storage.k8s.io", "storageclasses", "storageclasses", "storage.k8s.io", "v1", "StorageClass", false},
    {"storage.k8s.io", "volumeattachments", "volumeattachments", "storage.k8s.io", "v1", "VolumeAttachment", false},
    {"storage.k8s.io", "volumeattributesclasses", "volumeattributesclasses", "storage.k8s.io", "v1", "VolumeAttributesClass", false},
    {"storagemigration.k8s.io", "storageversionmigrations", "storageversionmigrations", "storagemigration.k8s.io", "v1beta1", "StorageVersionMigration", false},
};

}  // namespace

std::span<const ResourcePrefix> AllResourcePrefixes() { return kTable; }

const ResourcePrefix* FindResourcePrefix(std::string_view group, std::string_view resource) {
  auto it = std::lower_bound(std::begin(kTable), std::end(kTable), std::tie(group, resource),
                             [](const ResourcePrefix& r, const auto& key) {
                               return std::tie(r.group, r.resource) < key;
                             });
  if (it == std::end(kTable) || it->group != group || it->resource != resource) return nullptr;
  return &*it;
}

std::string CustomResourcePrefix(std::string_view group, std::string_view plural) {
  return std::string(group) + "/" + std::string(plural);
}

}  // namespace kubecxx::storage
