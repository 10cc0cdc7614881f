// NodeTree: node names grouped by zone, listed round-robin across zones (upstream
// backend/cache node_tree.go), so that the filter walk spreads over zones.
//
// The zone key is region + ":\0:" + zone from the failure-domain.beta.kubernetes.io
// labels, falling back to topology.kubernetes.io/{region,zone}; "" when neither is set.
// Zones are kept in the order they first appeared; nodes within a zone likewise.
//
// Thread-safety: none; the cache owns it under its lock.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "kubecxx/api/core/v1/types.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::cache {

std::string GetZoneKey(const api::core::v1::Node& node);

class NodeTree {
 public:
  // Adds the node unless a node of that name is already in its zone.
  void AddNode(const api::core::v1::Node& node);
  // NotFound when the node is not in its zone.
  Status RemoveNode(const api::core::v1::Node& node);
  // Moves the node when its zone changed.
  void UpdateNode(const api::core::v1::Node* old_node, const api::core::v1::Node& new_node);
  // All node names: the first node of every zone, then the second of every zone, ...
  std::vector<std::string> List() const;
  size_t NumNodes() const { return num_nodes_; }

 private:
  std::map<std::string, std::vector<std::string>> tree_;
  std::vector<std::string> zones_;
  size_t num_nodes_ = 0;
};

}  // namespace kubecxx::scheduler::cache
