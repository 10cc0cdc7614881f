// The request side of server-side apply (k8s.io/apiserver v0.37.2 handlers/patch.go,
// applyPatcher): PatchOptions checks (fieldManager is required: 422), the YAML or JSON
// configuration (400 "error encoding patch: ..." / "error decoding patch: ..."), and the object created by an apply when
// none exists (forceAllowCreate: 201; the status subresource answers 404 instead).
// Thread-safety: call from a worker thread; blocks on storage.
#pragma once

#include <memory>
#include <string>

#include "lib/apiserver/api_errors.h"
#include "lib/apiserver/negotiation.h"
#include "lib/apiserver/resource_registry.h"
#include "lib/patch/json_value.h"
#include "lib/server/http.h"

namespace kubecxx::apiserver::managed_fields {

struct ApplyRequest {
  std::string manager;
  bool force = false;
  patch::JsonValue config;  // the applied configuration as a JSON object
};

bool ParseApplyRequest(const server::Request& req, ApplyRequest* out, ApiError* error);

// When the object does not exist, creates it from the configuration and replies (true).
// false: it exists, the caller merges into it.
bool CreateByApply(const server::Request& req, const ResourceRegistry& registry,
                   const ServedResource& r, const std::string& ns, const std::string& name,
                   bool is_status, const ApplyRequest& apply,
                   const std::shared_ptr<server::ResponseWriter>& w, const Negotiated& n);

}  // namespace kubecxx::apiserver::managed_fields
