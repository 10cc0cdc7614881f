// KubeSchedulerConfiguration kubescheduler.config.k8s.io/v1 (k8s.io/kube-scheduler/config/v1)
// and the plugin args kinds registered with it, in the v1 shape: Go pointers are
// std::optional, so "unset" survives decoding and defaulting can tell it apart from zero.
// Durations are nanoseconds. After Default() every field the defaulting sets is present.
//
// Thread-safety: plain values.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kubecxx/api/core/v1/types.h"

namespace kubecxx::scheduler::config {

inline constexpr std::string_view kGroupVersion = "kubescheduler.config.k8s.io/v1";
inline constexpr std::string_view kKind = "KubeSchedulerConfiguration";

struct Plugin {
  std::string name;
  std::optional<int32_t> weight;
  bool operator==(const Plugin&) const = default;
};

struct PluginSet {
  std::vector<Plugin> enabled;
  std::vector<Plugin> disabled;
  bool operator==(const PluginSet&) const = default;
};

// The extension points of v1 Plugins, in its field order (JSON names).
inline constexpr std::array<std::string_view, 16> kExtensionPoints = {
    "preEnqueue", "queueSort", "preFilter",  "filter",     "postFilter",        "preScore",
    "score",      "reserve",   "permit",     "preBind",    "bind",              "postBind",
    "multiPoint", "placementGenerate",       "placementScore", "podGroupPostFilter"};
enum ExtensionPoint : size_t {
  kPreEnqueue, kQueueSort, kPreFilter, kFilter, kPostFilter, kPreScore, kScore, kReserve,
  kPermit, kPreBind, kBind, kPostBind, kMultiPoint, kPlacementGenerate, kPlacementScore,
  kPodGroupPostFilter,
};

struct Plugins {
  std::array<PluginSet, kExtensionPoints.size()> sets;
  PluginSet& operator[](ExtensionPoint e) { return sets[e]; }
  const PluginSet& operator[](ExtensionPoint e) const { return sets[e]; }
  bool operator==(const Plugins&) const = default;
};

struct ResourceSpec {
  std::string name;
  int64_t weight = 0;
  bool operator==(const ResourceSpec&) const = default;
};

struct UtilizationShapePoint {
  int32_t utilization = 0;
  int32_t score = 0;
  bool operator==(const UtilizationShapePoint&) const = default;
};

struct RequestedToCapacityRatioParam {
  std::vector<UtilizationShapePoint> shape;
  bool operator==(const RequestedToCapacityRatioParam&) const = default;
};

struct ScoringStrategy {
  std::string type;
  std::vector<ResourceSpec> resources;
  std::optional<RequestedToCapacityRatioParam> requested_to_capacity_ratio;
  bool operator==(const ScoringStrategy&) const = default;
};

struct DefaultPreemptionArgs {
  std::optional<int32_t> min_candidate_nodes_percentage;
  std::optional<int32_t> min_candidate_nodes_absolute;
  bool operator==(const DefaultPreemptionArgs&) const = default;
};

struct InterPodAffinityArgs {
  std::optional<int32_t> hard_pod_affinity_weight;
  bool ignore_preferred_terms_of_existing_pods = false;
  bool operator==(const InterPodAffinityArgs&) const = default;
};

struct NodeResourcesFitArgs {
  std::vector<std::string> ignored_resources;
  std::vector<std::string> ignored_resource_groups;
  std::optional<ScoringStrategy> scoring_strategy;
  bool operator==(const NodeResourcesFitArgs&) const = default;
};

struct PodTopologySpreadArgs {
  std::vector<api::core::v1::TopologySpreadConstraint> default_constraints;
  std::string defaulting_type;
  bool operator==(const PodTopologySpreadArgs&) const = default;
};

struct NodeResourcesBalancedAllocationArgs {
  std::vector<ResourceSpec> resources;
  bool operator==(const NodeResourcesBalancedAllocationArgs&) const = default;
};

struct VolumeBindingArgs {
  std::optional<int64_t> bind_timeout_seconds;
  // nullopt = nil (Go tells nil from empty in validation when the gate is off).
  std::optional<std::vector<UtilizationShapePoint>> shape;
  bool operator==(const VolumeBindingArgs&) const = default;
};

struct NodeAffinityArgs {
  std::optional<api::core::v1::NodeAffinity> added_affinity;
  bool operator==(const NodeAffinityArgs&) const = default;
};

struct DynamicResourcesArgs {
  std::optional<int64_t> filter_timeout;   // nanoseconds
  std::optional<int64_t> binding_timeout;  // nanoseconds
  bool operator==(const DynamicResourcesArgs&) const = default;
};

// Args of a plugin whose "<Name>Args" kind is not registered (runtime.Unknown): kept as
// compact JSON and passed through.
struct UnknownArgs {
  std::string json;
  bool operator==(const UnknownArgs&) const = default;
};

using PluginArgs =
    std::variant<std::monostate, UnknownArgs, DefaultPreemptionArgs, InterPodAffinityArgs,
                 NodeResourcesFitArgs, PodTopologySpreadArgs, NodeResourcesBalancedAllocationArgs,
                 VolumeBindingArgs, NodeAffinityArgs, DynamicResourcesArgs>;

struct PluginConfig {
  std::string name;
  PluginArgs args;  // monostate: no args
  bool operator==(const PluginConfig&) const = default;
};

struct KubeSchedulerProfile {
  std::optional<std::string> scheduler_name;
  std::optional<int32_t> percentage_of_nodes_to_score;
  std::optional<Plugins> plugins;
  std::vector<PluginConfig> plugin_config;
  bool operator==(const KubeSchedulerProfile&) const = default;
};

struct LeaderElectionConfiguration {
  std::optional<bool> leader_elect;
  int64_t lease_duration = 0;  // nanoseconds
  int64_t renew_deadline = 0;
  int64_t retry_period = 0;
  std::string resource_lock;
  std::string resource_name;
  std::string resource_namespace;
  bool operator==(const LeaderElectionConfiguration&) const = default;
};

struct ClientConnectionConfiguration {
  std::string kubeconfig;
  std::string accept_content_types;
  std::string content_type;
  float qps = 0;
  int32_t burst = 0;
  bool operator==(const ClientConnectionConfiguration&) const = default;
};

struct ExtenderManagedResource {
  std::string name;
  bool ignored_by_scheduler = false;
  bool operator==(const ExtenderManagedResource&) const = default;
};

struct ExtenderTLSConfig {
  bool insecure = false;
  std::string server_name, cert_file, key_file, ca_file;
  std::string cert_data, key_data, ca_data;  // raw bytes (base64 in JSON)
  bool operator==(const ExtenderTLSConfig&) const = default;
};

struct Extender {
  std::string url_prefix;
  std::string filter_verb, preempt_verb, prioritize_verb;
  int64_t weight = 0;
  std::string bind_verb;
  bool enable_https = false;
  std::optional<ExtenderTLSConfig> tls_config;
  int64_t http_timeout = 0;  // nanoseconds
  bool node_cache_capable = false;
  std::vector<ExtenderManagedResource> managed_resources;
  bool ignorable = false;
  bool operator==(const Extender&) const = default;
};

struct KubeSchedulerConfiguration {
  std::string api_version;
  std::string kind;
  std::optional<int32_t> parallelism;
  LeaderElectionConfiguration leader_election;
  ClientConnectionConfiguration client_connection;
  std::optional<bool> enable_profiling;
  std::optional<bool> enable_contention_profiling;
  std::optional<int32_t> percentage_of_nodes_to_score;
  std::optional<int64_t> pod_initial_backoff_seconds;
  std::optional<int64_t> pod_max_backoff_seconds;
  std::vector<KubeSchedulerProfile> profiles;
  std::vector<Extender> extenders;
  bool delay_cache_until_active = false;
  bool operator==(const KubeSchedulerConfiguration&) const = default;
};

}  // namespace kubecxx::scheduler::config
