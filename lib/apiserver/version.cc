#include "lib/apiserver/version.h"

#include "lib/api/go_strconv.h"
#include "lib/metrics/build_info.h"

namespace kubecxx::apiserver {

std::string VersionJson() {
  metrics::BuildInfo b = metrics::DefaultBuildInfo();
  std::string min_minor = b.minor;
  if (!b.minor.empty()) min_minor = std::to_string(std::stoi(b.minor) - 1);
  const std::pair<const char*, std::string> fields[] = {
      {"major", b.major},
      {"minor", b.minor},
      {"emulationMajor", b.major},
      {"emulationMinor", b.minor},
      {"minCompatibilityMajor", b.major},
      {"minCompatibilityMinor", min_minor},
      {"gitVersion", b.git_version},
      {"gitCommit", b.git_commit},
      {"gitTreeState", b.git_tree_state},
      {"buildDate", b.build_date},
      {"goVersion", b.go_version},
      {"compiler", b.compiler},
      {"platform", b.platform},
  };
  std::string out = "{\n";
  bool first = true;
  for (const auto& [k, v] : fields) {
    if (!first) out += ",\n";
    first = false;
    out += "  \"" + std::string(k) + "\": " + api::GoQuote(v);
  }
  out += "\n}";
  return out;
}

void InstallVersionHandler(server::Router& router) {
  std::string body = VersionJson();
  router.Handle("GET", "/version", [body](const server::Request&,
                                         std::shared_ptr<server::ResponseWriter> w) {
    server::Response r;
    r.headers = {{"Cache-Control", "no-cache, private"}, {"Content-Type", "application/json"}};
    r.body = body;
    w->Reply(std::move(r));
  });
}

}  // namespace kubecxx::apiserver
