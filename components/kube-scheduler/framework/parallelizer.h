// Parallelizer: the fixed worker pool that runs Filter and Score over nodes (upstream
// framework/parallelize, workqueue.ParallelizeUntil).
//
// Threading: `parallelism - 1` threads are started once, in the constructor, and live
// until destruction; the calling thread works as the parallelism-th worker, so at most
// `parallelism` pieces run at a time. Work is handed out in chunks of consecutive
// indices (upstream's chunk size: min(sqrt(n), n/parallelism + 1), at least 1) from one
// atomic counter, so lower indices are always handed out before higher ones.
//
// Thread-safety: Until may be called from any thread; concurrent calls are serialised
// (one job at a time). REQUIRES: fn does not call Until on the same Parallelizer.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace kubecxx::scheduler::framework {

// parallelize.DefaultParallelism.
inline constexpr int kDefaultParallelism = 16;

class Parallelizer {
 public:
  explicit Parallelizer(int parallelism = kDefaultParallelism);
  ~Parallelizer();
  Parallelizer(const Parallelizer&) = delete;
  Parallelizer& operator=(const Parallelizer&) = delete;

  int parallelism() const { return parallelism_; }

  // Runs fn(i) for every i in [0, n) unless *stop (if given) becomes true, in which case
  // chunks not yet handed out are skipped; a chunk once started is always finished, so
  // the indices processed are exactly a prefix [0, m) of [0, n). (Upstream checks its
  // context per piece; checking per chunk is what makes the prefix property hold.)
  // Returns when every started chunk has finished.
  void Until(int n, const std::function<void(int)>& fn, const std::atomic<bool>* stop = nullptr);

 private:
  struct Job {
    const std::function<void(int)>* fn;
    const std::atomic<bool>* stop;
    int n;
    int chunk;
    std::atomic<int> next{0};
    int active = 0;  // workers inside the job; guarded by mu_
  };
  void WorkerLoop();
  static void RunPieces(Job& job);

  const int parallelism_;
  std::mutex call_mu_;  // serialises Until

  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  uint64_t job_id_ = 0;    // guarded by mu_; bumped per published job
  Job* job_ = nullptr;     // guarded by mu_; the open job (late wakers find null)
  bool shutdown_ = false;  // guarded by mu_

  std::vector<std::thread> threads_;
};

}  // namespace kubecxx::scheduler::framework
