// Deletion as k8s.io/apiserver's generic registry does it (pkg/registry/generic/registry/
// store.go Delete/Update, pkg/registry/rest/delete.go BeforeDelete, endpoints/handlers/
// delete.go), with the per-resource rules of k8s.io/kubernetes@v1.37.2's strategies, copied
// as facts:
//  * DeleteOptions from the body (JSON/YAML/protobuf, any DeleteOptions apiVersion) or, with
//    no body, from the query; validated as ValidateDeleteOptions (422 DeleteOptions.meta.k8s.io).
//  * Preconditions uid/resourceVersion (409), dryRun=All (nothing written).
//  * Graceful deletion for pods (podStrategy.CheckGracefulDelete: the grace period of the
//    options or spec.terminationGracePeriodSeconds; 0 when unscheduled or terminated);
//    a later delete may only shorten it.
//  * Finalizers: an object with finalizers gets deletionTimestamp + deletionGracePeriodSeconds
//    0 and stays; Orphan adds "orphan", Foreground "foregroundDeletion" (metadata.finalizers);
//    per-resource default policies: v1 replicationcontrollers and batch/v1 jobs orphan, events
//    (core and events.k8s.io) never get GC finalizers, everything else Background.
//  * Namespaces (pkg/registry/core/namespace/storage): the first delete sets deletionTimestamp
//    and phase Terminating and keeps the object; it goes once spec.finalizers is empty.
//  * An update that leaves no finalizers on an object being deleted (grace 0 or unset) deletes
//    it (ShouldDeleteDuringUpdate), answering 200 with the updated object.
//  * An update may not set or change deletionTimestamp/deletionGracePeriodSeconds nor add
//    finalizers once the deletion started (ValidateObjectMetaAccessorUpdate; 422).
// Thread-safety: pure functions over thread-safe stores.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lib/apiserver/api_errors.h"
#include "lib/apiserver/negotiation.h"
#include "lib/apiserver/resource_registry.h"
#include "lib/base/status.h"
#include "lib/codec/registry.h"
#include "lib/server/http.h"

namespace kubecxx::apiserver {

struct DeleteRequestOptions {
  std::optional<int64_t> grace_period_seconds;
  std::optional<std::string> propagation_policy;
  std::optional<bool> orphan_dependents;
  std::optional<std::string> precondition_uid;
  std::optional<std::string> precondition_resource_version;
  bool dry_run = false;
};

// DeleteOptions of a DELETE request: the body when there is one, else the query
// (gracePeriodSeconds, propagationPolicy, orphanDependents, dryRun). Errors: 400 for bodies
// that do not decode, 422 for invalid combinations, as upstream words them.
bool ParseDeleteOptions(const server::Request& req, DeleteRequestOptions* out, ApiError* error);
// Same for a DeleteOptions value already decoded (an Eviction's deleteOptions).
bool DeleteOptionsFromValue(const codec::Object& delete_options, DeleteRequestOptions* out,
                            ApiError* error);

struct DeleteResult {
  codec::Object object;  // the deleted object, or the object as it stays stored
  bool deleted = false;
};

// One object's deletion (store.Delete, or the namespace REST's Delete). Errors: 404, 409,
// 422 and storage errors as ApiErrors.
bool DeleteObject(const ServedResource& r, std::string_view ns, std::string_view name,
                  DeleteRequestOptions options, DeleteResult* out, ApiError* error);

// The answer stock's DeleteResource handler gives: 200 (202 when nothing was deleted and
// orphanDependents=false was asked), the object when the resource returns deleted objects or
// the object stays, else a Status Success with details.
server::Response DeleteResponse(const ServedResource& r, const DeleteRequestOptions& options,
                                const DeleteResult& result, const Negotiated& n);

// For update paths (PUT/PATCH of an object or its status, namespaces/finalize): create one per
// request, call Check() inside the storage update function after the new object is prepared
// and return its Status when not OK; when the storage update then fails, Finish() answers
// (the 422, or the deletion the emptied finalizers asked for) and returns true; false means
// the failure is not this hook's and the caller answers it.
class UpdateDeletionHook {
 public:
  Status Check(const ServedResource& r, const codec::Object& next, const codec::Object& old);
  bool Finish(const ServedResource& r, std::string_view key, const Status& update_status,
              const std::shared_ptr<server::ResponseWriter>& w, const Negotiated& n);

 private:
  std::optional<ApiError> error_;
  std::optional<codec::Object> delete_;
  std::string uid_;
};

// A deep copy (through the JSON codec).
codec::Object CloneObject(const codec::Object& obj);

}  // namespace kubecxx::apiserver
