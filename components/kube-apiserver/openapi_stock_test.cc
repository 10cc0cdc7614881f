// /openapi/v2 and /openapi/v3 of our kube-apiserver against a STOCK kube-apiserver v1.37.2
// on the same etcd (shared_cluster_test.h): the v3 index, every v3 document and /openapi/v2,
// in JSON and protobuf, byte for byte; the caching headers (Etag, immutable with the index's
// hash, the 301 on a stale hash, 304 on If-None-Match, 406, gzip); stock kubectl's
// `explain` output and its --validate=strict error through both servers. Skips without
// stock binaries.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "components/kube-apiserver/shared_cluster_test.h"
#include "lib/net/gzip.h"

namespace kubecxx::kube_apiserver::testing {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

class OpenApiStockTest : public SharedClusterTest<OpenApiStockTest> {
 protected:
  static void SetUpTestSuite() { StartCluster(); }

  static net::HttpResponse Get(Server s, const std::string& path, const Headers& headers = {}) {
    auto r = cluster_->Http(s, "GET", path, headers);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : net::HttpResponse{};
  }
  // Where two bodies first differ, for a readable failure.
  static std::string FirstDifference(const std::string& a, const std::string& b) {
    size_t i = 0;
    while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
    auto around = [i](const std::string& s) {
      size_t from = i > 80 ? i - 80 : 0;
      return s.substr(from, 200);
    };
    return "sizes " + std::to_string(a.size()) + " vs " + std::to_string(b.size()) +
           ", first difference at " + std::to_string(i) + "\nours:  ..." + around(a) +
           "\nstock: ..." + around(b);
  }
  // Both servers' answers to one GET: same status, body and the listed headers.
  static void ExpectSame(const std::string& path, const Headers& headers,
                         const std::vector<std::string>& compare_headers) {
    auto ours = Get(Server::kOurs, path, headers);
    auto stock = Get(Server::kStock, path, headers);
    EXPECT_EQ(ours.status, stock.status) << path;
    EXPECT_TRUE(ours.body == stock.body) << path << ": " << FirstDifference(ours.body, stock.body);
    for (const std::string& h : compare_headers) {
      EXPECT_EQ(ours.headers.Get(h), stock.headers.Get(h)) << path << " header " << h;
    }
  }
  // The v3 index's paths and their serverRelativeURLs.
  static std::map<std::string, std::string> IndexUrls(const std::string& index) {
    std::map<std::string, std::string> out;
    const std::string key = "\":{\"serverRelativeURL\":\"";
    for (size_t at = index.find(key); at != std::string::npos; at = index.find(key, at + 1)) {
      size_t start = index.rfind('"', at - 1) + 1;
      size_t url = at + key.size();
      out[index.substr(start, at - start)] = index.substr(url, index.find('"', url) - url);
    }
    return out;
  }
};

TEST_F(OpenApiStockTest, V3IndexAndEveryDocument) {
  auto ours = Get(Server::kOurs, "/openapi/v3");
  auto stock = Get(Server::kStock, "/openapi/v3");
  ASSERT_EQ(stock.status, 200);
  EXPECT_EQ(ours.headers.Get("Content-Type"), stock.headers.Get("Content-Type"));
  EXPECT_EQ(ours.headers.Get("Etag"), stock.headers.Get("Etag"));
  auto our_urls = IndexUrls(ours.body);
  auto stock_urls = IndexUrls(stock.body);
  ASSERT_GT(stock_urls.size(), 40u);
  for (const auto& [path, url] : stock_urls) {
    EXPECT_TRUE(our_urls.count(path)) << "stock lists " << path << ", ours does not";
  }
  for (const auto& [path, url] : our_urls) {
    EXPECT_TRUE(stock_urls.count(path)) << "ours lists " << path << ", stock does not";
  }
  EXPECT_TRUE(ours.body == stock.body) << FirstDifference(ours.body, stock.body);
  const std::vector<std::string> cache = {"Content-Type", "Etag", "Cache-Control", "Vary"};
  for (const auto& [path, url] : stock_urls) {
    SCOPED_TRACE(path);
    ExpectSame("/openapi/v3/" + path, {{"Accept", "application/json"}}, cache);
    ExpectSame(url, {{"Accept", "application/json"}}, cache);
    ExpectSame(url, {{"Accept", "application/com.github.proto-openapi.spec.v3@v1.0+protobuf"}},
               cache);
  }
}

TEST_F(OpenApiStockTest, V3CachingAnswers) {
  auto urls = IndexUrls(Get(Server::kStock, "/openapi/v3").body);
  ASSERT_TRUE(urls.count("apis/apps/v1"));
  const std::string url = urls["apis/apps/v1"];
  const std::string etag = "\"" + url.substr(url.find("hash=") + 5) + "\"";
  const std::vector<std::string> h = {"Content-Type", "Etag", "Cache-Control", "Vary", "Location"};
  // A stale hash: 301 to the current URL.
  ExpectSame("/openapi/v3/apis/apps/v1?hash=0123", {{"Accept", "application/json"}}, h);
  ExpectSame("/openapi/v3/apis/apps/v1", {{"If-None-Match", etag}}, h);
  ExpectSame(url, {{"Accept", "application/json"}, {"If-None-Match", etag}}, h);
  ExpectSame("/openapi/v3/apis/apps/v1", {{"Accept", "text/html"}}, h);
  ExpectSame("/openapi/v3/apis/apps/v1", {{"Accept", "*/*;q=0.8, application/json;q=0.1"}}, h);
  ExpectSame("/openapi/v3/apis/notagroup/v1", {{"Accept", "application/json"}}, h);
  ExpectSame("/openapi/v3/", {}, h);
  // Immutable and an Expires a year ahead (their date differs by the second: only present).
  auto ours = Get(Server::kOurs, url);
  auto stock = Get(Server::kStock, url);
  EXPECT_EQ(ours.headers.Get("Cache-Control"), "public, immutable");
  EXPECT_EQ(stock.headers.Get("Cache-Control"), "public, immutable");
  EXPECT_EQ(ours.headers.Has("Expires"), stock.headers.Has("Expires"));
  EXPECT_EQ(ours.headers.Has("Last-Modified"), stock.headers.Has("Last-Modified"));
}

TEST_F(OpenApiStockTest, V2JsonProtobufGzip) {
  const std::vector<std::string> h = {"Content-Type", "Etag", "Cache-Control", "Vary"};
  ExpectSame("/openapi/v2", {}, h);
  ExpectSame("/openapi/v2", {{"Accept", "application/json"}}, h);
  ExpectSame("/openapi/v2", {{"Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"}},
             h);
  ExpectSame("/openapi/v2", {{"Accept", "application/com.github.proto-openapi.spec.v2.v1.0+protobuf"}},
             h);
  ExpectSame("/openapi/v2", {{"Accept", "application/yaml"}}, h);
  const std::string etag(Get(Server::kStock, "/openapi/v2").headers.Get("Etag"));
  ASSERT_EQ(etag.size(), 130u);
  ExpectSame("/openapi/v2", {{"If-None-Match", etag}}, h);
  // gzip: the compressed bytes are zlib's, not Go's; what they decode to must be the same.
  for (const char* accept : {"application/json",
                             "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"}) {
    Headers req = {{"Accept", accept}, {"Accept-Encoding", "gzip"}};
    auto ours = Get(Server::kOurs, "/openapi/v2", req);
    auto stock = Get(Server::kStock, "/openapi/v2", req);
    EXPECT_EQ(stock.headers.Get("Content-Encoding"), "gzip");
    EXPECT_EQ(ours.headers.Get("Content-Encoding"), "gzip");
    auto a = net::Gunzip(ours.body);
    auto b = net::Gunzip(stock.body);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_TRUE(*a == *b) << FirstDifference(*a, *b);
  }
}

TEST_F(OpenApiStockTest, KubectlExplainIsTheSame) {
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"explain", "pods.spec.containers"},
           {"explain", "deployment", "--recursive"},
           {"explain", "services.spec.type"},
           {"explain", "cronjobs.spec.concurrencyPolicy"},
           {"explain", "pods", "--output=plaintext-openapiv2"},
           {"explain", "customresourcedefinitions.spec"},
       }) {
    std::string what;
    for (const auto& a : args) what += a + " ";
    SCOPED_TRACE(what);
    std::string stock = Must(Server::kStock, args);
    std::string ours = Must(Server::kOurs, args);
    EXPECT_GT(stock.size(), 200u);
    EXPECT_TRUE(ours == stock) << FirstDifference(ours, stock);
  }
}

TEST_F(OpenApiStockTest, ValidateStrictRejectsUnknownFieldsAlike) {
  const std::string file = cluster_->dir() + "/openapi-unknown-field.yaml";
  std::ofstream(file) << "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: openapi-strict\n"
                         "  namespace: default\ndata:\n  a: b\nbogusField: 1\n";
  for (const char* validate : {"--validate=strict", "--validate=true"}) {
    auto stock = cluster_->Kubectl(Server::kStock, {"apply", validate, "-f", file});
    auto ours = cluster_->Kubectl(Server::kOurs, {"apply", validate, "-f", file});
    ASSERT_FALSE(stock.ok()) << *stock;
    ASSERT_FALSE(ours.ok()) << *ours;
    EXPECT_EQ(ours.status().message(), stock.status().message());
  }
}

}  // namespace
}  // namespace kubecxx::kube_apiserver::testing
