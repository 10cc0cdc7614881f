// /healthz, /livez and /readyz as k8s.io/apiserver/pkg/server/healthz serves them.
//
// InstallPathHandler(router, "/readyz", checks) installs:
//  * /readyz: runs every check in order. All pass: 200 "ok", or with ?verbose one line per
//    check ("[+]ping ok") then "readyz check passed". Any failure: 500 with the per-check
//    lines ("[-]etcd failed: reason withheld"; the reason only goes to the log at V(2)) and
//    "readyz check failed". ?exclude=name (repeatable) skips a check ("[+]etcd excluded: ok")
//    or a group; unknown names are reported ("warn: some health checks cannot be excluded:
//    no matches for \"foo\"").
//  * /readyz/<name> for each check: 200 "ok" or 500 "internal server error: <reason>".
// With no checks, the "ping" check is installed. Any method is accepted, as upstream.
//
// Thread-safety: checks run on server I/O threads, possibly concurrently; they must be
// thread-safe and quick.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "lib/base/status.h"
#include "lib/server/http.h"
#include "lib/server/router.h"

namespace kubecxx::server {

struct HealthCheck {
  std::string name;
  std::function<Status(const Request&)> check;
  std::string group;  // NamedGroupedCheck: ?exclude=<group> skips every check of the group
};

// healthz.PingHealthz: always passes.
HealthCheck PingCheck();
// healthz.LogHealthz: passes while logging works (our logging is unbuffered: always).
HealthCheck LogCheck();
// healthz.NamedCheck.
HealthCheck NamedCheck(std::string name, std::function<Status(const Request&)> check);
// healthz.NewShutdownHealthz: fails with "process is shutting down" once *shutting_down.
HealthCheck ShutdownCheck(std::function<bool()> shutting_down);

// REQUIRES: path starts with '/'; one call per path.
void InstallPathHandler(Router& router, const std::string& path, std::vector<HealthCheck> checks);

inline void InstallHealthzHandler(Router& router, std::vector<HealthCheck> checks) {
  InstallPathHandler(router, "/healthz", std::move(checks));
}
inline void InstallLivezHandler(Router& router, std::vector<HealthCheck> checks) {
  InstallPathHandler(router, "/livez", std::move(checks));
}
inline void InstallReadyzHandler(Router& router, std::vector<HealthCheck> checks) {
  InstallPathHandler(router, "/readyz", std::move(checks));
}

}  // namespace kubecxx::server
