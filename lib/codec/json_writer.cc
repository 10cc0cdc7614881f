#include "lib/codec/json_writer.h"

#include <charconv>
#include <cmath>

#include "lib/base/base64.h"
#include "lib/codec/utf8.h"

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
  // Go's encoding/json: 'f' format unless the magnitude is tiny or huge, shortest
  // representation that round-trips; exponents without a leading zero.
  char buf[64];
  double a = std::fabs(v);
  bool exp = a != 0 && (a < 1e-6 || a >= 1e21);
  auto r = std::to_chars(buf, buf + sizeof(buf), v,
                         exp ? std::chars_format::scientific : std::chars_format::fixed);
  size_t n = r.ptr - buf;
  if (exp && n >= 4 && buf[n - 4] == 'e' && buf[n - 3] == '-' && buf[n - 2] == '0') {
    buf[n - 2] = buf[n - 1];
    --n;
  }
  out_->append(buf, n);
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
  out_->append(CompactJson(json));
  need_comma_ = true;
}

std::string CompactJson(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  bool in_str = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_str) {
      out.push_back(c);
      if (c == '\\' && i + 1 < json.size()) {
        out.push_back(json[++i]);
      } else if (c == '"') {
        in_str = false;
      }
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '"') in_str = true;
    out.push_back(c);
  }
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
