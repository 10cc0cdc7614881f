// HttpClient against the in-process test server: keep-alive, chunked streams, cancel,
// gzip, headers, timeouts and TLS verification.
#include "lib/net/http_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "lib/net/testing/test_pki.h"
#include "lib/net/testing/test_server.h"

namespace kubecxx::net {
namespace {

using testing::TestRequest;
using testing::TestResponder;
using testing::TestServer;
using testing::TestServerOptions;

std::unique_ptr<HttpClient> NewClient(HttpClientOptions options = {}) {
  StatusOr<std::unique_ptr<HttpClient>> client = HttpClient::Create(std::move(options));
  EXPECT_TRUE(client.ok()) << client.status().message();
  return std::move(*client);
}

std::unique_ptr<TestServer> StartServer(testing::TestHandler handler,
                                        TestServerOptions options = {}) {
  StatusOr<std::unique_ptr<TestServer>> server =
      TestServer::Start(std::move(options), std::move(handler));
  EXPECT_TRUE(server.ok()) << server.status().message();
  return std::move(*server);
}

HttpRequest Get(const std::string& url) {
  HttpRequest request;
  request.url = url;
  return request;
}

// Blocks a handler until the test releases it (or the server stops).
class Gate {
 public:
  void Open() {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  void Wait(const TestResponder& responder) {
    std::unique_lock<std::mutex> lock(mu_);
    while (!open_ && !responder.stopping()) {
      cv_.wait_for(lock, std::chrono::milliseconds(20));
    }
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

TEST(HttpClientTest, KeepAliveReusesOneConnection) {
  auto server = StartServer([](const TestRequest& req, TestResponder& resp) {
    resp.Respond(200, "hello " + req.target);
  });
  auto client = NewClient();
  for (int i = 0; i < 3; ++i) {
    StatusOr<HttpResponse> response = client->RoundTrip(Get(server->Url("/x" + std::to_string(i))));
    ASSERT_TRUE(response.ok()) << response.status().message();
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "hello /x" + std::to_string(i));
  }
  EXPECT_EQ(server->connections(), 1);
  EXPECT_EQ(client->IdleConnections(server->Url()), 1u);
}

TEST(HttpClientTest, ConcurrentCallsUseTheirOwnConnectionsAndAllReturnToThePool) {
  std::atomic<int> in_flight{0};
  Gate gate;
  auto server = StartServer([&](const TestRequest&, TestResponder& resp) {
    ++in_flight;
    gate.Wait(resp);
    resp.Respond(200, "ok");
  });
  auto client = NewClient();
  auto call = [&] { return client->RoundTrip(Get(server->Url("/"))); };
  auto a = std::async(std::launch::async, call);
  auto b = std::async(std::launch::async, call);
  while (in_flight.load() < 2) {
    std::this_thread::yield();
  }
  gate.Open();
  ASSERT_TRUE(a.get().ok());
  ASSERT_TRUE(b.get().ok());
  EXPECT_EQ(server->connections(), 2);
  EXPECT_EQ(client->IdleConnections(server->Url()), 2u);
  // Both parked connections are reused; no third one is dialed.
  ASSERT_TRUE(call().ok());
  ASSERT_TRUE(call().ok());
  EXPECT_EQ(server->connections(), 2);
}

TEST(HttpClientTest, IdleConnectionClosedByServerIsReplacedForIdempotentRequests) {
  auto server = StartServer([](const TestRequest&, TestResponder& resp) {
    resp.Respond(200, "bye");
    resp.CloseAfter();  // keep-alive was promised, but the server closes anyway
  });
  auto client = NewClient();
  for (const char* method : {"GET", "PUT", "DELETE"}) {
    HttpRequest request = Get(server->Url("/"));
    request.method = method;
    int before = server->connections();
    while (server->closed_connections() < before) {
      std::this_thread::yield();
    }
    // Whether the liveness check on checkout or the replay after an EOF catches the dead
    // connection depends on when the FIN arrives; either way the request succeeds once.
    StatusOr<HttpResponse> response = client->RoundTrip(request);
    ASSERT_TRUE(response.ok()) << method << ": " << response.status().message();
    EXPECT_EQ(response->body, "bye");
  }
  EXPECT_EQ(server->connections(), 3);
}

TEST(HttpClientTest, PoolIsBoundedPerHost) {
  std::atomic<int> in_flight{0};
  Gate gate;
  auto server = StartServer([&](const TestRequest&, TestResponder& resp) {
    ++in_flight;
    gate.Wait(resp);
    resp.Respond(200, "ok");
  });
  HttpClientOptions options;
  options.max_idle_per_host = 2;
  auto client = NewClient(options);
  std::vector<std::future<StatusOr<HttpResponse>>> calls;
  for (int i = 0; i < 4; ++i) {
    calls.push_back(std::async(std::launch::async,
                               [&] { return client->RoundTrip(Get(server->Url("/"))); }));
  }
  while (in_flight.load() < 4) {
    std::this_thread::yield();
  }
  gate.Open();
  for (auto& call : calls) {
    ASSERT_TRUE(call.get().ok());
  }
  EXPECT_EQ(client->IdleConnections(server->Url()), 2u);
}

TEST(HttpClientTest, ChunkedStreamIsDeliveredIncrementally) {
  Gate second_chunk;
  auto server = StartServer([&](const TestRequest&, TestResponder& resp) {
    resp.StartChunked(200, {});
    resp.WriteChunk("{\"type\":\"ADDED\"}\n");
    second_chunk.Wait(resp);  // the client must see chunk 1 before chunk 2 exists
    resp.WriteChunk("{\"type\":\"DELETED\"}\n");
    resp.EndChunked();
  });
  auto client = NewClient();
  StatusOr<std::unique_ptr<HttpStream>> stream = client->OpenStream(Get(server->Url("/watch")));
  ASSERT_TRUE(stream.ok()) << stream.status().message();
  EXPECT_EQ((*stream)->status(), 200);
  std::string body;
  StatusOr<bool> more = (*stream)->ReadSome(&body);
  ASSERT_TRUE(more.ok()) << more.status().message();
  EXPECT_TRUE(*more);
  EXPECT_EQ(body, "{\"type\":\"ADDED\"}\n");
  second_chunk.Open();
  ASSERT_TRUE((*stream)->ReadAll(&body).ok());
  EXPECT_EQ(body, "{\"type\":\"ADDED\"}\n{\"type\":\"DELETED\"}\n");
  StatusOr<bool> end = (*stream)->ReadSome(&body);
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(*end);
  stream->reset();  // a fully read keep-alive stream gives its connection back
  EXPECT_EQ(client->IdleConnections(server->Url()), 1u);
}

TEST(HttpClientTest, CloseFromAnotherThreadUnblocksAReader) {
  Gate never;
  auto server = StartServer([&](const TestRequest&, TestResponder& resp) {
    resp.StartChunked(200, {});
    resp.WriteChunk("first\n");
    never.Wait(resp);  // then silence, like a quiet watch
  });
  auto client = NewClient();
  StatusOr<std::unique_ptr<HttpStream>> opened = client->OpenStream(Get(server->Url("/watch")));
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  HttpStream* stream = opened->get();
  std::string body;
  ASSERT_TRUE(stream->ReadSome(&body).ok());
  EXPECT_EQ(body, "first\n");

  std::atomic<bool> reading{false};
  auto reader = std::async(std::launch::async, [&] {
    reading = true;
    return stream->ReadSome(&body);
  });
  while (!reading.load()) {
    std::this_thread::yield();
  }
  auto start = std::chrono::steady_clock::now();
  stream->Close();
  StatusOr<bool> result = reader.get();
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(stream->closed());
  EXPECT_TRUE(IsProbableEof(result.status())) << result.status().message();
  EXPECT_LT(elapsed, std::chrono::seconds(5));
  EXPECT_FALSE(stream->ReadSome(&body).ok());
  never.Open();
}

TEST(HttpClientTest, GzipIsRequestedAndDecoded) {
  std::string plain(100000, 'k');
  auto server = StartServer([&](const TestRequest& req, TestResponder& resp) {
    if (req.headers.Get("Accept-Encoding") == "gzip") {
      HttpHeaders headers;
      headers.Add("Content-Encoding", "gzip");
      resp.Respond(200, testing::GzipForTest(plain), headers);
    } else {
      resp.Respond(200, plain);
    }
  });
  auto client = NewClient();
  StatusOr<HttpResponse> response = client->RoundTrip(Get(server->Url("/")));
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->body, plain);
  EXPECT_FALSE(response->headers.Has("Content-Encoding"));

  // A caller that asks for an encoding itself gets the bytes as sent.
  HttpRequest raw = Get(server->Url("/"));
  raw.headers.Add("Accept-Encoding", "gzip");
  StatusOr<HttpResponse> encoded = client->RoundTrip(raw);
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(encoded->body, testing::GzipForTest(plain));
  EXPECT_EQ(encoded->headers.Get("Content-Encoding"), "gzip");

  // Streams decode too.
  StatusOr<std::unique_ptr<HttpStream>> stream = client->OpenStream(Get(server->Url("/")));
  ASSERT_TRUE(stream.ok()) << stream.status().message();
  std::string body;
  ASSERT_TRUE((*stream)->ReadAll(&body).ok());
  EXPECT_EQ(body, plain);

  HttpClientOptions off;
  off.disable_compression = true;
  StatusOr<HttpResponse> uncompressed = NewClient(off)->RoundTrip(Get(server->Url("/")));
  ASSERT_TRUE(uncompressed.ok());
  EXPECT_EQ(uncompressed->body, plain);
}

class CountingProvider : public CredentialProvider {
 public:
  StatusOr<Credentials> Get() override {
    return Credentials{"tok-" + std::to_string(calls_), "", ""};
  }
  void OnUnauthorized(const Credentials& used) override {
    ++unauthorized_;
    ++calls_;
    last_rejected_ = used.token;
  }
  int calls_ = 0;
  int unauthorized_ = 0;
  std::string last_rejected_;
};

TEST(HttpClientTest, AddsHostUserAgentAndBearerTokenAndReportsUnauthorized) {
  auto server = StartServer([](const TestRequest& req, TestResponder& resp) {
    std::string auth(req.headers.Get("Authorization"));
    HttpHeaders headers;
    headers.Add("Warning", "299 - \"first\"");
    headers.Add("Warning", "299 - \"second\"");
    resp.Respond(auth == "Bearer tok-0" ? 401 : 200,
                 auth + "|" + std::string(req.headers.Get("User-Agent")) + "|" +
                     std::string(req.headers.Get("Host")),
                 headers);
  });
  auto provider = std::make_shared<CountingProvider>();
  HttpClientOptions options;
  options.credentials = provider;
  options.user_agent = "kubecxx-test/v1.37.2 (linux/amd64) kubernetes/abcdef0";
  auto client = NewClient(options);
  StatusOr<HttpResponse> first = client->RoundTrip(Get(server->Url("/")));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->status, 401);
  EXPECT_EQ(provider->unauthorized_, 1);
  EXPECT_EQ(provider->last_rejected_, "tok-0");
  EXPECT_EQ(first->headers.GetAll("Warning").size(), 2u);
  StatusOr<HttpResponse> second = client->RoundTrip(Get(server->Url("/")));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(second->body,
            "Bearer tok-1|kubecxx-test/v1.37.2 (linux/amd64) kubernetes/abcdef0|127.0.0.1:" +
                std::to_string(server->port()));
  // The caller's own Authorization wins (kubectl --token semantics).
  HttpRequest own = Get(server->Url("/"));
  own.headers.Add("Authorization", "Bearer mine");
  StatusOr<HttpResponse> third = client->RoundTrip(own);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->body.substr(0, 12), "Bearer mine|");
}

TEST(HttpClientTest, RequestTimeoutAndRefusedConnectionsAreTransportErrors) {
  Gate never;
  auto server = StartServer([&](const TestRequest&, TestResponder& resp) { never.Wait(resp); });
  auto client = NewClient();
  HttpRequest request = Get(server->Url("/slow"));
  request.timeout = std::chrono::milliseconds(200);
  StatusOr<HttpResponse> response = client->RoundTrip(request);
  ASSERT_FALSE(response.ok());
  EXPECT_TRUE(IsTimeout(response.status())) << response.status().message();
  EXPECT_NE(response.status().message().find("Get \"" + server->Url("/slow") + "\""),
            std::string::npos)
      << response.status().message();
  never.Open();

  uint16_t dead_port = server->port();
  server.reset();
  StatusOr<HttpResponse> refused =
      client->RoundTrip(Get("http://127.0.0.1:" + std::to_string(dead_port) + "/"));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("connection refused"), std::string::npos)
      << refused.status().message();
  EXPECT_FALSE(IsProbableEof(refused.status()));
}

