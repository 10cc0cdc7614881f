// ImageLocality (upstream plugins/imagelocality, default weight 1): favours nodes that
// already have the pod's images. Per image present on the node (names normalised with
// ":latest" when untagged): size * (nodes having it / all nodes); the sum is clamped to
// [23 MiB, 1000 MiB * number of images] and mapped linearly onto [0, 100]. Images of
// init containers, containers and image volumes count.
// Thread-safety: reads the snapshot through the Handle; no state of its own.
#pragma once

#include <string>

#include "components/kube-scheduler/framework/interface.h"
#include "components/kube-scheduler/plugins/names.h"

namespace kubecxx::scheduler::plugins {

class ImageLocality final : public framework::ScorePlugin {
 public:
  explicit ImageLocality(const framework::Handle& handle) : handle_(handle) {}
  std::string_view Name() const override { return names::kImageLocality; }
  framework::Status Score(const framework::CycleState& state, const framework::Pod& pod,
                          const framework::NodeInfo& node_info, int64_t* score) const override;

 private:
  const framework::Handle& handle_;
};

// normalizedImageName: appends ":latest" when the name has no tag after its last '/'.
std::string NormalizedImageName(const std::string& name);

}  // namespace kubecxx::scheduler::plugins
