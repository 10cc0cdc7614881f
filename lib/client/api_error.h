// ApiError: a failed API call, client-go's *errors.StatusError, with the predicates of
// k8s.io/apimachinery/pkg/api/errors and the error-body decoding of rest.Request.
//
// Every non-2xx response becomes an ApiError carrying the server's metav1.Status when the
// body is a Status with status "Failure" (JSON or protobuf); otherwise one is made up as
// errors.NewGenericServerResponse does (reason and message from the HTTP code, a cause of
// type UnexpectedServerResponse). Transport failures are ApiErrors with code 0 and reason ""
// whose message is the transport's.
//
// Thread-safety: plain values.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "lib/base/status.h"

namespace kubecxx::api::meta::v1 {
struct Status;
}  // namespace kubecxx::api::meta::v1

namespace kubecxx::client {

class ApiError {
 public:
  ApiError();  // code 0, reason "", empty message
  explicit ApiError(const api::meta::v1::Status& status);
  explicit ApiError(api::meta::v1::Status&& status);
  static ApiError Transport(const kubecxx::Status& cause);
  // An error found on our side before or after the exchange (bad arguments, an undecodable
  // body): code 0, reason "", the message as given.
  static ApiError Client(std::string message);
  ApiError(const ApiError&);
  ApiError& operator=(const ApiError&);
  ApiError(ApiError&&) noexcept;
  ApiError& operator=(ApiError&&) noexcept;
  ~ApiError();

  int code() const;                   // HTTP status; 0 for transport and client errors
  const std::string& reason() const;  // metav1.StatusReason: "NotFound", "Conflict", ...
  const std::string& message() const; // StatusError.Error()
  const api::meta::v1::Status& status() const;  // details.causes, retryAfterSeconds ...
  kubecxx::Status ToStatus() const;   // for callers that only pass errors on

 private:
  std::unique_ptr<api::meta::v1::Status> status_;
};

// The predicates of k8s.io/apimachinery/pkg/api/errors: the reason decides; the HTTP code
// decides only when the reason is not one apimachinery knows (IsTooManyRequests and
// IsRequestEntityTooLarge check the code always, as upstream).
bool IsNotFound(const ApiError& e);
bool IsAlreadyExists(const ApiError& e);
bool IsConflict(const ApiError& e);
bool IsInvalid(const ApiError& e);
bool IsGone(const ApiError& e);             // reason Gone, or 410
bool IsResourceExpired(const ApiError& e);  // reason Expired ("too old resource version")
bool IsNotAcceptable(const ApiError& e);
bool IsUnsupportedMediaType(const ApiError& e);
bool IsMethodNotSupported(const ApiError& e);
bool IsServiceUnavailable(const ApiError& e);
bool IsBadRequest(const ApiError& e);
bool IsUnauthorized(const ApiError& e);
bool IsForbidden(const ApiError& e);
bool IsTimeout(const ApiError& e);        // reason Timeout, or 504
bool IsServerTimeout(const ApiError& e);  // reason ServerTimeout only
bool IsInternalError(const ApiError& e);
bool IsTooManyRequests(const ApiError& e);
bool IsRequestEntityTooLarge(const ApiError& e);
bool IsUnexpectedServerError(const ApiError& e);  // a cause UnexpectedServerResponse
// errors.SuggestsClientDelay: the seconds the server asked us to wait, if any.
std::optional<int> SuggestsClientDelay(const ApiError& e);

// errors.NewGenericServerResponse. `verb` is the HTTP method; `group`/`resource` empty
// when unknown; `server_message` is what the body said ("unknown" when not text).
ApiError NewGenericServerResponse(int code, std::string_view verb, std::string_view group,
                                  std::string_view resource, std::string_view name,
                                  std::string_view server_message, int retry_after_seconds,
                                  bool is_unexpected_response);

// What rest.Request does with an error response: `content_type` is the response's
// Content-Type header ("" when absent), `default_content_type` the request's content type.
ApiError ErrorFromResponse(int code, std::string_view content_type,
                           std::string_view default_content_type, std::string_view body,
                           std::string_view verb, std::string_view group,
                           std::string_view resource, std::string_view name,
                           std::optional<int> retry_after_seconds);

// Decodes a metav1.Status from a JSON or protobuf ("k8s\0" envelope) body; nullopt when the
// body is not a Status (a missing apiVersion/kind is taken as v1 Status, as upstream's
// defaulting decoder does).
std::optional<api::meta::v1::Status> DecodeStatus(std::string_view body, bool protobuf);

// A value or an ApiError.
template <typename T>
class [[nodiscard]] ApiResult {
 public:
  ApiResult(T value) : v_(std::in_place_index<0>, std::move(value)) {}         // NOLINT
  ApiResult(ApiError error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  // REQUIRES: !ok().
  const ApiError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, ApiError> v_;
};

struct Empty {};

}  // namespace kubecxx::client
