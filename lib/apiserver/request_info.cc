#include "lib/apiserver/request_info.h"

#include <vector>

namespace kubecxx::apiserver {
namespace {

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> out;
  while (!path.empty()) {
    while (!path.empty() && path.front() == '/') path.remove_prefix(1);
    if (path.empty()) break;
    size_t slash = path.find('/');
    out.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return out;
}

bool IsWatch(const server::Request& request) {
  for (const std::string& v : request.QueryValues("watch")) {
    if (v == "1" || v == "true" || v == "True" || v == "TRUE" || v == "t" || v == "T") {
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<RequestInfo> ParseRequestInfo(const server::Request& request) {
  std::vector<std::string> parts = SplitPath(request.path());
  RequestInfo info;
  size_t i = 0;
  if (parts.size() >= 3 && parts[0] == "api") {
    info.version = parts[1];
    i = 2;
  } else if (parts.size() >= 4 && parts[0] == "apis") {
    info.group = parts[1];
    info.version = parts[2];
    i = 3;
  } else {
    return std::nullopt;
  }
  std::vector<std::string> rest(parts.begin() + static_cast<std::ptrdiff_t>(i), parts.end());
  if (rest.size() >= 2 && rest[0] == "namespaces") {
    info.namespace_ = rest[1];
    if (rest.size() > 2 && rest[2] != "status" && rest[2] != "finalize") {
      rest.erase(rest.begin(), rest.begin() + 2);
    } else {
      info.namespace_.clear();  // the namespace object itself (cluster-scoped)
    }
  }
  if (rest.empty() || rest.size() > 3) return std::nullopt;
  info.resource = rest[0];
  if (rest.size() > 1) info.name = rest[1];
  if (rest.size() > 2) info.subresource = rest[2];

  const std::string& m = request.method();
  if (m == "GET" || m == "HEAD") {
    info.verb = IsWatch(request) ? "watch" : (info.name.empty() ? "list" : "get");
  } else if (m == "POST") {
    info.verb = "create";
  } else if (m == "PUT") {
    info.verb = "update";
  } else if (m == "PATCH") {
    info.verb = "patch";
  } else if (m == "DELETE") {
    info.verb = info.name.empty() ? "deletecollection" : "delete";
  } else {
    info.verb = m;
  }
  return info;
}

}  // namespace kubecxx::apiserver
