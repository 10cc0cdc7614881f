#include "components/kube-scheduler/framework/parallelizer.h"

#include <algorithm>
#include <cmath>

namespace kubecxx::scheduler::framework {

Parallelizer::Parallelizer(int parallelism) : parallelism_(std::max(1, parallelism)) {
  threads_.reserve(parallelism_ - 1);
  for (int i = 0; i + 1 < parallelism_; ++i) threads_.emplace_back([this] { WorkerLoop(); });
}

Parallelizer::~Parallelizer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    shutdown_ = true;
  }
  work_cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void Parallelizer::RunPieces(Job& job) {
  while (true) {
    if (job.stop && job.stop->load(std::memory_order_relaxed)) return;
    int start = job.next.fetch_add(job.chunk, std::memory_order_relaxed);
    if (start >= job.n) return;
    int end = std::min(job.n, start + job.chunk);
    for (int i = start; i < end; ++i) (*job.fn)(i);
  }
}

void Parallelizer::WorkerLoop() {
  uint64_t seen = 0;
  while (true) {
    Job* job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_cv_.wait(lock, [&] { return shutdown_ || job_id_ != seen; });
      if (shutdown_) return;
      seen = job_id_;
      job = job_;
      if (!job) continue;  // woke after the job closed
      ++job->active;
    }
    RunPieces(*job);
    bool last;
    {
      std::lock_guard<std::mutex> lock(mu_);
      last = --job->active == 0;
    }
    if (last) done_cv_.notify_all();
  }
}

void Parallelizer::Until(int n, const std::function<void(int)>& fn, const std::atomic<bool>* stop) {
  if (n <= 0) return;
  std::lock_guard<std::mutex> call_lock(call_mu_);
  int chunk = std::max(1, std::min(static_cast<int>(std::sqrt(static_cast<double>(n))),
                                   n / parallelism_ + 1));
  if (parallelism_ == 1 || n <= chunk) {
    for (int start = 0; start < n; start += chunk) {
      if (stop && stop->load(std::memory_order_relaxed)) return;
      for (int i = start; i < std::min(n, start + chunk); ++i) fn(i);
    }
    return;
  }
  Job job{&fn, stop, n, chunk};
  {
    std::lock_guard<std::mutex> lock(mu_);
    job_ = &job;
    ++job_id_;
  }
  work_cv_.notify_all();
  RunPieces(job);
  std::unique_lock<std::mutex> lock(mu_);
  job_ = nullptr;  // workers waking from now on skip this job
  done_cv_.wait(lock, [&] { return job.active == 0; });
}

}  // namespace kubecxx::scheduler::framework
