// /openapi/v3 as stock kube-apiserver serves it: the index {"paths":{"<path>":
// {"serverRelativeURL":"/openapi/v3/<path>?hash=<H>"}}} and one document per path, H being
// the uppercase hex SHA-512 of the document (Cache-Control immutable with a matching hash,
// else the document with its ETag). The documents are the pinned v1.37.2 ones with prose
// stripped (api/openapi), embedded at build time; enough for kubectl's field validation
// and apply, not yet for `kubectl explain` descriptions. /openapi/v2 is not served yet.
// Thread-safety: immutable after construction.
#pragma once

#include <span>
#include <string_view>

#include "lib/server/router.h"

namespace kubecxx::apiserver {

struct OpenApiDocument {
  std::string_view path;  // "apis/apps/v1"
  std::string_view json;
};

// The embedded documents (openapi_v3_data.cc, generated).
std::span<const OpenApiDocument> PinnedOpenApiV3();

void InstallOpenApiV3(server::Router& router);

}  // namespace kubecxx::apiserver
