// TEMPORARY: ApiError for the cache unit tests until the REST layer (h/rest) lands with the
// real implementation of lib/client/rest_client.h. Deleted at that merge.
#include "kubecxx/api/meta/v1/types.h"
#include "lib/client/rest_client.h"

namespace kubecxx::client {

ApiError::ApiError() : status_(std::make_unique<api::meta::v1::Status>()) {}
ApiError::ApiError(const api::meta::v1::Status& s)
    : status_(std::make_unique<api::meta::v1::Status>(s)) {}
ApiError ApiError::Transport(const kubecxx::Status& cause) {
  api::meta::v1::Status s;
  s.message = cause.message();
  return ApiError(s);
}
ApiError::ApiError(const ApiError& o) : status_(std::make_unique<api::meta::v1::Status>(*o.status_)) {}
ApiError& ApiError::operator=(const ApiError& o) {
  status_ = std::make_unique<api::meta::v1::Status>(*o.status_);
  return *this;
}
ApiError::ApiError(ApiError&&) noexcept = default;
ApiError& ApiError::operator=(ApiError&&) noexcept = default;
ApiError::~ApiError() = default;
int ApiError::code() const { return status_->code; }
const std::string& ApiError::reason() const { return status_->reason; }
const std::string& ApiError::message() const { return status_->message; }
const api::meta::v1::Status& ApiError::status() const { return *status_; }
kubecxx::Status ApiError::ToStatus() const {
  return kubecxx::Status(StatusCode::kUnavailable, status_->message);
}

namespace {
bool Is(const ApiError& e, std::string_view reason, int code) {
  return e.reason() == reason || (e.reason().empty() && e.code() == code);
}
}  // namespace

bool IsNotFound(const ApiError& e) { return Is(e, "NotFound", 404); }
bool IsAlreadyExists(const ApiError& e) { return Is(e, "AlreadyExists", 409); }
bool IsConflict(const ApiError& e) { return Is(e, "Conflict", 409); }
bool IsInvalid(const ApiError& e) { return Is(e, "Invalid", 422); }
bool IsGone(const ApiError& e) { return Is(e, "Gone", 410); }
bool IsResourceExpired(const ApiError& e) { return e.reason() == "Expired"; }
bool IsForbidden(const ApiError& e) { return Is(e, "Forbidden", 403); }
bool IsUnauthorized(const ApiError& e) { return Is(e, "Unauthorized", 401); }
bool IsTooManyRequests(const ApiError& e) { return Is(e, "TooManyRequests", 429); }
bool IsTimeout(const ApiError& e) {
  return e.reason() == "Timeout" || e.reason() == "ServerTimeout" || e.code() == 504;
}

}  // namespace kubecxx::client
