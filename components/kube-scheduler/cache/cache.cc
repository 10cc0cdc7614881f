#include "components/kube-scheduler/cache/cache.h"

namespace kubecxx::scheduler::cache {
namespace {

using api::core::v1::Node;
using api::core::v1::Pod;

std::string Desc(const Pod& pod) {
  return pod.object_meta.uid + "(" + pod.object_meta.namespace_ + "/" + pod.object_meta.name + ")";
}

Status NoUid() { return Status::Invalid("cannot get cache key for pod with empty UID"); }

}  // namespace

std::shared_ptr<framework::NodeInfo>& SchedulerCache::InfoFor(const std::string& node_name) {
  auto& info = nodes_[node_name];
  if (!info) info = std::make_shared<framework::NodeInfo>();
  return info;
}

void SchedulerCache::Touch(const std::string& name) {
  if (auto g = generation_of_.find(name); g != generation_of_.end()) {
    by_generation_.erase(g->second);
    generation_of_.erase(g);
  }
  auto it = nodes_.find(name);
  if (it == nodes_.end()) return;
  generation_of_[name] = it->second->generation();
  by_generation_[it->second->generation()] = name;
}

void SchedulerCache::AddPodLocked(const PodPtr& pod, bool assume) {
  InfoFor(pod->spec.node_name)->AddPod(pod);
  Touch(pod->spec.node_name);
  pod_states_[pod->object_meta.uid] = PodState{pod};
  if (assume) assumed_.insert(pod->object_meta.uid);
}

Status SchedulerCache::RemovePodLocked(const Pod& pod) {
  auto it = nodes_.find(pod.spec.node_name);
  if (it != nodes_.end()) {
    Status s = it->second->RemovePod(pod);
    if (!s.ok()) return s;
    // A node already deleted keeps its NodeInfo only while pods reference it.
    if (it->second->pods().empty() && !it->second->node()) nodes_.erase(it);
    Touch(pod.spec.node_name);
  }
  pod_states_.erase(pod.object_meta.uid);
  assumed_.erase(pod.object_meta.uid);
  return Status::Ok();
}

Status SchedulerCache::AssumePod(const PodPtr& pod) {
  if (pod->object_meta.uid.empty()) return NoUid();
  std::lock_guard<std::mutex> l(mu_);
  if (pod_states_.contains(pod->object_meta.uid)) {
    return Status(StatusCode::kAlreadyExists, "pod " + Desc(*pod) + " is in the cache, so can't be assumed");
  }
  AddPodLocked(pod, true);
  return Status::Ok();
}

Status SchedulerCache::ForgetPod(const Pod& pod) {
  if (pod.object_meta.uid.empty()) return NoUid();
  std::lock_guard<std::mutex> l(mu_);
  auto it = pod_states_.find(pod.object_meta.uid);
  if (it != pod_states_.end() && it->second.pod->spec.node_name != pod.spec.node_name) {
    return Status(StatusCode::kConflict, "pod " + Desc(pod) + " was assumed on " + pod.spec.node_name +
                                             " but assigned to " + it->second.pod->spec.node_name);
  }
  if (it == pod_states_.end() || !assumed_.contains(pod.object_meta.uid)) {
    return Status(StatusCode::kNotFound, "pod " + Desc(pod) + " is not assumed, so it cannot be removed or forgotten");
  }
  return RemovePodLocked(*it->second.pod);
}

Status SchedulerCache::AddPod(const PodPtr& pod) {
  if (pod->object_meta.uid.empty()) return NoUid();
  std::lock_guard<std::mutex> l(mu_);
  auto it = pod_states_.find(pod->object_meta.uid);
  if (it != pod_states_.end() && assumed_.contains(pod->object_meta.uid)) {
    // Confirmation: replace the assumed copy (on whatever node the pod really landed).
    PodPtr assumed = it->second.pod;
    Status s = RemovePodLocked(*assumed);
    if (!s.ok()) return s;
    AddPodLocked(pod, false);
    return Status::Ok();
  }
  if (it == pod_states_.end()) {
    AddPodLocked(pod, false);
    return Status::Ok();
  }
  return Status(StatusCode::kAlreadyExists, "pod " + Desc(*pod) + " was already in added state");
}

Status SchedulerCache::UpdatePod(const Pod& old_pod, const PodPtr& new_pod) {
  if (old_pod.object_meta.uid.empty()) return NoUid();
  std::lock_guard<std::mutex> l(mu_);
  auto it = pod_states_.find(old_pod.object_meta.uid);
  if (it == pod_states_.end()) {
    return Status(StatusCode::kNotFound,
                  "pod " + Desc(old_pod) + " is not added to scheduler cache, so cannot be updated");
  }
  if (assumed_.contains(old_pod.object_meta.uid)) {
    return Status(StatusCode::kConflict, "assumed pod " + Desc(old_pod) + " should not be updated");
  }
  if (it->second.pod->spec.node_name != new_pod->spec.node_name) {
    return Status(StatusCode::kInternal, "pod " + Desc(old_pod) +
                                             " updated on a different node than previously added to; scheduler "
                                             "cache is corrupted");
  }
  Status s = RemovePodLocked(*it->second.pod);
  if (!s.ok()) return s;
  AddPodLocked(new_pod, false);
  return Status::Ok();
}

Status SchedulerCache::RemovePod(const Pod& pod) {
  if (pod.object_meta.uid.empty()) return NoUid();
  std::lock_guard<std::mutex> l(mu_);
  auto it = pod_states_.find(pod.object_meta.uid);
  if (it == pod_states_.end()) {
    return Status(StatusCode::kNotFound,
                  "pod " + Desc(pod) + " is not found in scheduler cache, so cannot be removed from it");
  }
  if (it->second.pod->spec.node_name != pod.spec.node_name && !pod.spec.node_name.empty()) {
    return Status(StatusCode::kInternal, "pod " + Desc(pod) + " was added to a different node than it was assumed; "
                                                              "scheduler cache is corrupted");
  }
  return RemovePodLocked(*it->second.pod);
}

bool SchedulerCache::IsAssumedPod(const Pod& pod) const {
  std::lock_guard<std::mutex> l(mu_);
  return assumed_.contains(pod.object_meta.uid);
}

SchedulerCache::PodPtr SchedulerCache::GetPod(const Pod& pod) const {
  std::lock_guard<std::mutex> l(mu_);
  auto it = pod_states_.find(pod.object_meta.uid);
  return it == pod_states_.end() ? nullptr : it->second.pod;
}

std::map<std::string, framework::ImageStateSummary, std::less<>> SchedulerCache::SummariesFor(const Node& node) const {
  std::map<std::string, framework::ImageStateSummary, std::less<>> out;
  for (const auto& image : node.status.images) {
    for (const auto& name : image.names) {
      if (out.contains(name)) continue;
      auto it = images_.find(name);
      if (it == images_.end()) continue;
      out[name] = framework::ImageStateSummary{it->second.size, static_cast<int>(it->second.nodes.size())};
    }
  }
  return out;
}

void SchedulerCache::RefreshImageSummaries(const std::set<std::string>& images) {
  std::set<std::string> touched;
  for (const auto& name : images) {
    auto it = images_.find(name);
    if (it != images_.end()) touched.insert(it->second.nodes.begin(), it->second.nodes.end());
  }
  for (const auto& n : touched) {
    auto it = nodes_.find(n);
    if (it != nodes_.end() && it->second->node()) {
      it->second->SetImageStates(SummariesFor(*it->second->node()));
      Touch(n);
    }
  }
}

void SchedulerCache::AddImages(const Node& node) {
  std::set<std::string> names;
  for (const auto& image : node.status.images) {
    for (const auto& name : image.names) {
      auto [it, inserted] = images_.try_emplace(name);
      if (inserted) it->second.size = image.size_bytes;
      it->second.nodes.insert(node.object_meta.name);
      names.insert(name);
    }
  }
  RefreshImageSummaries(names);
}

void SchedulerCache::RemoveImages(const Node& node) {
  std::set<std::string> names;
  for (const auto& image : node.status.images) {
    for (const auto& name : image.names) {
      auto it = images_.find(name);
      if (it == images_.end()) continue;
      it->second.nodes.erase(node.object_meta.name);
      if (it->second.nodes.empty()) images_.erase(it);
      names.insert(name);
    }
  }
  RefreshImageSummaries(names);
}

void SchedulerCache::AddNode(const NodePtr& node) {
  std::lock_guard<std::mutex> l(mu_);
  auto& info = InfoFor(node->object_meta.name);
  if (info->node()) {
    RemoveImages(*info->node());
    if (info->node()->object_meta.labels != node->object_meta.labels) ++node_set_version_;
  } else {
    ++node_set_version_;
  }
  tree_.AddNode(*node);
  info->SetNode(node);
  AddImages(*node);
  info->SetImageStates(SummariesFor(*node));
  Touch(node->object_meta.name);
}

void SchedulerCache::UpdateNode(const Node& old_node, const NodePtr& new_node) {
  std::lock_guard<std::mutex> l(mu_);
  auto& info = InfoFor(new_node->object_meta.name);
  if (info->node()) {
    RemoveImages(*info->node());
    if (info->node()->object_meta.labels != new_node->object_meta.labels) ++node_set_version_;
    tree_.UpdateNode(&old_node, *new_node);
  } else {
    ++node_set_version_;
    tree_.AddNode(*new_node);
  }
  info->SetNode(new_node);
  AddImages(*new_node);
  info->SetImageStates(SummariesFor(*new_node));
  Touch(new_node->object_meta.name);
}

Status SchedulerCache::RemoveNode(const Node& node) {
  std::lock_guard<std::mutex> l(mu_);
  auto it = nodes_.find(node.object_meta.name);
  if (it == nodes_.end()) return Status(StatusCode::kNotFound, "node " + node.object_meta.name + " is not found");
  std::shared_ptr<framework::NodeInfo> info = it->second;
  if (info->node()) RemoveImages(*info->node());
  // Pods of a deleted node stay (as upstream) until their own deletions arrive.
  if (info->pods().empty()) {
    nodes_.erase(it);
  } else {
    info->RemoveNode();
  }
  (void)tree_.RemoveNode(node);
  ++node_set_version_;
  Touch(node.object_meta.name);
  return Status::Ok();
}

void SchedulerCache::UpdateSnapshot(CacheSnapshot* snap) const {
  std::lock_guard<std::mutex> l(mu_);
  bool changed = false;
  int64_t max_gen = snap->generation;
  std::vector<std::shared_ptr<const framework::NodeInfo>> clones;
  for (auto it = by_generation_.upper_bound(snap->generation); it != by_generation_.end(); ++it) {
    max_gen = std::max(max_gen, it->first);
    auto n = nodes_.find(it->second);
    if (n == nodes_.end() || !n->second->node()) continue;
    auto clone = std::shared_ptr<const framework::NodeInfo>(n->second->Clone());
    snap->infos[it->second] = clone;
    clones.push_back(std::move(clone));
    changed = true;
  }
  snap->generation = max_gen;
  if (snap->node_set_version == node_set_version_) {
    if (changed) {
      snap->snapshot = std::make_shared<const framework::Snapshot>(framework::Snapshot::WithReplaced(*snap->snapshot, clones));
    }
    return;
  }
  // Nodes deleted since (or whose NodeInfo only lingers for pods) leave the snapshot.
  for (auto it = snap->infos.begin(); it != snap->infos.end();) {
    auto n = nodes_.find(it->first);
    if (n == nodes_.end() || !n->second->node()) {
      it = snap->infos.erase(it);
    } else {
      ++it;
    }
  }
  snap->node_set_version = node_set_version_;
  std::vector<std::shared_ptr<const framework::NodeInfo>> list;
  for (const std::string& name : tree_.List()) {
    auto it = snap->infos.find(name);
    if (it != snap->infos.end()) list.push_back(it->second);
  }
  snap->snapshot = std::make_shared<const framework::Snapshot>(std::move(list));
}

size_t SchedulerCache::NodeCount() const {
  std::lock_guard<std::mutex> l(mu_);
  return tree_.NumNodes();
}

size_t SchedulerCache::PodCount() const {
  std::lock_guard<std::mutex> l(mu_);
  size_t n = 0;
  for (const auto& [name, info] : nodes_) n += info->pods().size();
  return n;
}

size_t SchedulerCache::AssumedPodCount() const {
  std::lock_guard<std::mutex> l(mu_);
  return assumed_.size();
}

}  // namespace kubecxx::scheduler::cache
