// Exec credential plugins (client.authentication.k8s.io/v1 and v1beta1), as client-go's
// plugin/pkg/client/auth/exec runs them:
//   - the command runs with the process environment plus the configured env, and
//     KUBERNETES_EXEC_INFO set to an ExecCredential (spec.interactive, and spec.cluster
//     when provideClusterInfo) in the configured apiVersion; stderr is inherited, stdin
//     only when interactive;
//   - its stdout must be an ExecCredential of the same apiVersion whose status holds a
//     token and/or clientCertificateData + clientKeyData, optionally expirationTimestamp;
//   - credentials are cached until expirationTimestamp passes (forever without one) and
//     refreshed after a 401 unless another caller already refreshed them.
// Messages follow upstream ("exec: executable X failed with exit code N", "exec plugin
// didn't return a token or cert/key pair", ...).
//
// Thread-safety: Get() and OnUnauthorized() are safe for concurrent use; one mutex also
// serialises plugin runs, so a plugin never runs twice at once for one provider.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "lib/base/status.h"
#include "lib/client/kubeconfig.h"
#include "lib/net/credentials.h"

namespace kubecxx::client {

// What the plugin learns about the cluster when provideClusterInfo is set.
struct ExecClusterInfo {
  std::string server;
  std::string tls_server_name;
  bool insecure_skip_tls_verify = false;
  std::string certificate_authority_data;  // PEM
  std::string proxy_url;
  bool disable_compression = false;
  std::string config_json;  // the cluster's exec extension, or empty
};

struct ExecProviderOptions {
  ExecConfig exec;
  std::optional<ExecClusterInfo> cluster;  // sent only when exec.provide_cluster_info
  // The environment the command inherits; empty: this process's environment.
  std::optional<std::vector<std::string>> base_environment;
  // Whether stdin is a terminal (decides IfAvailable/Always); default: isatty(0).
  std::optional<bool> stdin_is_terminal;
  // Wall clock for expirationTimestamp; default: the system clock.
  std::function<std::chrono::system_clock::time_point()> now;
};

class ExecCredentialProvider : public net::CredentialProvider {
 public:
  // Fails when the apiVersion is not v1 or v1beta1 ("exec plugin: invalid apiVersion").
  static StatusOr<std::unique_ptr<ExecCredentialProvider>> Create(ExecProviderOptions options);

  StatusOr<net::Credentials> Get() override;
  void OnUnauthorized(const net::Credentials& used) override;

  // The KUBERNETES_EXEC_INFO value for the next run (exposed for tests).
  StatusOr<std::string> ExecInfo() const;

 private:
  explicit ExecCredentialProvider(ExecProviderOptions options);
  // Runs the plugin and replaces the cache. REQUIRES: mu_ held.
  Status RefreshLocked();

  const ExecProviderOptions options_;
  std::mutex mu_;
  std::optional<net::Credentials> cached_;                      // guarded by mu_
  std::optional<std::chrono::system_clock::time_point> expiry_;  // guarded by mu_
};

}  // namespace kubecxx::client
