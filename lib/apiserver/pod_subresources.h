// The pods/binding and pods/eviction subresources as k8s.io/kubernetes@v1.37.2
// pkg/registry/core/pod/storage (storage.go BindingREST, eviction.go EvictionREST) behave,
// facts copied:
//  * binding (POST v1 Binding): sets spec.nodeName, clears status.nominatedNodeName, merges the
//    binding's annotations (and labels), sets the PodScheduled=True condition; 409 Conflict on
//    pods/binding when the pod is bound already, being deleted or has scheduling gates;
//    answers 201 with a Status Success.
//  * eviction (POST policy/v1 or v1beta1 Eviction): pods that are Pending, Succeeded, Failed
//    or being deleted are deleted without PodDisruptionBudget checks; else the one matching
//    PDB must allow a disruption: 429 TooManyRequests ("Cannot evict pod as it would violate
//    the pod's disruption budget.", cause DisruptionBudget) when disruptionsAllowed is 0 or
//    the PDB status is stale, 403 when negative; otherwise disruptionsAllowed is decremented
//    and the pod recorded in status.disruptedPods. An evicted pod gets the DisruptionTarget
//    condition (reason EvictionByEvictionAPI) before its (graceful) deletion; 201 Status Success.
//    A pod selected by two budgets gets a Failure Status with code 500.
// Thread-safety: stateless functions over thread-safe stores.
#pragma once

#include <memory>
#include <string_view>

#include "lib/apiserver/negotiation.h"
#include "lib/apiserver/request_info.h"
#include "lib/apiserver/resource_registry.h"
#include "lib/server/http.h"

namespace kubecxx::apiserver {

// pods/binding, pods/eviction and namespaces/finalize (namespace_lifecycle.h).
bool IsLifecycleSubresource(const ServedResource& r, std::string_view subresource);
// Serves one of them: POST for binding and eviction (after the NamespaceLifecycle check of
// creates), PUT for finalize; other verbs get 405.
void ServeLifecycleSubresource(const server::Request& req, const RequestInfo& info,
                               const ResourceRegistry& registry, const ServedResource& r,
                               const std::shared_ptr<server::ResponseWriter>& w,
                               const Negotiated& n);

// REQUIRES: pods is the v1 pods resource of `registry`.
void ServePodBinding(const server::Request& req, const ServedResource& pods, std::string_view ns,
                     std::string_view name, const std::shared_ptr<server::ResponseWriter>& w,
                     const Negotiated& n);
void ServePodEviction(const server::Request& req, const ResourceRegistry& registry,
                      const ServedResource& pods, std::string_view ns, std::string_view name,
                      const std::shared_ptr<server::ResponseWriter>& w, const Negotiated& n);

}  // namespace kubecxx::apiserver
