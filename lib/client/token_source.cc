#include "lib/client/token_source.h"

#include <fstream>
#include <sstream>

namespace kubecxx::client {

StatusOr<std::string> ReadTokenFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status(StatusCode::kNotFound, "failed to read token file \"" + path +
                                             "\": open " + path + ": no such file or directory");
  }
  std::ostringstream data;
  data << in.rdbuf();
  std::string token = data.str();
  const char* space = " \t\r\n\v\f";
  size_t begin = token.find_first_not_of(space);
  if (begin == std::string::npos) {
    return Status::Invalid("read empty token from file \"" + path + "\"");
  }
  size_t end = token.find_last_not_of(space);
  return token.substr(begin, end - begin + 1);
}

FileTokenProvider::FileTokenProvider(std::string path, std::string fallback_token, Clock* clock)
    : path_(std::move(path)), fallback_(std::move(fallback_token)), clock_(clock) {}

StatusOr<net::Credentials> FileTokenProvider::Get() {
  std::lock_guard<std::mutex> lock(mu_);
  Clock::TimePoint now = clock_->Now();
  if (token_ && expiry_ - kLeeway > now) {
    return net::Credentials{*token_, "", ""};
  }
  StatusOr<std::string> read = ReadTokenFile(path_);
  if (read.ok()) {
    token_ = std::move(*read);
    expiry_ = now + kPeriod;
    return net::Credentials{*token_, "", ""};
  }
  if (token_) {
    return net::Credentials{*token_, "", ""};  // upstream: "Unable to rotate token", keeps it
  }
  if (!fallback_.empty()) {
    return net::Credentials{fallback_, "", ""};
  }
  return read.status();
}

}  // namespace kubecxx::client
