// Status and StatusOr<T>: how errors cross library boundaries in kubecxx.
//
// A Status is either OK or carries a code and a human-readable message. Codes are
// deliberately few; HTTP-facing layers map them onto metav1.Status reasons.
// Thread-safety: plain values, safe to copy and move between threads.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace kubecxx {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // bad input: parse errors, unknown fields in strict mode
  kNotFound,
  kAlreadyExists,
  kConflict,
  kOutOfRange,
  kUnavailable,
  kInternal,
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status Invalid(std::string message) {
    return Status(StatusCode::kInvalidArgument, std::move(message));
  }
  static Status Internal(std::string message) {
    return Status(StatusCode::kInternal, std::move(message));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// StatusOr<T> holds either a value or a non-OK Status.
// REQUIRES: value() is only called when ok().
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  StatusOr(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok() && "StatusOr constructed from an OK Status without a value");
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & {
    assert(ok() && "StatusOr::value() on an error");
    return *value_;
  }
  const T& value() const& {
    assert(ok() && "StatusOr::value() on an error");
    return *value_;
  }
  T&& value() && {
    assert(ok() && "StatusOr::value() on an error");
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace kubecxx

#define KUBECXX_RETURN_IF_ERROR(expr)        \
  do {                                       \
    ::kubecxx::Status kubecxx_status_ = (expr); \
    if (!kubecxx_status_.ok()) return kubecxx_status_; \
  } while (0)
