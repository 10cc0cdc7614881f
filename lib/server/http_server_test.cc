#include "lib/server/http_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "lib/server/router.h"
#include "lib/server/test_client.h"
#include "lib/server/tls.h"

namespace kubecxx::server {
namespace {

using testing::ClientTls;
using testing::TestClient;

TEST(RequestTest, PathAndQueryLikeGo) {
  Request r("GET", "/readyz/a%20b?verbose&exclude=etcd&exclude=x+y&bad=%zz&semi=1;2&e=", {}, "",
            false, "");
  EXPECT_EQ(r.path(), "/readyz/a b");
  EXPECT_EQ(r.raw_query(), "verbose&exclude=etcd&exclude=x+y&bad=%zz&semi=1;2&e=");
  EXPECT_TRUE(r.HasQuery("verbose"));
  EXPECT_TRUE(r.HasQuery("e"));
  EXPECT_FALSE(r.HasQuery("bad"));   // malformed escape: dropped
  EXPECT_FALSE(r.HasQuery("semi"));  // ';' is rejected since Go 1.17
  EXPECT_EQ(r.QueryValues("exclude"), (std::vector<std::string>{"etcd", "x y"}));
}

class HttpServerTest : public ::testing::Test {
 protected:
  void StartServer(std::shared_ptr<boost::asio::ssl::context> tls = nullptr) {
    server_ = std::make_unique<HttpServer>(&router_);
    ListenOptions listen;
    listen.address = "127.0.0.1";
    listen.tls = tls;
    auto port = server_->Listen(listen);
    ASSERT_TRUE(port.ok()) << port.status().message();
    port_ = *port;
    server_->Start();
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }

  Router router_;
  std::unique_ptr<HttpServer> server_;
  uint16_t port_ = 0;
};

TEST_F(HttpServerTest, RoutesStatusesAndKeepAlive) {
  router_.Handle("GET", "/hello", [](const Request& req, std::shared_ptr<ResponseWriter> w) {
    w->Reply(Response::Text(200, "hello " + std::string(req.Header("host"))));
  });
  router_.HandlePrefix("", "/api/", [](const Request& req, std::shared_ptr<ResponseWriter> w) {
    w->Reply(Response::Text(201, req.method() + " " + req.path() + " " + req.body()));
  });
  router_.Handle("", "/api/exact", [](const Request&, std::shared_ptr<ResponseWriter> w) {
    w->Reply(Response::Text(200, "exact"));
  });
  StartServer();

  TestClient client(port_);
  auto r = client.Do("GET", "/hello");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello localhost");
  EXPECT_EQ(r.Header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(r.Header("Content-Length"), "15");
  EXPECT_FALSE(r.Header("Date").empty());

  r = client.Do("POST", "/api/v1/pods", "{\"a\":1}");  // same connection
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, "POST /api/v1/pods {\"a\":1}");
  EXPECT_EQ(client.Do("GET", "/api/exact").body, "exact");

  r = client.Do("GET", "/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, "404 page not found\n");
  EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff");

  r = client.Do("DELETE", "/hello");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("Allow"), "GET");

  r = client.Do("HEAD", "/hello");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("Content-Length"), "15");
}

TEST_F(HttpServerTest, AsynchronousReplyFromAnotherThread) {
  std::thread worker;
  router_.Handle("GET", "/slow", [&](const Request&, std::shared_ptr<ResponseWriter> w) {
    worker = std::thread([w] { w->Reply(Response::Text(200, "later")); });
  });
  StartServer();
  TestClient client(port_);
  auto r = client.Do("GET", "/slow");
  worker.join();
  EXPECT_EQ(r.body, "later");
}

TEST_F(HttpServerTest, HandlerThatDropsTheWriterGets500) {
  router_.Handle("GET", "/silent", [](const Request&, std::shared_ptr<ResponseWriter>) {});
  StartServer();
  TestClient client(port_);
  auto r = client.Do("GET", "/silent");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, "handler sent no response\n");
}

TEST_F(HttpServerTest, BodyLimitAndMalformedRequests) {
  router_.Handle("", "/x", [](const Request&, std::shared_ptr<ResponseWriter> w) {
    w->Reply(Response::Text(200, "x"));
  });
  server_ = std::make_unique<HttpServer>(&router_, ServerOptions{.max_body_bytes = 10});
  ListenOptions listen;
  listen.address = "127.0.0.1";
  port_ = *server_->Listen(listen);
  server_->Start();
  TestClient client(port_);
  auto r = client.Do("POST", "/x", std::string(100, 'a'));
  EXPECT_EQ(r.status, 413);
  EXPECT_TRUE(client.ServerClosed());
}

