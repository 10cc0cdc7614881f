#include "lib/apiserver/rest_handler.h"

#include "kubecxx/api/meta/v1/types.h"
#include "lib/api/fields.h"
#include "lib/api/go_strconv.h"
#include "lib/api/labels.h"
#include "lib/apiserver/defaults/defaults.h"
#include "lib/apiserver/cache_serving.h"
#include "lib/apiserver/deletion.h"
#include "lib/apiserver/json_merge.h"
#include "lib/apiserver/legacy_bindings.h"
#include "lib/apiserver/list_encoding.h"
#include "lib/apiserver/namespace_lifecycle.h"
#include "lib/apiserver/negotiation.h"
#include "lib/apiserver/object_meta.h"
#include "lib/apiserver/partial_metadata.h"
#include "lib/apiserver/table/table.h"
#include "lib/apiserver/pod_subresources.h"
#include "lib/apiserver/managed_fields/field_manager.h"
#include "lib/apiserver/patch_handler.h"
#include "lib/apiserver/rest_internal.h"
#include "lib/apiserver/scale.h"
#include "lib/apiserver/validation/validation.h"
#include "lib/apiserver/write_request.h"
#include "lib/codec/json_reader.h"
#include "lib/model/wire.h"

namespace kubecxx::apiserver {

namespace internal {

std::string Query(const server::Request& req, std::string_view key) {
  auto values = req.QueryValues(key);
  return values.empty() ? "" : values[0];
}

bool QueryInt(const server::Request& req, std::string_view key, std::optional<int64_t>* out,
              ApiError* error) {
  std::string v = Query(req, key);
  if (v.empty()) return true;
  auto n = api::ParseGoInt64(v);
  if (!n) {
    *error = BadRequestError("strconv.ParseInt: parsing " + api::GoQuote(v) + ": invalid syntax");
    return false;
  }
  *out = *n;
  return true;
}

bool QueryBool(const server::Request& req, std::string_view key) {
  std::string v = Query(req, key);
  return v == "1" || v == "t" || v == "T" || v == "true" || v == "TRUE" || v == "True";
}

bool BuildSelection(const server::Request& req, const ServedResource& r,
                    SelectionPredicate* out, ApiError* error) {
  auto p = SelectionPredicate::Parse(Query(req, "labelSelector"), Query(req, "fieldSelector"),
                                     r.kind, r.namespaced);
  if (!p.ok()) {
    *error = BadRequestError(p.status().message());
    return false;
  }
  *out = *std::move(p);
  return true;
}

bool BuildPredicate(const server::Request& req, const ServedResource& r,
                    storage::Predicate* out, ApiError* error) {
  SelectionPredicate p;
  if (!BuildSelection(req, r, &p, error)) return false;
  *out = p.AsStoragePredicate();
  return true;
}

}  // namespace internal

namespace {

using internal::Query;

constexpr std::string_view kOptimisticLock =
    "the object has been modified; please apply your changes to the latest version and try again";

void ReplyError(const std::shared_ptr<server::ResponseWriter>& w, const ApiError& e,
                const Negotiated& n) {
  w->Reply(ErrorResponse(e, n));
}

// GET/PUT/PATCH of .../<name>/scale (scale.h): reads and writes the parent's replicas.
void ServeScale(const server::Request& req, const RequestInfo& info, const ServedResource& base,
                WarningRecorder* warnings, const std::shared_ptr<server::ResponseWriter>& w,
                const Negotiated& n) {
  WriteOptions options;
  std::unique_ptr<ServedResource> dry_view;
  if (info.verb == "update" || info.verb == "patch") {
    ApiError e;
    if (!ParseWriteOptions(req, info.verb == "update" ? "UpdateOptions" : "PatchOptions",
                           &options, &e)) {
      ReplyError(w, e, n);
      return;
    }
    if (options.dry_run) dry_view = DryRunView(base);
  }
  const ServedResource& r = dry_view ? *dry_view : base;
  const std::string ns = r.namespaced ? info.namespace_ : "";
  const std::string key = r.Key(ns, info.name);
  if (info.verb == "get") {
    auto parent = r.store->Get(key, {});
    if (!parent.ok()) {
      ReplyError(w, FromStorageError(parent.status(), r.group, r.resource, info.name), n);
      return;
    }
    auto scale = ScaleOf(r, *parent);
    if (!scale.ok()) {
      ReplyError(w, InternalError(scale.status().message()), n);
      return;
    }
    w->Reply(ObjectResponse(200, *scale, n));
    return;
  }
  if (info.verb != "update" && info.verb != "patch") {
    ReplyError(w, MethodNotAllowedError(), n);
    return;
  }
  const codec::KindInfo* scale_kind = codec::FindKind("autoscaling", "v1", "Scale");
  std::optional<patch::PatchType> patch;
  std::optional<ApiError> patch_error;
  codec::Object body;
  if (info.verb == "patch") {
    ApiError e;
    patch = CheckPatchRequest(req, scale_kind, &e);
    if (patch && *patch == patch::PatchType::kApply) {  // no server-side apply of scale yet
      e.code = 415;
      e.reason = "UnsupportedMediaType";
      e.message = patch::UnsupportedPatchType(true).message;
      patch.reset();
    }
    if (!patch) {
      ReplyError(w, e, n);
      return;
    }
  } else {
    ApiError error;
    if (!DecodeWriteBody(req, scale_kind, options, warnings, &body, &error)) {
      ReplyError(w, error, n);
      return;
    }
  }
  Status invalid;
  const std::string manager = managed_fields::RequestManager(req);
  auto updated = r.store->GuaranteedUpdate(
      key, false, {}, [&](codec::Object current) -> StatusOr<storage::UpdateResult> {
        auto scale = ScaleOf(r, current);
        if (!scale.ok()) return scale.status();
        codec::Object wanted;
        if (patch) {
          auto tree = ParseJson(codec::EncodeJson(*scale));
          if (!tree.ok()) return tree.status();
          JsonValue patched;
          if (!ApplyPatchBody(req, *patch, scale_kind, *std::move(tree), &patched,
                              &patch_error)) {
            return Status::Invalid(patch_error->message);
          }
          auto d = codec::DecodeObject(SerializeJson(patched), codec::WireFormat::kJson);
          if (!d.ok() || d->info() != scale_kind) {
            invalid = Status::Invalid(d.ok() ? "the patch changes the Scale's kind"
                                             : d.status().message());
            return invalid;
          }
          wanted = std::move(*d);
        } else {
          auto d = codec::DecodeObject(codec::EncodeJson(body), codec::WireFormat::kJson);
          if (!d.ok()) return d.status();
          wanted = std::move(*d);
        }
        const auto* wanted_meta = wanted.meta();
        if (wanted_meta->name != info.name) {
          invalid = Status::Invalid("the name of the object (" + wanted_meta->name +
                                    ") does not match the name on the URL (" + info.name + ")");
          return invalid;
        }
        if (!wanted_meta->resource_version.empty() &&
            wanted_meta->resource_version != current.meta()->resource_version) {
          return Status(StatusCode::kConflict, std::string(kOptimisticLock));
        }
        auto next = codec::DecodeObject(codec::EncodeJson(current), codec::WireFormat::kJson);
        if (!next.ok()) return next.status();
        ApplyScale(r, wanted, *next);
        managed_fields::UpdateScaleManagedFields(r, current, *next, manager);
        auto prepared = PrepareForUpdate(r, false, std::move(*next), current);
        if (!prepared.ok()) return prepared.status();
        return storage::UpdateResult{std::move(prepared).value(), UpdateTtl(r)};
      });
  if (!updated.ok()) {
    ApiError e = FromStorageError(updated.status(), r.group, r.resource, info.name);
    if (patch_error) {
      e = *patch_error;
    } else if (!invalid.ok()) {
      e = BadRequestError(invalid.message());
    }
    ReplyError(w, e, n);
    return;
  }
  auto scale = ScaleOf(r, *updated);
  if (!scale.ok()) {
    ReplyError(w, InternalError(scale.status().message()), n);
    return;
  }
  w->Reply(ObjectResponse(200, *scale, n));
}

}  // namespace

RestHandler::RestHandler(const ResourceRegistry* registry, Executor run)
    : registry_(registry), run_(std::move(run)) {}

RestHandler::~RestHandler() { Stop(); }

void RestHandler::Install(server::Router& router) {
  auto h = [this](const server::Request& req, std::shared_ptr<server::ResponseWriter> w) {
    Serve(req, std::move(w));
  };
  router.HandlePrefix("", "/api/", h);
  router.HandlePrefix("", "/apis/", h);
}

void RestHandler::Stop() {
  stopping_ = true;
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, std::chrono::seconds(10), [this] { return watches_ == 0; });
}

