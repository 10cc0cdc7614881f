// Authentication and service-account tokens of OUR kube-apiserver against a STOCK one on the
// same etcd with the same keys and token file (testing_cluster.h): the same users for the
// same tokens (stock kubectl auth whoami), the same 401s, tokens minted by either server
// (stock kubectl create token) accepted by the other, legacy secret tokens, and TokenRequest
// errors. Skips when the stock binaries are missing.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "components/kube-apiserver/shared_cluster_test.h"
#include "components/kube-apiserver/testing_cluster.h"
#include "kubecxx/api/authentication/v1/types.h"
#include "lib/apiserver/json_merge.h"
#include "lib/base/base64.h"
#include "lib/base/testing/subprocess.h"
#include "lib/jwt/jwt.h"
#include "lib/model/wire.h"
#include "lib/net/http_client.h"

namespace kubecxx::kube_apiserver::testing {
namespace {

constexpr char kToken[] = "stock-and-ours-0123456789";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class AuthStockTest : public SharedClusterTest<AuthStockTest> {
 protected:
  static void SetUpTestSuite() {
    char tmpl[] = "/tmp/kubecxx-auth-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    tmp_ = tmpl;
    std::string tokens = tmp_ + "/tokens.csv";
    std::ofstream(tokens) << kToken << ",tina,tina-uid,\"team-a,team-b\"\n";
    const std::vector<std::string> args = {"--token-auth-file=" + tokens,
                                           "--service-account-max-token-expiration=2h"};
    if (!StartCluster(args, args)) return;
    ASSERT_TRUE(Must(Server::kStock, {"create", "namespace", "auth"}).find("created") !=
                std::string::npos);
    Must(Server::kStock, {"create", "serviceaccount", "-n", "auth", "robot"});
    std::ofstream(tmp_ + "/empty.kubeconfig") << "";
  }
  static void TearDownTestSuite() {
    SharedClusterTest::TearDownTestSuite();
    if (!tmp_.empty()) std::filesystem::remove_all(tmp_);
  }

  // Stock kubectl with nothing but a bearer token (no client certificate). Returns its
  // output; *ok tells whether it exited 0.
  static std::string AsToken(Server s, const std::string& token,
                             const std::vector<std::string>& args, bool* ok = nullptr) {
    std::vector<std::string> argv = {kubecxx::testing::StockBinDir() + "/kubectl",
                                     "--kubeconfig=" + tmp_ + "/empty.kubeconfig",
                                     "--server=" + cluster_->url(s),
                                     "--certificate-authority=" + cluster_->dir() + "/pki/ca.crt",
                                     "--token=" + token};
    argv.insert(argv.end(), args.begin(), args.end());
    std::string out_path = tmp_ + "/kubectl.out";
    int fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    pid_t pid = kubecxx::testing::SpawnProcess(argv, "", fd);
    close(fd);
    int status = 0;
    waitpid(pid, &status, 0);
    if (ok) *ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    return ReadAll(out_path);
  }
  // `kubectl auth whoami -o json` without its creationTimestamp.
  static std::string WhoAmI(Server s, const std::string& token) {
    bool ok = false;
    std::string out = AsToken(s, token, {"auth", "whoami", "-o", "json"}, &ok);
    EXPECT_TRUE(ok) << out << "\nour log:\n" << cluster_->OurLogTail();
    size_t at = out.find("\"creationTimestamp\"");
    if (at != std::string::npos) out.erase(at, out.find('\n', at) - at);
    return out;
  }
  // A raw request with only a bearer token.
  static net::HttpResponse Bearer(Server s, const std::string& method, const std::string& path,
                                  const std::string& token, const std::string& body = "") {
    net::HttpClientOptions o;
    o.tls.ca_pem = cluster_->ca_pem();
    auto client = net::HttpClient::Create(o);
    EXPECT_TRUE(client.ok());
    net::HttpRequest req;
    req.method = method;
    req.url = cluster_->url(s) + path;
    req.headers.Add("Authorization", "Bearer " + token);
    if (!body.empty()) req.headers.Add("Content-Type", "application/json");
    req.body = body;
    req.timeout = std::chrono::seconds(20);
    auto r = (*client)->RoundTrip(req);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : net::HttpResponse{};
  }
  static std::string CreateToken(Server s, const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"create", "token", "-n", "auth", "robot"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::string t = Must(s, args);
    while (!t.empty() && t.back() == '\n') t.pop_back();
    return t;
  }

  static inline std::string tmp_;
};

TEST_F(AuthStockTest, TokenFileUserMatchesStock) {
  std::string ours = WhoAmI(Server::kOurs, kToken);
  EXPECT_EQ(ours, WhoAmI(Server::kStock, kToken));
  EXPECT_NE(ours.find("\"username\": \"tina\""), std::string::npos) << ours;
  EXPECT_NE(ours.find("\"uid\": \"tina-uid\""), std::string::npos) << ours;
  EXPECT_NE(ours.find("\"system:authenticated\""), std::string::npos) << ours;
}

TEST_F(AuthStockTest, UnauthorizedMatchesStock) {
  for (const char* token : {"nobody-knows-this", "a.b.c",
                            "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2t1YmVybmV0ZXMuZGVmYXVsdC5z"
                            "dmMuY2x1c3Rlci5sb2NhbCJ9.c2ln"}) {
    auto ours = Bearer(Server::kOurs, "GET", "/api/v1/namespaces", token);
    auto stock = Bearer(Server::kStock, "GET", "/api/v1/namespaces", token);
    EXPECT_EQ(ours.status, 401) << token;
    EXPECT_EQ(ours.status, stock.status) << token;
    EXPECT_EQ(ours.body, stock.body) << token;
    // Even the health paths: a bad token is never anonymous.
    EXPECT_EQ(Bearer(Server::kOurs, "GET", "/healthz", token).status,
              Bearer(Server::kStock, "GET", "/healthz", token).status);
  }
  // kubectl's verdict (its last line; the lines before carry times and pids).
  auto last_line = [](std::string out) {
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out.substr(out.rfind('\n') + 1);
  };
  bool ok = true;
  std::string ours = AsToken(Server::kOurs, "nope", {"get", "ns"}, &ok);
  EXPECT_FALSE(ok);
  EXPECT_EQ(last_line(ours), last_line(AsToken(Server::kStock, "nope", {"get", "ns"})));
  EXPECT_EQ(last_line(ours),
            "error: You must be logged in to the server (the server has asked for the client to "
            "provide credentials)");
}

TEST_F(AuthStockTest, ServiceAccountTokensWorkBothWays) {
  std::string from_stock = CreateToken(Server::kStock, {});
  std::string from_ours = CreateToken(Server::kOurs, {});
  ASSERT_FALSE(from_ours.empty());
  for (const std::string& token : {from_stock, from_ours}) {
    std::string ours = WhoAmI(Server::kOurs, token);
    EXPECT_EQ(ours, WhoAmI(Server::kStock, token));
    EXPECT_NE(ours.find("system:serviceaccount:auth:robot"), std::string::npos) << ours;
    EXPECT_NE(ours.find("\"system:serviceaccounts:auth\""), std::string::npos) << ours;
  }
  // Same header, same claim names and shape.
  auto parts = [](const std::string& token) {
    auto p = jwt::Parse(token);
    EXPECT_TRUE(p.ok());
    auto payload = apiserver::ParseJson(p->payload_json);
    std::string keys;
    for (const auto& [k, v] : payload->fields) keys += k + ",";
    return p->header_json + " " + keys;
  };
  EXPECT_EQ(parts(from_ours), parts(from_stock)) << from_ours << "\n" << from_stock;
  // Expiration as asked, and the audience given.
  std::string custom = CreateToken(Server::kOurs, {"--duration=20m", "--audience=vault"});
  auto p = jwt::Parse(custom);
  ASSERT_TRUE(p.ok());
  EXPECT_NE(p->payload_json.find("\"aud\":[\"vault\"]"), std::string::npos) << p->payload_json;
  // Not an API audience: both servers refuse it.
  EXPECT_EQ(Bearer(Server::kOurs, "GET", "/api", custom).status, 401);
  EXPECT_EQ(Bearer(Server::kStock, "GET", "/api", custom).status, 401);
}

TEST_F(AuthStockTest, PodBoundTokens) {
  Must(Server::kStock, {"run", "-n", "auth", "bound-pod", "--image=nginx",
                        "--overrides={\"spec\":{\"serviceAccountName\":\"robot\"}}"});
  std::string token = CreateToken(Server::kOurs, {"--bound-object-kind=Pod",
                                                  "--bound-object-name=bound-pod"});
  std::string stock_token = CreateToken(Server::kStock, {"--bound-object-kind=Pod",
                                                         "--bound-object-name=bound-pod"});
  std::string ours = WhoAmI(Server::kStock, token);
  EXPECT_EQ(ours, WhoAmI(Server::kOurs, token));
  EXPECT_NE(ours.find("\"authentication.kubernetes.io/pod-name\""), std::string::npos) << ours;
  EXPECT_EQ(WhoAmI(Server::kOurs, stock_token), WhoAmI(Server::kStock, stock_token));
  // Unused tokens of a deleted pod are refused by both (none of them is cached).
  std::string unused = CreateToken(Server::kOurs, {"--bound-object-kind=Pod",
                                                   "--bound-object-name=bound-pod"});
  Must(Server::kStock, {"delete", "pod", "-n", "auth", "bound-pod", "--grace-period=0",
                        "--force", "--wait=false"});
  EXPECT_EQ(Bearer(Server::kOurs, "GET", "/api", unused).status, 401);
  EXPECT_EQ(Bearer(Server::kStock, "GET", "/api", unused).status, 401);
}

TEST_F(AuthStockTest, LegacySecretTokens) {
  Must(Server::kStock, {"create", "serviceaccount", "-n", "auth", "legacy"});
  std::string uid = Must(Server::kStock, {"get", "sa", "-n", "auth", "legacy", "-o",
                                          "jsonpath={.metadata.uid}"});
  auto key = jwt::Key::PrivateKeyFromPem(ReadAll(cluster_->dir() + "/pki/sa.key"));
  ASSERT_TRUE(key.ok()) << key.status().message();
  // What kube-controller-manager's tokens controller writes (pkg/serviceaccount/legacy.go).
  std::string token = *jwt::Sign(
      *key, R"({"alg":")" + key->signing_algorithm() + R"(","kid":")" + key->key_id() + "\"}",
      R"({"iss":"kubernetes/serviceaccount","kubernetes.io/serviceaccount/namespace":"auth",)"
      R"("kubernetes.io/serviceaccount/secret.name":"legacy-token",)"
      R"("kubernetes.io/serviceaccount/service-account.name":"legacy",)"
      R"("kubernetes.io/serviceaccount/service-account.uid":")" + uid +
          R"(","sub":"system:serviceaccount:auth:legacy"})");
  // Before the secret exists: refused by both.
  EXPECT_EQ(Bearer(Server::kOurs, "GET", "/api", token).status, 401);
  EXPECT_EQ(Bearer(Server::kStock, "GET", "/api", token).status, 401);
  std::string secret = cluster_->dir() + "/legacy-secret.json";
  std::ofstream(secret) << R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"legacy-token",)"
                           R"("namespace":"auth","annotations":{"kubernetes.io/service-account.name":"legacy"}},)"
                           R"("type":"kubernetes.io/service-account-token","data":{"token":")"
                        << Base64Encode(token) << "\"}}";
  Must(Server::kStock, {"create", "-f", secret});
  std::string ours = WhoAmI(Server::kOurs, token);
  EXPECT_EQ(ours, WhoAmI(Server::kStock, token));
  EXPECT_NE(ours.find("system:serviceaccount:auth:legacy"), std::string::npos) << ours;
  EXPECT_NE(Must(Server::kStock, {"get", "secret", "-n", "auth", "legacy-token", "-o",
                                  "jsonpath={.metadata.labels}"})
                .find("kubernetes.io/legacy-token-last-used"),
            std::string::npos);
}

