#include "lib/server/healthz.h"

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "lib/api/go_strconv.h"
#include "lib/log/log.h"

namespace kubecxx::server {
namespace {

// The names as Go's %q, joined by ','.
std::string FormatQuoted(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out.push_back(',');
    api::AppendGoQuoted(n, &out);
  }
  return out;
}

void ServeRoot(const std::string& name, const std::vector<HealthCheck>& checks,
               const Request& request, ResponseWriter& writer) {
  std::vector<std::string> exclude_list = request.QueryValues("exclude");
  std::set<std::string> excluded(exclude_list.begin(), exclude_list.end());
  std::set<std::string> unknown_excluded = excluded;
  std::string individual;      // per-check lines, shown to the client
  std::string failed_verbose;  // with reasons, for the log only
  std::vector<std::string> failed;
  for (const HealthCheck& check : checks) {
    if (excluded.count(check.name) > 0) {
      unknown_excluded.erase(check.name);
      individual += "[+]" + check.name + " excluded: ok\n";
      continue;
    }
    if (!check.group.empty() && excluded.count(check.group) > 0) {
      unknown_excluded.erase(check.group);
      individual += "[+]" + check.name + " excluded with " + check.group + ": ok\n";
      continue;
    }
    Status s = check.check(request);
    if (!s.ok()) {
      // The reason is withheld: this endpoint is public.
      individual += "[-]" + check.name + " failed: reason withheld\n";
      failed_verbose += "[-]" + check.name + " failed: " + s.message() + "\n";
      failed.push_back(check.name);
    } else {
      individual += "[+]" + check.name + " ok\n";
    }
  }
  if (!unknown_excluded.empty()) {
    std::vector<std::string> names(unknown_excluded.begin(), unknown_excluded.end());
    individual += "warn: some health checks cannot be excluded: no matches for " +
                  FormatQuoted(names) + "\n";
    KLOG_V(6).Info("cannot exclude some health checks, no health checks are installed matching ",
                   FormatQuoted(names));
  }
  if (!failed.empty()) {
    std::string joined;
    for (const auto& f : failed) {
      if (!joined.empty()) joined.push_back(',');
      joined += f;
    }
    KLOG_V(2).Info(joined, " check failed: ", name, "\n", failed_verbose);
    writer.Reply(Response::Error(500, individual + name + " check failed"));
    return;
  }
  if (!request.HasQuery("verbose")) {
    writer.Reply(Response::Text(200, "ok"));
    return;
  }
  writer.Reply(Response::Text(200, individual + name + " check passed\n"));
}

}  // namespace

HealthCheck PingCheck() {
  return HealthCheck{"ping", [](const Request&) { return Status::Ok(); }, ""};
}

HealthCheck LogCheck() {
  return HealthCheck{"log", [](const Request&) { return Status::Ok(); }, ""};
}

HealthCheck NamedCheck(std::string name, std::function<Status(const Request&)> check) {
  return HealthCheck{std::move(name), std::move(check), ""};
}

HealthCheck ShutdownCheck(std::function<bool()> shutting_down) {
  return HealthCheck{"shutdown",
                     [shutting_down = std::move(shutting_down)](const Request&) {
                       return shutting_down() ? Status(StatusCode::kUnavailable,
                                                       "process is shutting down")
                                              : Status::Ok();
                     },
                     ""};
}

void InstallPathHandler(Router& router, const std::string& path, std::vector<HealthCheck> checks) {
  if (checks.empty()) {
    KLOG_V(5).Info("No default health checks specified. Installing the ping handler.");
    checks.push_back(PingCheck());
  }
  std::string name = path.substr(1, path.find('/', 1) == std::string::npos
                                        ? std::string::npos
                                        : path.find('/', 1) - 1);
  auto shared = std::make_shared<const std::vector<HealthCheck>>(std::move(checks));
  router.Handle("", path,
                [name, shared](const Request& request, std::shared_ptr<ResponseWriter> writer) {
                  ServeRoot(name, *shared, request, *writer);
                });
  for (size_t i = 0; i < shared->size(); ++i) {
    router.Handle("", path + "/" + (*shared)[i].name,
                  [shared, i](const Request& request, std::shared_ptr<ResponseWriter> writer) {
                    Status s = (*shared)[i].check(request);
                    if (!s.ok()) {
                      writer->Reply(
                          Response::Error(500, "internal server error: " + s.message()));
                    } else {
                      // Go sniffs "ok" as text/plain; charset=utf-8 (no nosniff header).
                      Response r;
                      r.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
                      r.body = "ok";
                      writer->Reply(std::move(r));
                    }
                  });
  }
}

}  // namespace kubecxx::server