void RestHandler::Serve(const server::Request& req, std::shared_ptr<server::ResponseWriter> w) {
  auto info = ParseRequestInfo(req);
  if (!info) {
    w->Reply(ErrorResponse(PathNotFoundError()));
    return;
  }
  if (IsLegacyBindings(*info)) {  // legacy_bindings.h
    run_([this, req, info = *info, w]() { ServeLegacyBindings(req, info, *registry_, w); });
    return;
  }
  ServedResource* r = registry_->Find(info->group, info->version, info->resource);
  if (r == nullptr || (r->namespaced == false && !info->namespace_.empty() &&
                       info->resource != "namespaces") ||
      (!info->subresource.empty() && !(info->subresource == "status" && r->has_status) &&
       !(info->subresource == "scale" && HasScale(*r)) &&
       !IsLifecycleSubresource(*r, info->subresource))) {
    w->Reply(ErrorResponse(PathNotFoundError()));
    return;
  }
  if (info->verb == "watch") {
    std::lock_guard<std::mutex> lock(mu_);
    ++watches_;
    std::thread([this, req, info = *info, r, w]() mutable {
      ServeWatch(std::move(req), std::move(info), r, std::move(w));
      std::lock_guard<std::mutex> lock(mu_);
      --watches_;
      cv_.notify_all();
    }).detach();
    return;
  }
  run_([this, req, info = *info, r, w]() { ServeBlocking(req, info, r, w); });
}

