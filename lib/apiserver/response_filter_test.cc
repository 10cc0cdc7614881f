// Unit tests of the response filters (request metrics labels, gzip, pretty JSON); the server
// is compared with stock in components/kube-apiserver/metrics_stock_test.cc.
#include "lib/apiserver/response_filter.h"

#include <gtest/gtest.h>

#include <mutex>

#include "lib/apiserver/response_encoding.h"
#include "lib/metrics/registry.h"
#include "lib/net/gzip.h"

namespace kubecxx::apiserver {
namespace {

server::Request Req(std::string method, std::string target, server::HeaderList headers = {}) {
  return server::Request(std::move(method), std::move(target), std::move(headers), "", true,
                         "127.0.0.1:1");
}

// Records what reaches the connection.
class FakeWriter : public server::ResponseWriter {
 public:
  void Reply(server::Response r) override { reply = std::move(r); }
  void StartChunked(int status, server::HeaderList headers) override {
    chunked_status = status;
    chunked_headers = std::move(headers);
  }
  bool WriteChunk(std::string data) override {
    chunks.push_back(std::move(data));
    return true;
  }
  void Finish() override { finished = true; }
  size_t PendingBytes() const override { return 0; }
  bool Closed() const override { return false; }
  void OnClose(std::function<void()>) override {}

  std::optional<server::Response> reply;
  int chunked_status = 0;
  server::HeaderList chunked_headers;
  std::vector<std::string> chunks;
  bool finished = false;
};

std::string HeaderOf(const server::HeaderList& h, std::string_view name) {
  for (const auto& [k, v] : h) {
    if (k == name) return v;
  }
  return "";
}

TEST(ResponseEncodingTest, AcceptsGzipAsUpstream) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("deflate, gzip"));
  EXPECT_TRUE(AcceptsGzip(" gzip ,br"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("gzip;q=1.0"));  // upstream compares whole tokens
  EXPECT_FALSE(AcceptsGzip("x-gzip"));
}

TEST(ResponseEncodingTest, GzipRoundTripsAndMembersConcatenate) {
  std::string data(300000, 'x');
  auto back = net::Gunzip(Gzip(data));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, data);
  GzipMemberEncoder enc;
  auto both = net::Gunzip(enc.Member("abc") + enc.Member("def"));
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(*both, "abcdef");
}

TEST(ResponseEncodingTest, IndentJsonAsGoMarshalIndent) {
  EXPECT_EQ(IndentJson("{\"a\":1,\"b\":[],\"c\":{},\"d\":[1,{\"e\":\"x,:{}\\\"\"}]}\n"),
            "{\n  \"a\": 1,\n  \"b\": [],\n  \"c\": {},\n  \"d\": [\n    1,\n    {\n"
            "      \"e\": \"x,:{}\\\"\"\n    }\n  ]\n}");
  EXPECT_EQ(IndentJson("not json {"), "not json {");
}

TEST(ResponseEncodingTest, PrettyFromQueryAcceptOrUserAgent) {
  EXPECT_TRUE(WantsPretty(Req("GET", "/api/v1/pods?pretty=true")));
  EXPECT_FALSE(WantsPretty(Req("GET", "/api/v1/pods?pretty=false", {{"User-Agent", "curl/8"}})));
  EXPECT_FALSE(WantsPretty(Req("GET", "/api/v1/pods?pretty=yes")));  // ParseBool fails
  EXPECT_TRUE(WantsPretty(Req("GET", "/api/v1/pods?pretty=", {{"User-Agent", "curl/8"}})));
  EXPECT_TRUE(WantsPretty(Req("GET", "/api/v1/pods", {{"User-Agent", "Wget/1.21"}})));
  EXPECT_TRUE(WantsPretty(Req("GET", "/api/v1/pods", {{"Accept", "application/json;pretty=1"}})));
  EXPECT_FALSE(WantsPretty(Req("GET", "/api/v1/pods", {{"User-Agent", "kubectl/v1.37.2"}})));
}

