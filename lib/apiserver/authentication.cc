#include "lib/apiserver/authentication.h"

#include "lib/api/go_strconv.h"
#include "lib/apiserver/negotiation.h"
#include "lib/log/log.h"

namespace kubecxx::apiserver {

bool AuthenticateRequest(const server::Request& req, UserInfo* user, ApiError* error) {
  const server::PeerCertificate& peer = req.peer_certificate();
  if (peer.present) {
    if (!peer.verified) {
      KLOG_V(2).InfoS("Unable to authenticate the request", "err",
                      "verifying certificate: " + peer.verify_error);
      *error = UnauthorizedError();
      return false;
    }
    user->name = peer.common_name;
    user->groups = peer.organizations;
    user->groups.push_back("system:authenticated");
    return true;
  }
  user->name = "system:anonymous";
  user->groups = {"system:unauthenticated"};
  user->anonymous = true;
  return true;
}

server::Handler Authenticated(server::Handler next) {
  return [next = std::move(next)](const server::Request& req,
                                  std::shared_ptr<server::ResponseWriter> w) {
    UserInfo user;
    ApiError error;
    if (!AuthenticateRequest(req, &user, &error)) {
      w->Reply(ErrorResponse(error));
      return;
    }
    const std::string& path = req.path();
    bool public_info = path == "/healthz" || path == "/livez" || path == "/readyz" ||
                       path == "/version" || path == "/version/";
    if (user.anonymous && !public_info) {
      ApiError e;
      e.code = 403;
      e.reason = "Forbidden";
      e.has_details = true;
      std::string verb = req.method() == "GET" ? "get" : req.method() == "POST" ? "create"
                         : req.method() == "PUT" ? "update" : req.method() == "DELETE" ? "delete"
                                                                                      : "patch";
      e.message = "forbidden: User \"system:anonymous\" cannot " + verb + " path " +
                  api::GoQuote(req.path());
      w->Reply(ErrorResponse(e));
      return;
    }
    next(req, std::move(w));
  };
}

}  // namespace kubecxx::apiserver