// A watch-like handler: chunks produced on another thread, read incrementally by the client.
TEST_F(HttpServerTest, ChunkedStreamingFromAnotherThread) {
  std::mutex mu;
  std::condition_variable cv;
  std::shared_ptr<ResponseWriter> stream;
  router_.Handle("GET", "/watch", [&](const Request&, std::shared_ptr<ResponseWriter> w) {
    w->StartChunked(200, {{"Content-Type", "application/json"}});
    std::lock_guard<std::mutex> lock(mu);
    stream = std::move(w);
    cv.notify_all();
  });
  StartServer();
  TestClient client(port_);
  client.Send("GET", "/watch");
  client.ReadHeader();
  EXPECT_EQ(client.parser().get().result_int(), 200);
  EXPECT_TRUE(client.parser().chunked());
  std::shared_ptr<ResponseWriter> w;
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return stream != nullptr; });
    w = stream;
  }
  std::thread producer([w] {
    EXPECT_TRUE(w->WriteChunk("{\"type\":\"ADDED\"}\n"));
    EXPECT_TRUE(w->WriteChunk(""));  // skipped: it would end the body
    EXPECT_TRUE(w->WriteChunk("{\"type\":\"MODIFIED\"}\n"));
  });
  producer.join();
  EXPECT_EQ(client.ReadBodyAtLeast(37), "{\"type\":\"ADDED\"}\n{\"type\":\"MODIFIED\"}\n");
  w->Finish();
  EXPECT_TRUE(client.ReadToEnd());
  EXPECT_FALSE(w->WriteChunk("late"));
  EXPECT_TRUE(client.ServerClosed());  // a stream ends its connection
}

TEST_F(HttpServerTest, ClientDisconnectClosesTheStream) {
  std::mutex mu;
  std::condition_variable cv;
  bool closed = false;
  std::shared_ptr<ResponseWriter> stream;
  router_.Handle("GET", "/watch", [&](const Request&, std::shared_ptr<ResponseWriter> w) {
    w->StartChunked(200, {});
    w->OnClose([&] {
      std::lock_guard<std::mutex> lock(mu);
      closed = true;
      cv.notify_all();
    });
    std::lock_guard<std::mutex> lock(mu);
    stream = std::move(w);
    cv.notify_all();
  });
  StartServer();
  {
    TestClient client(port_);
    client.Send("GET", "/watch");
    client.ReadHeader();
    client.Close();
  }
  std::unique_lock<std::mutex> lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return closed; }));
  EXPECT_TRUE(stream->Closed());
  EXPECT_FALSE(stream->WriteChunk("nobody listens"));
  stream.reset();
}

TEST_F(HttpServerTest, StopClosesOpenStreamsAndKeptWritersAreInert) {
  std::shared_ptr<ResponseWriter> kept;
  std::atomic<bool> on_close{false};
  std::mutex mu;
  std::condition_variable cv;
  router_.Handle("GET", "/watch", [&](const Request&, std::shared_ptr<ResponseWriter> w) {
    w->StartChunked(200, {});
    w->OnClose([&] { on_close = true; });
    std::lock_guard<std::mutex> lock(mu);
    kept = std::move(w);
    cv.notify_all();
  });
  StartServer();
  TestClient client(port_);
  client.Send("GET", "/watch");
  client.ReadHeader();
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return kept != nullptr; });
  }
  server_->Stop();
  EXPECT_TRUE(on_close.load());
  EXPECT_FALSE(kept->WriteChunk("after stop"));
  server_.reset();  // the writer outlives the server
  kept->Finish();
  kept.reset();
}

TEST_F(HttpServerTest, HttpsWithGeneratedCertificate) {
  auto tls = NewServingTls(ServingTlsOptions{});
  ASSERT_TRUE(tls.ok()) << tls.status().message();
  router_.Handle("GET", "/secure", [](const Request& req, std::shared_ptr<ResponseWriter> w) {
    w->Reply(Response::Text(200, req.tls() ? "tls" : "plain"));
  });
  StartServer(tls->context);
  // The chain is the serving certificate followed by its CA: trust the CA only.
  const std::string& chain = tls->cert_pem;
  size_t second = chain.find("-----BEGIN CERTIFICATE-----", 1);
  ASSERT_NE(second, std::string::npos);
  TestClient client(port_, ClientTls(chain.substr(second)));
  auto r = client.Do("GET", "/secure");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "tls");
  EXPECT_EQ(client.Do("GET", "/secure").body, "tls");  // keep-alive over TLS
}

TEST(TlsTest, ErrorsForBadFiles) {
  ServingTlsOptions only_cert;
  only_cert.cert_file = "/nonexistent.crt";
  EXPECT_FALSE(NewServingTls(only_cert).ok());
  ServingTlsOptions missing;
  missing.cert_file = "/nonexistent.crt";
  missing.key_file = "/nonexistent.key";
  auto s = NewServingTls(missing);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("/nonexistent.crt"), std::string::npos);
}

TEST(TlsTest, LoadsCertificateFiles) {
  auto pair = GenerateSelfSignedCertKey(SelfSignedOptions{});
  ASSERT_TRUE(pair.ok());
  EXPECT_NE(pair->key_pem.find("BEGIN RSA PRIVATE KEY"), std::string::npos);
  std::string dir = ::testing::TempDir();
  std::string cert = dir + "/serving.crt";
  std::string key = dir + "/serving.key";
  FILE* f = fopen(cert.c_str(), "w");
  fputs(pair->cert_pem.c_str(), f);
  fclose(f);
  f = fopen(key.c_str(), "w");
  fputs(pair->key_pem.c_str(), f);
  fclose(f);
  ServingTlsOptions files;
  files.cert_file = cert;
  files.key_file = key;
  auto tls = NewServingTls(files);
  ASSERT_TRUE(tls.ok()) << tls.status().message();
  EXPECT_EQ(tls->cert_pem, pair->cert_pem);

  // A key that does not belong to the certificate is refused.
  auto other = GenerateSelfSignedCertKey(SelfSignedOptions{});
  f = fopen(key.c_str(), "w");
  fputs(other->key_pem.c_str(), f);
  fclose(f);
  EXPECT_FALSE(NewServingTls(files).ok());
}

}  // namespace
}  // namespace kubecxx::server
