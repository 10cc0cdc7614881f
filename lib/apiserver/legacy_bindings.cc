#include "lib/apiserver/legacy_bindings.h"

#include "kubecxx/api/meta/v1/types.h"

#include "lib/apiserver/namespace_lifecycle.h"
#include "lib/apiserver/negotiation.h"
#include "lib/apiserver/pod_subresources.h"
#include "lib/model/wire.h"

namespace kubecxx::apiserver {

bool IsLegacyBindings(const RequestInfo& info) {
  return info.group.empty() && info.version == "v1" && info.resource == "bindings" &&
         info.subresource.empty();
}

void ServeLegacyBindings(const server::Request& req, const RequestInfo& info,
                         const ResourceRegistry& registry,
                         const std::shared_ptr<server::ResponseWriter>& w) {
  Negotiated n;
  ApiError error;
  if (!Negotiate(req.Header("Accept"), {}, &n, &error)) {
    w->Reply(ErrorResponse(error, Negotiated{}));
    return;
  }
  const ServedResource* pods = registry.Find("", "v1", "pods");
  if (pods == nullptr || info.namespace_.empty() || !info.name.empty()) {
    w->Reply(ErrorResponse(PathNotFoundError()));
    return;
  }
  if (info.verb != "create") {
    w->Reply(ErrorResponse(MethodNotAllowedError(), n));
    return;
  }
  // The pod is named by the body; a body that does not decode gets pods/binding's answer.
  std::string name;
  codec::WireFormat format;
  ApiError ignored;
  if (RequestBodyFormat(req.Header("Content-Type"), &format, &ignored)) {
    codec::DecodeOptions opts;
    opts.default_kind = codec::FindKind("", "v1", "Binding");
    auto obj = codec::DecodeObject(req.body(), format, opts);
    if (obj.ok() && obj->meta() != nullptr) name = obj->meta()->name;
  }
  ServedResource bindings;
  bindings.resource = "bindings";
  bindings.namespaced = true;
  if (!AdmitCreate(registry, bindings, info.namespace_, name, &error)) {
    w->Reply(ErrorResponse(error, n));
    return;
  }
  ServePodBinding(req, *pods, info.namespace_, name, w, n);
}

}  // namespace kubecxx::apiserver
