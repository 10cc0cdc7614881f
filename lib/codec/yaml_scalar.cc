// Scalars the way go-yaml v2 (resolve.go, encode.go) and Go's strconv treat them:
// what unquoted text means, when a string needs quotes, how numbers are printed.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <unordered_map>

#include "lib/base/utf8.h"
#include "lib/codec/yaml_internal.h"

namespace kubecxx::codec::yaml_internal {
namespace {

// strconv.ParseUint(s, base, 64) for base 0 (prefixes 0b 0o 0x, leading 0 = octal)
// or a fixed base. Callers have removed underscores already.
bool GoParseUint(std::string_view s, int base, uint64_t* out) {
  if (s.empty()) return false;
  if (base == 0) {
    base = 10;
    if (s[0] == '0') {
      char p = s.size() >= 3 ? Lower(s[1]) : 0;
      if (p == 'b') {
        base = 2;
        s.remove_prefix(2);
      } else if (p == 'o') {
        base = 8;
        s.remove_prefix(2);
      } else if (p == 'x') {
        base = 16;
        s.remove_prefix(2);
      } else {
        base = 8;
        s.remove_prefix(1);
      }
    }
  }
  uint64_t n = 0;
  for (char c : s) {
    int d;
    if (IsDigit(c)) {
      d = c - '0';
    } else if (Lower(c) >= 'a' && Lower(c) <= 'z') {
      d = Lower(c) - 'a' + 10;
    } else {
      return false;
    }
    if (d >= base) return false;
    if (n > std::numeric_limits<uint64_t>::max() / base) return false;
    n *= base;
    if (n + d < n) return false;
    n += d;
  }
  *out = n;
  return true;
}

// strconv.ParseInt(s, base, 64).
bool GoParseInt(std::string_view s, int base, int64_t* out) {
  if (s.empty()) return false;
  bool neg = false;
  if (s[0] == '+') {
    s.remove_prefix(1);
  } else if (s[0] == '-') {
    neg = true;
    s.remove_prefix(1);
  }
  uint64_t u;
  if (!GoParseUint(s, base, &u)) return false;
  constexpr uint64_t kCutoff = uint64_t{1} << 63;
  if (!neg && u >= kCutoff) return false;
  if (neg && u > kCutoff) return false;
  *out = neg ? static_cast<int64_t>(0 - u) : static_cast<int64_t>(u);
  return true;
}

// strconv's underscoreOK: '_' only between digits (or after a base prefix).
bool UnderscoreOk(std::string_view s) {
  char saw = '^';
  size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' &&
      (Lower(s[1]) == 'b' || Lower(s[1]) == 'o' || Lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = Lower(s[1]) == 'x';
  }
  for (; i < s.size(); ++i) {
    if (IsDigit(s[i]) || (hex && Lower(s[i]) >= 'a' && Lower(s[i]) <= 'f')) {
      saw = '0';
      continue;
    }
    if (s[i] == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

// strconv.ParseFloat(s, 64) for decimal syntax, which is all YAML resolution ever
// hands it (text starting with '.', or text the yamlStyleFloat pattern accepted).
// Overflow is an error as in Go; underflow rounds to (signed) zero without error.
bool GoParseFloat(std::string_view s, double* out) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  bool sawdot = false, sawdigits = false, underscores = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '_') {
      underscores = true;
    } else if (c == '.') {
      if (sawdot) break;
      sawdot = true;
    } else if (IsDigit(c)) {
      sawdigits = true;
    } else {
      break;
    }
  }
  if (!sawdigits) return false;
  if (i < s.size() && Lower(s[i]) == 'e') {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (i >= s.size() || !IsDigit(s[i])) return false;
    for (; i < s.size() && (IsDigit(s[i]) || s[i] == '_'); ++i) {
      if (s[i] == '_') underscores = true;
    }
  }
  if (i != s.size()) return false;
  if (underscores && !UnderscoreOk(s)) return false;
  std::string clean;
  clean.reserve(s.size());
  for (char c : s) {
    if (c != '_') clean.push_back(c);
  }
  std::string_view digits = clean;
  bool neg = false;
  if (digits[0] == '+' || digits[0] == '-') {
    neg = digits[0] == '-';
    digits.remove_prefix(1);
  }
  double v = 0;
  auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (r.ec == std::errc::result_out_of_range) {
    // from_chars leaves v alone; strtod tells overflow (HUGE_VAL) from underflow.
    v = std::strtod(std::string(digits).c_str(), nullptr);
    if (std::isinf(v)) return false;
  } else if (r.ec != std::errc() || r.ptr != digits.data() + digits.size()) {
    return false;
  }
  *out = neg ? -v : v;
  return true;
}

// The shortest decimal digits that round-trip v (as Go's strconv finds them):
// value = 0.d1d2d3... * 10^dp. v must be finite.
struct ShortestDecimal {
  bool neg = false;
  std::string digits;  // empty for zero
  int dp = 0;
};

ShortestDecimal ToShortestDecimal(double v, bool as_float32) {
  char buf[64];
  std::to_chars_result r =
      as_float32 ? std::to_chars(buf, buf + sizeof(buf), static_cast<float>(v),
                                 std::chars_format::scientific)
                 : std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string_view sci(buf, r.ptr - buf);
  ShortestDecimal d;
  d.neg = sci[0] == '-';
  if (d.neg) sci.remove_prefix(1);
  size_t e = sci.find('e');
  for (char c : sci.substr(0, e)) {
    if (c != '.') d.digits.push_back(c);
  }
  int exp10 = 0;
  std::from_chars(sci.data() + e + (sci[e + 1] == '+' ? 2 : 1), sci.data() + sci.size(), exp10);
  if (d.digits == "0") {
    d.digits.clear();
  } else {
    d.dp = exp10 + 1;
  }
  return d;
}

// strconv's %e with shortest digits: d.ddde±XX (exponent at least two digits).
std::string FormatE(const ShortestDecimal& d) {
  std::string out = d.neg ? "-" : "";
  out += d.digits.empty() ? '0' : d.digits[0];
  if (d.digits.size() > 1) {
    out += '.';
    out.append(d.digits, 1);
  }
  int x = d.digits.empty() ? 0 : d.dp - 1;
  out += 'e';
  out += x < 0 ? '-' : '+';
  if (x < 0) x = -x;
  if (x < 10) out += '0';
  out += std::to_string(x);
  return out;
}

// strconv's %f with shortest digits.
std::string FormatF(const ShortestDecimal& d) {
  std::string out = d.neg ? "-" : "";
  int nd = static_cast<int>(d.digits.size());
  if (d.dp > 0) {
    for (int i = 0; i < d.dp; ++i) out += i < nd ? d.digits[i] : '0';
  } else {
    out += '0';
  }
  if (nd > d.dp) {
    out += '.';
    for (int j = d.dp; j < nd; ++j) out += j < 0 ? '0' : d.digits[j];
  }
  return out;
}

}  // namespace

std::string ShortTag(std::string_view tag) {
  if (tag.starts_with(kLongTagPrefix)) {
    return "!!" + std::string(tag.substr(kLongTagPrefix.size()));
  }
  return std::string(tag);
}

// Indices of the entries that survive "last assignment wins", in assignment order.
std::vector<size_t> LiveEntries(const std::vector<GEntry>& map) {
  std::unordered_map<std::string_view, size_t> last;
  last.reserve(map.size());
  for (size_t i = 0; i < map.size(); ++i) last[map[i].key] = i;
  std::vector<size_t> live;
  live.reserve(last.size());
  for (size_t i = 0; i < map.size(); ++i) {
    if (last[map[i].key] == i) live.push_back(i);
  }
  return live;
}

// strconv.FormatFloat(v, 'g', -1, 64 or 32): %e when the decimal exponent is < -4
// or >= 6 (Go's threshold for shortest %g), else %f.
std::string GoFormatFloatG(double v, bool as_float32) {
  // Go rounds to float32 first, so a float64 beyond float32's range is ±Inf here
  // (IEEE conversion; found by fuzz_yaml: a 90-digit map key).
  if (as_float32) v = static_cast<float>(v);
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  ShortestDecimal d = ToShortestDecimal(v, as_float32);
  int exp = d.digits.empty() ? -1 : d.dp - 1;
  return (exp < -4 || exp >= 6) ? FormatE(d) : FormatF(d);
}

// go-yaml's float formatting: Go's names for the specials replaced by YAML's.
std::string YamlFloatText(double v, bool as_float32) {
  std::string s = GoFormatFloatG(v, as_float32);
  if (s == "+Inf") return ".inf";
  if (s == "-Inf") return "-.inf";
  if (s == "NaN") return ".nan";
  return s;
}

namespace {

// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool MatchYamlStyleFloat(std::string_view s) {
  size_t i = 0, n = s.size();
  auto digits = [&] {
    size_t start = i;
    while (i < n && IsDigit(s[i])) ++i;
    return i > start;
  };
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  if (i < n && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  } else {
    if (!digits()) return false;
    if (i < n && s[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == n;
}

// encode.go's isBase60Float: ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
// (quoted on output for YAML 1.1 parsers, though go-yaml itself reads them as strings).
bool IsBase60Float(std::string_view s) {
  if (s.empty()) return false;
  char c = s[0];
  if (!(c == '+' || c == '-' || IsDigit(c)) || s.find(':') == std::string_view::npos) {
    return false;
  }
  size_t i = 0, n = s.size();
  if (s[i] == '+' || s[i] == '-') ++i;
  if (i >= n || !IsDigit(s[i])) return false;
  ++i;
  while (i < n && (IsDigit(s[i]) || s[i] == '_')) ++i;
  int groups = 0;
  while (i < n && s[i] == ':') {
    ++i;
    if (i + 1 < n && s[i] >= '0' && s[i] <= '5' && IsDigit(s[i + 1])) {
      i += 2;
    } else if (i < n && IsDigit(s[i])) {
      ++i;
    } else {
      return false;
    }
    ++groups;
  }
  if (groups == 0) return false;
  if (i < n && s[i] == '.') {
    ++i;
    while (i < n && (IsDigit(s[i]) || s[i] == '_')) ++i;
  }
  return i == n;
}

// time.Parse's getnum: one or two digits (exactly two when fixed).
bool GetNum(std::string_view* v, bool fixed, int* out) {
  if (v->empty() || !IsDigit((*v)[0])) return false;
  if (v->size() < 2 || !IsDigit((*v)[1])) {
    if (fixed) return false;
    *out = (*v)[0] - '0';
    v->remove_prefix(1);
    return true;
  }
  *out = ((*v)[0] - '0') * 10 + ((*v)[1] - '0');
  v->remove_prefix(2);
  return true;
}

bool SkipLiteral(std::string_view* v, char c) {
  if (v->empty() || (*v)[0] != c) return false;
  v->remove_prefix(1);
  return true;
}

int DaysIn(int month, int year) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) return 29;
  return kDays[month - 1];
}

// Whether time.Parse accepts s with one of go-yaml's timestamp layouts:
//   "2006-1-2T15:4:5.999999999Z07:00", the same with 't', "2006-1-2 15:4:5.999999999"
//   and "2006-1-2". Only acceptance matters: decoded timestamps stay strings.
bool ParsesAsTimestamp(std::string_view s, int layout) {
  std::string_view v = s;
  int year = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
  v.remove_prefix(4);
  int month, day;
  if (!SkipLiteral(&v, '-') || !GetNum(&v, false, &month) || month < 1 || month > 12) {
    return false;
  }
  if (!SkipLiteral(&v, '-') || !GetNum(&v, false, &day)) return false;
  if (layout != 3) {
    if (layout == 0 || layout == 1) {
      if (!SkipLiteral(&v, layout == 0 ? 'T' : 't')) return false;
    } else {
      // A space in a Go layout matches any run of spaces, but at least one.
      if (!v.empty() && v[0] != ' ') return false;
      while (!v.empty() && v[0] == ' ') v.remove_prefix(1);
    }
    int hour, minute, second;
    if (!GetNum(&v, false, &hour) || hour >= 24) return false;
    if (!SkipLiteral(&v, ':') || !GetNum(&v, false, &minute) || minute >= 60) return false;
    if (!SkipLiteral(&v, ':') || !GetNum(&v, false, &second) || second >= 60) return false;
    if (v.size() >= 2 && (v[0] == '.' || v[0] == ',') && IsDigit(v[1])) {
      v.remove_prefix(1);
      while (!v.empty() && IsDigit(v[0])) v.remove_prefix(1);
    }
    if (layout != 2) {
      if (!v.empty() && v[0] == 'Z') {
        v.remove_prefix(1);
      } else {
        if (v.size() < 6 || v[3] != ':') return false;
        std::string_view hh = v.substr(1, 2), mm = v.substr(4, 2);
        int zh, zm;
        if (!GetNum(&hh, true, &zh) || !GetNum(&mm, true, &zm)) return false;
        if (zh > 24 || zm > 60 || (v[0] != '+' && v[0] != '-')) return false;
        v.remove_prefix(6);
      }
    }
  }
  if (!v.empty()) return false;
  return day >= 1 && day <= DaysIn(month, year);
}

bool IsTimestamp(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && IsDigit(s[i])) ++i;
  if (i != 4 || i == s.size() || s[i] != '-') return false;
  for (int layout = 0; layout < 4; ++layout) {
    if (ParsesAsTimestamp(s, layout)) return true;
  }
  return false;
}

// resolve.go's first-byte hints.
char ResolveHint(std::string_view in) {
  if (in.empty()) return 'N';
  char c = in[0];
  if (c == '+' || c == '-') return 'S';
  if (IsDigit(c)) return 'D';
  if (std::string_view("yYnNtTfFoO~").find(c) != std::string_view::npos) return 'M';
  if (c == '.') return '.';
  return 0;
}

// resolve.go's resolveMap.
bool LookupResolveMap(std::string_view in, std::string_view* tag, GValue* out) {
  struct Item {
    std::string_view text;
    int what;  // 0 false, 1 true, 2 null, 3 NaN, 4 +Inf, 5 -Inf
  };
  static constexpr Item kItems[] = {
      {"y", 1},     {"Y", 1},     {"yes", 1},   {"Yes", 1},   {"YES", 1},   {"true", 1},
      {"True", 1},  {"TRUE", 1},  {"on", 1},    {"On", 1},    {"ON", 1},    {"n", 0},
      {"N", 0},     {"no", 0},    {"No", 0},    {"NO", 0},    {"false", 0}, {"False", 0},
      {"FALSE", 0}, {"off", 0},   {"Off", 0},   {"OFF", 0},   {"", 2},      {"~", 2},
      {"null", 2},  {"Null", 2},  {"NULL", 2},  {".nan", 3},  {".NaN", 3},  {".NAN", 3},
      {".inf", 4},  {".Inf", 4},  {".INF", 4},  {"+.inf", 4}, {"+.Inf", 4}, {"+.INF", 4},
      {"-.inf", 5}, {"-.Inf", 5}, {"-.INF", 5},
  };
  for (const Item& item : kItems) {
    if (item.text != in) continue;
    *out = GValue();
    switch (item.what) {
      case 0:
      case 1:
        *tag = kBoolTag;
        out->kind = GValue::Kind::kBool;
        out->b = item.what == 1;
        break;
      case 2:
        *tag = kNullTag;
        break;
      default:
        *tag = kFloatTag;
        out->kind = GValue::Kind::kFloat;
        out->f = item.what == 3   ? std::numeric_limits<double>::quiet_NaN()
                 : item.what == 4 ? std::numeric_limits<double>::infinity()
                                  : -std::numeric_limits<double>::infinity();
    }
    return true;
  }
  return false;
}

GValue IntValue(int64_t v) {
  GValue g;
  g.kind = GValue::Kind::kInt;
  g.i = v;
  return g;
}

GValue UintValue(uint64_t v) {
  GValue g;
  g.kind = GValue::Kind::kUint;
  g.u = v;
  return g;
}

GValue FloatValue(double v) {
  GValue g;
  g.kind = GValue::Kind::kFloat;
  g.f = v;
  return g;
}

bool ResolvableTag(std::string_view tag) {
  return tag.empty() || tag == kStrTag || tag == kBoolTag || tag == kIntTag ||
         tag == kFloatTag || tag == kNullTag || tag == kTimestampTag;
}

}  // namespace

