// Unit tests of the authentication chain, token authenticators and boot-object helpers
// (stock interop is in components/kube-apiserver/auth_stock_test.cc).
#include <gtest/gtest.h>

#include <chrono>
#include <map>

#include "lib/apiserver/authentication.h"
#include "lib/apiserver/boot_objects.h"
#include "lib/apiserver/token_authenticators.h"
#include "lib/base/base64.h"
#include "kubecxx/api/meta/v1/types.h"
#include "lib/model/wire.h"
#include "lib/net/testing/test_pki.h"

namespace kubecxx::apiserver {
namespace {

server::Request RequestWith(std::string authorization) {
  server::HeaderList h;
  if (!authorization.empty()) h.emplace_back("Authorization", std::move(authorization));
  return server::Request("GET", "/api/v1/pods", h, "", true, "127.0.0.1:1");
}

TEST(CsvTest, GoRules) {
  auto r = ParseCsv("a,b,c\n\n\"q,1\",\"say \"\"hi\"\"\",x\r\nlast,,\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[1], (std::vector<std::string>{"q,1", "say \"hi\"", "x"}));
  EXPECT_EQ((*r)[2], (std::vector<std::string>{"last", "", ""}));
  auto bare = ParseCsv("a\"b,c\n");
  ASSERT_FALSE(bare.ok());
  EXPECT_EQ(bare.status().message(), "parse error on line 1, column 2: bare \" in non-quoted-field");
}

TEST(TokenFileTest, UsersAndErrors) {
  auto tf = TokenFileAuthenticator::Parse(
      "tok1,alice,uid-1,\"devs,ops\"\n,empty,uid\ntok2,bob,uid-2\ntok2,bob2,uid-3\n", "f.csv");
  ASSERT_TRUE(tf.ok()) << tf.status().message();
  UserInfo u;
  std::string err;
  ASSERT_TRUE((*tf)->AuthenticateToken("tok1", &u, &err));
  EXPECT_EQ(u.name, "alice");
  EXPECT_EQ(u.uid, "uid-1");
  EXPECT_EQ(u.groups, (std::vector<std::string>{"devs", "ops"}));
  ASSERT_TRUE((*tf)->AuthenticateToken("tok2", &u, &err));
  EXPECT_EQ(u.name, "bob2");  // the last duplicate wins
  EXPECT_FALSE((*tf)->AuthenticateToken("nope", &u, &err));
  EXPECT_TRUE(err.empty());
  auto short_row = TokenFileAuthenticator::Parse("tok,user\n", "f.csv");
  ASSERT_FALSE(short_row.ok());
  EXPECT_EQ(short_row.status().message(),
            "token file 'f.csv' must have at least 3 columns (token, user name, user uid), found 2");
}

class FakeToken : public TokenAuthenticator {
 public:
  bool AuthenticateToken(const std::string& token, UserInfo* user,
                         std::string* error) const override {
    if (token == "good") {
      user->name = "carol";
      user->groups = {"g"};
      return true;
    }
    if (token == "bad") *error = "token is bad";
    return false;
  }
};

TEST(AuthenticatorTest, UnionSemantics) {
  FakeToken fake;
  Authenticator auth(true, {&fake}, true);
  UserInfo u;
  ApiError e;
  ASSERT_TRUE(auth.Authenticate(RequestWith("Bearer good"), &u, &e));
  EXPECT_EQ(u.name, "carol");
  EXPECT_EQ(u.groups, (std::vector<std::string>{"g", "system:authenticated"}));
  // The scheme is case-insensitive; a cached success answers the second time.
  UserInfo u2;
  EXPECT_TRUE(auth.Authenticate(RequestWith("bearer good"), &u2, &e));
  EXPECT_FALSE(auth.MayBlock(RequestWith("Bearer good")));
  EXPECT_TRUE(auth.MayBlock(RequestWith("Bearer other")));
  // Unknown and invalid tokens are 401, never anonymous.
  for (const char* h : {"Bearer unknown", "Bearer bad"}) {
    UserInfo x;
    ApiError err;
    EXPECT_FALSE(auth.Authenticate(RequestWith(h), &x, &err)) << h;
    EXPECT_EQ(err.code, 401);
    EXPECT_EQ(err.message, "Unauthorized");
  }
  // No usable bearer token: anonymous.
  for (const char* h : {"", "Basic abc", "Bearer", "Bearer  x"}) {
    UserInfo x;
    ApiError err;
    ASSERT_TRUE(auth.Authenticate(RequestWith(h), &x, &err)) << h;
    EXPECT_TRUE(x.anonymous) << h;
    EXPECT_EQ(x.name, "system:anonymous");
    EXPECT_EQ(x.groups, std::vector<std::string>{"system:unauthenticated"});
  }
  Authenticator no_anonymous(true, {&fake}, false);
  UserInfo x;
  EXPECT_FALSE(no_anonymous.Authenticate(RequestWith(""), &x, &e));
  EXPECT_EQ(e.code, 401);
}