TEST_F(AuthStockTest, TokenRequestErrorsMatchStock) {
  Must(Server::kStock, {"create", "serviceaccount", "-n", "auth", "errs"});
  struct Case {
    std::string path, body;
  };
  const std::string base = "/api/v1/namespaces/auth/serviceaccounts/";
  for (const Case& c : std::vector<Case>{
           {base + "errs/token", R"({"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"expirationSeconds":60}})"},
           {base + "nobody/token", R"({"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{}})"},
           {base + "errs/token", R"({"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","metadata":{"name":"other"},"spec":{}})"},
           {base + "errs/token", R"({"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"boundObjectRef":{"kind":"ConfigMap","apiVersion":"v1","name":"x"}}})"},
           {base + "errs/token", R"({"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"missing"}}})"},
       }) {
    auto ours = cluster_->Http(Server::kOurs, "POST", c.path,
                               {{"Content-Type", "application/json"}}, c.body);
    auto stock = cluster_->Http(Server::kStock, "POST", c.path,
                                {{"Content-Type", "application/json"}}, c.body);
    ASSERT_TRUE(ours.ok() && stock.ok());
    EXPECT_EQ(ours->status, stock->status) << c.body;
    EXPECT_EQ(ours->body, stock->body) << c.body;
  }
  // A successful TokenRequest answers the same object but for the token, the times and the
  // managedFields we do not write yet.
  const std::string ok_body =
      R"({"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"expirationSeconds":1200}})";
  auto ours = cluster_->Http(Server::kOurs, "POST", base + "errs/token",
                             {{"Content-Type", "application/json"}}, ok_body);
  auto stock = cluster_->Http(Server::kStock, "POST", base + "errs/token",
                              {{"Content-Type", "application/json"}}, ok_body);
  ASSERT_TRUE(ours.ok() && stock.ok());
  EXPECT_EQ(ours->status, 201);
  EXPECT_EQ(ours->status, stock->status);
  auto normalize = [](const std::string& body) {
    auto obj = codec::DecodeObject(body);
    EXPECT_TRUE(obj.ok()) << body;
    if (!obj.ok()) return std::string();
    auto* tr = obj->As<api::authentication::v1::TokenRequest>();
    EXPECT_FALSE(tr->status.token.empty());
    EXPECT_EQ(tr->status.expiration_timestamp.seconds - tr->object_meta.creation_timestamp.seconds,
              1200);
    tr->status.token.clear();
    tr->status.expiration_timestamp = {};
    tr->object_meta.creation_timestamp = {};
    tr->object_meta.managed_fields.clear();
    return codec::EncodeJson(*obj);
  };
  EXPECT_EQ(normalize(ours->body), normalize(stock->body));
  // Longer than --service-account-max-token-expiration: shortened, with the same warning.
  const std::string long_body =
      R"({"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"expirationSeconds":10800}})";
  ours = cluster_->Http(Server::kOurs, "POST", base + "errs/token",
                        {{"Content-Type", "application/json"}}, long_body);
  stock = cluster_->Http(Server::kStock, "POST", base + "errs/token",
                         {{"Content-Type", "application/json"}}, long_body);
  ASSERT_TRUE(ours.ok() && stock.ok());
  EXPECT_EQ(ours->status, 201);
  EXPECT_EQ(ours->headers.Get("Warning"), stock->headers.Get("Warning"));
  EXPECT_EQ(ours->headers.Get("Warning"),
            "299 - \"requested expiration of 10800 seconds shortened to 7200 seconds\"");
  for (const auto* r : {&*ours, &*stock}) {
    auto obj = codec::DecodeObject(r->body);
    ASSERT_TRUE(obj.ok());
    const auto* tr = obj->As<api::authentication::v1::TokenRequest>();
    EXPECT_EQ(*tr->spec.expiration_seconds, 7200);
    auto jwt_parts = jwt::Parse(tr->status.token);
    ASSERT_TRUE(jwt_parts.ok());
    auto claims = apiserver::ParseJson(jwt_parts->payload_json);
    int64_t exp = 0, iat = 0;
    for (const auto& [k, v] : claims->fields) {
      if (k == "exp") exp = std::stoll(v.raw);
      if (k == "iat") iat = std::stoll(v.raw);
    }
    EXPECT_EQ(exp - iat, 7200);
  }
}

}  // namespace
}  // namespace kubecxx::kube_apiserver::testing
