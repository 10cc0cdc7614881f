// Why a pod did not fit: per-node statuses, the rejecting plugins, and the
// FailedScheduling message built from them (upstream framework.Diagnosis / FitError).
//
// FitError::Message() is upstream's FitError.Error():
//   "0/<N> nodes are available: <PreFilterMsg>." when PreFilter rejected the pod, else
//   "0/<N> nodes are available: <c1> <reason1>, <c2> <reason2>." with every reason of
//   every rejected node counted (nodes absent from the map count with the absent-nodes
//   status), the "<count> <reason>" strings sorted bytewise;
//   then " <PostFilterMsg>" when PostFilter (preemption) left one, e.g.
//   " preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.".
//
// Thread-safety: value types.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "components/kube-scheduler/framework/status.h"

namespace kubecxx::scheduler::framework {

// framework.NodeToStatus: explicit per-node statuses plus one status for all others.
class NodeToStatus {
 public:
  // NewDefaultNodeToStatus: absent nodes are UnschedulableAndUnresolvable, no reasons.
  NodeToStatus() : absent_(Code::kUnschedulableAndUnresolvable) {}

  const Status& Get(std::string_view node) const {
    auto it = statuses_.find(node);
    return it == statuses_.end() ? absent_ : it->second;
  }
  void Set(std::string node, Status status) { statuses_[std::move(node)] = std::move(status); }
  size_t Len() const { return statuses_.size(); }
  const Status& AbsentNodesStatus() const { return absent_; }
  void SetAbsentNodesStatus(Status status) { absent_ = std::move(status); }
  const std::map<std::string, Status, std::less<>>& Explicit() const { return statuses_; }

 private:
  std::map<std::string, Status, std::less<>> statuses_;
  Status absent_;
};

struct Diagnosis {
  NodeToStatus node_to_status;
  std::set<std::string> unschedulable_plugins;  // returned Unschedulable*/Pending
  std::set<std::string> pending_plugins;        // returned Pending
  std::string pre_filter_msg;
  std::string post_filter_msg;

  // Records the status's plugin as rejecting (and pending) when it has one.
  void AddPluginStatus(const Status& status);
};

struct FitError {
  std::string pod_namespace;
  std::string pod_name;
  int num_all_nodes = 0;
  Diagnosis diagnosis;

  std::string Message() const;
};

// upstream ErrNoNodesAvailable.
inline constexpr std::string_view kNoNodesAvailableMsg = "no nodes available to schedule pods";

}  // namespace kubecxx::scheduler::framework
