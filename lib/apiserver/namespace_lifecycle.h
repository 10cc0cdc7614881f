// Namespace deletion pieces outside the generic store, facts from k8s.io/apiserver v0.37.2
// (admission/plugin/namespace/lifecycle) and k8s.io/kubernetes@v1.37.2
// pkg/registry/core/namespace (FinalizeREST, namespaceFinalizeStrategy):
//  * AdmitCreate: a create (also of a subresource such as pods/binding) in a namespace that
//    does not exist answers 404 `namespaces "<ns>" not found`; in a Terminating one 403
//    `<resource> "<name>" is forbidden: unable to create new content in namespace <ns>
//    because it is being terminated` with the NamespaceTerminating cause.
//  * AdmitNamespaceDelete: default, kube-system and kube-public may not be deleted (403).
//  * PUT namespaces/<name>/finalize replaces spec.finalizers (status kept); when that empties
//    them on a namespace being deleted with no metadata.finalizers, the namespace is deleted.
// Thread-safety: stateless functions over thread-safe stores.
#pragma once

#include <memory>
#include <string_view>

#include "lib/apiserver/api_errors.h"
#include "lib/apiserver/negotiation.h"
#include "lib/apiserver/resource_registry.h"
#include "lib/server/http.h"

namespace kubecxx::apiserver {

// `name` is what upstream's admission names the object: the URL's name, else the object's
// name, else its generateName.
bool AdmitCreate(const ResourceRegistry& registry, const ServedResource& r, std::string_view ns,
                 std::string_view name, ApiError* error);
bool AdmitNamespaceDelete(std::string_view name, ApiError* error);

// REQUIRES: namespaces is the v1 namespaces resource.
void ServeNamespaceFinalize(const server::Request& req, const ServedResource& namespaces,
                            std::string_view name,
                            const std::shared_ptr<server::ResponseWriter>& w, const Negotiated& n);

}  // namespace kubecxx::apiserver
