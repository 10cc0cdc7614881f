#include "lib/log/go_format.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>
#include <system_error>

#include "lib/api/go_strconv.h"
#include "lib/api/time.h"
#include "lib/base/utf8.h"
#include "lib/log/value.h"

namespace kubecxx::log {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// Shortest round-trip digits in scientific form ("1.5e+21"), Go's %e layout.
template <typename F>
std::string Scientific(F v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  return std::string(buf, end);
}

// The decimal exponent of a to_chars scientific string ("1.5e+21" -> 21).
int ExponentOf(const std::string& sci) {
  size_t e = sci.find('e');
  return std::atoi(sci.c_str() + e + 1);
}

// strconv's 'f' with precision -1: the shortest round-trip digits laid out without an
// exponent (zero-padded: 1e300 prints as 1 and 300 zeros, not the exact binary value).
template <typename F>
void AppendFixed(F v, std::string* out) {
  std::string sci = Scientific(v);
  size_t pos = 0;
  if (sci[0] == '-') {
    out->push_back('-');
    pos = 1;
  }
  size_t e = sci.find('e');
  std::string digits;
  for (size_t i = pos; i < e; ++i) {
    if (sci[i] != '.') digits.push_back(sci[i]);
  }
  int exp = ExponentOf(sci);
  if (exp < 0) {
    out->append("0.");
    out->append(static_cast<size_t>(-exp - 1), '0');
    out->append(digits);
    return;
  }
  size_t int_len = static_cast<size_t>(exp) + 1;
  if (digits.size() <= int_len) {
    out->append(digits);
    out->append(int_len - digits.size(), '0');
    return;
  }
  out->append(digits, 0, int_len);
  out->push_back('.');
  out->append(digits, int_len, std::string::npos);
}

template <typename F>
void AppendSprintFloatImpl(F v, std::string* out) {
  if (std::isnan(v)) {
    out->append("NaN");
    return;
  }
  if (std::isinf(v)) {
    out->append(v > 0 ? "+Inf" : "-Inf");
    return;
  }
  if (v == 0) {
    out->append(std::signbit(v) ? "-0" : "0");
    return;
  }
  std::string sci = Scientific(v);
  int exp = ExponentOf(sci);
  if (exp < -4 || exp >= 6) {
    out->append(sci);
  } else {
    AppendFixed(v, out);
  }
}

}  // namespace

void AppendGoJsonFloat(double v, std::string* out) {
  double abs = std::fabs(v);
  if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
    std::string sci = Scientific(v);
    // Go writes e-07 as e-7 (and e+07 as e+7: two-digit exponents only when needed).
    size_t n = sci.size();
    if (n >= 4 && sci[n - 4] == 'e' && sci[n - 3] == '-' && sci[n - 2] == '0') {
      sci.erase(n - 2, 1);
    }
    out->append(sci);
    return;
  }
  AppendFixed(v, out);
}

void AppendShortestFixed(double v, std::string* out) { AppendFixed(v, out); }

void AppendGoSprintFloat(double v, std::string* out) { AppendSprintFloatImpl(v, out); }
void AppendGoSprintFloat(float v, std::string* out) { AppendSprintFloatImpl(v, out); }

void AppendJsonString(std::string_view s, JsonEscaping escaping, std::string* out) {
  out->push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      auto [rune, len] = DecodeRune(s.substr(i));
      if (rune == kRuneError && len == 1) {
        out->append("\\ufffd");
      } else if (escaping == JsonEscaping::kGo && (rune == 0x2028 || rune == 0x2029)) {
        out->append(rune == 0x2028 ? "\\u2028" : "\\u2029");
      } else {
        out->append(s.substr(i, len));
      }
      i += len;
      continue;
    }
    ++i;
    switch (c) {
      case '"':
        out->append("\\\"");
        continue;
      case '\\':
        out->append("\\\\");
        continue;
      case '\n':
        out->append("\\n");
        continue;
      case '\r':
        out->append("\\r");
        continue;
      case '\t':
        out->append("\\t");
        continue;
      default:
        break;
    }
    bool escape = c < 0x20;
    if (escaping == JsonEscaping::kGo) {
      if (c == '\b') {
        out->append("\\b");
        continue;
      }
      if (c == '\f') {
        out->append("\\f");
        continue;
      }
      escape = escape || c == '<' || c == '>' || c == '&';
    }
    if (escape) {
      out->append("\\u00");
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 0xF]);
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
  out->push_back('"');
}

