#include "lib/apiserver/api_errors.h"

#include "lib/api/go_strconv.h"
#include "lib/storage/interface.h"

namespace kubecxx::apiserver {
namespace {

ApiError WithDetails(int code, std::string reason, std::string message, std::string_view group,
                     std::string_view kind, std::string_view name) {
  ApiError e;
  e.code = code;
  e.reason = std::move(reason);
  e.message = std::move(message);
  e.has_details = true;
  e.group = std::string(group);
  e.kind = std::string(kind);
  e.name = std::string(name);
  return e;
}

}  // namespace

std::string QualifiedResource(std::string_view group, std::string_view resource) {
  std::string out(resource);
  if (!group.empty()) out.append(".").append(group);
  return out;
}

ApiError NotFoundError(std::string_view group, std::string_view resource, std::string_view name) {
  return WithDetails(404, "NotFound",
                     QualifiedResource(group, resource) + " " + api::GoQuote(name) + " not found",
                     group, resource, name);
}

ApiError AlreadyExistsError(std::string_view group, std::string_view resource,
                            std::string_view name) {
  return WithDetails(409, "AlreadyExists",
                     QualifiedResource(group, resource) + " " + api::GoQuote(name) +
                         " already exists",
                     group, resource, name);
}

ApiError ConflictError(std::string_view group, std::string_view resource, std::string_view name,
                       std::string_view reason) {
  return WithDetails(409, "Conflict",
                     "Operation cannot be fulfilled on " + QualifiedResource(group, resource) +
                         " " + api::GoQuote(name) + ": " + std::string(reason),
                     group, resource, name);
}

ApiError BadRequestError(std::string message) {
  ApiError e;
  e.code = 400;
  e.reason = "BadRequest";
  e.message = std::move(message);
  return e;
}

ApiError MethodNotSupportedError(std::string_view group, std::string_view resource,
                                 std::string_view action) {
  return WithDetails(405, "MethodNotAllowed",
                     std::string(action) + " is not supported on resources of kind " +
                         api::GoQuote(QualifiedResource(group, resource)),
                     group, resource, "");
}

ApiError MethodNotAllowedError() {
  ApiError e;
  e.code = 405;
  e.reason = "MethodNotAllowed";
  e.message = "the server does not allow this method on the requested resource";
  e.has_details = true;
  return e;
}

ApiError InternalError(std::string_view message) {
  ApiError e;
  e.code = 500;
  e.reason = "InternalError";
  e.message = "Internal error occurred: " + std::string(message);
  e.has_details = true;
  e.causes.push_back({"", std::string(message), ""});
  return e;
}

ApiError ExpiredError(std::string message) {
  ApiError e;
  e.code = 410;
  e.reason = "Expired";
  e.message = std::move(message);
  return e;
}

ApiError UnauthorizedError() {
  ApiError e;
  e.code = 401;
  e.reason = "Unauthorized";
  e.message = "Unauthorized";
  return e;
}

ApiError InvalidError(std::string_view group, std::string_view kind, std::string_view name,
                      std::string_view field, std::string_view cause_type,
                      std::string_view detail) {
  std::string qualified_kind(kind);
  if (!group.empty()) qualified_kind.append(".").append(group);
  std::string body = std::string(field) + ": " + std::string(detail);
  ApiError e = WithDetails(422, "Invalid",
                           qualified_kind + " " + api::GoQuote(name) + " is invalid: " + body,
                           group, kind, name);
  e.causes.push_back({std::string(cause_type), std::string(detail), std::string(field)});
  return e;
}

ApiError PathNotFoundError() {
  ApiError e;
  e.code = 404;
  e.reason = "NotFound";
  e.message = "the server could not find the requested resource";
  e.has_details = true;
  return e;
}

ApiError NotAcceptableError(std::string_view accepted) {
  ApiError e;
  e.code = 406;
  e.reason = "NotAcceptable";
  e.message = "only the following media types are accepted: " + std::string(accepted);
  return e;
}

ApiError UnsupportedMediaTypeError(std::string_view content_type) {
  ApiError e;
  e.code = 415;
  e.reason = "UnsupportedMediaType";
  e.message = "the body of the request was in an unknown format - accepted media types include: "
              "application/json, application/yaml, application/vnd.kubernetes.protobuf";
  (void)content_type;
  return e;
}

ApiError TooLargeResourceVersionError(std::string message) {
  ApiError e;
  e.code = 504;
  e.reason = "Timeout";
  e.message = "Timeout: " + message;
  e.has_details = true;
  e.causes.push_back({"ResourceVersionTooLarge", "Too large resource version", ""});
  e.retry_after_seconds = 1;
  return e;
}

ApiError FromStorageError(const Status& s, std::string_view group, std::string_view resource,
                          std::string_view name) {
  switch (s.code()) {
    case StatusCode::kNotFound: return NotFoundError(group, resource, name);
    case StatusCode::kAlreadyExists: return AlreadyExistsError(group, resource, name);
    case StatusCode::kConflict: return ConflictError(group, resource, name, s.message());
    case StatusCode::kInvalidArgument: return BadRequestError(s.message());
    case StatusCode::kOutOfRange: return ExpiredError(s.message());
    case StatusCode::kUnavailable:
      if (storage::IsTooLargeResourceVersion(s)) return TooLargeResourceVersionError(s.message());
      return InternalError(s.message());
    default: return InternalError(s.message());
  }
}

}  // namespace kubecxx::apiserver
