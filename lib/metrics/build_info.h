// kubernetes_build_info, the constant-1 gauge every stock component exports, labelled with
// version facts (component-base/metrics.RegisterBuildInfo).
// Thread-safety: RegisterBuildInfo may be called from any thread; calling it again with
// other values adds a second series, as upstream would.
#pragma once

#include <string>

#include "lib/metrics/registry.h"

namespace kubecxx::metrics {

struct BuildInfo {
  std::string major;
  std::string minor;
  std::string git_version;
  std::string git_commit;
  std::string git_tree_state;
  std::string build_date;
  std::string go_version;  // upstream's Go toolchain; ours reports "" (not built with Go)
  std::string compiler;
  std::string platform;
};

// Our build: the pinned Kubernetes version (KUBECXX_PIN, e.g. v1.37.2 -> major "1",
// minor "37"), compiler "kubecxx-" + the C++ compiler and its version, platform
// "linux/amd64" or "linux/arm64"; commit, tree state and date as upstream reports them
// when unset ("", "", "1970-01-01T00:00:00Z").
BuildInfo DefaultBuildInfo();

void RegisterBuildInfo(Registry& registry, const BuildInfo& info);

}  // namespace kubecxx::metrics
