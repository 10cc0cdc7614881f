// Request authentication as stock kube-apiserver v1.37.2 chains it
// (pkg/kubeapiserver/authenticator/config.go):
//   union( x509 client certificate against --client-ca-file,
//          bearer token: union( --token-auth-file, legacy service-account JWTs,
//                               bound service-account JWTs ) behind a 10 s success cache )
//   + "system:authenticated" added unless the groups name it or system:unauthenticated,
//   then, with --anonymous-auth (default true), FailOnError(that, anonymous).
// Union semantics: the first authenticator that succeeds wins; errors are remembered and
// the request is 401 when nothing succeeded and something failed (a certificate from an
// unknown CA, a bearer token nobody knows, an expired or unverifiable JWT). No credentials
// at all: system:anonymous in system:unauthenticated, or 401 without --anonymous-auth.
// Users: x509 CN/O; token file name/uid/groups; service accounts
// system:serviceaccount:<ns>:<name>, uid, groups system:serviceaccounts and
// system:serviceaccounts:<ns>, extra pod-name/pod-uid/node-name/node-uid/credential-id.
//
// Authorization is not implemented (every authenticated user is allowed everything, as
// --authorization-mode=AlwaysAllow), except that the anonymous user only reaches the
// public-info paths (exactly /healthz, /livez, /readyz, /version and /version/, as stock's
// system:public-info-viewer role allows) and gets stock's 403 elsewhere.
//
// Threading: Authenticate() is safe to call concurrently. Service-account tokens read
// storage (lookups), so AuthenticatedHandler runs a request whose token is not cached on the
// given executor (a worker pool), never on the I/O thread.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "lib/apiserver/api_errors.h"
#include "lib/base/status.h"
#include "lib/server/http.h"

namespace kubecxx::apiserver {

struct UserInfo {
  std::string name;
  std::string uid;
  std::vector<std::string> groups;
  std::map<std::string, std::vector<std::string>> extra;
  bool anonymous = false;
};

// A bearer-token authenticator (token_authenticators.h). Returns true and fills *user when
// it knows the token; false with *error empty when the token is not its kind; false with a
// non-empty *error when the token is its kind but invalid.
class TokenAuthenticator {
 public:
  virtual ~TokenAuthenticator() = default;
  virtual bool AuthenticateToken(const std::string& token, UserInfo* user,
                                 std::string* error) const = 0;
};

class Authenticator {
 public:
  // x509: whether --client-ca-file was given (the TLS layer verifies the chain).
  // REQUIRES: tokens outlive the authenticator.
  Authenticator(bool x509, std::vector<const TokenAuthenticator*> tokens, bool anonymous);
  ~Authenticator();

  // False (with a 401) when the request's credentials are invalid or missing without
  // --anonymous-auth. May read storage (service-account lookups).
  bool Authenticate(const server::Request& req, UserInfo* user, ApiError* error) const;
  // True when Authenticate would need more than a cache lookup (an uncached bearer token).
  bool MayBlock(const server::Request& req) const;

 private:
  struct Cache;
  bool x509_;
  std::vector<const TokenAuthenticator*> tokens_;
  bool anonymous_;
  std::unique_ptr<Cache> cache_;
};

// Handlers that need the authenticated user (TokenRequest, SelfSubjectReview): return true
// when they took the request.
using UserHandler = std::function<bool(const server::Request& req, const UserInfo& user,
                                       std::shared_ptr<server::ResponseWriter>& w)>;

// Wraps `next`: authentication (on `run` when it may block), the anonymous rule above, then
// `intercept` (may be empty) and otherwise `next`.
server::Handler AuthenticatedHandler(const Authenticator* authenticator,
                                     std::function<void(std::function<void()>)> run,
                                     UserHandler intercept, server::Handler next);

}  // namespace kubecxx::apiserver
