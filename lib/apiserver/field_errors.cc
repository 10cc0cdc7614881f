#include "lib/apiserver/field_errors.h"

#include "lib/api/go_strconv.h"

namespace kubecxx::apiserver {
namespace {

std::string WithDetail(std::string s, std::string_view detail) {
  if (!detail.empty()) s.append(": ").append(detail);
  return s;
}

}  // namespace

FieldError FieldInvalid(std::string_view field, std::string_view value_json,
                        std::string_view detail) {
  return {"FieldValueInvalid", std::string(field),
          WithDetail("Invalid value: " + std::string(value_json), detail)};
}

FieldError FieldNotSupported(std::string_view field, std::string_view value_json,
                             const std::vector<std::string>& supported) {
  std::string detail;
  if (!supported.empty()) {
    detail = "supported values: ";
    for (size_t i = 0; i < supported.size(); ++i) {
      if (i) detail += ", ";
      detail += api::GoQuote(supported[i]);
    }
  }
  return {"FieldValueNotSupported", std::string(field),
          WithDetail("Unsupported value: " + std::string(value_json), detail)};
}

FieldError FieldRequired(std::string_view field, std::string_view detail) {
  return {"FieldValueRequired", std::string(field), WithDetail("Required value", detail)};
}

FieldError FieldForbidden(std::string_view field, std::string_view detail) {
  return {"FieldValueForbidden", std::string(field), WithDetail("Forbidden", detail)};
}

ApiError InvalidErrors(std::string_view group, std::string_view kind, std::string_view name,
                       const std::vector<FieldError>& errs) {
  ApiError e;
  e.code = 422;
  e.reason = "Invalid";
  e.has_details = true;
  e.group = std::string(group);
  e.kind = std::string(kind);
  e.name = std::string(name);
  std::string qualified(kind);
  if (!group.empty()) qualified.append(".").append(group);
  e.message = qualified + " " + api::GoQuote(name) + " is invalid";
  std::vector<std::string> texts;
  for (const FieldError& f : errs) {
    e.causes.push_back({f.cause_type, f.body, f.field});
    std::string text = f.field.empty() ? f.body : f.field + ": " + f.body;
    bool seen = false;
    for (const auto& t : texts) seen = seen || t == text;
    if (!seen) texts.push_back(text);
  }
  if (texts.size() == 1) {
    e.message += ": " + texts[0];
  } else if (!texts.empty()) {
    e.message += ": [";
    for (size_t i = 0; i < texts.size(); ++i) e.message += (i ? ", " : "") + texts[i];
    e.message += "]";
  }
  return e;
}

}  // namespace kubecxx::apiserver
