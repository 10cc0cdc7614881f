// JsonReader: a pull parser over one JSON document, shaped for the generated
// decoders. It follows Go's encoding/json as Kubernetes uses it (sigs.k8s.io/json,
// case-sensitive keys): invalid UTF-8 in strings becomes U+FFFD, integers must be
// integral and in range, `null` is accepted for any value.
//
// Errors are sticky: after the first failure every call returns false and
// status() tells what went wrong, where (field path) and at which byte offset.
// A value of the wrong kind or a number out of range fails with Go's
// UnmarshalTypeError text ("json: cannot unmarshal number 1.5 into Go value of
// type int32"); nesting deeper than 1000 fails (Go allows 10000, but the
// generated decoders recurse on the thread's stack).
// In strict mode unknown and duplicate fields are collected (not fatal) in
// strict_errors(), worded, deduplicated and capped (100) as sigs.k8s.io/json's
// strict errors: `unknown field "spec.containers[0].foo"`.
// The input must outlive the reader and any string_view it returned.
// Thread-safety: one reader per thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lib/base/status.h"

namespace kubecxx::codec {

enum class JsonType { kNull, kBool, kNumber, kString, kObject, kArray, kInvalid };

class JsonReader {
 public:
  explicit JsonReader(std::string_view input, bool strict = false)
      : in_(input), strict_(strict) {}

  // Type of the next value (skipping whitespace), without consuming it.
  JsonType Peek();

  // Consumes `{`. Then call NextKey until it returns false (object closed or error).
  bool BeginObject();
  // Reads the next key of the current object; false when `}` was consumed or on
  // error. The view is valid until the next call that reads a string.
  bool NextKey(std::string_view* key);
  bool BeginArray();
  // True when another element follows; false when `]` was consumed or on error.
  bool NextElement();

  // Consumes a `null` if one is next; returns whether it did.
  bool TryNull();

  bool ReadString(std::string* out);
  // Like ReadString; the view points into the input or into an internal buffer
  // that the next string read overwrites.
  bool ReadStringView(std::string_view* out);
  bool ReadBool(bool* out);
  bool ReadInt64(int64_t* out);
  bool ReadInt32(int32_t* out);
  bool ReadDouble(double* out);
  // Standard base64 string (Go's []byte encoding) into raw bytes.
  bool ReadBase64(std::string* out);
  // The exact text of the next value (any type), consumed.
  bool ReadRaw(std::string_view* out);
  bool Skip();
  // Requires that only whitespace remains.
  bool ExpectEnd();

  bool ok() const { return error_.empty(); }
  Status status() const;
  // Records an error at the current position with the current field path.
  bool Fail(std::string_view message);
  size_t offset() const { return pos_; }

  // Field path bookkeeping for messages. REQUIRES: name outlives its push.
  void PushField(std::string_view name) { path_.push_back({name, -1}); }
  void PushIndex(int64_t index) { path_.push_back({{}, index}); }
  void PushKey(std::string_view key) { path_.push_back({key, -2}); }
  void Pop() { path_.pop_back(); }
  std::string Path() const;

  bool strict() const { return strict_; }
  // Strict mode: remembers key for the innermost open object and records a
  // duplicate-field error when it was seen there before. Call it for every key
  // of an object (struct or map), before reading the value.
  void NoteKey(std::string_view key);
  // Records an unknown field; a duplicate error that NoteKey just recorded for
  // the same key is withdrawn (upstream reports repeated unknown keys once).
  void UnknownField(std::string_view key);
  void DuplicateField(std::string_view key);
  const std::vector<std::string>& strict_errors() const { return strict_errors_; }

 private:
  struct Segment {
    std::string_view name;
    int64_t index;  // -1: field, -2: map key, >= 0: array index
  };

  void SkipWs() {
    while (pos_ < in_.size()) {
      char c = in_[pos_];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
      ++pos_;
    }
  }
  template <typename Int>
  bool ReadInt(Int* out, std::string_view go_type);
  // Fails for a next value that is not of kind `want`: Go's type error text, or
  // a syntax error when no valid value starts here.
  bool WrongType(JsonType want, std::string_view go_type);
  std::string StrictPath(std::string_view key) const;
  std::string StrictError(std::string_view type, std::string_view key) const;
  // Returns whether the error was added (not a repeat, not over the cap).
  bool AddStrictError(std::string error);
  bool ParseString(std::string_view* out);
  bool ParseStringSlow(size_t start, std::string_view* out);
  bool ScanNumber(std::string_view* out);
  bool SkipValue(int depth);
  bool Expect(char c, const char* what);
  std::string_view TypeName(JsonType t) const;

  std::string_view in_;
  size_t pos_ = 0;
  bool strict_;
  std::vector<uint32_t> counts_;  // items seen in each open container
  std::vector<Segment> path_;
  std::string scratch_;
  std::string error_;
  size_t error_offset_ = 0;
  std::vector<std::string> strict_errors_;
  // strict_errors_.size() right after NoteKey added a duplicate error, else 0.
  size_t retractable_duplicate_ = 0;
  std::vector<std::vector<std::string>> strict_keys_;  // keys per open object depth
};

}  // namespace kubecxx::codec
