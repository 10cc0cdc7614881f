// The leader-election health check (client-go's leaderelection.HealthzAdaptor): fails
// while this process believes it leads but has not renewed for leaseDuration + timeout.
// Stock kube-scheduler installs one with a 20 s timeout on /healthz and /readyz:
//
//   HealthzAdaptor watchdog(std::chrono::seconds(20));
//   server.AddHealthzCheck(watchdog.AsHealthCheck());
//   server.AddReadyzCheck(watchdog.AsHealthCheck());
//   ... watchdog.SetLeaderElection(elector.get());
//
// Before SetLeaderElection the check passes. Thread-safety: all methods are thread-safe;
// the elector set must outlive the adaptor's use (or be reset with nullptr first).
#pragma once

#include <mutex>
#include <string>

#include "lib/base/clock.h"
#include "lib/base/status.h"
#include "lib/client/leaderelection/leader_elector.h"
#include "lib/server/healthz.h"

namespace kubecxx::client::leaderelection {

class HealthzAdaptor {
 public:
  explicit HealthzAdaptor(Clock::Duration timeout) : timeout_(timeout) {}

  static constexpr const char* kName = "leaderElection";

  void SetLeaderElection(const LeaderElector* elector) {
    std::lock_guard<std::mutex> l(mu_);
    elector_ = elector;
  }

  Status Check() const {
    std::lock_guard<std::mutex> l(mu_);
    if (elector_ == nullptr) return Status::Ok();
    return elector_->Check(timeout_);
  }

  // A named check "leaderElection" for lib/server's /healthz, /livez, /readyz.
  // REQUIRES: the adaptor outlives the server using the check.
  server::HealthCheck AsHealthCheck() const {
    return server::NamedCheck(kName, [this](const server::Request&) { return Check(); });
  }

 private:
  const Clock::Duration timeout_;
  mutable std::mutex mu_;
  const LeaderElector* elector_ = nullptr;  // guarded by mu_
};

}  // namespace kubecxx::client::leaderelection
