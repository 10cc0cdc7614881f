// RestHandler: the REST verbs of every served built-in resource (resource_registry.h) under
// /api/ and /apis/: get, list, watch, create, update, patch (JSON merge patch; strategic merge
// patch when it holds only objects and scalars), delete, deletecollection (label/field
// selectors; answers the list of deleted objects), get/update/patch of the status
// subresource and of the scale subresource (scale.h); deletion as upstream's generic registry
// (deletion.h: DeleteOptions, finalizers, propagation, graceful pods, terminating namespaces),
// pods/binding, pods/eviction (pod_subresources.h), namespaces/finalize and the
// NamespaceLifecycle check of creates (namespace_lifecycle.h), metadata-only answers
// (partial_metadata.h), with upstream's defaulting of decoded bodies (defaults/defaults.h)
// and query parameters
// (labelSelector, fieldSelector with each kind's selectable fields (field_selectors.h),
// limit/continue, resourceVersion[Match], watch parameters; LIST and WATCH from the
// resource's watch cache when it serves them, cache_serving.h), content negotiation
// (negotiation.h) and metav1.Status errors (api_errors.h).
//
// Writes take CreateOptions/UpdateOptions/PatchOptions (write_request.h): dryRun=All runs
// the request against a DryRunView of the resource, fieldValidation Warn/Strict/Ignore checks
// the body's fields; warnings go out as Warning headers on whatever the answer is
// (warnings.h). Events are leased for --event-ttl (ServedResource::ttl_seconds).
//
// Not yet (later issues): apply patch (server-side apply), admission other than
// NamespaceLifecycle, validation beyond names, managedFields, Table responses.
//
// Threading: Serve() is called on server I/O threads; everything that talks to etcd runs
// on the `run` executor given at construction (a worker pool). Each watch runs on a thread
// of its own until the client leaves, the timeout passes or Stop() is called; Stop() waits
// for them.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

#include "lib/apiserver/request_info.h"
#include "lib/apiserver/resource_registry.h"
#include "lib/server/http.h"
#include "lib/server/router.h"

namespace kubecxx::apiserver {

class RestHandler {
 public:
  using Executor = std::function<void(std::function<void()>)>;
  // REQUIRES: registry outlives the handler.
  RestHandler(const ResourceRegistry* registry, Executor run);
  ~RestHandler();

  // Installs prefix routes "/api/" and "/apis/" (exact discovery routes win over them).
  void Install(server::Router& router);
  // Ends running watches and waits for their threads.
  void Stop();

 private:
  void Serve(const server::Request& req, std::shared_ptr<server::ResponseWriter> w);
  void ServeBlocking(const server::Request& req, const RequestInfo& info, ServedResource* r,
                     std::shared_ptr<server::ResponseWriter> w);
  void ServeWatch(server::Request req, RequestInfo info, ServedResource* r,
                  std::shared_ptr<server::ResponseWriter> w);

  const ResourceRegistry* registry_;
  Executor run_;
  std::mutex mu_;
  std::condition_variable cv_;
  int watches_ = 0;
  std::atomic<bool> stopping_{false};
};

}  // namespace kubecxx::apiserver
