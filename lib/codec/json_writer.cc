#include "lib/codec/json_writer.h"

#include <charconv>
#include <cmath>

#include "lib/base/base64.h"
#include "lib/base/utf8.h"

namespace kubecxx::codec {
namespace {

constexpr char kHex[] = "0123456789abcdef";

}  // namespace

void AppendJsonQuoted(std::string* out, std::string_view s) {
  out->reserve(out->size() + s.size() + 2);
  out->push_back('"');
  size_t start = 0;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    if (c < 0x80) {
      if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&') {
        ++i;
        continue;
      }
      out->append(s.data() + start, i - start);
      switch (c) {
        case '"': out->append("\\\""); break;
        case '\\': out->append("\\\\"); break;
        case '\n': out->append("\\n"); break;
        case '\r': out->append("\\r"); break;
        case '\t': out->append("\\t"); break;
        case '\b': out->append("\\b"); break;
        case '\f': out->append("\\f"); break;
        default:
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xF]);
      }
      ++i;
      start = i;
      continue;
    }
    size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      out->append(s.data() + start, i - start);
      out->append("\\ufffd");
      ++i;
      start = i;
      continue;
    }
    if (n == 3 && c == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xA8) {
      out->append(s.data() + start, i - start);
      out->append(static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029");
      i += 3;
      start = i;
      continue;
    }
    i += n;
  }
  out->append(s.data() + start, s.size() - start);
  out->push_back('"');
}

void JsonWriter::AppendQuoted(std::string_view s) { AppendJsonQuoted(out_, s); }

void JsonWriter::Int(int64_t v) {
  Sep();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  out_->append(buf, r.ptr);
  need_comma_ = true;
}

void JsonWriter::Uint(uint64_t v) {
  Sep();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  out_->append(buf, r.ptr);
  need_comma_ = true;
}

void JsonWriter::Double(double v) {
  Sep();
  // Go's encoding/json: strconv.AppendFloat(v, 'f' or 'e', -1, 64), 'e' only when
  // the magnitude is below 1e-6 or at least 1e21. Both lay out the SHORTEST digits
  // that round-trip. std::to_chars's fixed form is not that above 2^53 (it prints
  // 12345678901234567168 where Go prints 12345678901234567000), so the fixed form
  // is built here from the shortest scientific digits.
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(r.ptr - buf));  // [-]d[.ddd]e(+|-)dd[d]
  double a = std::fabs(v);
  if (a != 0 && (a < 1e-6 || a >= 1e21)) {
    size_t n = sci.size();
    if (sci[n - 4] == 'e' && sci[n - 3] == '-' && sci[n - 2] == '0') {
      // Go cleans e-07 up to e-7 (but keeps e+21).
      out_->append(sci.substr(0, n - 2));
      out_->push_back(sci[n - 1]);
    } else {
      out_->append(sci);
    }
    need_comma_ = true;
    return;
  }
  size_t e = sci.find('e');
  std::string_view mantissa = sci.substr(0, e);
  int exp = 0;
  std::string_view exp_text = sci.substr(e + 1);
  if (exp_text[0] == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exp);
  if (mantissa[0] == '-') {
    out_->push_back('-');
    mantissa.remove_prefix(1);
  }
  char digit_buf[24];  // at most 17 significant digits
  size_t nd = 0;
  for (char c : mantissa) {
    if (c != '.') digit_buf[nd++] = c;
  }
  std::string_view digits(digit_buf, nd);
  // The value is d1.d2d3... * 10^exp.
  if (exp < 0) {
    out_->append("0.");
    out_->append(static_cast<size_t>(-exp - 1), '0');
    out_->append(digits);
  } else if (nd <= static_cast<size_t>(exp) + 1) {
    out_->append(digits);
    out_->append(static_cast<size_t>(exp) + 1 - nd, '0');
  } else {
    out_->append(digits.substr(0, static_cast<size_t>(exp) + 1));
    out_->push_back('.');
    out_->append(digits.substr(static_cast<size_t>(exp) + 1));
  }
  need_comma_ = true;
}

void JsonWriter::Base64(std::string_view bytes) {
  Sep();
  out_->push_back('"');
  Base64EncodeAppend(bytes, out_);
  out_->push_back('"');
  need_comma_ = true;
}

void JsonWriter::RawValue(std::string_view json) {
  if (json.empty()) {
    Null();
    return;
  }
  Sep();
  // Go compacts a json.Marshaler's output with HTML escaping on (appendCompact
  // with escape=true): < > & and U+2028/U+2029 inside strings are escaped there too.
  AppendCompact(out_, json, /*escape_html=*/true);
  need_comma_ = true;
}

void AppendCompact(std::string* out, std::string_view json, bool escape_html) {
  out->reserve(out->size() + json.size());
  bool in_str = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_str) {
      if (escape_html && (c == '<' || c == '>' || c == '&')) {
        out->append("\\u00");
        out->push_back(kHex[static_cast<unsigned char>(c) >> 4]);
        out->push_back(kHex[c & 0xF]);
        continue;
      }
      if (escape_html && c == '\xE2' && i + 2 < json.size() && json[i + 1] == '\x80' &&
          (static_cast<unsigned char>(json[i + 2]) & 0xFE) == 0xA8) {
        out->append(json[i + 2] == '\xA8' ? "\\u2028" : "\\u2029");
        i += 2;
        continue;
      }
      out->push_back(c);
      if (c == '\\' && i + 1 < json.size()) {
        out->push_back(json[++i]);
      } else if (c == '"') {
        in_str = false;
      }
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '"') in_str = true;
    out->push_back(c);
  }
}

std::string CompactJson(std::string_view json) {
  std::string out;
  AppendCompact(&out, json, /*escape_html=*/false);
  return out;
}

std::string IndentJson(std::string_view json, std::string_view indent) {
  std::string c = CompactJson(json);
  std::string out;
  out.reserve(c.size() * 2);
  int depth = 0;
  bool in_str = false;
  auto newline = [&] {
    out.push_back('\n');
    for (int d = 0; d < depth; ++d) out.append(indent);
  };
  for (size_t i = 0; i < c.size(); ++i) {
    char ch = c[i];
    if (in_str) {
      out.push_back(ch);
      if (ch == '\\' && i + 1 < c.size()) {
        out.push_back(c[++i]);
      } else if (ch == '"') {
        in_str = false;
      }
      continue;
    }
    switch (ch) {
      case '"':
        in_str = true;
        out.push_back(ch);
        break;
      case '{':
      case '[':
        out.push_back(ch);
        if (i + 1 < c.size() && (c[i + 1] == '}' || c[i + 1] == ']')) {
          out.push_back(c[++i]);  // Go writes empty containers as {} and []
        } else {
          ++depth;
          newline();
        }
        break;
      case '}':
      case ']':
        --depth;
        newline();
        out.push_back(ch);
        break;
      case ',':
        out.push_back(ch);
        newline();
        break;
      case ':':
        out.append(": ");
        break;
      default:
        out.push_back(ch);
    }
  }
  return out;
}

}  // namespace kubecxx::codec
