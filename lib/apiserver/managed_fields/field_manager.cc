#include "lib/apiserver/managed_fields/field_manager.h"

#include "kubecxx/api/meta/v1/types.h"
#include "lib/api/time.h"
#include "lib/apiserver/managed_fields/managed.h"
#include "lib/apiserver/rest_internal.h"
#include "lib/codec/json_reader.h"
#include "lib/model/wire.h"
#include "lib/patch/smd/typed.h"
#include "lib/patch/smd/updater.h"

namespace kubecxx::apiserver::managed_fields {
namespace {

using patch::JsonValue;
using smd::PathElement;

constexpr std::string_view kLastApplied = "kubectl.kubernetes.io/last-applied-configuration";
constexpr size_t kFieldManagerMaxLength = 128;

struct Scope {
  smd::UpdaterOptions opts;
  std::string version;
  std::string subresource;
};

Scope ScopeOf(const ServedResource& r, bool is_status) {
  Scope s;
  auto t = smd::RootType(r.kind->group, r.kind->version, r.kind->kind);
  s.opts.type = t ? *t : smd::DeducedType();
  s.version = r.kind->ApiVersion();
  s.subresource = is_status ? "status" : "";
  // The strategies' GetResetFields: the main resource resets status, the status
  // subresource everything else it takes from the old object.
  if (r.has_status) {
    if (!is_status) {
      s.opts.ignored.Insert({PathElement::Field("status")});
    } else {
      s.opts.ignored.Insert({PathElement::Field("spec")});
      if (r.kind->group == "apps" && r.kind->kind == "Deployment") {
        s.opts.ignored.Insert({PathElement::Field("metadata"), PathElement::Field("labels")});
      }
    }
  }
  return s;
}

JsonValue ToJson(const codec::Object& o) {
  auto v = patch::ParseJson(codec::EncodeJson(o));
  return v.ok() ? *std::move(v) : JsonValue::Object();
}

JsonValue EmptyJson(const codec::KindInfo* kind) { return ToJson(codec::Object(kind)); }

const JsonValue* ManagedOf(const JsonValue& obj) {
  const JsonValue* meta = obj.Find("metadata");
  return meta != nullptr ? meta->Find("managedFields") : nullptr;
}

void RemoveManaged(JsonValue& obj) {
  if (JsonValue* meta = obj.Find("metadata"); meta != nullptr && meta->is_object()) {
    meta->Erase("managedFields");
  }
}

std::string Now() { return api::FormatRFC3339(api::Now()); }

Managed LiveOrEmpty(const JsonValue& live) {
  auto m = DecodeManaged(ManagedOf(live));
  return m.ok() ? *std::move(m) : Managed{};
}

// BuildManagerInfo + ManagedFieldsUpdater + StripMeta + structured merge of an update, then
// the cap on update managers.
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

void SetManaged(codec::Object& obj, const Managed& m) {
  auto* meta = obj.meta();
  meta->managed_fields.clear();
  std::string json = EncodeManaged(m);
  if (json.empty()) return;
  codec::JsonReader reader(json);
  std::vector<api::meta::v1::ManagedFieldsEntry> entries;
  if (ReadJson(reader, entries)) meta->managed_fields = std::move(entries);
}

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

std::string RequestManager(const server::Request& req) {
  std::string m = internal::Query(req, "fieldManager");
  if (!m.empty()) return m;
  std::string_view ua = req.Header("User-Agent");
  ua = ua.substr(0, ua.find('/'));
  std::string out;
  for (char c : ua) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) continue;
    if (out.size() + 1 > kFieldManagerMaxLength) break;
    out += c;
  }
  return out;
}

bool BodyResetsManagedFields(std::string_view body) {
  auto v = patch::ParseJson(body);
  if (!v.ok()) return false;
  const JsonValue* mf = ManagedOf(*v);
  return mf != nullptr && mf->is_array() && mf->items.empty();
}

void CopyManagedFields(const codec::Object& from, codec::Object& to) {
  to.meta()->managed_fields = from.meta()->managed_fields;
}