TEST(HttpClientTest, ServerDroppingTheConnectionMidResponseIsProbableEof) {
  auto server = StartServer([](const TestRequest&, TestResponder& resp) {
    resp.WriteRaw("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part");
    resp.CloseAfter();
  });
  StatusOr<HttpResponse> response = NewClient()->RoundTrip(Get(server->Url("/")));
  ASSERT_FALSE(response.ok());
  EXPECT_TRUE(IsProbableEof(response.status())) << response.status().message();
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pki = testing::TestPki::Create("test-ca");
    ASSERT_TRUE(pki.ok());
    pki_ = std::move(*pki);
    testing::LeafSpec server_spec;
    server_spec.common_name = "kube-apiserver";
    server_spec.dns_names = {"kubernetes", "localhost"};
    server_spec.ip_addresses = {"127.0.0.1"};
    server_spec.server = true;
    auto serving = pki_->Issue(server_spec);
    ASSERT_TRUE(serving.ok());
    serving_ = *serving;
    testing::LeafSpec client_spec;
    client_spec.common_name = "kubernetes-admin";
    client_spec.organizations = {"system:masters"};
    client_spec.client = true;
    auto client = pki_->Issue(client_spec);
    ASSERT_TRUE(client.ok());
    client_ = *client;
  }

  std::unique_ptr<TestServer> Start(bool require_client_cert) {
    TestServerOptions options;
    options.tls = true;
    options.cert_pem = serving_.cert_pem;
    options.key_pem = serving_.key_pem;
    if (require_client_cert) {
      options.client_ca_pem = pki_->ca().cert_pem;
    }
    return StartServer(
        [](const TestRequest& req, TestResponder& resp) {
          resp.Respond(200, "cn=" + req.client_cn);
        },
        options);
  }

  std::unique_ptr<testing::TestPki> pki_;
  testing::PemPair serving_;
  testing::PemPair client_;
};

