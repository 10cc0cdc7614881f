#include "lib/apiserver/managed_fields/managed.h"

#include <algorithm>

#include "lib/api/time.h"
#include "lib/codec/json_writer.h"

namespace kubecxx::apiserver::managed_fields {
namespace {

using patch::JsonValue;

constexpr int kMaxUpdateManagers = 10;

std::string Str(const JsonValue& entry, std::string_view key) {
  const JsonValue* v = entry.Find(key);
  return v != nullptr ? v->StringValue() : "";
}

int64_t Seconds(const std::map<std::string, std::string>& times, const std::string& id) {
  auto it = times.find(id);
  if (it == times.end()) return 0;
  auto t = api::ParseRFC3339(it->second);
  return t.ok() ? t->seconds : 0;
}

void AddString(std::string* out, bool* first, std::string_view key, std::string_view value) {
  if (value.empty()) return;
  if (!*first) *out += ',';
  *first = false;
  codec::AppendJsonQuoted(out, key);
  *out += ':';
  codec::AppendJsonQuoted(out, value);
}

// printManager: the identifier's manager quoted, with its subresource and, for updaters,
// "using <apiVersion>".
std::string PrintManager(const std::string& id) {
  auto v = patch::ParseJson(id);
  std::string quoted;
  if (!v.ok() || !v->is_object()) {
    codec::AppendJsonQuoted(&quoted, id);
    return quoted;
  }
  codec::AppendJsonQuoted(&quoted, Str(*v, "manager"));
  if (std::string sub = Str(*v, "subresource"); !sub.empty()) {
    quoted += " with subresource ";
    codec::AppendJsonQuoted(&quoted, sub);
  }
  if (Str(*v, "operation") == "Update") quoted += " using " + Str(*v, "apiVersion");
  return quoted;
}

}  // namespace

std::string ManagerIdentifier(std::string_view manager, std::string_view operation,
                              std::string_view api_version, std::string_view subresource) {
  std::string out = "{";
  bool first = true;
  AddString(&out, &first, "manager", manager);
  AddString(&out, &first, "operation", operation);
  if (operation != "Apply") AddString(&out, &first, "apiVersion", api_version);
  AddString(&out, &first, "subresource", subresource);
  return out + "}";
}

StatusOr<Managed> DecodeManaged(const JsonValue* entries) {
  Managed m;
  if (entries == nullptr || entries->is_null()) return m;
  if (!entries->is_array()) return Status::Invalid("managedFields is not a list");
  for (size_t i = 0; i < entries->items.size(); ++i) {
    const JsonValue& e = entries->items[i];
    std::string op = Str(e, "operation");
    if (op != "Apply" && op != "Update") {
      return Status::Invalid("operation must be `Apply` or `Update`");
    }
    std::string version = Str(e, "apiVersion");
    if (version.empty()) return Status::Invalid("apiVersion must not be empty");
    std::string type = Str(e, "fieldsType");
    if (type.empty()) {
      return Status::Invalid("missing fieldsType in managed fields entry " + std::to_string(i));
    }
    if (type != "FieldsV1") {
      return Status::Invalid("invalid fieldsType \"" + type + "\" in managed fields entry " +
                             std::to_string(i));
    }
    std::string id = ManagerIdentifier(Str(e, "manager"), op, version, Str(e, "subresource"));
    smd::Set set;
    if (const JsonValue* f = e.Find("fieldsV1"); f != nullptr && !f->is_null()) {
      auto s = smd::Set::FromJson(patch::SerializeJson(*f));
      if (!s.ok()) return Status::Invalid("error decoding versioned set: " + s.status().message());
      set = *std::move(s);
    }
    m.fields[id] = smd::VersionedSet{std::move(set), version, op == "Apply"};
    if (std::string t = Str(e, "time"); !t.empty()) {
      m.times[id] = t;
    } else {
      m.times.erase(id);
    }
  }
  return m;
}

std::string EncodeManaged(const Managed& m) {
  if (m.fields.empty()) return "";
  struct Entry {
    std::string manager, operation, api_version, time, fields, subresource;
    int64_t seconds;
  };
  std::vector<Entry> entries;
  for (const auto& [id, vs] : m.fields) {
    auto v = patch::ParseJson(id);
    Entry e;
    if (v.ok() && v->is_object()) {
      e.manager = Str(*v, "manager");
      e.operation = Str(*v, "operation");
      e.subresource = Str(*v, "subresource");
    }
    e.api_version = vs.api_version;
    if (vs.applied) e.operation = "Apply";
    if (auto t = m.times.find(id); t != m.times.end()) e.time = t->second;
    e.seconds = Seconds(m.times, id);
    e.fields = vs.set.ToJson();
    entries.push_back(std::move(e));
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& p, const Entry& q) {
    if (p.operation != q.operation) return p.operation < q.operation;
    if (p.seconds != q.seconds) return p.seconds < q.seconds;
    if (p.manager != q.manager) return p.manager < q.manager;
    if (p.api_version != q.api_version) return p.api_version < q.api_version;
    return p.subresource < q.subresource;
  });
  std::string out = "[";
  for (size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    if (i > 0) out += ',';
    out += '{';
    bool first = true;
    AddString(&out, &first, "manager", e.manager);
    AddString(&out, &first, "operation", e.operation);
    AddString(&out, &first, "apiVersion", e.api_version);
    AddString(&out, &first, "time", e.time);
    AddString(&out, &first, "fieldsType", "FieldsV1");
    out += ",\"fieldsV1\":" + e.fields;
    AddString(&out, &first, "subresource", e.subresource);
    out += '}';
  }
  return out + "]";
}