TEST(RequestMetricsTest, VerbsAndScopesAsUpstream) {
  struct Case {
    std::string method, target;
    server::HeaderList headers;
    std::string verb, scope, long_running_scope;
  };
  const Case cases[] = {
      {"GET", "/api/v1/namespaces/ns/pods", {}, "LIST", "namespace", ""},
      {"GET", "/api/v1/pods", {}, "LIST", "cluster", ""},
      {"GET", "/api/v1/namespaces/ns/pods/p", {}, "GET", "resource", ""},
      {"GET", "/api/v1/namespaces/ns/pods?watch=true", {}, "WATCH", "namespace", "namespace"},
      {"GET", "/api/v1/pods?watch=yes", {}, "WATCH", "cluster", "cluster"},
      {"GET", "/api/v1/pods?watch=False", {}, "LIST", "cluster", ""},
      {"GET", "/api/v1/namespaces/ns/pods/p?watch=1", {}, "WATCH", "resource", "resource"},
      {"GET", "/api/v1/namespaces/ns/configmaps?watch=1&fieldSelector=metadata.name%3Dx", {},
       "WATCH", "namespace", "resource"},
      {"POST", "/api/v1/namespaces/ns/pods", {}, "POST", "resource", ""},
      {"PUT", "/api/v1/namespaces/ns/pods/p/status", {}, "PUT", "resource", ""},
      {"PATCH", "/api/v1/nodes/n", {{"Content-Type", "application/apply-patch+yaml"}}, "APPLY",
       "resource", ""},
      {"PATCH", "/api/v1/nodes/n", {{"Content-Type", "application/merge-patch+json"}}, "PATCH",
       "resource", ""},
      {"DELETE", "/api/v1/namespaces/ns/pods", {}, "DELETE", "namespace", ""},
      {"DELETE", "/api/v1/namespaces/ns", {}, "DELETE", "resource", ""},
      {"GET", "/api/v1/namespaces/ns/pods/p/log", {}, "CONNECT", "resource", ""},
      {"OPTIONS", "/api/v1/pods", {}, "other", "cluster", ""},
  };
  for (const Case& c : cases) {
    RequestClass k = ClassifyRequest(Req(c.method, c.target, c.headers), nullptr);
    EXPECT_TRUE(k.instrumented) << c.target;
    EXPECT_EQ(k.verb, c.verb) << c.method << " " << c.target;
    EXPECT_EQ(k.scope, c.scope) << c.method << " " << c.target;
    EXPECT_EQ(k.component, "apiserver");
    EXPECT_EQ(k.watch, !c.long_running_scope.empty()) << c.target;
    if (k.watch) {
      EXPECT_EQ(k.long_running_scope, c.long_running_scope) << c.target;
    }
  }
  EXPECT_EQ(ClassifyRequest(Req("POST", "/api/v1/namespaces/n/pods?dryRun=All&dryRun=All"),
                            nullptr)
                .dry_run,
            "All");
  EXPECT_EQ(ClassifyRequest(Req("POST", "/api/v1/namespaces/n/pods?dryRun=x"), nullptr).dry_run,
            "invalid");
  RequestClass h = ClassifyRequest(Req("GET", "/readyz?verbose"), nullptr);
  EXPECT_TRUE(h.instrumented);
  EXPECT_EQ(h.verb, "GET");
  EXPECT_EQ(h.subresource, "/readyz");
  EXPECT_EQ(h.component, "");
  EXPECT_FALSE(ClassifyRequest(Req("GET", "/readyz/etcd"), nullptr).instrumented);
  EXPECT_FALSE(ClassifyRequest(Req("GET", "/version"), nullptr).instrumented);
  EXPECT_EQ(ClassifyRequest(Req("GET", "/openapi/v3"), nullptr).subresource, "openapi/v3");
  EXPECT_EQ(ClassifyRequest(Req("GET", "/openapi/v3/api/v1"), nullptr).subresource,
            "openapi/v3/");
  EXPECT_FALSE(ClassifyRequest(Req("GET", "/apis"), nullptr).instrumented);  // legacy
  RequestClass d = ClassifyRequest(
      Req("GET", "/apis",
          {{"Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"}}),
      nullptr);
  EXPECT_TRUE(d.instrumented);
  EXPECT_EQ(d.subresource, "apis");
  // WatchList after upstream's defaulting.
  EXPECT_TRUE(ClassifyRequest(Req("GET", "/api/v1/pods?watch=1&allowWatchBookmarks=true"),
                              nullptr)
                  .watch_list);
  EXPECT_FALSE(ClassifyRequest(
                   Req("GET", "/api/v1/pods?watch=1&allowWatchBookmarks=true&resourceVersion=5"),
                   nullptr)
                   .watch_list);
  EXPECT_TRUE(ClassifyRequest(Req("GET",
                                  "/api/v1/pods?watch=1&allowWatchBookmarks=true&"
                                  "resourceVersion=5&sendInitialEvents=true&"
                                  "resourceVersionMatch=NotOlderThan"),
                              nullptr)
                  .watch_list);
  EXPECT_FALSE(ClassifyRequest(Req("GET", "/api/v1/pods?watch=1"), nullptr).watch_list);
}

class FilterTest : public ::testing::Test {
 protected:
  FilterTest() : metrics_(&registry_) {}

  std::shared_ptr<FakeWriter> Serve(const server::Request& req, server::Handler h) {
    auto fake = std::make_shared<FakeWriter>();
    WithResponseFilters(std::move(h), nullptr, &metrics_)(req, fake);
    return fake;
  }

  metrics::Registry registry_;
  RequestMetrics metrics_;
};

server::Handler ReplyWith(std::string body, std::string content_type = "application/json") {
  return [body, content_type](const server::Request&, std::shared_ptr<server::ResponseWriter> w) {
    server::Response r;
    r.headers = {{"Content-Type", content_type}};
    r.body = body;
    w->Reply(std::move(r));
  };
}

