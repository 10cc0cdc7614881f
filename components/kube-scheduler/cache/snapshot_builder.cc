#include "components/kube-scheduler/cache/snapshot_builder.h"

#include <map>
#include <set>
#include <string>

#include "components/kube-scheduler/cache/node_tree.h"

namespace kubecxx::scheduler::cache {

using framework::ImageStateSummary;
using framework::NodeInfo;

framework::Snapshot BuildSnapshot(const std::vector<std::shared_ptr<const api::core::v1::Node>>& nodes,
                                  const std::vector<std::shared_ptr<const api::core::v1::Pod>>& pods) {
  std::map<std::string, std::set<std::string>> image_nodes;  // image name -> node names
  for (const auto& node : nodes) {
    for (const auto& image : node->status.images) {
      for (const auto& name : image.names) image_nodes[name].insert(node->object_meta.name);
    }
  }
  std::map<std::string, std::shared_ptr<NodeInfo>> infos;
  NodeTree tree;
  for (const auto& node : nodes) {
    auto info = std::make_shared<NodeInfo>();
    info->SetNode(node);
    std::map<std::string, ImageStateSummary, std::less<>> states;
    for (const auto& image : node->status.images) {
      for (const auto& name : image.names) {
        if (states.contains(name)) continue;
        states[name] = ImageStateSummary{image.size_bytes, static_cast<int>(image_nodes[name].size())};
      }
    }
    info->SetImageStates(std::move(states));
    infos[node->object_meta.name] = std::move(info);
    tree.AddNode(*node);
  }
  for (const auto& pod : pods) {
    auto it = infos.find(pod->spec.node_name);
    if (it != infos.end()) it->second->AddPod(pod);
  }
  std::vector<std::shared_ptr<const NodeInfo>> list;
  for (const std::string& name : tree.List()) list.push_back(infos[name]);
  return framework::Snapshot(std::move(list));
}

}  // namespace kubecxx::scheduler::cache
