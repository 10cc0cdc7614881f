// RestConfig: everything needed to talk to one apiserver, resolved from a kubeconfig or
// the in-cluster environment (lib/client/client_config.h) or filled in by hand — the
// counterpart of client-go's rest.Config.
//
// Thread-safety: a plain value; the credential provider it points to is thread-safe and
// shared by every copy (a rotating token is rotated once for all of them).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lib/net/credentials.h"

namespace kubecxx::client {

struct Impersonation {
  std::string user;  // Impersonate-User
  std::string uid;   // Impersonate-Uid
  std::vector<std::string> groups;  // Impersonate-Group, one header each
};

struct RestConfig {
  // Base URL with scheme, e.g. "https://10.0.0.1:6443"; may carry a path prefix.
  std::string host;
  // TLS: server verification (empty ca_pem: the system roots) and client certificate.
  std::string ca_pem;
  std::string cert_pem;
  std::string key_pem;
  bool insecure = false;     // skip server verification (never together with ca_pem)
  std::string server_name;   // SNI / verification name instead of the host's
  // Bearer token (static, token file, in-cluster, exec plugin); exec plugins may also
  // supply a client certificate through it. Null: no Authorization header.
  std::shared_ptr<net::CredentialProvider> credentials;
  Impersonation impersonate;
  // Parsed and validated only: the transport does not use HTTP proxies yet.
  std::string proxy_url;
  bool disable_compression = false;
  // Client-side throttle, as rest.Config: qps 0 means 5, burst 0 means 10, qps < 0 no limit.
  float qps = 0;
  int burst = 0;
  std::string user_agent;  // empty: DefaultUserAgent()
  std::chrono::milliseconds timeout{0};  // per request, retries included; 0: none
  // Preferred request/response content type of the REST layer, e.g.
  // "application/vnd.kubernetes.protobuf"; empty: that layer's default.
  std::string content_type;
};

// rest.DefaultKubernetesUserAgent: "<program>/<version> (linux/<arch>) kubernetes/<commit>",
// e.g. "kube-scheduler/v1.37.2 (linux/amd64) kubernetes/unknown". `program` empty: the
// running executable's name.
std::string DefaultUserAgent(std::string_view program = "");

}  // namespace kubecxx::client
