// JsonWriter: appends compact JSON to a std::string exactly as Go's encoding/json
// writes it (the encoder stock Kubernetes uses): HTML-safe escaping of < > &,
// U+2028/U+2029 escaped, invalid UTF-8 replaced by U+FFFD, Go's float format.
//
// Usage is structural: BeginObject/Key/value.../EndObject. The writer only tracks
// where commas go; callers are trusted to produce a well-formed sequence.
// Thread-safety: one writer per thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kubecxx::codec {

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  void BeginObject() {
    Sep();
    out_->push_back('{');
    need_comma_ = false;
  }
  void EndObject() {
    out_->push_back('}');
    need_comma_ = true;
  }
  void BeginArray() {
    Sep();
    out_->push_back('[');
    need_comma_ = false;
  }
  void EndArray() {
    out_->push_back(']');
    need_comma_ = true;
  }
  // Writes `"name":`. REQUIRES: name needs no escaping (generated field names).
  void Key(std::string_view name) {
    Sep();
    out_->push_back('"');
    out_->append(name);
    out_->append("\":", 2);
    need_comma_ = false;
  }
  // Writes an arbitrary (map) key with escaping.
  void EscapedKey(std::string_view name) {
    Sep();
    AppendQuoted(name);
    out_->push_back(':');
    need_comma_ = false;
  }
  void String(std::string_view s) {
    Sep();
    AppendQuoted(s);
    need_comma_ = true;
  }
  void Int(int64_t v);
  void Uint(uint64_t v);
  void Bool(bool v) {
    Sep();
    out_->append(v ? "true" : "false");
    need_comma_ = true;
  }
  void Null() {
    Sep();
    out_->append("null", 4);
    need_comma_ = true;
  }
  // Go's float64 form: shortest round-trip digits, exponent form only below 1e-6
  // or from 1e21 on. REQUIRES: std::isfinite(v) (Go fails to marshal NaN/Inf).
  void Double(double v);
  // Writes standard base64 of bytes as a JSON string (Go's []byte encoding).
  void Base64(std::string_view bytes);
  // Writes a JSON value given as text; it is compacted and HTML-escaped as Go
  // does to the output of a json.Marshaler. Empty input writes null.
  void RawValue(std::string_view json);

  std::string* out() { return out_; }

 private:
  void Sep() {
    if (need_comma_) out_->push_back(',');
  }
  void AppendQuoted(std::string_view s);

  std::string* out_;
  bool need_comma_ = false;
};

// Appends s as a JSON string literal with Go's escaping rules.
void AppendJsonQuoted(std::string* out, std::string_view s);

// Re-indents compact or indented JSON the way Go's json.Indent / MarshalIndent
// does (prefix "", given indent). Used by tools and tests; not on hot paths.
std::string IndentJson(std::string_view json, std::string_view indent = "  ");

// Removes insignificant whitespace from valid JSON (Go's json.Compact).
std::string CompactJson(std::string_view json);
// Appends json without insignificant whitespace; with escape_html, also escapes
// < > & and U+2028/U+2029 inside strings, as Go does to a json.Marshaler's output.
void AppendCompact(std::string* out, std::string_view json, bool escape_html);

}  // namespace kubecxx::codec
