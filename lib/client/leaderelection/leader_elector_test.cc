// Leader election against an in-memory Lease store with a fake clock: every step of time
// is explicit, and after each step the test waits until every elector thread is blocked on
// the clock again, so each assertion sees a settled state.

#include "lib/client/leaderelection/leader_elector.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "lib/base/testing/counting_clock.h"
#include "lib/client/leaderelection/healthz_adaptor.h"
#include "lib/client/leaderelection/testing/fake_lease_client.h"
#include "lib/metrics/registry.h"
#include "lib/server/component_server.h"
#include "lib/server/test_client.h"

namespace kubecxx::client::leaderelection {
namespace {

using std::chrono::seconds;
using kubecxx::testing::CountingClock;
using testing::FakeLeaseClient;
namespace coordv1 = api::coordination::v1;

constexpr char kNs[] = "kube-system";
constexpr char kName[] = "kube-scheduler";

api::MicroTime Micro(Clock::WallTime t) {
  const int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                         t.time_since_epoch()).count();
  return api::MicroTime{ns / 1000000000, static_cast<int32_t>(ns % 1000000000)};
}

class Candidate {
 public:
  Candidate(LeaseClient* store, Clock* clock, std::string id, bool release_on_cancel = false)
      : id_(std::move(id)),
        lock_(store, kNs, kName, id_) {
    LeaderElectionConfig config;
    config.lock = &lock_;
    config.clock = clock;
    config.jitter = [] { return 0.0; };
    config.release_on_cancel = release_on_cancel;
    config.name = "test-" + id_;
    config.callbacks.on_started_leading = [this](std::stop_token leading) {
      {
        std::lock_guard<std::mutex> l(mu_);
        ++started_;
        leading_ = true;
        cv_.notify_all();
      }
      std::mutex m;
      std::condition_variable_any cv;
      std::unique_lock<std::mutex> l(m);
      cv.wait(l, leading, [] { return false; });
      std::lock_guard<std::mutex> g(mu_);
      leading_ = false;
      cv_.notify_all();
    };
    config.callbacks.on_stopped_leading = [this] {
      std::lock_guard<std::mutex> l(mu_);
      ++stopped_;
      if (on_stopped_) on_stopped_();
      cv_.notify_all();
    };
    config.callbacks.on_new_leader = [this](const std::string& who) {
      std::lock_guard<std::mutex> l(mu_);
      new_leaders_.push_back(who);
    };
    auto le = LeaderElector::New(std::move(config));
    EXPECT_TRUE(le.ok()) << le.status().message();
    elector_ = std::move(le).value();
  }
  ~Candidate() { Stop(); }

  void Start() {
    thread_ = std::thread([this] { elector_->Run(stop_.get_token()); });
  }
  void Stop() {
    stop_.request_stop();
    if (thread_.joinable()) thread_.join();
  }
  // Waits (real time, bounded) until the workload callback is running / has ended.
  bool WaitLeading(bool want) {
    std::unique_lock<std::mutex> l(mu_);
    return cv_.wait_for(l, seconds(10), [&] { return leading_ == want && started_ > 0; });
  }
  bool WaitStopped() {
    std::unique_lock<std::mutex> l(mu_);
    return cv_.wait_for(l, seconds(10), [&] { return stopped_ > 0; });
  }
  bool leading() {
    std::lock_guard<std::mutex> l(mu_);
    return leading_;
  }
  int started() {
    std::lock_guard<std::mutex> l(mu_);
    return started_;
  }
  int stopped() {
    std::lock_guard<std::mutex> l(mu_);
    return stopped_;
  }
  std::vector<std::string> new_leaders() {
    std::lock_guard<std::mutex> l(mu_);
    return new_leaders_;
  }
  void set_on_stopped(std::function<void()> f) {
    std::lock_guard<std::mutex> l(mu_);
    on_stopped_ = std::move(f);
  }
  LeaderElector& elector() { return *elector_; }
  const std::string& id() const { return id_; }

