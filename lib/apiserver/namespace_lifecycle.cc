#include "lib/apiserver/namespace_lifecycle.h"

#include "kubecxx/api/core/v1/types.h"
#include "lib/api/go_strconv.h"
#include "lib/apiserver/deletion.h"
#include "lib/apiserver/object_meta.h"
#include "lib/model/wire.h"

namespace kubecxx::apiserver {
namespace {

constexpr std::string_view kOptimisticLock =
    "the object has been modified; please apply your changes to the latest version and try again";

}  // namespace

bool AdmitCreate(const ResourceRegistry& registry, const ServedResource& r, std::string_view ns,
                 std::string_view name, ApiError* error) {
  if (!r.namespaced || ns.empty()) return true;
  const ServedResource* namespaces = registry.Find("", "v1", "namespaces");
  if (namespaces == nullptr) return true;
  auto got = namespaces->store->Get(namespaces->Key("", ns), {});
  if (!got.ok()) {
    *error = got.status().code() == StatusCode::kNotFound
                 ? NotFoundError("", "namespaces", ns)
                 : InternalError(got.status().message());
    return false;
  }
  if (got->As<api::core::v1::Namespace>()->status.phase != "Terminating") return true;
  ApiError e;
  e.code = 403;
  e.reason = "Forbidden";
  e.has_details = true;
  e.name = std::string(name);
  e.group = r.group;
  e.kind = r.resource;
  e.message = QualifiedResource(r.group, r.resource) + " " + api::GoQuote(name) +
              " is forbidden: unable to create new content in namespace " + std::string(ns) +
              " because it is being terminated";
  e.causes.push_back({"NamespaceTerminating",
                      "namespace " + std::string(ns) + " is being terminated",
                      "metadata.namespace"});
  *error = std::move(e);
  return false;
}

bool AdmitNamespaceDelete(std::string_view name, ApiError* error) {
  if (name != "default" && name != "kube-system" && name != "kube-public") return true;
  ApiError e;
  e.code = 403;
  e.reason = "Forbidden";
  e.has_details = true;
  e.name = std::string(name);
  e.kind = "namespaces";
  e.message = "namespaces " + api::GoQuote(name) + " is forbidden: this namespace may not be deleted";
  *error = std::move(e);
  return false;
}

void ServeNamespaceFinalize(const server::Request& req, const ServedResource& namespaces,
                            std::string_view name_view,
                            const std::shared_ptr<server::ResponseWriter>& w,
                            const Negotiated& n) {
  const std::string name(name_view);
  ApiError error;
  codec::WireFormat format;
  if (!RequestBodyFormat(req.Header("Content-Type"), &format, &error)) {
    w->Reply(ErrorResponse(error, n));
    return;
  }
  codec::DecodeOptions opts;
  opts.default_kind = namespaces.kind;
  auto body = codec::DecodeObject(req.body(), format, opts);
  if (!body.ok() || body->info() != namespaces.kind) {
    w->Reply(ErrorResponse(BadRequestError(body.ok() ? "the body is not a v1 Namespace"
                                                     : body.status().message()),
                           n));
    return;
  }
  if (body->meta()->name != name) {
    w->Reply(ErrorResponse(BadRequestError("the name of the object (" + body->meta()->name +
                                           ") does not match the name on the URL (" + name + ")"),
                           n));
    return;
  }
  body->meta()->namespace_.clear();
  const std::string wanted_rv = body->meta()->resource_version;
  const std::string key = namespaces.Key("", name);
  UpdateDeletionHook hook;
  auto updated = namespaces.store->GuaranteedUpdate(
      key, false, {}, [&](codec::Object current) -> StatusOr<storage::UpdateResult> {
        if (!wanted_rv.empty() && wanted_rv != current.meta()->resource_version) {
          return Status(StatusCode::kConflict, std::string(kOptimisticLock));
        }
        codec::Object next = CloneObject(*body);
        auto finalizers = next.As<api::core::v1::Namespace>()->spec.finalizers;
        auto prepared = PrepareForUpdate(namespaces, false, std::move(next), current);
        if (!prepared.ok()) return prepared.status();
        // namespaceFinalizeStrategy: spec.finalizers from the request, status from storage.
        prepared->As<api::core::v1::Namespace>()->spec.finalizers = std::move(finalizers);
        if (Status s = hook.Check(namespaces, *prepared, current); !s.ok()) return s;
        prepared->meta()->resource_version.clear();
        return storage::UpdateResult{std::move(prepared).value(), std::nullopt};
      });
  if (!updated.ok()) {
    if (hook.Finish(namespaces, key, updated.status(), w, n)) return;
    w->Reply(ErrorResponse(FromStorageError(updated.status(), "", "namespaces", name), n));
    return;
  }
  w->Reply(ObjectResponse(200, *updated, n));
}

}  // namespace kubecxx::apiserver
