#include "lib/api/time.h"

#include <chrono>
#include <cstring>

namespace kubecxx::api {
namespace {

constexpr std::string_view kLayoutRFC3339 = "2006-01-02T15:04:05Z07:00";
constexpr std::string_view kLayoutRFC3339Micro = "2006-01-02T15:04:05.000000Z07:00";
constexpr int64_t kSecondsPerDay = 86400;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Civil {
  int64_t year;
  int month, day, hour, minute, second;
};

Civil CivilFromSeconds(int64_t seconds) {
  int64_t days = seconds / kSecondsPerDay;
  int64_t rem = seconds % kSecondsPerDay;
  if (rem < 0) {
    rem += kSecondsPerDay;
    --days;
  }
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  Civil c;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = yoe + era * 400 + (c.month <= 2);
  c.hour = static_cast<int>(rem / 3600);
  c.minute = static_cast<int>(rem / 60 % 60);
  c.second = static_cast<int>(rem % 60);
  return c;
}

bool IsLeap(int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int DaysIn(int month, int64_t year) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeap(year)) return 29;
  return kDays[month - 1];
}

void Append2(int v, std::string* out) {
  out->push_back(static_cast<char>('0' + v / 10));
  out->push_back(static_cast<char>('0' + v % 10));
}

// Go's appendInt(b, year, 4).
void AppendYear(int64_t year, std::string* out) {
  uint64_t u = static_cast<uint64_t>(year);
  if (year < 0) {
    out->push_back('-');
    u = 0 - u;
  }
  char buf[24];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  for (int pad = 4 - n; pad > 0; --pad) out->push_back('0');
  while (n > 0) out->push_back(buf[--n]);
}

void AppendDateTime(int64_t seconds, std::string* out) {
  Civil c = CivilFromSeconds(seconds);
  AppendYear(c.year, out);
  out->push_back('-');
  Append2(c.month, out);
  out->push_back('-');
  Append2(c.day, out);
  out->push_back('T');
  Append2(c.hour, out);
  out->push_back(':');
  Append2(c.minute, out);
  out->push_back(':');
  Append2(c.second, out);
}

// Go time package's quote(): bytes outside printable ASCII become \xNN.
void AppendTimeQuoted(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || c < ' ') {
      out->append("\\x");
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 0xF]);
    } else {
      if (c == '"' || c == '\\') out->push_back('\\');
      out->push_back(static_cast<char>(c));
    }
  }
  out->push_back('"');
}

std::string TimeQuote(std::string_view s) {
  std::string out;
  AppendTimeQuoted(s, &out);
  return out;
}

bool IsDigitAt(std::string_view s, size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }

// Go's getnum: one or two digits (exactly two when fixed).
bool GetNum(std::string_view* s, bool fixed, int* out) {
  if (!IsDigitAt(*s, 0)) return false;
  if (!IsDigitAt(*s, 1)) {
    if (fixed) return false;
    *out = (*s)[0] - '0';
    s->remove_prefix(1);
    return true;
  }
  *out = ((*s)[0] - '0') * 10 + ((*s)[1] - '0');
  s->remove_prefix(2);
  return true;
}

// Go's time.atoi: optional sign, then digits only (overflow fails).
bool TimeAtoi(std::string_view s, int64_t* out) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  uint64_t x = 0;
  size_t i = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    if (x > (uint64_t{1} << 63) / 10) return false;
    x = x * 10 + static_cast<uint64_t>(s[i] - '0');
    if (x > (uint64_t{1} << 63)) return false;
  }
  if (i != s.size()) return false;
  int64_t v = static_cast<int64_t>(x);
  *out = negative ? -v : v;
  return true;
}

struct ParsedTime {
  int64_t seconds = 0;
  int32_t nanos = 0;
};

