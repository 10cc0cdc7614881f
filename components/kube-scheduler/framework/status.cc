#include "components/kube-scheduler/framework/status.h"

namespace kubecxx::scheduler::framework {

std::string_view CodeName(Code code) {
  switch (code) {
    case Code::kSuccess: return "Success";
    case Code::kError: return "Error";
    case Code::kUnschedulable: return "Unschedulable";
    case Code::kUnschedulableAndUnresolvable: return "UnschedulableAndUnresolvable";
    case Code::kWait: return "Wait";
    case Code::kSkip: return "Skip";
    case Code::kPending: return "Pending";
  }
  return "Unknown";
}

std::vector<std::string> Status::Reasons() const {
  if (!has_err_) return reasons_;
  std::vector<std::string> out;
  out.reserve(reasons_.size() + 1);
  out.push_back(err_);
  out.insert(out.end(), reasons_.begin(), reasons_.end());
  return out;
}

std::string Status::Message() const {
  std::string out;
  bool first = true;
  auto add = [&](const std::string& r) {
    if (!first) out += ", ";
    out += r;
    first = false;
  };
  if (has_err_) add(err_);
  for (const auto& r : reasons_) add(r);
  return out;
}

std::string Status::AsError() const {
  if (IsSuccess() || IsWait() || IsSkip()) return "";
  if (has_err_) return err_;
  return Message();
}

}  // namespace kubecxx::scheduler::framework
