// ChildProcess: a program started for an integration test, its stdout and stderr read
// line by line on a thread so the test can await a line (no polling of files). The child
// gets SIGKILL if the test process dies; the destructor kills and reaps it.
//
// Thread-safety: Lines()/WaitForLine() from any thread; Signal/Wait from the owning one.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "lib/base/status.h"

namespace kubecxx::client::leaderelection::testing {

class ChildProcess {
 public:
  static StatusOr<std::unique_ptr<ChildProcess>> Start(const std::vector<std::string>& argv);
  ~ChildProcess();

  // The first line (from the start, in order) matching `match`, waiting at most `timeout`.
  std::optional<std::string> WaitForLine(const std::function<bool(const std::string&)>& match,
                                         std::chrono::milliseconds timeout);
  std::vector<std::string> Lines() const;

  void Signal(int sig);
  // Reaps the child, waiting at most `timeout` (real time). Returns whether it exited.
  bool Wait(std::chrono::milliseconds timeout);
  pid_t pid() const { return pid_; }

 private:
  ChildProcess() = default;
  void ReadLoop();

  pid_t pid_ = -1;
  int fd_ = -1;
  bool reaped_ = false;
  std::thread reader_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> lines_;  // guarded by mu_
  bool eof_ = false;                // guarded by mu_
};

}  // namespace kubecxx::client::leaderelection::testing
