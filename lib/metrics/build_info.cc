#include "lib/metrics/build_info.h"

#include <string>

#ifndef KUBECXX_PIN
#define KUBECXX_PIN "v0.0.0-master"
#endif

namespace kubecxx::metrics {

BuildInfo DefaultBuildInfo() {
  BuildInfo info;
  info.git_version = KUBECXX_PIN;
  // "v1.37.2" -> "1", "37".
  std::string v = info.git_version.substr(info.git_version.rfind('v') == 0 ? 1 : 0);
  size_t dot = v.find('.');
  info.major = v.substr(0, dot);
  if (dot != std::string::npos) {
    size_t dot2 = v.find('.', dot + 1);
    info.minor = v.substr(dot + 1, dot2 == std::string::npos ? std::string::npos : dot2 - dot - 1);
  }
  info.build_date = "1970-01-01T00:00:00Z";
#if defined(__clang__)
  info.compiler = std::string("kubecxx-clang-") + __clang_version__;
#elif defined(__GNUC__)
  info.compiler = std::string("kubecxx-gcc-") + __VERSION__;
#else
  info.compiler = "kubecxx";
#endif
#if defined(__x86_64__)
  info.platform = "linux/amd64";
#elif defined(__aarch64__)
  info.platform = "linux/arm64";
#else
  info.platform = "linux/unknown";
#endif
  return info;
}

void RegisterBuildInfo(Registry& registry, const BuildInfo& info) {
  Opts opts;
  opts.name = "kubernetes_build_info";
  opts.help =
      "A metric with a constant '1' value labeled by major, minor, git version, git commit, "
      "git tree state, build date, Go version, and compiler from which Kubernetes was built, "
      "and platform on which it is running.";
  opts.stability = StabilityLevel::kBeta;
  auto& vec = registry.NewGaugeVec(opts, {"major", "minor", "git_version", "git_commit",
                                          "git_tree_state", "build_date", "go_version",
                                          "compiler", "platform"});
  vec.WithLabelValues({info.major, info.minor, info.git_version, info.git_commit,
                       info.git_tree_state, info.build_date, info.go_version, info.compiler,
                       info.platform})
      .Set(1);
}

}  // namespace kubecxx::metrics
