// BuildSnapshot: a Snapshot from plain lists of nodes and pods, as the cache's
// UpdateSnapshot would produce it (upstream NewSnapshot + node-tree order).
//
// Pods are attached to the node named by spec.nodeName; pods naming no listed node (and
// unbound pods) are left out. Image states count, per image name, how many of the listed
// nodes report it. Node order is NodeTree order over the nodes as given.
//
// Thread-safety: a pure function.
#pragma once

#include <memory>
#include <vector>

#include "components/kube-scheduler/framework/snapshot.h"

namespace kubecxx::scheduler::cache {

framework::Snapshot BuildSnapshot(const std::vector<std::shared_ptr<const api::core::v1::Node>>& nodes,
                                  const std::vector<std::shared_ptr<const api::core::v1::Pod>>& pods);

}  // namespace kubecxx::scheduler::cache
