#include "lib/apiserver/strategies.h"

#include <algorithm>

#include "kubecxx/api/core/v1/types.h"
#include "lib/apiserver/defaults/defaults.h"

namespace kubecxx::apiserver {
namespace {

constexpr const char* kMetadataNameLabel = "kubernetes.io/metadata.name";

bool IsNamespaces(const ServedResource& r) { return r.group.empty() && r.resource == "namespaces"; }

}  // namespace

void ApplyCreateStrategy(const ServedResource& r, codec::Object& obj) {
  defaults::ApplyCreateDefaults(obj);
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
  if (!status_subresource) defaults::ApplyUpdateDefaults(next, old);
  if (!IsNamespaces(r)) return;
  auto* ns = next.As<api::core::v1::Namespace>();
  if (!status_subresource) {
    ns->spec.finalizers = old.As<api::core::v1::Namespace>()->spec.finalizers;
  }
  ns->object_meta.labels[kMetadataNameLabel] = ns->object_meta.name;
}

}  // namespace kubecxx::apiserver
