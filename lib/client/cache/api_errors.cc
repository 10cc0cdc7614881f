#include "lib/client/cache/api_errors.h"

#include <string>

#include "kubecxx/api/meta/v1/types.h"

namespace kubecxx::client::cache {

bool IsExpired(const ApiError& e) { return IsResourceExpired(e) || IsGone(e); }

bool IsTooLargeResourceVersion(const ApiError& e) {
  const api::meta::v1::Status& s = e.status();
  if (s.details) {
    for (const auto& cause : s.details->causes) {
      if (cause.type == "ResourceVersionTooLarge") return true;
    }
  }
  if (!IsTimeout(e)) return false;
  if (s.details) {
    for (const auto& cause : s.details->causes) {
      if (cause.message == "Too large resource version") return true;
    }
  }
  return s.message.find("Too large resource version") != std::string::npos;
}

bool IsRetriableWatchError(const ApiError& e) {
  if (IsTooManyRequests(e)) return true;
  return e.code() == 0 && e.message().find("connection refused") != std::string::npos;
}

}  // namespace kubecxx::client::cache
