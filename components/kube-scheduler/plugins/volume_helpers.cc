#include "components/kube-scheduler/plugins/volume_helpers.h"

#include <charconv>

#include "components/kube-scheduler/framework/label_selector.h"
#include "components/kube-scheduler/plugins/node_selector.h"

namespace kubecxx::scheduler::plugins {
namespace {

std::string Q(std::string_view s) { return "\"" + std::string(s) + "\""; }

const api::Quantity* StorageOf(const std::map<std::string, api::Quantity>& m) {
  auto it = m.find("storage");
  return it == m.end() ? nullptr : &it->second;
}

}  // namespace

std::string PvcNotFound(std::string_view name) { return "persistentvolumeclaim " + Q(name) + " not found"; }
std::string PvNotFound(std::string_view name) { return "persistentvolume " + Q(name) + " not found"; }
std::string StorageClassNotFound(std::string_view name) {
  return "storageclass.storage.k8s.io " + Q(name) + " not found";
}

std::string PvcClass(const api::core::v1::PersistentVolumeClaim& pvc) {
  auto it = pvc.object_meta.annotations.find(std::string(kAnnStorageClassBeta));
  if (it != pvc.object_meta.annotations.end()) return it->second;
  return pvc.spec.storage_class_name.value_or("");
}

std::string PvClass(const api::core::v1::PersistentVolume& pv) {
  auto it = pv.object_meta.annotations.find(std::string(kAnnStorageClassBeta));
  if (it != pv.object_meta.annotations.end()) return it->second;
  return pv.spec.storage_class_name;
}

std::string CheckNodeAffinity(const api::core::v1::PersistentVolume& pv,
                              const std::map<std::string, std::string>& node_labels) {
  if (!pv.spec.node_affinity || !pv.spec.node_affinity->required) return "";
  api::core::v1::Node node;
  node.object_meta.labels = node_labels;
  NodeSelector sel(*pv.spec.node_affinity->required);
  if (std::string err = sel.Error(); !err.empty()) return err;
  return sel.Match(node) ? "" : "no matching NodeSelectorTerms";
}

bool IsVolumeBoundToClaim(const api::core::v1::PersistentVolume& pv, const api::core::v1::PersistentVolumeClaim& pvc) {
  if (!pv.spec.claim_ref) return false;
  const auto& ref = *pv.spec.claim_ref;
  if (ref.name != pvc.object_meta.name || ref.namespace_ != pvc.object_meta.namespace_) return false;
  return ref.uid.empty() || ref.uid == pvc.object_meta.uid;
}

bool ContainsAccessMode(const std::vector<std::string>& modes, std::string_view mode) {
  for (const auto& m : modes) {
    if (m == mode) return true;
  }
  return false;
}

bool CheckAccessModes(const api::core::v1::PersistentVolumeClaim& pvc, const api::core::v1::PersistentVolume& pv) {
  for (const auto& m : pvc.spec.access_modes) {
    if (!ContainsAccessMode(pv.spec.access_modes, m)) return false;
  }
  return true;
}

bool VolumeModeMismatches(const api::core::v1::PersistentVolumeClaim& pvc, const api::core::v1::PersistentVolume& pv) {
  return pvc.spec.volume_mode.value_or("Filesystem") != pv.spec.volume_mode.value_or("Filesystem");
}

StatusOr<PvPtr> FindMatchingVolume(const api::core::v1::PersistentVolumeClaim& pvc, const std::vector<PvPtr>& pvs,
                                   const api::core::v1::Node& node,
                                   const std::set<std::string, std::less<>>& excluded) {
  api::Quantity requested;
  if (const api::Quantity* q = StorageOf(pvc.spec.resources.requests)) requested = *q;
  const std::string requested_class = PvcClass(pvc);
  std::optional<framework::PodSelector> selector;
  if (pvc.spec.selector) {
    auto s = framework::LabelSelectorAsSelector(pvc.spec.selector.get());
    if (!s.ok()) {
      return Status::Invalid("error creating internal label selector for claim: " + pvc.object_meta.namespace_ + "/" +
                             pvc.object_meta.name + ": " + std::string(s.status().message()));
    }
    selector = std::move(s).value();
  }
  PvPtr smallest;
  api::Quantity smallest_qty;
  for (const PvPtr& pv : pvs) {
    if (excluded.contains(pv->object_meta.name)) continue;
    if (pv->spec.claim_ref && !IsVolumeBoundToClaim(*pv, pvc)) continue;
    api::Quantity qty;
    if (const api::Quantity* q = StorageOf(pv->spec.capacity)) qty = *q;
    if (qty.Cmp(requested) < 0) continue;
    if (VolumeModeMismatches(pvc, *pv)) continue;
    if (pv->object_meta.deletion_timestamp) continue;
    const bool affinity_ok = CheckNodeAffinity(*pv, node.object_meta.labels).empty();
    if (IsVolumeBoundToClaim(*pv, pvc)) {
      if (!affinity_ok) return PvPtr();
      return pv;
    }
    if (pv->status.phase != "Available") continue;
    if (selector && !selector->Matches(pv->object_meta.labels)) continue;
    if (PvClass(*pv) != requested_class) continue;
    if (pv->spec.volume_attributes_class_name.value_or("") != pvc.spec.volume_attributes_class_name.value_or("")) {
      continue;
    }
    if (!affinity_ok) continue;
    if (!CheckAccessModes(pvc, *pv)) continue;
    if (!smallest || smallest_qty.Cmp(qty) > 0) {
      smallest = pv;
      smallest_qty = qty;
    }
  }
  return smallest;
}

StatusOr<bool> IsDelayBindingMode(const api::core::v1::PersistentVolumeClaim& pvc, const VolumeLister& lister) {
  const std::string name = PvcClass(pvc);
  if (name.empty()) return false;
  StorageClassPtr sc = lister.GetStorageClass(name);
  if (!sc) return false;
  if (!sc->volume_binding_mode) return Status::Invalid("VolumeBindingMode not set for StorageClass " + Q(name));
  return *sc->volume_binding_mode == kWaitForFirstConsumer;
}

std::string EphemeralClaimName(const api::core::v1::Pod& pod, const api::core::v1::Volume& vol) {
  return pod.object_meta.name + "-" + vol.name;
}

std::string EphemeralVolumeIsForPod(const api::core::v1::Pod& pod, const api::core::v1::PersistentVolumeClaim& pvc) {
  for (const auto& ref : pvc.object_meta.owner_references) {
    if (ref.controller.value_or(false)) {
      if (ref.uid == pod.object_meta.uid) return "";
      break;
    }
  }
  return "PVC " + pvc.object_meta.namespace_ + "/" + pvc.object_meta.name + " was not created for pod " +
         pod.object_meta.namespace_ + "/" + pod.object_meta.name + " (pod is not owner)";
}

StatusOr<std::set<std::string>> LabelZonesToSet(std::string_view value) {
  std::set<std::string> out;
  std::string s(value);
  size_t pos;
  while ((pos = s.find("__")) != std::string::npos) s.replace(pos, 2, ",");
  size_t start = 0;
  while (true) {
    size_t comma = s.find(',', start);
    std::string part = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    size_t b = part.find_first_not_of(" \t\n\r");
    size_t e = part.find_last_not_of(" \t\n\r");
    part = b == std::string::npos ? "" : part.substr(b, e - b + 1);
    if (part.empty()) {
      return Status::Invalid("comma separated list of zones (" + Q(s) + ") must not contain an empty zone");
    }
    out.insert(part);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

uint64_t ResourceVersionOf(const api::meta::v1::ObjectMeta& meta) {
  uint64_t v = 0;
  const std::string& s = meta.resource_version;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace kubecxx::scheduler::plugins
