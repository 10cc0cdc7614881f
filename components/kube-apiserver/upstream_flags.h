// The flag names of stock kube-apiserver v1.37.2 (see upstream_flags.cc).
// Thread-safety: an immutable table.
#pragma once

#include <span>
#include <string_view>

namespace kubecxx::kube_apiserver {

struct UpstreamFlag {
  std::string_view name;
  bool is_bool;
};

std::span<const UpstreamFlag> UpstreamFlags();

}  // namespace kubecxx::kube_apiserver
