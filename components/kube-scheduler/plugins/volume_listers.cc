#include "components/kube-scheduler/plugins/volume_listers.h"

namespace kubecxx::scheduler::plugins {
namespace {

std::string NsKey(std::string_view ns, std::string_view name) {
  return std::string(ns) + "/" + std::string(name);
}

template <typename M>
typename M::mapped_type Find(const M& m, std::string_view key) {
  auto it = m.find(key);
  return it == m.end() ? nullptr : it->second;
}

}  // namespace

void InMemoryVolumeLister::Add(api::core::v1::PersistentVolume pv) {
  std::lock_guard<std::mutex> l(mu_);
  std::string k = pv.object_meta.name;
  pvs_[k] = std::make_shared<const api::core::v1::PersistentVolume>(std::move(pv));
}
void InMemoryVolumeLister::Add(api::core::v1::PersistentVolumeClaim pvc) {
  std::lock_guard<std::mutex> l(mu_);
  std::string k = NsKey(pvc.object_meta.namespace_, pvc.object_meta.name);
  pvcs_[k] = std::make_shared<const api::core::v1::PersistentVolumeClaim>(std::move(pvc));
}
void InMemoryVolumeLister::Add(api::storage::v1::StorageClass sc) {
  std::lock_guard<std::mutex> l(mu_);
  std::string k = sc.object_meta.name;
  classes_[k] = std::make_shared<const api::storage::v1::StorageClass>(std::move(sc));
}
void InMemoryVolumeLister::Add(api::storage::v1::CSINode n) {
  std::lock_guard<std::mutex> l(mu_);
  std::string k = n.object_meta.name;
  csi_nodes_[k] = std::make_shared<const api::storage::v1::CSINode>(std::move(n));
}
void InMemoryVolumeLister::Add(api::storage::v1::CSIDriver d) {
  std::lock_guard<std::mutex> l(mu_);
  std::string k = d.object_meta.name;
  csi_drivers_[k] = std::make_shared<const api::storage::v1::CSIDriver>(std::move(d));
}
void InMemoryVolumeLister::Add(api::storage::v1::VolumeAttachment va) {
  std::lock_guard<std::mutex> l(mu_);
  std::string k = va.object_meta.name;
  attachments_[k] = std::make_shared<const api::storage::v1::VolumeAttachment>(std::move(va));
}
void InMemoryVolumeLister::Add(api::storage::v1::CSIStorageCapacity c) {
  std::lock_guard<std::mutex> l(mu_);
  std::string k = NsKey(c.object_meta.namespace_, c.object_meta.name);
  capacities_[k] = std::make_shared<const api::storage::v1::CSIStorageCapacity>(std::move(c));
}
void InMemoryVolumeLister::Add(api::core::v1::Node node) {
  std::lock_guard<std::mutex> l(mu_);
  std::string k = node.object_meta.name;
  nodes_[k] = std::make_shared<const api::core::v1::Node>(std::move(node));
}
void InMemoryVolumeLister::Add(api::core::v1::Pod pod) {
  std::lock_guard<std::mutex> l(mu_);
  std::string k = NsKey(pod.object_meta.namespace_, pod.object_meta.name);
  pods_[k] = std::make_shared<const api::core::v1::Pod>(std::move(pod));
}

PvcPtr InMemoryVolumeLister::GetPvc(std::string_view ns, std::string_view name) const {
  std::lock_guard<std::mutex> l(mu_);
  return Find(pvcs_, NsKey(ns, name));
}
PvPtr InMemoryVolumeLister::GetPv(std::string_view name) const {
  std::lock_guard<std::mutex> l(mu_);
  return Find(pvs_, name);
}
std::vector<PvPtr> InMemoryVolumeLister::ListPvs() const {
  std::lock_guard<std::mutex> l(mu_);
  std::vector<PvPtr> out;
  for (const auto& [k, v] : pvs_) out.push_back(v);
  return out;
}
StorageClassPtr InMemoryVolumeLister::GetStorageClass(std::string_view name) const {
  std::lock_guard<std::mutex> l(mu_);
  return Find(classes_, name);
}
CsiNodePtr InMemoryVolumeLister::GetCsiNode(std::string_view name) const {
  std::lock_guard<std::mutex> l(mu_);
  return Find(csi_nodes_, name);
}
CsiDriverPtr InMemoryVolumeLister::GetCsiDriver(std::string_view name) const {
  std::lock_guard<std::mutex> l(mu_);
  return Find(csi_drivers_, name);
}
std::vector<VolumeAttachmentPtr> InMemoryVolumeLister::ListVolumeAttachments() const {
  std::lock_guard<std::mutex> l(mu_);
  std::vector<VolumeAttachmentPtr> out;
  for (const auto& [k, v] : attachments_) out.push_back(v);
  return out;
}
std::vector<CsiStorageCapacityPtr> InMemoryVolumeLister::ListCsiStorageCapacities() const {
  std::lock_guard<std::mutex> l(mu_);
  std::vector<CsiStorageCapacityPtr> out;
  for (const auto& [k, v] : capacities_) out.push_back(v);
  return out;
}
std::shared_ptr<const api::core::v1::Node> InMemoryVolumeLister::GetNode(std::string_view name) const {
  std::lock_guard<std::mutex> l(mu_);
  return Find(nodes_, name);
}
std::shared_ptr<const api::core::v1::Pod> InMemoryVolumeLister::GetPodObject(std::string_view ns,
                                                                             std::string_view name) const {
  std::lock_guard<std::mutex> l(mu_);
  return Find(pods_, NsKey(ns, name));
}

}  // namespace kubecxx::scheduler::plugins
