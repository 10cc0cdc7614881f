#include "lib/client/client_config.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "lib/api/time.h"
#include "lib/client/exec_credential.h"
#include "lib/client/token_source.h"
#include "lib/net/http_types.h"

namespace kubecxx::client {
namespace {

constexpr char kEmptyConfig[] =
    "invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER "
    "environment variable";
constexpr char kNotInCluster[] =
    "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and "
    "KUBERNETES_SERVICE_PORT must be defined";

StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status(StatusCode::kNotFound, "open " + path + ": no such file or directory");
  }
  std::ostringstream data;
  data << in.rdbuf();
  return data.str();
}

bool Readable(const std::string& path) { return std::ifstream(path).good(); }

// utilerrors.NewAggregate(errs).Error(): one message, or "[a, b]".
std::string Aggregate(const std::vector<std::string>& errors) {
  if (errors.size() == 1) {
    return errors[0];
  }
  std::string out = "[";
  for (size_t i = 0; i < errors.size(); ++i) {
    out += (i == 0 ? "" : ", ") + errors[i];
  }
  return out + "]";
}

struct Resolved {
  std::string context_name;
  Context context;
  std::string auth_name;
  AuthInfo auth;
  std::string cluster_name;
  Cluster cluster;
};

StatusOr<Resolved> Resolve(const KubeConfig& config, const ConfigOverrides& o) {
  Resolved r;
  r.context_name = o.context.empty() ? config.current_context : o.context;
  if (auto it = config.contexts.find(r.context_name); it != config.contexts.end()) {
    r.context = it->second;
  } else if (!o.context.empty()) {
    return Status(StatusCode::kNotFound, "context \"" + o.context + "\" does not exist");
  }
  if (!o.cluster.empty()) r.context.cluster = o.cluster;
  if (!o.user.empty()) r.context.user = o.user;
  if (!o.namespace_name.empty()) r.context.namespace_name = o.namespace_name;

  r.auth_name = r.context.user;
  if (auto it = config.users.find(r.auth_name); it != config.users.end()) {
    r.auth = it->second;
  } else if (!o.user.empty()) {
    return Status(StatusCode::kNotFound, "auth info \"" + o.user + "\" does not exist");
  }
  if (!o.token.empty()) r.auth.token = o.token;
  if (!o.client_certificate.empty()) {
    r.auth.client_certificate = o.client_certificate;
    r.auth.client_certificate_data.clear();
  }
  if (!o.client_key.empty()) {
    r.auth.client_key = o.client_key;
    r.auth.client_key_data.clear();
  }

  r.cluster_name = r.context.cluster;
  if (auto it = config.clusters.find(r.cluster_name); it != config.clusters.end()) {
    r.cluster = it->second;
  } else if (!o.cluster.empty()) {
    return Status(StatusCode::kNotFound, "cluster \"" + o.cluster + "\" does not exist");
  }
  if (!o.server.empty()) r.cluster.server = o.server;
  if (o.insecure_skip_tls_verify || !o.certificate_authority.empty()) {
    r.cluster.insecure_skip_tls_verify = o.insecure_skip_tls_verify;
    r.cluster.certificate_authority = o.certificate_authority;
    r.cluster.certificate_authority_data.clear();
  }
  if (!o.tls_server_name.empty() || !o.server.empty()) {
    r.cluster.tls_server_name = o.tls_server_name;
  }
  return r;
}

Status ValidateProxyUrl(const std::string& proxy) {
  if (proxy.rfind("socks5://", 0) == 0) {
    return Status::Ok();
  }
  StatusOr<net::Url> url = net::ParseUrl(proxy);
  if (!url.ok()) {
    return Status::Invalid("unsupported scheme or malformed URL, must be http, https, or socks5");
  }
  return Status::Ok();
}

