// Bearer tokens read from a file and re-read periodically, as client-go does for
// kubeconfig `tokenFile` and the in-cluster service-account token
// (transport.NewCachedFileTokenSource + bearerAuthRoundTripper): a token read is used for
// 1 minute minus 10 s of leeway, so the file is re-read about every 50 s and a rotated
// projected token is picked up well before the old one expires. Whitespace around the
// token is trimmed. When a re-read fails the last good token stays in use; before any
// read succeeded the fallback token (kubeconfig `token`, or the token read at config
// time) is used.
//
// Thread-safety: Get() is safe for concurrent use.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "lib/base/clock.h"
#include "lib/base/status.h"
#include "lib/net/credentials.h"

namespace kubecxx::client {

class FileTokenProvider : public net::CredentialProvider {
 public:
  static constexpr Clock::Duration kPeriod = std::chrono::minutes(1);
  static constexpr Clock::Duration kLeeway = std::chrono::seconds(10);

  FileTokenProvider(std::string path, std::string fallback_token, Clock* clock = Clock::Real());

  StatusOr<net::Credentials> Get() override;

  const std::string& path() const { return path_; }

 private:
  const std::string path_;
  const std::string fallback_;
  Clock* const clock_;
  std::mutex mu_;
  std::optional<std::string> token_;   // guarded by mu_
  Clock::TimePoint expiry_{};          // guarded by mu_
};

// Reads a token file as fileTokenSource does: trimmed, non-empty.
StatusOr<std::string> ReadTokenFile(const std::string& path);

}  // namespace kubecxx::client
