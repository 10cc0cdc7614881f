// kube-apiserver: drop-in for stock kube-apiserver v1.37.2 (first serving increment; see
// docs/compatibility.md for what is served).
#include <csignal>
#include <cstdio>
#include <iostream>

#include "components/kube-apiserver/options.h"
#include "lib/apiserver/resource_registry.h"
#include "lib/apiserver/server.h"
#include "lib/log/log.h"
#include "lib/metrics/build_info.h"

namespace {

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

}  // namespace

int main(int argc, char** argv) {
  using namespace kubecxx;
  std::vector<std::string> args(argv + 1, argv + argc);
  auto options = kube_apiserver::ParseOptions(args);
  if (!options.ok()) {
    std::cerr << "Error: " << options.status().message() << "\n";
    return 1;
  }
  if (options->help) {
    std::cout << "Usage:\n  kube-apiserver [flags]\n\nAccepts the flags of kube-apiserver "
                 "v1.37.2; see docs/compatibility.md for the implemented ones.\n";
    return 0;
  }
  if (!options->version.empty()) {
    std::cout << "Kubernetes " << metrics::DefaultBuildInfo().git_version << "\n";
    return 0;
  }
  Status s = log::ValidateAndApply(options->logging);
  if (!s.ok()) {
    std::cerr << "Error: " << s.message() << "\n";
    return 1;
  }
  for (const std::string& w : options->warnings) {
    KLOG_WARNING("flag accepted but not implemented yet, ignoring: ", w);
  }
  for (const std::string& m : options->authorization_modes) {
    if (m != "AlwaysAllow") {
      KLOG_WARNING("--authorization-mode=", m,
                   " is not enforced yet: every authenticated user is allowed (AlwaysAllow)");
    }
  }
  if (!options->enable_admission_plugins.empty()) {
    KLOG_WARNING(
        "admission plugins are not implemented yet; --enable-admission-plugins is ignored");
  }
  for (const auto& m : apiserver::ResourceRegistry::MissingResources()) {
    KLOG_V(2).InfoS("Resource not served yet", "group", m.group, "version", m.version,
                    "resource", m.resource, "reason", m.reason);
  }
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);
  auto server = apiserver::ApiServer::Start(options->server);
  if (!server.ok()) {
    KLOG_ERROR_S(server.status(), "Error starting the server");
    return 1;
  }
  while (!g_stop) pause();
  KLOG_INFO_S("Shutting down");
  (*server)->Stop();
  return 0;
}
