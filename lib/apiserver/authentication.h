// Request authentication, the part this increment implements: x509 client certificates
// verified against --client-ca-file (user = subject CN, groups = subject O, plus
// "system:authenticated", as k8s.io/apiserver's x509 authenticator and the union of
// authenticators report them).
//
// Not yet (later issues): bearer tokens (--token-auth-file, service-account JWTs, bootstrap
// tokens), front-proxy request headers, and authorization: every authenticated user is
// allowed everything (as --authorization-mode=AlwaysAllow). Requests without credentials
// are the anonymous user, allowed only the public-info paths (exactly /healthz, /livez,
// /readyz, /version and /version/, as stock's system:public-info-viewer role allows) and
// refused with 403 elsewhere; a certificate that does not verify is 401 Unauthorized on
// every path, health included (authentication runs before authorization, as stock's).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "lib/apiserver/api_errors.h"
#include "lib/server/http.h"

namespace kubecxx::apiserver {

struct UserInfo {
  std::string name;
  std::vector<std::string> groups;
  bool anonymous = false;
};

// False (with a 401) when a presented certificate did not verify.
bool AuthenticateRequest(const server::Request& req, UserInfo* user, ApiError* error);

// Wraps a handler: authentication, then the anonymous rule above.
server::Handler Authenticated(server::Handler next);

}  // namespace kubecxx::apiserver
