#include "components/kube-scheduler/framework/node_info.h"

#include <algorithm>
#include <atomic>

namespace kubecxx::scheduler::framework {
namespace {

std::atomic<int64_t> g_generation{0};

constexpr std::string_view kBindAll = "0.0.0.0";

std::string_view OrDefault(std::string_view v, std::string_view def) { return v.empty() ? def : v; }

// Removes the entry with `uid` (swap with last, as upstream). Returns whether found.
bool RemoveFromList(std::vector<std::shared_ptr<const PodInfo>>& list, const std::string& uid,
                    std::shared_ptr<const PodInfo>* removed) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i]->pod().object_meta.uid == uid) {
      if (removed) *removed = list[i];
      list[i] = std::move(list.back());
      list.pop_back();
      return true;
    }
  }
  return false;
}

}  // namespace

int64_t NextGeneration() { return g_generation.fetch_add(1, std::memory_order_relaxed) + 1; }

PodInfo::PodInfo(std::shared_ptr<const Pod> pod) : pod_(std::move(pod)) {
  resource_ = CalculatePodResource(*pod_);
  const auto& aff = pod_->spec.affinity;
  has_affinity_ = aff && (aff->pod_affinity || aff->pod_anti_affinity);
  has_required_anti_affinity_ =
      aff && aff->pod_anti_affinity &&
      !aff->pod_anti_affinity->required_during_scheduling_ignored_during_execution.empty();
  if (has_affinity_) {
    auto terms = ParsePodAffinityTerms(*pod_);
    if (terms.ok()) {
      terms_ = std::move(terms).value();
    } else {
      terms_error_ = std::string(terms.status().message());
    }
  }
}

void HostPortInfo::Add(std::string_view ip, std::string_view protocol, int32_t port) {
  if (port <= 0) return;
  auto it = ports_.find(OrDefault(ip, kBindAll));
  if (it == ports_.end()) it = ports_.emplace(std::string(OrDefault(ip, kBindAll)), std::set<ProtocolPort>{}).first;
  it->second.emplace(std::string(OrDefault(protocol, "TCP")), port);
}

void HostPortInfo::Remove(std::string_view ip, std::string_view protocol, int32_t port) {
  if (port <= 0) return;
  auto it = ports_.find(OrDefault(ip, kBindAll));
  if (it == ports_.end()) return;
  it->second.erase(ProtocolPort(std::string(OrDefault(protocol, "TCP")), port));
  if (it->second.empty()) ports_.erase(it);
}

bool HostPortInfo::CheckConflict(std::string_view ip, std::string_view protocol,
                                 int32_t port) const {
  if (port <= 0) return false;
  ip = OrDefault(ip, kBindAll);
  ProtocolPort pp(std::string(OrDefault(protocol, "TCP")), port);
  if (ip == kBindAll) {
    for (const auto& [unused, set] : ports_) {
      if (set.contains(pp)) return true;
    }
    return false;
  }
  for (std::string_view key : {kBindAll, ip}) {
    auto it = ports_.find(key);
    if (it != ports_.end() && it->second.contains(pp)) return true;
  }
  return false;
}

size_t HostPortInfo::Len() const {
  size_t n = 0;
  for (const auto& [unused, set] : ports_) n += set.size();
  return n;
}

std::vector<api::core::v1::ContainerPort> GetHostPorts(const Pod& pod) {
  std::vector<api::core::v1::ContainerPort> ports;
  for (const auto& c : pod.spec.init_containers) {
    if (!c.restart_policy || *c.restart_policy != "Always") continue;
    for (const auto& p : c.ports) {
      if (p.host_port > 0) ports.push_back(p);
    }
  }
  for (const auto& c : pod.spec.containers) {
    for (const auto& p : c.ports) {
      if (p.host_port > 0) ports.push_back(p);
    }
  }
  return ports;
}

std::vector<std::string> PodPVCKeys(const Pod& pod) {
  std::vector<std::string> keys;
  for (const auto& v : pod.spec.volumes) {
    if (!v.volume_source.persistent_volume_claim) continue;
    keys.push_back(pod.object_meta.namespace_ + "/" + v.volume_source.persistent_volume_claim->claim_name);
  }
  return keys;
}

NodeInfo::NodeInfo() : generation_(NextGeneration()) {}

const std::string& NodeInfo::name() const {
  static const std::string kEmpty;
  return node_ ? node_->object_meta.name : kEmpty;
}

void NodeInfo::SetNode(std::shared_ptr<const Node> node) {
  node_ = std::move(node);
  allocatable_ = ResourceFromList(node_->status.allocatable);
  generation_ = NextGeneration();
}

void NodeInfo::RemoveNode() {
  node_.reset();
  generation_ = NextGeneration();
}

void NodeInfo::SetImageStates(std::map<std::string, ImageStateSummary, std::less<>> states) {
  image_states_ = std::move(states);
  generation_ = NextGeneration();
}

void NodeInfo::AddPodInfo(std::shared_ptr<const PodInfo> pod_info) {
  if (pod_info->has_affinity()) pods_with_affinity_.push_back(pod_info);
  if (pod_info->has_required_anti_affinity()) pods_with_required_anti_affinity_.push_back(pod_info);
  Update(*pod_info, 1);
  pods_.push_back(std::move(pod_info));
}

void NodeInfo::AddPod(std::shared_ptr<const Pod> pod) {
  AddPodInfo(std::make_shared<const PodInfo>(std::move(pod)));
}

::kubecxx::Status NodeInfo::RemovePod(const Pod& pod) {
  const std::string& uid = pod.object_meta.uid;
  if (uid.empty()) return Status::Invalid("cannot get cache key for pod with empty UID");
  RemoveFromList(pods_with_affinity_, uid, nullptr);
  RemoveFromList(pods_with_required_anti_affinity_, uid, nullptr);
  std::shared_ptr<const PodInfo> removed;
  if (!RemoveFromList(pods_, uid, &removed)) {
    return Status(StatusCode::kNotFound, "no corresponding pod " + pod.object_meta.name +
                                             " in pods of node " + name());
  }
  Update(*removed, -1);
  return Status::Ok();
}

void NodeInfo::Update(const PodInfo& pod_info, int64_t sign) {
  const PodResource& r = pod_info.resource();
  requested_.milli_cpu += sign * r.resource.milli_cpu;
  requested_.memory += sign * r.resource.memory;
  requested_.ephemeral_storage += sign * r.resource.ephemeral_storage;
  for (const auto& [name, v] : r.resource.scalar_resources) {
    requested_.scalar_resources[name] += sign * v;
  }
  non_zero_requested_.milli_cpu += sign * r.non0_cpu;
  non_zero_requested_.memory += sign * r.non0_mem;
  for (const auto& p : GetHostPorts(pod_info.pod())) {
    if (sign > 0) {
      used_ports_.Add(p.host_ip, p.protocol, p.host_port);
    } else {
      used_ports_.Remove(p.host_ip, p.protocol, p.host_port);
    }
  }
  for (const std::string& key : PodPVCKeys(pod_info.pod())) {
    if (sign > 0) {
      pvc_ref_counts_[key] += 1;
    } else if (auto it = pvc_ref_counts_.find(key); it != pvc_ref_counts_.end()) {
      if (--it->second <= 0) pvc_ref_counts_.erase(it);
    }
  }
  generation_ = NextGeneration();
}

}  // namespace kubecxx::scheduler::framework
