// LeaseClient: the seam between leader election and the API server — get, create and
// update one coordination.k8s.io/v1 Lease. The real implementation sits on the REST
// layer (rest_lease_client.h); tests use FakeLeaseClient (an in-memory store with
// resourceVersion checks and fault injection).
//
// Error contract (Status codes, mapped from the API error the way client-go's
// apierrors predicates see it):
//   kNotFound      : the Lease does not exist (Get, Update)
//   kAlreadyExists : Create lost to another creator
//   kConflict      : Update carried a stale metadata.resourceVersion (lost the race)
//   anything else  : the server rejected the call, or transport failure/timeout
//
// Every call is bounded by `timeout` (client-go gives the leader-election client a
// request timeout of renewDeadline/2, at least 1 s; the elector passes the smaller of
// that and what is left of its renew deadline).
//
// Thread-safety: implementations are safe for concurrent use.
#pragma once

#include <chrono>
#include <string>

#include "kubecxx/api/coordination/v1/types.h"
#include "lib/base/status.h"

namespace kubecxx::client::leaderelection {

class LeaseClient {
 public:
  using Lease = api::coordination::v1::Lease;
  using Timeout = std::chrono::nanoseconds;

  virtual ~LeaseClient() = default;
  virtual StatusOr<Lease> Get(const std::string& namespace_, const std::string& name,
                              Timeout timeout) = 0;
  // Returns the created/updated object as the server stored it (new resourceVersion).
  virtual StatusOr<Lease> Create(const Lease& lease, Timeout timeout) = 0;
  virtual StatusOr<Lease> Update(const Lease& lease, Timeout timeout) = 0;
};

}  // namespace kubecxx::client::leaderelection
