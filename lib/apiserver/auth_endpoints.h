// The REST endpoints that need the authenticated user or the token signer, as stock v1.37.2
// serves them (facts from pkg/registry/core/serviceaccount/storage/token.go,
// pkg/serviceaccount/claims.go and pkg/registry/authentication/selfsubjectreview):
//  * POST /api/v1/namespaces/<ns>/serviceaccounts/<name>/token (TokenRequest create): a JWT
//    signed with --service-account-signing-key-file (RS256 for RSA keys, ES256/384/512 for EC),
//    "kid" = the key id stock computes, issuer = the first --service-account-issuer, audiences
//    default to the API audiences, expirationSeconds default 3600, at least 600 and at most
//    2^32 (422 otherwise), shortened to --service-account-max-token-expiration (with a
//    Warning header), extended to a
//    year (warnafter = 3607) for pod-bound 3607 s tokens of the API audiences; boundObjectRef
//    Pod (with its node), Secret or Node, their uids in the claims; jti a random UUID.
//    201 with the TokenRequest (metadata name/namespace/uid of the service account,
//    creationTimestamp now, status token + expirationTimestamp).
//  * POST /apis/authentication.k8s.io/v1/selfsubjectreviews: the caller's user info (201).
// Thread-safety: Serve may be called from any thread; storage work runs on `run`.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lib/apiserver/authentication.h"
#include "lib/apiserver/resource_registry.h"
#include "lib/jwt/jwt.h"

namespace kubecxx::apiserver {

struct TokenIssuerOptions {
  std::string issuer;                 // first --service-account-issuer ("" = no TokenRequest)
  std::optional<jwt::Key> signing_key;  // --service-account-signing-key-file
  std::vector<std::string> api_audiences;  // --api-audiences, else the issuers
  int64_t max_expiration_seconds = 0;      // --service-account-max-token-expiration, 0 = none
  bool extend_expiration = true;           // --service-account-extend-token-expiration
};

class AuthEndpoints {
 public:
  using Executor = std::function<void(std::function<void()>)>;
  // REQUIRES: registry outlives this object.
  AuthEndpoints(const ResourceRegistry* registry, TokenIssuerOptions options, Executor run);

  // A UserHandler (authentication.h): true when the request was one of the endpoints above.
  bool Serve(const server::Request& req, const UserInfo& user,
             std::shared_ptr<server::ResponseWriter>& w);

 private:
  void CreateToken(const server::Request& req, std::string ns, std::string name,
                   std::shared_ptr<server::ResponseWriter> w);

  const ResourceRegistry* registry_;
  TokenIssuerOptions options_;
  Executor run_;
};

}  // namespace kubecxx::apiserver
