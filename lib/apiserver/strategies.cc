#include "lib/apiserver/strategies.h"

#include <algorithm>

#include "kubecxx/api/core/v1/types.h"

namespace kubecxx::apiserver {
namespace {

constexpr const char* kMetadataNameLabel = "kubernetes.io/metadata.name";

bool IsNamespaces(const ServedResource& r) { return r.group.empty() && r.resource == "namespaces"; }

// qos.GetPodQOS over cpu and memory: BestEffort without requests and limits, Guaranteed when
// every container limits both and its requests (if any) equal the limits, else Burstable.
std::string PodQosClass(const api::core::v1::PodSpec& spec) {
  bool any = false;
  bool guaranteed = true;
  auto check = [&](const api::core::v1::Container& c) {
    const auto& req = c.resources.requests;
    const auto& lim = c.resources.limits;
    for (const char* name : {"cpu", "memory"}) {
      auto r = req.find(name);
      auto l = lim.find(name);
      if (r != req.end() || l != lim.end()) any = true;
      if (l == lim.end() || (r != req.end() && !(r->second == l->second))) guaranteed = false;
    }
  };
  for (const auto& c : spec.init_containers) check(c);
  for (const auto& c : spec.containers) check(c);
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

}  // namespace

void ApplyCreateStrategy(const ServedResource& r, codec::Object& obj) {
  if (r.group.empty() && r.resource == "pods") {
    // podStrategy.PrepareForCreate: a new pod's status is only its phase (and QOS class).
    auto* pod = obj.As<api::core::v1::Pod>();
    pod->status = api::core::v1::PodStatus{};
    pod->status.phase = "Pending";
    pod->status.qos_class = PodQosClass(pod->spec);
    return;
  }
  if (!IsNamespaces(r)) return;
  auto* ns = obj.As<api::core::v1::Namespace>();
  ns->status = api::core::v1::NamespaceStatus{};
  ns->status.phase = "Active";
  auto& f = ns->spec.finalizers;
  if (std::find(f.begin(), f.end(), "kubernetes") == f.end()) f.push_back("kubernetes");
  ns->object_meta.labels[kMetadataNameLabel] = ns->object_meta.name;
}

void ApplyUpdateStrategy(const ServedResource& r, bool status_subresource, codec::Object& next,
                         const codec::Object& old) {
  if (!IsNamespaces(r)) return;
  auto* ns = next.As<api::core::v1::Namespace>();
  if (!status_subresource) {
    ns->spec.finalizers = old.As<api::core::v1::Namespace>()->spec.finalizers;
  }
  ns->object_meta.labels[kMetadataNameLabel] = ns->object_meta.name;
}

}  // namespace kubecxx::apiserver
