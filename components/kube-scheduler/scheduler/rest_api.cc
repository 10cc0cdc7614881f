#include "components/kube-scheduler/scheduler/rest_api.h"

#include <chrono>
#include <thread>

#include "components/kube-scheduler/scheduler/pod_status_patch.h"

namespace kubecxx::scheduler {
namespace {

using api::core::v1::Pod;

const codec::KindInfo* BindingKind() {
  static const codec::KindInfo* k = codec::FindKind("", "v1", "Binding");
  return k;
}

bool Retriable(const client::ApiError& e) {
  return client::IsConflict(e) || client::IsServerTimeout(e) || client::IsTooManyRequests(e) ||
         client::IsServiceUnavailable(e) || e.status().code == 0;
}

Status FromApiError(const client::ApiError& e) {
  if (client::IsNotFound(e)) return Status(StatusCode::kNotFound, e.message());
  return Status::Internal(e.message());
}

}  // namespace

Status RestSchedulerApi::Bind(const Pod& pod, const std::string& node) {
  api::core::v1::Binding b;
  b.type_meta.api_version = "v1";
  b.type_meta.kind = "Binding";
  b.object_meta.namespace_ = pod.object_meta.namespace_;
  b.object_meta.name = pod.object_meta.name;
  b.object_meta.uid = pod.object_meta.uid;
  b.target.kind = "Node";
  b.target.name = node;
  client::RawRequest req;
  req.verb = "POST";
  req.ref = client::ResourceRef{"", "v1", "pods", pod.object_meta.namespace_, pod.object_meta.name, "binding"};
  req.body = rest_->EncodeBody(*BindingKind(), &b);
  req.content_type = std::string(rest_->BodyContentType());
  client::ApiResult<client::RawResponse> resp = rest_->Do(req);
  if (!resp.ok()) return Status::Internal(resp.error().message());
  return Status::Ok();
}

Status RestSchedulerApi::PatchPodStatus(const Pod& pod, const std::string& patch) {
  client::RawRequest req;
  req.verb = "PATCH";
  req.ref = client::ResourceRef{"", "v1", "pods", pod.object_meta.namespace_, pod.object_meta.name, "status"};
  req.body = patch;
  req.content_type = std::string(client::PatchContentType(client::PatchType::kStrategicMerge));
  auto delay = std::chrono::milliseconds(10);
  for (int attempt = 0;; ++attempt) {
    client::ApiResult<client::RawResponse> resp = rest_->Do(req);
    if (resp.ok()) return Status::Ok();
    if (attempt == 3 || !Retriable(resp.error())) return FromApiError(resp.error());
    std::this_thread::sleep_for(delay);
    delay *= 5;
  }
}

client::events::EventRecorder* RestSchedulerApi::RecorderFor(const std::string& profile) {
  std::lock_guard<std::mutex> l(mu_);
  auto& r = recorders_[profile];
  if (!r) r = broadcaster_->NewRecorder(profile);
  return r.get();
}

void RestSchedulerApi::Event(const std::string& profile, const Pod& pod, std::string_view type,
                             std::string_view reason, std::string_view action, std::string_view note) {
  RecorderFor(profile)->Eventf(client::events::ReferenceTo(pod), nullptr, type, reason, action, note);
}

StatusOr<api::core::v1::PersistentVolume> RestSchedulerApi::UpdatePv(const api::core::v1::PersistentVolume& pv) {
  client::TypedClient<api::core::v1::PersistentVolume> pvs(rest_, "");
  auto r = pvs.Update(pv);
  if (!r.ok()) return FromApiError(r.error());
  return std::move(r).value();
}

StatusOr<api::core::v1::PersistentVolumeClaim> RestSchedulerApi::UpdatePvc(
    const api::core::v1::PersistentVolumeClaim& pvc) {
  client::TypedClient<api::core::v1::PersistentVolumeClaim> pvcs(rest_, pvc.object_meta.namespace_);
  auto r = pvcs.Update(pvc);
  if (!r.ok()) return FromApiError(r.error());
  return std::move(r).value();
}

}  // namespace kubecxx::scheduler

namespace kubecxx::scheduler {

Status RestSchedulerApi::AddDisruptionTarget(const Pod& victim, const std::string& message) {
  api::core::v1::PodCondition cond;
  cond.type = "DisruptionTarget";
  cond.status = "True";
  cond.reason = "PreemptionByScheduler";
  cond.message = message;
  std::optional<std::string> patch = PodConditionPatch(victim, &cond, std::nullopt, api::Now());
  if (!patch) return Status::Ok();
  return PatchPodStatus(victim, *patch);
}

Status RestSchedulerApi::DeletePod(const Pod& victim) {
  client::RawRequest req;
  req.verb = "DELETE";
  req.ref = client::ResourceRef{"", "v1", "pods", victim.object_meta.namespace_, victim.object_meta.name, ""};
  client::ApiResult<client::RawResponse> resp = rest_->Do(req);
  if (!resp.ok()) return FromApiError(resp.error());
  return Status::Ok();
}

Status RestSchedulerApi::ClearNominatedNodeName(const Pod& pod) {
  std::optional<std::string> patch = ClearNominatedNodeNamePatch(pod);
  if (!patch) return Status::Ok();
  return PatchPodStatus(pod, *patch);
}

void RestSchedulerApi::PreemptedEvent(const std::string& profile, const Pod& victim, const Pod& /*preemptor*/,
                                      const std::string& note) {
  // No related object: upstream passes its preemptor wrapper type, which the scheme cannot
  // reference, so stock's event carries none (seen in scheduler_preemption_stock_integration_test).
  RecorderFor(profile)->Eventf(client::events::ReferenceTo(victim), nullptr, "Normal", "Preempted", "Preempting", note);
}

}  // namespace kubecxx::scheduler
