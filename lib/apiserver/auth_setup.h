// AuthStack: the authentication chain (authentication.h, token_authenticators.h) and the
// endpoints that need it (auth_endpoints.h), built from kube-apiserver's flags the way stock
// v1.37.2 builds them (pkg/kubeapiserver/options/authentication.go):
//  * --api-audiences default to the --service-account-issuer values;
//  * --service-account-key-file keys verify both legacy tokens (issuer
//    "kubernetes/serviceaccount") and bound tokens (issuers = --service-account-issuer);
//  * --service-account-signing-key-file + the first issuer sign TokenRequests.
// Thread-safety: immutable after Create; Wrap's handler is safe to call concurrently.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lib/apiserver/auth_endpoints.h"
#include "lib/apiserver/authentication.h"
#include "lib/apiserver/resource_registry.h"
#include "lib/apiserver/token_authenticators.h"
#include "lib/base/status.h"
#include "lib/server/http.h"

namespace kubecxx::apiserver {

struct AuthOptions {
  bool anonymous = true;                        // --anonymous-auth
  std::string token_auth_file;                  // --token-auth-file
  std::vector<std::string> service_account_key_files;  // --service-account-key-file
  std::vector<std::string> service_account_issuers;    // --service-account-issuer
  std::vector<std::string> api_audiences;              // --api-audiences
  bool service_account_lookup = true;                  // --service-account-lookup
  std::string service_account_signing_key_file;        // --service-account-signing-key-file
  int64_t service_account_max_token_expiration_ns = 0;  // --service-account-max-token-expiration
  bool service_account_extend_token_expiration = true;  // --service-account-extend-token-expiration
};

class AuthStack {
 public:
  using Executor = std::function<void(std::function<void()>)>;
  // x509: --client-ca-file given. Errors: unreadable/invalid token or key files, as stock's.
  // REQUIRES: registry outlives the stack; `run` stays valid until the server stops.
  static StatusOr<std::unique_ptr<AuthStack>> Create(const AuthOptions& options,
                                                     const ResourceRegistry* registry, bool x509,
                                                     Executor run);
  // Authentication, then the auth endpoints, then `next`.
  server::Handler Wrap(server::Handler next);

 private:
  AuthStack() = default;
  std::unique_ptr<ObjectReader> reader_;
  std::unique_ptr<TokenFileAuthenticator> token_file_;
  std::unique_ptr<ServiceAccountTokenAuthenticator> legacy_;
  std::unique_ptr<ServiceAccountTokenAuthenticator> bound_;
  std::unique_ptr<Authenticator> authenticator_;
  std::unique_ptr<AuthEndpoints> endpoints_;
  Executor run_;
};

}  // namespace kubecxx::apiserver
