// The leader-election record and the Lease lock (client-go's resourcelock.LeaseLock).
//
// A LeaderElectionRecord is what electors read and write; the lock maps it onto a
// coordination.k8s.io/v1 Lease's spec: holderIdentity, leaseDurationSeconds,
// acquireTime/renewTime (MicroTime), leaseTransitions, and strategy/preferredHolder only
// when non-empty. The lock keeps the Lease it last read or wrote, so an Update carries
// that object's resourceVersion (optimistic concurrency: a stale one is kConflict).
//
// Thread-safety: a LeaseLock is used by one elector thread at a time.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "kubecxx/api/coordination/v1/types.h"
#include "lib/api/time.h"
#include "lib/base/status.h"
#include "lib/client/leaderelection/lease_client.h"

namespace kubecxx::client::leaderelection {

struct LeaderElectionRecord {
  std::string holder_identity;
  int32_t lease_duration_seconds = 0;
  api::MicroTime acquire_time;
  api::MicroTime renew_time;
  int32_t leader_transitions = 0;
  std::string strategy;
  std::string preferred_holder;

  bool operator==(const LeaderElectionRecord&) const = default;
};

// Whether an elector sees `a` and `b` as the same observation. Upstream compares the JSON
// of its record type, whose times marshal as metav1.Time: whole seconds. So two renewals
// within one second look like no change, and we keep that.
bool SameObservedRecord(const LeaderElectionRecord& a, const LeaderElectionRecord& b);

LeaderElectionRecord RecordFromLeaseSpec(const api::coordination::v1::LeaseSpec& spec);
api::coordination::v1::LeaseSpec LeaseSpecFromRecord(const LeaderElectionRecord& record);

class LeaseLock {
 public:
  using Timeout = LeaseClient::Timeout;
  // Called with the Lease and a message ("<identity> became leader", "... stopped
  // leading") when upstream records a LeaderElection event. May be empty.
  using EventHook =
      std::function<void(const api::coordination::v1::Lease& subject, const std::string& msg)>;

  // REQUIRES: client outlives the lock; identity non-empty (NewLeaderElector checks).
  LeaseLock(LeaseClient* client, std::string namespace_, std::string name, std::string identity,
            std::map<std::string, std::string> labels = {}, EventHook event_hook = nullptr);

  // Reads the Lease; kNotFound when it does not exist.
  StatusOr<LeaderElectionRecord> Get(Timeout timeout);
  // Creates the Lease with this record (and the lock's labels).
  Status Create(const LeaderElectionRecord& record, Timeout timeout);
  // Writes the record over the last Lease read or written (its resourceVersion); merges
  // the lock's labels. Fails with kInternal before any Get/Create succeeded.
  Status Update(const LeaderElectionRecord& record, Timeout timeout);

  // "<identity> <what>" as a LeaderElection event on the Lease, when a hook is set.
  void RecordEvent(std::string_view what);

  const std::string& identity() const { return identity_; }
  std::string Describe() const { return namespace_ + "/" + name_; }
  const std::string& namespace_name() const { return namespace_; }
  const std::string& name() const { return name_; }

 private:
  LeaseClient* const client_;
  const std::string namespace_;
  const std::string name_;
  const std::string identity_;
  const std::map<std::string, std::string> labels_;
  const EventHook event_hook_;
  std::optional<api::coordination::v1::Lease> lease_;
};

}  // namespace kubecxx::client::leaderelection
