#include "lib/apiserver/deletion.h"

#include <algorithm>
#include <functional>
#include <set>

#include "kubecxx/api/core/v1/types.h"
#include "kubecxx/api/meta/v1/types.h"
#include "lib/api/go_strconv.h"
#include "lib/api/time.h"
#include "lib/apiserver/field_errors.h"
#include "lib/apiserver/rest_internal.h"
#include "lib/codec/json_reader.h"
#include "lib/model/wire.h"

namespace kubecxx::apiserver {
namespace {

using api::meta::v1::ObjectMeta;

constexpr std::string_view kOrphanFinalizer = "orphan";
constexpr std::string_view kForegroundFinalizer = "foregroundDeletion";

constexpr int64_t kDefaultTerminationGracePeriodSeconds = 30;

enum class GcPolicy { kBackground, kOrphan, kUnsupported };

// DefaultGarbageCollectionPolicy of the served (storage) versions.
GcPolicy DefaultGcPolicy(const ServedResource& r) {
  if (r.resource == "events" && (r.group.empty() || r.group == "events.k8s.io")) {
    return GcPolicy::kUnsupported;
  }
  if ((r.group.empty() && r.resource == "replicationcontrollers") ||
      (r.group == "batch" && r.resource == "jobs")) {
    return GcPolicy::kOrphan;
  }
  return GcPolicy::kBackground;
}

bool IsPods(const ServedResource& r) { return r.group.empty() && r.resource == "pods"; }
bool IsNamespaces(const ServedResource& r) {
  return r.group.empty() && r.resource == "namespaces";
}

bool HasFinalizer(const std::vector<std::string>& f, std::string_view name) {
  return std::find(f.begin(), f.end(), name) != f.end();
}

bool ShouldOrphan(const ServedResource& r, const ObjectMeta& meta,
                  const DeleteRequestOptions& o) {
  GcPolicy policy = DefaultGcPolicy(r);
  if (policy == GcPolicy::kUnsupported) return false;
  if (o.orphan_dependents) return *o.orphan_dependents;
  if (o.propagation_policy) {
    if (*o.propagation_policy == "Orphan") return true;
    if (*o.propagation_policy == "Background" || *o.propagation_policy == "Foreground") {
      return false;
    }
  }
  for (const std::string& f : meta.finalizers) {
    if (f == kOrphanFinalizer) return true;
    if (f == kForegroundFinalizer) return false;
  }
  return policy == GcPolicy::kOrphan;
}

bool ShouldDeleteInForeground(const ServedResource& r, const ObjectMeta& meta,
                              const DeleteRequestOptions& o) {
  if (DefaultGcPolicy(r) == GcPolicy::kUnsupported) return false;
  if (o.orphan_dependents) return false;
  if (o.propagation_policy) {
    if (*o.propagation_policy == "Foreground") return true;
    if (*o.propagation_policy == "Background" || *o.propagation_policy == "Orphan") return false;
  }
  for (const std::string& f : meta.finalizers) {
    if (f == kForegroundFinalizer) return true;
    if (f == kOrphanFinalizer) return false;
  }
  return false;
}

// deletionFinalizersForGarbageCollection: whether the GC finalizers change, and the new list.
bool GcFinalizers(const ServedResource& r, const ObjectMeta& meta, const DeleteRequestOptions& o,
                  std::vector<std::string>* out) {
  bool orphan = ShouldOrphan(r, meta, o);
  bool foreground = ShouldDeleteInForeground(r, meta, o);
  std::vector<std::string> next;
  for (const std::string& f : meta.finalizers) {
    if (f != kOrphanFinalizer && f != kForegroundFinalizer) next.push_back(f);
  }
  if (orphan) next.emplace_back(kOrphanFinalizer);
  if (foreground) next.emplace_back(kForegroundFinalizer);
  std::set<std::string> a(meta.finalizers.begin(), meta.finalizers.end());
  std::set<std::string> b(next.begin(), next.end());
  if (a == b) return false;
  *out = std::move(next);
  return true;
}

// markAsDeleting.
void MarkAsDeleting(ObjectMeta* meta, api::Time now) {
  if (!meta->deletion_timestamp && meta->generation > 0) ++meta->generation;
  if (!meta->deletion_timestamp || *meta->deletion_timestamp > now) {
    meta->deletion_timestamp = Box<api::Time>(now);
  }
  meta->deletion_grace_period_seconds = 0;
}

enum class Grace { kNone, kGraceful, kPending };

// rest.BeforeDelete with the pod strategy's CheckGracefulDelete; mutates obj and options.
bool BeforeDelete(const ServedResource& r, codec::Object& obj, DeleteRequestOptions& o,
                  Grace* grace, ApiError* error) {
  ObjectMeta* meta = obj.meta();
  std::string_view kg = r.kind->group;
  std::string_view kind = r.kind->kind;
  if (o.precondition_uid && *o.precondition_uid != meta->uid) {
    *error = ConflictError(kg, kind, meta->name,
                           "the UID in the precondition (" + *o.precondition_uid +
                               ") does not match the UID in record (" + meta->uid +
                               "). The object might have been deleted and then recreated");
    return false;
  }
  if (o.precondition_resource_version &&
      *o.precondition_resource_version != meta->resource_version) {
    *error = ConflictError(kg, kind, meta->name,
                           "the ResourceVersion in the precondition (" +
                               *o.precondition_resource_version +
                               ") does not match the ResourceVersion in record (" +
                               meta->resource_version + "). The object might have been modified");
    return false;
  }
  if (o.grace_period_seconds && *o.grace_period_seconds < 0) o.grace_period_seconds = 1;
  if (meta->deletion_grace_period_seconds && *meta->deletion_grace_period_seconds < 0) {
    meta->deletion_grace_period_seconds = 1;
  }
  *grace = Grace::kNone;
  if (!IsPods(r)) return true;
  if (meta->deletion_timestamp) {
    if (!meta->deletion_grace_period_seconds || *meta->deletion_grace_period_seconds == 0) {
      return true;
    }
    if (o.grace_period_seconds) {
      int64_t period = *o.grace_period_seconds;
      if (period >= *meta->deletion_grace_period_seconds) {
        *grace = Grace::kPending;
        return true;
      }
      api::Time ts{meta->deletion_timestamp->seconds - *meta->deletion_grace_period_seconds +
                   period};
      api::Time now = api::Now();
      if (ts < now) {
        ts = now;
        if (period != 0) period = 1;
      }
      meta->deletion_timestamp = Box<api::Time>(ts);
      meta->deletion_grace_period_seconds = period;
      *grace = Grace::kGraceful;
      return true;
    }
    o.grace_period_seconds = meta->deletion_grace_period_seconds;
    *grace = Grace::kPending;
    return true;
  }
  // podStrategy.CheckGracefulDelete.
  const auto* pod = obj.As<api::core::v1::Pod>();
  int64_t period = 0;
  if (o.grace_period_seconds) {
    period = *o.grace_period_seconds;
  } else if (pod->spec.termination_grace_period_seconds) {
    period = *pod->spec.termination_grace_period_seconds;
  } else {
    // Upstream never sees it unset: its defaulter stores 30 (ours does not default yet).
    period = kDefaultTerminationGracePeriodSeconds;
  }
  if (pod->spec.node_name.empty()) period = 0;
  if (pod->status.phase == "Failed" || pod->status.phase == "Succeeded") period = 0;
  if (period < 0) period = 1;
  o.grace_period_seconds = period;
  meta->deletion_timestamp = Box<api::Time>(api::Time{api::Now().seconds + period});
  meta->deletion_grace_period_seconds = period;
  if (meta->generation > 0) ++meta->generation;
  *grace = Grace::kGraceful;
  return true;
}

storage::Preconditions StoragePreconditions(const DeleteRequestOptions& o) {
  storage::Preconditions p;
  p.uid = o.precondition_uid;
  p.resource_version = o.precondition_resource_version;
  return p;
}

// Runs `update` on the stored object (or, for dry runs, on a fresh read without writing).
StatusOr<codec::Object> Update(const ServedResource& r, const std::string& key,
                               const storage::Preconditions& pre, bool dry_run,
                               const std::function<StatusOr<codec::Object>(codec::Object)>& fn) {
  if (dry_run) {
    auto current = r.store->Get(key, {});
    if (!current.ok()) return current.status();
    if (pre.uid && *pre.uid != current->meta()->uid) {
      return Status(StatusCode::kConflict, "Precondition failed: UID in precondition: " +
                                               *pre.uid + ", UID in object meta: " +
                                               current->meta()->uid);
    }
    return fn(std::move(*current));
  }
  return r.store->GuaranteedUpdate(
      key, false, pre, [&](codec::Object current) -> StatusOr<storage::UpdateResult> {
        auto next = fn(std::move(current));
        if (!next.ok()) return next.status();
        next->meta()->resource_version.clear();
        return storage::UpdateResult{std::move(next).value(), std::nullopt};
      });
}

const Status& AbortStatus() {
  static const Status* s = new Status(StatusCode::kInternal, "kubecxx: update aborted for deletion");
  return *s;
}

// store.Delete.
bool GenericDelete(const ServedResource& r, const std::string& key, codec::Object obj,
                   DeleteRequestOptions o, DeleteResult* out, ApiError* error) {
  const std::string name = obj.meta()->name;
  Grace grace;
  if (!BeforeDelete(r, obj, o, &grace, error)) return false;
  if (grace == Grace::kPending) {
    out->object = std::move(obj);
    out->deleted = false;
    return true;
  }
  std::vector<std::string> finalizers;
  bool pending_finalizers = !obj.meta()->finalizers.empty();
  bool update_finalizers = GcFinalizers(r, *obj.meta(), o, &finalizers);
  bool ignore_not_found = false;
  std::optional<codec::Object> last_existing;
  storage::Preconditions pre = StoragePreconditions(o);
  std::optional<codec::Object> updated;
  if (grace == Grace::kGraceful || pending_finalizers || update_finalizers) {
    enum class Outcome { kStored, kDeleteNow, kAlreadyDeleting } outcome = Outcome::kStored;
    std::optional<ApiError> inner;
    int64_t last_graceful = 0;
    bool pending = false;
    auto result = Update(r, key, pre, o.dry_run, [&](codec::Object existing)
                                                      -> StatusOr<codec::Object> {
      outcome = Outcome::kStored;
      DeleteRequestOptions opts = o;
      Grace g;
      ApiError e;
      if (!BeforeDelete(r, existing, opts, &g, &e)) {
        inner = e;
        return AbortStatus();
      }
      if (g == Grace::kPending) {
        outcome = Outcome::kAlreadyDeleting;
        return AbortStatus();
      }
      std::vector<std::string> f;
      if (GcFinalizers(r, *existing.meta(), opts, &f)) existing.meta()->finalizers = f;
      pending = !existing.meta()->finalizers.empty();
      if (g != Grace::kGraceful) {
        if (pending) {
          MarkAsDeleting(existing.meta(), api::Now());
          return existing;
        }
        outcome = Outcome::kDeleteNow;
        return AbortStatus();
      }
      last_graceful = opts.grace_period_seconds.value_or(0);
      last_existing = CloneObject(existing);
      return existing;
    });
    if (!result.ok()) {
      if (inner) {
        *error = *inner;
        return false;
      }
      if (outcome == Outcome::kAlreadyDeleting) {
        out->object = std::move(obj);
        out->deleted = false;
        return true;
      }
      if (outcome != Outcome::kDeleteNow) {
        *error = FromStorageError(result.status(), r.group, r.resource, name);
        return false;
      }
    } else {
      updated = std::move(*result);
      if (pending || last_graceful > 0) {
        out->object = std::move(*updated);
        out->deleted = false;
        return true;
      }
      ignore_not_found = true;
      if (pre.resource_version) pre.resource_version = updated->meta()->resource_version;
    }
  }
  if (o.dry_run) {
    out->object = updated ? std::move(*updated) : std::move(obj);
    out->deleted = true;
    return true;
  }
  auto deleted = r.store->Delete(key, pre);
  if (!deleted.ok()) {
    if (deleted.status().code() == StatusCode::kNotFound && ignore_not_found && last_existing) {
      out->object = std::move(*last_existing);
      out->deleted = true;
      return true;
    }
    *error = FromStorageError(deleted.status(), r.group, r.resource, name);
    return false;
  }
  if (r.after_delete) r.after_delete(*deleted);
  out->object = std::move(*deleted);
  out->deleted = true;
  return true;
}

// The namespace REST's Delete.
bool NamespaceDelete(const ServedResource& r, const std::string& key, codec::Object ns_obj,
                     DeleteRequestOptions o, DeleteResult* out, ApiError* error) {
  const ObjectMeta* meta = ns_obj.meta();
  const std::string name = meta->name;
  if (!o.precondition_uid) {
    o.precondition_uid = meta->uid;
  } else if (*o.precondition_uid != meta->uid) {
    *error = ConflictError("", "namespaces", name,
                           "Precondition failed: UID in precondition: " + *o.precondition_uid +
                               ", UID in object meta: " + meta->uid);
    return false;
  }
  if (o.precondition_resource_version &&
      *o.precondition_resource_version != meta->resource_version) {
    *error = ConflictError("", "namespaces", name,
                           "Precondition failed: ResourceVersion in precondition: " +
                               *o.precondition_resource_version +
                               ", ResourceVersion in object meta: " + meta->resource_version);
    return false;
  }
  if (!meta->deletion_timestamp) {
    auto result = Update(r, key, StoragePreconditions(o), o.dry_run,
                         [&](codec::Object existing) -> StatusOr<codec::Object> {
                           auto* ns = existing.As<api::core::v1::Namespace>();
                           ObjectMeta& m = ns->object_meta;
                           if (!m.deletion_timestamp) {
                             m.deletion_timestamp = Box<api::Time>(api::Now());
                           }
                           ns->status.phase = "Terminating";
                           bool orphan = o.orphan_dependents ? *o.orphan_dependents
                                         : o.propagation_policy
                                             ? *o.propagation_policy == "Orphan"
                                             : HasFinalizer(m.finalizers, kOrphanFinalizer);
                           bool foreground =
                               o.orphan_dependents    ? !*o.orphan_dependents
                               : o.propagation_policy ? *o.propagation_policy == "Foreground"
                                                      : HasFinalizer(m.finalizers,
                                                                     kForegroundFinalizer);
                           std::vector<std::string> next;
                           for (const std::string& f : m.finalizers) {
                             if (f != kOrphanFinalizer && f != kForegroundFinalizer &&
                                 !HasFinalizer(next, f)) {
                               next.push_back(f);
                             }
                           }
                           if (orphan) next.emplace_back(kOrphanFinalizer);
                           if (foreground) next.emplace_back(kForegroundFinalizer);
                           if (std::set<std::string>(next.begin(), next.end()) !=
                               std::set<std::string>(m.finalizers.begin(), m.finalizers.end())) {
                             m.finalizers = std::move(next);
                           }
                           return existing;
                         });
    if (!result.ok()) {
      *error = FromStorageError(result.status(), r.group, r.resource, name);
      return false;
    }
    out->object = std::move(*result);
    out->deleted = false;
    return true;
  }
  if (!ns_obj.As<api::core::v1::Namespace>()->spec.finalizers.empty()) {
    out->object = std::move(ns_obj);
    out->deleted = false;
    return true;
  }
  return GenericDelete(r, key, std::move(ns_obj), std::move(o), out, error);
}

codec::Object SuccessStatus(const ServedResource& r, const codec::Object& obj) {
  codec::Object st_obj(codec::FindKind("", "v1", "Status"));
  auto* st = st_obj.As<api::meta::v1::Status>();
  st->type_meta = {"Status", "v1"};
  st->status = "Success";
  api::meta::v1::StatusDetails d;
  d.name = obj.meta()->name;
  d.group = r.group;
  d.kind = r.resource;
  d.uid = obj.meta()->uid;
  st->details = Box<api::meta::v1::StatusDetails>(std::move(d));
  return st_obj;
}

bool ValidateOptions(DeleteRequestOptions* out, ApiError* error) {
  std::vector<FieldError> errs;
  if (out->orphan_dependents && out->propagation_policy) {
    errs.push_back(FieldInvalid("propagationPolicy", api::GoQuote(*out->propagation_policy),
                                "orphanDependents and deletionPropagation cannot be both set"));
  }
  if (out->propagation_policy && *out->propagation_policy != "Foreground" &&
      *out->propagation_policy != "Background" && *out->propagation_policy != "Orphan") {
    errs.push_back(FieldNotSupported("propagationPolicy", api::GoQuote(*out->propagation_policy),
                                     {"Foreground", "Background", "Orphan", "nil"}));
  }
  if (!errs.empty()) {
    *error = InvalidErrors("meta.k8s.io", "DeleteOptions", "", errs);
    return false;
  }
  return true;
}

bool FromDeleteOptions(const api::meta::v1::DeleteOptions& d, DeleteRequestOptions* out,
                       ApiError* error) {
  out->grace_period_seconds = d.grace_period_seconds;
  out->propagation_policy = d.propagation_policy;
  out->orphan_dependents = d.orphan_dependents;
  if (d.preconditions) {
    out->precondition_uid = d.preconditions->uid;
    out->precondition_resource_version = d.preconditions->resource_version;
  }
  for (const std::string& v : d.dry_run) {
    if (v != "All") {
      std::string list = "[";
      for (size_t i = 0; i < d.dry_run.size(); ++i) {
        list += (i ? "," : "") + api::GoQuote(d.dry_run[i]);
      }
      list += "]";
      *error = InvalidErrors("meta.k8s.io", "DeleteOptions", "",
                             {FieldNotSupported("dryRun", list, {"All"})});
      return false;
    }
  }
  out->dry_run = !d.dry_run.empty();
  return ValidateOptions(out, error);
}

}  // namespace

codec::Object CloneObject(const codec::Object& obj) {
  auto copy = codec::DecodeObject(codec::EncodeJson(obj), codec::WireFormat::kJson);
  return copy.ok() ? std::move(*copy) : codec::Object();
}

bool DeleteOptionsFromValue(const codec::Object& delete_options, DeleteRequestOptions* out,
                            ApiError* error) {
  return FromDeleteOptions(*delete_options.As<api::meta::v1::DeleteOptions>(), out, error);
}

bool ParseDeleteOptions(const server::Request& req, DeleteRequestOptions* out, ApiError* error) {
  const codec::KindInfo* kind = codec::FindKind("", "v1", "DeleteOptions");
  codec::Object decoded(kind);
  if (!req.body().empty()) {
    // Any apiVersion ("v1", "meta.k8s.io/v1") names the same DeleteOptions.
    codec::WireFormat format = codec::DetectWireFormat(req.body());
    Status s;
    if (format == codec::WireFormat::kJson) {
      codec::JsonReader reader(req.body());
      if (!kind->read_json(reader, decoded.get())) s = reader.status();
    } else {
      codec::DecodeOptions opts;
      opts.default_kind = kind;
      auto d = codec::DecodeObject(req.body(), format, opts);
      if (d.ok() && d->info()->kind == "DeleteOptions") {
        decoded = std::move(*d);
      } else {
        s = d.ok() ? Status::Invalid("decoded object cannot be converted to DeleteOptions")
                   : d.status();
      }
    }
    if (!s.ok()) {
      *error = BadRequestError(s.message());
      return false;
    }
    return DeleteOptionsFromValue(decoded, out, error);
  }
  auto* d = decoded.As<api::meta::v1::DeleteOptions>();
  std::optional<int64_t> grace;
  if (!internal::QueryInt(req, "gracePeriodSeconds", &grace, error)) return false;
  d->grace_period_seconds = grace;
  if (req.HasQuery("propagationPolicy")) {
    d->propagation_policy = internal::Query(req, "propagationPolicy");
  }
  if (req.HasQuery("orphanDependents")) {
    std::string v = internal::Query(req, "orphanDependents");
    std::optional<bool> b;
    if (v == "1" || v == "t" || v == "T" || v == "true" || v == "TRUE" || v == "True") b = true;
    if (v == "0" || v == "f" || v == "F" || v == "false" || v == "FALSE" || v == "False") b = false;
    if (!b) {
      *error = BadRequestError("strconv.ParseBool: parsing " + api::GoQuote(v) +
                               ": invalid syntax");
      return false;
    }
    d->orphan_dependents = *b;
  }
  d->dry_run = req.QueryValues("dryRun");
  return DeleteOptionsFromValue(decoded, out, error);
}

bool DeleteObject(const ServedResource& r, std::string_view ns, std::string_view name,
                  DeleteRequestOptions options, DeleteResult* out, ApiError* error) {
  std::string key = r.Key(ns, name);
  auto current = r.store->Get(key, {});
  if (!current.ok()) {
    *error = FromStorageError(current.status(), r.group, r.resource, name);
    return false;
  }
  if (IsNamespaces(r)) {
    return NamespaceDelete(r, key, std::move(*current), std::move(options), out, error);
  }
  return GenericDelete(r, key, std::move(*current), std::move(options), out, error);
}

server::Response DeleteResponse(const ServedResource& r, const DeleteRequestOptions& options,
                                const DeleteResult& result, const Negotiated& n) {
  int code = 200;
  if (!result.deleted && options.orphan_dependents && !*options.orphan_dependents) code = 202;
  // finalizeDelete answers a Status for stores that do not return deleted objects; an object
  // that stays (finalizers, graceful deletion) is answered as it is stored.
  bool as_object = r.return_deleted_object || !result.deleted;
  if (as_object) return ObjectResponse(code, result.object, n);
  return ObjectResponse(code, SuccessStatus(r, result.object), n);
}

Status UpdateDeletionHook::Check(const ServedResource& r, const codec::Object& next,
                                 const codec::Object& old) {
  error_.reset();
  delete_.reset();
  const ObjectMeta* nm = next.meta();
  const ObjectMeta* om = old.meta();
  std::vector<FieldError> errs;
  if (om->deletion_timestamp) {
    std::set<std::string> added(nm->finalizers.begin(), nm->finalizers.end());
    for (const std::string& f : om->finalizers) added.erase(f);
    if (!added.empty()) {
      std::string list = "[]string{";
      bool first = true;
      for (const std::string& f : added) {
        list += (first ? "" : ", ") + api::GoQuote(f);
        first = false;
      }
      list += "}";
      errs.push_back(FieldForbidden(
          "metadata.finalizers",
          "no new finalizers can be added if the object is being deleted, found new "
          "finalizers " +
              list));
    }
  }
  auto time_text = [](const Box<api::Time>& t) {
    return t ? "\"" + api::FormatRFC3339(*t) + "\"" : std::string("null");
  };
  bool ts_differs = static_cast<bool>(nm->deletion_timestamp) !=
                        static_cast<bool>(om->deletion_timestamp) ||
                    (nm->deletion_timestamp && *nm->deletion_timestamp != *om->deletion_timestamp);
  if (ts_differs) {
    errs.push_back(FieldInvalid("metadata.deletionTimestamp", time_text(nm->deletion_timestamp),
                                "field is immutable"));
  }
  if (nm->deletion_grace_period_seconds != om->deletion_grace_period_seconds) {
    errs.push_back(FieldInvalid("metadata.deletionGracePeriodSeconds",
                                nm->deletion_grace_period_seconds
                                    ? std::to_string(*nm->deletion_grace_period_seconds)
                                    : std::string("null"),
                                "field is immutable"));
  }
  if (!errs.empty()) {
    error_ = InvalidErrors(r.kind->group, r.kind->kind, nm->name, errs);
    return AbortStatus();
  }
  bool should_delete = nm->finalizers.empty() && om->deletion_timestamp &&
                       (!om->deletion_grace_period_seconds ||
                        *om->deletion_grace_period_seconds == 0);
  if (should_delete && IsNamespaces(r) &&
      !next.As<api::core::v1::Namespace>()->spec.finalizers.empty()) {
    should_delete = false;
  }
  if (should_delete) {
    delete_ = CloneObject(next);
    delete_->meta()->resource_version = om->resource_version;
    uid_ = om->uid;
    return AbortStatus();
  }
  return Status::Ok();
}

bool UpdateDeletionHook::Finish(const ServedResource& r, std::string_view key,
                                const Status& update_status,
                                const std::shared_ptr<server::ResponseWriter>& w,
                                const Negotiated& n) {
  if (update_status.code() != AbortStatus().code() ||
      update_status.message() != AbortStatus().message()) {
    return false;
  }
  if (error_) {
    w->Reply(ErrorResponse(*error_, n));
    return true;
  }
  if (!delete_) return false;
  storage::Preconditions pre;
  pre.uid = uid_;
  auto deleted = r.store->Delete(key, pre);
  if (!deleted.ok() && deleted.status().code() != StatusCode::kNotFound) {
    w->Reply(ErrorResponse(
        FromStorageError(deleted.status(), r.group, r.resource, delete_->meta()->name), n));
    return true;
  }
  if (deleted.ok() && r.after_delete) r.after_delete(*deleted);
  w->Reply(ObjectResponse(200, *delete_, n));
  return true;
}

}  // namespace kubecxx::apiserver
