// Process-wide logging state shared by log.cc and options.cc. Internal to lib/log.
// Thread-safety: all functions are safe to call concurrently.
#pragma once

#include <chrono>

#include "lib/log/log.h"

namespace kubecxx::log::internal {

// The sink to write to (never null).
Sink* CurrentSink();
// The wall clock (or the test override).
std::chrono::system_clock::time_point CurrentTime();
// The process id the header shows (or the test override).
int CurrentPid();

}  // namespace kubecxx::log::internal
