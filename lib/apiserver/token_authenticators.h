// The bearer-token authenticators of stock kube-apiserver v1.37.2 (authentication.h chains
// them), as facts from k8s.io/apiserver pkg/authentication/token/tokenfile and
// k8s.io/kubernetes pkg/serviceaccount (jwt.go, claims.go, legacy.go):
//  * TokenFileAuthenticator: --token-auth-file, a CSV of token,user,uid[,"group1,group2"]
//    read with Go's encoding/csv rules; empty tokens skipped, the last duplicate wins.
//  * ServiceAccountTokenAuthenticator: JWTs whose "iss" is one of its issuers (otherwise the
//    token is not its kind), signed by one of the --service-account-key-file keys (only the
//    keys with the token's "kid" when it has one), audiences intersecting the API audiences
//    (tokens without "aud" are given them), then validated:
//      - bound tokens (issuers = --service-account-issuer): exp/nbf/iat with 60 s leeway; the
//        service account (and the bound secret, pod or node) must exist with the claimed uid
//        and not be deleted for more than 60 s;
//      - legacy tokens (issuer "kubernetes/serviceaccount"): the claims must be complete and
//        the subject match; with --service-account-lookup (default true) the secret must hold
//        this very token, the service account exist with its uid, the secret not carry
//        kubernetes.io/legacy-token-invalid-since; the secret gets
//        kubernetes.io/legacy-token-last-used=<UTC date> once a day.
// Thread-safety: immutable after creation; AuthenticateToken is safe concurrently (reads
// go through ObjectReader, which must be thread-safe).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lib/apiserver/authentication.h"
#include "lib/base/status.h"
#include "lib/codec/registry.h"
#include "lib/jwt/jwt.h"

namespace kubecxx::apiserver {

class ResourceRegistry;
struct JwtClaims;  // token_authenticators.cc

// Storage the validators read (core/v1 serviceaccounts, secrets, pods, nodes).
class ObjectReader {
 public:
  virtual ~ObjectReader() = default;
  // resource: "serviceaccounts", "secrets", "pods" or "nodes" (ns "" for nodes).
  // Errors: kNotFound when absent.
  virtual StatusOr<codec::Object> Get(std::string_view resource, std::string_view ns,
                                      std::string_view name) const = 0;
  // Sets one label on a secret whose uid is `uid` (legacy token tracking); best effort.
  virtual void LabelSecret(std::string_view ns, std::string_view name, std::string_view uid,
                           std::string_view key, std::string_view value) const = 0;
};

// Over the registry's etcd stores. REQUIRES: registry outlives the reader.
std::unique_ptr<ObjectReader> NewRegistryObjectReader(const ResourceRegistry* registry);

class TokenFileAuthenticator : public TokenAuthenticator {
 public:
  // Errors as stock's: "token file '<path>' must have at least 3 columns (token, user name,
  // user uid), found N", CSV parse errors, unreadable files.
  static StatusOr<std::unique_ptr<TokenFileAuthenticator>> Load(const std::string& path);
  static StatusOr<std::unique_ptr<TokenFileAuthenticator>> Parse(std::string_view csv,
                                                                 const std::string& path);
  bool AuthenticateToken(const std::string& token, UserInfo* user,
                         std::string* error) const override;

 private:
  std::unordered_map<std::string, UserInfo> tokens_;
};

// Go's encoding/csv reading with FieldsPerRecord = -1 (exported for tests).
StatusOr<std::vector<std::vector<std::string>>> ParseCsv(std::string_view text);

inline constexpr std::string_view kLegacyIssuer = "kubernetes/serviceaccount";

struct ServiceAccountTokenOptions {
  bool legacy = false;               // the legacy validator (issuer kubernetes/serviceaccount)
  std::vector<std::string> issuers;  // bound: --service-account-issuer values
  std::vector<jwt::Key> keys;        // --service-account-key-file keys
  std::vector<std::string> api_audiences;  // implicit audiences
  bool lookup = true;                // --service-account-lookup (legacy only)
};

class ServiceAccountTokenAuthenticator : public TokenAuthenticator {
 public:
  // REQUIRES: reader outlives the authenticator.
  ServiceAccountTokenAuthenticator(ServiceAccountTokenOptions options, const ObjectReader* reader);
  bool AuthenticateToken(const std::string& token, UserInfo* user,
                         std::string* error) const override;

 private:
  bool ValidateBound(const JwtClaims& claims, UserInfo* user, std::string* error) const;
  bool ValidateLegacy(const std::string& token, const JwtClaims& claims, UserInfo* user,
                      std::string* error) const;

  ServiceAccountTokenOptions options_;
  const ObjectReader* reader_;
};

// Keys of --service-account-key-file values (each file may hold several).
StatusOr<std::vector<jwt::Key>> LoadPublicKeyFiles(const std::vector<std::string>& paths);

}  // namespace kubecxx::apiserver
