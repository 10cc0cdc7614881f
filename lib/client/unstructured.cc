#include "lib/client/unstructured.h"

#include <utility>

#include "lib/codec/json_reader.h"

namespace kubecxx::client {
namespace {

Status NotAnObject(std::string_view what) {
  return Status::Invalid(std::string(what) + ": the body is not a JSON object");
}

}  // namespace

StatusOr<UnstructuredHeader> ParseUnstructuredHeader(std::string_view json) {
  codec::JsonReader r(json);
  if (r.Peek() != codec::JsonType::kObject) return NotAnObject("unstructured object");
  UnstructuredHeader out;
  std::string_view key;
  bool ok = r.BeginObject();
  while (ok && r.NextKey(&key)) {
    if (key == "apiVersion") {
      ok = r.TryNull() || r.ReadString(&out.api_version);
    } else if (key == "kind") {
      ok = r.TryNull() || r.ReadString(&out.kind);
    } else if (key == "metadata") {
      ok = r.TryNull() || ReadJson(r, out.metadata);
    } else {
      ok = r.Skip();
    }
  }
  if (ok) ok = r.ExpectEnd();
  if (!ok || !r.ok()) return r.status();
  return out;
}

StatusOr<UnstructuredList> ParseUnstructuredList(std::string_view json) {
  codec::JsonReader r(json);
  if (r.Peek() != codec::JsonType::kObject) return NotAnObject("unstructured list");
  UnstructuredList out;
  std::string_view key;
  bool ok = r.BeginObject();
  while (ok && r.NextKey(&key)) {
    if (key == "apiVersion") {
      ok = r.TryNull() || r.ReadString(&out.api_version);
    } else if (key == "kind") {
      ok = r.TryNull() || r.ReadString(&out.kind);
    } else if (key == "metadata") {
      api::meta::v1::ListMeta meta;
      ok = r.TryNull() || ReadJson(r, meta);
      out.resource_version = std::move(meta.resource_version);
      out.continue_token = std::move(meta.continue_);
      out.remaining_item_count = meta.remaining_item_count;
    } else if (key == "items") {
      if (r.TryNull()) continue;
      ok = r.BeginArray();
      while (ok && r.NextElement()) {
        std::string_view raw;
        ok = r.ReadRaw(&raw);
        if (ok) out.items.emplace_back(raw);
      }
    } else {
      ok = r.Skip();
    }
  }
  if (ok) ok = r.ExpectEnd();
  if (!ok || !r.ok()) return r.status();
  return out;
}

StatusOr<std::optional<std::string>> NestedFieldRaw(
    std::string_view json, std::initializer_list<std::string_view> path) {
  std::string_view current = json;
  for (std::string_view want : path) {
    codec::JsonReader r(current);
    codec::JsonType type = r.Peek();
    if (type == codec::JsonType::kInvalid) {
      return Status::Invalid("unstructured field: the body is not JSON");
    }
    if (type != codec::JsonType::kObject) return std::optional<std::string>();
    std::string_view key;
    std::optional<std::string_view> found;
    bool ok = r.BeginObject();
    while (ok && r.NextKey(&key)) {
      if (key == want && !found) {
        std::string_view raw;
        ok = r.ReadRaw(&raw);
        found = raw;
      } else {
        ok = r.Skip();
      }
    }
    if (!ok || !r.ok()) return r.status();
    if (!found) return std::optional<std::string>();
    current = *found;
  }
  // Validate the whole value even when the path is empty.
  codec::JsonReader r(current);
  if (!r.Skip() || !r.ExpectEnd()) return r.status();
  return std::optional<std::string>(std::string(current));
}

}  // namespace kubecxx::client
