#include "lib/metrics/process_collector.h"

#include <dirent.h>
#include <unistd.h>

#include <cstdint>
#include <exception>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <prometheus/metric_family.h>

namespace kubecxx::metrics {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

MetricFamily Family(const char* name, const char* help, MetricType type, double value) {
  MetricFamily f;
  f.name = name;
  f.help = help;
  f.type = type;
  ClientMetric m;
  if (type == MetricType::Counter) {
    m.counter.value = value;
  } else {
    m.gauge.value = value;
  }
  f.metric.push_back(std::move(m));
  return f;
}

// A /proc/<pid>/limits soft limit; "unlimited" is the largest uint64 as procfs reads it.
std::optional<double> SoftLimit(const std::string& limits, const std::string& label) {
  size_t at = limits.find(label);
  if (at == std::string::npos) return std::nullopt;
  std::istringstream line(limits.substr(at + label.size()));
  std::string soft;
  line >> soft;
  if (soft == "unlimited") return static_cast<double>(std::numeric_limits<uint64_t>::max());
  try {
    return static_cast<double>(std::stoull(soft));
  } catch (...) {
    return std::nullopt;
  }
}

class ProcessCollector final : public prometheus::Collectable {
 public:
  ProcessCollector(std::string proc_dir, std::string proc_root)
      : proc_dir_(std::move(proc_dir)), proc_root_(std::move(proc_root)) {}

  std::vector<MetricFamily> Collect() const override {
    std::vector<MetricFamily> out;
    // procfs divides by a fixed USER_HZ of 100; sysconf gives the same on Linux.
    const double hz = static_cast<double>(sysconf(_SC_CLK_TCK));
    if (auto stat = ReadFile(proc_dir_ + "/stat")) {
      try {
        CollectStat(*stat, hz, &out);
      } catch (const std::exception&) {
        // a malformed stat line: leave these metrics out
      }
    }
    if (auto fds = CountOpenFds()) {
      out.push_back(Family("process_open_fds", "Number of open file descriptors.",
                           MetricType::Gauge, *fds));
    }
    if (auto limits = ReadFile(proc_dir_ + "/limits")) {
      auto files = SoftLimit(*limits, "Max open files");
      auto address = SoftLimit(*limits, "Max address space");
      if (files && address) {
        out.push_back(Family("process_max_fds", "Maximum number of open file descriptors.",
                             MetricType::Gauge, *files));
        out.push_back(Family("process_virtual_memory_max_bytes",
                             "Maximum amount of virtual memory available in bytes.",
                             MetricType::Gauge, *address));
      }
    }
    if (auto netstat = ReadFile(proc_dir_ + "/net/netstat")) {
      double in_octets = 0;
      double out_octets = 0;
      ParseIpExt(*netstat, &in_octets, &out_octets);
      out.push_back(Family("process_network_receive_bytes_total",
                           "Number of bytes received by the process over the network.",
                           MetricType::Counter, in_octets));
      out.push_back(Family("process_network_transmit_bytes_total",
                           "Number of bytes sent by the process over the network.",
                           MetricType::Counter, out_octets));
    }
    return out;
  }

 private:
  void CollectStat(const std::string& stat, double hz, std::vector<MetricFamily>* out) const {
    // Fields after the ")" that closes the command name; f[0] is field 3 (state), so field
    // n of proc(5) is f[n - 3].
    size_t close = stat.rfind(')');
    if (close == std::string::npos || close + 2 > stat.size()) return;
    std::istringstream in(stat.substr(close + 2));
    std::vector<std::string> f((std::istream_iterator<std::string>(in)),
                               std::istream_iterator<std::string>());
    if (f.size() <= 24 - 3) return;
    double utime = std::stod(f[14 - 3]);
    double stime = std::stod(f[15 - 3]);
    double start_ticks = std::stod(f[22 - 3]);
    double vsize = std::stod(f[23 - 3]);
    double rss_pages = std::stod(f[24 - 3]);
    out->push_back(Family("process_cpu_seconds_total",
                          "Total user and system CPU time spent in seconds.", MetricType::Counter,
                          (utime + stime) / hz));
    out->push_back(Family("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                          MetricType::Gauge, vsize));
    out->push_back(Family("process_resident_memory_bytes", "Resident memory size in bytes.",
                          MetricType::Gauge,
                          rss_pages * static_cast<double>(sysconf(_SC_PAGESIZE))));
    if (auto boot = BootTime()) {
      out->push_back(Family("process_start_time_seconds",
                            "Start time of the process since unix epoch in seconds.",
                            MetricType::Gauge, *boot + start_ticks / hz));
    }
  }

  std::optional<double> BootTime() const {
    auto stat = ReadFile(proc_root_ + "/stat");
    if (!stat) return std::nullopt;
    size_t at = stat->find("\nbtime ");
    if (at == std::string::npos) return std::nullopt;
    try {
      return std::stod(stat->substr(at + 7));
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }

  std::optional<double> CountOpenFds() const {
    DIR* dir = opendir((proc_dir_ + "/fd").c_str());
    if (dir == nullptr) return std::nullopt;
    double n = 0;
    while (struct dirent* e = readdir(dir)) {
      if (e->d_name[0] != '.') ++n;
    }
    closedir(dir);
    return n;  // includes the directory's own descriptor, as procfs counts it
  }

  // The "IpExt:" header and value lines of /proc/<pid>/net/netstat.
  static void ParseIpExt(const std::string& netstat, double* in_octets, double* out_octets) {
    std::istringstream in(netstat);
    std::string header;
    std::string values;
    while (std::getline(in, header)) {
      if (header.rfind("IpExt:", 0) != 0) continue;
      if (!std::getline(in, values)) return;
      std::istringstream h(header);
      std::istringstream v(values);
      std::string name;
      std::string value;
      while (h >> name && v >> value) {
        try {
          if (name == "InOctets") *in_octets = std::stod(value);
          if (name == "OutOctets") *out_octets = std::stod(value);
        } catch (const std::exception&) {
          return;
        }
      }
      return;
    }
  }

  const std::string proc_dir_;
  const std::string proc_root_;
};

}  // namespace

std::shared_ptr<prometheus::Collectable> NewProcessCollector(std::string proc_dir,
                                                             std::string proc_root) {
  return std::make_shared<ProcessCollector>(std::move(proc_dir), std::move(proc_root));
}

}  // namespace kubecxx::metrics
