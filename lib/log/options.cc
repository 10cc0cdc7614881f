// Logging configuration: flags, verbosity and --vmodule, format, sink, test seams.

#include <fnmatch.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "lib/api/go_strconv.h"
#include "lib/log/log.h"
#include "lib/log/state.h"

namespace kubecxx::log {
namespace internal {

std::atomic<int> g_verbosity{0};
std::atomic<int> g_vmodule_patterns{0};

namespace {

// Mirrors VModuleState::generation for the lock-free check of a site's cached level.
std::atomic<uint32_t> g_vmodule_generation{1};

struct VModuleState {
  std::mutex mu;
  std::vector<VModuleItem> items;  // guarded by mu; only levels > 0
  uint32_t generation = 1;         // guarded by mu; bumped on every change
};

VModuleState& vmodule_state() {
  static VModuleState* state = new VModuleState();  // never destroyed: used at exit
  return *state;
}

bool IsLiteral(std::string_view pattern) {
  return pattern.find_first_of("\\*?[]") == std::string_view::npos;
}

// klog matches the file's base name without its ".go"; we strip the extension.
std::string_view ModuleName(std::string_view file) {
  size_t slash = file.rfind('/');
  if (slash != std::string_view::npos) file.remove_prefix(slash + 1);
  size_t dot = file.rfind('.');
  if (dot != std::string_view::npos && dot > 0) file = file.substr(0, dot);
  return file;
}

class StderrSink final : public Sink {
 public:
  void Write(Severity, std::string_view line) override {
    std::lock_guard<std::mutex> lock(mu_);
    while (!line.empty()) {
      ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return;  // nowhere left to report it
      }
      line.remove_prefix(static_cast<size_t>(n));
    }
  }

 private:
  std::mutex mu_;
};

std::atomic<int> g_format{static_cast<int>(Format::kText)};
std::atomic<Sink*> g_sink{nullptr};
std::atomic<int> g_pid_override{0};
std::atomic<bool> g_now_overridden{false};
std::mutex g_now_mu;
std::function<std::chrono::system_clock::time_point()>& NowOverride() {
  static auto* now = new std::function<std::chrono::system_clock::time_point()>();
  return *now;
}

Sink* DefaultSink() {
  static StderrSink* sink = new StderrSink();  // never destroyed: used at exit
  return sink;
}

// strconv.ParseUint(s, 10, bits), with Go's error text.
Status ParseGoUint(std::string_view s, int bits, uint64_t* out) {
  auto fail = [&](std::string_view what) {
    return Status::Invalid("strconv.ParseUint: parsing " + api::GoQuote(s) + ": " +
                           std::string(what));
  };
  if (s.empty()) return fail("invalid syntax");
  const uint64_t max = (uint64_t{1} << bits) - 1;
  uint64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return fail("invalid syntax");
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (n > (max - d) / 10) return fail("value out of range");
    n = n * 10 + d;
  }
  *out = n;
  return Status::Ok();
}

}  // namespace

int SiteLevel(VSite* site, const char* file) {
  uint64_t cached = site->cached.load(std::memory_order_acquire);
  if (cached != 0 && (cached >> 32) == g_vmodule_generation.load(std::memory_order_acquire)) {
    return static_cast<int>(cached & 0xffffffff) - 1;
  }
  VModuleState& state = vmodule_state();
  std::lock_guard<std::mutex> lock(state.mu);
  std::string name(ModuleName(file));
  int level = 0;
  for (const VModuleItem& item : state.items) {
    bool match = IsLiteral(item.pattern) ? item.pattern == name
                                         : fnmatch(item.pattern.c_str(), name.c_str(), 0) == 0;
    if (match) {
      level = item.level;
      break;
    }
  }
  site->cached.store((uint64_t{state.generation} << 32) | static_cast<uint32_t>(level + 1),
                     std::memory_order_release);
  return level;
}

Sink* CurrentSink() {
  Sink* sink = g_sink.load(std::memory_order_acquire);
  return sink != nullptr ? sink : DefaultSink();
}

std::chrono::system_clock::time_point CurrentTime() {
  if (g_now_overridden.load(std::memory_order_acquire)) {
    std::lock_guard<std::mutex> lock(g_now_mu);
    if (NowOverride()) return NowOverride()();
  }
  return std::chrono::system_clock::now();
}

int CurrentPid() {
  int pid = g_pid_override.load(std::memory_order_relaxed);
  if (pid != 0) return pid;
  static const int real_pid = static_cast<int>(::getpid());  // as klog: read once
  return real_pid;
}

}  // namespace internal

