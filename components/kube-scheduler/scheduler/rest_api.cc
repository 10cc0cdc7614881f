#include "components/kube-scheduler/scheduler/rest_api.h"

#include <chrono>
#include <thread>

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
    if (attempt == 3 || !Retriable(resp.error())) return Status::Internal(resp.error().message());
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

}  // namespace kubecxx::scheduler