 private:
  std::string id_;
  LeaseLock lock_;
  std::unique_ptr<LeaderElector> elector_;
  std::stop_source stop_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  int started_ = 0;
  int stopped_ = 0;
  bool leading_ = false;
  std::vector<std::string> new_leaders_;
  std::function<void()> on_stopped_;
};

class LeaderElectorTest : public ::testing::Test {
 protected:
  // Starts candidates and waits until each is blocked on the clock.
  void StartAll(std::initializer_list<Candidate*> cs) {
    const int64_t e = clock_.entries();
    for (Candidate* c : cs) c->Start();
    ASSERT_TRUE(clock_.WaitEntries(e + static_cast<int64_t>(cs.size())));
    ASSERT_TRUE(fake_.WaitForWaiters(cs.size()));
  }
  // Moves time by d; then waits until `waiters` threads are back on the clock.
  void Advance(Clock::Duration d, size_t waiters) {
    const int64_t e = clock_.entries();
    const size_t before = fake_.NumWaiters();
    fake_.Step(d);
    // Every thread that was waiting wakes; those still running Run wait again.
    ASSERT_TRUE(clock_.WaitEntries(e + static_cast<int64_t>(std::min(before, waiters))));
    ASSERT_TRUE(fake_.WaitForWaiters(waiters));
  }
  coordv1::Lease Lease() {
    coordv1::Lease l;
    EXPECT_TRUE(store_.Peek(kNs, kName, &l));
    return l;
  }
  std::string Holder() {
    coordv1::Lease l = Lease();
    return l.spec.holder_identity.value_or("<nil>");
  }

