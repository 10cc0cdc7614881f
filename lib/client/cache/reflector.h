// Reflector: keeps a ReflectorStore in step with one resource on the server (client-go's
// cache.Reflector, v0.37.2 semantics).
//
// Each round of Run():
//   1. WatchList (client-go's WatchListClient gate, on by default since v1.35; off with
//      KUBE_FEATURE_WatchListClient=false or ReflectorOptions::use_watch_list = false, or when
//      the ListerWatcher cannot stream): WATCH with sendInitialEvents=true,
//      resourceVersionMatch=NotOlderThan, allowWatchBookmarks=true, resourceVersion "" (first
//      time, or after an expired RV) or the last synced RV. The initial ADDED events collect in
//      a temporary store until the BOOKMARK annotated "k8s.io/initial-events-end": "true";
//      then the store is Replace()d with them at the bookmark's RV and the same stream goes on.
//      Any other failure falls back to step 2.
//   2. LIST in pages of 500 (client-go's pager) from resourceVersion "0" the first time (the
//      watch cache), then from the last synced RV unpaginated; after 410/Expired or "too large
//      resource version" the list is retried at once from "" (a quorum read). Replace().
//   3. WATCH from the last synced RV with allowWatchBookmarks=true and timeoutSeconds random in
//      [min_watch_timeout, 2*min_watch_timeout) (5 min minimum). A clean end of the stream
//      re-watches; connection refused / 429 back off and re-watch; 410/Expired, ERROR events
//      and other failures end the round. BOOKMARKs move the last synced RV and reach
//      the store's Bookmark(); a resync thread calls store->Resync() every resync_period while
//      watching (when should_resync says so).
// Between rounds the reflector waits a backoff: 800 ms doubling to 30 s with full jitter,
// reset after 2 minutes without backing off (client-go's defaults).
//
// Threading: Run() blocks the calling thread (the informer gives it its own) until Stop().
// Stop() may be called from any thread; it closes an open watch and wakes any backoff wait,
// but a LIST request in flight is waited for (the ListerWatcher has no cancellation).
// LastSyncResourceVersion() is thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "lib/base/clock.h"
#include "lib/base/status.h"
#include "lib/client/cache/lister_watcher.h"
#include "lib/client/cache/reflector_store.h"

namespace kubecxx::client::cache {

// client-go's wait.Backoff{800ms, factor 2, jitter 1, cap 30s} behind DelayWithReset(2 min).
class ReflectorBackoff {
 public:
  struct Params {
    Clock::Duration initial = std::chrono::milliseconds(800);
    Clock::Duration cap = std::chrono::seconds(30);
    double factor = 2.0;
    double jitter = 1.0;
    Clock::Duration reset_after = std::chrono::minutes(2);
  };
  ReflectorBackoff(Params p, Clock* clock, std::function<double()> rand01);
  Clock::Duration Next();  // the next wait

 private:
  Params p_;
  Clock* clock_;
  std::function<double()> rand01_;
  Clock::Duration current_;
  int steps_;
  Clock::TimePoint last_start_;
};

// True when KUBE_FEATURE_WatchListClient is unset or parses as true (client-go's env gates).
bool WatchListClientEnabledByEnv();

struct ReflectorOptions {
  std::string name = "reflector";     // for logs
  std::string type_description;       // e.g. "*v1.Pod", for logs
  // Events whose object is of another kind are logged and skipped (nullptr: no check).
  const codec::KindInfo* expected_kind = nullptr;
  Clock* clock = Clock::Real();
  Clock::Duration resync_period{0};   // 0: never
  std::function<bool()> should_resync;  // nullptr: always
  Clock::Duration min_watch_timeout = std::chrono::minutes(5);  // raised to 5 min if lower
  int64_t page_size = 0;              // client-go's WatchListPageSize; 0: the pager's rules
  std::optional<bool> use_watch_list;  // unset: WatchListClientEnabledByEnv()
  ReflectorBackoff::Params backoff;
  std::function<double()> rand01;     // uniform [0,1); unset: a seeded PRNG
  // Called when a round ends with an error (client-go's WatchErrorHandler); default logs.
  std::function<void(const Status&)> watch_error_handler;
};

class Reflector {
 public:
  // REQUIRES: lw and store outlive the reflector.
  Reflector(ListerWatcher* lw, ReflectorStore* store, ReflectorOptions opts);
  ~Reflector();
  Reflector(const Reflector&) = delete;
  Reflector& operator=(const Reflector&) = delete;

  void Run();   // until Stop()
  void Stop();  // idempotent

  // One round (steps 1-3 above); returns when the watch ends. Exposed for tests.
  Status ListAndWatch();

  std::string LastSyncResourceVersion() const;
  bool using_watch_list() const { return use_watch_list_; }
  // How many rounds used WatchList successfully / fell back to LIST (for tests and metrics).
  int64_t watch_list_syncs() const { return watch_list_syncs_.load(); }
  int64_t list_syncs() const { return list_syncs_.load(); }

 private:
  struct WatchOutcome;
  class TemporaryStore;

  Status List();
  ApiResult<ObjectList> ListAllPages(ListOptions opts, bool* paginated);
  // Returns the open stream positioned after the initial-events bookmark, nullptr when
  // stopped, or the error that makes the caller fall back to LIST.
  StatusOr<std::unique_ptr<WatchStream>> WatchList();
  Status Watch(std::unique_ptr<WatchStream> w);
  WatchOutcome HandleWatch(WatchStream* w, ReflectorStore* store, bool exit_on_initial_end,
                           const std::function<void(const std::string&, bool)>& set_rv);
  void ResyncLoop();

  std::string RelistResourceVersion() const;
  std::string RewatchResourceVersion() const;
  void SetLastSyncResourceVersion(std::string rv);
  void SetUnavailable(bool v);
  int64_t WatchTimeoutSeconds();
  // Waits d on the clock; false when stopped first.
  bool Sleep(Clock::Duration d);
  bool stopped() const;
  // Registers the open watch so Stop() can close it; false (and closes it) when stopped.
  bool SetCurrentWatch(WatchStream* w);

  ListerWatcher* lw_;
  ReflectorStore* store_;
  ReflectorOptions opts_;
  bool use_watch_list_;
  Clock::Duration min_watch_timeout_;
  ReflectorBackoff backoff_;  // Run()'s thread only
  bool paginated_result_ = false;  // Run()'s thread only

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopped_ = false;                 // guarded by mu_
  WatchStream* current_watch_ = nullptr;  // guarded by mu_
  std::string last_sync_rv_;             // guarded by mu_
  bool last_sync_rv_unavailable_ = false;  // guarded by mu_
  uint64_t watch_generation_ = 0;        // guarded by mu_; odd while watching
  std::atomic<int64_t> watch_list_syncs_{0};
  std::atomic<int64_t> list_syncs_{0};
};

}  // namespace kubecxx::client::cache
