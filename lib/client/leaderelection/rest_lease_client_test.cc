// RestLeaseClient against a local fake apiserver: the leader-election client's request
// timeout and user agent (as resourcelock.NewFromKubeconfig sets them), shorter timeouts
// when the elector's deadline is nearer, and the mapping of API errors to seam codes.
#include "lib/client/leaderelection/rest_lease_client.h"

#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <vector>

#include "lib/net/testing/test_server.h"

namespace kubecxx::client::leaderelection {
namespace {

using net::testing::TestRequest;
using net::testing::TestResponder;
using net::testing::TestServer;
using std::chrono::milliseconds;
using std::chrono::seconds;

std::string StatusJson(int code, const std::string& reason, const std::string& msg) {
  return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
         "\"message\":\"" + msg + "\",\"reason\":\"" + reason + "\",\"code\":" +
         std::to_string(code) + "}";
}

class RestLeaseClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = TestServer::Start({}, [this](const TestRequest& req, TestResponder& out) {
      {
        std::lock_guard<std::mutex> l(mu_);
        requests_.push_back(req);
      }
      net::HttpHeaders h;
      h.Add("Content-Type", "application/json");
      if (req.target.find("/leases/missing") != std::string::npos) {
        out.Respond(404, StatusJson(404, "NotFound", "leases.coordination.k8s.io \\\"missing\\\" not found"), h);
      } else if (req.method == "PUT") {
        out.Respond(409, StatusJson(409, "Conflict", "the object has been modified"), h);
      } else if (req.method == "POST") {
        out.Respond(409, StatusJson(409, "AlreadyExists", "already exists"), h);
      } else if (req.target.find("/leases/forbidden") != std::string::npos) {
        out.Respond(403, StatusJson(403, "Forbidden", "no"), h);
      } else {
        out.Respond(200,
                    "{\"kind\":\"Lease\",\"apiVersion\":\"coordination.k8s.io/v1\","
                    "\"metadata\":{\"name\":\"ok\",\"namespace\":\"kube-system\","
                    "\"resourceVersion\":\"42\"},\"spec\":{\"holderIdentity\":\"h\","
                    "\"leaseDurationSeconds\":15,"
                    "\"renewTime\":\"2026-12-01T10:00:00.123456Z\"}}",
                    h);
      }
    });
    ASSERT_TRUE(server.ok());
    server_ = std::move(server).value();
    RestConfig config;
    config.host = server_->Url();
    config.content_type = "application/json";
    config.user_agent = "kube-scheduler/v1.37.2 (linux/amd64) kubernetes/unknown";
    auto client = RestLeaseClient::New(config, seconds(10));
    ASSERT_TRUE(client.ok()) << client.status().message();
    client_ = std::move(client).value();
  }
  TestRequest Last() {
    std::lock_guard<std::mutex> l(mu_);
    return requests_.back();
  }

  std::mutex mu_;
  std::vector<TestRequest> requests_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<RestLeaseClient> client_;
};

TEST_F(RestLeaseClientTest, LeaderElectionClientSettings) {
  auto lease = client_->Get("kube-system", "ok", seconds(5));
  ASSERT_TRUE(lease.ok()) << lease.status().message();
  EXPECT_EQ(*lease->spec.holder_identity, "h");
  EXPECT_EQ(lease->object_meta.resource_version, "42");
  EXPECT_EQ(lease->spec.renew_time->nanos, 123456000);
  const TestRequest r = Last();
  EXPECT_EQ(r.target,
            "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/ok?timeout=5s");
  EXPECT_EQ(r.headers.Get("User-Agent"),
            "kube-scheduler/v1.37.2 (linux/amd64) kubernetes/unknown/leader-election");
  // Nearer the renew deadline, the request gets what is left.
  ASSERT_TRUE(client_->Get("kube-system", "ok", milliseconds(1500)).ok());
  EXPECT_EQ(Last().target,
            "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/ok?timeout=1.5s");
}

TEST_F(RestLeaseClientTest, ErrorsMapToSeamCodes) {
  EXPECT_EQ(client_->Get("kube-system", "missing", seconds(5)).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(client_->Get("kube-system", "forbidden", seconds(5)).status().code(),
            StatusCode::kInternal);
  LeaseClient::Lease l;
  l.object_meta.namespace_ = "kube-system";
  l.object_meta.name = "ok";
  EXPECT_EQ(client_->Update(l, seconds(5)).status().code(), StatusCode::kConflict);
  EXPECT_EQ(client_->Create(l, seconds(5)).status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(Last().method, "POST");
  EXPECT_EQ(Last().target, "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases?timeout=5s");
}

TEST(RestLeaseClientTransportTest, NoAnswerIsUnavailable) {
  RestConfig config;
  config.host = "http://127.0.0.1:1";
  auto client = RestLeaseClient::New(config, seconds(2));
  ASSERT_TRUE(client.ok());
  auto r = (*client)->Get("kube-system", "x", seconds(1));
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable) << r.status().message();
}

}  // namespace
}  // namespace kubecxx::client::leaderelection
