// metav1.Time, metav1.MicroTime and Go time.Duration text forms, byte-compatible with the
// Go implementations (time.Parse/Format with RFC3339 layouts, Duration.String,
// time.ParseDuration), including Go's error texts.
//
// Times are instants in UTC. The zero value of both types is Go's zero time.Time
// (0001-01-01T00:00:00Z), so a default-constructed Time IsZero() and the codecs emit
// null for it exactly as upstream's MarshalJSON does.
//
// Thread-safety: plain values and pure functions; Now() reads the system clock.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "lib/base/status.h"

namespace kubecxx::api {

// Unix seconds of 0001-01-01T00:00:00Z, Go's zero time.Time.
inline constexpr int64_t kZeroTimeSeconds = -62135596800;

// metav1.Time: whole seconds (the wire format carries no fraction).
struct Time {
  int64_t seconds = kZeroTimeSeconds;  // Unix seconds, UTC

  bool IsZero() const { return seconds == kZeroTimeSeconds; }
  friend auto operator<=>(const Time&, const Time&) = default;
};

// metav1.MicroTime: printed with exactly six fractional digits.
struct MicroTime {
  int64_t seconds = kZeroTimeSeconds;  // Unix seconds, UTC
  int32_t nanos = 0;                   // in [0, 1e9); the text form keeps microseconds

  bool IsZero() const { return seconds == kZeroTimeSeconds && nanos == 0; }
  friend auto operator<=>(const MicroTime&, const MicroTime&) = default;
};

// The current time from the system clock (truncated to seconds / nanoseconds).
Time Now();
MicroTime NowMicro();

// time.Time.UTC().Format(time.RFC3339), e.g. "2008-01-01T01:01:01Z". Years outside
// 0..9999 print as Go prints them ("-0001", "10000").
std::string FormatRFC3339(Time t);
void AppendRFC3339(Time t, std::string* out);

// time.Parse(time.RFC3339, s): accepts everything Go accepts (numeric offsets converted to
// UTC, fractional seconds with '.' or ',' dropped, one-digit hours, offsets up to 24:60),
// and fails with Go's ParseError text otherwise.
StatusOr<Time> ParseRFC3339(std::string_view s);

// time.Time.UTC().Format("2006-01-02T15:04:05.000000Z07:00"): six digits, truncated.
std::string FormatRFC3339Micro(MicroTime t);
void AppendRFC3339Micro(MicroTime t, std::string* out);

// time.Parse("2006-01-02T15:04:05.000000Z07:00", s), as MicroTime.UnmarshalJSON does.
// Like upstream this requires exactly six fractional digits ("...05Z" and
// "...05.123456789Z" are rejected with Go's error text).
StatusOr<MicroTime> ParseRFC3339Micro(std::string_view s);

// time.Duration(nanos).String(): "1h2m3.5s", "0s", "1.5µs" (U+00B5), "-100ms".
std::string FormatGoDuration(int64_t nanos);

// time.ParseDuration: "300ms", "-1.5h", "2h45m", units ns us µs μs ms s m h; Go's errors,
// e.g. `time: invalid duration "x"`.
StatusOr<int64_t> ParseGoDuration(std::string_view s);

}  // namespace kubecxx::api