// Go's parse() specialised to the RFC 3339 layouts used by metav1.
StatusOr<ParsedTime> ParseGoLayout(std::string_view value, bool micro) {
  const std::string_view layout = micro ? kLayoutRFC3339Micro : kLayoutRFC3339;
  const std::string_view avalue = value;
  auto cannot_parse = [&](std::string_view layout_elem, std::string_view value_elem) {
    std::string msg = "parsing time ";
    AppendTimeQuoted(avalue, &msg);
    msg += " as ";
    AppendTimeQuoted(layout, &msg);
    msg += ": cannot parse ";
    AppendTimeQuoted(value_elem, &msg);
    msg += " as ";
    AppendTimeQuoted(layout_elem, &msg);
    return Status::Invalid(std::move(msg));
  };
  auto with_message = [&](std::string_view message) {
    std::string msg = "parsing time ";
    AppendTimeQuoted(avalue, &msg);
    msg += message;
    return Status::Invalid(std::move(msg));
  };
  auto out_of_range = [&](std::string_view what) {
    return with_message(": " + std::string(what) + " out of range");
  };
  auto skip = [&](char c) {
    if (value.empty() || value[0] != c) return false;
    value.remove_prefix(1);
    return true;
  };

  std::string_view hold = value;
  if (value.size() < 4 || !IsDigitAt(value, 0)) return cannot_parse("2006", hold);
  int64_t year = 0;
  bool year_ok = TimeAtoi(value.substr(0, 4), &year);
  value.remove_prefix(4);
  if (!year_ok) return cannot_parse("2006", hold);

  if (!skip('-')) return cannot_parse("-", value);
  hold = value;
  int month = 0;
  if (!GetNum(&value, true, &month)) return cannot_parse("01", hold);
  if (month <= 0 || month > 12) return out_of_range("month");

  if (!skip('-')) return cannot_parse("-", value);
  hold = value;
  int day = 0;
  if (!GetNum(&value, true, &day)) return cannot_parse("02", hold);

  if (!skip('T')) return cannot_parse("T", value);
  hold = value;
  int hour = 0;
  if (!GetNum(&value, false, &hour)) return cannot_parse("15", hold);
  if (hour >= 24) return out_of_range("hour");

  if (!skip(':')) return cannot_parse(":", value);
  hold = value;
  int minute = 0;
  if (!GetNum(&value, true, &minute)) return cannot_parse("04", hold);
  if (minute >= 60) return out_of_range("minute");

  if (!skip(':')) return cannot_parse(":", value);
  hold = value;
  int second = 0;
  if (!GetNum(&value, true, &second)) return cannot_parse("05", hold);
  if (second >= 60) return out_of_range("second");

  int64_t nanos = 0;
  if (!micro && value.size() >= 2 && (value[0] == '.' || value[0] == ',') && IsDigitAt(value, 1)) {
    // A fraction the layout does not mention: any number of digits, nanoseconds kept.
    size_t n = 2;
    while (IsDigitAt(value, n)) ++n;
    size_t used = n > 10 ? 10 : n;
    for (size_t i = 1; i < used; ++i) nanos = nanos * 10 + (value[i] - '0');
    for (size_t i = used; i < 10; ++i) nanos *= 10;
    value.remove_prefix(n);
  }
  if (micro) {
    hold = value;
    if (value.size() < 7 || (value[0] != '.' && value[0] != ',')) {
      return cannot_parse(".000000", hold);
    }
    int64_t frac = 0;
    if (!TimeAtoi(value.substr(1, 6), &frac)) return cannot_parse(".000000", hold);
    if (frac < 0) return out_of_range("fractional second");
    nanos = frac * 1000;
    value.remove_prefix(7);
  }

  hold = value;
  int64_t zone_offset = 0;
  if (!value.empty() && value[0] == 'Z') {
    value.remove_prefix(1);
  } else {
    if (value.size() < 6 || value[3] != ':') return cannot_parse("Z07:00", hold);
    char sign = value[0];
    std::string_view hh = value.substr(1, 2);
    std::string_view mm = value.substr(4, 2);
    value.remove_prefix(6);
    int hr = 0;
    int mn = 0;
    bool ok = GetNum(&hh, true, &hr) && GetNum(&mm, true, &mn);
    const char* range_error = nullptr;
    if (hr > 24) range_error = "time zone offset hour";
    if (mn > 60) range_error = "time zone offset minute";
    if (range_error != nullptr) return out_of_range(range_error);
    if (!ok || (sign != '+' && sign != '-')) return cannot_parse("Z07:00", hold);
    zone_offset = (int64_t{hr} * 60 + mn) * 60;
    if (sign == '-') zone_offset = -zone_offset;
  }
  if (!value.empty()) return with_message(": extra text: " + TimeQuote(value));
  if (day < 1 || day > DaysIn(month, year)) return with_message(": day out of range");

  ParsedTime t;
  t.seconds = DaysFromCivil(year, month, day) * kSecondsPerDay + hour * 3600 + minute * 60 +
              second - zone_offset;
  t.nanos = static_cast<int32_t>(nanos);
  return t;
}

}  // namespace

