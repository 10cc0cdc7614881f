#include "lib/client/rest_config.h"

#include <cerrno>

#ifndef KUBECXX_VERSION
#define KUBECXX_VERSION "unknown"
#endif

namespace kubecxx::client {

std::string DefaultUserAgent(std::string_view program) {
  std::string name(program);
  if (name.empty()) {
    name = program_invocation_short_name;  // glibc: basename of argv[0]
  }
  if (name.empty()) {
    name = "unknown";
  }
  // adjustVersion: the part before the first '-'.
  std::string version = KUBECXX_VERSION;
  version = version.substr(0, version.find('-'));
#if defined(__x86_64__)
  const char* arch = "amd64";
#elif defined(__aarch64__)
  const char* arch = "arm64";
#else
  const char* arch = "unknown";
#endif
  return name + "/" + version + " (linux/" + arch + ") kubernetes/unknown";
}

}  // namespace kubecxx::client
