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
  fs.StringSlice("etcd-servers", &s.etcd_servers, "");
  fs.String("etcd-cafile", &s.etcd_cafile, "");
  fs.String("etcd-certfile", &s.etcd_certfile, "");
  fs.String("etcd-keyfile", &s.etcd_keyfile, "");
  fs.String("etcd-prefix", &s.etcd_prefix, "");
  fs.Duration("etcd-compaction-interval", &s.etcd_compaction_interval_ns, "");
  fs.Bool("watch-cache", &s.watch_cache, "");
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
  if (!o.server.advertise_address.empty() && o.server.bind_address.empty()) {
    o.server.bind_address = "0.0.0.0";
  }
  if (o.server.bind_address.empty()) o.server.bind_address = "0.0.0.0";
  return o;
}

}  // namespace kubecxx::kube_apiserver
