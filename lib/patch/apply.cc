#include "lib/patch/apply.h"

#include <algorithm>

#include "lib/api/go_strconv.h"
#include "lib/patch/json_patch.h"
#include "lib/patch/strategic_merge.h"

namespace kubecxx::patch {

PatchType ParsePatchType(std::string_view ct) {
  size_t semi = ct.find(';');
  if (semi != std::string_view::npos && semi > 0) ct = ct.substr(0, semi);
  if (ct == "application/json-patch+json") return PatchType::kJson;
  if (ct == "application/merge-patch+json") return PatchType::kMerge;
  if (ct == "application/strategic-merge-patch+json") return PatchType::kStrategic;
  if (ct == "application/apply-patch+yaml") return PatchType::kApply;
  return PatchType::kUnknown;
}

PatchError UnsupportedMediaType() {
  return PatchError{415, "UnsupportedMediaType", "415: Unsupported Media Type", true, "", ""};
}

PatchError UnsupportedPatchType(bool strategic_allowed) {
  std::string accepted = "application/json-patch+json, application/merge-patch+json";
  if (strategic_allowed) accepted += ", application/strategic-merge-patch+json";
  accepted += ", application/apply-patch+yaml";
  return PatchError{415, "UnsupportedMediaType",
                    "the body of the request was in an unknown format - accepted media types "
                    "include: " +
                        accepted,
                    false, "", ""};
}

bool CheckPatchBody(PatchType type, std::string_view body, PatchError* error) {
  if (type == PatchType::kApply) return true;
  if (!ParseJson(body).ok()) {
    *error = BadRequest("invalid JSON patch");
    return false;
  }
  return true;
}

namespace {

std::string_view GoJsonType(const JsonValue& v) {
  switch (v.type) {
    case codec::JsonType::kObject: return "object";
    case codec::JsonType::kArray: return "array";
    case codec::JsonType::kString: return "string";
    case codec::JsonType::kNumber: return "number";
    default: return "bool";
  }
}

// kjson.UnmarshalStrict(body, &[]handlers.jsonPatchOp): the first type error, if any.
bool StrictJsonPatchOps(const JsonValue& ops, PatchError* error) {
  auto fail = [&](std::string what) {
    *error = BadRequest("error decoding patch: json: cannot unmarshal " + what);
    return false;
  };
  if (ops.is_null()) return true;
  if (!ops.is_array()) {
    return fail(std::string(GoJsonType(ops)) + " into Go value of type []handlers.jsonPatchOp");
  }
  for (const JsonValue& op : ops.items) {
    if (op.is_null()) continue;
    if (!op.is_object()) {
      return fail(std::string(GoJsonType(op)) + " into Go value of type handlers.jsonPatchOp");
    }
    for (const auto& [k, v] : op.fields) {
      if ((k == "op" || k == "path" || k == "from") && !v.is_null() &&
          v.type != codec::JsonType::kString) {
        return fail(std::string(GoJsonType(v)) + " into Go struct field jsonPatchOp." + k +
                    " of type string");
      }
    }
  }
  return true;
}

}  // namespace

bool ApplyPatch(PatchType type, std::string_view body, JsonValue current,
                const PatchSchema& schema, bool strict_decode, JsonValue* out,
                PatchError* error) {
  auto parsed = ParseJson(body);
  if (!parsed.ok()) {
    *error = BadRequest("invalid JSON patch");
    return false;
  }
  switch (type) {
    case PatchType::kJson:
      if (strict_decode && !StrictJsonPatchOps(*parsed, error)) return false;
      if (!ApplyJsonPatch(body, &current, error)) return false;
      *out = std::move(current);
      return true;
    case PatchType::kMerge:
      if (strict_decode && !parsed->is_object() && !parsed->is_null()) {
        *error = BadRequest("error decoding patch: json: cannot unmarshal " +
                            std::string(GoJsonType(*parsed)) +
                            " into Go value of type map[string]interface {}");
        return false;
      }
      // gopkg.in/evanphx/json-patch.v4 MergePatch: null and scalars are no merge patch; an
      // array replaces the document (which then fails to decode).
      if (!parsed->is_object() && !parsed->is_array()) {
        *error = BadRequest("Invalid JSON Patch");
        return false;
      }
      *out = MergePatch(std::move(current), *parsed);
      return true;
    case PatchType::kStrategic:
      if (parsed->is_null()) {
        *out = std::move(current);
        return true;
      }
      if (!parsed->is_object()) {
        *error = BadRequest("json: cannot unmarshal " + std::string(GoJsonType(*parsed)) +
                            " into Go value of type map[string]interface {}");
        return false;
      }
      if (!StrategicMerge(&current, *std::move(parsed), schema, error)) return false;
      *out = std::move(current);
      return true;
    default:
      *error = UnsupportedMediaType();
      return false;
  }
}

namespace {

void SortKeys(JsonValue* v) {
  if (v->is_object()) {
    std::stable_sort(v->fields.begin(), v->fields.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [k, f] : v->fields) SortKeys(&f);
  } else if (v->is_array()) {
    for (auto& item : v->items) SortKeys(&item);
  }
}

}  // namespace

PatchError InvalidPatchResult(PatchType type, std::string_view body, const JsonValue& patched,
                              std::string_view detail) {
  std::string value;
  if (type == PatchType::kStrategic) {
    auto p = ParseJson(body);
    value = p.ok() ? GoFormatV(*p) : std::string(body);
  } else if (type == PatchType::kJson) {
    value = SerializePatchedDocument(patched);
  } else {
    JsonValue sorted = patched;
    SortKeys(&sorted);
    value = SerializeJson(sorted);
  }
  std::string invalid = "Invalid value: " + api::GoQuote(value) + ": " + std::string(detail);
  return PatchError{422, "Invalid", " \"\" is invalid: patch: " + invalid, true, "patch",
                    invalid};
}

}  // namespace kubecxx::patch
