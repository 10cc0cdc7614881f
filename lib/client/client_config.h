// From kubeconfig files, flags and the pod environment to a RestConfig, with client-go's
// clientcmd semantics (DirectClientConfig, DeferredLoadingClientConfig,
// inClusterClientConfig, rest.InClusterConfig):
//
//   - context: --context, else current-context (a named context must exist); its cluster
//     and user can be replaced by --cluster/--user (which then must exist);
//   - overrides: --server replaces the server and clears tls-server-name unless
//     --tls-server-name is given; --certificate-authority or --insecure-skip-tls-verify
//     replace the CA settings together; --token replaces the token; --client-certificate/
//     --client-key replace the pair; --namespace wins over the context's namespace;
//   - validation as ConfirmUsable (both CA file and data, both cert file and data, cert
//     without key, unreadable files, more than one auth method ...), reported as
//     "invalid configuration: ...";
//   - credentials only for https servers; *-data wins over the file; token + tokenFile:
//     the file is re-read periodically and the token is its fallback; exec plugins run
//     on demand; auth-provider plugins are refused;
//   - LoadClientConfig falls back to in-cluster config when no kubeconfig configured a
//     server and the pod environment is present.
//
// The outside world (environment variables, the service-account directory, the clock
// for token re-reads) comes in through ConfigEnvironment so tests can fake it.
//
// Thread-safety: functions without shared state; the returned provider is thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "lib/base/clock.h"
#include "lib/base/status.h"
#include "lib/client/kubeconfig.h"
#include "lib/client/rest_config.h"

namespace kubecxx::client {

// kubectl's and the components' connection flags (clientcmd.ConfigOverrides).
struct ConfigOverrides {
  std::string context;                    // --context
  std::string cluster;                    // --cluster
  std::string user;                       // --user
  std::string namespace_name;             // --namespace
  std::string server;                     // --server (--master for components)
  std::string token;                      // --token
  std::string certificate_authority;      // --certificate-authority
  bool insecure_skip_tls_verify = false;  // --insecure-skip-tls-verify
  std::string tls_server_name;            // --tls-server-name
  std::string client_certificate;         // --client-certificate
  std::string client_key;                 // --client-key
  std::string request_timeout;            // --request-timeout: "0", "30", "5s", "1m"
};

struct ConfigEnvironment {
  // Environment lookup; default: the process environment.
  std::function<std::optional<std::string>(const std::string&)> getenv;
  // Where a pod's service-account token, ca.crt and namespace are mounted.
  std::string service_account_dir = "/var/run/secrets/kubernetes.io/serviceaccount";
  Clock* clock = Clock::Real();  // token file re-reads

  std::optional<std::string> Get(const std::string& name) const;
};

struct ClientConfig {
  RestConfig rest;
  std::string namespace_name = "default";  // --namespace, the context's, or the pod's
  bool namespace_overridden = false;       // it came from --namespace
  std::string context_name;                // empty in-cluster
  bool in_cluster = false;
};

// DirectClientConfig.ClientConfig() + Namespace() over an already merged kubeconfig.
StatusOr<ClientConfig> BuildClientConfig(const KubeConfig& config,
                                         const ConfigOverrides& overrides,
                                         const ConfigEnvironment& env = {});

// inClusterClientConfig: KUBERNETES_SERVICE_HOST/PORT, the service-account token (re-read
// about every 50 s), ca.crt (system roots when unreadable, as upstream) and the namespace
// (POD_NAMESPACE, then the namespace file, then "default"). Host/token/CA overrides apply.
StatusOr<ClientConfig> InClusterClientConfig(const ConfigOverrides& overrides,
                                             const ConfigEnvironment& env = {});

// Whether in-cluster config is possible: both variables set and the token file present.
bool InClusterPossible(const ConfigEnvironment& env = {});

// DeferredLoadingClientConfig.ClientConfig(): loads the kubeconfigs `rules` name (empty
// rules: $KUBECONFIG or ~/.kube/config from env), applies `overrides`, and falls back to
// in-cluster config when nothing configured a server. Components that pass neither
// --kubeconfig nor --master get in-cluster config this way, as with BuildConfigFromFlags.
StatusOr<ClientConfig> LoadClientConfig(const LoadingRules& rules,
                                        const ConfigOverrides& overrides,
                                        const ConfigEnvironment& env = {});

// clientcmd.ParseTimeout: a non-negative integer is seconds, else a Go duration.
StatusOr<std::chrono::milliseconds> ParseRequestTimeout(const std::string& text);

}  // namespace kubecxx::client
