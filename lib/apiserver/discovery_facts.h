// What stock kube-apiserver v1.37.2 announces in discovery with its default API enablement:
// the served group versions in its order and each resource's discovery names. This is the
// set of group versions our apiserver serves too (alpha and beta versions that stock leaves
// off by default are absent, although the REST resource table of lib/codec knows them).
// Thread-safety: immutable tables.
#pragma once

#include <span>
#include <string_view>

namespace kubecxx::apiserver {

struct DiscoveryResource {
  std::string_view group;    // "" = core
  std::string_view version;
  std::string_view name;     // "pods" or "pods/status"
  std::string_view singular_name;  // "" for subresources
  bool namespaced;
  std::string_view kind;
  // For subresources served in another group ("pods/eviction" is policy/v1 Eviction),
  // discovery names the kind's group and version.
  std::string_view kind_group;
  std::string_view kind_version;
  bool has_kind_group_version;
  std::string_view verbs;        // comma-separated, as discovery lists them (sorted)
  std::string_view short_names;  // comma-separated
  std::string_view categories;   // comma-separated
};

struct DiscoveryGroupVersion {
  std::string_view group;
  std::string_view version;
  bool preferred;
};

// In stock's order: core v1 first, then /apis groups by priority, versions preferred first;
// resources sorted by name within a group version.
std::span<const DiscoveryResource> AllDiscoveryResources();
std::span<const DiscoveryGroupVersion> AllDiscoveryGroupVersions();

}  // namespace kubecxx::apiserver
