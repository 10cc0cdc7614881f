// RestSchedulerApi: SchedulerApi over lib/client (what upstream does through its clientset
// and the events.k8s.io/v1 broadcaster):
//  * Bind: POST /api/v1/namespaces/<ns>/pods/<name>/binding with a v1 Binding (namespace,
//    name, uid; target kind Node) in the client's content type.
//  * PatchPodStatus: a strategic-merge PATCH of pods/<name>/status, retried as
//    retry.OnError(retry.DefaultBackoff, RetriableWithConflict): 4 tries, 10 ms x5 steps,
//    on Conflict, ServerTimeout, TooManyRequests and transport errors.
//  * Event: one EventRecorder per profile (reportingController = the profile's
//    schedulerName), regarding = the pod.
//  * PreemptionApi (DefaultPreemption's actuation): the DisruptionTarget condition and
//    nominatedNodeName clearing as pods/status patches (as above), DELETE of a victim, the
//    Preempted event regarding the victim with no related object (as stock emits it). NotFound comes back as
//    StatusCode::kNotFound.
//  * VolumeBindingApi (VolumeBinding's PreBind): PUT of the PV / PVC as given (its
//    resourceVersion makes it a compare-and-swap); the API error text is kept.
//
// Thread-safety: safe for concurrent use; rest and broadcaster outlive it.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "components/kube-scheduler/plugins/default_preemption.h"
#include "components/kube-scheduler/plugins/volume_listers.h"
#include "components/kube-scheduler/scheduler/scheduler.h"
#include "lib/client/events/event_broadcaster.h"
#include "lib/client/rest_client.h"

namespace kubecxx::scheduler {

class RestSchedulerApi final : public SchedulerApi, public plugins::PreemptionApi, public plugins::VolumeBindingApi {
 public:
  RestSchedulerApi(client::RestClient* rest, client::events::EventBroadcaster* broadcaster)
      : rest_(rest), broadcaster_(broadcaster) {}

  Status Bind(const api::core::v1::Pod& pod, const std::string& node) override;
  Status PatchPodStatus(const api::core::v1::Pod& pod, const std::string& patch) override;
  void Event(const std::string& profile, const api::core::v1::Pod& pod, std::string_view type,
             std::string_view reason, std::string_view action, std::string_view note) override;

  Status AddDisruptionTarget(const api::core::v1::Pod& victim, const std::string& message) override;
  Status DeletePod(const api::core::v1::Pod& victim) override;
  Status ClearNominatedNodeName(const api::core::v1::Pod& pod) override;
  void PreemptedEvent(const std::string& profile, const api::core::v1::Pod& victim,
                      const api::core::v1::Pod& preemptor, const std::string& note) override;

  StatusOr<api::core::v1::PersistentVolume> UpdatePv(const api::core::v1::PersistentVolume& pv) override;
  StatusOr<api::core::v1::PersistentVolumeClaim> UpdatePvc(const api::core::v1::PersistentVolumeClaim& pvc) override;

 private:
  client::events::EventRecorder* RecorderFor(const std::string& profile);

  client::RestClient* const rest_;
  client::events::EventBroadcaster* const broadcaster_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<client::events::EventRecorder>> recorders_;  // guarded by mu_
};

}  // namespace kubecxx::scheduler
