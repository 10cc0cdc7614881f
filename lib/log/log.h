// Logging compatible with what stock components print through klog and component-base.
//
// Text format (the default, klog's), one line per call:
//   I1125 09:33:09.268553    2161 controller.go:42] "Synced" pod="kube-system/dns" attempt=3
//   Lmmdd hh:mm:ss.uuuuuu PPPPPPP file:line] msg
// L is I, W, E or F; the time is local; PPPPPPP is the process id, space-padded to 7 as klog
// prints it (klog's own docs call the field "threadid", but it prints os.Getpid()).
// Structured calls quote the message and append key=value pairs (strings quoted, multi-line
// strings as key=<\n\tline\n >, numbers and bools bare, other values as JSON; a key given
// twice keeps the last value); unstructured calls print their text as is.
//
// JSON format (--logging-format=json, component-base's zap encoder):
//   {"ts":1700000000123.456,"caller":"dir/file.cc:42","msg":"Synced","v":0,"pod":{...}}
// "ts" is Unix milliseconds; "v" is present on info lines (the V level); error lines carry
// "err" last instead. Warnings are info lines with "v":0, as upstream.
//
// Calls (arguments of a V call are not evaluated unless the level is enabled):
//   KLOG_INFO_S("msg", "key", value, ...);      klog.InfoS
//   KLOG_ERROR_S(err, "msg", "key", value, ...); klog.ErrorS; err: Status, string or nullptr
//   KLOG_V(2).InfoS("msg", "key", value);        klog.V(2).InfoS
//   KLOG_V(2).Info("text ", n);                  klog.V(2).Info
//   KLOG_INFO(...) KLOG_WARNING(...) KLOG_ERROR(...) KLOG_FATAL(...)
//       klog.Info and friends: arguments joined like Go's fmt.Sprint (a space between two
//       operands when neither is a string). FATAL exits the process with status 255.
//   if (KLOG_V_ENABLED(4)) { ...expensive... }
//
// Verbosity: -v=N enables V(n) for n <= N; --vmodule=pattern=N,... overrides per source
// file, the pattern matched (glob) against the file's base name without extension.
//
// Thread-safety: everything here may be called from any thread. Each line reaches the sink
// in one Write call; configuration may change while other threads log.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstddef>
#include <functional>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "lib/base/status.h"
#include "lib/log/value.h"

namespace kubecxx::log {

enum class Severity { kInfo = 0, kWarning = 1, kError = 2, kFatal = 3 };
enum class Format { kText, kJson };

// --- Configuration (the logging flags every component has) ----------------------------

struct VModuleItem {
  std::string pattern;  // glob over the source file's base name without extension
  int level = 0;
};

// component-base's LoggingConfiguration, the part we implement.
struct Options {
  int verbosity = 0;                  // -v
  std::vector<VModuleItem> vmodule;   // --vmodule
  std::string format = "text";        // --logging-format: "text" or "json"
};

// The flag parsers of component-base (pflag Set), with their error texts:
// -v: strconv.ParseUint(value, 10, 31). --vmodule: appends "pattern=N,..." items.
Status ParseVerbosityFlag(std::string_view value, int* verbosity);
Status ParseVModuleFlag(std::string_view value, std::vector<VModuleItem>* vmodule);

// logsapi.ValidateAndApply: checks the options as component-base does (unknown format,
// vmodule with a non-text format, bad patterns; messages as its field errors) and, when
// valid, makes them the process's logging settings.
Status ValidateAndApply(const Options& options);

// Direct setters (tests, programs without flags).
void SetVerbosity(int level);
int Verbosity();
void SetVModule(const std::vector<VModuleItem>& vmodule);
void SetFormat(Format format);
Format CurrentFormat();

// Where finished lines go. Each Write gets one complete line ending in '\n'.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual void Write(Severity severity, std::string_view line) = 0;
  virtual void Flush() {}
};

// Replaces the sink; nullptr restores the default (unbuffered stderr, as components log).
// The sink must stay alive until it is replaced and no call is still using it.
void SetSink(Sink* sink);

// Flushes the sink (klog.Flush).
void Flush();

// Test seams: the wall clock and the process id the header shows. Empty/0: the real ones.
void SetNowForTesting(std::function<std::chrono::system_clock::time_point()> now);
void SetPidForTesting(int pid);

