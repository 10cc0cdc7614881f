#include "lib/apiserver/openapi.h"

#include <openssl/sha.h>

#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "lib/apiserver/openapi_http.h"
#include "lib/net/gzip.h"

namespace kubecxx::apiserver {
namespace {

constexpr std::string_view kV3Protobuf = "com.github.proto-openapi.spec.v3.v1.0+protobuf";
constexpr std::string_view kV3ProtobufOld = "com.github.proto-openapi.spec.v3@v1.0+protobuf";
constexpr std::string_view kV2Protobuf = "com.github.proto-openapi.spec.v2.v1.0+protobuf";
constexpr std::string_view kV2ProtobufOld = "com.github.proto-openapi.spec.v2@v1.0+protobuf";

std::string HexSha512(std::string_view data) {
  unsigned char digest[SHA512_DIGEST_LENGTH];
  SHA512(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : digest) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

bool Matches(const AcceptClause& c, std::string_view subtype) {
  return (c.type == "application" || c.type == "*") && (c.subtype == subtype || c.subtype == "*");
}

server::Response Empty(int status, server::HeaderList headers) {
  server::Response r;
  r.status = status;
  r.headers = std::move(headers);
  return r;
}

struct V3Document {
  const OpenApiDocument* doc;
  std::string hash;
};

class OpenApiV3 {
 public:
  explicit OpenApiV3(std::time_t modified) : modified_(modified) {
    // Go marshals the index's map with sorted keys; PinnedOpenApiV3 is sorted by path.
    std::string index = "{\"paths\":{";
    for (const OpenApiDocument& doc : PinnedOpenApiV3()) {
      V3Document d{&doc, HexSha512(doc.json)};
      if (!docs_.empty()) index.push_back(',');
      index += "\"" + std::string(doc.path) + "\":{\"serverRelativeURL\":\"" +
               Url(doc.path, d.hash) + "\"}";
      docs_.emplace(std::string(doc.path), std::move(d));
    }
    index_ = index + "}}";
  }

  // kube-aggregator's handleDiscovery: http.ServeContent with no Content-Type set (so Go
  // sniffs text/plain), no Etag, modified "now".
  void Index(const server::Request& req, std::shared_ptr<server::ResponseWriter> w) const {
    w->Reply(ServeContent(req,
                          {{"Cache-Control", "no-cache, private"},
                           {"Content-Type", "text/plain; charset=utf-8"}},
                          index_, std::time(nullptr)));
  }

  // kube-aggregator's handleGroupVersion (404 for a path no API service lists), then
  // handler3's HandleGroupVersion: the path after "/openapi/v3/".
  void Document(const server::Request& req, std::shared_ptr<server::ResponseWriter> w) const {
    auto it = docs_.find(req.path().substr(std::string_view("/openapi/v3/").size()));
    if (it == docs_.end()) return w->Reply(Empty(404, {{"Cache-Control", "no-cache, private"}}));
    server::HeaderList headers = {{"Cache-Control", "no-cache, private"}, {"Vary", "Accept"}};
    std::string_view accept = req.Header("Accept");
    auto clauses = ParseAcceptClauses(accept.empty() ? "*/*" : accept);
    for (const AcceptClause& c : clauses) {
      bool json = Matches(c, "json");
      if (!json && !Matches(c, kV3Protobuf) && !Matches(c, kV3ProtobufOld)) continue;
      const V3Document& d = it->second;
      headers.emplace_back("Content-Type", json ? "application/json"
                                                : "application/" + std::string(kV3Protobuf));
      headers.emplace_back("Etag", "\"" + d.hash + "\"");
      auto hashes = req.QueryValues("hash");
      if (!hashes.empty() && !hashes[0].empty()) {
        if (hashes[0] != d.hash) {
          // http.Redirect with a Content-Type already set: no body.
          headers.emplace_back("Location", Url(d.doc->path, d.hash));
          return w->Reply(Empty(301, std::move(headers)));
        }
        headers[0].second = "public, immutable";
        headers.emplace_back("Expires", Rfc1123Utc(std::time(nullptr) + 365 * 24 * 3600));
      }
      return w->Reply(
          ServeContent(req, std::move(headers), json ? d.doc->json : d.doc->protobuf, modified_));
    }
    w->Reply(Empty(clauses.empty() ? 200 : 406, std::move(headers)));
  }

 private:
  static std::string Url(std::string_view path, const std::string& hash) {
    return "/openapi/v3/" + std::string(path) + "?hash=" + hash;
  }

  std::time_t modified_;
  std::map<std::string, V3Document, std::less<>> docs_;
  std::string index_;
};

class OpenApiV2 {
 public:
  explicit OpenApiV2(std::time_t modified)
      : modified_(modified), etag_("\"" + HexSha512(PinnedOpenApiV2().json) + "\"") {}

  void Serve(const server::Request& req, std::shared_ptr<server::ResponseWriter> w) const {
    server::HeaderList headers = {
        {"Cache-Control", "no-cache, private"}, {"Vary", "Accept-Encoding"}, {"Vary", "Accept"}};
    std::string_view accept = req.Header("Accept");
    for (const AcceptClause& c : ParseAcceptClauses(accept.empty() ? "*/*" : accept)) {
      bool json = Matches(c, "json");
      if (!json && !Matches(c, kV2ProtobufOld) && !Matches(c, kV2Protobuf)) continue;
      const OpenApiDocument& doc = PinnedOpenApiV2();
      headers.emplace_back("Content-Type", json ? "application/json"
                                                : "application/" + std::string(kV2Protobuf));
      headers.emplace_back("Etag", etag_);
      server::Response r =
          ServeContent(req, std::move(headers), json ? doc.json : doc.protobuf, modified_);
      if (r.body.size() >= kGzipMinSize && AcceptsGzip(req)) {
        r.body = Gzipped(json);
        r.headers.emplace_back("Content-Encoding", "gzip");
      }
      return w->Reply(std::move(r));
    }
    w->Reply(Empty(406, std::move(headers)));
  }

 private:
  const std::string& Gzipped(bool json) const {
    std::call_once(gzip_once_, [this] {
      gzip_json_ = net::Gzip(PinnedOpenApiV2().json);
      gzip_protobuf_ = net::Gzip(PinnedOpenApiV2().protobuf);
    });
    return json ? gzip_json_ : gzip_protobuf_;
  }

  std::time_t modified_;
  std::string etag_;
  mutable std::once_flag gzip_once_;
  mutable std::string gzip_json_;
  mutable std::string gzip_protobuf_;
};

}  // namespace

void InstallOpenApi(server::Router& router) {
  std::time_t now = std::time(nullptr);
  auto v3 = std::make_shared<const OpenApiV3>(now);
  auto v2 = std::make_shared<const OpenApiV2>(now);
  router.Handle("", "/openapi/v3",
                [v3](const server::Request& req, std::shared_ptr<server::ResponseWriter> w) {
                  v3->Index(req, std::move(w));
                });
  router.HandlePrefix("", "/openapi/v3/",
                      [v3](const server::Request& req, std::shared_ptr<server::ResponseWriter> w) {
                        v3->Document(req, std::move(w));
                      });
  router.Handle("", "/openapi/v2",
                [v2](const server::Request& req, std::shared_ptr<server::ResponseWriter> w) {
                  v2->Serve(req, std::move(w));
                });
}

}  // namespace kubecxx::apiserver
