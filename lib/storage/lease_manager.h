// LeaseManager: etcd leases for TTL'd writes (events), shared the way stock kube-apiserver
// shares them (k8s.io/apiserver storage/etcd3/lease_manager.go): a lease is reused while it
// outlives the requested TTL and was granted no longer than the reuse window ago (5% of the
// TTL, at most 60 s), for at most 1000 objects; a new lease's TTL is padded by the window.
// Thread-safety: safe for concurrent use; Grant calls to etcd happen under the lock (one at
// a time, as upstream).
#pragma once

#include <cstdint>
#include <mutex>

#include "lib/base/clock.h"
#include "lib/base/status.h"
#include "lib/etcd/client.h"

namespace kubecxx::storage {

struct LeaseManagerConfig {
  int64_t reuse_duration_seconds = 60;
  double reuse_duration_percent = 0.05;
  int64_t max_object_count = 1000;
};

class LeaseManager {
 public:
  // REQUIRES: client (and clock) outlive the manager.
  explicit LeaseManager(etcd::Client* client, LeaseManagerConfig config = {},
                        Clock* clock = Clock::Real())
      : client_(client), config_(config), clock_(clock) {}

  // A lease id for an object that must live `ttl_seconds`.
  StatusOr<int64_t> GetLease(int64_t ttl_seconds);

 private:
  etcd::Client* client_;
  LeaseManagerConfig config_;
  Clock* clock_;
  std::mutex mu_;
  int64_t prev_lease_ = 0;
  Clock::TimePoint prev_expiration_{};
  int64_t attached_ = 0;
};

}  // namespace kubecxx::storage