void ValidateAuthInfo(const std::string& name, const AuthInfo& a, std::vector<std::string>* e) {
  std::vector<std::string> methods;
  if (!a.token.empty()) methods.push_back("token");
  if (!a.username.empty() || !a.password.empty()) methods.push_back("basicAuth");
  if (!a.client_certificate.empty() || !a.client_certificate_data.empty()) {
    if (!a.client_certificate.empty() && !a.client_certificate_data.empty()) {
      e->push_back("client-cert-data and client-cert are both specified for " + name +
                   ". client-cert-data will override.");
    }
    if (!a.client_key.empty() && !a.client_key_data.empty()) {
      e->push_back("client-key-data and client-key are both specified for " + name +
                   "; client-key-data will override");
    }
    if (a.client_key.empty() && a.client_key_data.empty()) {
      e->push_back("client-key-data or client-key must be specified for " + name +
                   " to use the clientCert authentication method.");
    }
    if (!a.client_certificate.empty() && !Readable(a.client_certificate)) {
      e->push_back("unable to read client-cert " + a.client_certificate + " for " + name +
                   " due to open " + a.client_certificate + ": no such file or directory");
    }
    if (!a.client_key.empty() && !Readable(a.client_key)) {
      e->push_back("unable to read client-key " + a.client_key + " for " + name +
                   " due to open " + a.client_key + ": no such file or directory");
    }
  }
  if (a.exec) {
    if (a.has_auth_provider) {
      e->push_back("authProvider cannot be provided in combination with an exec plugin for " +
                   name);
    }
    if (a.exec->command.empty()) {
      e->push_back("command must be specified for " + name + " to use exec authentication plugin");
    }
    if (a.exec->api_version.empty()) {
      e->push_back("apiVersion must be specified for " + name +
                   " to use exec authentication plugin");
    }
    for (const ExecEnvVar& var : a.exec->env) {
      if (var.name.empty()) {
        e->push_back("env variable name must be specified for " + name +
                     " to use exec authentication plugin");
      }
    }
    const std::string& mode = a.exec->interactive_mode;
    if (mode.empty()) {
      e->push_back("interactiveMode must be specified for " + name +
                   " to use exec authentication plugin");
    } else if (mode != "Never" && mode != "IfAvailable" && mode != "Always") {
      e->push_back("invalid interactiveMode for " + name + ": \"" + mode + "\"");
    }
  }
  if (methods.size() > 1) {
    std::string found = "[";
    for (size_t i = 0; i < methods.size(); ++i) found += (i ? " " : "") + methods[i];
    e->push_back("more than one authentication method found for " + name + "; found " + found +
                 "], only one is allowed");
  }
  if ((!a.impersonate_uid.empty() || !a.impersonate_groups.empty()) && a.impersonate.empty()) {
    e->push_back("requesting uid, groups or user-extra for " + name +
                 " without impersonating a user");
  }
}

// ConfirmUsable. Returns the "invalid configuration: ..." error, or OK.
Status ConfirmUsable(const KubeConfig& config, const Resolved& r) {
  std::vector<std::string> errors;
  if (!r.context_name.empty() && !config.contexts.count(r.context_name)) {
    errors.push_back("context was not found for specified context: " + r.context_name);
  }
  ValidateAuthInfo(r.auth_name, r.auth, &errors);
  const Cluster& c = r.cluster;
  bool empty_cluster = c.server.empty() && c.tls_server_name.empty() &&
                       !c.insecure_skip_tls_verify && c.certificate_authority.empty() &&
                       c.certificate_authority_data.empty() && c.proxy_url.empty() &&
                       !c.disable_compression && c.exec_extension_json.empty() &&
                       c.location_of_origin.empty();  // an entry read from a file is not empty
  if (empty_cluster) {
    if (errors.empty()) {
      return Status::Invalid(kEmptyConfig);
    }
    errors.push_back("cluster has no server defined");
  } else {
    if (c.server.empty()) {
      errors.push_back(r.cluster_name.empty()
                           ? "default cluster has no server defined"
                           : "no server found for cluster \"" + r.cluster_name + "\"");
    }
    if (!c.proxy_url.empty()) {
      Status proxy = ValidateProxyUrl(c.proxy_url);
      if (!proxy.ok()) {
        errors.push_back("invalid 'proxy-url' \"" + c.proxy_url + "\" for cluster \"" +
                         r.cluster_name + "\": " + proxy.message());
      }
    }
    if (!c.certificate_authority.empty() && !c.certificate_authority_data.empty()) {
      errors.push_back("certificate-authority-data and certificate-authority are both "
                       "specified for " + r.cluster_name +
                       ". certificate-authority-data will override.");
    }
    if (!c.certificate_authority.empty() && !Readable(c.certificate_authority)) {
      errors.push_back("unable to read certificate-authority " + c.certificate_authority +
                       " for " + r.cluster_name + " due to open " + c.certificate_authority +
                       ": no such file or directory");
    }
  }
  if (errors.empty()) {
    return Status::Ok();
  }
  return Status::Invalid("invalid configuration: " + Aggregate(errors));
}

