#include "components/kube-scheduler/plugins/image_locality.h"

namespace kubecxx::scheduler::plugins {
namespace {

constexpr int64_t kMb = 1024 * 1024;
constexpr int64_t kMinThreshold = 23 * kMb;
constexpr int64_t kMaxContainerThreshold = 1000 * kMb;

int64_t ScaledImageScore(const framework::ImageStateSummary& state, int total_nodes) {
  double spread = static_cast<double>(state.num_nodes) / static_cast<double>(total_nodes);
  return static_cast<int64_t>(static_cast<double>(state.size) * spread);
}

}  // namespace

std::string NormalizedImageName(const std::string& name) {
  // Go's LastIndex returns -1 when absent, so compare as signed positions.
  auto pos = [&](char c) -> long {
    size_t p = name.rfind(c);
    return p == std::string::npos ? -1 : static_cast<long>(p);
  };
  if (pos(':') <= pos('/')) return name + ":latest";
  return name;
}

framework::Status ImageLocality::Score(const framework::CycleState&, const framework::Pod& pod,
                                       const framework::NodeInfo& node_info, int64_t* score) const {
  const int total = static_cast<int>(handle_.SnapshotLister().NumNodes());
  const auto& states = node_info.image_states();
  int64_t sum = 0;
  auto add = [&](const std::string& image) {
    auto it = states.find(NormalizedImageName(image));
    if (it != states.end()) sum += ScaledImageScore(it->second, total);
  };
  for (const auto& c : pod.spec.init_containers) add(c.image);
  for (const auto& c : pod.spec.containers) add(c.image);
  int64_t count = static_cast<int64_t>(pod.spec.init_containers.size() + pod.spec.containers.size());
  for (const auto& v : pod.spec.volumes) {
    if (!v.volume_source.image) continue;
    add(v.volume_source.image->reference);
    ++count;
  }
  const int64_t max_threshold = kMaxContainerThreshold * count;
  if (sum < kMinThreshold) {
    sum = kMinThreshold;
  } else if (sum > max_threshold) {
    sum = max_threshold;
  }
  *score = framework::kMaxNodeScore * (sum - kMinThreshold) / (max_threshold - kMinThreshold);
  return framework::Status();
}

}  // namespace kubecxx::scheduler::plugins
