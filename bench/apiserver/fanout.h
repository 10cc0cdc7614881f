// The watch fan-out phase of bench/apiserver: W watches (protobuf, as informers ask) on a
// namespace holding one pod, then E merge patches of that pod's label, one every
// `interval`; each watcher counts the length-delimited frames it receives (no decoding on
// the client, so the client's cost does not hide in the latency).
//
// Threading: one reader thread per watch plus the caller's, all joined before return.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "bench/apiserver/load.h"

namespace kubecxx::bench {

struct FanoutResult {
  int watchers = 0;         // watches opened
  int events = 0;           // writes made
  int64_t delivered = 0;    // frames received over all watches
  std::vector<double> all_ms;   // per write: sent -> the last watcher has the event
  std::vector<double> each_ms;  // per delivery: sent -> that watcher has the event
  double open_wall_s = 0;   // opening the watches
  double open_cpu_s = 0;    // server CPU while opening them
  double wall_s = 0;        // first write -> last delivery (or the deadline)
  double cpu_s = 0;         // server CPU over that time
  std::string error;
  std::string load_before, load_after;
};

// `ns` must hold exactly one pod, `pod`, and see no other writes meanwhile.
FanoutResult RunFanout(const LoadClient& client, const std::string& base, pid_t server_pid,
                       const std::string& ns, const std::string& pod, int watchers, int events,
                       std::chrono::milliseconds interval);

}  // namespace kubecxx::bench