TEST_F(FilterTest, GzipOnlyAboveThreshold) {
  server::HeaderList gz = {{"Accept-Encoding", "gzip"}};
  std::string big(kGzipThresholdBytes + 1, 'a');
  std::string exact(kGzipThresholdBytes, 'a');
  auto w = Serve(Req("GET", "/api/v1/pods", gz), ReplyWith(big));
  ASSERT_TRUE(w->reply);
  EXPECT_EQ(HeaderOf(w->reply->headers, "Content-Encoding"), "gzip");
  EXPECT_EQ(HeaderOf(w->reply->headers, "Vary"), "Accept-Encoding");
  EXPECT_EQ(*net::Gunzip(w->reply->body), big);
  w = Serve(Req("GET", "/api/v1/pods", gz), ReplyWith(exact));
  EXPECT_EQ(HeaderOf(w->reply->headers, "Content-Encoding"), "");
  EXPECT_EQ(w->reply->body, exact);
  w = Serve(Req("GET", "/api/v1/pods"), ReplyWith(big));
  EXPECT_EQ(HeaderOf(w->reply->headers, "Content-Encoding"), "");
  w = Serve(Req("GET", "/metrics", gz), ReplyWith("m 1\n", "text/plain"));
  EXPECT_EQ(HeaderOf(w->reply->headers, "Content-Encoding"), "gzip");
  EXPECT_EQ(*net::Gunzip(w->reply->body), "m 1\n");
}

TEST_F(FilterTest, PrettyJsonOnApiPaths) {
  auto w = Serve(Req("GET", "/api/v1/pods?pretty=1"), ReplyWith("{\"a\":1}\n"));
  EXPECT_EQ(w->reply->body, "{\n  \"a\": 1\n}");
  w = Serve(Req("GET", "/api/v1/pods?pretty=1"), ReplyWith("a: 1\n", "application/yaml"));
  EXPECT_EQ(w->reply->body, "a: 1\n");
  w = Serve(Req("GET", "/version?pretty=1"), ReplyWith("{\"a\":1}"));
  EXPECT_EQ(w->reply->body, "{\"a\":1}");
}

TEST_F(FilterTest, RecordsRequestsAndWatches) {
  Serve(Req("GET", "/api/v1/namespaces/ns/pods/p"), ReplyWith("{}"));
  auto handler = [](const server::Request&, std::shared_ptr<server::ResponseWriter> w) {
    w->StartChunked(200, {{"Content-Type", "application/json"}});
    w->WriteChunk(std::string(2000, 'e'));
    w->WriteSharedChunk(std::make_shared<const std::string>("{}\n"));
    w->Finish();
  };
  server::HeaderList gz = {{"Accept-Encoding", "gzip"}};
  auto w = Serve(Req("GET", "/api/v1/pods?watch=1", gz), handler);
  EXPECT_EQ(HeaderOf(w->chunked_headers, "Content-Encoding"), "");  // not a WatchList
  ASSERT_EQ(w->chunks.size(), 2u);
  w = Serve(Req("GET", "/api/v1/pods?watch=1&allowWatchBookmarks=true", gz), handler);
  EXPECT_EQ(HeaderOf(w->chunked_headers, "Content-Encoding"), "gzip");
  ASSERT_EQ(w->chunks.size(), 2u);
  EXPECT_EQ(*net::Gunzip(w->chunks[0] + w->chunks[1]), std::string(2000, 'e') + "{}\n");
  EXPECT_TRUE(w->finished);
  std::string text = registry_.GatherText();
  EXPECT_NE(text.find("apiserver_request_total{code=\"200\",component=\"apiserver\",dry_run=\"\","
                      "group=\"\",resource=\"pods\",scope=\"resource\",subresource=\"\","
                      "verb=\"GET\",version=\"v1\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("apiserver_request_total{code=\"200\",component=\"apiserver\",dry_run=\"\","
                      "group=\"\",resource=\"pods\",scope=\"cluster\",subresource=\"\","
                      "verb=\"WATCH\",version=\"v1\"} 2"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("apiserver_watch_events_total{group=\"\",resource=\"pods\",version=\"v1\"} 4"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("apiserver_watch_events_sizes_bucket{group=\"\",resource=\"pods\","
                      "version=\"v1\",le=\"1024\"} 2"),
            std::string::npos)
      << text;
  metrics_.PublishInflight();  // the GET executed once; watches are not counted
  text = registry_.GatherText();
  EXPECT_NE(text.find("apiserver_current_inflight_requests{request_kind=\"readOnly\"} 1"),
            std::string::npos)
      << text;
  metrics_.PublishInflight();
  EXPECT_NE(registry_.GatherText().find(
                "apiserver_current_inflight_requests{request_kind=\"readOnly\"} 0"),
            std::string::npos);
  EXPECT_NE(text.find("apiserver_longrunning_requests{component=\"apiserver\",group=\"\","
                      "resource=\"pods\",scope=\"cluster\",subresource=\"\",verb=\"WATCH\","
                      "version=\"v1\"} 0"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace kubecxx::apiserver
