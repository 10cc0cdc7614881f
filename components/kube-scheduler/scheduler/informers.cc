#include "components/kube-scheduler/scheduler/informers.h"

#include "lib/client/rest_client.h"

namespace kubecxx::scheduler {
namespace {

using client::cache::ObjectPtr;

template <typename T>
std::shared_ptr<const T> As(const ObjectPtr& obj) {
  if (!obj) return nullptr;
  const T* t = obj->As<T>();
  return std::shared_ptr<const T>(obj, t);
}

std::string Key(std::string_view ns, std::string_view name) {
  return std::string(ns) + "/" + std::string(name);
}

template <typename T>
StatusOr<client::cache::SharedIndexInformer*> Make(client::cache::SharedInformerFactory& f) {
  return f.InformerFor<T>();
}

}  // namespace

StatusOr<std::unique_ptr<SchedulerInformers>> SchedulerInformers::New(client::RestClient* rest) {
  std::unique_ptr<SchedulerInformers> s(new SchedulerInformers());
  client::cache::InformerFactoryOptions pod_opts;
  pod_opts.field_selector = "status.phase!=Succeeded,status.phase!=Failed";
  s->pod_factory_ = std::make_unique<client::cache::SharedInformerFactory>(rest, pod_opts);
  s->factory_ = std::make_unique<client::cache::SharedInformerFactory>(rest, client::cache::InformerFactoryOptions{});
  auto assign = [](StatusOr<client::cache::SharedIndexInformer*> r, client::cache::SharedIndexInformer** out) {
    if (!r.ok()) return r.status();
    *out = *r;
    return Status::Ok();
  };
  KUBECXX_RETURN_IF_ERROR(assign(Make<api::core::v1::Pod>(*s->pod_factory_), &s->pods_));
  KUBECXX_RETURN_IF_ERROR(assign(Make<api::core::v1::Node>(*s->factory_), &s->nodes_));
  KUBECXX_RETURN_IF_ERROR(assign(Make<api::core::v1::Namespace>(*s->factory_), &s->namespaces_));
  KUBECXX_RETURN_IF_ERROR(assign(Make<api::core::v1::Service>(*s->factory_), &s->services_));
  KUBECXX_RETURN_IF_ERROR(assign(Make<api::core::v1::ReplicationController>(*s->factory_), &s->rcs_));
  KUBECXX_RETURN_IF_ERROR(assign(Make<api::apps::v1::ReplicaSet>(*s->factory_), &s->rss_));
  KUBECXX_RETURN_IF_ERROR(assign(Make<api::apps::v1::StatefulSet>(*s->factory_), &s->sss_));
  KUBECXX_RETURN_IF_ERROR(assign(Make<api::policy::v1::PodDisruptionBudget>(*s->factory_), &s->pdbs_));
  KUBECXX_RETURN_IF_ERROR(assign(Make<api::core::v1::PersistentVolume>(*s->factory_), &s->pvs_));
  KUBECXX_RETURN_IF_ERROR(assign(Make<api::core::v1::PersistentVolumeClaim>(*s->factory_), &s->pvcs_));
  KUBECXX_RETURN_IF_ERROR(assign(Make<api::storage::v1::StorageClass>(*s->factory_), &s->classes_));
  KUBECXX_RETURN_IF_ERROR(assign(Make<api::storage::v1::CSINode>(*s->factory_), &s->csinodes_));
  KUBECXX_RETURN_IF_ERROR(assign(Make<api::storage::v1::CSIDriver>(*s->factory_), &s->csidrivers_));
  KUBECXX_RETURN_IF_ERROR(assign(Make<api::storage::v1::VolumeAttachment>(*s->factory_), &s->attachments_));
  KUBECXX_RETURN_IF_ERROR(assign(Make<api::storage::v1::CSIStorageCapacity>(*s->factory_), &s->capacities_));
  return s;
}

SchedulerInformers::~SchedulerInformers() { Shutdown(); }

Status SchedulerInformers::AddHandlers(Scheduler* sched) {
  auto pods = std::make_shared<client::cache::EventHandlerFuncs>();
  pods->add = [sched](const ObjectPtr& o, bool) { sched->OnPodAdd(As<api::core::v1::Pod>(o)); };
  pods->update = [sched](const ObjectPtr& o, const ObjectPtr& n) {
    sched->OnPodUpdate(As<api::core::v1::Pod>(o), As<api::core::v1::Pod>(n));
  };
  pods->del = [sched](const client::cache::DeletedObject& d) { sched->OnPodDelete(As<api::core::v1::Pod>(d.object)); };
  auto pr = pods_->AddEventHandler(pods);
  if (!pr.ok()) return pr.status();
  registrations_.push_back(*pr);
  auto nodes = std::make_shared<client::cache::EventHandlerFuncs>();
  nodes->add = [sched](const ObjectPtr& o, bool) { sched->OnNodeAdd(As<api::core::v1::Node>(o)); };
  nodes->update = [sched](const ObjectPtr& o, const ObjectPtr& n) {
    sched->OnNodeUpdate(As<api::core::v1::Node>(o), As<api::core::v1::Node>(n));
  };
  nodes->del = [sched](const client::cache::DeletedObject& d) { sched->OnNodeDelete(As<api::core::v1::Node>(d.object)); };
  auto nr = nodes_->AddEventHandler(nodes);
  if (!nr.ok()) return nr.status();
  registrations_.push_back(*nr);
  KUBECXX_RETURN_IF_ERROR(AddVolumeHandler<api::core::v1::PersistentVolume>(pvs_, queue::kResourcePersistentVolume, sched));
  KUBECXX_RETURN_IF_ERROR(
      AddVolumeHandler<api::core::v1::PersistentVolumeClaim>(pvcs_, queue::kResourcePersistentVolumeClaim, sched));
  KUBECXX_RETURN_IF_ERROR(AddVolumeHandler<api::storage::v1::StorageClass>(classes_, queue::kResourceStorageClass, sched));
  KUBECXX_RETURN_IF_ERROR(AddVolumeHandler<api::storage::v1::CSINode>(csinodes_, queue::kResourceCSINode, sched));
  KUBECXX_RETURN_IF_ERROR(AddVolumeHandler<api::storage::v1::CSIDriver>(csidrivers_, queue::kResourceCSIDriver, sched));
  KUBECXX_RETURN_IF_ERROR(
      AddVolumeHandler<api::storage::v1::VolumeAttachment>(attachments_, queue::kResourceVolumeAttachment, sched));
  KUBECXX_RETURN_IF_ERROR(
      AddVolumeHandler<api::storage::v1::CSIStorageCapacity>(capacities_, queue::kResourceCSIStorageCapacity, sched));
  return Status::Ok();
}

template <typename T>
Status SchedulerInformers::AddVolumeHandler(client::cache::SharedIndexInformer* inf, std::string_view resource,
                                            Scheduler* sched) {
  // buildEvtResHandler: "<Resource>Add" / "<Resource>Update" / "<Resource>Delete".
  const std::string res(resource);
  auto h = std::make_shared<client::cache::EventHandlerFuncs>();
  h->add = [sched, res](const ObjectPtr& o, bool) {
    sched->OnClusterEvent(res, queue::action::kAdd, res + "Add", std::monostate{}, As<T>(o));
  };
  h->update = [sched, res](const ObjectPtr& o, const ObjectPtr& n) {
    sched->OnClusterEvent(res, queue::action::kUpdate, res + "Update", As<T>(o), As<T>(n));
  };
  h->del = [sched, res](const client::cache::DeletedObject& d) {
    sched->OnClusterEvent(res, queue::action::kDelete, res + "Delete", As<T>(d.object), std::monostate{});
  };
  auto r = inf->AddEventHandler(h);
  if (!r.ok()) return r.status();
  registrations_.push_back(*r);
  return Status::Ok();
}

bool SchedulerInformers::HandlersSynced() const {
  for (const auto& r : registrations_) {
    if (!r->HasSynced()) return false;
  }
  return true;
}

void SchedulerInformers::Start() {
  pod_factory_->Start();
  factory_->Start();
}

bool SchedulerInformers::WaitForCacheSync(std::chrono::milliseconds timeout) {
  return pod_factory_->WaitForCacheSync(timeout) && factory_->WaitForCacheSync(timeout);
}

void SchedulerInformers::Shutdown() {
  if (pod_factory_) pod_factory_->Shutdown();
  if (factory_) factory_->Shutdown();
}

PodPtr SchedulerInformers::GetPod(const std::string& ns, const std::string& name) const {
  return As<api::core::v1::Pod>(pods_->indexer().Get(Key(ns, name)));
}

std::vector<plugins::PdbPtr> SchedulerInformers::ListPdbs() const {
  std::vector<plugins::PdbPtr> out;
  for (const auto& o : pdbs_->indexer().List()) {
    if (auto p = As<api::policy::v1::PodDisruptionBudget>(o)) out.push_back(std::move(p));
  }
  return out;
}

std::vector<std::shared_ptr<const api::core::v1::Service>> SchedulerInformers::Services(std::string_view ns) const {
  std::vector<std::shared_ptr<const api::core::v1::Service>> out;
  auto objs = services_->indexer().ByIndex(client::cache::kNamespaceIndex, ns);
  if (!objs.ok()) return out;
  for (const auto& o : *objs) out.push_back(As<api::core::v1::Service>(o));
  return out;
}

std::shared_ptr<const api::core::v1::ReplicationController> SchedulerInformers::ReplicationController(
    std::string_view ns, std::string_view name) const {
  return As<api::core::v1::ReplicationController>(rcs_->indexer().Get(Key(ns, name)));
}

std::shared_ptr<const api::apps::v1::ReplicaSet> SchedulerInformers::ReplicaSet(std::string_view ns,
                                                                                 std::string_view name) const {
  return As<api::apps::v1::ReplicaSet>(rss_->indexer().Get(Key(ns, name)));
}

std::shared_ptr<const api::apps::v1::StatefulSet> SchedulerInformers::StatefulSet(std::string_view ns,
                                                                                   std::string_view name) const {
  return As<api::apps::v1::StatefulSet>(sss_->indexer().Get(Key(ns, name)));
}

std::optional<std::map<std::string, std::string>> SchedulerInformers::Labels(std::string_view ns) const {
  auto n = As<api::core::v1::Namespace>(namespaces_->indexer().Get(std::string(ns)));
  if (!n) return std::nullopt;
  return n->object_meta.labels;
}

std::vector<std::string> SchedulerInformers::List(const plugins::PodSelector& selector) const {
  std::vector<std::string> out;
  for (const auto& o : namespaces_->indexer().List()) {
    auto n = As<api::core::v1::Namespace>(o);
    if (n && selector.Matches(n->object_meta.labels)) out.push_back(n->object_meta.name);
  }
  return out;
}

plugins::PvcPtr SchedulerInformers::GetPvc(std::string_view ns, std::string_view name) const {
  return As<api::core::v1::PersistentVolumeClaim>(pvcs_->indexer().Get(Key(ns, name)));
}

plugins::PvPtr SchedulerInformers::GetPv(std::string_view name) const {
  return As<api::core::v1::PersistentVolume>(pvs_->indexer().Get(std::string(name)));
}

std::vector<plugins::PvPtr> SchedulerInformers::ListPvs() const {
  std::vector<plugins::PvPtr> out;
  for (const auto& o : pvs_->indexer().List()) {
    if (auto p = As<api::core::v1::PersistentVolume>(o)) out.push_back(std::move(p));
  }
  return out;
}

plugins::StorageClassPtr SchedulerInformers::GetStorageClass(std::string_view name) const {
  return As<api::storage::v1::StorageClass>(classes_->indexer().Get(std::string(name)));
}

plugins::CsiNodePtr SchedulerInformers::GetCsiNode(std::string_view name) const {
  return As<api::storage::v1::CSINode>(csinodes_->indexer().Get(std::string(name)));
}

plugins::CsiDriverPtr SchedulerInformers::GetCsiDriver(std::string_view name) const {
  return As<api::storage::v1::CSIDriver>(csidrivers_->indexer().Get(std::string(name)));
}

std::vector<plugins::VolumeAttachmentPtr> SchedulerInformers::ListVolumeAttachments() const {
  std::vector<plugins::VolumeAttachmentPtr> out;
  for (const auto& o : attachments_->indexer().List()) {
    if (auto p = As<api::storage::v1::VolumeAttachment>(o)) out.push_back(std::move(p));
  }
  return out;
}

std::vector<plugins::CsiStorageCapacityPtr> SchedulerInformers::ListCsiStorageCapacities() const {
  std::vector<plugins::CsiStorageCapacityPtr> out;
  for (const auto& o : capacities_->indexer().List()) {
    if (auto p = As<api::storage::v1::CSIStorageCapacity>(o)) out.push_back(std::move(p));
  }
  return out;
}

std::shared_ptr<const api::core::v1::Node> SchedulerInformers::GetNode(std::string_view name) const {
  return As<api::core::v1::Node>(nodes_->indexer().Get(std::string(name)));
}

std::shared_ptr<const api::core::v1::Pod> SchedulerInformers::GetPodObject(std::string_view ns,
                                                                           std::string_view name) const {
  return As<api::core::v1::Pod>(pods_->indexer().Get(Key(ns, name)));
}

}  // namespace kubecxx::scheduler
