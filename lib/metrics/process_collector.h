// client_golang's process collector for Linux, with its names and help texts:
// process_cpu_seconds_total, process_open_fds, process_max_fds,
// process_virtual_memory_bytes, process_virtual_memory_max_bytes,
// process_resident_memory_bytes, process_start_time_seconds,
// process_network_receive_bytes_total, process_network_transmit_bytes_total.
// Values are read from /proc/self at every collection; a file that cannot be read leaves
// its metrics out (upstream reports a collection error instead).
//
// Thread-safety: Collect may be called concurrently.
#pragma once

#include <memory>
#include <string>

#include <prometheus/collectable.h>

namespace kubecxx::metrics {

// `proc_dir` is the process's /proc directory ("/proc/self"); tests pass a fixture.
std::shared_ptr<prometheus::Collectable> NewProcessCollector(
    std::string proc_dir = "/proc/self", std::string proc_root = "/proc");

}  // namespace kubecxx::metrics
