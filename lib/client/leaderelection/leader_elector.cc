#include "lib/client/leaderelection/leader_elector.h"

#include <unistd.h>

#include <algorithm>
#include <climits>
#include <random>
#include <thread>
#include <utility>

#include "lib/base/uuid.h"
#include "lib/log/log.h"
#include "lib/metrics/registry.h"

namespace kubecxx::client::leaderelection {

namespace {

using std::chrono::duration_cast;
using std::chrono::nanoseconds;

Clock::Duration Scale(Clock::Duration d, double f) {
  return Clock::Duration(static_cast<int64_t>(static_cast<double>(d.count()) * f));
}

double RandomUnit() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

}  // namespace

// component-base/metrics/prometheus/clientgo/leaderelection.
struct LeaderElector::Metrics {
  prometheus::Gauge* master_status;
  prometheus::Counter* slowpath;

  explicit Metrics(const std::string& name) {
    metrics::Registry& r = metrics::Registry::Default();
    static metrics::GaugeVec& gauge = [&r]() -> metrics::GaugeVec& {
      metrics::Opts o;
      o.name = "leader_election_master_status";
      o.help =
          "Gauge of if the reporting system is master of the relevant lease, 0 indicates "
          "backup, 1 indicates master. 'name' is the string used to identify the lease. "
          "Please make sure to group by name.";
      o.stability = metrics::StabilityLevel::kAlpha;
      return r.NewGaugeVec(o, {"name"});
    }();
    static metrics::CounterVec& counter = [&r]() -> metrics::CounterVec& {
      metrics::Opts o;
      o.name = "leader_election_slowpath_total";
      o.help =
          "Total number of slow path exercised in renewing leader leases. 'name' is the "
          "string used to identify the lease. Please make sure to group by name.";
      o.stability = metrics::StabilityLevel::kAlpha;
      return r.NewCounterVec(o, {"name"});
    }();
    master_status = &gauge.WithLabelValues({name});
    slowpath = &counter.WithLabelValues({name});
  }
};

StatusOr<std::unique_ptr<LeaderElector>> LeaderElector::New(LeaderElectionConfig config) {
  if (config.lease_duration <= config.renew_deadline) {
    return Status::Invalid("leaseDuration must be greater than renewDeadline");
  }
  if (config.renew_deadline <= Scale(config.retry_period, kJitterFactor)) {
    return Status::Invalid("renewDeadline must be greater than retryPeriod*JitterFactor");
  }
  if (config.lease_duration.count() < 1) {
    return Status::Invalid("leaseDuration must be greater than zero");
  }
  if (config.renew_deadline.count() < 1) {
    return Status::Invalid("renewDeadline must be greater than zero");
  }
  if (config.retry_period.count() < 1) {
    return Status::Invalid("retryPeriod must be greater than zero");
  }
  if (!config.callbacks.on_started_leading) {
    return Status::Invalid("OnStartedLeading callback must not be nil");
  }
  if (!config.callbacks.on_stopped_leading) {
    return Status::Invalid("OnStoppedLeading callback must not be nil");
  }
  if (config.lock == nullptr) return Status::Invalid("Lock must not be nil.");
  if (config.lock->identity().empty()) return Status::Invalid("Lock identity is empty");
  std::unique_ptr<LeaderElector> le(new LeaderElector(std::move(config)));
  le->metrics_->master_status->Set(0);
  return le;
}

LeaderElector::LeaderElector(LeaderElectionConfig config)
    : config_(std::move(config)),
      clock_(config_.clock != nullptr ? config_.clock : Clock::Real()),
      metrics_(std::make_unique<Metrics>(config_.name)) {
  if (!config_.jitter) config_.jitter = RandomUnit;
}

LeaderElector::~LeaderElector() = default;

void LeaderElector::Run(std::stop_token stop) {
  if (Acquire(stop)) {
    std::stop_source leading;
    std::stop_callback forward(stop, [&leading] { leading.request_stop(); });
    std::thread workload(
        [cb = config_.callbacks.on_started_leading, token = leading.get_token()] { cb(token); });
    Renew(stop);
    metrics_->master_status->Set(0);
    leading.request_stop();
    config_.callbacks.on_stopped_leading();
    workload.join();
    return;
  }
  config_.callbacks.on_stopped_leading();
}

bool LeaderElector::Acquire(std::stop_token stop) {
  const std::string desc = config_.lock->Describe();
  KLOG_INFO_S("Attempting to acquire leader lease...", "lock", desc);
  while (!stop.stop_requested()) {
    const bool succeeded = TryAcquireOrRenew(clock_->Now() + config_.renew_deadline);
    MaybeReportTransition();
    if (succeeded) {
      config_.lock->RecordEvent("became leader");
      metrics_->master_status->Set(1);
      KLOG_INFO_S("Successfully acquired lease", "lock", desc);
      return true;
    }
    KLOG_V(4).InfoS("Failed to acquire lease", "lock", desc);
    // wait.JitterUntil: period + rand * JitterFactor * period, timed after the attempt.
    const Clock::Duration wait =
        config_.retry_period + Scale(config_.retry_period, kJitterFactor * config_.jitter());
    if (!SleepUntil(stop, clock_->Now() + wait)) break;
  }
  return false;
}

void LeaderElector::Renew(std::stop_token stop) {
  const std::string desc = config_.lock->Describe();
  while (!stop.stop_requested()) {
    // wait.PollUntilContextTimeout(retryPeriod, renewDeadline, immediate).
    const Clock::TimePoint deadline = clock_->Now() + config_.renew_deadline;
    bool renewed = false;
    std::string why = "context canceled";
    while (!stop.stop_requested()) {
      if (TryAcquireOrRenew(deadline)) {
        renewed = true;
        break;
      }
      const Clock::TimePoint next = clock_->Now() + config_.retry_period;
      if (next >= deadline) {
        if (SleepUntil(stop, deadline)) why = "context deadline exceeded";
        break;
      }
      if (!SleepUntil(stop, next)) break;
    }
    MaybeReportTransition();
    if (renewed) {
      KLOG_V(5).InfoS("Successfully renewed lease", "lock", desc);
      if (!SleepUntil(stop, clock_->Now() + config_.retry_period)) break;
      continue;
    }
    metrics_->master_status->Set(0);
    KLOG_INFO_S("Failed to renew lease", "lock", desc, "err", why);
    break;
  }
  if (config_.release_on_cancel) Release();
  config_.lock->RecordEvent("stopped leading");
}

void LeaderElector::Release() { TryRelease(clock_->Now() + config_.renew_deadline); }

bool LeaderElector::TryRelease(Clock::TimePoint deadline) {
  const std::string desc = config_.lock->Describe();
  while (true) {
    const Clock::Duration timeout = RequestTimeout(deadline);
    if (timeout.count() <= 0) {
      KLOG_ERROR_S("context deadline exceeded", "Failed to release lease", "lock", desc);
      return false;
    }
    StatusOr<LeaderElectionRecord> old = config_.lock->Get(timeout);
    if (!old.ok()) {
      if (old.status().code() != StatusCode::kNotFound) {
        KLOG_ERROR_S(old.status(), "error retrieving resource lock", "lock", desc);
        return false;
      }
      KLOG_INFO_S("lease lock not found", "lock", desc);
      return false;
    }
    if (!IsLeader()) return true;
    const api::MicroTime now = WallNowMicro();
    LeaderElectionRecord record;
    record.leader_transitions = old->leader_transitions;
    record.lease_duration_seconds = 1;
    record.renew_time = now;
    record.acquire_time = now;
    Status st = config_.lock->Update(record, RequestTimeout(deadline));
    if (st.ok()) {
      SetObservedRecord(record);
      return true;
    }
    if (st.code() != StatusCode::kConflict) {
      KLOG_ERROR_S(st, "Failed to release lease", "lock", desc);
      return false;
    }
    KLOG_V(4).InfoS("Conflict when releasing lease, retrying", "lock", desc);
  }
}

bool LeaderElector::TryAcquireOrRenew(Clock::TimePoint deadline) {
  const std::string desc = config_.lock->Describe();
  const Clock::TimePoint now = clock_->Now();
  const api::MicroTime wall_now = WallNowMicro();
  LeaderElectionRecord record;
  record.holder_identity = config_.lock->identity();
  record.lease_duration_seconds = static_cast<int32_t>(
      std::chrono::duration_cast<std::chrono::seconds>(config_.lease_duration).count());
  record.renew_time = wall_now;
  record.acquire_time = wall_now;

  // Fast path: we hold a lease that is valid by our observation; write over what we last
  // read or wrote (its resourceVersion) without reading first.
  if (IsLeader() && IsLeaseValid(now)) {
    const LeaderElectionRecord old = GetObservedRecord();
    record.acquire_time = old.acquire_time;
    record.leader_transitions = old.leader_transitions;
    Status st = config_.lock->Update(record, RequestTimeout(deadline));
    if (st.ok()) {
      SetObservedRecord(record);
      return true;
    }
    KLOG_V(2).InfoS("Failed to update lease optimistically, falling back to slow path",
                    "lock", desc, "err", st.message());
  }

  Clock::Duration timeout = RequestTimeout(deadline);
  if (timeout.count() <= 0) return false;
  StatusOr<LeaderElectionRecord> old = config_.lock->Get(timeout);
  if (!old.ok()) {
    if (old.status().code() != StatusCode::kNotFound) {
      KLOG_ERROR_S(old.status(), "Error retrieving lease lock", "lock", desc);
      return false;
    }
    timeout = RequestTimeout(deadline);
    if (timeout.count() <= 0) return false;
    Status st = config_.lock->Create(record, timeout);
    if (!st.ok()) {
      KLOG_ERROR_S(st, "Error initially creating lease lock", "lock", desc);
      return false;
    }
    SetObservedRecord(record);
    return true;
  }

  // The observation clock restarts only when the record changes.
  if (!has_raw_record_ || !SameObservedRecord(observed_raw_record_, *old)) {
    SetObservedRecord(*old);
    observed_raw_record_ = *old;
    has_raw_record_ = true;
  }
  if (!old->holder_identity.empty() && IsLeaseValid(now) && !IsLeader()) {
    KLOG_V(4).InfoS("Lease is held by and has not yet expired", "lock", desc, "holder",
                    old->holder_identity);
    return false;
  }
  if (IsLeader()) {
    record.acquire_time = old->acquire_time;
    record.leader_transitions = old->leader_transitions;
    metrics_->slowpath->Increment();
  } else {
    record.leader_transitions = old->leader_transitions + 1;
  }
  timeout = RequestTimeout(deadline);
  if (timeout.count() <= 0) return false;
  Status st = config_.lock->Update(record, timeout);
  if (!st.ok()) {
    KLOG_ERROR_S(st, "Failed to update lease", "lock", desc);
    return false;
  }
  SetObservedRecord(record);
  return true;
}

void LeaderElector::MaybeReportTransition() {
  const std::string holder = GetLeader();
  if (holder == reported_leader_) return;
  reported_leader_ = holder;
  if (config_.callbacks.on_new_leader) config_.callbacks.on_new_leader(holder);
}

bool LeaderElector::SleepUntil(std::stop_token stop, Clock::TimePoint until) {
  // Registered before taking the lock: a callback for an already stopped token runs here.
  std::stop_callback wake(stop, [this] {
    std::lock_guard<std::mutex> g(sleep_mu_);
    sleep_cv_.notify_all();
  });
  std::unique_lock<std::mutex> l(sleep_mu_);
  while (!stop.stop_requested() && clock_->Now() < until) {
    clock_->Wait(sleep_cv_, l, until);
  }
  return !stop.stop_requested();
}

Clock::Duration LeaderElector::RequestTimeout(Clock::TimePoint deadline) const {
  Clock::Duration per_request = config_.request_timeout;
  if (per_request.count() <= 0) {
    per_request = std::max<Clock::Duration>(config_.renew_deadline / 2, std::chrono::seconds(1));
  }
  return std::min(per_request, deadline - clock_->Now());
}

api::MicroTime LeaderElector::WallNowMicro() const {
  const int64_t ns =
      duration_cast<nanoseconds>(clock_->WallNow().time_since_epoch()).count();
  api::MicroTime t;
  t.seconds = ns / 1000000000;
  t.nanos = static_cast<int32_t>(ns % 1000000000);
  if (t.nanos < 0) {
    t.nanos += 1000000000;
    --t.seconds;
  }
  return t;
}

void LeaderElector::SetObservedRecord(const LeaderElectionRecord& record) {
  std::lock_guard<std::mutex> l(mu_);
  observed_record_ = record;
  observed_time_ = clock_->Now();
}

LeaderElectionRecord LeaderElector::GetObservedRecord() const {
  std::lock_guard<std::mutex> l(mu_);
  return observed_record_;
}

bool LeaderElector::IsLeaseValid(Clock::TimePoint now) const {
  std::lock_guard<std::mutex> l(mu_);
  return observed_time_ + std::chrono::seconds(observed_record_.lease_duration_seconds) > now;
}

std::string LeaderElector::GetLeader() const { return GetObservedRecord().holder_identity; }

bool LeaderElector::IsLeader() const {
  return GetObservedRecord().holder_identity == config_.lock->identity();
}

Status LeaderElector::Check(Clock::Duration max_tolerable_expired_lease) const {
  if (!IsLeader()) return Status::Ok();
  Clock::TimePoint last;
  {
    std::lock_guard<std::mutex> l(mu_);
    last = observed_time_;
  }
  if (clock_->Now() - last > config_.lease_duration + max_tolerable_expired_lease) {
    return Status::Internal("failed election to renew leadership on lease " + config_.name);
  }
  return Status::Ok();
}

StatusOr<std::string> DefaultIdentity() {
  char host[HOST_NAME_MAX + 1] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) {
    return Status::Internal("unable to get hostname");
  }
  return std::string(host) + "_" + NewUUID();
}

}  // namespace kubecxx::client::leaderelection
