// How values of structured log calls are written, in klog's text form or component-base's
// JSON form. Part of lib/log/log.h; include that instead.
//
// Every value goes through an overload of LogValue(ValueWriter&, const T&). Overloads for
// strings, numbers, bool, nullptr, durations, Status, ObjectRef (klog.KRef), optionals and
// vectors are here; other types either provide their own LogValue in their namespace
// (found by argument-dependent lookup) or are printed with operator<< as a string, the
// way klog prints a fmt.Stringer.
//
// Thread-safety: a ValueWriter belongs to one log call on one thread.
#pragma once

#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "lib/base/status.h"

namespace kubecxx::log {

// klog.KRef(namespace, name): prints "namespace/name" (or "name") in text and
// {"name":..,"namespace":..} in JSON. The views must outlive the log call.
struct ObjectRef {
  std::string_view ns;
  std::string_view name;
};
inline ObjectRef KRef(std::string_view ns, std::string_view name) { return {ns, name}; }

class ValueWriter {
 public:
  enum class Mode {
    kText,  // klog text: "=" then the value (strings quoted, multi-line strings as =<...>)
    kJson,  // zap JSON: the value
  };
  ValueWriter(Mode mode, std::string* out) : mode_(mode), out_(out) {}

  void String(std::string_view s);  // also what Stringers (operator<<) produce
  void Int(int64_t v);
  void Uint(uint64_t v);
  void Bool(bool v);
  void Double(double v);  // text: encoding/json's format; JSON: zap's ('f', shortest)
  void Null();
  void Duration(int64_t nanos);  // Go's time.Duration.String() form, as a string
  void Object(ObjectRef ref);

  // JSON arrays (in both modes, as klog falls back to encoding/json for slices): elements
  // written between BeginArray and EndArray are JSON values.
  void BeginArray();
  void EndArray();

 private:
  void Prefix();  // "=" in text at top level; "," between array elements
  bool InArray() const { return depth_ > 0; }

  const Mode mode_;
  std::string* const out_;
  int depth_ = 0;
  bool need_comma_ = false;
};

// --- LogValue overloads -----------------------------------------------------------------

inline void LogValue(ValueWriter& w, std::string_view s) { w.String(s); }
inline void LogValue(ValueWriter& w, const std::string& s) { w.String(s); }
inline void LogValue(ValueWriter& w, const char* s) {
  if (s == nullptr) {
    w.Null();
  } else {
    w.String(s);
  }
}
inline void LogValue(ValueWriter& w, bool b) { w.Bool(b); }
inline void LogValue(ValueWriter& w, std::nullptr_t) { w.Null(); }
inline void LogValue(ValueWriter& w, ObjectRef ref) { w.Object(ref); }
// An error value: its message, or null for OK (a nil error).
inline void LogValue(ValueWriter& w, const Status& s) {
  if (s.ok()) {
    w.Null();
  } else {
    w.String(s.message());
  }
}

template <std::integral T>
  requires(!std::same_as<T, bool>)
void LogValue(ValueWriter& w, T v) {
  if constexpr (std::is_signed_v<T>) {
    w.Int(static_cast<int64_t>(v));
  } else {
    w.Uint(static_cast<uint64_t>(v));
  }
}

template <std::floating_point T>
void LogValue(ValueWriter& w, T v) {
  w.Double(static_cast<double>(v));
}

template <typename Rep, typename Period>
void LogValue(ValueWriter& w, std::chrono::duration<Rep, Period> d) {
  w.Duration(std::chrono::duration_cast<std::chrono::nanoseconds>(d).count());
}

template <typename T>
void LogValue(ValueWriter& w, const std::optional<T>& v);
template <typename T>
void LogValue(ValueWriter& w, const std::vector<T>& v);

// Fallback: anything printable with operator<< is logged as its string form.
template <typename T>
  requires(!std::is_arithmetic_v<T> && requires(std::ostream& os, const T& t) { os << t; })
void LogValue(ValueWriter& w, const T& v) {
  std::ostringstream os;
  os << v;
  w.String(os.str());
}

namespace internal {
// Calls LogValue with our overloads and those found by ADL for the value's type.
template <typename T>
void WriteValue(ValueWriter& w, const T& v) {
  LogValue(w, v);
}
}  // namespace internal

template <typename T>
void LogValue(ValueWriter& w, const std::optional<T>& v) {
  if (v) {
    internal::WriteValue(w, *v);
  } else {
    w.Null();
  }
}

template <typename T>
void LogValue(ValueWriter& w, const std::vector<T>& v) {
  w.BeginArray();
  for (const auto& e : v) internal::WriteValue(w, e);
  w.EndArray();
}

}  // namespace kubecxx::log
