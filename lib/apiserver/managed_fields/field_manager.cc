#include "lib/apiserver/managed_fields/field_manager.h"

#include "kubecxx/api/meta/v1/types.h"
#include "lib/api/time.h"
#include "lib/apiserver/managed_fields/chain.h"
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

constexpr size_t kFieldManagerMaxLength = 128;

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

std::string Now() { return api::FormatRFC3339(api::Now()); }

Managed LiveOrEmpty(const JsonValue& live) {
  auto m = DecodeManaged(ManagedOf(live));
  return m.ok() ? *std::move(m) : Managed{};
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
  std::string want = std::string(r.kind->group) + "/" + std::string(r.kind->version) +
                     ", Kind=" + std::string(r.kind->kind);
  JsonValue empty = EmptyJson(r.kind);
  return ApplyJson(ScopeOf(r, is_status), want, live != nullptr ? ToJson(*live) : empty, empty,
                   applied, manager, force, out, error);
}

}  // namespace kubecxx::apiserver::managed_fields
