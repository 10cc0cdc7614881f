#include "lib/net/http_types.h"

#include <algorithm>
#include <charconv>

namespace kubecxx::net {

bool HeaderNameEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) {
      return false;
    }
  }
  return true;
}

void HttpHeaders::Add(std::string name, std::string value) {
  fields_.emplace_back(std::move(name), std::move(value));
}

void HttpHeaders::Set(std::string name, std::string value) {
  Remove(name);
  Add(std::move(name), std::move(value));
}

void HttpHeaders::Remove(std::string_view name) {
  std::erase_if(fields_, [&](const Field& f) { return HeaderNameEquals(f.first, name); });
}

bool HttpHeaders::Has(std::string_view name) const {
  return std::any_of(fields_.begin(), fields_.end(),
                     [&](const Field& f) { return HeaderNameEquals(f.first, name); });
}

std::string_view HttpHeaders::Get(std::string_view name) const {
  for (const Field& f : fields_) {
    if (HeaderNameEquals(f.first, name)) {
      return f.second;
    }
  }
  return {};
}

std::vector<std::string_view> HttpHeaders::GetAll(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const Field& f : fields_) {
    if (HeaderNameEquals(f.first, name)) {
      out.push_back(f.second);
    }
  }
  return out;
}

StatusOr<Url> ParseUrl(std::string_view text) {
  Url url;
  size_t sep = text.find("://");
  if (sep == std::string_view::npos) {
    return Status::Invalid("url \"" + std::string(text) + "\" is not absolute (no scheme://)");
  }
  url.scheme = std::string(text.substr(0, sep));
  std::transform(url.scheme.begin(), url.scheme.end(), url.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (url.scheme != "http" && url.scheme != "https") {
    return Status::Invalid("url \"" + std::string(text) + "\": unsupported scheme \"" +
                           url.scheme + "\"");
  }
  std::string_view rest = text.substr(sep + 3);
  size_t path_start = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, path_start);
  std::string_view tail = path_start == std::string_view::npos ? "" : rest.substr(path_start);
  if (authority.find('@') != std::string_view::npos) {
    return Status::Invalid("url \"" + std::string(text) + "\": user info is not supported");
  }
  url.host_header = std::string(authority);
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return Status::Invalid("url \"" + std::string(text) + "\": missing ']' in host");
    }
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        return Status::Invalid("url \"" + std::string(text) + "\": bad text after host");
      }
      port_text = after.substr(1);
    }
  } else {
    size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      url.host = std::string(authority.substr(0, colon));
      port_text = authority.substr(colon + 1);
    } else {
      url.host = std::string(authority);
    }
  }
  if (url.host.empty()) {
    return Status::Invalid("url \"" + std::string(text) + "\": empty host");
  }
  if (port_text.empty()) {
    url.port = url.tls() ? 443 : 80;
  } else {
    unsigned port = 0;
    auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
      return Status::Invalid("url \"" + std::string(text) + "\": invalid port \"" +
                             std::string(port_text) + "\"");
    }
    url.port = static_cast<uint16_t>(port);
  }
  size_t hash = tail.find('#');
  if (hash != std::string_view::npos) {
    tail = tail.substr(0, hash);
  }
  url.target = tail.empty() || tail.front() != '/' ? "/" + std::string(tail) : std::string(tail);
  return url;
}

bool IsIdempotentMethod(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "TRACE" ||
         method == "PUT" || method == "DELETE";
}

}  // namespace kubecxx::net
