// What the volume plugins (VolumeRestrictions, VolumeZone, NodeVolumeLimits,
// VolumeBinding) read and write outside the snapshot: the informers' PVs, PVCs,
// StorageClasses, CSINodes, CSIDrivers, VolumeAttachments and CSIStorageCapacities (upstream's listers of
// the shared informer factory), and the API writes of VolumeBinding's PreBind.
//
// A null result means "not found" (the plugins turn it into upstream's lister NotFound
// text, e.g. `persistentvolumeclaim "c" not found`).
//
// Thread-safety: implementations must be safe for concurrent use (Filter runs on the
// worker pool, PreBind on binding threads).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "kubecxx/api/core/v1/types.h"
#include "kubecxx/api/storage/v1/types.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::plugins {

using PvPtr = std::shared_ptr<const api::core::v1::PersistentVolume>;
using PvcPtr = std::shared_ptr<const api::core::v1::PersistentVolumeClaim>;
using StorageClassPtr = std::shared_ptr<const api::storage::v1::StorageClass>;
using CsiNodePtr = std::shared_ptr<const api::storage::v1::CSINode>;
using CsiDriverPtr = std::shared_ptr<const api::storage::v1::CSIDriver>;
using VolumeAttachmentPtr = std::shared_ptr<const api::storage::v1::VolumeAttachment>;
using CsiStorageCapacityPtr = std::shared_ptr<const api::storage::v1::CSIStorageCapacity>;

class VolumeLister {
 public:
  virtual ~VolumeLister() = default;
  virtual PvcPtr GetPvc(std::string_view ns, std::string_view name) const = 0;
  virtual PvPtr GetPv(std::string_view name) const = 0;
  virtual std::vector<PvPtr> ListPvs() const = 0;
  virtual StorageClassPtr GetStorageClass(std::string_view name) const = 0;
  virtual CsiNodePtr GetCsiNode(std::string_view name) const = 0;
  virtual CsiDriverPtr GetCsiDriver(std::string_view name) const = 0;
  virtual std::vector<VolumeAttachmentPtr> ListVolumeAttachments() const = 0;
  virtual std::vector<CsiStorageCapacityPtr> ListCsiStorageCapacities() const = 0;
  // The informers' node and pod (VolumeBinding's checkBindings); null when gone.
  virtual std::shared_ptr<const api::core::v1::Node> GetNode(std::string_view name) const = 0;
  virtual std::shared_ptr<const api::core::v1::Pod> GetPodObject(std::string_view ns,
                                                                 std::string_view name) const = 0;
};

// The writes of VolumeBinding's PreBind (PUT, with the object's resourceVersion).
class VolumeBindingApi {
 public:
  virtual ~VolumeBindingApi() = default;
  virtual StatusOr<api::core::v1::PersistentVolume> UpdatePv(const api::core::v1::PersistentVolume& pv) = 0;
  virtual StatusOr<api::core::v1::PersistentVolumeClaim> UpdatePvc(
      const api::core::v1::PersistentVolumeClaim& pvc) = 0;
};

// An in-memory VolumeLister (plugin unit tests, the schedule tests). Mutex-guarded.
class InMemoryVolumeLister final : public VolumeLister {
 public:
  void Add(api::core::v1::PersistentVolume pv);
  void Add(api::core::v1::PersistentVolumeClaim pvc);
  void Add(api::storage::v1::StorageClass sc);
  void Add(api::storage::v1::CSINode n);
  void Add(api::storage::v1::CSIDriver d);
  void Add(api::storage::v1::VolumeAttachment va);
  void Add(api::storage::v1::CSIStorageCapacity c);
  void Add(api::core::v1::Node node);
  void Add(api::core::v1::Pod pod);

  PvcPtr GetPvc(std::string_view ns, std::string_view name) const override;
  PvPtr GetPv(std::string_view name) const override;
  std::vector<PvPtr> ListPvs() const override;
  StorageClassPtr GetStorageClass(std::string_view name) const override;
  CsiNodePtr GetCsiNode(std::string_view name) const override;
  CsiDriverPtr GetCsiDriver(std::string_view name) const override;
  std::vector<VolumeAttachmentPtr> ListVolumeAttachments() const override;
  std::vector<CsiStorageCapacityPtr> ListCsiStorageCapacities() const override;
  std::shared_ptr<const api::core::v1::Node> GetNode(std::string_view name) const override;
  std::shared_ptr<const api::core::v1::Pod> GetPodObject(std::string_view ns, std::string_view name) const override;

 private:
  template <typename T>
  using Map = std::map<std::string, std::shared_ptr<const T>, std::less<>>;
  mutable std::mutex mu_;
  Map<api::core::v1::PersistentVolume> pvs_;
  Map<api::core::v1::PersistentVolumeClaim> pvcs_;  // ns/name
  Map<api::storage::v1::StorageClass> classes_;
  Map<api::storage::v1::CSINode> csi_nodes_;
  Map<api::storage::v1::CSIDriver> csi_drivers_;
  Map<api::storage::v1::VolumeAttachment> attachments_;
  Map<api::storage::v1::CSIStorageCapacity> capacities_;  // ns/name
  Map<api::core::v1::Node> nodes_;
  Map<api::core::v1::Pod> pods_;  // ns/name
};

}  // namespace kubecxx::scheduler::plugins
