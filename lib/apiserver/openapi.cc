#include "lib/apiserver/openapi.h"

#include <openssl/sha.h>

#include <memory>
#include <string>

namespace kubecxx::apiserver {
namespace {

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

}  // namespace

void InstallOpenApiV3(server::Router& router) {
  std::string index = "{\"paths\":{";
  bool first = true;
  for (const OpenApiDocument& doc : PinnedOpenApiV3()) {
    std::string hash = HexSha512(doc.json);
    if (!first) index.push_back(',');
    first = false;
    index += "\"" + std::string(doc.path) + "\":{\"serverRelativeURL\":\"/openapi/v3/" +
             std::string(doc.path) + "?hash=" + hash + "\"}";
    router.Handle("GET", "/openapi/v3/" + std::string(doc.path),
                  [json = doc.json, hash](const server::Request& req,
                                          std::shared_ptr<server::ResponseWriter> w) {
                    server::Response r;
                    r.headers = {{"Content-Type", "application/json"},
                                 {"Etag", "\"" + hash + "\""}};
                    auto hashes = req.QueryValues("hash");
                    if (!hashes.empty() && hashes[0] == hash) {
                      r.headers.emplace_back("Cache-Control", "public, immutable");
                      r.headers.emplace_back("Expires", "Thu, 01 Jan 2037 00:00:00 GMT");
                    } else {
                      r.headers.emplace_back("Cache-Control", "no-cache, private");
                    }
                    r.body = std::string(json);
                    w->Reply(std::move(r));
                  });
  }
  index += "}}";
  router.Handle("GET", "/openapi/v3", [index](const server::Request&,
                                              std::shared_ptr<server::ResponseWriter> w) {
    server::Response r;
    r.headers = {{"Content-Type", "application/json"}, {"Cache-Control", "no-cache, private"}};
    r.body = index;
    w->Reply(std::move(r));
  });
}

}  // namespace kubecxx::apiserver
