#include "lib/apiserver/write_request.h"

#include "kubecxx/api/meta/v1/types.h"
#include "lib/api/go_strconv.h"
#include "lib/apiserver/defaults/defaults.h"
#include "lib/apiserver/field_errors.h"
#include "lib/apiserver/negotiation.h"
#include "lib/model/wire.h"
#include "lib/storage/etcd_store.h"

namespace kubecxx::apiserver {
namespace {

constexpr size_t kFieldManagerMaxLength = 128;

std::string First(const server::Request& req, std::string_view key) {
  auto values = req.QueryValues(key);
  return values.empty() ? "" : values[0];
}

}  // namespace

void AddStrictDecodingWarnings(const std::string& error, WarningRecorder* warnings) {
  // parseYAMLWarnings: go-yaml's error lists one key per line.
  for (std::string_view prefix : {"yaml: unmarshal errors:\n",
                                  "error converting YAML to JSON: yaml: unmarshal errors:\n"}) {
    if (!error.starts_with(prefix)) continue;
    std::string_view rest = std::string_view(error).substr(prefix.size());
    while (true) {
      size_t nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      size_t b = line.find_first_not_of(" \t\r\v\f");
      size_t e = line.find_last_not_of(" \t\r\v\f");
      warnings->Add(b == std::string_view::npos ? "" : std::string(line.substr(b, e - b + 1)));
      if (nl == std::string_view::npos) break;
      rest.remove_prefix(nl + 1);
    }
    return;
  }
  warnings->Add(error);
}

bool ParseWriteOptions(const server::Request& req, std::string_view options_kind,
                       WriteOptions* out, ApiError* error) {
  std::vector<FieldError> errs;
  // Only apply patches (application/apply-patch+yaml and its +cbor form) take force.
  const bool apply_patch = req.Header("Content-Type").starts_with("application/apply-patch+");
  if (options_kind == "PatchOptions" && req.HasQuery("force") && !apply_patch) {
    errs.push_back(FieldForbidden("force", "may not be specified for non-apply patch"));
  }
  if (First(req, "fieldManager").size() > kFieldManagerMaxLength) {
    errs.push_back({"FieldValueTooLong", "fieldManager",
                    "Too long: may not be more than " + std::to_string(kFieldManagerMaxLength) +
                        " bytes"});
  }
  auto dry_run = req.QueryValues("dryRun");
  for (const std::string& v : dry_run) {
    if (v == "All") continue;
    std::string list = "[";
    for (size_t i = 0; i < dry_run.size(); ++i) list += (i ? "," : "") + api::GoQuote(dry_run[i]);
    errs.push_back(FieldNotSupported("dryRun", list + "]", {"All"}));
    break;
  }
  std::string validation = First(req, "fieldValidation");
  if (validation != "" && validation != "Ignore" && validation != "Warn" &&
      validation != "Strict") {
    errs.push_back(FieldNotSupported("fieldValidation", api::GoQuote(validation),
                                     {"", "Ignore", "Strict", "Warn"}));
  }
  if (!errs.empty()) {
    *error = InvalidErrors("meta.k8s.io", options_kind, "", errs);
    return false;
  }
  out->dry_run = !dry_run.empty();
  out->field_validation = validation.empty() ? "Warn" : validation;
  return true;
}

std::string StrictDecodingError(const std::vector<std::string>& errors) {
  std::string m = "strict decoding error: ";
  for (size_t i = 0; i < errors.size(); ++i) {
    if (i > 0) m += ", ";
    m += errors[i];
  }
  return m;
}

bool DecodeWriteBody(const server::Request& req, const codec::KindInfo* kind,
                     const WriteOptions& options, WarningRecorder* warnings, codec::Object* out,
                     ApiError* error) {
  codec::WireFormat format;
  if (!RequestBodyFormat(req.Header("Content-Type"), &format, error)) return false;
  codec::DecodeOptions opts;
  opts.default_kind = kind;
  std::vector<std::string> field_errors;
  if (options.field_validation != "Ignore") opts.field_errors = &field_errors;
  auto obj = codec::DecodeObject(req.body(), format, opts);
  if (!obj.ok()) {
    // The create and update handlers' transformDecodeError (the endpoint's kind stands for
    // the body's group-version-kind, which our decoder does not report on failure).
    *error = BadRequestError(std::string(kind->kind) + " in version \"" +
                             std::string(kind->version) + "\" cannot be handled as a " +
                             std::string(kind->kind) + ": " +
                             std::string(obj.status().message()));
    return false;
  }
  if (!field_errors.empty()) {
    if (options.field_validation == "Strict") {
      // transformDecodeError with the kind the body decoded as.
      const codec::KindInfo* got = obj->info();
      *error = BadRequestError(std::string(got->kind) + " in version " +
                               api::GoQuote(got->version) + " cannot be handled as a " +
                               std::string(kind->kind) + ": " +
                               StrictDecodingError(field_errors));
      return false;
    }
    for (const std::string& e : field_errors) AddStrictDecodingWarnings(e, warnings);
  }
  if (obj->info() != kind) {
    const codec::KindInfo* got = obj->info();
    if (got->kind != kind->kind) {
      *error = BadRequestError("the kind in the data (" + std::string(got->kind) +
                               ") does not match the expected kind (" +
                               std::string(kind->kind) + ")");
    } else {
      *error = BadRequestError("the API version in the data (" + got->ApiVersion() +
                               ") does not match the expected API version (" +
                               kind->ApiVersion() + ")");
    }
    return false;
  }
  if (obj->meta() == nullptr) {
    *error = BadRequestError("the object has no metadata");
    return false;
  }
  defaults::ApplyDefaults(*obj);  // upstream defaults on request decode
  *out = std::move(*obj);
  return true;
}

std::unique_ptr<ServedResource> DryRunView(const ServedResource& r) {
  auto v = std::make_unique<ServedResource>();
  v->group = r.group;
  v->version = r.version;
  v->resource = r.resource;
  v->etcd_prefix = r.etcd_prefix;
  v->kind = r.kind;
  v->namespaced = r.namespaced;
  v->has_status = r.has_status;
  v->tracks_generation = r.tracks_generation;
  v->return_deleted_object = r.return_deleted_object;
  v->verbs = r.verbs;
  v->ttl_seconds = r.ttl_seconds;
  v->store = std::make_unique<DryRunStore>(r.store.get());
  if (r.dry_run_before_create) {
    auto check = r.dry_run_before_create;
    v->before_create = [check](codec::Object& obj, ApiError* error, std::function<void()>*) {
      return check(obj, error);
    };
  }
  v->after_delete = nullptr;
  v->cache = r.cache;
  return v;
}

StatusOr<codec::Object> DryRunStore::Create(std::string_view key, codec::Object obj, uint64_t) {
  // DryRunnableStorage.Create: any successful read of the key means it exists.
  if (inner_->Get(key, {}).ok()) {
    return Status(StatusCode::kAlreadyExists, "key exists: " + std::string(key));
  }
  return obj;  // not even a set resourceVersion is refused, as upstream
}

StatusOr<codec::Object> DryRunStore::Delete(std::string_view key,
                                            const storage::Preconditions& preconditions) {
  auto current = inner_->Get(key, {});
  if (!current.ok()) return current.status();
  KUBECXX_RETURN_IF_ERROR(storage::CheckPreconditions(preconditions, key, *current));
  return current;
}

StatusOr<codec::Object> DryRunStore::GuaranteedUpdate(std::string_view key,
                                                      bool ignore_not_found,
                                                      const storage::Preconditions& preconditions,
                                                      const storage::UpdateFunc& update) {
  storage::GetOptions get;
  get.ignore_not_found = ignore_not_found;
  auto current = inner_->Get(key, get);
  if (!current.ok()) return current.status();
  KUBECXX_RETURN_IF_ERROR(storage::CheckPreconditions(preconditions, key, *current));
  auto next = update(std::move(*current));
  if (!next.ok()) return next.status();
  return std::move(next->object);
}

}  // namespace kubecxx::apiserver
