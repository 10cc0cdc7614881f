// SchedulerCache: the scheduler's view of nodes and of the pods bound or assumed to them
// (upstream backend/cache cache.go, v1.37 semantics), and the source of each cycle's
// Snapshot.
//
// Pods are keyed by UID. AssumePod places a pod on spec.nodeName before its binding is
// confirmed, so the next cycles see its resources; an informer Add of the bound pod
// confirms it (moving it if it landed elsewhere); ForgetPod undoes an assumption after a
// failed binding. v1.37 has no assumed-pod expiry any more (the TTL and FinishBinding
// were removed upstream): an assumed pod stays until confirmed or forgotten, which is
// what this cache does too. Pods may arrive before their node (a NodeInfo without node);
// a removed node's NodeInfo lingers while pods still reference it.
//
// UpdateSnapshot is incremental, as upstream's: every NodeInfo mutation bumps its
// generation and the cache keeps node names ordered by last change, so only NodeInfos
// newer than the snapshot's generation are visited and cloned. When the node set (or a
// node's labels, hence possibly the NodeTree order) changed, the Snapshot is rebuilt in
// NodeTree order; otherwise a new Snapshot shares the old one's name index and swaps in
// the clones (Snapshot::WithReplaced). Nothing changed: the same Snapshot object.
//
// Image summaries count, per image name, the nodes that report it; when that set changes
// every node carrying the image gets fresh summaries.
//
// Thread-safety: all methods lock one mutex; informer threads mutate, the scheduling
// thread calls UpdateSnapshot between cycles, binding threads call ForgetPod.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "components/kube-scheduler/cache/node_tree.h"
#include "components/kube-scheduler/framework/snapshot.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::cache {

// A snapshot plus the generation it reflects (upstream Snapshot.generation).
struct CacheSnapshot {
  std::shared_ptr<const framework::Snapshot> snapshot = std::make_shared<framework::Snapshot>();
  int64_t generation = 0;
  int64_t node_set_version = -1;  // the cache's node set (and order) it was built from
  std::map<std::string, std::shared_ptr<const framework::NodeInfo>, std::less<>> infos;
};

class SchedulerCache {
 public:
  using PodPtr = std::shared_ptr<const api::core::v1::Pod>;
  using NodePtr = std::shared_ptr<const api::core::v1::Node>;

  // Errors (upstream texts, key = UID): "pod <key>(<ns>/<name>) is in the cache, so can't be
  // assumed"; a pod without UID.
  Status AssumePod(const PodPtr& pod);
  // "pod <key>(<ns>/<name>) was assumed on <node> but assigned to <node>" / "... is not
  // assumed, so it cannot be removed or forgotten".
  Status ForgetPod(const api::core::v1::Pod& pod);
  // Confirms an assumed pod, or adds a bound pod; "... was already in added state".
  Status AddPod(const PodPtr& pod);
  // "... is not added to scheduler cache, so cannot be updated" / "assumed pod ... should
  // not be updated"; a changed nodeName is an error (upstream exits the process).
  Status UpdatePod(const api::core::v1::Pod& old_pod, const PodPtr& new_pod);
  // "... is not found in scheduler cache, so cannot be removed from it".
  Status RemovePod(const api::core::v1::Pod& pod);
  bool IsAssumedPod(const api::core::v1::Pod& pod) const;
  // The cached pod with the pod's UID, or null.
  PodPtr GetPod(const api::core::v1::Pod& pod) const;

  void AddNode(const NodePtr& node);
  void UpdateNode(const api::core::v1::Node& old_node, const NodePtr& new_node);
  // "node <name> is not found".
  Status RemoveNode(const api::core::v1::Node& node);

  // Brings `snap` up to date (see above).
  void UpdateSnapshot(CacheSnapshot* snap) const;

  size_t NodeCount() const;
  size_t PodCount() const;  // pods on all NodeInfos (assumed included)
  size_t AssumedPodCount() const;

 private:
  struct PodState {
    PodPtr pod;
  };
  std::shared_ptr<framework::NodeInfo>& InfoFor(const std::string& node_name);
  void AddPodLocked(const PodPtr& pod, bool assume);
  Status RemovePodLocked(const api::core::v1::Pod& pod);
  void AddImages(const api::core::v1::Node& node);
  void RemoveImages(const api::core::v1::Node& node);
  void RefreshImageSummaries(const std::set<std::string>& images);
  std::map<std::string, framework::ImageStateSummary, std::less<>> SummariesFor(const api::core::v1::Node& node) const;

  // Records that nodes_[name] changed (or vanished): keeps by_generation_ current.
  void Touch(const std::string& name);

  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<framework::NodeInfo>, std::less<>> nodes_;
  // Node names by the generation of their NodeInfo's last change, and the reverse.
  std::map<int64_t, std::string> by_generation_;
  std::map<std::string, int64_t, std::less<>> generation_of_;
  // Bumped when nodes with a Node object come or go or change labels.
  int64_t node_set_version_ = 0;
  NodeTree tree_;
  std::map<std::string, PodState, std::less<>> pod_states_;
  std::set<std::string, std::less<>> assumed_;
  struct ImageState {
    int64_t size = 0;
    std::set<std::string> nodes;
  };
  std::map<std::string, ImageState, std::less<>> images_;
};

}  // namespace kubecxx::scheduler::cache
