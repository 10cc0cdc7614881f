// RequestInfo: what a resource request path names, as k8s.io/apiserver's RequestInfoFactory
// reads it:
//   /api/v1/namespaces/<ns>/<resource>[/<name>[/<subresource>]]
//   /apis/<group>/<version>/[namespaces/<ns>/]<resource>[/<name>[/<subresource>]]
// "namespaces/<name>[/status|/finalize]" names the namespace object itself.
// The verb comes from the method: GET get/list (watch with ?watch=true|1), POST create,
// PUT update, PATCH patch, DELETE delete/deletecollection.
// Thread-safety: pure function.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lib/server/http.h"

namespace kubecxx::apiserver {

struct RequestInfo {
  std::string group;
  std::string version;
  std::string namespace_;
  std::string resource;
  std::string name;
  std::string subresource;
  std::string verb;  // get list watch create update patch delete deletecollection
};

// nullopt when the path is not a resource path (e.g. "/apis/apps", "/api/v1").
std::optional<RequestInfo> ParseRequestInfo(const server::Request& request);

}  // namespace kubecxx::apiserver
