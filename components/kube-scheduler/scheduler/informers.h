// SchedulerInformers: the informers the default profile needs (upstream
// scheduler.New + addAllEventHandlers): pods (field selector
// "status.phase!=Succeeded,status.phase!=Failed", as upstream), nodes, and for the
// plugins' listers namespaces (InterPodAffinity's namespaceSelector) and services,
// replicationcontrollers, replicasets, statefulsets (PodTopologySpread's default
// selector), poddisruptionbudgets (DefaultPreemption), and for the volume plugins
// persistentvolumes, persistentvolumeclaims, storageclasses, csinodes, csidrivers and
// volumeattachments, csistoragecapacities (their events move pods as the plugins registered; see
// plugins/volume_events.h). DRA objects are not watched (no such plugin yet).
//
// It is also the WorkloadLister / NamespaceLister / VolumeLister the plugins read and the pod lister of
// the failure path, all reading the informers' indexers.
//
// Threading: the informers' threads (lib/client/cache/shared_informer.h) call the
// Scheduler's On* handlers. The listers are safe for concurrent use.
#pragma once

#include <chrono>
#include <memory>

#include "components/kube-scheduler/plugins/default_preemption.h"
#include "components/kube-scheduler/plugins/default_selector.h"
#include "components/kube-scheduler/plugins/volume_listers.h"
#include "components/kube-scheduler/scheduler/scheduler.h"
#include "lib/client/cache/informer_factory.h"

namespace kubecxx::scheduler {

class SchedulerInformers final : public plugins::WorkloadLister,
                                 public plugins::NamespaceLister,
                                 public plugins::PreemptionLister,
                                 public plugins::VolumeLister {
 public:
  // REQUIRES: rest outlives the informers.
  static StatusOr<std::unique_ptr<SchedulerInformers>> New(client::RestClient* rest);
  ~SchedulerInformers() override;

  // The pod and node handlers, feeding `sched` (which must outlive Shutdown()).
  Status AddHandlers(Scheduler* sched);
  void Start();
  bool WaitForCacheSync(std::chrono::milliseconds timeout);
  // Whether the pod and node handlers have been handed every object of the initial lists
  // (upstream WaitForHandlersSync), so the first cycles see all nodes.
  bool HandlersSynced() const;
  void Shutdown();

  // PreemptionLister (GetPod is also the failure path's pod lister).
  PodPtr GetPod(const std::string& ns, const std::string& name) const override;
  std::vector<plugins::PdbPtr> ListPdbs() const override;

  // WorkloadLister.
  std::vector<std::shared_ptr<const api::core::v1::Service>> Services(std::string_view ns) const override;
  std::shared_ptr<const api::core::v1::ReplicationController> ReplicationController(
      std::string_view ns, std::string_view name) const override;
  std::shared_ptr<const api::apps::v1::ReplicaSet> ReplicaSet(std::string_view ns,
                                                               std::string_view name) const override;
  std::shared_ptr<const api::apps::v1::StatefulSet> StatefulSet(std::string_view ns,
                                                                 std::string_view name) const override;
  // NamespaceLister.
  std::optional<std::map<std::string, std::string>> Labels(std::string_view ns) const override;
  std::vector<std::string> List(const plugins::PodSelector& selector) const override;
  // VolumeLister.
  plugins::PvcPtr GetPvc(std::string_view ns, std::string_view name) const override;
  plugins::PvPtr GetPv(std::string_view name) const override;
  std::vector<plugins::PvPtr> ListPvs() const override;
  plugins::StorageClassPtr GetStorageClass(std::string_view name) const override;
  plugins::CsiNodePtr GetCsiNode(std::string_view name) const override;
  plugins::CsiDriverPtr GetCsiDriver(std::string_view name) const override;
  std::vector<plugins::VolumeAttachmentPtr> ListVolumeAttachments() const override;
  std::vector<plugins::CsiStorageCapacityPtr> ListCsiStorageCapacities() const override;
  std::shared_ptr<const api::core::v1::Node> GetNode(std::string_view name) const override;
  std::shared_ptr<const api::core::v1::Pod> GetPodObject(std::string_view ns, std::string_view name) const override;

 private:
  SchedulerInformers() = default;
  template <typename T>
  Status AddVolumeHandler(client::cache::SharedIndexInformer* inf, std::string_view resource, Scheduler* sched);

  std::unique_ptr<client::cache::SharedInformerFactory> pod_factory_;  // with the phase selector
  std::unique_ptr<client::cache::SharedInformerFactory> factory_;
  std::vector<std::shared_ptr<client::cache::HandlerRegistration>> registrations_;
  client::cache::SharedIndexInformer* pods_ = nullptr;
  client::cache::SharedIndexInformer* nodes_ = nullptr;
  client::cache::SharedIndexInformer* namespaces_ = nullptr;
  client::cache::SharedIndexInformer* services_ = nullptr;
  client::cache::SharedIndexInformer* rcs_ = nullptr;
  client::cache::SharedIndexInformer* rss_ = nullptr;
  client::cache::SharedIndexInformer* sss_ = nullptr;
  client::cache::SharedIndexInformer* pdbs_ = nullptr;
  client::cache::SharedIndexInformer* pvs_ = nullptr;
  client::cache::SharedIndexInformer* pvcs_ = nullptr;
  client::cache::SharedIndexInformer* classes_ = nullptr;
  client::cache::SharedIndexInformer* csinodes_ = nullptr;
  client::cache::SharedIndexInformer* csidrivers_ = nullptr;
  client::cache::SharedIndexInformer* attachments_ = nullptr;
  client::cache::SharedIndexInformer* capacities_ = nullptr;
};

}  // namespace kubecxx::scheduler
