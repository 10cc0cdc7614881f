// Lookups over the generated kind table (registry.cc in the build tree).
#include <algorithm>
#include <tuple>

#include "lib/codec/registry.h"
#include "lib/codec/resources.h"

namespace kubecxx::codec {

const KindInfo* FindKind(std::string_view group, std::string_view version, std::string_view kind) {
  auto kinds = AllKinds();
  auto key = std::make_tuple(group, version, kind);
  auto it = std::lower_bound(kinds.begin(), kinds.end(), key, [](const KindInfo& k, const auto& t) {
    return std::make_tuple(k.group, k.version, k.kind) < t;
  });
  if (it == kinds.end() || std::make_tuple(it->group, it->version, it->kind) != key) return nullptr;
  return &*it;
}

const KindInfo* FindKindByApiVersion(std::string_view api_version, std::string_view kind) {
  size_t slash = api_version.find('/');
  if (slash == std::string_view::npos) return FindKind("", api_version, kind);
  return FindKind(api_version.substr(0, slash), api_version.substr(slash + 1), kind);
}

const ResourceInfo* FindResource(std::string_view group, std::string_view version,
                                 std::string_view resource, std::string_view subresource) {
  auto all = AllResources();
  auto key = std::make_tuple(group, version, resource, subresource);
  auto it = std::lower_bound(all.begin(), all.end(), key, [](const ResourceInfo& r, const auto& t) {
    return std::make_tuple(r.group, r.version, r.resource, r.subresource) < t;
  });
  if (it == all.end() || std::make_tuple(it->group, it->version, it->resource, it->subresource) != key) {
    return nullptr;
  }
  return &*it;
}

const ResourceInfo* FindResourceForKind(std::string_view group, std::string_view version,
                                        std::string_view kind) {
  for (const auto& r : AllResources()) {
    if (r.subresource.empty() && r.group == group && r.version == version && r.kind == kind &&
        r.kind_group == group && r.kind_version == version) {
      return &r;
    }
  }
  return nullptr;
}

}  // namespace kubecxx::codec
