// Compactor: etcd history compaction exactly as stock kube-apiserver does it
// (k8s.io/apiserver storage/etcd3/compact.go), so any number of stock and kubecxx apiservers
// on one etcd cooperate through the root key "compact_rev_key":
// every `interval` (--etcd-compaction-interval, default 5m; 0 disables) each one runs
//   Txn(version(compact_rev_key) == <its last known version>)
//     then Put(compact_rev_key, "<revision seen at its previous tick>")  -- the key's
//          version is the logical clock, the value the revision being compacted to
//     else Get(compact_rev_key)
// The winner compacts etcd to the revision it recorded a tick earlier (never on its first
// tick), so at least one interval of history stays; the losers adopt the key's version and
// value and try again next tick.
//
// Threading: Start() runs one thread that waits on the clock seam between ticks; Stop() (or
// the destructor) wakes and joins it. CompactRevision() is safe from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "lib/base/clock.h"
#include "lib/base/status.h"
#include "lib/etcd/client.h"

namespace kubecxx::storage {

struct CompactState {
  int64_t version = 0;             // compact_rev_key's version as last seen (logical time)
  int64_t revision = 0;            // etcd revision recorded at the last tick
  int64_t compacted_revision = 0;  // what this tick compacted to (or learned); 0 = none
};

// One tick of the algorithm (upstream's Compact): `expect_version` and `rev` come from the
// previous tick's result. A lost CAS is not an error.
StatusOr<CompactState> CompactOnce(etcd::Client* client, int64_t expect_version, int64_t rev);

class Compactor {
 public:
  // REQUIRES: client (and clock) outlive the compactor.
  Compactor(etcd::Client* client, std::chrono::nanoseconds interval, Clock* clock = Clock::Real());
  ~Compactor();
  void Start();
  void Stop();
  // The newest revision known to be compacted (ours or learned from the key).
  int64_t CompactRevision() const { return compact_revision_.load(); }
  // Successful ticks so far (for tests).
  int64_t ticks() const { return ticks_.load(); }

 private:
  void Run();

  etcd::Client* client_;
  std::chrono::nanoseconds interval_;
  Clock* clock_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
  std::atomic<int64_t> compact_revision_{0};
  std::atomic<int64_t> ticks_{0};
};

}  // namespace kubecxx::storage