Time Now() {
  auto d = std::chrono::system_clock::now().time_since_epoch();
  return Time{std::chrono::floor<std::chrono::seconds>(d).count()};
}

MicroTime NowMicro() {
  auto d = std::chrono::system_clock::now().time_since_epoch();
  auto s = std::chrono::floor<std::chrono::seconds>(d);
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d - s);
  return MicroTime{s.count(), static_cast<int32_t>(ns.count())};
}

void AppendRFC3339(Time t, std::string* out) {
  AppendDateTime(t.seconds, out);
  out->push_back('Z');
}

std::string FormatRFC3339(Time t) {
  std::string out;
  out.reserve(20);
  AppendRFC3339(t, &out);
  return out;
}

StatusOr<Time> ParseRFC3339(std::string_view s) {
  auto parsed = ParseGoLayout(s, /*micro=*/false);
  if (!parsed.ok()) return parsed.status();
  return Time{parsed->seconds};
}

void AppendRFC3339Micro(MicroTime t, std::string* out) {
  AppendDateTime(t.seconds, out);
  out->push_back('.');
  int micros = t.nanos / 1000;
  char digits[6];
  for (int i = 5; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + micros % 10);
    micros /= 10;
  }
  out->append(digits, 6);
  out->push_back('Z');
}

std::string FormatRFC3339Micro(MicroTime t) {
  std::string out;
  out.reserve(27);
  AppendRFC3339Micro(t, &out);
  return out;
}

StatusOr<MicroTime> ParseRFC3339Micro(std::string_view s) {
  auto parsed = ParseGoLayout(s, /*micro=*/true);
  if (!parsed.ok()) return parsed.status();
  return MicroTime{parsed->seconds, parsed->nanos};
}