// The tag `in` resolves to when untagged (or tagged with a type that lets the text
// decide), with the decoded value. `timestamps`: whether timestamp syntax counts
// (go-yaml only tries it for untagged and !!timestamp scalars).
std::string_view ResolveText(std::string_view in, bool timestamps, GValue* out) {
  char hint = ResolveHint(in);
  if (hint != 0) {
    std::string_view tag;
    if (LookupResolveMap(in, &tag, out)) return tag;
    if (hint == '.') {
      double f;
      if (GoParseFloat(in, &f)) {
        *out = FloatValue(f);
        return kFloatTag;
      }
    } else if (hint == 'D' || hint == 'S') {
      if (timestamps && IsTimestamp(in)) {
        *out = GValue::String(in);
        return kTimestampTag;
      }
      std::string plain;
      plain.reserve(in.size());
      for (char c : in) {
        if (c != '_') plain.push_back(c);
      }
      int64_t iv;
      uint64_t uv;
      double fv;
      if (GoParseInt(plain, 0, &iv)) {
        *out = IntValue(iv);
        return kIntTag;
      }
      if (GoParseUint(plain, 0, &uv)) {
        *out = UintValue(uv);
        return kIntTag;
      }
      if (MatchYamlStyleFloat(plain) && GoParseFloat(plain, &fv)) {
        *out = FloatValue(fv);
        return kFloatTag;
      }
      std::string_view p = plain;
      if (p.starts_with("0b")) {
        if (GoParseInt(p.substr(2), 2, &iv)) {
          *out = IntValue(iv);
          return kIntTag;
        }
        if (GoParseUint(p.substr(2), 2, &uv)) {
          *out = UintValue(uv);
          return kIntTag;
        }
      } else if (p.starts_with("-0b")) {
        if (GoParseInt("-" + std::string(p.substr(3)), 2, &iv)) {
          *out = IntValue(iv);
          return kIntTag;
        }
      }
    }
  }
  *out = GValue::String(in);
  return kStrTag;
}