void AppendKlogStringValue(std::string_view s, std::string* out) {
  size_t nl = s.find('\n');
  if (nl == std::string_view::npos) {
    out->push_back('=');
    api::AppendGoQuoted(s, out);
    return;
  }
  out->append("=<\n");
  while (nl != std::string_view::npos) {
    out->push_back('\t');
    out->append(s.substr(0, nl + 1));
    s.remove_prefix(nl + 1);
    nl = s.find('\n');
  }
  if (s.empty()) {
    out->append(" >");
  } else {
    out->push_back('\t');
    out->append(s);
    out->append("\n >");
  }
}

// --- ValueWriter --------------------------------------------------------------------------

void ValueWriter::Prefix() {
  if (InArray()) {
    if (need_comma_) out_->push_back(',');
    need_comma_ = true;
  } else if (mode_ == Mode::kText) {
    out_->push_back('=');
  }
}

void ValueWriter::String(std::string_view s) {
  if (InArray()) {
    Prefix();
    AppendJsonString(s, mode_ == Mode::kText ? JsonEscaping::kGo : JsonEscaping::kZap, out_);
  } else if (mode_ == Mode::kText) {
    AppendKlogStringValue(s, out_);
  } else {
    AppendJsonString(s, JsonEscaping::kZap, out_);
  }
}

void ValueWriter::Int(int64_t v) {
  Prefix();
  out_->append(std::to_string(v));
}

void ValueWriter::Uint(uint64_t v) {
  Prefix();
  out_->append(std::to_string(v));
}

void ValueWriter::Bool(bool v) {
  Prefix();
  out_->append(v ? "true" : "false");
}

void ValueWriter::Null() {
  Prefix();
  out_->append("null");
}

void ValueWriter::Double(double v) {
  if (!std::isfinite(v)) {
    const char* name = std::isnan(v) ? "NaN" : (v > 0 ? "+Inf" : "-Inf");
    if (mode_ == Mode::kText && !InArray()) {
      // klog encodes non-string values with encoding/json, which refuses these.
      String(std::string("<internal error: json: unsupported value: ") + name + ">");
    } else {
      Prefix();
      out_->push_back('"');
      out_->append(name);
      out_->push_back('"');
    }
    return;
  }
  Prefix();
  if (mode_ == Mode::kText) {
    AppendGoJsonFloat(v, out_);
  } else {
    AppendShortestFixed(v, out_);
  }
}

void ValueWriter::Duration(int64_t nanos) { String(api::FormatGoDuration(nanos)); }

void ValueWriter::Object(ObjectRef ref) {
  if (mode_ == Mode::kText && !InArray()) {
    if (ref.ns.empty()) {
      String(ref.name);
    } else {
      std::string s;
      s.reserve(ref.ns.size() + 1 + ref.name.size());
      s.append(ref.ns).push_back('/');
      s.append(ref.name);
      String(s);
    }
    return;
  }
  Prefix();
  JsonEscaping esc = mode_ == Mode::kText ? JsonEscaping::kGo : JsonEscaping::kZap;
  out_->append("{\"name\":");
  AppendJsonString(ref.name, esc, out_);
  if (!ref.ns.empty()) {
    out_->append(",\"namespace\":");
    AppendJsonString(ref.ns, esc, out_);
  }
  out_->push_back('}');
}

void ValueWriter::BeginArray() {
  Prefix();
  out_->push_back('[');
  ++depth_;
  need_comma_ = false;
}

void ValueWriter::EndArray() {
  out_->push_back(']');
  --depth_;
  need_comma_ = true;
}

}  // namespace kubecxx::log