TEST_F(TlsTest, VerifiesTheServerAndSendsTheClientCertificate) {
  auto server = Start(/*require_client_cert=*/true);
  HttpClientOptions options;
  options.tls.ca_pem = pki_->ca().cert_pem;
  options.tls.cert_pem = client_.cert_pem;
  options.tls.key_pem = client_.key_pem;
  auto client = NewClient(options);
  for (int i = 0; i < 2; ++i) {
    StatusOr<HttpResponse> response = client->RoundTrip(Get(server->Url("/version")));
    ASSERT_TRUE(response.ok()) << response.status().message();
    EXPECT_EQ(response->body, "cn=kubernetes-admin");
  }
  EXPECT_EQ(server->connections(), 1);
}

TEST_F(TlsTest, ServerNameOverrideSelectsTheNameToVerify) {
  auto server = Start(false);
  HttpClientOptions options;
  options.tls.ca_pem = pki_->ca().cert_pem;
  options.tls.server_name = "kubernetes";
  StatusOr<HttpResponse> ok = NewClient(options)->RoundTrip(Get(server->Url("/")));
  ASSERT_TRUE(ok.ok()) << ok.status().message();

  options.tls.server_name = "elsewhere.example";
  StatusOr<HttpResponse> bad = NewClient(options)->RoundTrip(Get(server->Url("/")));
  ASSERT_FALSE(bad.ok());
  std::cout << "[wrong name] " << bad.status().message() << "\n";
  EXPECT_NE(bad.status().message().find("x509: certificate is valid for kubernetes, localhost, "
                                        "127.0.0.1, not elsewhere.example"),
            std::string::npos)
      << bad.status().message();
}

