#include "lib/apiserver/openapi_http.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>

namespace kubecxx::apiserver {
namespace {

std::string_view Trim(std::string_view s, std::string_view cut = " ") {
  size_t b = s.find_first_not_of(cut);
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(cut);
  return s.substr(b, e - b + 1);
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t i = s.find(sep, start);
    out.push_back(s.substr(start, i == std::string_view::npos ? std::string_view::npos : i - start));
    if (i == std::string_view::npos) return out;
    start = i + 1;
  }
}

// goautoneg's ordering (not a strict weak order; Go's sort.Sort of a short slice is an
// insertion sort, which is what this reproduces).
bool Before(const AcceptClause& a, const AcceptClause& b) {
  if (a.q > b.q) return true;
  if (a.type != "*" && b.type == "*") return true;
  if (a.subtype != "*" && b.subtype == "*") return true;
  return false;
}

std::string FormatTime(std::time_t t, const char* zone) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof(buf), "%a, %d %b %Y %H:%M:%S ", &tm);
  return std::string(buf) + zone;
}

// net/http's parsing of an HTTP date in its three accepted forms; -1 when none matches.
std::time_t ParseHttpDate(std::string_view v) {
  std::string s(v);
  for (const char* fmt : {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT",
                          "%a %b %e %H:%M:%S %Y"}) {
    std::tm tm{};
    const char* end = strptime(s.c_str(), fmt, &tm);
    if (end != nullptr && *end == '\0') return timegm(&tm);
  }
  return -1;
}

// An If-Match / If-None-Match list against `etag` ("\"...\""): "*" or a listed tag, weakly
// (W/ ignored) or strongly compared.
bool EtagListMatches(std::string_view list, std::string_view etag, bool weak) {
  for (std::string_view item : Split(list, ',')) {
    item = Trim(item, " \t");
    if (item == "*") return true;
    if (weak && item.starts_with("W/")) item.remove_prefix(2);
    if (item == etag && !etag.starts_with("W/")) return true;
  }
  return false;
}

std::string HeaderValue(const server::HeaderList& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return "";
}

void Drop(server::HeaderList& headers, std::string_view name) {
  std::erase_if(headers, [name](const auto& kv) { return kv.first == name; });
}

}  // namespace

std::vector<AcceptClause> ParseAcceptClauses(std::string_view header) {
  std::vector<AcceptClause> out;
  for (std::string_view part : Split(header, ',')) {
    part = Trim(part);
    std::vector<std::string_view> mrp = Split(part, ';');
    std::vector<std::string_view> sp = Split(mrp[0], '/');
    std::string_view type = Trim(sp[0]);
    std::string_view subtype;
    if ((sp.size() == 1 || (sp.size() == 2 && sp[1].empty())) && type == "*") {
      subtype = type;  // "*" (and "*/", as goautoneg splits it)
    } else if (sp.size() == 2 && !sp[1].empty()) {
      subtype = Trim(sp[1]);
    } else {
      continue;
    }
    AcceptClause a{std::string(type), std::string(subtype)};
    for (size_t i = 1; i < mrp.size(); ++i) {
      size_t eq = mrp[i].find('=');
      // No '=' or a second one: the parameter is skipped.
      if (eq == std::string_view::npos || mrp[i].find('=', eq + 1) != std::string_view::npos) {
        continue;
      }
      if (Trim(mrp[i].substr(0, eq)) == "q") {
        // strconv.ParseFloat(untrimmed, 32); a failure leaves 0.
        std::string v(mrp[i].substr(eq + 1));
        char* end = nullptr;
        double q = std::strtod(v.c_str(), &end);
        bool bad = v.empty() || std::isspace(static_cast<unsigned char>(v[0])) ||
                   end == v.c_str() || *end != '\0';
        a.q = bad ? 0 : static_cast<float>(q);
      }
    }
    out.push_back(std::move(a));
  }
  for (size_t i = 1; i < out.size(); ++i) {
    for (size_t j = i; j > 0 && Before(out[j], out[j - 1]); --j) std::swap(out[j], out[j - 1]);
  }
  return out;
}

std::string HttpDate(std::time_t t) { return FormatTime(t, "GMT"); }
std::string Rfc1123Utc(std::time_t t) { return FormatTime(t, "UTC"); }

server::Response ServeContent(const server::Request& req, server::HeaderList headers,
                              std::string_view body, std::time_t modified) {
  server::Response r;
  headers.emplace_back("Last-Modified", HttpDate(modified));
  const std::string etag = HeaderValue(headers, "Etag");
  const bool get_or_head = req.method() == "GET" || req.method() == "HEAD";
  auto modified_since = [&](std::string_view ims) {
    std::time_t t = ParseHttpDate(ims);
    return t < 0 || modified > t;  // unparsable: as if modified
  };
  // net/http's checkPreconditions, in its order.
  bool precondition_failed = false;
  if (std::string_view im = req.Header("If-Match"); !im.empty()) {
    precondition_failed = !EtagListMatches(im, etag, false);
  } else if (std::string_view ius = req.Header("If-Unmodified-Since"); !ius.empty()) {
    std::time_t t = ParseHttpDate(ius);
    precondition_failed = t >= 0 && modified > t;
  }
  if (precondition_failed) {
    r.status = 412;
    r.headers = std::move(headers);
    return r;
  }
  bool not_modified = false;
  if (std::string_view inm = req.Header("If-None-Match"); !inm.empty()) {
    if (EtagListMatches(inm, etag, true)) {
      if (!get_or_head) {
        r.status = 412;
        r.headers = std::move(headers);
        return r;
      }
      not_modified = true;
    }
  } else if (std::string_view ims = req.Header("If-Modified-Since"); !ims.empty() && get_or_head) {
    not_modified = !modified_since(ims);
  }
  if (not_modified) {
    Drop(headers, "Content-Type");
    Drop(headers, "Content-Length");
    Drop(headers, "Content-Encoding");
    if (!etag.empty()) Drop(headers, "Last-Modified");
    r.status = 304;
    r.headers = std::move(headers);
    return r;
  }
  headers.emplace_back("Accept-Ranges", "bytes");
  r.headers = std::move(headers);
  r.body = std::string(body);  // the server sends no body to HEAD, keeping Content-Length
  return r;
}

bool AcceptsGzip(const server::Request& req) {
  // gziphandler reads the first Accept-Encoding header into a coding -> q map (the last
  // mention of a coding wins; every parameter resets q to 1 before reading "q=").
  double gzip_q = 0;
  for (std::string_view coding : Split(req.Header("Accept-Encoding"), ',')) {
    std::vector<std::string_view> parts = Split(coding, ';');
    std::string c(Trim(parts[0], " \t"));
    std::transform(c.begin(), c.end(), c.begin(), [](unsigned char ch) { return std::tolower(ch); });
    double q = 1.0;
    for (size_t i = 1; i < parts.size(); ++i) {
      std::string_view p = Trim(parts[i], " \t");
      q = 1.0;
      if (p.starts_with("q=")) q = std::clamp(std::atof(std::string(p.substr(2)).c_str()), 0.0, 1.0);
    }
    if (c == "gzip") gzip_q = q;
  }
  return gzip_q > 0;
}

}  // namespace kubecxx::apiserver
