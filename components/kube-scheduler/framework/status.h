// framework::Status: what a plugin returns (upstream fwk.Status), distinct from
// kubecxx::Status (library errors).
//
// A default-constructed Status is Success (upstream's nil *Status). Reasons are the
// user-visible texts ("Insufficient cpu", ...) that end up, counted and sorted, in the
// FailedScheduling message; an Error carries its error text first. The plugin name is set
// by the framework for rejections so diagnosis can name the rejecting plugins.
//
// Thread-safety: a value type.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kubecxx::scheduler::framework {

// fwk.Code, in upstream's order (the numeric values appear in logs and metrics labels).
enum class Code : int {
  kSuccess = 0,
  kError,
  kUnschedulable,
  kUnschedulableAndUnresolvable,
  kWait,
  kSkip,
  kPending,
};

// "Success", "Error", "Unschedulable", "UnschedulableAndUnresolvable", "Wait", "Skip",
// "Pending".
std::string_view CodeName(Code code);

class Status {
 public:
  Status() = default;
  explicit Status(Code code, std::vector<std::string> reasons = {})
      : code_(code), reasons_(std::move(reasons)) {}
  Status(Code code, std::string reason) : code_(code), reasons_{std::move(reason)} {}

  // fwk.AsStatus(err): an Error with the error text.
  static Status Error(std::string err) {
    Status s(Code::kError);
    s.err_ = std::move(err);
    s.has_err_ = true;
    return s;
  }

  Code code() const { return code_; }
  // The error text first (if any), then the reasons.
  std::vector<std::string> Reasons() const;
  // Reasons joined by ", ".
  std::string Message() const;
  const std::string& plugin() const { return plugin_; }
  void SetPlugin(std::string plugin) { plugin_ = std::move(plugin); }
  Status&& WithPlugin(std::string plugin) && {
    plugin_ = std::move(plugin);
    return std::move(*this);
  }
  void AppendReason(std::string reason) { reasons_.push_back(std::move(reason)); }

  bool IsSuccess() const { return code_ == Code::kSuccess; }
  bool IsWait() const { return code_ == Code::kWait; }
  bool IsSkip() const { return code_ == Code::kSkip; }
  bool IsError() const { return code_ == Code::kError; }
  // Unschedulable, UnschedulableAndUnresolvable or Pending.
  bool IsRejected() const {
    return code_ == Code::kUnschedulable || code_ == Code::kUnschedulableAndUnresolvable ||
           code_ == Code::kPending;
  }
  // The error text for a failed status ("" for Success, Wait and Skip): the wrapped
  // error if there is one, else Message().
  std::string AsError() const;

  bool operator==(const Status& o) const {
    return code_ == o.code_ && reasons_ == o.reasons_ && has_err_ == o.has_err_ &&
           err_ == o.err_ && plugin_ == o.plugin_;
  }

 private:
  Code code_ = Code::kSuccess;
  std::vector<std::string> reasons_;
  std::string err_;
  bool has_err_ = false;
  std::string plugin_;
};

}  // namespace kubecxx::scheduler::framework
