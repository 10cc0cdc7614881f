#include "lib/patch/apply.h"

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

PatchError UnsupportedPatchType(bool strategic_allowed) {
  std::string accepted = "application/json-patch+json, application/merge-patch+json, ";
  if (strategic_allowed) accepted += "application/strategic-merge-patch+json, ";
  accepted += "application/apply-patch+yaml";
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

bool ApplyPatch(PatchType type, std::string_view body, JsonValue current,
                const PatchSchema& schema, JsonValue* out, PatchError* error) {
  auto parsed = ParseJson(body);
  if (!parsed.ok()) {
    *error = BadRequest("invalid JSON patch");
    return false;
  }
  switch (type) {
    case PatchType::kJson:
      if (!ApplyJsonPatch(body, &current, error)) return false;
      *out = std::move(current);
      return true;
    case PatchType::kMerge:
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
        std::string_view t = parsed->is_array() ? "array"
                             : parsed->type == codec::JsonType::kString ? "string"
                             : parsed->type == codec::JsonType::kNumber ? "number"
                                                                       : "bool";
        *error = BadRequest("json: cannot unmarshal " + std::string(t) +
                            " into Go value of type map[string]interface {}");
        return false;
      }
      if (!StrategicMerge(&current, *std::move(parsed), schema, error)) return false;
      *out = std::move(current);
      return true;
    default:
      *error = UnsupportedPatchType(schema.ok());
      return false;
  }
}

PatchError InvalidPatchResult(std::string_view value, std::string_view detail) {
  std::string invalid = "Invalid value: " + api::GoQuote(value) + ": " + std::string(detail);
  return PatchError{422, "Invalid", " \"\" is invalid: patch: " + invalid, true, "patch",
                    invalid};
}

}  // namespace kubecxx::patch
