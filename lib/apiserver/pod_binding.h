// POST .../pods/<name>/binding (k8s.io/kubernetes@v1.37.2 pkg/registry/core/pod/storage
// BindingREST): binds an unassigned pod to the Binding's target node: spec.nodeName, the
// Binding's annotations and labels merged (PodTopologyLabelsAdmission on), status
// nominatedNodeName cleared (ClearingNominatedNodeNameAfterBinding on), condition
// PodScheduled=True; answers 201 with Status Success. A pod that is bound already, being
// deleted or scheduling-gated gets 409 "Operation cannot be fulfilled on pods/binding ...";
// uid / resourceVersion in the Binding's metadata are preconditions.
// Thread-safety: runs on the caller's (worker) thread; state is in storage.
#pragma once

#include <memory>

#include "lib/apiserver/negotiation.h"
#include "lib/apiserver/request_info.h"
#include "lib/apiserver/resource_registry.h"
#include "lib/server/http.h"

namespace kubecxx::apiserver {

// REQUIRES: r is the core pods resource and info.subresource == "binding".
void ServePodBinding(const server::Request& req, const RequestInfo& info,
                     const ServedResource& r, const std::shared_ptr<server::ResponseWriter>& w,
                     const Negotiated& n);

}  // namespace kubecxx::apiserver