// *-data wins over the file (transport dataFromSliceOrFile).
StatusOr<std::string> DataOrFile(const std::string& data, const std::string& file) {
  if (!data.empty() || file.empty()) {
    return data;
  }
  return ReadFile(file);
}

bool IsHttps(const std::string& host) {
  return host.size() >= 8 && net::HeaderNameEquals(host.substr(0, 8), "https://");
}

// rest.DefaultServerURL for a host without a scheme: http unless TLS was configured,
// which it never is at that point of ClientConfig().
std::string WithScheme(const std::string& host) {
  return host.find("://") == std::string::npos ? "http://" + host : host;
}

}  // namespace

std::optional<std::string> ConfigEnvironment::Get(const std::string& name) const {
  if (getenv) {
    return getenv(name);
  }
  const char* value = std::getenv(name.c_str());
  return value == nullptr ? std::nullopt : std::optional<std::string>(value);
}

StatusOr<std::chrono::milliseconds> ParseRequestTimeout(const std::string& text) {
  bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  if (digits && text.size() < 12) {
    return std::chrono::milliseconds(std::stoll(text) * 1000);
  }
  StatusOr<int64_t> nanos = api::ParseGoDuration(text);
  if (nanos.ok()) {
    return std::chrono::milliseconds(*nanos / 1000000);
  }
  return Status::Invalid(
      "Invalid timeout value. Timeout must be a single integer in seconds, or an integer "
      "followed by a unit (e.g. 1s | 2m | 3h)");
}

StatusOr<ClientConfig> BuildClientConfig(const KubeConfig& config,
                                         const ConfigOverrides& overrides,
                                         const ConfigEnvironment& env) {
  StatusOr<Resolved> resolved = Resolve(config, overrides);
  if (!resolved.ok()) {
    return resolved.status();
  }
  const Resolved& r = *resolved;
  KUBECXX_RETURN_IF_ERROR(ConfirmUsable(config, r));

  ClientConfig out;
  out.context_name = r.context_name;
  out.namespace_overridden = !overrides.namespace_name.empty();
  if (!r.context.namespace_name.empty()) {
    out.namespace_name = r.context.namespace_name;
  }
  RestConfig& rest = out.rest;
  rest.host = WithScheme(r.cluster.server);
  // url.ParseRequestURI + String(): a host with a path loses query and fragment.
  if (size_t cut = rest.host.find_first_of("?#", rest.host.find("://") + 3);
      cut != std::string::npos) {
    rest.host.resize(cut);
  }
  rest.proxy_url = r.cluster.proxy_url;
  rest.disable_compression = r.cluster.disable_compression;
  if (!overrides.request_timeout.empty()) {
    StatusOr<std::chrono::milliseconds> timeout = ParseRequestTimeout(overrides.request_timeout);
    if (!timeout.ok()) {
      return timeout.status();
    }
    rest.timeout = *timeout;
  }
  if (!IsHttps(rest.host)) {
    return out;  // upstream reads no credentials and no TLS settings for plain http
  }
  const AuthInfo& a = r.auth;
  rest.impersonate = Impersonation{a.impersonate, a.impersonate_uid, a.impersonate_groups};

  // Server identification.
  StatusOr<std::string> ca = DataOrFile(r.cluster.certificate_authority_data,
                                        r.cluster.certificate_authority);
  if (!ca.ok()) {
    return ca.status();
  }
  rest.ca_pem = std::move(*ca);
  rest.insecure = r.cluster.insecure_skip_tls_verify;
  rest.server_name = r.cluster.tls_server_name;

  // User identification.
  if (a.has_auth_provider) {
    return Status::Invalid("user \"" + r.auth_name +
                           "\" uses an auth-provider plugin, which kubecxx does not support; "
                           "use an exec credential plugin");
  }
  if (!a.client_certificate.empty() || !a.client_certificate_data.empty()) {
    StatusOr<std::string> cert = DataOrFile(a.client_certificate_data, a.client_certificate);
    if (!cert.ok()) return cert.status();
    StatusOr<std::string> key = DataOrFile(a.client_key_data, a.client_key);
    if (!key.ok()) return key.status();
    rest.cert_pem = std::move(*cert);
    rest.key_pem = std::move(*key);
  }
  if (!a.token.empty() && !a.token_file.empty()) {
    rest.credentials = std::make_shared<FileTokenProvider>(a.token_file, a.token, env.clock);
  } else if (!a.token.empty()) {
    rest.credentials = std::make_shared<net::StaticCredentialProvider>(
        net::Credentials{a.token, "", ""});
  } else if (!a.token_file.empty()) {
    StatusOr<std::string> initial = ReadFile(a.token_file);
    if (!initial.ok()) {
      return initial.status();
    }
    rest.credentials = std::make_shared<FileTokenProvider>(a.token_file, *initial, env.clock);
  } else if (a.exec) {
    ExecProviderOptions options;
    options.exec = *a.exec;
    if (a.exec->provide_cluster_info) {
      options.cluster = ExecClusterInfo{rest.host,           rest.server_name,
                                        rest.insecure,       rest.ca_pem,
                                        rest.proxy_url,      rest.disable_compression,
                                        r.cluster.exec_extension_json};
    }
    StatusOr<std::unique_ptr<ExecCredentialProvider>> exec =
        ExecCredentialProvider::Create(std::move(options));
    if (!exec.ok()) {
      return exec.status();
    }
    rest.credentials = std::shared_ptr<ExecCredentialProvider>(std::move(*exec));
  }
  return out;
}

