// What a transport authenticates with: a bearer token and/or a client certificate.
// Providers may rotate them (token files, exec plugins); the transport asks before every
// request, so a provider must answer fast from its cache in the common case.
//
// Thread-safety: CredentialProvider implementations must be safe for concurrent calls.
#pragma once

#include <string>
#include <utility>

#include "lib/base/status.h"

namespace kubecxx::net {

struct Credentials {
  std::string token;     // sent as "Authorization: Bearer <token>" when non-empty
  std::string cert_pem;  // client certificate chain (PEM); empty: none from this provider
  std::string key_pem;   // its private key (PEM)

  friend bool operator==(const Credentials&, const Credentials&) = default;
};

class CredentialProvider {
 public:
  virtual ~CredentialProvider() = default;

  // The credentials to use now. May block (read a file, run a plugin) when the cache is
  // stale; an error fails the request ("getting credentials: ...").
  virtual StatusOr<Credentials> Get() = 0;

  // The server answered 401 to a request sent with `used`. Providers that can refresh
  // (exec plugins) do so unless they already rotated since; the default does nothing.
  virtual void OnUnauthorized(const Credentials& used) {}
};

// Fixed credentials.
class StaticCredentialProvider : public CredentialProvider {
 public:
  explicit StaticCredentialProvider(Credentials credentials)
      : credentials_(std::move(credentials)) {}
  StatusOr<Credentials> Get() override { return credentials_; }

 private:
  const Credentials credentials_;
};

}  // namespace kubecxx::net