// --- Implementation details the macros need --------------------------------------------

namespace internal {

// Per call-site cache of the --vmodule decision (tagged with the settings generation).
struct VSite {
  std::atomic<uint64_t> cached{0};  // (generation << 32) | (level + 1); 0: not computed
};

extern std::atomic<int> g_verbosity;
extern std::atomic<int> g_vmodule_patterns;

int SiteLevel(VSite* site, const char* file);

inline bool VEnabled(int level, VSite* site, const char* file) {
  if (g_verbosity.load(std::memory_order_relaxed) >= level) return true;
  if (g_vmodule_patterns.load(std::memory_order_relaxed) == 0) return false;
  return SiteLevel(site, file) >= level;
}

// One line under construction: LogS and LogText build one, fill it and Emit it.
class Record {
 public:
  // v: the V level (JSON "v"); structured: InfoS/ErrorS form (quoted message, pairs).
  Record(Severity severity, int v, const char* file, int line, bool structured);
  ~Record();
  Record(const Record&) = delete;
  Record& operator=(const Record&) = delete;

  void Message(std::string_view msg);
  void Error(std::string_view err);  // ErrorS's err (text: first pair; JSON: last field)
  template <typename T>
  void Add(std::string_view key, const T& value) {
    ValueWriter w = BeginValue(key);
    WriteValue(w, value);
    EndValue(key);
  }
  void AddMissing(std::string_view key);  // a trailing key without a value
  void Emit();

  struct Scratch;  // per-thread buffers, reused across calls; defined in log.cc

 private:
  ValueWriter BeginValue(std::string_view key);
  void EndValue(std::string_view key);

  Scratch* scratch_;
  bool owns_scratch_;  // a nested call (logging while formatting a value) gets its own
  const Severity severity_;
  const int v_;
  const char* const file_;
  const int line_;
  const bool structured_;
  const Format format_;
};

template <typename... Args>
void AddPairs(Record& r, const Args&... args);

inline void AddPairs(Record&) {}

template <typename K>
void AddPairs(Record& r, const K& key) {
  static_assert(std::is_convertible_v<const K&, std::string_view>, "log keys are strings");
  r.AddMissing(key);
}

template <typename K, typename V, typename... Rest>
void AddPairs(Record& r, const K& key, const V& value, const Rest&... rest) {
  static_assert(std::is_convertible_v<const K&, std::string_view>, "log keys are strings");
  r.Add(key, value);
  AddPairs(r, rest...);
}

// The error argument of ErrorS: a Status (OK means none), text, or nullptr.
struct ErrorArg {
  ErrorArg(std::nullptr_t) {}  // NOLINT: implicit by design
  ErrorArg(const Status& s) : present(!s.ok()), text(s.message()) {}  // NOLINT
  ErrorArg(std::string_view s) : present(true), text(s) {}            // NOLINT
  ErrorArg(const char* s) : present(s != nullptr), text(s ? s : "") {}  // NOLINT
  ErrorArg(const std::string& s) : present(true), text(s) {}          // NOLINT
  bool present = false;
  std::string_view text;
};

template <typename... Args>
void LogS(Severity severity, int v, const char* file, int line, ErrorArg err,
          std::string_view msg, const Args&... args) {
  Record r(severity, v, file, line, /*structured=*/true);
  r.Message(msg);
  if (err.present) r.Error(err.text);
  AddPairs(r, args...);
  r.Emit();
}

// Go's fmt.Sprint: a space between operands when neither is a string.
template <typename T>
constexpr bool kIsStringArg = std::is_convertible_v<const T&, std::string_view> &&
                               !std::is_same_v<T, std::nullptr_t>;

void AppendSprintArg(std::string* out, std::string_view s);
void AppendSprintArg(std::string* out, bool b);
void AppendSprintArg(std::string* out, int64_t v);
void AppendSprintArg(std::string* out, uint64_t v);
void AppendSprintArg(std::string* out, double v);
void AppendSprintArg(std::string* out, float v);
void AppendSprintArg(std::string* out, std::nullptr_t);
void AppendSprintArg(std::string* out, const Status& s);
template <typename T>
void AppendSprintArg(std::string* out, const T& v) {
  if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    AppendSprintArg(out, static_cast<int64_t>(v));
  } else if constexpr (std::is_integral_v<T>) {
    AppendSprintArg(out, static_cast<uint64_t>(v));
  } else if constexpr (std::is_same_v<T, float>) {
    AppendSprintArg(out, static_cast<float>(v));
  } else if constexpr (std::is_floating_point_v<T>) {
    AppendSprintArg(out, static_cast<double>(v));
  } else {
    std::ostringstream os;
    os << v;
    out->append(os.str());
  }
}

