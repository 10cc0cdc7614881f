#include "components/kube-scheduler/app/options.h"

#include <arpa/inet.h>

#include <cassert>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <sys/stat.h>

#include "components/kube-scheduler/app/config/decode.h"
#include "components/kube-scheduler/app/config/defaults.h"
#include "components/kube-scheduler/app/config/profile_check.h"
#include "components/kube-scheduler/app/config/validation.h"
#include "lib/api/go_strconv.h"

namespace kubecxx::scheduler {
namespace {

const std::map<std::string, std::string, std::less<>>& UsageTable() {
  static const auto* table = new std::map<std::string, std::string, std::less<>>{
#include "components/kube-scheduler/app/flag_usage.inc"
  };
  return *table;
}

std::string Usage(std::string_view name) {
  auto it = UsageTable().find(name);
  assert(it != UsageTable().end() && "flag without upstream usage text");
  return it->second;
}

constexpr std::string_view kLong =
    "The Kubernetes scheduler is a control plane process which assigns\n"
    "Pods to Nodes. The scheduler determines which Nodes are valid placements for\n"
    "each Pod in the scheduling queue according to constraints and available\n"
    "resources. The scheduler then ranks each valid Node and binds the Pod to a\n"
    "suitable Node. Multiple different schedulers may be used within a cluster;\n"
    "kube-scheduler is the reference implementation.\n"
    "See [scheduling](https://kubernetes.io/docs/concepts/scheduling-eviction/)\n"
    "for more information about scheduling and the kube-scheduler component.";

bool ParseIp(std::string_view s) {
  std::string t(s);
  while (!t.empty() && t.front() == ' ') t.erase(0, 1);
  while (!t.empty() && t.back() == ' ') t.pop_back();
  unsigned char buf[16];
  return inet_pton(AF_INET, t.c_str(), buf) == 1 || inet_pton(AF_INET6, t.c_str(), buf) == 1;
}

std::string JoinInts(const std::vector<int32_t>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + std::to_string(v[i]);
  return out + "]";
}

}  // namespace

Options::Options() { AddFlags(); }

void Options::AddFlags() {
  using flags::FlagSection;
  auto list_setter = [](std::vector<std::string>* target) {
    auto first = std::make_shared<bool>(true);
    return [target, first](std::string_view v) -> Status {
      if (*first) target->clear();
      *first = false;
      target->emplace_back(v);
      return Status::Ok();
    };
  };

  FlagSection& misc = flags_.Section("misc");
  misc.String("config", &config_file, Usage("config"));
  misc.String("write-config-to", &write_config_to, Usage("write-config-to"));
  misc.String("master", &master, Usage("master"));

  FlagSection& ss = flags_.Section("secure serving");
  ss.Custom(
      "bind-address", "ip", "",
      [this](std::string_view v) -> Status {
        if (!ParseIp(v)) return Status::Invalid("failed to parse IP: " + api::GoQuote(v));
        bind_address = std::string(v);
        return Status::Ok();
      },
      [this] { return bind_address; }, Usage("bind-address"));
  ss.String("cert-dir", &cert_dir, Usage("cert-dir"));
  ss.Bool("disable-http2-serving", &disable_http2_serving_, Usage("disable-http2-serving"));
  ss.Int("http2-max-streams-per-connection", &http2_max_streams_per_connection_,
         Usage("http2-max-streams-per-connection"));
  ss.Bool("permit-address-sharing", &permit_address_sharing_, Usage("permit-address-sharing"));
  ss.Bool("permit-port-sharing", &permit_port_sharing_, Usage("permit-port-sharing"));
  ss.Int("secure-port", &secure_port, Usage("secure-port"));
  ss.String("tls-cert-file", &tls_cert_file, Usage("tls-cert-file"));
  ss.StringSlice("tls-cipher-suites", &tls_cipher_suites_, Usage("tls-cipher-suites"));
  ss.Custom(
      "tls-curve-preferences", "int32Slice", "",
      [this, first = std::make_shared<bool>(true)](std::string_view v) -> Status {
        std::vector<int32_t> parsed;
        size_t start = 0;
        while (start <= v.size() && !v.empty()) {
          size_t comma = v.find(',', start);
          std::string_view item = v.substr(start, comma == std::string_view::npos
                                                      ? std::string_view::npos
                                                      : comma - start);
          auto n = flags::ParseGoIntBase0(item);
          if (!n.ok() || *n < INT32_MIN || *n > INT32_MAX) {
            return Status::Invalid("strconv.ParseInt: parsing " + api::GoQuote(item) +
                                   ": invalid syntax");
          }
          parsed.push_back(static_cast<int32_t>(*n));
          if (comma == std::string_view::npos) break;
          start = comma + 1;
        }
        if (*first) tls_curve_preferences_.clear();
        *first = false;
        tls_curve_preferences_.insert(tls_curve_preferences_.end(), parsed.begin(), parsed.end());
        return Status::Ok();
      },
      [this] { return JoinInts(tls_curve_preferences_); }, Usage("tls-curve-preferences"));
  ss.String("tls-min-version", &tls_min_version_, Usage("tls-min-version"));
  ss.String("tls-private-key-file", &tls_private_key_file, Usage("tls-private-key-file"));
  ss.Custom("tls-sni-cert-key", "namedCertKey", "", list_setter(&tls_sni_cert_key_),
            [this] { return flags::FormatStringSlice(tls_sni_cert_key_); },
            Usage("tls-sni-cert-key"));

  FlagSection& authn = flags_.Section("authentication");
  authn.String("authentication-kubeconfig", &authentication_kubeconfig_,
               Usage("authentication-kubeconfig"));
  authn.Bool("authentication-skip-lookup", &authentication_skip_lookup_,
             Usage("authentication-skip-lookup"));
  authn.Duration("authentication-token-webhook-cache-ttl", &authentication_token_webhook_cache_ttl_,
                 Usage("authentication-token-webhook-cache-ttl"));
  authn.Bool("authentication-tolerate-lookup-failure", &authentication_tolerate_lookup_failure_,
             Usage("authentication-tolerate-lookup-failure"));
  authn.String("client-ca-file", &client_ca_file_, Usage("client-ca-file"));
  authn.StringSlice("requestheader-allowed-names", &requestheader_allowed_names_,
                    Usage("requestheader-allowed-names"));
  authn.String("requestheader-client-ca-file", &requestheader_client_ca_file_,
               Usage("requestheader-client-ca-file"));
  authn.StringSlice("requestheader-extra-headers-prefix", &requestheader_extra_headers_prefix_,
                    Usage("requestheader-extra-headers-prefix"));
  authn.StringSlice("requestheader-group-headers", &requestheader_group_headers_,
                    Usage("requestheader-group-headers"));
  authn.StringSlice("requestheader-uid-headers", &requestheader_uid_headers_,
                    Usage("requestheader-uid-headers"));
  authn.StringSlice("requestheader-username-headers", &requestheader_username_headers_,
                    Usage("requestheader-username-headers"));

  FlagSection& authz = flags_.Section("authorization");
  authz.StringSlice("authorization-always-allow-paths", &authorization_always_allow_paths_,
                    Usage("authorization-always-allow-paths"));
  authz.String("authorization-kubeconfig", &authorization_kubeconfig_,
               Usage("authorization-kubeconfig"));
  authz.Duration("authorization-webhook-cache-authorized-ttl",
                 &authorization_webhook_cache_authorized_ttl_,
                 Usage("authorization-webhook-cache-authorized-ttl"));
  authz.Duration("authorization-webhook-cache-unauthorized-ttl",
                 &authorization_webhook_cache_unauthorized_ttl_,
                 Usage("authorization-webhook-cache-unauthorized-ttl"));

  FlagSection& dep = flags_.Section("deprecated");
  dep.Bool("profiling", &profiling_, Usage("profiling"));
  dep.Bool("contention-profiling", &contention_profiling_, Usage("contention-profiling"));
  dep.String("kubeconfig", &kubeconfig_, Usage("kubeconfig"));
  dep.String("kube-api-content-type", &kube_api_content_type_, Usage("kube-api-content-type"));
  dep.Float32("kube-api-qps", &kube_api_qps_, Usage("kube-api-qps"));
  dep.Int32("kube-api-burst", &kube_api_burst_, Usage("kube-api-burst"));
  dep.Duration("pod-max-in-unschedulable-pods-duration", &pod_max_in_unschedulable_pods_duration,
               Usage("pod-max-in-unschedulable-pods-duration"));

  FlagSection& le = flags_.Section("leader election");
  le.Bool("leader-elect", &leader_elect_, Usage("leader-elect"));
  le.Duration("leader-elect-lease-duration", &leader_elect_lease_duration_,
              Usage("leader-elect-lease-duration"));
  le.Duration("leader-elect-renew-deadline", &leader_elect_renew_deadline_,
              Usage("leader-elect-renew-deadline"));
  le.Duration("leader-elect-retry-period", &leader_elect_retry_period_,
              Usage("leader-elect-retry-period"));
  le.String("leader-elect-resource-lock", &leader_elect_resource_lock_,
            Usage("leader-elect-resource-lock"));
  le.String("leader-elect-resource-name", &leader_elect_resource_name_,
            Usage("leader-elect-resource-name"));
  le.String("leader-elect-resource-namespace", &leader_elect_resource_namespace_,
            Usage("leader-elect-resource-namespace"));

  FlagSection& fg = flags_.Section("feature gate");
  fg.StringSlice("emulated-version", &emulated_version_, Usage("emulated-version"));
  fg.Custom(
      "feature-gates", "colonSeparatedMultimapStringString", "",
      [this](std::string_view v) { return gates_.AddFlagValue(v); },
      [this] { return gates_.FlagString(); }, Usage("feature-gates"));
  fg.StringSlice("min-compatibility-version", &min_compatibility_version_,
                 Usage("min-compatibility-version"));

  FlagSection& metrics = flags_.Section("metrics");
  metrics.Custom("allow-metric-labels", "stringToString", "", list_setter(&allow_metric_labels_),
                 [this] { return flags::FormatStringSlice(allow_metric_labels_); },
                 Usage("allow-metric-labels"));
  metrics.String("allow-metric-labels-manifest", &allow_metric_labels_manifest_,
                 Usage("allow-metric-labels-manifest"));
  metrics.StringSlice("disabled-metrics", &disabled_metrics_, Usage("disabled-metrics"));
  metrics.String("show-hidden-metrics-for-version", &show_hidden_metrics_for_version_,
                 Usage("show-hidden-metrics-for-version"));

  FlagSection& logs = flags_.Section("logs");
  logs.Duration("log-flush-frequency", &log_flush_frequency_, Usage("log-flush-frequency"));
  logs.Custom(
      "log-json-info-buffer-size", "quantity", "",
      [this](std::string_view v) {
        log_json_info_buffer_size_ = std::string(v);
        return Status::Ok();
      },
      [this] { return log_json_info_buffer_size_; }, Usage("log-json-info-buffer-size"));
  logs.Bool("log-json-split-stream", &log_json_split_stream_, Usage("log-json-split-stream"));
  logs.Custom(
      "log-text-info-buffer-size", "quantity", "",
      [this](std::string_view v) {
        log_text_info_buffer_size_ = std::string(v);
        return Status::Ok();
      },
      [this] { return log_text_info_buffer_size_; }, Usage("log-text-info-buffer-size"));
  logs.Bool("log-text-split-stream", &log_text_split_stream_, Usage("log-text-split-stream"));
  logs.String("logging-format", &logging_format_, Usage("logging-format"));
  logs.Custom(
      "v", "Level", "", [this](std::string_view v) { return log::ParseVerbosityFlag(v,
          &verbosity_); },
      [this] { return std::to_string(verbosity_); }, Usage("v"));
  flags_.Shorthand('v', "v");
  logs.Custom(
      "vmodule", "pattern=N,...", "",
      [this](std::string_view v) -> Status {
        KUBECXX_RETURN_IF_ERROR(log::ParseVModuleFlag(v, &vmodule_));
        vmodule_text_ = vmodule_text_.empty() ? std::string(v) : vmodule_text_ + "," + std::string(v);
        return Status::Ok();
      },
      [this] { return vmodule_text_; }, Usage("vmodule"));

  FlagSection& global = flags_.Section("global");
  global.Bool("help", &help, Usage("help"));
  flags_.Shorthand('h', "help");
  global.Custom(
      "version", "version", "true",
      [this](std::string_view v) -> Status {
        if (v == "raw" || v == "true" || v == "false") {
          version = std::string(v);
          return Status::Ok();
        }
        auto b = flags::ParseGoBool(v);
        if (b.ok()) {
          version = *b ? "true" : "false";
          return Status::Ok();
        }
        version = std::string(v);  // --version=vX.Y.Z: the version to report
        return Status::Ok();
      },
      [this] { return version; }, Usage("version"));

  FlagSection& ours = flags_.Section("kubecxx");
  ours.Bool("kubecxx-dry-run", &kubecxx_dry_run,
            "Serve /healthz, /livez, /readyz and /metrics without scheduling (the scheduling "
            "loop is not implemented yet).");
  flags_.MarkHidden("kubecxx-dry-run");
}

Status Options::Parse(const std::vector<std::string>& args) { return flags_.Parse(args); }

Status Options::CheckArgs() const {
  bool any = false;
  for (const auto& a : flags_.Args()) any = any || !a.empty();
  if (!any) return Status::Ok();
  std::string list = "[";
  for (size_t i = 0; i < flags_.Args().size(); ++i) {
    list += (i ? " " : "") + api::GoQuote(flags_.Args()[i]);
  }
  return Status::Invalid("\"kube-scheduler\" does not take any arguments, got " + list + "]");
}

std::string Options::UsageText(int cols) const {
  return "Usage:\n  kube-scheduler [flags]\n" + flags_.Sections(cols);
}

std::string Options::HelpText(int cols) const {
  return std::string(kLong) + "\n\n" + UsageText(cols);
}

log::Options Options::logging() const {
  log::Options o;
  o.verbosity = verbosity_;
  o.vmodule = vmodule_;
  o.format = logging_format_;
  return o;
}

std::vector<std::string> Options::Validate() const {
  std::vector<std::string> errs;
  // SecureServingOptions.Validate (Required is false for the scheduler, and Go's
  // `Required && port < 1 || port > 65535` makes the first text win above 65535).
  if (secure_port > 65535) {
    errs.push_back("--secure-port " + std::to_string(secure_port) +
                   " must be between 1 and 65535, inclusive. It cannot be turned off with 0");
  } else if (secure_port < 0) {
    errs.push_back("--secure-port " + std::to_string(secure_port) +
                   " must be between 0 and 65535, inclusive. 0 for turning off secure port");
  }
  return errs;
}

Status Options::ApplySecureServing() const {
  if (secure_port <= 0) return Status::Ok();
  // The names --help lists as preferred and insecure values.
  const std::string usage = Usage("tls-cipher-suites");
  for (const std::string& c : tls_cipher_suites_) {
    bool known = false;
    for (size_t at = usage.find(c); at != std::string::npos && !known; at = usage.find(c, at + 1)) {
      char after = at + c.size() < usage.size() ? usage[at + c.size()] : ',';
      known = c.rfind("TLS_", 0) == 0 && (after == ',' || after == '.' || after == ' ');
    }
    if (!known) return Status::Invalid("Cipher suite " + c + " not supported or doesn't exist");
  }
  if (!tls_min_version_.empty() && tls_min_version_ != "VersionTLS10" &&
      tls_min_version_ != "VersionTLS11" && tls_min_version_ != "VersionTLS12" &&
      tls_min_version_ != "VersionTLS13") {
    return Status::Invalid("unknown tls version " + api::GoQuote(tls_min_version_));
  }
  return Status::Ok();
}

StatusOr<config::KubeSchedulerConfiguration> Options::Config() const {
  const config::SchedulerFeatures features = gates_.SchedulerFeatures();
  config::KubeSchedulerConfiguration cfg;
  if (config_file.empty()) {
    config::SetDefaults(&cfg, features);
    cfg.api_version = std::string(config::kGroupVersion);
    // ApplyDeprecated.
    if (flags_.Changed("profiling")) cfg.enable_profiling = profiling_;
    if (flags_.Changed("contention-profiling")) cfg.enable_contention_profiling = contention_profiling_;
    if (flags_.Changed("kubeconfig")) cfg.client_connection.kubeconfig = kubeconfig_;
    if (flags_.Changed("kube-api-content-type")) cfg.client_connection.content_type = kube_api_content_type_;
    if (flags_.Changed("kube-api-qps")) cfg.client_connection.qps = kube_api_qps_;
    if (flags_.Changed("kube-api-burst")) cfg.client_connection.burst = kube_api_burst_;
  } else {
    std::ifstream in(config_file, std::ios::binary);
    if (!in) {
      return Status::Invalid("open " + config_file + ": no such file or directory");
    }
    std::stringstream data;
    data << in.rdbuf();
    auto decoded = config::DecodeConfig(data.str());
    if (!decoded.ok()) return decoded.status();
    cfg = std::move(decoded).value();
    config::SetDefaults(&cfg, features);
  }
  // ApplyLeaderElectionTo.
  auto& le = cfg.leader_election;
  if (flags_.Changed("leader-elect")) le.leader_elect = leader_elect_;
  if (flags_.Changed("leader-elect-lease-duration")) le.lease_duration = leader_elect_lease_duration_;
  if (flags_.Changed("leader-elect-renew-deadline")) le.renew_deadline = leader_elect_renew_deadline_;
  if (flags_.Changed("leader-elect-retry-period")) le.retry_period = leader_elect_retry_period_;
  if (flags_.Changed("leader-elect-resource-lock")) le.resource_lock = leader_elect_resource_lock_;
  if (flags_.Changed("leader-elect-resource-name")) le.resource_name = leader_elect_resource_name_;
  if (flags_.Changed("leader-elect-resource-namespace")) {
    le.resource_namespace = leader_elect_resource_namespace_;
  }
  if (!config_file.empty()) KUBECXX_RETURN_IF_ERROR(config::Validate(cfg, features));

  // createKubeConfig: clientcmd.BuildConfigFromFlags(master, kubeconfig).
  const std::string& kc = cfg.client_connection.kubeconfig;
  if (!kc.empty()) {
    struct stat st;
    if (stat(kc.c_str(),
        &st) != 0) return Status::Invalid("stat " + kc + ": no such file or directory");
  } else if (master.empty() && (std::getenv("KUBERNETES_SERVICE_HOST") == nullptr ||
                                std::getenv("KUBERNETES_SERVICE_PORT") == nullptr)) {
    return Status::Invalid(
        "invalid configuration: no configuration has been provided, try setting "
        "KUBERNETES_MASTER environment variable");
  }
  // scheduler.New, before the profiles are built.
  KUBECXX_RETURN_IF_ERROR(config::ApplyExtenderIgnoredResources(&cfg));
  KUBECXX_RETURN_IF_ERROR(config::CheckProfilesAsFramework(cfg));
  return cfg;
}

}  // namespace kubecxx::scheduler