void RestHandler::ServeBlocking(const server::Request& req, const RequestInfo& info,
                                ServedResource* r, std::shared_ptr<server::ResponseWriter> w) {
  auto warnings = std::make_shared<WarningRecorder>();  // warnings.h: on every answer
  w = WithWarnings(std::move(w), warnings);
  Negotiated n;
  ApiError error;
  NegotiateOptions nopts;
  nopts.conversions = PartialMetadataConversions();
  // Status subresources print as their resource, as stock's StatusREST delegates.
  bool table = (info.verb == "get" || info.verb == "list") &&
               (info.subresource.empty() || info.subresource == "status") && table::ServesTable(*r);
  if (table) {
    const auto& t = table::TableConversions();
    nopts.conversions.insert(nopts.conversions.end(), t.begin(), t.end());
  }
  if (!Negotiate(req.Header("Accept"), nopts, &n, &error)) {
    ReplyError(w, error, Negotiated{});
    return;
  }
  bool list_verb = info.verb == "list" || info.verb == "deletecollection";
  if (!n.as.empty() && n.as != "Table" && (n.as == "PartialObjectMetadataList") != list_verb) {
    ReplyError(w, NotAcceptableError(kAcceptedMediaTypes), Negotiated{});
    return;
  }
  const std::string& verb = info.verb;
  bool is_status = info.subresource == "status";
  if (info.subresource == "scale") {
    ServeScale(req, info, *r, warnings.get(), w, n);
    return;
  }
  if (IsLifecycleSubresource(*r, info.subresource)) {
    ServeLifecycleSubresource(req, info, *registry_, *r, w, n);
    return;
  }
  if (is_status && verb != "get" && verb != "update" && verb != "patch") {
    ReplyError(w, MethodNotAllowedError(), n);
    return;
  }
  if (!is_status) {
    static const std::pair<std::string_view, codec::ResourceVerb> kVerbs[] = {
        {"get", codec::kVerbGet},           {"list", codec::kVerbList},
        {"create", codec::kVerbCreate},     {"update", codec::kVerbUpdate},
        {"patch", codec::kVerbPatch},       {"delete", codec::kVerbDelete},
        {"deletecollection", codec::kVerbDeleteCollection}};
    for (const auto& [name, bit] : kVerbs) {
      if (verb == name && !r->Has(bit)) {
        ReplyError(w, MethodNotAllowedError(), n);
        return;
      }
    }
    if (verb == "create" && !info.name.empty()) {
      ReplyError(w, MethodNotAllowedError(), n);
      return;
    }
  }
  if (r->namespaced && info.namespace_.empty() && verb != "list" && verb != "watch") {
    // Namespaced objects are only addressed through /namespaces/<ns>/.
    ReplyError(w, PathNotFoundError(), n);
    return;
  }
  std::string ns = r->namespaced ? info.namespace_ : "";

  if (verb == "get") {
    storage::GetOptions opts;
    opts.resource_version = Query(req, "resourceVersion");
    if (ServeGetFromCache(*r, r->Key(ns, info.name), opts.resource_version, info.name, n, w)) {
      return;
    }
    auto obj = r->store->Get(r->Key(ns, info.name), opts);
    if (!obj.ok()) {
      ReplyError(w, FromStorageError(obj.status(), r->group, r->resource, info.name), n);
      return;
    }
    if (n.as == "Table") {
      std::vector<codec::Object> one;
      one.push_back(std::move(*obj));
      w->Reply(table::TableResponse(*r, one, nullptr, Query(req, "includeObject"), n));
      return;
    }
    w->Reply(ObjectResponse(200, *obj, n));
    return;
  }

  if (verb == "list") {
    storage::ListOptions opts;
    opts.resource_version = Query(req, "resourceVersion");
    std::string match = Query(req, "resourceVersionMatch");
    if (match == "Exact") {
      opts.match = storage::ResourceVersionMatch::kExact;
    } else if (match == "NotOlderThan") {
      opts.match = storage::ResourceVersionMatch::kNotOlderThan;
    } else if (!match.empty()) {
      ReplyError(w,
                 BadRequestError("resourceVersionMatch: Unsupported value: " +
                                 api::GoQuote(match) +
                                 ": supported values: \"Exact\", \"NotOlderThan\", \"\""),
                 n);
      return;
    }
    std::optional<int64_t> limit;
    SelectionPredicate selection;
    if (!internal::QueryInt(req, "limit", &limit, &error) ||
        !internal::BuildSelection(req, *r, &selection, &error)) {
      ReplyError(w, error, n);
      return;
    }
    opts.predicate = selection.AsStoragePredicate();
    opts.limit = limit.value_or(0);
    opts.continue_token = Query(req, "continue");
    if (!opts.continue_token.empty()) opts.match = storage::ResourceVersionMatch::kUnset;
    if (ServeListFromCache(*r, r->Key(ns, ""), opts, selection, n, w)) return;
    storage::ListResult result;
    Status s = r->store->GetList(r->Key(ns, ""), opts, &result);
    if (!s.ok()) {
      ApiError e = FromStorageError(s, r->group, r->resource, "");
      ReplyError(w, e, n);
      return;
    }
    ListMetaValues meta{std::to_string(result.resource_version), result.continue_token,
                        result.remaining_item_count};
    if (n.as == "Table") {
      w->Reply(table::TableResponse(*r, result.items, &meta, Query(req, "includeObject"), n));
      return;
    }
    if (!n.as.empty()) {
      w->Reply(ObjectResponse(200, PartialObjectMetadataList(result.items, meta, n), n));
      return;
    }
    auto body = EncodeList(r->kind, result.items, meta, n.format);
    if (!body.ok()) {
      ReplyError(w, InternalError(body.status().message()), n);
      return;
    }
    w->Reply(BodyResponse(200, *std::move(body), n));
    return;
  }

  WriteOptions write_options;
  std::unique_ptr<ServedResource> dry_view;  // write_request.h: dryRun=All writes nothing
  if (verb == "create" || verb == "update" || verb == "patch") {
    if (!ParseWriteOptions(req,
                           verb == "create"   ? "CreateOptions"
                           : verb == "update" ? "UpdateOptions"
                                              : "PatchOptions",
                           &write_options, &error)) {
      ReplyError(w, error, n);
      return;
    }
    if (write_options.dry_run) {
      dry_view = DryRunView(*r);
      r = dry_view.get();
    }
  }

  if (verb == "create") {
    codec::Object obj;
    if (!DecodeWriteBody(req, r->kind, write_options, warnings.get(), &obj, &error)) {
      ReplyError(w, error, n);
      return;
    }
    managed_fields::UpdateManagedFields(*r, false, nullptr, obj,
                                        managed_fields::RequestManager(req),
                                        managed_fields::BodyResetsManagedFields(req.body()));
    if (!CheckNamespace(*r, ns, obj, &error) ||
        !AdmitCreate(*registry_, *r, ns,
                     obj.meta()->name.empty() ? obj.meta()->generate_name : obj.meta()->name,
                     &error) ||
        !PrepareForCreate(*r, obj, &error)) {
      ReplyError(w, error, n);
      return;
    }
    std::function<void()> undo;
    if (r->before_create && !r->before_create(obj, &error, &undo)) {
      ReplyError(w, error, n);
      return;
    }
    // After allocation, as stock validates after its BeginCreate hook.
    if (auto invalid = validation::ValidateCreate(obj, r->namespaced)) {
      if (undo) undo();
      ReplyError(w, *invalid, n);
      return;
    }
    std::string name = obj.meta()->name;
    auto created = r->store->Create(r->Key(ns, name), std::move(obj), r->ttl_seconds);
    if (!created.ok()) {
      if (undo) undo();
      if (created.status().code() == StatusCode::kInvalidArgument) {
        ApiError e;  // a plain storage error: code 500, no reason
        e.code = 500;
        e.message = created.status().message();
        ReplyError(w, e, n);
      } else {
        ReplyError(w, FromStorageError(created.status(), r->group, r->resource, name), n);
      }
      return;
    }
    w->Reply(ObjectResponse(201, *created, n));
    return;
  }

  if (verb == "update") {
    codec::Object obj;
    if (!DecodeWriteBody(req, r->kind, write_options, warnings.get(), &obj, &error) ||
        !CheckNamespace(*r, ns, obj, &error)) {
      ReplyError(w, error, n);
      return;
    }
    if (obj.meta()->name != info.name) {
      ReplyError(w, BadRequestError("the name of the object (" + obj.meta()->name +
                                    ") does not match the name on the URL (" + info.name + ")"),
                 n);
      return;
    }
    std::string wanted_rv = obj.meta()->resource_version;
    const std::string manager = managed_fields::RequestManager(req);
    const bool reset_managed = managed_fields::BodyResetsManagedFields(req.body());
    auto shared = std::make_shared<codec::Object>(std::move(obj));
    UpdateDeletionHook hook;
    std::optional<ApiError> invalid;
    auto updated = r->store->GuaranteedUpdate(
        r->Key(ns, info.name), false, {},
        [&](codec::Object current) -> StatusOr<storage::UpdateResult> {
          if (!wanted_rv.empty() && wanted_rv != current.meta()->resource_version) {
            return Status(StatusCode::kConflict, std::string(kOptimisticLock));
          }
          auto json = codec::EncodeJson(*shared);
          auto decoded = codec::DecodeObject(json, codec::WireFormat::kJson);
          if (!decoded.ok()) return decoded.status();
          managed_fields::UpdateManagedFields(*r, is_status, &current, *decoded, manager,
                                              reset_managed);
          auto managed = decoded->meta()->managed_fields;
          auto next = PrepareForUpdate(*r, is_status, std::move(*decoded), current);
          if (!next.ok()) return next.status();
          next->meta()->managed_fields = std::move(managed);
          if (!next->meta()->uid.empty() && next->meta()->uid != current.meta()->uid) {
            return Status(StatusCode::kConflict,
                          "Precondition failed: UID in precondition: " + next->meta()->uid +
                              ", UID in object meta: " + current.meta()->uid);
          }
          invalid = validation::ValidateUpdate(*next, current, r->namespaced, is_status);
          if (invalid) return Status::Invalid(invalid->message);
          if (Status s = hook.Check(*r, *next, current); !s.ok()) return s;
          // An unconditional update carries the current resourceVersion (a dry run's answer).
          if (wanted_rv.empty()) next->meta()->resource_version = current.meta()->resource_version;
          return storage::UpdateResult{std::move(next).value(), UpdateTtl(*r)};
        });
    if (!updated.ok()) {
      if (invalid) {
        ReplyError(w, *invalid, n);
        return;
      }
      if (hook.Finish(*r, r->Key(ns, info.name), updated.status(), w, n)) return;
      ReplyError(w, FromStorageError(updated.status(), r->group, r->resource, info.name), n);
      return;
    }
    w->Reply(ObjectResponse(200, *updated, n));
    return;
  }

  if (verb == "patch") {
    ServePatch(req, *registry_, *r, ns, info.name, is_status, write_options, warnings.get(), w, n);
    return;
  }

  if (verb == "delete") {
    DeleteRequestOptions options;
    DeleteResult result;
    if (!ParseDeleteOptions(req, &options, &error) ||
        (r->group.empty() && r->resource == "namespaces" &&
         !AdmitNamespaceDelete(info.name, &error)) ||
        !DeleteObject(*r, ns, info.name, options, &result, &error)) {
      ReplyError(w, error, n);
      return;
    }
    w->Reply(DeleteResponse(*r, options, result, n));
    return;
  }

  if (verb == "deletecollection") {
    storage::ListOptions opts;
    DeleteRequestOptions options;
    if (!internal::BuildPredicate(req, *r, &opts.predicate, &error) ||
        !ParseDeleteOptions(req, &options, &error)) {
      ReplyError(w, error, n);
      return;
    }
    storage::ListResult listed;
    Status s = r->store->GetList(r->Key(ns, ""), opts, &listed);
    if (!s.ok()) {
      ReplyError(w, FromStorageError(s, r->group, r->resource, ""), n);
      return;
    }
    // Each item as a DELETE with the same options; the answer lists the items as listed.
    for (const codec::Object& item : listed.items) {
      const auto* meta = item.meta();
      DeleteResult result;
      if (!DeleteObject(*r, meta->namespace_, meta->name, options, &result, &error) &&
          error.code != 404) {
        ReplyError(w, error, n);
        return;
      }
    }
    ListMetaValues meta{std::to_string(listed.resource_version), "", std::nullopt};
    if (!n.as.empty()) {
      w->Reply(ObjectResponse(200, PartialObjectMetadataList(listed.items, meta, n), n));
      return;
    }
    auto body = EncodeList(r->kind, listed.items, meta, n.format);
    if (!body.ok()) {
      ReplyError(w, InternalError(body.status().message()), n);
      return;
    }
    w->Reply(BodyResponse(200, *std::move(body), n));
    return;
  }

  ReplyError(w, MethodNotAllowedError(), n);
}

}  // namespace kubecxx::apiserver