TEST(AuthenticatorTest, CertificateThenToken) {
  FakeToken fake;
  Authenticator auth(true, {&fake}, true);
  auto req = RequestWith("Bearer good");
  server::PeerCertificate bad;
  bad.present = true;
  bad.verify_error = "unknown authority";
  req.set_peer_certificate(bad);
  UserInfo u;
  ApiError e;
  // A certificate that does not verify does not stop a valid token (union).
  ASSERT_TRUE(auth.Authenticate(req, &u, &e));
  EXPECT_EQ(u.name, "carol");
  auto no_token = RequestWith("");
  no_token.set_peer_certificate(bad);
  EXPECT_FALSE(auth.Authenticate(no_token, &u, &e));
  server::PeerCertificate good;
  good.present = true;
  good.verified = true;
  good.common_name = "dave";
  good.organizations = {"system:masters"};
  no_token.set_peer_certificate(good);
  UserInfo d;
  ASSERT_TRUE(auth.Authenticate(no_token, &d, &e));
  EXPECT_EQ(d.name, "dave");
  EXPECT_EQ(d.groups, (std::vector<std::string>{"system:masters", "system:authenticated"}));
}

class FakeObjects : public ObjectReader {
 public:
  void Add(const std::string& resource, const std::string& json) {
    auto obj = codec::DecodeObject(json);
    ASSERT_TRUE(obj.ok()) << obj.status().message();
    objects_[resource + "/" + obj->meta()->namespace_ + "/" + obj->meta()->name] =
        std::move(*obj);
  }
  StatusOr<codec::Object> Get(std::string_view resource, std::string_view ns,
                              std::string_view name) const override {
    auto it = objects_.find(std::string(resource) + "/" + std::string(ns) + "/" +
                            std::string(name));
    if (it == objects_.end()) return Status(StatusCode::kNotFound, "not found");
    return codec::DecodeObject(codec::EncodeJson(it->second));
  }
  void LabelSecret(std::string_view, std::string_view name, std::string_view, std::string_view key,
                   std::string_view value) const override {
    labelled = std::string(name) + ":" + std::string(key) + "=" + std::string(value);
  }
  mutable std::string labelled;

 private:
  std::map<std::string, codec::Object> objects_;
};

class ServiceAccountTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pem = net::testing::NewKeyPem();
    ASSERT_TRUE(pem.ok());
    signer_ = std::make_unique<jwt::Key>(*jwt::Key::PrivateKeyFromPem(pem->private_pem));
    keys_ = *jwt::Key::PublicKeysFromPem(pem->public_pem);
    objects_.Add("serviceaccounts",
                 R"({"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"sa",)"
                 R"("namespace":"ns","uid":"sa-uid"}})");
    objects_.Add("pods", R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p",)"
                         R"("namespace":"ns","uid":"pod-uid"}})");
  }
  std::string Sign(const std::string& payload, bool kid = true) {
    std::string header = kid ? R"({"alg":"ES256","kid":")" + signer_->key_id() + "\"}"
                             : R"({"alg":"ES256"})";
    return *jwt::Sign(*signer_, header, payload);
  }
  static int64_t Now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  std::string Bound(int64_t exp_offset, const std::string& aud, const std::string& sa_uid,
                    const std::string& extra = "") {
    int64_t now = Now();
    return Sign(R"({"aud":[")" + aud + R"("],"exp":)" + std::to_string(now + exp_offset) +
                R"(,"iat":)" + std::to_string(now) + R"(,"iss":"https://issuer","jti":"j-1",)"
                R"("kubernetes.io":{"namespace":"ns",)" + extra +
                R"("serviceaccount":{"name":"sa","uid":")" + sa_uid + R"("}},"nbf":)" +
                std::to_string(now) + R"(,"sub":"system:serviceaccount:ns:sa"})");
  }

  std::unique_ptr<jwt::Key> signer_;
  std::vector<jwt::Key> keys_;
  FakeObjects objects_;
};

