#include "components/kube-scheduler/cache/node_tree.h"

#include <algorithm>

namespace kubecxx::scheduler::cache {
namespace {

const std::string* Label(const api::core::v1::Node& node, const char* key) {
  auto it = node.object_meta.labels.find(key);
  return it == node.object_meta.labels.end() ? nullptr : &it->second;
}

}  // namespace

std::string GetZoneKey(const api::core::v1::Node& node) {
  const std::string* zone = Label(node, "failure-domain.beta.kubernetes.io/zone");
  if (!zone) zone = Label(node, "topology.kubernetes.io/zone");
  const std::string* region = Label(node, "failure-domain.beta.kubernetes.io/region");
  if (!region) region = Label(node, "topology.kubernetes.io/region");
  std::string z = zone ? *zone : "";
  std::string r = region ? *region : "";
  if (r.empty() && z.empty()) return "";
  std::string key = r;
  key.append(":\0:", 3);
  key += z;
  return key;
}

void NodeTree::AddNode(const api::core::v1::Node& node) {
  std::string zone = GetZoneKey(node);
  auto it = tree_.find(zone);
  if (it != tree_.end()) {
    if (std::find(it->second.begin(), it->second.end(), node.object_meta.name) != it->second.end()) {
      return;
    }
    it->second.push_back(node.object_meta.name);
  } else {
    zones_.push_back(zone);
    tree_[zone] = {node.object_meta.name};
  }
  ++num_nodes_;
}

Status NodeTree::RemoveNode(const api::core::v1::Node& node) {
  std::string zone = GetZoneKey(node);
  auto it = tree_.find(zone);
  if (it != tree_.end()) {
    auto pos = std::find(it->second.begin(), it->second.end(), node.object_meta.name);
    if (pos != it->second.end()) {
      it->second.erase(pos);
      if (it->second.empty()) {
        tree_.erase(it);
        zones_.erase(std::find(zones_.begin(), zones_.end(), zone));
      }
      --num_nodes_;
      return Status::Ok();
    }
  }
  return Status(StatusCode::kNotFound,
                "node \"" + node.object_meta.name + "\" in group \"" + zone + "\" was not found");
}

void NodeTree::UpdateNode(const api::core::v1::Node* old_node, const api::core::v1::Node& new_node) {
  std::string old_zone = old_node ? GetZoneKey(*old_node) : "";
  if (old_zone == GetZoneKey(new_node)) return;
  if (old_node) (void)RemoveNode(*old_node);  // upstream ignores a missing old node
  AddNode(new_node);
}

std::vector<std::string> NodeTree::List() const {
  std::vector<std::string> out;
  out.reserve(num_nodes_);
  for (size_t index = 0; out.size() < num_nodes_; ++index) {
    bool any = false;
    for (const std::string& zone : zones_) {
      const auto& names = tree_.at(zone);
      if (index < names.size()) {
        out.push_back(names[index]);
        any = true;
      }
    }
    if (!any) break;  // cannot happen while num_nodes_ is consistent
  }
  return out;
}

}  // namespace kubecxx::scheduler::cache
