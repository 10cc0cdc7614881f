#include "lib/server/http.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace kubecxx::server {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// url.QueryUnescape (plus_is_space) / url.PathUnescape; nullopt for a malformed escape.
std::optional<std::string> Unescape(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = HexValue(s[i + 1]);
      int lo = HexValue(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool HeaderNameEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

Request::Request(std::string method, std::string target, HeaderList headers, std::string body,
                 bool tls, std::string remote_address)
    : method_(std::move(method)),
      target_(std::move(target)),
      headers_(std::move(headers)),
      body_(std::move(body)),
      tls_(tls),
      remote_address_(std::move(remote_address)) {
  std::string_view t = target_;
  size_t q = t.find('?');
  std::string_view raw_path = t.substr(0, q);
  if (q != std::string_view::npos) raw_query_ = std::string(t.substr(q + 1));
  auto path = Unescape(raw_path, /*plus_is_space=*/false);
  path_ = path ? *std::move(path) : std::string(raw_path);

  // url.ParseQuery: '&'-separated; pairs with ';' or a bad escape are dropped.
  std::string_view rest = raw_query_;
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view part = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (part.empty() || part.find(';') != std::string_view::npos) continue;
    size_t eq = part.find('=');
    auto key = Unescape(part.substr(0, eq), true);
    auto value = eq == std::string_view::npos ? std::optional<std::string>("")
                                              : Unescape(part.substr(eq + 1), true);
    if (!key || !value) continue;
    query_.emplace_back(*std::move(key), *std::move(value));
  }
}

bool Request::HasQuery(std::string_view key) const {
  for (const auto& [k, v] : query_) {
    if (k == key) return true;
  }
  return false;
}

std::vector<std::string> Request::QueryValues(std::string_view key) const {
  std::vector<std::string> values;
  for (const auto& [k, v] : query_) {
    if (k == key) values.push_back(v);
  }
  return values;
}

std::string_view Request::Header(std::string_view name) const {
  for (const auto& [k, v] : headers_) {
    if (HeaderNameEquals(k, name)) return v;
  }
  return {};
}

Response Response::Text(int status, std::string body) {
  Response r;
  r.status = status;
  r.headers = {{"Content-Type", "text/plain; charset=utf-8"},
               {"X-Content-Type-Options", "nosniff"}};
  r.body = std::move(body);
  return r;
}

Response Response::Error(int status, std::string_view message) {
  std::string body(message);
  body.push_back('\n');
  return Text(status, std::move(body));
}

}  // namespace kubecxx::server
