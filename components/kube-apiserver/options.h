// kube-apiserver's command line: every stock v1.37.2 flag is accepted (upstream_flags.h);
// the ones this increment implements fill ServerOptions, the rest are kept and reported by
// Warnings() ("flag accepted but not implemented yet"), never fatal. Unknown flags are
// errors, as stock's ("unknown flag: --x").
// Implemented: --advertise-address --bind-address --secure-port --tls-cert-file
// --tls-private-key-file --client-ca-file --etcd-servers --etcd-cafile --etcd-certfile
// --etcd-keyfile --etcd-prefix --etcd-compaction-interval --anonymous-auth --token-auth-file
// --service-account-key-file --service-account-issuer --api-audiences
// --service-account-lookup --service-account-signing-key-file
// --service-account-max-token-expiration --service-account-extend-token-expiration
// --service-cluster-ip-range --service-node-port-range --endpoint-reconciler-type -v --vmodule --logging-format
// --version --help. Parsed and reported as not enforced yet: --authorization-mode,
// --enable-admission-plugins, --disable-admission-plugins.
// Thread-safety: single-threaded startup code.
#pragma once

#include <string>
#include <vector>

#include "lib/apiserver/server.h"
#include "lib/base/status.h"
#include "lib/log/log.h"

namespace kubecxx::kube_apiserver {

struct Options {
  apiserver::ApiServerConfig server;
  log::Options logging;
  std::vector<std::string> authorization_modes = {"AlwaysAllow"};
  std::vector<std::string> enable_admission_plugins;
  std::vector<std::string> disable_admission_plugins;
  bool help = false;
  std::string version;  // --version[=raw]: print and exit
  std::vector<std::string> warnings;  // accepted-but-unimplemented flags, for the log
};

// Parses argv (without argv[0]). Errors carry pflag's messages.
StatusOr<Options> ParseOptions(const std::vector<std::string>& args);

}  // namespace kubecxx::kube_apiserver