void UpdateManagedFields(const ServedResource& r, bool is_status, const codec::Object* live,
                         codec::Object& next, const std::string& manager,
                         bool reset_requested) {
  Scope s = ScopeOf(r, is_status);
  JsonValue live_json = live != nullptr ? ToJson(*live) : EmptyJson(r.kind);
  JsonValue next_json = ToJson(next);
  Managed managed;
  const auto& entries = next.meta()->managed_fields;
  if (is_status) {
    managed = LiveOrEmpty(live_json);
  } else if (reset_requested ||
             (entries.size() == 1 && entries[0] == api::meta::v1::ManagedFieldsEntry{})) {
    managed = Managed{};
  } else {
    auto m = DecodeManaged(ManagedOf(next_json));
    managed = m.ok() && !m->fields.empty() ? *std::move(m) : LiveOrEmpty(live_json);
  }
  RemoveManaged(live_json);
  RemoveManaged(next_json);
  // skipNonAppliedManager: an update of an object that tracks no fields stays untracked
  // (only creates start tracking).
  if (managed.fields.empty() && live != nullptr && !live->meta()->uid.empty()) {
    next.meta()->managed_fields.clear();
    return;
  }
  SetManaged(next, UpdateChain(s, live_json, next_json, std::move(managed), manager));
}

void UpdateScaleManagedFields(const ServedResource& r, const codec::Object& live,
                              codec::Object& next, const std::string& manager) {
  JsonValue live_json = ToJson(live);
  JsonValue next_json = ToJson(next);
  auto replicas = [](const JsonValue& o) -> const JsonValue* {
    const JsonValue* spec = o.Find("spec");
    return spec != nullptr ? spec->Find("replicas") : nullptr;
  };
  const JsonValue* before = replicas(live_json);
  const JsonValue* after = replicas(next_json);
  if ((before == nullptr) == (after == nullptr) &&
      (before == nullptr || smd::ValuesEqual(*before, *after))) {
    return;
  }
  auto decoded = DecodeManaged(ManagedOf(live_json));
  if (!decoded.ok()) return;
  Managed m = *std::move(decoded);
  const smd::Path path{PathElement::Field("spec"), PathElement::Field("replicas")};
  bool owned = false;
  for (const auto& [id, vs] : m.fields) owned = owned || vs.set.Has(path);
  if (!owned) return;  // the scale handler tracks nothing nobody owned
  const std::string version = r.kind->ApiVersion();
  const std::string id = ManagerIdentifier(manager, "Update", version, "scale");
  smd::Set replicas_set;
  replicas_set.Insert(path);
  for (auto it = m.fields.begin(); it != m.fields.end();) {
    if (it->first != id && it->second.set.Has(path)) {
      it->second.set = it->second.set.Difference(replicas_set);
      if (it->second.set.Empty()) {
        m.times.erase(it->first);
        it = m.fields.erase(it);
        continue;
      }
    }
    ++it;
  }
  smd::VersionedSet& mine = m.fields[id];
  mine.set = mine.set.Union(replicas_set);
  mine.api_version = version;
  mine.applied = false;
  m.times[id] = Now();
  SetManaged(next, m);
}

bool Apply(const ServedResource& r, bool is_status, const codec::Object* live,
           const JsonValue& applied, const std::string& manager, bool force, JsonValue* out,
           ApiError* error) {
  Scope s = ScopeOf(r, is_status);
  std::string want = std::string(r.kind->group) + "/" + std::string(r.kind->version) +
                     ", Kind=" + std::string(r.kind->kind);
  if (std::string got = GroupVersionKindString(applied); got != want) {
    *error = BadRequestError("invalid object type: " + got);
    return false;
  }
  JsonValue live_json = live != nullptr ? ToJson(*live) : EmptyJson(r.kind);
  auto decoded = DecodeManaged(ManagedOf(live_json));
  if (!decoded.ok()) {
    *error = Plain("failed to decode managed fields: " + decoded.status().message());
    return false;
  }
  Managed managed = *std::move(decoded);
  RemoveManaged(live_json);
  if (managed.fields.empty()) {
    managed = UpdateChain(s, EmptyJson(r.kind), live_json, std::move(managed),
                          "before-first-apply");
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
  if (manager == "kubectl") SyncLastApplied(live != nullptr ? ToJson(*live) : JsonValue(), applied, out);
  return true;
}

}  // namespace kubecxx::apiserver::managed_fields
