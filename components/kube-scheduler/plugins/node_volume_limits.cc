#include "components/kube-scheduler/plugins/node_volume_limits.h"

#include "components/kube-scheduler/plugins/volume_helpers.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using framework::Status;

constexpr std::string_view kAwsEbs = "kubernetes.io/aws-ebs";
constexpr std::string_view kGcePd = "kubernetes.io/gce-pd";
constexpr std::string_view kAzureDisk = "kubernetes.io/azure-disk";
constexpr std::string_view kCinder = "kubernetes.io/cinder";
constexpr std::string_view kPortworx = "kubernetes.io/portworx-volume";
constexpr std::string_view kMigratedPluginsAnnotation = "storage.alpha.kubernetes.io/migrated-plugins";

// csi-translation-lib's in-tree plugin -> CSI driver.
std::string CsiDriverFor(std::string_view plugin) {
  if (plugin == kAwsEbs) return "ebs.csi.aws.com";
  if (plugin == kGcePd) return "pd.csi.storage.gke.io";
  if (plugin == kAzureDisk) return "disk.csi.azure.com";
  if (plugin == kCinder) return "cinder.csi.openstack.org";
  if (plugin == kPortworx) return "pxd.portworx.com";
  if (plugin == "kubernetes.io/azure-file") return "file.csi.azure.com";
  if (plugin == "kubernetes.io/vsphere-volume") return "csi.vsphere.vmware.com";
  return "";
}

// isCSIMigrationOn: AWS EBS, GCE PD, Azure Disk and Cinder are always migrated; Portworx
// when the CSINode lists it as migrated; nothing without a CSINode.
bool MigrationOn(const CsiNodePtr& csi_node, std::string_view plugin) {
  if (!csi_node || plugin.empty()) return false;
  if (plugin == kAwsEbs || plugin == kGcePd || plugin == kAzureDisk || plugin == kCinder) return true;
  if (plugin != kPortworx) return false;
  auto it = csi_node->object_meta.annotations.find(std::string(kMigratedPluginsAnnotation));
  if (it == csi_node->object_meta.annotations.end()) return false;
  size_t start = 0;
  const std::string& v = it->second;
  while (start <= v.size()) {
    size_t comma = v.find(',', start);
    std::string part = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (part == plugin) return true;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return false;
}

std::string EbsHandle(const std::string& id) {
  if (id.rfind("aws://", 0) == 0) return id.substr(id.rfind('/') + 1);
  return id;
}

std::string GceHandle(const std::string& pd, const std::map<std::string, std::string>* labels) {
  std::string zone;
  if (labels) {
    auto it = labels->find("topology.kubernetes.io/zone");
    if (it == labels->end()) it = labels->find("failure-domain.beta.kubernetes.io/zone");
    if (it != labels->end()) zone = it->second;
  }
  if (zone.find("__") != std::string::npos) {
    std::string first = zone.substr(0, zone.find("__"));
    return "projects/UNSPECIFIED/regions/" + first.substr(0, first.rfind('-')) + "/disks/" + pd;
  }
  return "projects/UNSPECIFIED/zones/" + (zone.empty() ? std::string("UNSPECIFIED") : zone) + "/disks/" + pd;
}

}  // namespace

bool IsInlineMigratable(const api::core::v1::Volume& vol) {
  const auto& s = vol.volume_source;
  return s.aws_elastic_block_store || s.gce_persistent_disk || s.azure_disk || s.azure_file || s.cinder ||
         s.vsphere_volume || s.portworx_volume;
}

Status NodeVolumeLimits::PreFilter(framework::CycleState&, const framework::Pod& pod, const framework::NodeInfoList&,
                                   framework::PreFilterResult*) {
  for (const auto& v : pod.spec.volumes) {
    if (v.volume_source.persistent_volume_claim || v.volume_source.ephemeral || IsInlineMigratable(v)) return Status();
  }
  return Status(Code::kSkip);
}