TEST_F(TlsTest, UnknownAuthorityIsRejectedUnlessInsecure) {
  auto server = Start(false);
  auto other = testing::TestPki::Create("other-ca");
  ASSERT_TRUE(other.ok());
  HttpClientOptions options;
  options.tls.ca_pem = (*other)->ca().cert_pem;
  StatusOr<HttpResponse> bad = NewClient(options)->RoundTrip(Get(server->Url("/")));
  ASSERT_FALSE(bad.ok());
  std::cout << "[unknown CA] " << bad.status().message() << "\n";
  EXPECT_NE(bad.status().message().find(
                "tls: failed to verify certificate: x509: certificate signed by unknown authority"),
            std::string::npos)
      << bad.status().message();
  EXPECT_FALSE(IsProbableEof(bad.status()));

  options.tls.insecure = true;
  StatusOr<HttpResponse> insecure = NewClient(options)->RoundTrip(Get(server->Url("/")));
  ASSERT_TRUE(insecure.ok()) << insecure.status().message();
}

TEST_F(TlsTest, MissingClientCertificateFailsTheRequest) {
  auto server = Start(/*require_client_cert=*/true);
  HttpClientOptions options;
  options.tls.ca_pem = pki_->ca().cert_pem;
  StatusOr<HttpResponse> response = NewClient(options)->RoundTrip(Get(server->Url("/")));
  ASSERT_FALSE(response.ok());
  std::cout << "[no client cert] " << response.status().message() << "\n";
}

