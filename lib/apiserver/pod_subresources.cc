#include "lib/apiserver/pod_subresources.h"

#include <algorithm>

#include "kubecxx/api/core/v1/types.h"
#include "kubecxx/api/meta/v1/types.h"
#include "kubecxx/api/policy/v1/types.h"
#include "lib/api/go_strconv.h"
#include "lib/api/time.h"
#include "lib/apiserver/deletion.h"
#include "lib/apiserver/field_errors.h"
#include "lib/apiserver/namespace_lifecycle.h"
#include "lib/apiserver/rest_internal.h"
#include "lib/model/wire.h"

namespace kubecxx::apiserver {
namespace {

using api::core::v1::Pod;
using api::core::v1::PodCondition;
using api::policy::v1::PodDisruptionBudget;

constexpr std::string_view kPdbMessage =
    "Cannot evict pod as it would violate the pod's disruption budget.";
constexpr int kMaxDisruptedPods = 2000;
constexpr int kEvictionRetries = 20;

// The answer of a subresource create: a Status whose code (201 unless given) is also the HTTP
// status, as the create handler writes Status results.
server::Response CreatedStatus(const Negotiated& n, std::string status = "Success",
                               std::string message = "", int code = 201) {
  codec::Object obj(codec::FindKind("", "v1", "Status"));
  auto* st = obj.As<api::meta::v1::Status>();
  st->type_meta = {"Status", "v1"};
  st->status = std::move(status);
  st->message = std::move(message);
  st->code = code;
  // The HTTP status is the Status's code (the 500 of a two-budget pod included).
  return ObjectResponse(code, obj, n);
}

// podutil.UpdatePodCondition.
void UpdatePodCondition(api::core::v1::PodStatus* status, PodCondition c) {
  c.last_transition_time = api::Now();
  for (PodCondition& old : status->conditions) {
    if (old.type != c.type) continue;
    if (c.status == old.status) c.last_transition_time = old.last_transition_time;
    old = std::move(c);
    return;
  }
  status->conditions.push_back(std::move(c));
}

// Decodes the body as one of `kinds` (the first is the default). Errors: 400/415.
bool DecodeAs(const server::Request& req, std::initializer_list<const codec::KindInfo*> kinds,
              codec::Object* out, ApiError* error) {
  codec::WireFormat format;
  if (!RequestBodyFormat(req.Header("Content-Type"), &format, error)) return false;
  codec::DecodeOptions opts;
  opts.default_kind = *kinds.begin();
  auto obj = codec::DecodeObject(req.body(), format, opts);
  if (!obj.ok()) {
    *error = BadRequestError(obj.status().message());
    return false;
  }
  for (const codec::KindInfo* k : kinds) {
    if (obj->info() == k) {
      *out = std::move(*obj);
      return true;
    }
  }
  *error = BadRequestError("the API version in the data (" + obj->info()->ApiVersion() +
                           ") does not match the expected API version (" +
                           opts.default_kind->ApiVersion() + ")");
  return false;
}

// ?dryRun= of a create (CreateOptions). Errors: 422.
bool DryRunQuery(const server::Request& req, bool* dry_run, ApiError* error) {
  auto values = req.QueryValues("dryRun");
  for (const std::string& v : values) {
    if (v != "All") {
      std::string list = "[";
      for (size_t i = 0; i < values.size(); ++i) list += (i ? "," : "") + api::GoQuote(values[i]);
      *error = InvalidErrors("meta.k8s.io", "CreateOptions", "",
                             {FieldNotSupported("dryRun", list + "]", {"All"})});
      return false;
    }
  }
  *dry_run = !values.empty();
  return true;
}

bool SelectorMatches(const Box<api::meta::v1::LabelSelector>& s,
                     const std::map<std::string, std::string>& labels, bool* valid) {
  *valid = true;
  if (!s) return false;  // a nil selector selects nothing
  for (const auto& [k, v] : s->match_labels) {
    auto it = labels.find(k);
    if (it == labels.end() || it->second != v) return false;
  }
  for (const auto& e : s->match_expressions) {
    auto it = labels.find(e.key);
    bool in = it != labels.end() &&
              std::find(e.values.begin(), e.values.end(), it->second) != e.values.end();
    if (e.operator_ == "In") {
      if (!in) return false;
    } else if (e.operator_ == "NotIn") {
      if (in) return false;
    } else if (e.operator_ == "Exists") {
      if (it == labels.end()) return false;
    } else if (e.operator_ == "DoesNotExist") {
      if (it != labels.end()) return false;
    } else {
      *valid = false;
      return false;
    }
  }
  return true;
}

ApiError TooManyRequests(std::string cause, int retry_after) {
  ApiError e;
  e.code = 429;
  e.reason = "TooManyRequests";
  e.message = std::string(kPdbMessage);
  e.has_details = true;
  e.retry_after_seconds = retry_after;
  e.causes.push_back({"DisruptionBudget", std::move(cause), ""});
  return e;
}

ApiError PdbForbidden(const std::string& pdb, const std::string& why, const std::string& cause) {
  ApiError e;
  e.code = 403;
  e.reason = "Forbidden";
  e.message = "poddisruptionbudget.policy " + api::GoQuote(pdb) + " is forbidden: " + why;
  e.has_details = true;
  e.name = pdb;
  e.group = "policy";
  e.kind = "poddisruptionbudget";
  e.causes.push_back({"DisruptionBudget", cause, ""});
  return e;
}

bool IsPodReady(const Pod& pod) {
  for (const auto& c : pod.status.conditions) {
    if (c.type == "Ready") return c.status == "True";
  }
  return false;
}

// meta.SetStatusCondition for the PDB's DisruptionAllowed condition.
void SetDisruptionAllowed(api::policy::v1::PodDisruptionBudgetStatus* st) {
  api::meta::v1::Condition c;
  c.type = "DisruptionAllowed";
  c.status = st->disruptions_allowed > 0 ? "True" : "False";
  c.reason = st->disruptions_allowed > 0 ? "SufficientPods" : "InsufficientPods";
  c.observed_generation = st->observed_generation;
  for (auto& old : st->conditions) {
    if (old.type != c.type) continue;
    if (old.status != c.status) {
      old.status = c.status;
      old.last_transition_time = api::Now();
    }
    old.reason = c.reason;
    old.message = c.message;
    old.observed_generation = c.observed_generation;
    return;
  }
  c.last_transition_time = api::Now();
  st->conditions.push_back(std::move(c));
}

// checkAndDecrement. Returns kConflict (retry with a fresh PDB) or an ApiError.
Status CheckAndDecrement(const ServedResource& pdbs, const std::string& pod_name,
                         PodDisruptionBudget pdb, bool dry_run, ApiError* error) {
  const auto& st = pdb.status;
  const std::string& name = pdb.object_meta.name;
  if (st.observed_generation < pdb.object_meta.generation) {
    *error = TooManyRequests(
        "The disruption budget " + name + " is still being processed by the server.", 10);
    return Status::Invalid("");
  }
  if (st.disruptions_allowed < 0) {
    *error = PdbForbidden(name, "pdb disruptions allowed is negative",
                          "The disruption budget " + name +
                              " does not allow evicting pods currently: pdb disruptions allowed "
                              "is negative");
    return Status::Invalid("");
  }
  if (st.disrupted_pods.size() > kMaxDisruptedPods) {
    *error = PdbForbidden(
        name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller",
        "The disruption budget " + name +
            " does not allow evicting pods currently: too many pending evictions not confirmed "
            "by PDB controller");
    return Status::Invalid("");
  }
  if (st.disruptions_allowed == 0) {
    const api::meta::v1::Condition* cond = nullptr;
    for (const auto& c : st.conditions) {
      if (c.type == "DisruptionAllowed") cond = &c;
    }
    std::string msg;
    if (cond && cond->status == "False" && !cond->message.empty() &&
        cond->reason == "SyncFailed") {
      msg = "The disruption budget " + name +
            " does not allow evicting pods currently because it failed sync: " + cond->message;
    } else if (st.current_healthy <= st.desired_healthy) {
      msg = "The disruption budget " + name + " needs " + std::to_string(st.desired_healthy) +
            " healthy pods and has " + std::to_string(st.current_healthy) + " currently";
    } else if (cond && cond->status == "False" && !cond->message.empty()) {
      msg = "The disruption budget " + name + " does not allow evicting pods currently (" +
            cond->reason + "): " + cond->message;
    } else {
      msg = "The disruption budget " + name + " does not allow evicting pods currently";
    }
    *error = TooManyRequests(msg, 0);
    return Status::Invalid("");
  }
  pdb.status.disruptions_allowed--;
  if (pdb.status.disruptions_allowed == 0) SetDisruptionAllowed(&pdb.status);
  if (dry_run) return Status::Ok();
  pdb.status.disrupted_pods[pod_name] = api::Now();
  const std::string rv = pdb.object_meta.resource_version;
  auto updated = pdbs.store->GuaranteedUpdate(
      pdbs.Key(pdb.object_meta.namespace_, name), false, {},
      [&](codec::Object current) -> StatusOr<storage::UpdateResult> {
        if (current.meta()->resource_version != rv) {
          return Status(StatusCode::kConflict, "the object has been modified");
        }
        current.As<PodDisruptionBudget>()->status = pdb.status;
        current.meta()->resource_version.clear();
        return storage::UpdateResult{std::move(current), std::nullopt};
      });
  if (!updated.ok()) {
    if (updated.status().code() == StatusCode::kConflict) return updated.status();
    *error = FromStorageError(updated.status(), "policy", "poddisruptionbudgets", name);
    return Status::Invalid("");
  }
  return Status::Ok();
}

// addConditionAndDeletePod.
bool AddConditionAndDelete(const ServedResource& pods, const std::string& ns,
                           const std::string& name, DeleteRequestOptions options,
                           ApiError* error) {
  if (!options.dry_run) {
    std::optional<ApiError> inner;
    auto updated = pods.store->GuaranteedUpdate(
        pods.Key(ns, name), false, {},
        [&](codec::Object current) -> StatusOr<storage::UpdateResult> {
          const auto* meta = current.meta();
          if (options.precondition_uid && !options.precondition_uid->empty() &&
              *options.precondition_uid != meta->uid) {
            inner = ConflictError("", "Pod", name,
                                  "the UID in the precondition (" + *options.precondition_uid +
                                      ") does not match the UID in record (" + meta->uid +
                                      "). The object might have been deleted and then recreated");
            return Status::Invalid("precondition");
          }
          if (options.precondition_resource_version &&
              !options.precondition_resource_version->empty() &&
              *options.precondition_resource_version != meta->resource_version) {
            inner = ConflictError("", "Pod", name,
                                  "the ResourceVersion in the precondition (" +
                                      *options.precondition_resource_version +
                                      ") does not match the ResourceVersion in record (" +
                                      meta->resource_version +
                                      "). The object might have been modified");
            return Status::Invalid("precondition");
          }
          PodCondition c;
          c.type = "DisruptionTarget";
          c.status = "True";
          c.reason = "EvictionByEvictionAPI";
          c.message = "Eviction API: evicting";
          UpdatePodCondition(&current.As<Pod>()->status, std::move(c));
          current.meta()->resource_version.clear();
          return storage::UpdateResult{std::move(current), std::nullopt};
        });
    if (!updated.ok()) {
      *error = inner ? *inner : FromStorageError(updated.status(), "", "pods", name);
      return false;
    }
    if (options.precondition_resource_version) {
      options.precondition_resource_version = updated->meta()->resource_version;
    }
  }
  DeleteResult result;
  return DeleteObject(pods, ns, name, std::move(options), &result, error);
}

}  // namespace

bool IsLifecycleSubresource(const ServedResource& r, std::string_view subresource) {
  if (!r.group.empty()) return false;
  if (r.resource == "pods") return subresource == "binding" || subresource == "eviction";
  return r.resource == "namespaces" && subresource == "finalize";
}

void ServeLifecycleSubresource(const server::Request& req, const RequestInfo& info,
                               const ResourceRegistry& registry, const ServedResource& r,
                               const std::shared_ptr<server::ResponseWriter>& w,
                               const Negotiated& n) {
  if (info.subresource == "finalize") {
    if (info.verb != "update") {
      w->Reply(ErrorResponse(MethodNotAllowedError(), n));
      return;
    }
    ServeNamespaceFinalize(req, r, info.name, w, n);
    return;
  }
  if (info.verb != "create" || info.namespace_.empty()) {
    w->Reply(ErrorResponse(MethodNotAllowedError(), n));
    return;
  }
  ApiError error;
  if (!AdmitCreate(registry, r, info.namespace_, info.name, &error)) {
    w->Reply(ErrorResponse(error, n));
    return;
  }
  if (info.subresource == "binding") {
    ServePodBinding(req, r, info.namespace_, info.name, w, n);
  } else {
    ServePodEviction(req, registry, r, info.namespace_, info.name, w, n);
  }
}

void ServePodBinding(const server::Request& req, const ServedResource& pods, std::string_view ns,
                     std::string_view name, const std::shared_ptr<server::ResponseWriter>& w,
                     const Negotiated& n) {
  ApiError error;
  codec::Object obj;
  bool dry_run = false;
  if (!DryRunQuery(req, &dry_run, &error) ||
      !DecodeAs(req, {codec::FindKind("", "v1", "Binding")}, &obj, &error)) {
    w->Reply(ErrorResponse(error, n));
    return;
  }
  auto* binding = obj.As<api::core::v1::Binding>();
  if (!binding->object_meta.namespace_.empty() && binding->object_meta.namespace_ != ns) {
    w->Reply(ErrorResponse(BadRequestError("the namespace of the provided object does not match "
                                           "the namespace sent on the request"),
                           n));
    return;
  }
  if (binding->object_meta.name != name) {
    w->Reply(ErrorResponse(BadRequestError("name in URL does not match name in Binding object"),
                           n));
    return;
  }
  const auto& target = binding->target;
  std::string invalid;
  if (!target.kind.empty() && target.kind != "Node") {
    invalid = "target.kind: Unsupported value: " + api::GoQuote(target.kind) +
              ": supported values: \"Node\", \"<empty>\"";
  }
  if (target.name.empty()) {
    std::string e = "target.name: Required value";
    invalid = invalid.empty() ? e : "[" + invalid + ", " + e + "]";
  }
  if (!invalid.empty()) {
    ApiError e;
    e.code = 500;
    e.message = invalid;
    w->Reply(ErrorResponse(e, n));
    return;
  }
  storage::Preconditions pre;
  if (!binding->object_meta.uid.empty()) pre.uid = binding->object_meta.uid;
  if (!binding->object_meta.resource_version.empty()) {
    pre.resource_version = binding->object_meta.resource_version;
  }
  std::string refusal;
  auto bind = [&](codec::Object current) -> StatusOr<codec::Object> {
    auto* pod = current.As<Pod>();
    if (pod->object_meta.deletion_timestamp) {
      refusal = "pod " + pod->object_meta.name + " is being deleted, cannot be assigned to a host";
    } else if (!pod->spec.node_name.empty()) {
      refusal = "pod " + pod->object_meta.name + " is already assigned to node " +
                api::GoQuote(pod->spec.node_name);
    } else if (!pod->spec.scheduling_gates.empty()) {
      refusal = "pod " + pod->object_meta.name + " has non-empty .spec.schedulingGates";
    }
    if (!refusal.empty()) return Status::Invalid(refusal);
    pod->spec.node_name = target.name;
    pod->status.nominated_node_name.clear();
    for (const auto& [k, v] : binding->object_meta.annotations) pod->object_meta.annotations[k] = v;
    for (const auto& [k, v] : binding->object_meta.labels) pod->object_meta.labels[k] = v;
    PodCondition c;
    c.type = "PodScheduled";
    c.status = "True";
    UpdatePodCondition(&pod->status, std::move(c));
    return current;
  };
  const std::string key = pods.Key(ns, name);
  Status s;
  if (dry_run) {
    auto current = pods.store->Get(key, {});
    s = current.ok() ? bind(std::move(*current)).status() : current.status();
  } else {
    s = pods.store
            ->GuaranteedUpdate(key, false, pre,
                               [&](codec::Object current) -> StatusOr<storage::UpdateResult> {
                                 auto next = bind(std::move(current));
                                 if (!next.ok()) return next.status();
                                 next->meta()->resource_version.clear();
                                 return storage::UpdateResult{std::move(next).value(),
                                                              std::nullopt};
                               })
            .status();
  }
  if (!s.ok()) {
    w->Reply(ErrorResponse(!refusal.empty()
                               ? ConflictError("", "pods/binding", name, refusal)
                               : FromStorageError(s, "", "pods", name),
                           n));
    return;
  }
  w->Reply(CreatedStatus(n));
}

void ServePodEviction(const server::Request& req, const ResourceRegistry& registry,
                      const ServedResource& pods, std::string_view ns_view,
                      std::string_view name_view, const std::shared_ptr<server::ResponseWriter>& w,
                      const Negotiated& n) {
  const std::string ns(ns_view);
  const std::string name(name_view);
  ApiError error;
  codec::Object obj;
  bool query_dry_run = false;
  if (!DryRunQuery(req, &query_dry_run, &error) ||
      !DecodeAs(req,
                {codec::FindKind("policy", "v1", "Eviction"),
                 codec::FindKind("policy", "v1beta1", "Eviction")},
                &obj, &error)) {
    w->Reply(ErrorResponse(error, n));
    return;
  }
  // Both versions have the same layout: read through the v1 struct's JSON.
  if (obj.info() != codec::FindKind("policy", "v1", "Eviction")) {
    std::string json = codec::EncodeJson(obj);
    auto v1 = codec::DecodeObject(
        json, codec::WireFormat::kJson,
        codec::DecodeOptions{.default_kind = codec::FindKind("policy", "v1", "Eviction")});
    if (v1.ok()) obj = std::move(*v1);
  }
  auto* eviction = obj.As<api::policy::v1::Eviction>();
  if (!eviction->object_meta.namespace_.empty() && eviction->object_meta.namespace_ != ns) {
    w->Reply(ErrorResponse(BadRequestError("the namespace of the provided object does not match "
                                           "the namespace sent on the request"),
                           n));
    return;
  }
  if (eviction->object_meta.name != name) {
    w->Reply(ErrorResponse(BadRequestError("name in URL does not match name in Eviction object"),
                           n));
    return;
  }
  DeleteRequestOptions original;
  if (eviction->delete_options) {
    codec::Object d(codec::FindKind("", "v1", "DeleteOptions"));
    *d.As<api::meta::v1::DeleteOptions>() = *eviction->delete_options;
    if (!DeleteOptionsFromValue(d, &original, &error)) {
      w->Reply(ErrorResponse(error, n));
      return;
    }
  }
  if (query_dry_run) original.dry_run = true;
  const bool rv_unset = !original.precondition_resource_version;

  codec::Object pod_obj;
  for (int attempt = 0;; ++attempt) {
    auto got = pods.store->Get(pods.Key(ns, name), {});
    if (!got.ok()) {
      w->Reply(ErrorResponse(FromStorageError(got.status(), "", "pods", name), n));
      return;
    }
    const auto* pod = got->As<Pod>();
    const std::string& phase = pod->status.phase;
    bool can_ignore = phase == "Succeeded" || phase == "Failed" || phase == "Pending" ||
                      pod->object_meta.deletion_timestamp;
    if (!can_ignore) {
      pod_obj = std::move(*got);
      break;
    }
    DeleteRequestOptions opts = original;
    bool enforce = !(phase == "Succeeded" || phase == "Failed" ||
                     pod->object_meta.deletion_timestamp);
    if (enforce && rv_unset) opts.precondition_resource_version = pod->object_meta.resource_version;
    if (AddConditionAndDelete(pods, ns, name, opts, &error)) {
      w->Reply(CreatedStatus(n));
      return;
    }
    if (error.code != 409 || !rv_unset || attempt + 1 >= kEvictionRetries) {
      w->Reply(ErrorResponse(error, n));
      return;
    }
  }
  const Pod& pod = *pod_obj.As<Pod>();
  const ServedResource* pdbs = registry.Find("policy", "v1", "poddisruptionbudgets");
  std::vector<PodDisruptionBudget> matching;
  if (pdbs != nullptr) {
    storage::ListResult listed;
    Status s = pdbs->store->GetList(pdbs->Key(ns, ""), {}, &listed);
    if (!s.ok()) {
      w->Reply(ErrorResponse(FromStorageError(s, "policy", "poddisruptionbudgets", ""), n));
      return;
    }
    for (const codec::Object& item : listed.items) {
      const auto* pdb = item.As<PodDisruptionBudget>();
      if (pdb->object_meta.namespace_ != ns) continue;
      bool valid;
      if (SelectorMatches(pdb->spec.selector, pod.object_meta.labels, &valid)) {
        matching.push_back(*pdb);
      }
    }
  }
  if (matching.size() > 1) {
    w->Reply(CreatedStatus(n, "Failure",
                           "This pod has more than one PodDisruptionBudget, which the eviction "
                           "subresource does not support.",
                           500));
    return;
  }
  bool update_delete_options = false;
  std::string pdb_name;
  if (matching.size() == 1) {
    PodDisruptionBudget pdb = matching[0];
    pdb_name = pdb.object_meta.name;
    bool skip_check = false;
    if (!IsPodReady(pod)) {
      if (pdb.spec.unhealthy_pod_eviction_policy &&
          *pdb.spec.unhealthy_pod_eviction_policy == "AlwaysAllow") {
        skip_check = true;
      } else if (pdb.status.current_healthy >= pdb.status.desired_healthy &&
                 pdb.status.desired_healthy > 0) {
        skip_check = true;
      }
    }
    update_delete_options = skip_check;
    for (int attempt = 0; !skip_check; ++attempt) {
      Status s = CheckAndDecrement(*pdbs, name, pdb, original.dry_run, &error);
      if (s.ok()) break;
      if (s.code() != StatusCode::kConflict) {
        w->Reply(ErrorResponse(error, n));
        return;
      }
      if (attempt + 1 >= kEvictionRetries) {
        ApiError e;
        e.code = 504;
        e.reason = "Timeout";
        e.message = "Timeout: couldn't update PodDisruptionBudget " + api::GoQuote(pdb_name) +
                    " due to conflicts";
        e.has_details = true;
        e.retry_after_seconds = 10;
        w->Reply(ErrorResponse(e, n));
        return;
      }
      auto fresh = pdbs->store->Get(pdbs->Key(ns, pdb_name), {});
      if (!fresh.ok()) {
        w->Reply(ErrorResponse(
            FromStorageError(fresh.status(), "policy", "poddisruptionbudgets", pdb_name), n));
        return;
      }
      pdb = *fresh->As<PodDisruptionBudget>();
    }
  }
  DeleteRequestOptions opts = original;
  if (update_delete_options) opts.precondition_resource_version = pod.object_meta.resource_version;
  if (!AddConditionAndDelete(pods, ns, name, opts, &error)) {
    if (error.code == 409 && update_delete_options && rv_unset) {
      error = TooManyRequests(
          "The disruption budget " + pdb_name + " is still being processed by the server.", 10);
    }
    w->Reply(ErrorResponse(error, n));
    return;
  }
  w->Reply(CreatedStatus(n));
}

}  // namespace kubecxx::apiserver
