// Records, headers and output. Configuration lives in options.cc.

#include "lib/log/log.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "lib/api/go_strconv.h"
#include "lib/log/go_format.h"
#include "lib/log/state.h"

namespace kubecxx::log {
namespace internal {
namespace {

// klog's header: "Lmmdd hh:mm:ss.uuuuuu PPPPPPP file:line] ".
void AppendTextHeader(Severity severity, std::chrono::system_clock::time_point now,
                      std::string_view file, int line, std::string* out) {
  static constexpr char kSeverityChar[] = {'I', 'W', 'E', 'F'};
  auto since_epoch = now.time_since_epoch();
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
  if (since_epoch < secs) secs -= std::chrono::seconds(1);  // floor for pre-1970 times
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(since_epoch - secs).count();
  time_t t = static_cast<time_t>(secs.count());
  struct tm tm;
  localtime_r(&t, &tm);

  char buf[32];
  auto two = [&](int at, int d) {
    buf[at] = static_cast<char>('0' + (d / 10) % 10);
    buf[at + 1] = static_cast<char>('0' + d % 10);
  };
  buf[0] = kSeverityChar[static_cast<int>(severity)];
  two(1, tm.tm_mon + 1);
  two(3, tm.tm_mday);
  buf[5] = ' ';
  two(6, tm.tm_hour);
  buf[8] = ':';
  two(9, tm.tm_min);
  buf[11] = ':';
  two(12, tm.tm_sec);
  buf[14] = '.';
  for (int i = 20; i >= 15; --i) {
    buf[i] = static_cast<char>('0' + micros % 10);
    micros /= 10;
  }
  buf[21] = ' ';
  // The pid, right-aligned in 7 columns (only the low 7 digits, as klog's nDigits).
  int pid = CurrentPid();
  for (int i = 28; i >= 22; --i) {
    if (pid > 0) {
      buf[i] = static_cast<char>('0' + pid % 10);
      pid /= 10;
    } else {
      buf[i] = ' ';
    }
  }
  buf[29] = ' ';
  out->append(buf, 30);
  out->append(file);
  out->push_back(':');
  out->append(std::to_string(line < 0 ? 0 : line));
  out->append("] ");
}

std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// zap's ShortCallerEncoder: the last directory and the file name.
std::string_view ShortCaller(std::string_view path) {
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return path;
  size_t dir = path.rfind('/', slash - 1);
  return dir == std::string_view::npos ? path : path.substr(dir + 1);
}

void AppendJsonPrefix(std::chrono::system_clock::time_point now, std::string_view file, int line,
                      std::string* out) {
  int64_t nanos =
      std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count();
  out->append("{\"ts\":");
  AppendShortestFixed(static_cast<double>(nanos) / 1e6, out);
  out->append(",\"caller\":");
  std::string caller(ShortCaller(file));
  caller.push_back(':');
  caller.append(std::to_string(line));
  AppendJsonString(caller, JsonEscaping::kZap, out);
}

}  // namespace

struct Record::Scratch {
  struct Pair {
    std::string_view key;
    size_t start;
    size_t end;
  };
  std::string buf;
  std::vector<Pair> existing;                        // text: pairs still in the output
  std::vector<std::pair<size_t, size_t>> obsolete;   // text: byte ranges to cut, by start
  size_t value_start = 0;
  std::string err;  // JSON: written last
  bool has_err = false;
  std::string ignored_key;  // JSON: a trailing key without value
  bool has_ignored_key = false;
  bool in_use = false;
  std::chrono::system_clock::time_point now;