template <typename... Args>
std::string Sprint(const Args&... args) {
  std::string out;
  bool prev_string = true;  // no space before the first operand
  (
      [&] {
        bool is_string = kIsStringArg<Args>;
        if (!prev_string && !is_string) out.push_back(' ');
        if constexpr (kIsStringArg<Args>) {
          AppendSprintArg(&out, std::string_view(args));
        } else {
          AppendSprintArg(&out, args);
        }
        prev_string = is_string;
      }(),
      ...);
  return out;
}

void LogText(Severity severity, int v, const char* file, int line, std::string_view text);
[[noreturn]] void LogFatal(const char* file, int line, std::string_view text);

}  // namespace internal

// What KLOG_V(n) yields when level n is enabled.
class Verbose {
 public:
  Verbose(int level, const char* file, int line) : level_(level), file_(file), line_(line) {}

  template <typename... Args>
  void InfoS(std::string_view msg, const Args&... args) const {
    internal::LogS(Severity::kInfo, level_, file_, line_, nullptr, msg, args...);
  }
  template <typename... Args>
  void ErrorS(internal::ErrorArg err, std::string_view msg, const Args&... args) const {
    internal::LogS(Severity::kError, level_, file_, line_, err, msg, args...);
  }
  template <typename... Args>
  void Info(const Args&... args) const {
    internal::LogText(Severity::kInfo, level_, file_, line_, internal::Sprint(args...));
  }

 private:
  const int level_;
  const char* const file_;
  const int line_;
};

}  // namespace kubecxx::log

#define KUBECXX_LOG_SITE_()                                 \
  ([]() -> ::kubecxx::log::internal::VSite* {               \
    static ::kubecxx::log::internal::VSite kubecxx_log_site; \
    return &kubecxx_log_site;                               \
  }())

#define KLOG_V_ENABLED(level) \
  (::kubecxx::log::internal::VEnabled((level), KUBECXX_LOG_SITE_(), __FILE__))

// KLOG_V(n).InfoS(...): nothing after KLOG_V(n) is evaluated when level n is disabled.
#define KLOG_V(level)              \
  if (!KLOG_V_ENABLED(level)) {    \
  } else                           \
    ::kubecxx::log::Verbose((level), __FILE__, __LINE__)

#define KLOG_INFO_S(...)                                                                     \
  ::kubecxx::log::internal::LogS(::kubecxx::log::Severity::kInfo, 0, __FILE__, __LINE__, \
                                 nullptr, __VA_ARGS__)
#define KLOG_ERROR_S(err, ...)                                                               \
  ::kubecxx::log::internal::LogS(::kubecxx::log::Severity::kError, 0, __FILE__, __LINE__, \
                                 (err), __VA_ARGS__)

#define KLOG_INFO(...)                                                                    \
  ::kubecxx::log::internal::LogText(::kubecxx::log::Severity::kInfo, 0, __FILE__, __LINE__, \
                                    ::kubecxx::log::internal::Sprint(__VA_ARGS__))
#define KLOG_WARNING(...)                                                                    \
  ::kubecxx::log::internal::LogText(::kubecxx::log::Severity::kWarning, 0, __FILE__, __LINE__, \
                                    ::kubecxx::log::internal::Sprint(__VA_ARGS__))
#define KLOG_ERROR(...)                                                                    \
  ::kubecxx::log::internal::LogText(::kubecxx::log::Severity::kError, 0, __FILE__, __LINE__, \
                                    ::kubecxx::log::internal::Sprint(__VA_ARGS__))
#define KLOG_FATAL(...) \
  ::kubecxx::log::internal::LogFatal(__FILE__, __LINE__, ::kubecxx::log::internal::Sprint(__VA_ARGS__))
