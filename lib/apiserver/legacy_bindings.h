// POST /api/v1/namespaces/<ns>/bindings: the legacy form of pods/<name>/binding that stock
// still serves (k8s.io/kubernetes@v1.37.2 pkg/registry/core/pod/storage LegacyBindingREST):
// the pod is the Binding's metadata.name, and everything else is pods/binding's
// (pod_subresources.h). The NamespaceLifecycle check names the resource "bindings". Other
// verbs answer 405.
// Thread-safety: call from a worker thread; blocks on storage.
#pragma once

#include <memory>

#include "lib/apiserver/request_info.h"
#include "lib/apiserver/resource_registry.h"
#include "lib/server/http.h"

namespace kubecxx::apiserver {

// Core v1 "bindings" without a subresource.
bool IsLegacyBindings(const RequestInfo& info);

void ServeLegacyBindings(const server::Request& req, const RequestInfo& info,
                         const ResourceRegistry& registry,
                         const std::shared_ptr<server::ResponseWriter>& w);

}  // namespace kubecxx::apiserver
