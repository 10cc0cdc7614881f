// Where stock kube-apiserver v1.37 keeps each built-in resource in etcd and in which version
// it encodes it: key = <--etcd-prefix>/<etcd_prefix>/[<namespace>/]<name>, value = protobuf
// envelope of <storage_group>/<storage_version> <storage_kind>.
//
// The prefixes are the plural resource name except the storage factory's special prefixes
// (services/specs, services/endpoints, minions, controllers, ingress) and the group-qualified
// prefixes of the apiextensions and aggregator servers; cohabiting resources share one entry
// (events.k8s.io events are core events). Collected from k8s.io/kubernetes@v1.37.2
// pkg/kubeapiserver/default_storage_factory_builder.go and test/integration/etcd/data.go.
// Thread-safety: an immutable table.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace kubecxx::storage {

struct ResourcePrefix {
  std::string_view group;     // the served group ("" = core)
  std::string_view resource;  // plural
  std::string_view etcd_prefix;  // relative to --etcd-prefix, no slashes at the ends
  std::string_view storage_group;
  std::string_view storage_version;
  std::string_view storage_kind;
  bool namespaced;
};

// Sorted by (group, resource).
std::span<const ResourcePrefix> AllResourcePrefixes();
// nullptr for resources stock does not store (or does not know).
const ResourcePrefix* FindResourcePrefix(std::string_view group, std::string_view resource);

// Custom resources: "<group>/<plural>" (apiextensions' storage), stored as JSON.
std::string CustomResourcePrefix(std::string_view group, std::string_view plural);

// The apiserver-internal keys under --etcd-prefix that are not REST resources.
inline constexpr std::string_view kServiceNodePortRangeKey = "ranges/servicenodeports";
inline constexpr std::string_view kServiceIPRangeKey = "ranges/serviceips";
inline constexpr std::string_view kMasterLeasesPrefix = "masterleases";
// The compactor's key, at the root of the keyspace (not under --etcd-prefix).
inline constexpr std::string_view kCompactRevKey = "compact_rev_key";

}  // namespace kubecxx::storage
