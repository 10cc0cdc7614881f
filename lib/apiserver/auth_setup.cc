#include "lib/apiserver/auth_setup.h"

#include <fstream>
#include <sstream>

namespace kubecxx::apiserver {

StatusOr<std::unique_ptr<AuthStack>> AuthStack::Create(const AuthOptions& o,
                                                       const ResourceRegistry* registry,
                                                       bool x509, Executor run) {
  std::unique_ptr<AuthStack> s(new AuthStack());
  s->run_ = run;
  s->reader_ = NewRegistryObjectReader(registry);
  std::vector<const TokenAuthenticator*> tokens;
  if (!o.token_auth_file.empty()) {
    auto tf = TokenFileAuthenticator::Load(o.token_auth_file);
    if (!tf.ok()) return tf.status();
    s->token_file_ = std::move(*tf);
    tokens.push_back(s->token_file_.get());
  }
  std::vector<std::string> audiences = o.api_audiences;
  if (audiences.empty()) audiences = o.service_account_issuers;
  if (!o.service_account_key_files.empty()) {
    auto keys = LoadPublicKeyFiles(o.service_account_key_files);
    if (!keys.ok()) return keys.status();
    ServiceAccountTokenOptions legacy;
    legacy.legacy = true;
    legacy.keys = *keys;
    legacy.api_audiences = audiences;
    legacy.lookup = o.service_account_lookup;
    s->legacy_ = std::make_unique<ServiceAccountTokenAuthenticator>(legacy, s->reader_.get());
    tokens.push_back(s->legacy_.get());
    if (!o.service_account_issuers.empty()) {
      ServiceAccountTokenOptions bound;
      bound.issuers = o.service_account_issuers;
      bound.keys = std::move(*keys);
      bound.api_audiences = audiences;
      s->bound_ = std::make_unique<ServiceAccountTokenAuthenticator>(bound, s->reader_.get());
      tokens.push_back(s->bound_.get());
    }
  }
  s->authenticator_ = std::make_unique<Authenticator>(x509, std::move(tokens), o.anonymous);

  TokenIssuerOptions issuer;
  if (!o.service_account_issuers.empty()) issuer.issuer = o.service_account_issuers[0];
  issuer.api_audiences = audiences;
  issuer.max_expiration_seconds = o.service_account_max_token_expiration_ns / 1000000000;
  issuer.extend_expiration = o.service_account_extend_token_expiration;
  if (!o.service_account_signing_key_file.empty()) {
    std::ifstream in(o.service_account_signing_key_file, std::ios::binary);
    if (!in) {
      return Status::Invalid("failed to parse service-account-issuer-key-file: open " +
                             o.service_account_signing_key_file +
                             ": no such file or directory");
    }
    std::stringstream text;
    text << in.rdbuf();
    auto key = jwt::Key::PrivateKeyFromPem(text.str());
    if (!key.ok()) {
      return Status::Invalid("failed to parse service-account-issuer-key-file: " +
                             key.status().message());
    }
    issuer.signing_key = std::move(*key);
  }
  s->endpoints_ = std::make_unique<AuthEndpoints>(registry, std::move(issuer), run);
  return s;
}

server::Handler AuthStack::Wrap(server::Handler next) {
  AuthEndpoints* endpoints = endpoints_.get();
  return AuthenticatedHandler(
      authenticator_.get(), run_,
      [endpoints](const server::Request& req, const UserInfo& user,
                  std::shared_ptr<server::ResponseWriter>& w) {
        return endpoints->Serve(req, user, w);
      },
      std::move(next));
}

}  // namespace kubecxx::apiserver