std::pair<std::string, std::string> NodeVolumeLimits::DriverInfoFromClass(
    const CsiNodePtr& csi_node, const api::core::v1::PersistentVolumeClaim& pvc) const {
  const std::string sc_name = PvcClass(pvc);
  if (sc_name.empty()) return {};
  StorageClassPtr sc = lister_->GetStorageClass(sc_name);
  if (!sc) return {};
  std::string handle = prefix_ + "-" + pvc.object_meta.namespace_ + "/" + pvc.object_meta.name;
  std::string migrated = CsiDriverFor(sc->provisioner);
  if (!migrated.empty()) {
    if (!MigrationOn(csi_node, sc->provisioner)) return {};
    return {migrated, handle};
  }
  return {sc->provisioner, handle};
}

std::pair<std::string, std::string> NodeVolumeLimits::DriverInfo(const CsiNodePtr& csi_node,
                                                                 const api::core::v1::PersistentVolumeClaim& pvc) const {
  if (pvc.spec.volume_name.empty()) return DriverInfoFromClass(csi_node, pvc);
  PvPtr pv = lister_->GetPv(pvc.spec.volume_name);
  if (!pv) return DriverInfoFromClass(csi_node, pvc);
  const auto& src = pv->spec.persistent_volume_source;
  if (src.csi) return {src.csi->driver, src.csi->volume_handle};
  if (src.aws_elastic_block_store && MigrationOn(csi_node, kAwsEbs)) {
    return {CsiDriverFor(kAwsEbs), EbsHandle(src.aws_elastic_block_store->volume_id)};
  }
  if (src.gce_persistent_disk && MigrationOn(csi_node, kGcePd)) {
    return {CsiDriverFor(kGcePd), GceHandle(src.gce_persistent_disk->pd_name, &pv->object_meta.labels)};
  }
  if (src.azure_disk && MigrationOn(csi_node, kAzureDisk)) return {CsiDriverFor(kAzureDisk), src.azure_disk->data_disk_uri};
  if (src.cinder && MigrationOn(csi_node, kCinder)) return {CsiDriverFor(kCinder), src.cinder->volume_id};
  if (src.portworx_volume && MigrationOn(csi_node, kPortworx)) {
    return {CsiDriverFor(kPortworx), src.portworx_volume->volume_id};
  }
  return {};
}

Status NodeVolumeLimits::AttachableVolumes(const framework::Pod& pod, const CsiNodePtr& csi_node, bool new_pod,
                                           std::map<std::string, std::string>* out) const {
  for (const auto& v : pod.spec.volumes) {
    const auto& s = v.volume_source;
    std::string claim;
    bool ephemeral = false;
    if (s.persistent_volume_claim) {
      claim = s.persistent_volume_claim->claim_name;
    } else if (s.ephemeral) {
      claim = EphemeralClaimName(pod, v);
      ephemeral = true;
    } else {
      // checkAttachableInlineVolume.
      std::string driver, handle;
      if (s.aws_elastic_block_store && MigrationOn(csi_node, kAwsEbs)) {
        driver = CsiDriverFor(kAwsEbs), handle = EbsHandle(s.aws_elastic_block_store->volume_id);
      } else if (s.gce_persistent_disk && MigrationOn(csi_node, kGcePd)) {
        driver = CsiDriverFor(kGcePd), handle = GceHandle(s.gce_persistent_disk->pd_name, nullptr);
      } else if (s.azure_disk && MigrationOn(csi_node, kAzureDisk)) {
        driver = CsiDriverFor(kAzureDisk), handle = s.azure_disk->data_disk_uri;
      } else if (s.cinder && MigrationOn(csi_node, kCinder)) {
        driver = CsiDriverFor(kCinder), handle = s.cinder->volume_id;
      } else if (s.portworx_volume && MigrationOn(csi_node, kPortworx)) {
        driver = CsiDriverFor(kPortworx), handle = s.portworx_volume->volume_id;
      }
      if (!driver.empty()) (*out)[driver + "/" + handle] = driver;
      continue;
    }
    if (claim.empty()) return Status::Error("PersistentVolumeClaim had no name");
    PvcPtr pvc = lister_->GetPvc(pod.object_meta.namespace_, claim);
    if (!pvc) {
      if (new_pod) {
        return Status(Code::kUnschedulableAndUnresolvable,
                      "looking up PVC " + pod.object_meta.namespace_ + "/" + claim + ": " + PvcNotFound(claim));
      }
      continue;
    }
    if (ephemeral) {
      if (std::string err = EphemeralVolumeIsForPod(pod, *pvc); !err.empty()) return Status::Error(err);
    }
    auto [driver, handle] = DriverInfo(csi_node, *pvc);
    if (driver.empty() || handle.empty()) continue;
    (*out)[driver + "/" + handle] = driver;
  }
  return Status();
}

