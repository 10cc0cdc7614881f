#include "lib/apiserver/managed_fields/apply_request.h"

#include "kubecxx/api/meta/v1/types.h"
#include "lib/apiserver/defaults/defaults.h"
#include "lib/apiserver/managed_fields/field_manager.h"
#include "lib/apiserver/namespace_lifecycle.h"
#include "lib/apiserver/object_meta.h"
#include "lib/apiserver/rest_internal.h"
#include "lib/codec/yaml.h"
#include "lib/model/wire.h"

namespace kubecxx::apiserver::managed_fields {
namespace {

using patch::JsonValue;

std::string GoTypeWord(const JsonValue& v) {
  switch (v.type) {
    case codec::JsonType::kArray: return "array";
    case codec::JsonType::kString: return "string";
    case codec::JsonType::kNumber: return "number";
    case codec::JsonType::kBool: return "bool";
    default: return "object";
  }
}

}  // namespace

bool ParseApplyRequest(const server::Request& req, ApplyRequest* out, ApiError* error) {
  out->manager = internal::Query(req, "fieldManager");
  if (out->manager.empty()) {
    *error = InvalidError("meta.k8s.io", "PatchOptions", "", "fieldManager", "FieldValueRequired",
                          "Required value: is required for apply patch");
    return false;
  }
  std::string force = internal::Query(req, "force");
  out->force = force == "true" || force == "1" || force == "t" || force == "T" ||
               force == "TRUE" || force == "True";
  auto json = codec::YamlToJson(req.body());
  if (!json.ok()) {
    *error = BadRequestError("error encoding patch: " + json.status().message());
    return false;
  }
  auto v = patch::ParseJson(*json);
  if (!v.ok()) {
    *error = BadRequestError("error decoding patch: " + v.status().message());
    return false;
  }
  if (v->is_null()) {
    out->config = JsonValue::Object();
    return true;
  }
  if (!v->is_object()) {
    *error = BadRequestError(
        "error decoding patch: error unmarshaling JSON: while decoding JSON: json: cannot "
        "unmarshal " +
        GoTypeWord(*v) + " into Go value of type map[string]interface {}");
    return false;
  }
  out->config = *std::move(v);
  return true;
}

bool CreateByApply(const server::Request& req, const ResourceRegistry& registry,
                   const ServedResource& r, const std::string& ns, const std::string& name,
                   bool is_status, const ApplyRequest& apply,
                   const std::shared_ptr<server::ResponseWriter>& w, const Negotiated& n) {
  auto reply = [&](const ApiError& e) {
    w->Reply(ErrorResponse(e, n));
    return true;
  };
  auto got = r.store->Get(r.Key(ns, name), {});
  if (got.ok()) return false;
  if (got.status().code() != StatusCode::kNotFound || is_status) {
    return reply(FromStorageError(got.status(), r.group, r.resource, name));
  }
  JsonValue applied;
  ApiError error;
  if (!Apply(r, false, nullptr, apply.config, apply.manager, apply.force, &applied, &error)) {
    return reply(error);
  }
  codec::DecodeOptions opts;
  opts.default_kind = r.kind;
  auto obj = codec::DecodeObject(patch::SerializeJson(applied), codec::WireFormat::kJson, opts);
  if (!obj.ok() || obj->info() != r.kind || obj->meta() == nullptr) {
    return reply(BadRequestError(obj.ok() ? "the object has no metadata" : obj.status().message()));
  }
  defaults::ApplyDefaults(*obj);
  auto* meta = obj->meta();
  if (!meta->uid.empty()) {
    return reply(ConflictError(r.group, r.resource, name,
                               "uid mismatch: the provided object specified uid " + meta->uid +
                                   ", and no existing object was found"));
  }
  if (r.namespaced && !meta->namespace_.empty() && meta->namespace_ != ns) {
    return reply(BadRequestError(
        "the namespace of the provided object does not match the namespace sent on the request"));
  }
  if (meta->name != name) {
    return reply(BadRequestError("the name of the object (" + meta->name +
                                 ") does not match the name on the URL (" + name + ")"));
  }
  auto managed = meta->managed_fields;
  if (!CheckNamespace(r, ns, *obj, &error) || !AdmitCreate(registry, r, ns, name, &error) ||
      !PrepareForCreate(r, *obj, &error)) {
    return reply(error);
  }
  obj->meta()->managed_fields = std::move(managed);
  std::function<void()> undo;
  if (r.before_create && !r.before_create(*obj, &error, &undo)) return reply(error);
  auto created = r.store->Create(r.Key(ns, name), std::move(*obj));
  if (!created.ok()) {
    if (undo) undo();
    if (created.status().code() == StatusCode::kAlreadyExists) return false;
    return reply(FromStorageError(created.status(), r.group, r.resource, name));
  }
  w->Reply(ObjectResponse(201, *created, n));
  return true;
}

}  // namespace kubecxx::apiserver::managed_fields