// go-yaml's resolve(tag, in) including its deferred check that an explicit tag fits
// the text. Returns the resolved tag, or an empty view with *error set.
std::string_view Resolve(std::string_view tag, std::string_view in, GValue* out,
                         std::string* error) {
  if (!ResolvableTag(tag)) {
    *out = GValue::String(in);
    return tag;
  }
  if (tag == kStrTag) {
    *out = GValue::String(in);
    return kStrTag;
  }
  std::string_view rtag = ResolveText(in, tag.empty() || tag == kTimestampTag, out);
  if (tag.empty() || tag == rtag) return rtag;
  if (tag == kFloatTag && rtag == kIntTag && out->kind == GValue::Kind::kInt) {
    *out = FloatValue(static_cast<double>(out->i));
    return kFloatTag;
  }
  *error = "cannot decode " + ShortTag(rtag) + " `" + std::string(in) + "` as a " + ShortTag(tag);
  return {};
}

// What encode.go's stringv checks: would this string read back as a string if
// written without quotes?
bool CanBePlain(std::string_view s) {
  GValue scratch;
  return ResolveText(s, true, &scratch) == kStrTag && !IsBase60Float(s);
}

// go-yaml's reader rejects invalid UTF-8 and raw characters outside YAML's printable
// set; Go's JSON writer leaves U+007F-U+009F (but not U+0085) and U+FFFE/U+FFFF raw,
// so Go's Marshal fails on them and so do we.
Status CheckYamlReadable(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      return Status::Invalid("yaml: invalid UTF-8 at offset " + std::to_string(i));
    }
    char32_t r = DecodeRune(s.substr(i, n)).first;
    bool ok = r == 0x09 || r == 0x0A || r == 0x0D || (r >= 0x20 && r <= 0x7E) || r == 0x85 ||
              (r >= 0xA0 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || r >= 0x10000;
    if (!ok) {
      return Status::Invalid("yaml: control characters are not allowed (offset " +
                             std::to_string(i) + ")");
    }
    i += n;
  }
  return Status::Ok();
}

}  // namespace kubecxx::codec::yaml_internal
