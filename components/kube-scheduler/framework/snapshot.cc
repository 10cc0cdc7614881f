#include "components/kube-scheduler/framework/snapshot.h"

#include <cassert>

namespace kubecxx::scheduler::framework {

Snapshot::Snapshot(std::vector<std::shared_ptr<const NodeInfo>> node_infos)
    : list_(std::move(node_infos)) {
  auto index = std::make_shared<std::map<std::string, size_t, std::less<>>>();
  for (size_t i = 0; i < list_.size(); ++i) {
    assert(list_[i]->node() && "Snapshot: NodeInfo without a node");
    index->emplace(list_[i]->name(), i);
  }
  index_ = std::move(index);
  BuildAffinityLists();
}

void Snapshot::BuildAffinityLists() {
  with_affinity_.clear();
  with_required_anti_affinity_.clear();
  for (const auto& info : list_) {
    if (!info->pods_with_affinity().empty()) with_affinity_.push_back(info);
    if (!info->pods_with_required_anti_affinity().empty()) with_required_anti_affinity_.push_back(info);
  }
}

Snapshot Snapshot::WithReplaced(const Snapshot& base,
                                const std::vector<std::shared_ptr<const NodeInfo>>& changed) {
  Snapshot out;
  out.list_ = base.list_;
  out.index_ = base.index_;
  for (const auto& info : changed) {
    auto it = out.index_->find(info->name());
    assert(it != out.index_->end() && "Snapshot::WithReplaced: unknown node");
    out.list_[it->second] = info;
  }
  out.BuildAffinityLists();
  return out;
}

const NodeInfo* Snapshot::Get(std::string_view name) const {
  auto it = index_->find(name);
  return it == index_->end() ? nullptr : list_[it->second].get();
}

std::shared_ptr<const NodeInfo> Snapshot::GetShared(std::string_view name) const {
  auto it = index_->find(name);
  return it == index_->end() ? nullptr : list_[it->second];
}

}  // namespace kubecxx::scheduler::framework