void StripMeta(Managed* m) {
  static const smd::Set* strip = [] {
    auto* s = new smd::Set();
    using smd::PathElement;
    for (const char* top : {"apiVersion", "kind", "metadata"}) s->Insert({PathElement::Field(top)});
    for (const char* f : {"name", "namespace", "creationTimestamp", "selfLink", "uid",
                          "clusterName", "generation", "managedFields", "resourceVersion"}) {
      s->Insert({PathElement::Field("metadata"), PathElement::Field(f)});
    }
    return s;
  }();
  for (auto it = m->fields.begin(); it != m->fields.end();) {
    it->second.set = it->second.set.Difference(*strip);
    if (it->second.set.Empty()) {
      m->times.erase(it->first);
      it = m->fields.erase(it);
    } else {
      ++it;
    }
  }
}

void CapUpdateManagers(Managed* m) {
  std::vector<std::string> updaters;
  for (const auto& [id, vs] : m->fields) {
    if (!vs.applied) updaters.push_back(id);
  }
  if (static_cast<int>(updaters.size()) <= kMaxUpdateManagers) return;
  std::sort(updaters.begin(), updaters.end(), [&](const std::string& a, const std::string& b) {
    int64_t sa = Seconds(m->times, a), sb = Seconds(m->times, b);
    if (sa != sb) return sa < sb;
    return a < b;
  });
  std::map<std::string, std::string> first_of_version;
  int length = static_cast<int>(updaters.size());
  for (size_t i = 0; i < updaters.size() && length > kMaxUpdateManagers; ++i) {
    const std::string& id = updaters[i];
    smd::VersionedSet vs = m->fields[id];
    std::optional<std::string> time;
    if (auto t = m->times.find(id); t != m->times.end()) time = t->second;
    std::string bucket = ManagerIdentifier("ancient-changes", "Update", vs.api_version, "");
    auto first = first_of_version.find(vs.api_version);
    if (first == first_of_version.end()) {
      first_of_version[vs.api_version] = id;
      continue;
    }
    if (m->fields.count(bucket) == 0) {
      m->fields[bucket] = m->fields[first->second];
      m->fields.erase(first->second);
    }
    m->fields[bucket] = smd::VersionedSet{vs.set.Union(m->fields[bucket].set), vs.api_version,
                                          vs.applied};
    m->fields.erase(id);
    --length;
    if (time) {
      m->times[bucket] = *time;
    } else {
      m->times.erase(bucket);
    }
  }
}

ApiError ConflictErrorOf(const smd::Conflicts& conflicts) {
  ApiError e;
  e.code = 409;
  e.reason = "Conflict";
  e.has_details = true;
  for (const auto& c : conflicts) {
    e.causes.push_back(
        {"FieldManagerConflict", "conflict with " + PrintManager(c.manager), smd::PathString(c.path)});
  }
  if (conflicts.size() == 1) {
    e.message = "Apply failed with 1 conflict: conflict with " + PrintManager(conflicts[0].manager) +
                ": " + smd::PathString(conflicts[0].path);
    return e;
  }
  std::map<std::string, std::vector<std::string>> by_manager;
  for (const auto& c : conflicts) by_manager[c.manager].push_back(smd::PathString(c.path));
  std::string text;
  bool first = true;
  for (const auto& [id, paths] : by_manager) {
    if (!first) text += '\n';
    first = false;
    text += "conflicts with " + PrintManager(id) + ":";
    for (const auto& p : paths) text += "\n- " + p;
  }
  e.message = "Apply failed with " + std::to_string(conflicts.size()) + " conflicts: " + text;
  return e;
}

}  // namespace kubecxx::apiserver::managed_fields