TEST_F(TlsTest, CredentialProviderCertificateIsUsedPerConnection) {
  auto server = Start(/*require_client_cert=*/true);
  HttpClientOptions options;
  options.tls.ca_pem = pki_->ca().cert_pem;
  options.credentials = std::make_shared<StaticCredentialProvider>(
      Credentials{"", client_.cert_pem, client_.key_pem});
  StatusOr<HttpResponse> response = NewClient(options)->RoundTrip(Get(server->Url("/")));
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->body, "cn=kubernetes-admin");
}

TEST_F(TlsTest, BadTlsMaterialIsRejectedAtCreation) {
  HttpClientOptions options;
  options.tls.ca_pem = "not a certificate";
  StatusOr<std::unique_ptr<HttpClient>> client = HttpClient::Create(options);
  ASSERT_FALSE(client.ok());
  EXPECT_NE(client.status().message().find("unable to load root certificates"), std::string::npos);

  HttpClientOptions mismatched;
  testing::LeafSpec spec;
  spec.common_name = "x";
  spec.client = true;
  auto other = pki_->Issue(spec);
  ASSERT_TRUE(other.ok());
  mismatched.tls.cert_pem = client_.cert_pem;
  mismatched.tls.key_pem = other->key_pem;
  client = HttpClient::Create(mismatched);
  ASSERT_FALSE(client.ok());
  EXPECT_NE(client.status().message().find("private key does not match"), std::string::npos)
      << client.status().message();
}

}  // namespace
}  // namespace kubecxx::net
