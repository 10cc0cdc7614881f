// RestLeaseClient: LeaseClient over the REST layer (TypedClient<Lease>), configured as
// client-go's resourcelock.NewFromKubeconfig configures the leader-election client: a
// request timeout of renewDeadline/2 (at least 1 s) and the user agent
// "<user agent>/leader-election".
//
// A call whose `timeout` is below that default goes through a client with the smaller
// timeout (same connection pool), so no request outlives the elector's renew deadline.
// ApiErrors map to the LeaseClient codes: NotFound, AlreadyExists, Conflict by the
// apimachinery predicates; anything else is kUnavailable (no HTTP answer) or kInternal.
//
// Thread-safety: safe for concurrent use.
#pragma once

#include <chrono>
#include <memory>

#include "lib/client/leaderelection/lease_client.h"
#include "lib/client/rest_client.h"

namespace kubecxx::client::leaderelection {

class RestLeaseClient : public LeaseClient {
 public:
  static StatusOr<std::unique_ptr<RestLeaseClient>> New(const RestConfig& config,
                                                        std::chrono::nanoseconds renew_deadline);

  StatusOr<Lease> Get(const std::string& namespace_, const std::string& name,
                      Timeout timeout) override;
  StatusOr<Lease> Create(const Lease& lease, Timeout timeout) override;
  StatusOr<Lease> Update(const Lease& lease, Timeout timeout) override;

  const RestConfig& config() const { return rest_->config(); }

 private:
  RestLeaseClient(RestConfig config, std::shared_ptr<RequestExecutor> executor);
  // The client to use for a call with this timeout (the shared one, or a short-lived one).
  std::unique_ptr<RestClient> ClientFor(Timeout timeout, RestClient** use);

  RestConfig config_;
  std::shared_ptr<RequestExecutor> executor_;
  std::unique_ptr<RestClient> rest_;
};

// ApiError -> the Status codes of the client seams (lease_client.h, event_sink.h).
Status SeamStatus(const ApiError& e);

}  // namespace kubecxx::client::leaderelection