Status NodeVolumeLimits::Filter(const framework::CycleState&, const framework::Pod& pod,
                                const framework::NodeInfo& node_info) const {
  if (pod.spec.volumes.empty()) return Status();
  const std::string& node_name = node_info.node()->object_meta.name;
  CsiNodePtr csi_node = lister_->GetCsiNode(node_name);
  std::map<std::string, std::string> new_volumes;
  if (Status s = AttachableVolumes(pod, csi_node, true, &new_volumes); !s.IsSuccess()) return s;
  if (new_volumes.empty()) return Status();
  if (scaling_) {
    for (const auto& [unique, driver] : new_volumes) {
      CsiDriverPtr d = lister_->GetCsiDriver(driver);
      if (!d || !d->spec.prevent_pod_scheduling_if_missing.value_or(false)) continue;
      bool installed = false;
      if (csi_node) {
        for (const auto& nd : csi_node->spec.drivers) installed = installed || nd.name == driver;
      }
      if (!installed) return Status(Code::kUnschedulable, driver + " CSI driver is not installed on the node");
    }
  }
  std::map<std::string, int64_t> limits;
  if (csi_node) {
    for (const auto& d : csi_node->spec.drivers) {
      if (d.allocatable && d.allocatable->count) limits[d.name] = *d.allocatable->count;
    }
  }
  if (limits.empty()) return Status();
  std::map<std::string, std::string> attached;
  for (const auto& existing : node_info.pods()) {
    if (Status s = AttachableVolumes(existing->pod(), csi_node, false, &attached); !s.IsSuccess()) {
      return Status::Error(s.Message());
    }
  }
  std::map<std::string, int> attached_count;
  for (const auto& [unique, driver] : attached) {
    new_volumes.erase(unique);
    ++attached_count[driver];
  }
  // Volumes the attach/detach controller has attached (or is attaching) to the node.
  for (const VolumeAttachmentPtr& va : lister_->ListVolumeAttachments()) {
    if (va->spec.node_name != node_name || va->spec.attacher.empty() || !va->spec.source.persistent_volume_name) {
      continue;
    }
    PvPtr pv = lister_->GetPv(*va->spec.source.persistent_volume_name);
    if (!pv || !pv->spec.persistent_volume_source.csi) continue;
    std::string unique = va->spec.attacher + "/" + pv->spec.persistent_volume_source.csi->volume_handle;
    if (attached.contains(unique)) continue;
    attached[unique] = va->spec.attacher;
    ++attached_count[va->spec.attacher];
  }
  std::map<std::string, int> new_count;
  for (const auto& [unique, driver] : new_volumes) ++new_count[driver];
  for (const auto& [driver, count] : new_count) {
    auto it = limits.find(driver);
    if (it != limits.end() && attached_count[driver] + count > it->second) {
      return Status(Code::kUnschedulable, std::string(kErrReasonMaxVolumeCountExceeded));
    }
  }
  return Status();
}

}  // namespace kubecxx::scheduler::plugins
