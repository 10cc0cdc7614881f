#include "lib/storage/lease_manager.h"

#include <algorithm>
#include <chrono>

namespace kubecxx::storage {

StatusOr<int64_t> LeaseManager::GetLease(int64_t ttl_seconds) {
  auto now = clock_->Now();
  std::lock_guard<std::mutex> lock(mu_);
  int64_t reuse = std::min(static_cast<int64_t>(config_.reuse_duration_percent *
                                                static_cast<double>(ttl_seconds)),
                           config_.reuse_duration_seconds);
  bool valid = now + std::chrono::seconds(ttl_seconds) < prev_expiration_;
  bool sufficient = now + std::chrono::seconds(ttl_seconds + reuse) > prev_expiration_;
  ++attached_;
  if (prev_lease_ != 0 && valid && sufficient && attached_ <= config_.max_object_count) {
    return prev_lease_;
  }
  int64_t ttl = ttl_seconds + reuse;
  auto granted = client_->LeaseGrant(ttl);
  if (!granted.ok()) return granted.status();
  prev_lease_ = granted->id;
  prev_expiration_ = now + std::chrono::seconds(ttl);
  attached_ = 1;
  return granted->id;
}

}  // namespace kubecxx::storage
