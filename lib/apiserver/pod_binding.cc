#include "lib/apiserver/pod_binding.h"

#include "kubecxx/api/core/v1/types.h"
#include "kubecxx/api/meta/v1/types.h"
#include "lib/api/time.h"
#include "lib/apiserver/api_errors.h"
#include "lib/model/wire.h"

namespace kubecxx::apiserver {
namespace {

namespace core = api::core::v1;

void Fail(const std::shared_ptr<server::ResponseWriter>& w, const ApiError& e, const Negotiated& n) {
  w->Reply(ErrorResponse(e, n));
}

}  // namespace

void ServePodBinding(const server::Request& req, const RequestInfo& info,
                     const ServedResource& r, const std::shared_ptr<server::ResponseWriter>& w,
                     const Negotiated& n) {
  if (info.verb != "create") {
    Fail(w, MethodNotAllowedError(), n);
    return;
  }
  ApiError error;
  codec::WireFormat format;
  if (!RequestBodyFormat(req.Header("Content-Type"), &format, &error)) {
    Fail(w, error, n);
    return;
  }
  const codec::KindInfo* kind = codec::FindKind("", "v1", "Binding");
  codec::DecodeOptions opts;
  opts.default_kind = kind;
  auto obj = codec::DecodeObject(req.body(), format, opts);
  if (!obj.ok() || obj->info() != kind) {
    Fail(w, BadRequestError(obj.ok() ? "not a Binding object" : std::string(obj.status().message())),
         n);
    return;
  }
  const auto* binding = obj->As<core::Binding>();
  if (binding->object_meta.name != info.name) {
    Fail(w, BadRequestError("name in URL does not match name in Binding object"), n);
    return;
  }
  const auto& target = binding->target;
  if (!target.kind.empty() && target.kind != "Node") {
    Fail(w, InternalError("target.kind: Unsupported value: \"" + target.kind +
                          "\": supported values: \"Node\", \"<empty>\""),
         n);
    return;
  }
  if (target.name.empty()) {
    Fail(w, InternalError("target.name: Required value"), n);
    return;
  }
  storage::Preconditions pre;
  if (!binding->object_meta.uid.empty()) pre.uid = binding->object_meta.uid;
  if (!binding->object_meta.resource_version.empty()) {
    pre.resource_version = binding->object_meta.resource_version;
  }
  std::string refused;
  auto updated = r.store->GuaranteedUpdate(
      r.Key(info.namespace_, info.name), false, pre,
      [&](codec::Object current) -> StatusOr<storage::UpdateResult> {
        auto* pod = current.As<core::Pod>();
        if (pod->object_meta.deletion_timestamp) {
          refused = "pod " + pod->object_meta.name +
                    " is being deleted, cannot be assigned to a host";
        } else if (!pod->spec.node_name.empty()) {
          refused = "pod " + pod->object_meta.name + " is already assigned to node \"" +
                    pod->spec.node_name + "\"";
        } else if (!pod->spec.scheduling_gates.empty()) {
          refused = "pod " + pod->object_meta.name + " has non-empty .spec.schedulingGates";
        }
        if (!refused.empty()) return Status(StatusCode::kConflict, refused);
        pod->spec.node_name = target.name;
        pod->status.nominated_node_name.clear();
        for (const auto& [k, v] : binding->object_meta.annotations) {
          pod->object_meta.annotations[k] = v;
        }
        for (const char* legacy :
             {"pod.beta.kubernetes.io/init-containers", "pod.alpha.kubernetes.io/init-containers",
              "pod.beta.kubernetes.io/init-container-statuses",
              "pod.alpha.kubernetes.io/init-container-statuses"}) {
          pod->object_meta.annotations.erase(legacy);
        }
        for (const auto& [k, v] : binding->object_meta.labels) pod->object_meta.labels[k] = v;
        // podutil.UpdatePodCondition(PodScheduled=True).
        core::PodCondition* cond = nullptr;
        for (auto& c : pod->status.conditions) {
          if (c.type == "PodScheduled") cond = &c;
        }
        api::Time now = api::Now();
        if (cond == nullptr) {
          core::PodCondition c;
          c.type = "PodScheduled";
          c.status = "True";
          c.last_transition_time = now;
          pod->status.conditions.push_back(std::move(c));
        } else {
          core::PodCondition c;
          c.type = "PodScheduled";
          c.status = "True";
          c.last_transition_time = cond->status == "True" ? cond->last_transition_time : now;
          *cond = std::move(c);
        }
        current.meta()->resource_version.clear();
        return storage::UpdateResult{std::move(current), std::nullopt};
      });
  if (!updated.ok()) {
    if (!refused.empty()) {
      Fail(w, ConflictError("", "pods/binding", info.name, refused), n);
    } else {
      Fail(w, FromStorageError(updated.status(), "", "pods", info.name), n);
    }
    return;
  }
  codec::Object status(codec::FindKind("", "v1", "Status"));
  auto* st = status.As<api::meta::v1::Status>();
  st->type_meta = {"Status", "v1"};
  st->status = "Success";
  st->code = 201;
  w->Reply(ObjectResponse(201, status, n));
}

}  // namespace kubecxx::apiserver
