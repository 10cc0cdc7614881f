#include "components/kube-apiserver/options.h"

#include "components/kube-apiserver/upstream_flags.h"
#include "lib/flags/flag_set.h"

namespace kubecxx::kube_apiserver {

StatusOr<Options> ParseOptions(const std::vector<std::string>& args) {
  Options o;
  flags::FlagSet fs("kube-apiserver");
  auto& s = o.server;
  s.secure_port = 6443;
  fs.String("advertise-address", &s.advertise_address, "");
  fs.String("bind-address", &s.bind_address, "");
  fs.Int("secure-port", &s.secure_port, "");
  fs.String("tls-cert-file", &s.tls_cert_file, "");
  fs.String("tls-private-key-file", &s.tls_private_key_file, "");
  fs.String("client-ca-file", &s.client_ca_file, "");
  auto& rh = s.requestheader;
  fs.String("requestheader-client-ca-file", &rh.client_ca_file, "");
  fs.StringSlice("requestheader-allowed-names", &rh.allowed_names, "");
  fs.StringSlice("requestheader-username-headers", &rh.username_headers, "");
  fs.StringSlice("requestheader-uid-headers", &rh.uid_headers, "");
  fs.StringSlice("requestheader-group-headers", &rh.group_headers, "");
  fs.StringSlice("requestheader-extra-headers-prefix", &rh.extra_headers_prefix, "");
  fs.StringSlice("etcd-servers", &s.etcd_servers, "");
  fs.String("etcd-cafile", &s.etcd_cafile, "");
  fs.String("etcd-certfile", &s.etcd_certfile, "");
  fs.String("etcd-keyfile", &s.etcd_keyfile, "");
  fs.String("etcd-prefix", &s.etcd_prefix, "");
  fs.Duration("etcd-compaction-interval", &s.etcd_compaction_interval_ns, "");
  fs.Duration("etcd-count-metric-poll-period", &s.etcd_count_metric_poll_period_ns, "");
  auto& a = s.auth;
  fs.Bool("anonymous-auth", &a.anonymous, "");
  fs.String("token-auth-file", &a.token_auth_file, "");
  fs.StringArray("service-account-key-file", &a.service_account_key_files, "");
  fs.StringArray("service-account-issuer", &a.service_account_issuers, "");
  fs.StringSlice("api-audiences", &a.api_audiences, "");
  fs.Bool("service-account-lookup", &a.service_account_lookup, "");
  fs.String("service-account-signing-key-file", &a.service_account_signing_key_file, "");
  fs.Duration("service-account-max-token-expiration", &a.service_account_max_token_expiration_ns,
              "");
  fs.Bool("service-account-extend-token-expiration", &a.service_account_extend_token_expiration,
          "");
  fs.String("service-cluster-ip-range", &s.service_cluster_ip_range, "");
  fs.String("endpoint-reconciler-type", &s.endpoint_reconciler_type, "");
  fs.String("service-node-port-range", &s.service_node_port_range, "");
  fs.Bool("watch-cache", &s.watch_cache, "");
  fs.Duration("event-ttl", &s.event_ttl_ns, "");
  fs.StringSlice("authorization-mode", &o.authorization_modes, "");
  fs.StringSlice("enable-admission-plugins", &o.enable_admission_plugins, "");
  fs.StringSlice("disable-admission-plugins", &o.disable_admission_plugins, "");
  fs.Func("v", false,
          [&o](std::string_view v) { return log::ParseVerbosityFlag(v, &o.logging.verbosity); },
          "");
  fs.Shorthand('v', "v");
  fs.Func("vmodule", false,
          [&o](std::string_view v) { return log::ParseVModuleFlag(v, &o.logging.vmodule); }, "");
  fs.String("logging-format", &o.logging.format, "");
  fs.Bool("help", &o.help, "");
  fs.Shorthand('h', "help");
  fs.Func("version", true, [&o](std::string_view v) {
    o.version = std::string(v);
    return Status::Ok();
  }, "");
  for (const UpstreamFlag& f : UpstreamFlags()) {
    if (!fs.Has(f.name)) fs.Accepted(std::string(f.name), f.is_bool);
  }
  KUBECXX_RETURN_IF_ERROR(fs.Parse(args));
  if (!fs.Args().empty()) {
    return Status::Invalid("no arguments are supported, got " + fs.Args()[0]);
  }
  for (const auto& [name, value] : fs.Ignored()) {
    o.warnings.push_back("--" + name + "=" + value);
  }
  // Stock's validation of the service-account flags (pkg/kubeapiserver/options and
  // pkg/controlplane/apiserver/options); stock also requires them, we start without.
  if (!a.service_account_signing_key_file.empty() && a.service_account_issuers.empty()) {
    return Status::Invalid("--service-account-signing-key-file, --service-account-issuer, and "
                           "--api-audiences should be specified together");
  }
  for (const std::string& issuer : a.service_account_issuers) {
    if (issuer.empty()) return Status::Invalid("service-account-issuer should not be an empty string");
  }
  if (!a.service_account_issuers.empty() && a.service_account_key_files.empty()) {
    return Status::Invalid(
        "either `--service-account-key-file` or `--service-account-signing-endpoint` must be set");
  }
  if (!o.server.advertise_address.empty() && o.server.bind_address.empty()) {
    o.server.bind_address = "0.0.0.0";
  }
  if (o.server.bind_address.empty()) o.server.bind_address = "0.0.0.0";
  return o;
}

}  // namespace kubecxx::kube_apiserver