TEST_F(ServiceAccountTokenTest, BoundTokens) {
  ServiceAccountTokenOptions o;
  o.issuers = {"https://issuer"};
  o.keys = keys_;
  o.api_audiences = {"https://issuer"};
  ServiceAccountTokenAuthenticator a(o, &objects_);
  UserInfo u;
  std::string err;
  ASSERT_TRUE(a.AuthenticateToken(Bound(3600, "https://issuer", "sa-uid"), &u, &err)) << err;
  EXPECT_EQ(u.name, "system:serviceaccount:ns:sa");
  EXPECT_EQ(u.uid, "sa-uid");
  EXPECT_EQ(u.groups,
            (std::vector<std::string>{"system:serviceaccounts", "system:serviceaccounts:ns"}));
  EXPECT_EQ(u.extra["authentication.kubernetes.io/credential-id"],
            std::vector<std::string>{"JTI=j-1"});

  UserInfo p;
  ASSERT_TRUE(a.AuthenticateToken(
      Bound(3600, "https://issuer", "sa-uid",
            R"("node":{"name":"n1"},"pod":{"name":"p","uid":"pod-uid"},)"),
      &p, &err))
      << err;
  EXPECT_EQ(p.extra["authentication.kubernetes.io/pod-name"], std::vector<std::string>{"p"});
  EXPECT_EQ(p.extra["authentication.kubernetes.io/node-name"], std::vector<std::string>{"n1"});
  EXPECT_EQ(p.extra.count("authentication.kubernetes.io/node-uid"), 0u);

  struct Case {
    std::string token, error;
  };
  for (const Case& c : std::vector<Case>{
           {Bound(-120, "https://issuer", "sa-uid"), "service account token has expired"},
           {Bound(3600, "other", "sa-uid"),
            "token audiences [\"other\"] is invalid for the target audiences [\"https://issuer\"]"},
           {Bound(3600, "https://issuer", "old-uid"),
            "service account UID (sa-uid) does not match claim (old-uid)"},
           {Bound(3600, "https://issuer", "sa-uid", R"("pod":{"name":"p","uid":"x"},)"),
            "pod UID (pod-uid) does not match service account pod ref claim (x)"},
           {Bound(3600, "https://issuer", "sa-uid", R"("pod":{"name":"gone","uid":"x"},)"),
            "service account token has been invalidated"},
       }) {
    UserInfo x;
    std::string e;
    EXPECT_FALSE(a.AuthenticateToken(c.token, &x, &e));
    EXPECT_EQ(e, c.error);
  }
  // Another issuer: not this authenticator's token at all (no error).
  UserInfo x;
  std::string e;
  EXPECT_FALSE(a.AuthenticateToken(Sign(R"({"iss":"elsewhere"})"), &x, &e));
  EXPECT_EQ(e, "");
  // A kid naming no key.
  std::string foreign = *jwt::Sign(*signer_, R"({"alg":"ES256","kid":"nope"})",
                                   R"({"iss":"https://issuer"})");
  EXPECT_FALSE(a.AuthenticateToken(foreign, &x, &e));
  EXPECT_EQ(e, "invalid signature, no keys found");
}

TEST_F(ServiceAccountTokenTest, LegacyTokens) {
  ServiceAccountTokenOptions o;
  o.legacy = true;
  o.keys = keys_;
  o.api_audiences = {"https://issuer"};
  ServiceAccountTokenAuthenticator a(o, &objects_);
  std::string token = Sign(
      R"({"iss":"kubernetes/serviceaccount","kubernetes.io/serviceaccount/namespace":"ns",)"
      R"("kubernetes.io/serviceaccount/secret.name":"sa-token",)"
      R"("kubernetes.io/serviceaccount/service-account.name":"sa",)"
      R"("kubernetes.io/serviceaccount/service-account.uid":"sa-uid",)"
      R"("sub":"system:serviceaccount:ns:sa"})",
      false);
  UserInfo u;
  std::string err;
  EXPECT_FALSE(a.AuthenticateToken(token, &u, &err));
  EXPECT_EQ(err, "Token has been invalidated");  // no secret yet
  objects_.Add("secrets", R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"sa-token",)"
                          R"("namespace":"ns","uid":"s-uid"},"data":{"token":")" +
                              Base64Encode(token) + R"("}})");
  err.clear();
  ASSERT_TRUE(a.AuthenticateToken(token, &u, &err)) << err;
  EXPECT_EQ(u.name, "system:serviceaccount:ns:sa");
  EXPECT_EQ(u.uid, "sa-uid");
  EXPECT_EQ(objects_.labelled.substr(0, 46), "sa-token:kubernetes.io/legacy-token-last-used=");
}

TEST(BootObjectsTest, FirstServiceIp) {
  EXPECT_EQ(*FirstServiceIp("10.96.0.0/12"), "10.96.0.1");
  EXPECT_EQ(*FirstServiceIp("10.0.0.0/24"), "10.0.0.1");
  EXPECT_EQ(*FirstServiceIp("10.0.0.7/24,fd00::/108"), "10.0.0.1");
  EXPECT_FALSE(FirstServiceIp("nonsense").ok());
}

}  // namespace
}  // namespace kubecxx::apiserver
