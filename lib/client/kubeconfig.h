// kubeconfig files (clientcmd v1 Config): parsing, and loading several with kubectl's
// precedence and merge rules (client-go tools/clientcmd/loader.go).
//
// Parsing is YAML -> JSON (sigs.k8s.io/yaml semantics, lib/codec/yaml.h) -> fields, as
// upstream decodes it: YAML 1.1 scalars (`insecure-skip-tls-verify: yes` is true), *-data
// fields are base64, unknown fields are ignored, names must be unique per list.
//
// Loading (ClientConfigLoadingRules.Load):
//   - an explicit path (--kubeconfig) is the only file and must exist;
//   - otherwise the precedence list ($KUBECONFIG split on ':', duplicates dropped, or
//     ~/.kube/config); missing files are skipped, unreadable or invalid ones are errors;
//   - merge: for clusters, users and contexts the first file that defines a name wins
//     (the whole entry); current-context comes from the first file that sets it;
//   - relative paths (certificate-authority, client-certificate, client-key, tokenFile,
//     exec command containing '/') are resolved against the directory of the file that
//     defined the entry.
//
// Thread-safety: plain values and functions without shared state.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/base/status.h"

namespace kubecxx::client {

inline constexpr std::string_view kExecClusterExtension = "client.authentication.k8s.io/exec";

struct ExecEnvVar {
  std::string name;
  std::string value;
};

// users[].user.exec: a credential plugin.
struct ExecConfig {
  std::string command;
  std::vector<std::string> args;
  std::vector<ExecEnvVar> env;
  std::string api_version;       // client.authentication.k8s.io/v1 or v1beta1
  std::string install_hint;
  bool provide_cluster_info = false;
  std::string interactive_mode;  // Never, IfAvailable, Always (v1beta1 defaults IfAvailable)
};

struct Cluster {
  std::string server;
  std::string tls_server_name;
  bool insecure_skip_tls_verify = false;
  std::string certificate_authority;       // path
  std::string certificate_authority_data;  // PEM bytes (base64-decoded)
  std::string proxy_url;
  bool disable_compression = false;
  std::string exec_extension_json;  // extensions["client.authentication.k8s.io/exec"], as JSON
  std::string location_of_origin;   // file it came from
};

struct AuthInfo {
  std::string client_certificate;       // path
  std::string client_certificate_data;  // PEM
  std::string client_key;               // path
  std::string client_key_data;          // PEM
  std::string token;
  std::string token_file;
  std::string impersonate;
  std::string impersonate_uid;
  std::vector<std::string> impersonate_groups;
  std::string username;
  std::string password;
  bool has_auth_provider = false;  // auth-provider plugins (gcp, oidc ...) are not supported
  std::optional<ExecConfig> exec;
  std::string location_of_origin;
};

struct Context {
  std::string cluster;
  std::string user;
  std::string namespace_name;
  std::string location_of_origin;
};

struct KubeConfig {
  std::map<std::string, Cluster> clusters;
  std::map<std::string, AuthInfo> users;
  std::map<std::string, Context> contexts;
  std::string current_context;
};

// clientcmd.Load: parses one kubeconfig document. Empty input is an empty config.
// Errors are InvalidArgument naming the field.
StatusOr<KubeConfig> ParseKubeConfig(std::string_view text);

// clientcmd.LoadFromFile: reads and parses `path`, stamping location_of_origin.
// A missing file is NotFound; other failures name the file.
StatusOr<KubeConfig> LoadKubeConfigFile(const std::string& path);

struct LoadingRules {
  std::string explicit_path;            // --kubeconfig; when set, the only file
  std::vector<std::string> precedence;  // used when explicit_path is empty
};

// NewDefaultClientConfigLoadingRules' precedence: $KUBECONFIG's entries (':'-separated,
// empty ones ignored, duplicates dropped) or, when unset, $HOME/.kube/config.
std::vector<std::string> DefaultPrecedence(std::string_view kubeconfig_env,
                                           std::string_view home);

// ClientConfigLoadingRules.Load: loads and merges as described above, then resolves
// relative paths. No files at all is an empty config, not an error.
StatusOr<KubeConfig> LoadKubeConfigs(const LoadingRules& rules);

// Merges `src` under `dst` with loader precedence: entries and current-context already in
// `dst` win. (Load merges its files first to last with this.)
void MergeKubeConfig(KubeConfig* dst, const KubeConfig& src);

// ResolveLocalPaths: makes the file references of every entry absolute against the
// directory of its location_of_origin.
void ResolveLocalPaths(KubeConfig* config);

}  // namespace kubecxx::client
