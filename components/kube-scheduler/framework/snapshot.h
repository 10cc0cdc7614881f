// Snapshot: the immutable view of the cluster one scheduling cycle works on (upstream
// backend/cache Snapshot as fwk.NodeInfoLister).
//
// Nodes are listed in the order given at construction; the cache builds it in node-tree
// order (zones interleaved round-robin, see cache/node_tree.h), which is what the
// rotating start index of the filter walk iterates over.
//
// Thread-safety: immutable after construction; any number of threads may read it.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "components/kube-scheduler/framework/node_info.h"

namespace kubecxx::scheduler::framework {

class Snapshot {
 public:
  Snapshot() = default;
  // REQUIRES: every NodeInfo has a node, names are unique.
  explicit Snapshot(std::vector<std::shared_ptr<const NodeInfo>> node_infos);
  // `base` with some NodeInfos replaced by newer versions of the same nodes (same node set,
  // same order): the name index is shared with `base`, the lists are copied. What the
  // cache's incremental UpdateSnapshot uses between cycles, O(nodes) pointer copies with no
  // map rebuilt. REQUIRES: every replacement names a node of `base`.
  static Snapshot WithReplaced(const Snapshot& base,
                               const std::vector<std::shared_ptr<const NodeInfo>>& changed);

  const std::vector<std::shared_ptr<const NodeInfo>>& List() const { return list_; }
  size_t NumNodes() const { return list_.size(); }
  // Nodes with at least one pod with pod (anti-)affinity.
  const std::vector<std::shared_ptr<const NodeInfo>>& HavePodsWithAffinityList() const {
    return with_affinity_;
  }
  const std::vector<std::shared_ptr<const NodeInfo>>& HavePodsWithRequiredAntiAffinityList() const {
    return with_required_anti_affinity_;
  }
  // The node, or null ("nodeinfo not found for node name %q" upstream).
  const NodeInfo* Get(std::string_view name) const;
  std::shared_ptr<const NodeInfo> GetShared(std::string_view name) const;

 private:
  void BuildAffinityLists();

  std::vector<std::shared_ptr<const NodeInfo>> list_;
  std::vector<std::shared_ptr<const NodeInfo>> with_affinity_;
  std::vector<std::shared_ptr<const NodeInfo>> with_required_anti_affinity_;
  std::shared_ptr<const std::map<std::string, size_t, std::less<>>> index_ =
      std::make_shared<const std::map<std::string, size_t, std::less<>>>();
};

}  // namespace kubecxx::scheduler::framework