  void Reset() {
    buf.clear();
    existing.clear();
    obsolete.clear();
    err.clear();
    has_err = false;
    ignored_key.clear();
    has_ignored_key = false;
  }
};

namespace {
thread_local Record::Scratch tls_scratch;
}  // namespace

Record::Record(Severity severity, int v, const char* file, int line, bool structured)
    : severity_(severity),
      v_(v),
      file_(file),
      line_(line),
      structured_(structured),
      format_(CurrentFormat()) {
  if (tls_scratch.in_use) {
    scratch_ = new Scratch();
    owns_scratch_ = true;
  } else {
    scratch_ = &tls_scratch;
    owns_scratch_ = false;
  }
  scratch_->in_use = true;
  scratch_->Reset();
  scratch_->now = CurrentTime();
  if (format_ == Format::kText) {
    AppendTextHeader(severity_, scratch_->now, BaseName(file_), line_, &scratch_->buf);
  } else {
    AppendJsonPrefix(scratch_->now, file_, line_, &scratch_->buf);
  }
}

Record::~Record() {
  if (owns_scratch_) {
    delete scratch_;
  } else {
    scratch_->in_use = false;
  }
}

void Record::Message(std::string_view msg) {
  std::string& buf = scratch_->buf;
  if (format_ == Format::kText) {
    if (structured_) {
      api::AppendGoQuoted(msg, &buf);
    } else {
      buf.append(msg);
    }
    return;
  }
  if (!structured_ && !msg.empty() && msg.back() == '\n') msg.remove_suffix(1);
  buf.append(",\"msg\":");
  AppendJsonString(msg, JsonEscaping::kZap, &buf);
  if (severity_ < Severity::kError) {
    buf.append(",\"v\":");
    buf.append(std::to_string(v_));
  }
}

void Record::Error(std::string_view err) {
  if (format_ == Format::kText) {
    Add("err", err);
    return;
  }
  scratch_->err.assign(err);
  scratch_->has_err = true;
}

ValueWriter Record::BeginValue(std::string_view key) {
  std::string& buf = scratch_->buf;
  scratch_->value_start = buf.size();
  if (format_ == Format::kText) {
    buf.push_back(' ');
    buf.append(key);
    return ValueWriter(ValueWriter::Mode::kText, &buf);
  }
  buf.push_back(',');
  AppendJsonString(key, JsonEscaping::kZap, &buf);
  buf.push_back(':');
  return ValueWriter(ValueWriter::Mode::kJson, &buf);
}

void Record::EndValue(std::string_view key) {
  if (format_ != Format::kText) return;  // zap keeps duplicate keys
  // klog: the last value of a key wins, at its own position; an identical repeat is dropped.
  Scratch& s = *scratch_;
  Scratch::Pair pair{key, s.value_start, s.buf.size()};
  for (auto& existing : s.existing) {
    if (existing.key != key) continue;
    std::string_view old_text(s.buf.data() + existing.start, existing.end - existing.start);
    std::string_view new_text(s.buf.data() + pair.start, pair.end - pair.start);
    std::pair<size_t, size_t> cut =
        old_text == new_text ? std::make_pair(pair.start, pair.end)
                             : std::make_pair(existing.start, existing.end);
    s.obsolete.insert(std::upper_bound(s.obsolete.begin(), s.obsolete.end(), cut), cut);
    if (old_text != new_text) existing = pair;
    return;
  }
  s.existing.push_back(pair);
}

void Record::AddMissing(std::string_view key) {
  if (format_ == Format::kText) {
    Add(key, "(MISSING)");
    return;
  }
  scratch_->ignored_key.assign(key);
  scratch_->has_ignored_key = true;
}

void Record::Emit() {
  Scratch& s = *scratch_;
  std::string& buf = s.buf;
  if (format_ == Format::kText) {
    for (auto it = s.obsolete.rbegin(); it != s.obsolete.rend(); ++it) {
      buf.erase(it->first, it->second - it->first);
    }
    if (structured_ || buf.empty() || buf.back() != '\n') buf.push_back('\n');
  } else {
    if (s.has_err) {
      buf.append(",\"err\":");
      AppendJsonString(s.err, JsonEscaping::kZap, &buf);
    }
    buf.append("}\n");
    if (s.has_ignored_key) {
      // zapr reports the odd argument on a line of its own, before the entry.
      std::string warn;
      AppendJsonPrefix(s.now, file_, line_, &warn);
      warn.append(
          ",\"msg\":\"odd number of arguments passed as key-value pairs for logging\","
          "\"ignored key\":");
      AppendJsonString(s.ignored_key, JsonEscaping::kZap, &warn);
      warn.append("}\n");
      CurrentSink()->Write(Severity::kError, warn);
    }
  }
  CurrentSink()->Write(severity_, buf);
}

void AppendSprintArg(std::string* out, std::string_view s) { out->append(s); }
void AppendSprintArg(std::string* out, bool b) { out->append(b ? "true" : "false"); }
void AppendSprintArg(std::string* out, int64_t v) { out->append(std::to_string(v)); }
void AppendSprintArg(std::string* out, uint64_t v) { out->append(std::to_string(v)); }
void AppendSprintArg(std::string* out, double v) { AppendGoSprintFloat(v, out); }
void AppendSprintArg(std::string* out, float v) { AppendGoSprintFloat(v, out); }
void AppendSprintArg(std::string* out, std::nullptr_t) { out->append("<nil>"); }
void AppendSprintArg(std::string* out, const Status& s) {
  out->append(s.ok() ? std::string_view("<nil>") : std::string_view(s.message()));
}

void LogText(Severity severity, int v, const char* file, int line, std::string_view text) {
  Record r(severity, v, file, line, /*structured=*/false);
  r.Message(text);
  r.Emit();
}

void LogFatal(const char* file, int line, std::string_view text) {
  LogText(Severity::kFatal, 0, file, line, text);
  Flush();
  std::_Exit(255);  // klog exits with 255 after a fatal message
}

}  // namespace internal
}  // namespace kubecxx::log
