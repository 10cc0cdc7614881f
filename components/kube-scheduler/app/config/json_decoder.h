// GoJsonDecoder: strict decoding of hand-written Go struct shapes over codec::JsonReader,
// with the error texts of sigs.k8s.io/json (Go's encoding/json, case-sensitive):
//   json: cannot unmarshal string into Go struct field KubeSchedulerProfile.profiles.schedulerName of type string
// (innermost struct's type name, then the JSON field names from the root joined by '.',
// then the field's Go type). The first type error stops decoding and is the result, as in
// Go where a type error hides the strict errors. Strict errors (unknown and duplicate
// fields, `unknown field "profiles[0].bar"`) are collected by the reader.
//
// Thread-safety: one decoder per thread; the input outlives the decoder.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/base/status.h"
#include "lib/codec/json_reader.h"

namespace kubecxx::scheduler::config {

class GoJsonDecoder {
 public:
  explicit GoJsonDecoder(std::string_view json) : r_(json, /*strict=*/true) {}

  // Reads an object as Go struct `struct_name`. `field(key)` reads a known field (via
  // Field) and returns true, or returns false for an unknown key. `go_type` is the Go type
  // named when the value is no object (e.g. "v1.Plugins"). null leaves the target as is.
  // Returns whether an object (not null) was read.
  bool Struct(std::string_view struct_name, std::string_view go_type,
              const std::function<bool(std::string_view key)>& field);
  // Reads the value of field `name` with `read`, the name kept for messages.
  void Field(std::string_view name, const std::function<void()>& read);
  // Reads an array; `elem(i)` reads element i. null clears nothing and returns false.
  bool Array(std::string_view go_type, const std::function<void(size_t)>& elem);

  void String(std::string* v);
  void Bool(bool* v);
  void Int32(int32_t* v);
  void Int64(int64_t* v);
  void Float32(float* v);
  // metav1.Duration: a Go duration string ("1m30s") into nanoseconds.
  void Duration(int64_t* v);
  // Go []byte: base64.
  void Base64(std::string* v);
  void StringList(std::vector<std::string>* v);
  // The value's compact text (RawExtension), "" for null.
  void Raw(std::string* v);
  // Consumes a null if one is next (Go: a pointer field becomes nil).
  bool TakeNull() { return !failed() && r_.TryNull(); }
  // Reads an optional value: null resets it, anything else is read into a new value.
  template <typename T, typename Read>
  void Optional(std::optional<T>* v, Read read) {
    if (TakeNull()) {
      v->reset();
      return;
    }
    T value = v->has_value() ? **v : T{};
    read(&value);
    if (!failed()) *v = std::move(value);
  }

  // Consumes the rest and checks nothing else follows. Returns the first type or syntax
  // error; strict errors are in strict_errors().
  Status Finish();
  bool failed() const { return !error_.empty() || !r_.ok(); }
  const std::vector<std::string>& strict_errors() const { return r_.strict_errors(); }
  codec::JsonReader& reader() { return r_; }

 private:
  // Records the first type error; Go's UnmarshalTypeError text.
  void TypeError(std::string_view value, std::string_view go_type);
  // Peeks the next value; on a wrong kind records the type error and skips the value.
  bool Expect(codec::JsonType want, std::string_view go_type);
  bool ReadInteger(std::string_view go_type, int64_t min, int64_t max, int64_t* out);

  codec::JsonReader r_;
  std::deque<std::string> fields_;  // stable storage for the reader's path segments
  std::vector<std::string_view> structs_;
  std::string error_;
};

// The JSON kind names Go's decoder uses in type errors ("number", "string", ...).
std::string_view GoJsonKind(codec::JsonType t);

}  // namespace kubecxx::scheduler::config
