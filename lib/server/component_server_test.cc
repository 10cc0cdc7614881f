// The component server over HTTPS on port 0: health endpoints answer as
// k8s.io/apiserver/pkg/server/healthz does, /metrics serves the registry.

#include "lib/server/component_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>

#include "lib/metrics/registry.h"
#include "lib/server/test_client.h"

namespace kubecxx::server {
namespace {

using testing::ClientTls;
using testing::TestClient;

std::string CaOf(const std::string& chain) {
  return chain.substr(chain.find("-----BEGIN CERTIFICATE-----", 1));
}

// One server for the suite: generating its RSA keys is the slow part.
class ComponentServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    registry_ = new metrics::Registry();
    ComponentServerOptions options;
    options.bind_address = "127.0.0.1";
    options.registry = registry_;
    server_ = new ComponentServer(options);
    server_->AddHealthzCheck(PingCheck());
    server_->AddHealthzCheck(LogCheck());
    server_->AddLivezCheck(PingCheck());
    server_->AddReadyzCheck(PingCheck());
    server_->AddReadyzCheck(LogCheck());
    server_->AddReadyzCheck(NamedCheck("etcd", [](const Request&) {
      return etcd_ok_ ? Status::Ok() : Status(StatusCode::kUnavailable, "etcd is down");
    }));
    server_->AddReadyzCheck(HealthCheck{"informer-sync",
                                        [](const Request&) { return Status::Ok(); }, "informers"});
    metrics::Opts opts;
    opts.subsystem = "workqueue";
    opts.name = "adds_total";
    opts.help = "Total number of adds handled by workqueue";
    opts.stability = metrics::StabilityLevel::kBeta;
    registry_->NewCounterVec(opts, {"name"}).WithLabelValues({"test"}).Increment(2);
    Status s = server_->Start();
    ASSERT_TRUE(s.ok()) << s.message();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete registry_;
  }
  void SetUp() override {
    etcd_ok_ = true;
    client_ = std::make_unique<TestClient>(server_->port(),
                                           ClientTls(CaOf(server_->serving_cert_pem())));
  }

  static metrics::Registry* registry_;
  static ComponentServer* server_;
  static std::atomic<bool> etcd_ok_;
  std::unique_ptr<TestClient> client_;
};

metrics::Registry* ComponentServerTest::registry_ = nullptr;
ComponentServer* ComponentServerTest::server_ = nullptr;
std::atomic<bool> ComponentServerTest::etcd_ok_{true};

TEST_F(ComponentServerTest, HealthEndpointsPass) {
  for (const char* path : {"/healthz", "/livez", "/readyz"}) {
    auto r = client_->Do("GET", path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, "ok") << path;
    EXPECT_EQ(r.Header("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff");
  }
}

TEST_F(ComponentServerTest, VerboseOutput) {
  auto r = client_->Do("GET", "/healthz?verbose");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "[+]ping ok\n[+]log ok\nhealthz check passed\n");
  r = client_->Do("GET", "/readyz?verbose=1");
  EXPECT_EQ(r.body,
            "[+]ping ok\n[+]log ok\n[+]etcd ok\n[+]informer-sync ok\nreadyz check passed\n");
}

TEST_F(ComponentServerTest, FailingCheck) {
  etcd_ok_ = false;
  auto r = client_->Do("GET", "/readyz");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body,
            "[+]ping ok\n[+]log ok\n[-]etcd failed: reason withheld\n[+]informer-sync ok\n"
            "readyz check failed\n");
  EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff");
  // Other endpoints do not run the readiness check.
  EXPECT_EQ(client_->Do("GET", "/livez").status, 200);

  r = client_->Do("GET", "/readyz/etcd");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, "internal server error: etcd is down\n");
  r = client_->Do("GET", "/readyz/ping");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "ok");
  EXPECT_EQ(client_->Do("GET", "/readyz/nope").status, 404);
}

TEST_F(ComponentServerTest, ExcludeChecksAndGroups) {
  etcd_ok_ = false;
  auto r = client_->Do("GET", "/readyz?exclude=etcd&exclude=informers&exclude=nope&verbose");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body,
            "[+]ping ok\n[+]log ok\n[+]etcd excluded: ok\n"
            "[+]informer-sync excluded with informers: ok\n"
            "warn: some health checks cannot be excluded: no matches for \"nope\"\n"
            "readyz check passed\n");
  r = client_->Do("GET", "/readyz?exclude=etcd");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "ok");
}

TEST_F(ComponentServerTest, Metrics) {
  auto r = client_->Do("GET", "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("Content-Type"),
            "text/plain; version=0.0.4; charset=utf-8; escaping=underscores");
  EXPECT_NE(r.body.find("# HELP workqueue_adds_total [BETA] Total number of adds handled by "
                        "workqueue\n# TYPE workqueue_adds_total counter\n"
                        "workqueue_adds_total{name=\"test\"} 2\n"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("# TYPE kubernetes_build_info gauge\nkubernetes_build_info{"),
            std::string::npos);
  EXPECT_NE(r.body.find("git_version=\"v1.37.2\""), std::string::npos);
  EXPECT_EQ(client_->Do("POST", "/metrics").status, 405);
}

TEST(ComponentServerErrorsTest, BadTlsFilesAndBusyPort) {
  ComponentServerOptions options;
  options.bind_address = "127.0.0.1";
  options.tls_cert_file = "/nonexistent.crt";
  options.tls_private_key_file = "/nonexistent.key";
  metrics::Registry registry;
  options.registry = &registry;
  ComponentServer bad(options);
  EXPECT_FALSE(bad.Start().ok());

  ComponentServerOptions first_options;
  first_options.bind_address = "127.0.0.1";
  first_options.registry = &registry;
  ComponentServer first(first_options);
  ASSERT_TRUE(first.Start().ok());
  ComponentServerOptions second_options = first_options;
  second_options.secure_port = first.port();
  ComponentServer second(second_options);
  Status s = second.Start();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("failed to listen on 127.0.0.1:"), std::string::npos)
      << s.message();
}

}  // namespace
}  // namespace kubecxx::server