  FakeClock fake_;
  CountingClock clock_{&fake_};
  FakeLeaseClient store_;
};

std::string GaugeLine(const std::string& name) {
  const std::string text = metrics::Registry::Default().GatherText();
  const std::string key = "leader_election_master_status{name=\"" + name + "\"} ";
  const size_t at = text.find(key);
  if (at == std::string::npos) return "<absent>";
  return text.substr(at + key.size(), text.find('\n', at) - at - key.size());
}

TEST(LeaderElectorConfigTest, RejectsWhatUpstreamRejects) {
  FakeLeaseClient store;
  LeaseLock lock(&store, kNs, kName, "me");
  LeaderElectionConfig c;
  c.lock = &lock;
  c.callbacks.on_started_leading = [](std::stop_token) {};
  c.callbacks.on_stopped_leading = [] {};
  EXPECT_TRUE(LeaderElector::New(c).ok());
  auto bad = [&](auto mutate) {
    LeaderElectionConfig x = c;
    mutate(x);
    auto r = LeaderElector::New(x);
    return r.ok() ? std::string("ok") : r.status().message();
  };
  EXPECT_EQ(bad([](auto& x) { x.lease_duration = seconds(10); }),
            "leaseDuration must be greater than renewDeadline");
  EXPECT_EQ(bad([](auto& x) { x.retry_period = std::chrono::milliseconds(8400); }),
            "renewDeadline must be greater than retryPeriod*JitterFactor");
  EXPECT_EQ(bad([](auto& x) { x.callbacks.on_started_leading = nullptr; }),
            "OnStartedLeading callback must not be nil");
  EXPECT_EQ(bad([](auto& x) { x.callbacks.on_stopped_leading = nullptr; }),
            "OnStoppedLeading callback must not be nil");
  EXPECT_EQ(bad([](auto& x) { x.lock = nullptr; }), "Lock must not be nil.");
  LeaseLock anonymous(&store, kNs, kName, "");
  EXPECT_EQ(bad([&](auto& x) { x.lock = &anonymous; }), "Lock identity is empty");
}

TEST(LeaderElectorIdentityTest, HostnameUnderscoreUuid) {
  auto id = DefaultIdentity();
  ASSERT_TRUE(id.ok());
  const size_t us = id->rfind('_');
  ASSERT_NE(us, std::string::npos);
  const std::string uuid = id->substr(us + 1);
  ASSERT_EQ(uuid.size(), 36u) << *id;
  EXPECT_EQ(uuid[8], '-');
  EXPECT_EQ(uuid[14], '4');  // version 4
  EXPECT_NE(std::string("89ab").find(uuid[19]), std::string::npos);
  EXPECT_NE(kubecxx::NewUUID(), kubecxx::NewUUID());
}

TEST_F(LeaderElectorTest, AcquiresAFreeLeaseAndRenews) {
  const api::MicroTime t0 = Micro(fake_.WallNow());
  Candidate a(&store_, &clock_, "a");
  EXPECT_EQ(GaugeLine("test-a"), "0");
  StartAll({&a});
  ASSERT_TRUE(a.WaitLeading(true));
  coordv1::Lease l = Lease();
  EXPECT_EQ(*l.spec.holder_identity, "a");
  EXPECT_EQ(*l.spec.lease_duration_seconds, 15);
  EXPECT_EQ(*l.spec.lease_transitions, 0);
  EXPECT_EQ(*l.spec.acquire_time, t0);
  EXPECT_EQ(*l.spec.renew_time, t0);
  EXPECT_FALSE(l.spec.strategy.has_value());
  EXPECT_TRUE(a.elector().IsLeader());
  EXPECT_EQ(GaugeLine("test-a"), "1");

  Advance(seconds(2), 1);
  l = Lease();
  EXPECT_EQ(l.spec.renew_time->seconds, t0.seconds + 2);
  EXPECT_EQ(*l.spec.acquire_time, t0);  // kept across renewals
  EXPECT_EQ(*l.spec.lease_transitions, 0);
  EXPECT_EQ(a.new_leaders(), std::vector<std::string>{"a"});
  a.Stop();
  EXPECT_EQ(a.stopped(), 1);
  EXPECT_FALSE(a.leading());
  EXPECT_EQ(GaugeLine("test-a"), "0");
  EXPECT_EQ(Holder(), "a");  // no release without release_on_cancel
}

// The holder's renewTime says nothing to us: only our own clock since we saw the record
// change counts. A record an hour old is respected for a full lease duration.
TEST_F(LeaderElectorTest, RespectsForeignLeaderUntilExpiryByOwnObservation) {
  coordv1::Lease other;
  other.object_meta.namespace_ = kNs;
  other.object_meta.name = kName;
  LeaderElectionRecord r;
  r.holder_identity = "other";
  r.lease_duration_seconds = 15;
  r.leader_transitions = 3;
  r.acquire_time = r.renew_time = Micro(fake_.WallNow() - std::chrono::hours(1));
  other.spec = LeaseSpecFromRecord(r);
  store_.Put(other);

  Candidate b(&store_, &clock_, "b");
  StartAll({&b});  // t=0: observes "other", valid by our clock until 15
  EXPECT_EQ(b.new_leaders(), std::vector<std::string>{"other"});
  for (int t = 2; t <= 8; t += 2) Advance(seconds(2), 1);  // attempts at 2..8
  EXPECT_EQ(Holder(), "other");
  // "other" renews: b sees the change at t=10 and respects it until 10 + 15.
  r.renew_time.seconds += 8;
  other.spec = LeaseSpecFromRecord(r);
  store_.Put(other);
  for (int t = 10; t <= 24; t += 2) {
    Advance(seconds(2), 1);
    EXPECT_EQ(Holder(), "other") << "t=" << t;
    EXPECT_FALSE(b.elector().IsLeader());
  }
  Advance(seconds(2), 1);  // t=26 > 10 + 15
  EXPECT_EQ(Holder(), "b");
  ASSERT_TRUE(b.WaitLeading(true));
  EXPECT_EQ(*Lease().spec.lease_transitions, 4);
  EXPECT_EQ(b.new_leaders(), (std::vector<std::string>{"other", "b"}));
}

TEST_F(LeaderElectorTest, LosesLeadershipAtTheRenewDeadline) {
  Candidate a(&store_, &clock_, "a");
  StartAll({&a});
  ASSERT_TRUE(a.WaitLeading(true));
  std::atomic<bool> down{true};
  store_.set_fault([&](std::string_view, const std::string&) {
    return down ? Status(StatusCode::kUnavailable, "connection refused") : Status::Ok();
  });
  // Renew round starts at t=2 (deadline t=12); retries at 4, 6, 8, 10.
  for (int i = 0; i < 5; ++i) Advance(seconds(2), 1);
  EXPECT_TRUE(a.leading()) << "lost before the renew deadline";
  EXPECT_EQ(a.stopped(), 0);
  Advance(seconds(2), 0);  // t=12: deadline: Run returns
  ASSERT_TRUE(a.WaitStopped());
  ASSERT_TRUE(a.WaitLeading(false));
  EXPECT_EQ(a.stopped(), 1);
  EXPECT_EQ(GaugeLine("test-a"), "0");
  a.Stop();
}

TEST_F(LeaderElectorTest, RenewFailuresThenSuccessKeepLeadership) {
  Candidate a(&store_, &clock_, "a");
  StartAll({&a});
  ASSERT_TRUE(a.WaitLeading(true));
  std::atomic<bool> down{true};
  store_.set_fault([&](std::string_view, const std::string&) {
    return down ? Status(StatusCode::kUnavailable, "connection refused") : Status::Ok();
  });
  for (int i = 0; i < 4; ++i) Advance(seconds(2), 1);  // fails at 2, 4, 6, 8
  down = false;
  Advance(seconds(2), 1);  // t=10 < deadline 12: renews
  for (int i = 0; i < 10; ++i) Advance(seconds(2), 1);
  EXPECT_TRUE(a.leading());
  EXPECT_EQ(a.stopped(), 0);
  EXPECT_EQ(Holder(), "a");
}

// Two electors read the same free Lease, then both write: the second write carries a stale
// resourceVersion and loses; the loser then respects the winner.
TEST_F(LeaderElectorTest, ConcurrentAcquireOnlyOneWins) {
  for (bool lease_exists : {false, true}) {
    SCOPED_TRACE(lease_exists ? "released lease" : "no lease");
    FakeLeaseClient store;
    if (lease_exists) {
      coordv1::Lease free;
      free.object_meta.namespace_ = kNs;
      free.object_meta.name = kName;
      LeaderElectionRecord r;
      r.lease_duration_seconds = 1;
      r.leader_transitions = 7;
      free.spec = LeaseSpecFromRecord(r);
      store.Put(free);
    }
    // Hold every write until both candidates have read.
    std::mutex m;
    std::condition_variable cv;
    int reads = 0;
    store.set_after([&](std::string_view verb) {
      if (verb != "get") return;
      std::lock_guard<std::mutex> l(m);
      ++reads;
      cv.notify_all();
    });
    store.set_fault([&](std::string_view verb, const std::string&) {
      if (verb != "get") {
        std::unique_lock<std::mutex> l(m);
        cv.wait_for(l, seconds(10), [&] { return reads >= 2; });
      }
      return Status::Ok();
    });
    Candidate a(&store, &clock_, "a");
    Candidate b(&store, &clock_, "b");
    StartAll({&a, &b});
    store.set_fault(nullptr);
    store.set_after(nullptr);
    for (int i = 0; i < 10; ++i) Advance(seconds(2), 2);
    coordv1::Lease l;
    ASSERT_TRUE(store.Peek(kNs, kName, &l));
    const std::string winner = *l.spec.holder_identity;
    ASSERT_TRUE(winner == "a" || winner == "b") << winner;
    Candidate& w = winner == "a" ? a : b;
    Candidate& loser = winner == "a" ? b : a;
    ASSERT_TRUE(w.WaitLeading(true));  // the workload runs on its own thread
    EXPECT_EQ(w.started(), 1);
    EXPECT_EQ(loser.started(), 0);
    EXPECT_FALSE(loser.elector().IsLeader());
    EXPECT_EQ(loser.elector().GetLeader(), winner);
    if (lease_exists) {
      EXPECT_EQ(store.conflicts(), 1);
      EXPECT_EQ(*l.spec.lease_transitions, 8);
    }
    // Every write after the race was the winner's.
    int holders_written = 0;
    for (const coordv1::Lease& h : store.history()) {
      if (h.spec.holder_identity && !h.spec.holder_identity->empty()) {
        EXPECT_EQ(*h.spec.holder_identity, winner);
        ++holders_written;
      }
    }
    EXPECT_GT(holders_written, 5);
    a.Stop();
    b.Stop();
  }
}

TEST_F(LeaderElectorTest, ReleaseOnCancelFreesTheLeaseForASuccessor) {
  Candidate a(&store_, &clock_, "a", /*release_on_cancel=*/true);
  StartAll({&a});
  ASSERT_TRUE(a.WaitLeading(true));
  Candidate b(&store_, &clock_, "b");
  StartAll({&b});
  Advance(seconds(2), 2);
  EXPECT_EQ(Holder(), "a");

  std::string holder_at_stop;
  a.set_on_stopped([&] { holder_at_stop = Holder(); });
  Advance(std::chrono::milliseconds(500), 2);
  const api::MicroTime release_time = Micro(fake_.WallNow());
  a.Stop();
  EXPECT_EQ(holder_at_stop, "") << "released before OnStoppedLeading";
  coordv1::Lease l = Lease();
  ASSERT_TRUE(l.spec.holder_identity.has_value());  // written as "", not omitted
  EXPECT_EQ(*l.spec.holder_identity, "");
  EXPECT_EQ(*l.spec.lease_duration_seconds, 1);
  EXPECT_EQ(*l.spec.lease_transitions, 0);
  EXPECT_EQ(*l.spec.acquire_time, release_time);
  EXPECT_EQ(*l.spec.renew_time, release_time);

  // b takes the released lease at its next attempt, not after a lease duration.
  Advance(std::chrono::milliseconds(1500), 1);
  EXPECT_EQ(Holder(), "b");
  ASSERT_TRUE(b.WaitLeading(true));
  EXPECT_EQ(*Lease().spec.lease_transitions, 1);
  EXPECT_EQ(b.new_leaders(), (std::vector<std::string>{"a", "b"}));
}

TEST_F(LeaderElectorTest, LeaseTransitionsCountHolderChangesOnly) {
  Candidate a(&store_, &clock_, "a", true);
  StartAll({&a});
  ASSERT_TRUE(a.WaitLeading(true));
  for (int i = 0; i < 3; ++i) Advance(seconds(2), 1);
  EXPECT_EQ(*Lease().spec.lease_transitions, 0);
  a.Stop();
  Candidate b(&store_, &clock_, "b");  // the released lease is free at once
  StartAll({&b});
  ASSERT_TRUE(b.WaitLeading(true));
  EXPECT_EQ(*Lease().spec.lease_transitions, 1);
  b.Stop();  // no release: c must wait for the lease to expire by its clock
  Candidate c(&store_, &clock_, "c");
  StartAll({&c});
  int waited = 0;
  while (Holder() != "c" && waited < 30) {
    Advance(seconds(2), 1);
    waited += 2;
  }
  EXPECT_EQ(Holder(), "c");
  EXPECT_GE(waited, 15);
  EXPECT_EQ(*Lease().spec.lease_transitions, 2);
  c.Stop();
}

TEST_F(LeaderElectorTest, HealthzFailsWhenLeaderStopsRenewing) {
  Candidate a(&store_, &clock_, "a");
  HealthzAdaptor watchdog(seconds(20));
  EXPECT_TRUE(watchdog.Check().ok());  // no elector yet
  watchdog.SetLeaderElection(&a.elector());
  StartAll({&a});
  ASSERT_TRUE(a.WaitLeading(true));
  EXPECT_TRUE(watchdog.Check().ok());
  store_.set_fault([](std::string_view, const std::string&) {
    return Status(StatusCode::kUnavailable, "down");
  });
  for (int i = 0; i < 5; ++i) Advance(seconds(2), 1);
  Advance(seconds(2), 0);  // t=12: leadership lost; the process would exit here
  fake_.Step(seconds(23));  // t=35 = 15 + 20 since the last renewal: still tolerated
  EXPECT_TRUE(watchdog.Check().ok());
  fake_.Step(seconds(1));
  Status s = watchdog.Check();
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "failed election to renew leadership on lease test-a");
  a.Stop();
}