bool InClusterPossible(const ConfigEnvironment& env) {
  struct stat st;
  return env.Get("KUBERNETES_SERVICE_HOST").value_or("") != "" &&
         env.Get("KUBERNETES_SERVICE_PORT").value_or("") != "" &&
         ::stat((env.service_account_dir + "/token").c_str(), &st) == 0;
}

StatusOr<ClientConfig> InClusterClientConfig(const ConfigOverrides& overrides,
                                             const ConfigEnvironment& env) {
  std::string host = env.Get("KUBERNETES_SERVICE_HOST").value_or("");
  std::string port = env.Get("KUBERNETES_SERVICE_PORT").value_or("");
  if (host.empty() || port.empty()) {
    return Status(StatusCode::kNotFound, kNotInCluster);
  }
  const std::string dir = env.service_account_dir;
  StatusOr<std::string> token = ReadFile(dir + "/token");
  if (!token.ok()) {
    return token.status();
  }
  ClientConfig out;
  out.in_cluster = true;
  RestConfig& rest = out.rest;
  // net.JoinHostPort brackets IPv6 literals.
  rest.host = "https://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
              port;
  // An unreadable ca.crt is logged upstream and the system roots are used.
  StatusOr<std::string> ca = ReadFile(dir + "/ca.crt");
  if (ca.ok()) {
    rest.ca_pem = std::move(*ca);
  }
  rest.credentials = std::make_shared<FileTokenProvider>(dir + "/token", *token, env.clock);

  if (!overrides.server.empty()) {
    rest.host = overrides.server;
  }
  if (!overrides.token.empty()) {
    rest.credentials = std::make_shared<net::StaticCredentialProvider>(
        net::Credentials{overrides.token, "", ""});
  }
  if (!overrides.certificate_authority.empty()) {
    StatusOr<std::string> override_ca = ReadFile(overrides.certificate_authority);
    if (!override_ca.ok()) {
      return override_ca.status();
    }
    rest.ca_pem = std::move(*override_ca);
  }
  if (!overrides.namespace_name.empty()) {
    out.namespace_name = overrides.namespace_name;
    out.namespace_overridden = true;
  } else if (std::string ns = env.Get("POD_NAMESPACE").value_or(""); !ns.empty()) {
    out.namespace_name = ns;
  } else if (StatusOr<std::string> file = ReadFile(dir + "/namespace"); file.ok()) {
    const char* space = " \t\r\n\v\f";
    size_t begin = file->find_first_not_of(space);
    if (begin != std::string::npos) {
      out.namespace_name = file->substr(begin, file->find_last_not_of(space) - begin + 1);
    }
  }
  return out;
}

StatusOr<ClientConfig> LoadClientConfig(const LoadingRules& rules,
                                        const ConfigOverrides& overrides,
                                        const ConfigEnvironment& env) {
  LoadingRules effective = rules;
  if (effective.explicit_path.empty() && effective.precedence.empty()) {
    effective.precedence =
        DefaultPrecedence(env.Get("KUBECONFIG").value_or(""), env.Get("HOME").value_or(""));
  }
  StatusOr<KubeConfig> config = LoadKubeConfigs(effective);
  if (!config.ok()) {
    return config.status();
  }
  StatusOr<ClientConfig> built = BuildClientConfig(*config, overrides, env);
  if (built.ok() || built.status().message() != kEmptyConfig) {
    return built;
  }
  if (InClusterPossible(env)) {
    return InClusterClientConfig(overrides, env);
  }
  return built;
}

}  // namespace kubecxx::client
