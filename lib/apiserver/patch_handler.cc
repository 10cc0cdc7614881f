#include "lib/apiserver/defaults/defaults.h"
#include "lib/apiserver/patch_handler.h"

#include <optional>

#include "kubecxx/api/meta/v1/types.h"
#include "lib/apiserver/deletion.h"
#include "lib/apiserver/json_merge.h"
#include "lib/apiserver/managed_fields/apply_request.h"
#include "lib/apiserver/managed_fields/field_manager.h"
#include "lib/apiserver/object_meta.h"
#include "lib/apiserver/rest_internal.h"
#include "lib/apiserver/validation/validation.h"
#include "lib/model/wire.h"
#include "lib/patch/apply.h"

namespace kubecxx::apiserver {
namespace {

using internal::Query;

constexpr std::string_view kOptimisticLock =
    "the object has been modified; please apply your changes to the latest version and try again";

void ReplyError(const std::shared_ptr<server::ResponseWriter>& w, const ApiError& e,
                const Negotiated& n) {
  w->Reply(ErrorResponse(e, n));
}

ApiError FromPatchError(const patch::PatchError& p) {
  ApiError e;
  e.code = p.code;
  e.reason = p.reason;
  e.message = p.message;
  e.has_details = p.details;
  if (!p.cause_field.empty()) {
    e.causes.push_back({"FieldValueInvalid", p.cause_message, p.cause_field});
  }
  return e;
}

patch::PatchSchema SchemaOf(const codec::KindInfo* kind) {
  return patch::PatchSchema::ForKind(kind->group, kind->version, kind->kind);
}

}  // namespace

std::optional<patch::PatchType> CheckPatchRequest(const server::Request& req,
                                                  const codec::KindInfo* kind, ApiError* error) {
  patch::PatchType type = patch::ParsePatchType(req.Header("Content-Type"));
  if (type == patch::PatchType::kUnknown) {
    *error = FromPatchError(patch::UnsupportedMediaType());
    return std::nullopt;
  }
  bool strategic = SchemaOf(kind).ok();
  if (type == patch::PatchType::kStrategic && !strategic) {
    *error = FromPatchError(patch::UnsupportedPatchType(strategic));
    return std::nullopt;
  }
  patch::PatchError perr;
  if (!patch::CheckPatchBody(type, req.body(), &perr)) {
    *error = FromPatchError(perr);
    return std::nullopt;
  }
  return type;
}

bool ApplyPatchBody(const server::Request& req, patch::PatchType type,
                    const codec::KindInfo* kind, patch::JsonValue current,
                    patch::JsonValue* out, std::optional<ApiError>* error) {
  patch::PatchError perr;
  if (!patch::ApplyPatch(type, req.body(), std::move(current), SchemaOf(kind),
                         Query(req, "fieldValidation") != "Ignore", out, &perr)) {
    *error = FromPatchError(perr);
    return false;
  }
  return true;
}

void ServePatch(const server::Request& req, const ResourceRegistry& registry,
                const ServedResource& r, const std::string& ns, const std::string& name,
                bool is_status, const WriteOptions& options, WarningRecorder* warnings,
                const std::shared_ptr<server::ResponseWriter>& w,
                const Negotiated& n) {
  ApiError error;
  auto type = CheckPatchRequest(req, r.kind, &error);
  if (!type) {
    ReplyError(w, error, n);
    return;
  }
  // Server-side apply: managed_fields/apply_request.h parses the configuration and creates
  // the object when it does not exist; the update below merges it into the live object.
  std::optional<managed_fields::ApplyRequest> apply;
  if (*type == patch::PatchType::kApply) {
    apply.emplace();
    if (!managed_fields::ParseApplyRequest(req, &*apply, &error)) {
      ReplyError(w, error, n);
      return;
    }
    if (managed_fields::CreateByApply(req, registry, r, ns, name, is_status, *apply, w, n)) {
      return;
    }
  }
  const std::string manager = managed_fields::RequestManager(req);
  bool strict = options.field_validation == "Strict";
  std::optional<ApiError> custom;
  UpdateDeletionHook deletion;  // deletion.h: finalizer and deletionTimestamp rules
  auto updated = r.store->GuaranteedUpdate(
      r.Key(ns, name), false, {},
      [&](codec::Object current) -> StatusOr<storage::UpdateResult> {
        custom.reset();
        auto tree = ParseJson(codec::EncodeJson(current));
        if (!tree.ok()) return tree.status();
        JsonValue patched;
        if (apply) {
          ApiError e;
          if (!managed_fields::Apply(r, is_status, &current, apply->config, apply->manager,
                                     apply->force, &patched, &e)) {
            custom = e;
            return Status::Invalid(e.message);
          }
        } else if (!ApplyPatchBody(req, *type, r.kind, *std::move(tree), &patched, &custom)) {
          return Status::Invalid(custom->message);
        }
        std::string merged = SerializeJson(patched);
        codec::DecodeOptions opts;
        opts.default_kind = r.kind;
        opts.strict = strict;
        std::vector<std::string> field_errors;
        if (options.field_validation == "Warn") opts.field_errors = &field_errors;
        auto next = codec::DecodeObject(merged, codec::WireFormat::kJson, opts);
        for (const std::string& e : field_errors) AddStrictDecodingWarnings(e, warnings);
        if (!next.ok() || next->info() != r.kind || next->meta() == nullptr) {
          std::string detail;
          if (!next.ok()) {
            detail = next.status().message();
          } else if (next->info() != r.kind) {
            detail = "unable to decode " + next->info()->ApiVersion() + ", Kind=" +
                     std::string(next->info()->kind) + " into " + r.kind->ApiVersion() +
                     ", Kind=" + std::string(r.kind->kind);
          } else {
            detail = "the object has no metadata";
          }
          custom = FromPatchError(patch::InvalidPatchResult(*type, req.body(), patched, detail));
          return Status::Invalid(detail);
        }
        defaults::ApplyDefaults(*next);  // the patched object is decoded, so defaulted
        if (!apply) managed_fields::UpdateManagedFields(r, is_status, &current, *next, manager);
        auto* meta = next->meta();
        // rest.EnsureObjectNamespaceMatchesRequestNamespace, then checkName.
        if (meta->namespace_ != ns) {
          if (meta->namespace_.empty() || ns.empty()) {
            meta->namespace_ = ns;
          } else {
            custom = BadRequestError("the namespace of the provided object does not match the "
                                     "namespace sent on the request");
            return Status::Invalid(custom->message);
          }
        }
        if (meta->name.empty()) {
          custom = BadRequestError("the name of the object (" + name +
                                   " based on URL) was undeterminable: name must be provided");
          return Status::Invalid(custom->message);
        }
        if (meta->name != name) {
          custom = BadRequestError("the name of the object (" + meta->name +
                                   ") does not match the name on the URL (" + name + ")");
          return Status::Invalid(custom->message);
        }
        if (!meta->resource_version.empty() &&
            meta->resource_version != current.meta()->resource_version) {
          return Status(StatusCode::kConflict, std::string(kOptimisticLock));
        }
        auto managed = next->meta()->managed_fields;
        auto prepared = PrepareForUpdate(r, is_status, std::move(*next), current);
        if (!prepared.ok()) return prepared.status();
        prepared->meta()->managed_fields = std::move(managed);
        if (auto invalid = validation::ValidateUpdate(*prepared, current, r.namespaced, is_status)) {
          custom = std::move(invalid);
          return Status::Invalid(custom->message);
        }
        if (Status s = deletion.Check(r, *prepared, current); !s.ok()) return s;
        return storage::UpdateResult{std::move(prepared).value(), UpdateTtl(r)};
      });
  if (!updated.ok()) {
    if (!custom && deletion.Finish(r, r.Key(ns, name), updated.status(), w, n)) return;
    ReplyError(w, custom ? *custom
                         : FromStorageError(updated.status(), r.group, r.resource, name),
               n);
    return;
  }
  w->Reply(ObjectResponse(200, *updated, n));
}

}  // namespace kubecxx::apiserver
