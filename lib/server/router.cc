#include "lib/server/router.h"

#include <cassert>
#include <string>
#include <utility>

namespace kubecxx::server {

void Router::Handle(std::string method, std::string path, Handler handler) {
  assert(!path.empty() && path[0] == '/' && "route paths start with '/'");
  routes_.push_back(Route{std::move(method), std::move(path), false, std::move(handler)});
}

void Router::HandlePrefix(std::string method, std::string prefix, Handler handler) {
  assert(!prefix.empty() && prefix[0] == '/' && "route paths start with '/'");
  routes_.push_back(Route{std::move(method), std::move(prefix), true, std::move(handler)});
}

void Router::Dispatch(const Request& request, std::shared_ptr<ResponseWriter> writer) const {
  const std::string& path = request.path();
  const Route* best = nullptr;
  std::string allowed;  // methods of routes matching the path but not the method
  auto better = [&](const Route& r) {
    if (best == nullptr) return true;
    if (best->prefix != r.prefix) return !r.prefix;  // exact beats prefix
    return r.path.size() > best->path.size();
  };
  for (const Route& r : routes_) {
    bool match = r.prefix ? path.compare(0, r.path.size(), r.path) == 0 : path == r.path;
    if (!match) continue;
    bool method_ok = r.method.empty() || r.method == request.method() ||
                     (r.method == "GET" && request.method() == "HEAD");
    if (!method_ok) {
      if (!allowed.empty()) allowed.append(", ");
      allowed.append(r.method);
      continue;
    }
    if (better(r)) best = &r;
  }
  if (best != nullptr) {
    best->handler(request, std::move(writer));
    return;
  }
  if (!allowed.empty()) {
    Response r = Response::Error(405, "Method Not Allowed");
    r.headers.emplace_back("Allow", allowed);
    writer->Reply(std::move(r));
    return;
  }
  writer->Reply(Response::Error(404, "404 page not found"));
}

}  // namespace kubecxx::server