std::string FormatGoDuration(int64_t nanos) {
  char buf[32];
  int w = sizeof(buf);
  uint64_t u = static_cast<uint64_t>(nanos);
  const bool negative = nanos < 0;
  if (negative) u = 0 - u;

  // Writes v's fraction of `prec` digits (trailing zeros and a bare '.' omitted); v /= 10^prec.
  auto frac = [&](int prec) {
    bool print = false;
    for (int i = 0; i < prec; ++i) {
      char digit = static_cast<char>('0' + u % 10);
      print = print || digit != '0';
      if (print) buf[--w] = digit;
      u /= 10;
    }
    if (print) buf[--w] = '.';
  };
  auto integer = [&](uint64_t v) {
    if (v == 0) {
      buf[--w] = '0';
      return;
    }
    while (v > 0) {
      buf[--w] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
  };

  if (u < 1000000000) {
    buf[--w] = 's';
    if (u == 0) return "0s";
    int prec;
    if (u < 1000) {
      prec = 0;
      buf[--w] = 'n';
    } else if (u < 1000000) {
      prec = 3;
      buf[--w] = '\xB5';  // U+00B5 micro sign
      buf[--w] = '\xC2';
    } else {
      prec = 6;
      buf[--w] = 'm';
    }
    frac(prec);
    integer(u);
  } else {
    buf[--w] = 's';
    frac(9);
    integer(u % 60);
    u /= 60;
    if (u > 0) {
      buf[--w] = 'm';
      integer(u % 60);
      u /= 60;
      if (u > 0) {
        buf[--w] = 'h';
        integer(u);
      }
    }
  }
  if (negative) buf[--w] = '-';
  return std::string(buf + w, sizeof(buf) - w);
}

StatusOr<int64_t> ParseGoDuration(std::string_view s) {
  const std::string_view orig = s;
  auto error = [&](std::string_view message) {
    std::string msg = "time: ";
    msg += message;
    msg += ' ';
    AppendTimeQuoted(orig, &msg);
    return Status::Invalid(std::move(msg));
  };
  constexpr uint64_t kLimit = uint64_t{1} << 63;
  uint64_t d = 0;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return int64_t{0};
  if (s.empty()) return error("invalid duration");
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  while (!s.empty()) {
    if (!(s[0] == '.' || is_digit(s[0]))) return error("invalid duration");
    // Integer part (Go's leadingInt: overflow past 2^63 is an error).
    uint64_t v = 0;
    size_t i = 0;
    for (; i < s.size() && is_digit(s[i]); ++i) {
      if (v > kLimit / 10) return error("invalid duration");
      v = v * 10 + static_cast<uint64_t>(s[i] - '0');
      if (v > kLimit) return error("invalid duration");
    }
    const bool pre = i != 0;
    s.remove_prefix(i);
    // Fraction (Go's leadingFraction: stops accumulating precision on overflow).
    uint64_t f = 0;
    double scale = 1;
    bool post = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      bool overflow = false;
      size_t j = 0;
      for (; j < s.size() && is_digit(s[j]); ++j) {
        if (overflow) continue;
        if (f > (kLimit - 1) / 10) {
          overflow = true;
          continue;
        }
        uint64_t y = f * 10 + static_cast<uint64_t>(s[j] - '0');
        if (y > kLimit) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j != 0;
      s.remove_prefix(j);
    }
    if (!pre && !post) return error("invalid duration");
    size_t u_len = 0;
    while (u_len < s.size() && !(s[u_len] == '.' || is_digit(s[u_len]))) ++u_len;
    if (u_len == 0) return error("missing unit in duration");
    std::string_view unit_name = s.substr(0, u_len);
    s.remove_prefix(u_len);
    uint64_t unit;
    if (unit_name == "ns") {
      unit = 1;
    } else if (unit_name == "us" || unit_name == "\xC2\xB5s" || unit_name == "\xCE\xBCs") {
      unit = 1000;
    } else if (unit_name == "ms") {
      unit = 1000000;
    } else if (unit_name == "s") {
      unit = 1000000000;
    } else if (unit_name == "m") {
      unit = uint64_t{60} * 1000000000;
    } else if (unit_name == "h") {
      unit = uint64_t{3600} * 1000000000;
    } else {
      return error("unknown unit " + TimeQuote(unit_name) + " in duration");
    }
    if (v > kLimit / unit) return error("invalid duration");
    v *= unit;
    if (f > 0) {
      // Same float64 arithmetic as Go so results match to the nanosecond.
      v += static_cast<uint64_t>(static_cast<double>(f) * (static_cast<double>(unit) / scale));
      if (v > kLimit) return error("invalid duration");
    }
    d += v;
    if (d > kLimit) return error("invalid duration");
  }
  if (negative) return static_cast<int64_t>(0 - d);
  if (d > kLimit - 1) return error("invalid duration");
  return static_cast<int64_t>(d);
}

}  // namespace kubecxx::api
