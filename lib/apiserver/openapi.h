// /openapi/v2 and /openapi/v3 as stock kube-apiserver v1.37.2 serves them by default.
//
// The documents are the ones stock serves, descriptions included, made at build time by
// codegen/openapi from the pinned release's published snapshots in the Go module cache
// (docs/decisions/0031-openapi-descriptions.md) and embedded into the binary: per document
// the JSON as kube-openapi marshals it and gnostic's protobuf of that JSON.
//
// /openapi/v3: the index {"paths":{"<path>":{"serverRelativeURL":
// "/openapi/v3/<path>?hash=<H>"}}}, H the uppercase hex SHA-512 of the JSON document (its
// Etag), served as stock's aggregator does (text/plain, no Etag). /openapi/v3/<path> answers
// JSON or protobuf (application/com.github.proto-openapi.spec.v3.v1.0+protobuf, or the
// deprecated ...v3@v1.0+protobuf) by Accept, 406 otherwise; with ?hash=H "Cache-Control:
// public, immutable" and an Expires a year ahead, with another hash a 301 to the current
// URL; an unknown path gets an empty 404.
// /openapi/v2: JSON or protobuf (application/com.github.proto-openapi.spec.v2.v1.0+protobuf,
// or ...v2@v1.0+protobuf), Etag the SHA-512 of the JSON for both, gzip when asked; 406
// for any other Accept.
// Thread-safety: the handlers only read immutable data (the gzip bodies are made once,
// under std::call_once).
#pragma once

#include <span>
#include <string_view>

#include "lib/server/router.h"

namespace kubecxx::apiserver {

struct OpenApiDocument {
  std::string_view path;  // "apis/apps/v1"; "" for v2
  std::string_view json;
  std::string_view protobuf;
};

// The embedded documents (openapi_data.cc, generated), v3 sorted by path.
std::span<const OpenApiDocument> PinnedOpenApiV3();
const OpenApiDocument& PinnedOpenApiV2();

// Installs /openapi/v2, /openapi/v3 and /openapi/v3/ (prefix). Every method is served,
// as stock's handlers do not look at it.
void InstallOpenApi(server::Router& router);

}  // namespace kubecxx::apiserver
