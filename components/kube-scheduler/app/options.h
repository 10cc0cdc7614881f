// kube-scheduler's command line (upstream cmd/kube-scheduler/app/options and server.go):
// every v1.37.2 flag in upstream's sections, defaults and usage texts, --help in
// cliflag's layout, and the effective configuration as Options.ApplyTo builds it:
//  * without --config: the defaulted v1 configuration, then the "deprecated" section
//    flags given on the command line (profiling, contention-profiling, kubeconfig,
//    kube-api-content-type, kube-api-qps, kube-api-burst) and the leader election flags;
//  * with --config: the decoded and defaulted file, then only the leader election flags
//    given on the command line, then validation. As upstream, deprecated flags are
//    silently ignored with --config (their usage says so); nothing warns.
//
// Implemented flags: --config, --write-config-to, --master, --kubeconfig and the other
// deprecated ones, --leader-elect*, --feature-gates, --bind-address, --secure-port,
// --tls-cert-file, --tls-private-key-file, -v, --vmodule, --logging-format, --help,
// --version. All other upstream flags are parsed with upstream's types and defaults and
// shown by -v=1's FLAG lines, but have no effect yet (delegated authentication and
// authorization, HTTP/2 and TLS tuning, metrics filters, emulated versions, log buffering).
// --kubecxx-dry-run (hidden) is ours: see main.cc.
//
// Thread-safety: one thread (startup). Options is not copyable (flags point into it).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "components/kube-scheduler/app/config/types.h"
#include "components/kube-scheduler/app/feature_gates.h"
#include "lib/base/status.h"
#include "lib/flags/named_flag_sets.h"
#include "lib/log/log.h"

namespace kubecxx::scheduler {

inline constexpr std::string_view kVersion = "v1.37.2";
inline constexpr int64_t kSecond = 1'000'000'000;

class Options {
 public:
  Options();
  Options(const Options&) = delete;
  Options& operator=(const Options&) = delete;

  // Parses the command line without the program name. Errors are pflag's texts.
  Status Parse(const std::vector<std::string>& args);
  // cobra's Args check: no non-empty positional arguments. Message as upstream.
  Status CheckArgs() const;

  // --help: the command's long description, "Usage:" and the flag sections.
  std::string HelpText(int cols = 0) const;
  // The usage cobra prints before a flag error.
  std::string UsageText(int cols = 0) const;
  // cliflag.PrintFlags lines (all flags, sorted).
  std::vector<std::string> FlagLines() const { return flags_.FlagLines(); }

  // SecureServingOptions.ApplyTo's checks (after Config(), as upstream): cipher suite names
  // and --tls-min-version, with upstream's texts. No-op when --secure-port is 0.
  Status ApplySecureServing() const;

  // Options.Validate without the component config (that is checked in Config()).
  std::vector<std::string> Validate() const;
  // The effective configuration (ApplyTo); errors are upstream's decode and validation
  // texts. REQUIRES: feature_gates().Apply() succeeded.
  StatusOr<config::KubeSchedulerConfiguration> Config() const;

  const flags::NamedFlagSets& flags() const { return flags_; }
  FeatureGates& feature_gates() { return gates_; }
  const FeatureGates& feature_gates() const { return gates_; }
  log::Options logging() const;

  // Values main needs.
  bool help = false;
  std::string version = "false";  // "false", "true", "raw" or a version to report
  std::string config_file;
  std::string write_config_to;
  std::string master;
  std::string bind_address = "0.0.0.0";
  int64_t secure_port = 10259;
  std::string cert_dir;
  std::string tls_cert_file;
  std::string tls_private_key_file;
  bool kubecxx_dry_run = false;
  int64_t pod_max_in_unschedulable_pods_duration = 5 * 60 * kSecond;

 private:
  void AddFlags();

  flags::NamedFlagSets flags_{"kube-scheduler"};
  FeatureGates gates_;

  // Accepted flags whose values are kept (upstream types and defaults).
  bool disable_http2_serving_ = false;
  int64_t http2_max_streams_per_connection_ = 0;
  bool permit_address_sharing_ = false;
  bool permit_port_sharing_ = false;
  std::vector<std::string> tls_cipher_suites_;
  std::vector<int32_t> tls_curve_preferences_;
  std::string tls_min_version_;
  std::vector<std::string> tls_sni_cert_key_;

  std::string authentication_kubeconfig_;
  bool authentication_skip_lookup_ = false;
  int64_t authentication_token_webhook_cache_ttl_ = 10 * kSecond;
  bool authentication_tolerate_lookup_failure_ = true;
  std::string client_ca_file_;
  std::vector<std::string> requestheader_allowed_names_;
  std::string requestheader_client_ca_file_;
  std::vector<std::string> requestheader_extra_headers_prefix_ = {"x-remote-extra-"};
  std::vector<std::string> requestheader_group_headers_ = {"x-remote-group"};
  std::vector<std::string> requestheader_uid_headers_;
  std::vector<std::string> requestheader_username_headers_ = {"x-remote-user"};

  std::vector<std::string> authorization_always_allow_paths_ = {"/healthz", "/readyz", "/livez"};
  std::string authorization_kubeconfig_;
  int64_t authorization_webhook_cache_authorized_ttl_ = 10 * kSecond;
  int64_t authorization_webhook_cache_unauthorized_ttl_ = 10 * kSecond;

  // "deprecated" section.
  bool profiling_ = true;
  bool contention_profiling_ = true;
  std::string kubeconfig_;
  std::string kube_api_content_type_ = "application/vnd.kubernetes.protobuf";
  float kube_api_qps_ = 50;
  int32_t kube_api_burst_ = 100;

  // "leader election" section.
  bool leader_elect_ = true;
  int64_t leader_elect_lease_duration_ = 15 * kSecond;
  int64_t leader_elect_renew_deadline_ = 10 * kSecond;
  int64_t leader_elect_retry_period_ = 2 * kSecond;
  std::string leader_elect_resource_lock_ = "leases";
  std::string leader_elect_resource_name_ = "kube-scheduler";
  std::string leader_elect_resource_namespace_ = "kube-system";

  std::vector<std::string> emulated_version_;
  std::vector<std::string> min_compatibility_version_;

  std::vector<std::string> allow_metric_labels_;
  std::string allow_metric_labels_manifest_;
  std::vector<std::string> disabled_metrics_;
  std::string show_hidden_metrics_for_version_;

  int64_t log_flush_frequency_ = 5 * kSecond;
  std::string log_json_info_buffer_size_ = "0";
  bool log_json_split_stream_ = false;
  std::string log_text_info_buffer_size_ = "0";
  bool log_text_split_stream_ = false;
  std::string logging_format_ = "text";
  int verbosity_ = 0;
  std::string vmodule_text_;
  std::vector<log::VModuleItem> vmodule_;
};

}  // namespace kubecxx::scheduler
