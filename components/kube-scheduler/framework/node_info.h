// PodInfo and NodeInfo: the scheduler's per-pod and per-node aggregates (upstream
// pkg/scheduler/framework types.go), over the generated API types.
//
// A NodeInfo holds the Node object, the pods placed on it (bound or assumed), the sums of
// their requests (Requested, and NonZeroRequested with the scoring defaults of 100m cpu
// and 200Mi memory per container), the host ports in use, the images present (with how
// many nodes of the snapshot have them) and PVC reference counts. Pods with pod
// (anti-)affinity are kept in extra lists so the inter-pod affinity plugin only scans
// those. Every mutation bumps Generation (one process-wide monotonic counter, as
// upstream) so a snapshot can skip unchanged nodes.
//
// Objects are shared immutably: PodInfo and the Node are held by shared_ptr<const ...>
// and never modified after construction; NodeInfo itself is a value that the cache
// mutates and the snapshot copies (Clone shares the pods, copies the sums).
//
// Thread-safety: a NodeInfo is not synchronised. The scheduling cycle reads snapshot
// NodeInfos from many worker threads at once (const access only); mutation happens on
// one thread between cycles, or on a private Clone.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "components/kube-scheduler/framework/affinity_term.h"
#include "components/kube-scheduler/framework/resource.h"
#include "kubecxx/api/core/v1/types.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::framework {

using api::core::v1::Node;
using api::core::v1::Pod;

inline constexpr std::string_view kLabelHostname = "kubernetes.io/hostname";

// One pod with what the scheduler derives from it once.
class PodInfo {
 public:
  explicit PodInfo(std::shared_ptr<const Pod> pod);

  const Pod& pod() const { return *pod_; }
  const std::shared_ptr<const Pod>& shared_pod() const { return pod_; }
  const PodResource& resource() const { return resource_; }
  // spec.affinity has podAffinity or podAntiAffinity.
  bool has_affinity() const { return has_affinity_; }
  // spec.affinity.podAntiAffinity has required terms.
  bool has_required_anti_affinity() const { return has_required_anti_affinity_; }
  // The parsed pod (anti-)affinity terms (empty lists when parsing failed).
  const PodAffinityTerms& affinity_terms() const { return terms_; }
  // "" or why the terms did not parse (upstream NewPodInfo's error).
  const std::string& affinity_parse_error() const { return terms_error_; }

 private:
  std::shared_ptr<const Pod> pod_;
  PodResource resource_;
  bool has_affinity_ = false;
  bool has_required_anti_affinity_ = false;
  PodAffinityTerms terms_;
  std::string terms_error_;
};

// fwk.HostPortInfo: ip -> {(protocol, port)}; "" ip means 0.0.0.0 and "" protocol TCP.
class HostPortInfo {
 public:
  void Add(std::string_view ip, std::string_view protocol, int32_t port);
  void Remove(std::string_view ip, std::string_view protocol, int32_t port);
  // Whether (ip, protocol, port) collides with a port in use; 0.0.0.0 collides with any ip.
  bool CheckConflict(std::string_view ip, std::string_view protocol, int32_t port) const;
  size_t Len() const;

 private:
  using ProtocolPort = std::pair<std::string, int32_t>;
  std::map<std::string, std::set<ProtocolPort>, std::less<>> ports_;
};

// fwk.ImageStateSummary as a snapshot sees it.
struct ImageStateSummary {
  int64_t size = 0;
  int num_nodes = 0;  // nodes of the snapshot that have the image
};

// The host ports a pod uses: sidecar init containers first, then app containers; ports
// with hostPort <= 0 are left out (schedutil.GetHostPorts).
std::vector<api::core::v1::ContainerPort> GetHostPorts(const Pod& pod);

// "namespace/name" of every PVC the pod mounts.
std::vector<std::string> PodPVCKeys(const Pod& pod);

class NodeInfo {
 public:
  NodeInfo();

  // The node; null while the cache knows pods of a node it has not seen yet.
  const Node* node() const { return node_.get(); }
  const std::shared_ptr<const Node>& shared_node() const { return node_; }
  const std::string& name() const;

  const std::vector<std::shared_ptr<const PodInfo>>& pods() const { return pods_; }
  const std::vector<std::shared_ptr<const PodInfo>>& pods_with_affinity() const {
    return pods_with_affinity_;
  }
  const std::vector<std::shared_ptr<const PodInfo>>& pods_with_required_anti_affinity() const {
    return pods_with_required_anti_affinity_;
  }
  const HostPortInfo& used_ports() const { return used_ports_; }
  const Resource& requested() const { return requested_; }
  const Resource& non_zero_requested() const { return non_zero_requested_; }
  const Resource& allocatable() const { return allocatable_; }
  const std::map<std::string, ImageStateSummary, std::less<>>& image_states() const {
    return image_states_;
  }
  const std::map<std::string, int, std::less<>>& pvc_ref_counts() const { return pvc_ref_counts_; }
  int64_t generation() const { return generation_; }

  // Sets the node and its allocatable.
  void SetNode(std::shared_ptr<const Node> node);
  void RemoveNode();
  // Replaces the image summaries (bumps Generation, so snapshots pick up new counts).
  void SetImageStates(std::map<std::string, ImageStateSummary, std::less<>> states);

  void AddPodInfo(std::shared_ptr<const PodInfo> pod_info);
  void AddPod(std::shared_ptr<const Pod> pod);
  // Removes the pod with the same UID. NotFound when it is not on this node; Invalid when
  // the pod has no UID (the cache key).
  // ::kubecxx::Status spelled out: a TU that includes framework/status.h first would
  // otherwise see framework::Status here (same mangled name, different type).
  ::kubecxx::Status RemovePod(const Pod& pod);

  // A copy sharing the pod objects (upstream Snapshot()).
  std::unique_ptr<NodeInfo> Clone() const { return std::make_unique<NodeInfo>(*this); }

 private:
  void Update(const PodInfo& pod_info, int64_t sign);

  std::shared_ptr<const Node> node_;
  std::vector<std::shared_ptr<const PodInfo>> pods_;
  std::vector<std::shared_ptr<const PodInfo>> pods_with_affinity_;
  std::vector<std::shared_ptr<const PodInfo>> pods_with_required_anti_affinity_;
  HostPortInfo used_ports_;
  Resource requested_;
  Resource non_zero_requested_;
  Resource allocatable_;
  std::map<std::string, ImageStateSummary, std::less<>> image_states_;
  std::map<std::string, int, std::less<>> pvc_ref_counts_;
  int64_t generation_ = 0;
};

// The next value of the process-wide generation counter (atomic).
int64_t NextGeneration();

}  // namespace kubecxx::scheduler::framework
