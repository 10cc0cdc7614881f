// Leader election on a coordination.k8s.io/v1 Lease, as client-go's tools/leaderelection
// (v0.37.2) does it, so our components and stock ones can contend for the same Lease.
//
//   LeaderElectionConfig config{.lock = &lock, .name = "kube-scheduler", ...};
//   auto elector = LeaderElector::New(std::move(config));   // validates like upstream
//   (*elector)->Run(stop_token);   // blocks: acquire, lead, renew, stop
//
// Protocol (all of it upstream's):
//  * Acquire: every retry_period (jittered by up to JitterFactor 1.2 more) try to take or
//    renew the Lease. A Lease whose holder is someone else is respected until this
//    elector's OWN clock has seen lease_duration (the holder's leaseDurationSeconds) pass
//    since it last saw the record change; the renewTime written in the Lease is never
//    compared with our clock. An empty holderIdentity is free at once.
//  * Writes go through the lock with the last-read resourceVersion: two electors racing
//    for a free Lease cannot both win (the loser gets kConflict / kAlreadyExists).
//    Taking the Lease from another holder increments leaseTransitions; acquireTime is
//    kept across renewals.
//  * Lead: OnStartedLeading runs on its own thread with a stop_token that is stopped when
//    leadership ends. Renew: every retry_period, retried every retry_period until a renew
//    succeeds; if none succeeds within renew_deadline, leadership is lost.
//  * Stop: when Run's stop_token is stopped or renewal fails, leading ends; with
//    release_on_cancel the Lease is released by writing holderIdentity "", acquireTime and
//    renewTime now, leaseDurationSeconds 1 (leaseTransitions kept) so a successor need not
//    wait. Then OnStoppedLeading runs (always, also when Run never led).
//  * OnNewLeader(identity) fires when the observed holder changes (also to "").
//
// Metrics: leader_election_master_status{name} (1 while leading, 0 otherwise) and
// leader_election_slowpath_total{name}, as component-base registers them.
//
// Threading: Run() blocks the calling thread, which does every API call. It starts one
// thread for OnStartedLeading and joins it before returning, so that callback must return
// soon after its stop_token is stopped. OnNewLeader and OnStoppedLeading run on Run's
// thread. IsLeader(), GetLeader() and Check() may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>

#include "lib/base/clock.h"
#include "lib/base/status.h"
#include "lib/base/uuid.h"
#include "lib/client/leaderelection/lease_lock.h"

namespace kubecxx::client::leaderelection {

inline constexpr double kJitterFactor = 1.2;

// component-base's LeaderElectionConfiguration defaults.
inline constexpr std::chrono::seconds kDefaultLeaseDuration{15};
inline constexpr std::chrono::seconds kDefaultRenewDeadline{10};
inline constexpr std::chrono::seconds kDefaultRetryPeriod{2};

struct LeaderCallbacks {
  std::function<void(std::stop_token leading)> on_started_leading;  // required
  std::function<void()> on_stopped_leading;                         // required
  std::function<void(const std::string& identity)> on_new_leader;   // optional
};

struct LeaderElectionConfig {
  LeaseLock* lock = nullptr;  // required; must outlive the elector
  Clock::Duration lease_duration = kDefaultLeaseDuration;
  Clock::Duration renew_deadline = kDefaultRenewDeadline;
  Clock::Duration retry_period = kDefaultRetryPeriod;
  LeaderCallbacks callbacks;
  bool release_on_cancel = false;
  std::string name;  // the metrics' label and Check()'s message; may be empty
  Clock* clock = nullptr;  // nullptr: Clock::Real()
  // Returns a number in [0, 1) for the acquire jitter; nullptr: a random source.
  std::function<double()> jitter;
  // Per-request timeout; zero: renew_deadline / 2, at least 1 s (NewFromKubeconfig).
  Clock::Duration request_timeout{0};
};

class LeaderElector {
 public:
  // The checks of NewLeaderElector, with its messages ("leaseDuration must be greater than
  // renewDeadline", ...). Sets leader_election_master_status{name} to 0.
  static StatusOr<std::unique_ptr<LeaderElector>> New(LeaderElectionConfig config);
  ~LeaderElector();

  // See the header comment. REQUIRES: called at most once.
  void Run(std::stop_token stop);

  // The holder in the last observed record ("" when none).
  std::string GetLeader() const;
  bool IsLeader() const;
  // The healthz check: fails with "failed election to renew leadership on lease <name>"
  // when we are leader by our last observation but have not renewed for lease_duration +
  // max_tolerable_expired_lease; passes otherwise.
  Status Check(Clock::Duration max_tolerable_expired_lease) const;

  const LeaderElectionConfig& config() const { return config_; }

 private:
  struct Metrics;
  explicit LeaderElector(LeaderElectionConfig config);

  bool Acquire(std::stop_token stop);
  void Renew(std::stop_token stop);
  bool TryAcquireOrRenew(Clock::TimePoint deadline);
  bool TryRelease(Clock::TimePoint deadline);
  void Release();
  void MaybeReportTransition();

  // Waits until `until` on the clock or until `stop` is requested; false when stopped.
  bool SleepUntil(std::stop_token stop, Clock::TimePoint until);
  Clock::Duration RequestTimeout(Clock::TimePoint deadline) const;
  api::MicroTime WallNowMicro() const;

  void SetObservedRecord(const LeaderElectionRecord& record);
  LeaderElectionRecord GetObservedRecord() const;
  bool IsLeaseValid(Clock::TimePoint now) const;

  LeaderElectionConfig config_;
  Clock* const clock_;
  std::unique_ptr<Metrics> metrics_;

  std::mutex sleep_mu_;  // for SleepUntil's condition variable
  std::condition_variable sleep_cv_;

  mutable std::mutex mu_;
  LeaderElectionRecord observed_record_;  // guarded by mu_
  Clock::TimePoint observed_time_{};      // guarded by mu_

  // Touched by Run's thread only.
  std::string reported_leader_;
  bool has_raw_record_ = false;
  LeaderElectionRecord observed_raw_record_;
};

// The identity stock components use: "<hostname>_<random UUID>" (kube-scheduler's and
// kube-controller-manager's options: os.Hostname() + "_" + uuid.NewUUID()).
StatusOr<std::string> DefaultIdentity();

}  // namespace kubecxx::client::leaderelection
