#include "components/kube-scheduler/framework/diagnosis.h"

#include <algorithm>
#include <vector>

namespace kubecxx::scheduler::framework {

void Diagnosis::AddPluginStatus(const Status& status) {
  if (status.plugin().empty()) return;
  if (status.IsRejected()) unschedulable_plugins.insert(status.plugin());
  if (status.code() == Code::kPending) pending_plugins.insert(status.plugin());
}

std::string FitError::Message() const {
  std::string msg = "0/" + std::to_string(num_all_nodes) + " nodes are available:";
  const std::string& pre = diagnosis.pre_filter_msg;
  if (!pre.empty()) {
    msg += " " + pre + ".";
  } else {
    std::map<std::string, int64_t> reasons;
    for (const auto& [node, status] : diagnosis.node_to_status.Explicit()) {
      for (const std::string& r : status.Reasons()) ++reasons[r];
    }
    const int64_t explicit_nodes = static_cast<int64_t>(diagnosis.node_to_status.Len());
    if (explicit_nodes < num_all_nodes) {
      for (const std::string& r : diagnosis.node_to_status.AbsentNodesStatus().Reasons()) {
        reasons[r] += num_all_nodes - explicit_nodes;
      }
    }
    std::vector<std::string> parts;
    parts.reserve(reasons.size());
    for (const auto& [reason, count] : reasons) parts.push_back(std::to_string(count) + " " + reason);
    std::sort(parts.begin(), parts.end());
    if (!parts.empty()) {
      msg += " ";
      for (size_t i = 0; i < parts.size(); ++i) {
        if (i) msg += ", ";
        msg += parts[i];
      }
      msg += ".";
    }
  }
  if (!diagnosis.post_filter_msg.empty()) msg += " " + diagnosis.post_filter_msg;
  return msg;
}

}  // namespace kubecxx::scheduler::framework
