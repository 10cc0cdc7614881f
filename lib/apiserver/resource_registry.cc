#include "lib/apiserver/resource_registry.h"

#include <set>

#include "lib/apiserver/conversion/converting_store.h"
#include "lib/apiserver/discovery_facts.h"
#include "lib/codec/resources.h"
#include "lib/apiserver/storage_metrics.h"
#include "lib/storage/etcd_store.h"
#include "lib/storage/resource_prefixes.h"

namespace kubecxx::apiserver {
namespace {

// group/resource pairs whose strategy sets generation 1 on create.
const std::set<std::pair<std::string_view, std::string_view>>& GenerationResources() {
  static const auto* s = new std::set<std::pair<std::string_view, std::string_view>>{
      {"", "pods"},
      {"", "podtemplates"},
      {"", "replicationcontrollers"},
      {"admissionregistration.k8s.io", "mutatingadmissionpolicies"},
      {"admissionregistration.k8s.io", "mutatingadmissionpolicybindings"},
      {"admissionregistration.k8s.io", "mutatingwebhookconfigurations"},
      {"admissionregistration.k8s.io", "validatingadmissionpolicies"},
      {"admissionregistration.k8s.io", "validatingadmissionpolicybindings"},
      {"admissionregistration.k8s.io", "validatingwebhookconfigurations"},
      {"apiextensions.k8s.io", "customresourcedefinitions"},
      {"apps", "daemonsets"},
      {"apps", "deployments"},
      {"apps", "replicasets"},
      {"apps", "statefulsets"},
      {"autoscaling", "horizontalpodautoscalers"},
      {"batch", "cronjobs"},
      {"batch", "jobs"},
      {"discovery.k8s.io", "endpointslices"},
      {"flowcontrol.apiserver.k8s.io", "flowschemas"},
      {"flowcontrol.apiserver.k8s.io", "prioritylevelconfigurations"},
      {"networking.k8s.io", "ingressclasses"},
      {"networking.k8s.io", "ingresses"},
      {"networking.k8s.io", "networkpolicies"},
      {"policy", "poddisruptionbudgets"},
      {"resource.k8s.io", "deviceclasses"},
      {"resource.k8s.io", "devicetaintrules"},
      {"resource.k8s.io", "resourceslices"},
      {"scheduling.k8s.io", "priorityclasses"},
  };
  return *s;
}

// group/resource pairs whose store has ReturnDeletedObject.
const std::set<std::pair<std::string_view, std::string_view>>& ReturnDeletedResources() {
  static const auto* s = new std::set<std::pair<std::string_view, std::string_view>>{
      {"", "namespaces"},
      {"", "persistentvolumeclaims"},
      {"", "persistentvolumes"},
      {"", "pods"},
      {"", "podtemplates"},
      {"", "resourcequotas"},
      {"", "serviceaccounts"},
      {"", "services"},
      {"resource.k8s.io", "deviceclasses"},
      {"resource.k8s.io", "resourceclaims"},
      {"resource.k8s.io", "resourceclaimtemplates"},
      {"resource.k8s.io", "resourceslices"},
      {"storage.k8s.io", "csidrivers"},
      {"storage.k8s.io", "csinodes"},
      {"storage.k8s.io", "storageclasses"},
      {"storage.k8s.io", "volumeattachments"},
      {"storage.k8s.io", "volumeattributesclasses"},
  };
  return *s;
}

// The converter from the served kind to the storage kind (conversion/converter.h), or null.
const conversion::Converter* StorageConverter(const DiscoveryResource& r,
                                              const storage::ResourcePrefix* prefix) {
  const codec::KindInfo* served = codec::FindKind(r.group, r.version, r.kind);
  const codec::KindInfo* stored =
      codec::FindKind(prefix->storage_group, prefix->storage_version, prefix->storage_kind);
  if (served == nullptr || stored == nullptr || served == stored) return nullptr;
  return conversion::Find(served, stored);
}

// Why a stock-served main resource cannot be served as is; "" when it can.
std::string WhyNotServed(const DiscoveryResource& r, const storage::ResourcePrefix** prefix) {
  const codec::ResourceInfo* info = codec::FindResource(r.group, r.version, r.name);
  if (info == nullptr || !info->Has(codec::kVerbGet)) return "no storage (virtual resource)";
  *prefix = storage::FindResourcePrefix(r.group, r.name);
  if (*prefix == nullptr) return "no storage (virtual resource)";
  if ((*prefix)->storage_group != r.group || (*prefix)->storage_version != r.version) {
    if (StorageConverter(r, *prefix) != nullptr) return "";
    std::string gv(prefix[0]->storage_group);
    if (!gv.empty()) gv.push_back('/');
    gv.append(prefix[0]->storage_version);
    return "stored as " + gv + " " + std::string(prefix[0]->storage_kind) +
           ": needs version conversion";
  }
  if (codec::FindKind(r.group, r.version, r.kind) == nullptr) return "kind not in the model";
  return "";
}

}  // namespace

std::string ServedResource::Key(std::string_view ns, std::string_view name) const {
  std::string key = "/" + etcd_prefix;
  if (namespaced && !ns.empty()) key.append("/").append(ns);
  if (!name.empty()) key.append("/").append(name);
  return key;
}

StatusOr<std::unique_ptr<ResourceRegistry>> ResourceRegistry::Create(
    etcd::Client* client, storage::LeaseManager* leases, const std::string& etcd_prefix) {
  auto reg = std::unique_ptr<ResourceRegistry>(new ResourceRegistry());
  for (const DiscoveryResource& r : AllDiscoveryResources()) {
    if (r.name.find('/') != std::string_view::npos) continue;
    const storage::ResourcePrefix* prefix = nullptr;
    if (!WhyNotServed(r, &prefix).empty()) continue;
    auto s = std::make_unique<ServedResource>();
    s->group = std::string(r.group);
    s->version = std::string(r.version);
    s->resource = std::string(r.name);
    s->etcd_prefix = std::string(prefix->etcd_prefix);
    s->kind = codec::FindKind(r.group, r.version, r.kind);
    s->namespaced = r.namespaced;
    const codec::ResourceInfo* status = codec::FindResource(r.group, r.version, r.name, "status");
    s->has_status = status != nullptr && status->kind == r.kind;
    s->tracks_generation = GenerationResources().count({r.group, r.name}) > 0;
    s->return_deleted_object = ReturnDeletedResources().count({r.group, r.name}) > 0;
    s->verbs = codec::FindResource(r.group, r.version, r.name)->verbs;
    storage::EtcdStoreConfig config;
    config.path_prefix = etcd_prefix;
    config.resource_prefix = "/" + s->etcd_prefix;
    const conversion::Converter* converter = StorageConverter(r, prefix);
    config.storage_kind = converter != nullptr ? converter->storage_kind() : s->kind;
    // The apiextensions and aggregator servers store through a LegacyCodec: JSON, not
    // protobuf (k8s.io/kubernetes pkg/controlplane/apiserver/apiextensions.go, aggregator.go).
    config.json = r.group == "apiextensions.k8s.io" || r.group == "apiregistration.k8s.io";
    auto store = storage::EtcdStore::Create(client, leases, config);
    if (!store.ok()) return store.status();
    s->store = InstrumentStore(std::move(*store), s->group, s->resource,
                               &StorageMetrics::Default());
    if (converter != nullptr) {
      // Served in one version, stored in another: the REST layer sees served objects only.
      s->store = std::make_unique<conversion::ConvertingStore>(std::move(s->store), converter);
    }
    reg->served_.push_back(std::move(s));
  }
  return reg;
}

ServedResource* ResourceRegistry::Find(std::string_view group, std::string_view version,
                                       std::string_view resource) const {
  for (const auto& s : served_) {
    if (s->group == group && s->version == version && s->resource == resource) return s.get();
  }
  return nullptr;
}

std::vector<MissingResource> ResourceRegistry::MissingResources() {
  std::vector<MissingResource> out;
  for (const DiscoveryResource& r : AllDiscoveryResources()) {
    if (r.name.find('/') != std::string_view::npos) continue;
    const storage::ResourcePrefix* prefix = nullptr;
    std::string why = WhyNotServed(r, &prefix);
    if (!why.empty()) {
      out.push_back({std::string(r.group), std::string(r.version), std::string(r.name), why});
    }
  }
  return out;
}

}  // namespace kubecxx::apiserver
