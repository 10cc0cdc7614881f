// field.Error values and errors.NewInvalid as k8s.io/apimachinery words them: a cause per
// field error (type FieldValueInvalid/..., message = ErrorBody), and the message
// `<Kind.group> "<name>" is invalid: <field>: <body>` or `... is invalid: [e1, e2]`.
// Thread-safety: plain values and pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lib/apiserver/api_errors.h"

namespace kubecxx::apiserver {

struct FieldError {
  std::string cause_type;  // "FieldValueInvalid"
  std::string field;       // "spec.x"
  std::string body;        // "Invalid value: \"x\": detail"
};

// `value_json` is the bad value as json.Marshal prints it ("\"x\"", "5", "null").
FieldError FieldInvalid(std::string_view field, std::string_view value_json,
                        std::string_view detail);
FieldError FieldNotSupported(std::string_view field, std::string_view value_json,
                             const std::vector<std::string>& supported);
FieldError FieldRequired(std::string_view field, std::string_view detail);
FieldError FieldForbidden(std::string_view field, std::string_view detail);

// errors.NewInvalid (422, reason Invalid, details group/kind/name/causes).
ApiError InvalidErrors(std::string_view group, std::string_view kind, std::string_view name,
                       const std::vector<FieldError>& errs);

}  // namespace kubecxx::apiserver
