#include "lib/net/http_transport.h"

#include <string_view>

namespace kubecxx::net {

Status HttpStream::ReadAll(std::string* out) {
  while (true) {
    StatusOr<bool> more = ReadSome(out);
    if (!more.ok()) {
      return more.status();
    }
    if (!*more) {
      return Status::Ok();
    }
  }
}

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool Contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

}  // namespace

bool IsProbableEof(const Status& status) {
  if (status.ok()) {
    return false;
  }
  std::string_view msg = status.message();
  return msg == "EOF" || EndsWith(msg, ": EOF") || Contains(msg, "unexpected EOF") ||
         Contains(msg, "connection reset by peer") || Contains(msg, "broken pipe") ||
         Contains(msg, "use of closed network connection");
}

bool IsConnectionReset(const Status& status) {
  return !status.ok() && Contains(status.message(), "connection reset by peer");
}

bool IsTimeout(const Status& status) {
  return !status.ok() && (Contains(status.message(), "i/o timeout") ||
                          Contains(status.message(), "context deadline exceeded"));
}

}  // namespace kubecxx::net
