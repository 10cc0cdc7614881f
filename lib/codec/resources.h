// The REST resources of the pinned API (from the OpenAPI paths): for each
// group/version/resource[/subresource], the kind served there, the scope and
// the verbs. Clients build URLs from it; the apiserver routes and answers
// discovery from it. Thread-safety: an immutable table.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace kubecxx::codec {

enum ResourceVerb : uint32_t {
  kVerbGet = 1u << 0,
  kVerbList = 1u << 1,
  kVerbWatch = 1u << 2,
  kVerbCreate = 1u << 3,
  kVerbUpdate = 1u << 4,
  kVerbPatch = 1u << 5,
  kVerbDelete = 1u << 6,
  kVerbDeleteCollection = 1u << 7,
  kVerbProxy = 1u << 8,
  kVerbConnect = 1u << 9,
};

struct ResourceInfo {
  std::string_view group;        // "" for the core group
  std::string_view version;
  std::string_view resource;     // plural, e.g. "pods"
  std::string_view subresource;  // "" for the main resource, e.g. "status", "scale"
  // The kind sent and returned at this path ("" when not an object, e.g. pods/log).
  std::string_view kind_group;
  std::string_view kind_version;
  std::string_view kind;
  bool namespaced;
  uint32_t verbs;  // ResourceVerb bits

  bool Has(ResourceVerb v) const { return (verbs & v) != 0; }
  // "/api/v1" or "/apis/apps/v1".
  std::string GroupVersionPath() const {
    return group.empty() ? "/api/" + std::string(version)
                         : "/apis/" + std::string(group) + "/" + std::string(version);
  }
};

// Sorted by (group, version, resource, subresource).
std::span<const ResourceInfo> AllResources();

// nullptr when unknown.
const ResourceInfo* FindResource(std::string_view group, std::string_view version,
                                 std::string_view resource, std::string_view subresource = "");
// The main (non-subresource) resource serving `kind` in group/version.
const ResourceInfo* FindResourceForKind(std::string_view group, std::string_view version,
                                        std::string_view kind);

}  // namespace kubecxx::codec
