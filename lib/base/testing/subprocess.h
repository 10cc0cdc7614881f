// Child processes and ports for integration tests that start real (stock) binaries.
// Thread-safety: functions without shared state; SpawnProcess forks, so call it before
// the test starts threads that hold locks the child could need (it only execs).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace kubecxx::testing {

// fork + exec of argv[0] (an absolute path) with stdin from /dev/null and stdout+stderr
// appended to `log_path`, or written to `out_fd` when it is >= 0. The child is killed
// (SIGKILL) when the calling process dies. Returns the child's pid, or -1 if fork failed;
// a failed exec makes the child exit with status 127.
pid_t SpawnProcess(const std::vector<std::string>& argv, const std::string& log_path,
                   int out_fd = -1);

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released);
// 0 if none could be had.
int FreeLoopbackPort();

// Where conformance/build-stock puts the stock upstream binaries of the pinned release:
// $KUBECXX_STOCK_BIN, else ${KUBECXX_CACHE:-$HOME/.cache/kubecxx}/stock/<pin>/bin.
std::string StockBinDir();

}  // namespace kubecxx::testing
