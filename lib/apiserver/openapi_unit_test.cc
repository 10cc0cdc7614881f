// The OpenAPI handlers over the embedded documents (stock comparison:
// components/kube-apiserver/openapi_stock_test.cc) and the HTTP mechanics they share.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "lib/apiserver/openapi.h"
#include "lib/apiserver/openapi_http.h"
#include "lib/net/gzip.h"

namespace kubecxx::apiserver {
namespace {

class Capture : public server::ResponseWriter {
 public:
  void Reply(server::Response r) override { response = std::move(r); }
  void StartChunked(int, server::HeaderList) override {}
  bool WriteChunk(std::string) override { return false; }
  void Finish() override {}
  size_t PendingBytes() const override { return 0; }
  bool Closed() const override { return false; }
  void OnClose(std::function<void()>) override {}
  std::string Header(std::string_view name) const {
    for (const auto& [k, v] : response.headers) {
      if (k == name) return v;
    }
    return "";
  }
  server::Response response;
};

class OpenApiTest : public ::testing::Test {
 protected:
  OpenApiTest() { InstallOpenApi(router_); }
  std::shared_ptr<Capture> Get(const std::string& target, server::HeaderList headers = {},
                               const std::string& method = "GET") {
    auto w = std::make_shared<Capture>();
    router_.Dispatch(server::Request(method, target, std::move(headers), "", true, "1.2.3.4:5"), w);
    return w;
  }
  server::Router router_;
};

TEST(OpenApiHttpTest, AcceptOrderAsGoautoneg) {
  auto c = ParseAcceptClauses("*/*;q=0.5, application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].subtype, "com.github.proto-openapi.spec.v2@v1.0+protobuf");
  EXPECT_EQ(c[1].type, "*");
  // "a/b/c", "text" and "application/" are skipped; q=0 is kept, and goautoneg's order puts
  // a concrete subtype before a wildcard whatever their q (its Less never says "false" on q).
  c = ParseAcceptClauses("application/*, a/b/c, text, application/, application/json;q=0");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].subtype, "json");
  EXPECT_EQ(c[0].q, 0);
  EXPECT_EQ(c[1].subtype, "*");
  c = ParseAcceptClauses("*/*;q= 0.5, application/json;q=0.2");  // " 0.5" does not parse: 0
  EXPECT_EQ(c[0].subtype, "json");
}

TEST(OpenApiHttpTest, Gzip) {
  auto req = [](std::string ae) {
    return server::Request("GET", "/", {{"accept-encoding", std::move(ae)}}, "", true, "");
  };
  EXPECT_TRUE(AcceptsGzip(req("gzip")));
  EXPECT_TRUE(AcceptsGzip(req("deflate, GZIP;q=0.5")));
  EXPECT_FALSE(AcceptsGzip(req("gzip;q=0")));
  EXPECT_FALSE(AcceptsGzip(req("br")));
  auto z = net::Gunzip(net::Gzip("hello hello hello"));
  ASSERT_TRUE(z.ok());
  EXPECT_EQ(*z, "hello hello hello");
}

TEST_F(OpenApiTest, DocumentsCarryStockDescriptionsAndEnums) {
  bool core = false;
  for (const OpenApiDocument& d : PinnedOpenApiV3()) {
    if (d.path != "api/v1") continue;
    core = true;
    EXPECT_NE(d.json.find("\"description\":\"Pod is a collection of containers"), std::string::npos);
    EXPECT_NE(d.json.find("Possible enum values:"), std::string::npos);
    EXPECT_NE(d.json.find("\"info\":{\"title\":\"Kubernetes\",\"version\":\"1.37\"}"),
              std::string::npos);
    EXPECT_GT(d.protobuf.size(), 100000u);
  }
  EXPECT_TRUE(core);
  EXPECT_NE(PinnedOpenApiV2().json.find("\"swagger\":\"2.0\""), std::string::npos);
}

TEST_F(OpenApiTest, V3HashesAndRedirects) {
  auto index = Get("/openapi/v3");
  ASSERT_EQ(index->response.status, 200);
  size_t at = index->response.body.find("\"apis/apps/v1\":{\"serverRelativeURL\":\"");
  ASSERT_NE(at, std::string::npos);
  size_t start = index->response.body.find("/openapi", at);
  std::string url = index->response.body.substr(start, index->response.body.find('"', start) - start);
  std::string hash = url.substr(url.find("hash=") + 5);
  ASSERT_EQ(hash.size(), 128u);

  auto fresh = Get(url);
  EXPECT_EQ(fresh->response.status, 200);
  EXPECT_EQ(fresh->Header("Cache-Control"), "public, immutable");
  EXPECT_EQ(fresh->Header("Etag"), "\"" + hash + "\"");
  EXPECT_FALSE(fresh->Header("Expires").empty());

  auto stale = Get("/openapi/v3/apis/apps/v1?hash=ABC");
  EXPECT_EQ(stale->response.status, 301);
  EXPECT_EQ(stale->Header("Location"), url);
  EXPECT_EQ(stale->response.body, "");

  auto plain = Get("/openapi/v3/apis/apps/v1");
  EXPECT_EQ(plain->Header("Cache-Control"), "no-cache, private");
  EXPECT_EQ(plain->response.body, fresh->response.body);

  auto cached = Get("/openapi/v3/apis/apps/v1", {{"If-None-Match", "\"" + hash + "\""}});
  EXPECT_EQ(cached->response.status, 304);
  EXPECT_EQ(cached->Header("Content-Type"), "");
  EXPECT_EQ(cached->response.body, "");

  auto pb = Get("/openapi/v3/apis/apps/v1",
                {{"Accept", "application/com.github.proto-openapi.spec.v3@v1.0+protobuf"}});
  EXPECT_EQ(pb->Header("Content-Type"), "application/com.github.proto-openapi.spec.v3.v1.0+protobuf");
  EXPECT_EQ(pb->Header("Etag"), "\"" + hash + "\"");
  EXPECT_NE(pb->response.body, fresh->response.body);

  EXPECT_EQ(Get("/openapi/v3/apis/apps/v1", {{"Accept", "text/html"}})->response.status, 406);
  auto unknown = Get("/openapi/v3/apis/nope/v1");
  EXPECT_EQ(unknown->response.status, 404);
  EXPECT_EQ(unknown->response.body, "");
}

TEST_F(OpenApiTest, V2FormatsAndGzip) {
  auto json = Get("/openapi/v2");
  EXPECT_EQ(json->response.status, 200);
  EXPECT_EQ(json->Header("Content-Type"), "application/json");
  EXPECT_EQ(json->response.body, std::string(PinnedOpenApiV2().json));

  auto pb = Get("/openapi/v2", {{"Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"},
                                {"Accept-Encoding", "gzip"}});
  EXPECT_EQ(pb->Header("Content-Type"), "application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
  EXPECT_EQ(pb->Header("Content-Encoding"), "gzip");
  EXPECT_EQ(pb->Header("Etag"), json->Header("Etag"));
  auto body = net::Gunzip(pb->response.body);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(*body, std::string(PinnedOpenApiV2().protobuf));

  EXPECT_EQ(Get("/openapi/v2", {{"Accept", "application/yaml"}})->response.status, 406);
}

}  // namespace
}  // namespace kubecxx::apiserver