Status ParseVerbosityFlag(std::string_view value, int* verbosity) {
  uint64_t v = 0;
  KUBECXX_RETURN_IF_ERROR(internal::ParseGoUint(value, 31, &v));
  *verbosity = static_cast<int>(v);
  return Status::Ok();
}

Status ParseVModuleFlag(std::string_view value, std::vector<VModuleItem>* vmodule) {
  size_t pos = 0;
  while (pos <= value.size()) {
    size_t comma = value.find(',', pos);
    if (comma == std::string_view::npos) comma = value.size();
    std::string_view pat = value.substr(pos, comma - pos);
    pos = comma + 1;
    if (pat.empty()) continue;
    size_t eq = pat.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == pat.size() ||
        pat.find('=', eq + 1) != std::string_view::npos) {
      return Status::Invalid(api::GoQuote(pat) + " does not have the pattern=N format");
    }
    uint64_t level = 0;
    Status s = internal::ParseGoUint(pat.substr(eq + 1), 31, &level);
    if (!s.ok()) {
      return Status::Invalid("parsing verbosity in " + api::GoQuote(pat) + ": " + s.message());
    }
    vmodule->push_back(VModuleItem{std::string(pat.substr(0, eq)), static_cast<int>(level)});
  }
  return Status::Ok();
}

Status ValidateAndApply(const Options& options) {
  std::vector<std::string> errs;
  Format format = Format::kText;
  if (options.format == "json") {
    format = Format::kJson;
  } else if (options.format != "text") {
    errs.push_back("format: Invalid value: " + api::GoQuote(options.format) +
                   ": Unsupported log format");
  }
  if (!options.vmodule.empty() && !options.format.empty() && options.format != "text") {
    errs.push_back("vmodule: Forbidden: Only supported for text log format");
  }
  for (size_t i = 0; i < options.vmodule.size(); ++i) {
    const std::string& pattern = options.vmodule[i].pattern;
    std::string path = "vmodule[" + std::to_string(i) + "]";
    if (pattern.empty()) {
      errs.push_back(path + ": Required value: File pattern must not be empty");
    }
    if (pattern.find_first_of("=,") != std::string::npos) {
      errs.push_back(path + ": Invalid value: " + api::GoQuote(pattern) +
                     ": File pattern must not contain equal sign or comma");
    }
  }
  if (options.verbosity < 0) {
    errs.push_back("verbosity: Invalid value: " + std::to_string(options.verbosity) +
                   ": Must be >= 0");
  }
  if (errs.size() == 1) return Status::Invalid(errs[0]);
  if (!errs.empty()) {
    // utilerrors.Aggregate: "[a, b]".
    std::string all = "[";
    for (size_t i = 0; i < errs.size(); ++i) {
      if (i > 0) all.append(", ");
      all.append(errs[i]);
    }
    all.push_back(']');
    return Status::Invalid(all);
  }
  SetFormat(format);
  SetVModule(options.vmodule);
  SetVerbosity(options.verbosity);
  return Status::Ok();
}

void SetVerbosity(int level) { internal::g_verbosity.store(level, std::memory_order_relaxed); }

int Verbosity() { return internal::g_verbosity.load(std::memory_order_relaxed); }

void SetVModule(const std::vector<VModuleItem>& vmodule) {
  internal::VModuleState& state = internal::vmodule_state();
  std::lock_guard<std::mutex> lock(state.mu);
  state.items.clear();
  for (const VModuleItem& item : vmodule) {
    if (item.level > 0) state.items.push_back(item);  // klog drops N == 0 entries
  }
  ++state.generation;
  internal::g_vmodule_generation.store(state.generation, std::memory_order_release);
  internal::g_vmodule_patterns.store(static_cast<int>(state.items.size()),
                                     std::memory_order_relaxed);
}

void SetFormat(Format format) {
  internal::g_format.store(static_cast<int>(format), std::memory_order_relaxed);
}

Format CurrentFormat() {
  return static_cast<Format>(internal::g_format.load(std::memory_order_relaxed));
}

void SetSink(Sink* sink) { internal::g_sink.store(sink, std::memory_order_release); }

void Flush() { internal::CurrentSink()->Flush(); }

void SetNowForTesting(std::function<std::chrono::system_clock::time_point()> now) {
  std::lock_guard<std::mutex> lock(internal::g_now_mu);
  bool set = static_cast<bool>(now);
  internal::NowOverride() = std::move(now);
  internal::g_now_overridden.store(set, std::memory_order_release);
}

void SetPidForTesting(int pid) { internal::g_pid_override.store(pid, std::memory_order_relaxed); }

}  // namespace kubecxx::log