// The adaptor on the component server's /healthz, as kube-scheduler installs it.
TEST_F(LeaderElectorTest, HealthzAdaptorOnTheComponentServer) {
  Candidate a(&store_, &clock_, "a");
  HealthzAdaptor watchdog(seconds(20));
  watchdog.SetLeaderElection(&a.elector());
  server::ComponentServerOptions options;
  options.bind_address = "127.0.0.1";
  metrics::Registry registry;
  options.registry = &registry;
  server::ComponentServer srv(options);
  srv.AddHealthzCheck(server::PingCheck());
  srv.AddHealthzCheck(watchdog.AsHealthCheck());
  ASSERT_TRUE(srv.Start().ok());
  const std::string chain = srv.serving_cert_pem();
  const std::string ca = chain.substr(chain.find("-----BEGIN CERTIFICATE-----", 1));
  auto get = [&](const std::string& path) {
    server::testing::TestClient client(srv.port(), server::testing::ClientTls(ca));
    return client.Do("GET", path);
  };
  StartAll({&a});
  ASSERT_TRUE(a.WaitLeading(true));
  EXPECT_EQ(get("/healthz/leaderElection").status, 200);
  store_.set_fault([](std::string_view, const std::string&) {
    return Status(StatusCode::kUnavailable, "down");
  });
  for (int i = 0; i < 5; ++i) Advance(seconds(2), 1);
  Advance(seconds(2), 0);
  fake_.Step(seconds(24));  // 36 s since the last renewal > 15 + 20
  auto r = get("/healthz/leaderElection");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body,
            "internal server error: failed election to renew leadership on lease test-a\n");
  r = get("/healthz?verbose");
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("[-]leaderElection failed: reason withheld"), std::string::npos) << r.body;
  srv.Stop();
  a.Stop();
}

TEST(LeaseLockTest, UpdateBeforeGetIsAnError) {
  FakeLeaseClient store;
  LeaseLock lock(&store, kNs, kName, "me");
  Status s = lock.Update(LeaderElectionRecord{}, seconds(1));
  EXPECT_EQ(s.message(), "lease not initialized, call get or create first");
  EXPECT_EQ(lock.Get(seconds(1)).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(lock.Describe(), "kube-system/kube-scheduler");
}

TEST(LeaseLockTest, ObservedRecordComparesWholeSeconds) {
  LeaderElectionRecord a;
  a.holder_identity = "x";
  a.renew_time = {100, 1000};
  LeaderElectionRecord b = a;
  b.renew_time = {100, 900000000};
  EXPECT_TRUE(SameObservedRecord(a, b));
  b.renew_time = {101, 0};
  EXPECT_FALSE(SameObservedRecord(a, b));
}

}  // namespace
}  // namespace kubecxx::client::leaderelection
