#include "components/kube-scheduler/framework/snapshot.h"

#include <cassert>

namespace kubecxx::scheduler::framework {

Snapshot::Snapshot(std::vector<std::shared_ptr<const NodeInfo>> node_infos)
    : list_(std::move(node_infos)) {
  for (size_t i = 0; i < list_.size(); ++i) {
    assert(list_[i]->node() && "Snapshot: NodeInfo without a node");
    index_.emplace(list_[i]->name(), i);
    if (!list_[i]->pods_with_affinity().empty()) with_affinity_.push_back(list_[i]);
    if (!list_[i]->pods_with_required_anti_affinity().empty()) {
      with_required_anti_affinity_.push_back(list_[i]);
    }
  }
}

const NodeInfo* Snapshot::Get(std::string_view name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : list_[it->second].get();
}

std::shared_ptr<const NodeInfo> Snapshot::GetShared(std::string_view name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : list_[it->second];
}

}  // namespace kubecxx::scheduler::framework
