// API errors as stock kube-apiserver returns them: a metav1.Status (kind Status, apiVersion
// v1, status Failure) with upstream's code, reason, message and details. The constructors
// mirror k8s.io/apimachinery/pkg/api/errors (v0.37.2) and copy its message formats, e.g.
// NotFound: `configmaps "x" not found`, `deployments.apps "x" not found`.
// Thread-safety: plain values and pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lib/base/status.h"

namespace kubecxx::apiserver {

struct ApiErrorCause {
  std::string type;
  std::string message;
  std::string field;
};

struct ApiError {
  int code = 500;
  std::string reason;   // "" = StatusReasonUnknown
  std::string message;
  bool has_details = false;  // details {} is written even when empty
  std::string name;
  std::string group;
  std::string kind;  // for most errors the resource (plural), as upstream fills it
  std::vector<ApiErrorCause> causes;
  int retry_after_seconds = 0;
};

// schema.GroupResource.String(): "pods" or "deployments.apps".
std::string QualifiedResource(std::string_view group, std::string_view resource);

ApiError NotFoundError(std::string_view group, std::string_view resource, std::string_view name);
ApiError AlreadyExistsError(std::string_view group, std::string_view resource,
                            std::string_view name);
// "Operation cannot be fulfilled on <gr> \"<name>\": <reason>".
ApiError ConflictError(std::string_view group, std::string_view resource, std::string_view name,
                       std::string_view reason);
ApiError BadRequestError(std::string message);
// "<action> is not supported on resources of kind \"<gr>\"" (405).
ApiError MethodNotSupportedError(std::string_view group, std::string_view resource,
                                 std::string_view action);
// The router's 405 for a method a path does not serve (details {}).
ApiError MethodNotAllowedError();
ApiError InternalError(std::string_view message);  // "Internal error occurred: <m>"
ApiError ExpiredError(std::string message);          // 410 Expired
ApiError UnauthorizedError();                        // 401 "Unauthorized"
// 422 "<Kind.group> \"<name>\" is invalid: <field>: <detail>" with one cause.
ApiError InvalidError(std::string_view group, std::string_view kind, std::string_view name,
                      std::string_view field, std::string_view cause_type,
                      std::string_view detail);
// The router's generic 404 for unknown paths ("the server could not find the requested
// resource", details {}).
ApiError PathNotFoundError();
// 406 when no acceptable media type is served.
ApiError NotAcceptableError(std::string_view accepted);
// 415 for a request body in an unknown media type.
ApiError UnsupportedMediaTypeError(std::string_view content_type);
// 504 for a resourceVersion newer than the server has (ResourceVersionTooLarge cause).
ApiError TooLargeResourceVersionError(std::string message);

// Maps a storage::Interface error (see lib/storage/interface.h) onto the API error a REST
// handler returns for it.
ApiError FromStorageError(const Status& s, std::string_view group, std::string_view resource,
                          std::string_view name);

}  // namespace kubecxx::apiserver
