// Router: (method, path) -> Handler, as the component server and later the apiserver need.
//
// Routes are exact paths ("/healthz") or prefixes ("/api/" matches "/api/v1/pods"); an exact
// route beats a prefix route, and the longest prefix wins. A method of "" accepts any
// method (Go's ServeMux without a method pattern, which is how healthz is installed).
// Unmatched paths get Go's "404 page not found"; a path routed only for other methods gets
// 405 with an Allow header.
//
// Thread-safety: register every route before the server starts; Dispatch is then safe to
// call concurrently (the routes are only read).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lib/server/http.h"

namespace kubecxx::server {

class Router {
 public:
  // REQUIRES: path starts with '/'; no route for the same (method, path, kind) yet.
  void Handle(std::string method, std::string path, Handler handler);
  void HandlePrefix(std::string method, std::string prefix, Handler handler);

  void Dispatch(const Request& request, std::shared_ptr<ResponseWriter> writer) const;

 private:
  struct Route {
    std::string method;
    std::string path;
    bool prefix;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace kubecxx::server
