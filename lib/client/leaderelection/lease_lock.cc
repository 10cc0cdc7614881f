#include "lib/client/leaderelection/lease_lock.h"

#include <utility>

namespace kubecxx::client::leaderelection {

namespace coordv1 = api::coordination::v1;

bool SameObservedRecord(const LeaderElectionRecord& a, const LeaderElectionRecord& b) {
  return a.holder_identity == b.holder_identity &&
         a.lease_duration_seconds == b.lease_duration_seconds &&
         a.acquire_time.seconds == b.acquire_time.seconds &&
         a.renew_time.seconds == b.renew_time.seconds &&
         a.leader_transitions == b.leader_transitions && a.strategy == b.strategy &&
         a.preferred_holder == b.preferred_holder;
}

LeaderElectionRecord RecordFromLeaseSpec(const coordv1::LeaseSpec& spec) {
  LeaderElectionRecord r;
  if (spec.holder_identity) r.holder_identity = *spec.holder_identity;
  if (spec.lease_duration_seconds) r.lease_duration_seconds = *spec.lease_duration_seconds;
  if (spec.lease_transitions) r.leader_transitions = *spec.lease_transitions;
  if (spec.acquire_time) r.acquire_time = *spec.acquire_time;
  if (spec.renew_time) r.renew_time = *spec.renew_time;
  if (spec.preferred_holder) r.preferred_holder = *spec.preferred_holder;
  if (spec.strategy) r.strategy = *spec.strategy;
  return r;
}

coordv1::LeaseSpec LeaseSpecFromRecord(const LeaderElectionRecord& record) {
  coordv1::LeaseSpec spec;
  // Upstream always sets these five pointers, so holderIdentity "" is written, not omitted.
  spec.holder_identity = record.holder_identity;
  spec.lease_duration_seconds = record.lease_duration_seconds;
  spec.acquire_time = Box<api::MicroTime>(record.acquire_time);
  spec.renew_time = Box<api::MicroTime>(record.renew_time);
  spec.lease_transitions = record.leader_transitions;
  if (!record.preferred_holder.empty()) spec.preferred_holder = record.preferred_holder;
  if (!record.strategy.empty()) spec.strategy = record.strategy;
  return spec;
}

LeaseLock::LeaseLock(LeaseClient* client, std::string namespace_, std::string name,
                     std::string identity, std::map<std::string, std::string> labels,
                     EventHook event_hook)
    : client_(client),
      namespace_(std::move(namespace_)),
      name_(std::move(name)),
      identity_(std::move(identity)),
      labels_(std::move(labels)),
      event_hook_(std::move(event_hook)) {}

StatusOr<LeaderElectionRecord> LeaseLock::Get(Timeout timeout) {
  StatusOr<coordv1::Lease> lease = client_->Get(namespace_, name_, timeout);
  if (!lease.ok()) return lease.status();
  lease_ = std::move(lease).value();
  return RecordFromLeaseSpec(lease_->spec);
}

Status LeaseLock::Create(const LeaderElectionRecord& record, Timeout timeout) {
  coordv1::Lease lease;
  lease.object_meta.name = name_;
  lease.object_meta.namespace_ = namespace_;
  for (const auto& [k, v] : labels_) lease.object_meta.labels[k] = v;
  lease.spec = LeaseSpecFromRecord(record);
  StatusOr<coordv1::Lease> created = client_->Create(lease, timeout);
  if (!created.ok()) return created.status();
  lease_ = std::move(created).value();
  return Status::Ok();
}

Status LeaseLock::Update(const LeaderElectionRecord& record, Timeout timeout) {
  if (!lease_) return Status::Internal("lease not initialized, call get or create first");
  coordv1::Lease lease = *lease_;
  lease.spec = LeaseSpecFromRecord(record);
  for (const auto& [k, v] : labels_) lease.object_meta.labels[k] = v;
  StatusOr<coordv1::Lease> updated = client_->Update(lease, timeout);
  if (!updated.ok()) return updated.status();
  lease_ = std::move(updated).value();
  return Status::Ok();
}

void LeaseLock::RecordEvent(std::string_view what) {
  if (!event_hook_) return;
  coordv1::Lease subject;
  if (lease_) subject.object_meta = lease_->object_meta;
  subject.type_meta.kind = "Lease";
  subject.type_meta.api_version = "coordination.k8s.io/v1";
  event_hook_(subject, identity_ + " " + std::string(what));
}

}  // namespace kubecxx::client::leaderelection
