#include "lib/apiserver/managed_fields/chain.h"

#include "lib/api/time.h"
#include "lib/patch/smd/typed.h"

namespace kubecxx::apiserver::managed_fields {
namespace {

using smd::PathElement;

constexpr std::string_view kLastApplied = "kubectl.kubernetes.io/last-applied-configuration";

std::string Now() { return api::FormatRFC3339(api::Now()); }

}  // namespace

void SetManagedJson(JsonValue& obj, const Managed& m) {
  JsonValue* meta = obj.Find("metadata");
  if (meta == nullptr || !meta->is_object()) {
    obj.Set("metadata", JsonValue::Object());
    meta = obj.Find("metadata");
  }
  std::string json = EncodeManaged(m);
  if (json.empty()) {
    meta->Erase("managedFields");
    return;
  }
  auto v = patch::ParseJson(json);
  if (v.ok()) meta->Set("managedFields", *std::move(v));
}

namespace {

std::string Annotation(const JsonValue& obj, std::string_view key) {
  const JsonValue* meta = obj.Find("metadata");
  const JsonValue* ann = meta != nullptr ? meta->Find("annotations") : nullptr;
  const JsonValue* v = ann != nullptr && ann->is_object() ? ann->Find(key) : nullptr;
  return v != nullptr ? v->StringValue() : "";
}

// lastAppliedManager.allowedConflictsFromLastApplied: what the client-side apply
// annotation claims and the live object still has unchanged.
std::optional<smd::Set> AllowedFromLastApplied(const Scope& s, const JsonValue& live) {
  std::string last = Annotation(live, kLastApplied);
  if (last.empty()) return std::nullopt;
  auto applied = patch::ParseJson(last);
  if (!applied.ok() || !smd::Validate(*applied, s.opts.type).ok()) return std::nullopt;
  smd::Set set = smd::ToFieldSet(*applied, s.opts.type);
  smd::Comparison c = smd::Compare(*applied, live, s.opts.type);
  if (!c.IsSame()) set = set.Difference(c.modified);
  return set;
}

// lastAppliedUpdater: kubectl's server-side apply keeps an existing client-side apply
// annotation in sync with what it applied.
void SyncLastApplied(const JsonValue& live, const JsonValue& applied, JsonValue* out) {
  if (Annotation(live, kLastApplied).empty()) return;
  JsonValue copy = applied;
  if (JsonValue* meta = copy.Find("metadata"); meta != nullptr) {
    if (JsonValue* ann = meta->Find("annotations"); ann != nullptr && ann->is_object()) {
      ann->Erase(kLastApplied);
    }
  }
  // Stock encodes the unstructured object: keys sorted, a trailing newline.
  std::string encoded = smd::SerializeSorted(copy);
  JsonValue* meta = out->Find("metadata");
  if (meta == nullptr) return;
  JsonValue* ann = meta->Find("annotations");
  if (ann == nullptr || !ann->is_object()) {
    meta->Set("annotations", JsonValue::Object());
    ann = meta->Find("annotations");
  }
  ann->Set(kLastApplied, JsonValue::String(encoded + "\n"));
}

std::string GroupVersionKindString(const JsonValue& obj) {
  std::string api_version, kind;
  if (const JsonValue* v = obj.Find("apiVersion")) api_version = v->StringValue();
  if (const JsonValue* v = obj.Find("kind")) kind = v->StringValue();
  std::string group, version;
  size_t slash = api_version.find('/');
  if (slash == std::string::npos) {
    version = api_version;
  } else if (api_version.find('/', slash + 1) == std::string::npos) {
    group = api_version.substr(0, slash);
    version = api_version.substr(slash + 1);
  }
  return group + "/" + version + ", Kind=" + kind;
}

ApiError Plain(std::string message) {
  ApiError e;
  e.code = 500;
  e.message = std::move(message);
  return e;
}

}  // namespace

const JsonValue* ManagedOf(const JsonValue& obj) {
  const JsonValue* meta = obj.Find("metadata");
  return meta != nullptr ? meta->Find("managedFields") : nullptr;
}

void RemoveManaged(JsonValue& obj) {
  if (JsonValue* meta = obj.Find("metadata"); meta != nullptr && meta->is_object()) {
    meta->Erase("managedFields");
  }
}

Managed UpdateChain(const Scope& s, const JsonValue& live, const JsonValue& next, Managed managed,
                    const std::string& manager) {
  const std::string id = ManagerIdentifier(manager, "Update", s.version, s.subresource);
  const std::string self = "current-operation";
  managed.fields = smd::Update(live, next, s.version, std::move(managed.fields), self, s.opts);
  StripMeta(&managed);
  if (auto it = managed.fields.find(self); it != managed.fields.end()) {
    smd::VersionedSet vs = std::move(it->second);
    managed.fields.erase(it);
    if (auto prev = managed.fields.find(id); prev != managed.fields.end()) {
      vs.set = vs.set.Union(prev->second.set);
    }
    managed.fields[id] = std::move(vs);
    managed.times[id] = Now();
  }
  CapUpdateManagers(&managed);
  return managed;
}

bool ApplyJson(const Scope& s, std::string_view want, JsonValue live_json, const JsonValue& empty,
               const JsonValue& applied, const std::string& manager, bool force,
               JsonValue* out, ApiError* error) {
  if (std::string got = GroupVersionKindString(applied); got != want) {
    *error = BadRequestError("invalid object type: " + got);
    return false;
  }
  const JsonValue original = live_json;
  auto decoded = DecodeManaged(ManagedOf(live_json));
  if (!decoded.ok()) {
    *error = Plain("failed to decode managed fields: " + decoded.status().message());
    return false;
  }
  Managed managed = *std::move(decoded);
  RemoveManaged(live_json);
  if (managed.fields.empty()) {
    managed = UpdateChain(s, empty, live_json, std::move(managed), "before-first-apply");
  }
  if (const JsonValue* mf = ManagedOf(applied); mf != nullptr && !mf->is_null()) {
    *error = BadRequestError("metadata.managedFields must be nil");
    return false;
  }
  if (Status v = smd::Validate(applied, s.opts.type); !v.ok()) {
    const JsonValue* meta = applied.Find("metadata");
    std::string ns, name;
    if (meta != nullptr) {
      if (const JsonValue* x = meta->Find("namespace")) ns = x->StringValue();
      if (const JsonValue* x = meta->Find("name")) name = x->StringValue();
    }
    *error = Plain("failed to create typed patch object (" + ns + "/" + name + "; " +
                   GroupVersionKindString(applied) + "): " + v.message());
    return false;
  }
  const std::string id = ManagerIdentifier(manager, "Apply", "", s.subresource);
  auto result = smd::Apply(live_json, applied, s.version, managed.fields, id, force, s.opts);
  if (!result.ok()) {
    *error = Plain(result.status().message());
    return false;
  }
  if (!result->conflicts.empty() && manager == "kubectl") {
    // lastAppliedManager: conflicts on fields client-side apply set are forced over.
    if (auto allowed = AllowedFromLastApplied(s, live_json)) {
      smd::Conflicts left;
      for (const auto& c : result->conflicts) {
        if (!allowed->Has(c.path)) left.push_back(c);
      }
      if (left.empty()) {
        result = smd::Apply(live_json, applied, s.version, managed.fields, id, true, s.opts);
        if (!result.ok()) {
          *error = Plain(result.status().message());
          return false;
        }
      } else {
        result->conflicts = std::move(left);
      }
    }
  }
  if (!result->conflicts.empty()) {
    *error = ConflictErrorOf(result->conflicts);
    return false;
  }
  managed.fields = std::move(result->managers);
  StripMeta(&managed);
  if (result->changed) {
    *out = std::move(result->object);
    managed.times[id] = Now();
  } else {
    *out = std::move(live_json);
  }
  CapUpdateManagers(&managed);
  SetManagedJson(*out, managed);
  if (manager == "kubectl") SyncLastApplied(original, applied, out);
  return true;
}

}  // namespace kubecxx::apiserver::managed_fields
