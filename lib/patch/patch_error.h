// How a patch fails, in the terms the stock apiserver answers with (code, reason, message);
// the REST layer turns it into a metav1.Status.
// Thread-safety: plain value.
#pragma once

#include <string>

namespace kubecxx::patch {

struct PatchError {
  int code = 500;
  std::string reason;   // "" = StatusReasonUnknown
  std::string message;
  bool details = false;    // write details {} (NewGenericServerResponse does)
  std::string cause_field;  // one FieldValueInvalid cause on this field, when not empty
  std::string cause_message;
};

inline PatchError BadRequest(std::string message) {
  return PatchError{400, "BadRequest", std::move(message), false, "", ""};
}

// errors.NewGenericServerResponse(422, ...): the fixed text, details {}.
inline PatchError GenericUnprocessable() {
  return PatchError{422, "Invalid",
                    "the server rejected our request due to an error in our request", true, "",
                    ""};
}

// A plain Go error reaching the handler: 500, reason unknown, its text as the message.
inline PatchError PlainError(std::string message) {
  return PatchError{500, "", std::move(message), false, "", ""};
}

}  // namespace kubecxx::patch
