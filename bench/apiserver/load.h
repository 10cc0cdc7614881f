// The load generator of bench/apiserver: one HTTP/1.1 client (lib/net's HttpClient, TLS
// with the admin client certificate, keep-alive connections reused from its pool) used the
// same way against both servers, closed-loop phases at a fixed concurrency, and the
// /proc figures that make the comparison fair on a shared machine (the server process's
// CPU seconds over a phase, its RSS and VmHWM, the load average).
//
// Threading: RunPhase starts `concurrency` threads and joins them before it returns; the
// LoadClient is safe for concurrent use (HttpClient's pool is mutex-guarded).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lib/base/status.h"
#include "lib/net/http_client.h"

namespace kubecxx::bench {

// utime + stime of `pid` from /proc/<pid>/stat, in seconds (10 ms resolution); -1 if gone.
double ProcessCpuSeconds(pid_t pid);
// VmRSS and VmHWM from /proc/<pid>/status, in MB (0 if gone).
struct Memory {
  double rss_mb = 0;
  double hwm_mb = 0;
};
Memory ProcessMemory(pid_t pid);
// The three figures of /proc/loadavg, "1.23 4.56 7.89".
std::string LoadAverage();
// Nearest-rank percentile (p in [0,1]) of the values; 0 when empty.
double Percentile(std::vector<double> values, double p);

class LoadClient {
 public:
  // TLS material from an admin kubeconfig with inline *-data fields (the stock test
  // fixture's admin.conf). gzip: ask for compressed responses as client-go does by default.
  static StatusOr<std::unique_ptr<LoadClient>> Create(const std::string& kubeconfig_path,
                                                      bool gzip);

  // One exchange; `base` is "https://host:port". A non-2xx answer is an error carrying the
  // status and the start of the body.
  StatusOr<net::HttpResponse> Send(const std::string& base, const std::string& method,
                                   const std::string& path, const std::string& accept,
                                   const std::string& content_type = "",
                                   const std::string& body = "") const;
  // A streamed response (watch); the caller reads it.
  StatusOr<std::unique_ptr<net::HttpStream>> Open(const std::string& base,
                                                  const std::string& path,
                                                  const std::string& accept) const;

 private:
  explicit LoadClient(std::unique_ptr<net::HttpClient> http) : http_(std::move(http)) {}
  std::unique_ptr<net::HttpClient> http_;
};

struct PhaseSpec {
  int concurrency = 1;
  double seconds = 5;        // run at least this long ...
  int64_t min_requests = 1;  // ... and at least this many requests (all workers together)
};

struct PhaseResult {
  int64_t ok = 0;
  int64_t failed = 0;
  int64_t bytes = 0;            // response bytes the operations reported
  double wall_s = 0;            // first request sent to last answer received
  double cpu_s = 0;             // the server process's utime+stime over the phase
  std::vector<double> lat_ms;   // per successful request
  std::string first_error;
  std::string load_before, load_after;

  double PerSecond() const { return wall_s > 0 ? ok / wall_s : 0; }
  double PerCpuSecond() const { return cpu_s > 0 ? ok / cpu_s : 0; }
};

// One request of a phase: worker index, the worker's iteration; adds the response size
// to *bytes. Returns the request's outcome.
using Operation = std::function<Status(int worker, int64_t iteration, int64_t* bytes)>;

// Runs `op` in spec.concurrency closed loops until both bounds of `spec` are reached,
// measuring `server_pid`'s CPU seconds from before the first to after the last request.
PhaseResult RunPhase(pid_t server_pid, const PhaseSpec& spec, const Operation& op);

}  // namespace kubecxx::bench
