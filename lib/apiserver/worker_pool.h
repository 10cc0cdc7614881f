// WorkerPool: a fixed set of threads running queued tasks in FIFO order; the apiserver runs
// its blocking (etcd-bound) request work here so server I/O threads never wait on etcd.
// Threading: Post() from any thread; the destructor stops taking tasks, runs what is
// queued and joins the threads.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace kubecxx::apiserver {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void Post(std::function<void()> task);

 private:
  void Run();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace kubecxx::apiserver
