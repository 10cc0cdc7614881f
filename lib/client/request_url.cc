#include "lib/client/request_url.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace kubecxx::client {
namespace {

bool Unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_' || c == '.' || c == '~';
}

void AppendHex(std::string* out, unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out->push_back('%');
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 15]);
}

void AddBool(QueryParams* q, const char* key, bool v) { q->emplace_back(key, v ? "true" : "false"); }

// path.Join semantics for our segments: no empty segments, single slashes.
void Join(std::string* p, std::string_view segment) {
  if (segment.empty()) return;
  if (p->empty() || p->back() != '/') p->push_back('/');
  while (!segment.empty() && segment.front() == '/') segment.remove_prefix(1);
  p->append(segment);
  while (p->size() > 1 && p->back() == '/') p->pop_back();
}

std::string Reasons(const std::vector<std::string>& msgs) {
  std::string out = "[";
  for (size_t i = 0; i < msgs.size(); ++i) {
    if (i > 0) out += " ";
    out += msgs[i];
  }
  return out + "]";
}

}  // namespace

QueryParams ToQuery(const GetOptions& opts) {
  QueryParams q;
  if (!opts.resource_version.empty()) q.emplace_back("resourceVersion", opts.resource_version);
  return q;
}

QueryParams ToQuery(const ListOptions& opts, bool watch) {
  QueryParams q;
  if (!opts.label_selector.empty()) q.emplace_back("labelSelector", opts.label_selector);
  if (!opts.field_selector.empty()) q.emplace_back("fieldSelector", opts.field_selector);
  if (watch) AddBool(&q, "watch", true);
  if (opts.allow_watch_bookmarks) AddBool(&q, "allowWatchBookmarks", true);
  if (!opts.resource_version.empty()) q.emplace_back("resourceVersion", opts.resource_version);
  if (!opts.resource_version_match.empty()) {
    q.emplace_back("resourceVersionMatch", opts.resource_version_match);
  }
  if (opts.timeout_seconds) {
    q.emplace_back("timeoutSeconds", std::to_string(*opts.timeout_seconds));
    // gentype's List/Watch turn TimeoutSeconds into Request.Timeout as well.
    if (*opts.timeout_seconds != 0) {
      q.emplace_back("timeout", GoDurationString(std::chrono::seconds(*opts.timeout_seconds)));
    }
  }
  if (opts.limit != 0) q.emplace_back("limit", std::to_string(opts.limit));
  if (!opts.continue_token.empty()) q.emplace_back("continue", opts.continue_token);
  if (opts.send_initial_events) AddBool(&q, "sendInitialEvents", *opts.send_initial_events);
  return q;
}

QueryParams ToQuery(const WriteOptions& opts) {
  QueryParams q;
  if (opts.dry_run) q.emplace_back("dryRun", "All");
  if (opts.force) AddBool(&q, "force", *opts.force);
  if (!opts.field_manager.empty()) q.emplace_back("fieldManager", opts.field_manager);
  if (!opts.field_validation.empty()) q.emplace_back("fieldValidation", opts.field_validation);
  return q;
}

std::string QueryEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (Unreserved(c)) {
      out.push_back(c);
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      AppendHex(&out, static_cast<unsigned char>(c));
    }
  }
  return out;
}

std::string EncodeQuery(QueryParams params) {
  std::stable_sort(params.begin(), params.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out.push_back('&');
    out += QueryEscape(k);
    out.push_back('=');
    out += QueryEscape(v);
  }
  return out;
}

std::string EscapePath(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    switch (c) {
      case '$': case '&': case '+': case ',': case '/': case ':': case ';': case '=': case '@':
        out.push_back(c);
        continue;
      default:
        break;
    }
    if (Unreserved(c)) {
      out.push_back(c);
    } else {
      AppendHex(&out, static_cast<unsigned char>(c));
    }
  }
  return out;
}

std::string GoDurationString(std::chrono::nanoseconds d) {
  int64_t ns = d.count();
  if (ns == 0) return "0s";
  bool neg = ns < 0;
  uint64_t u = neg ? static_cast<uint64_t>(-(ns + 1)) + 1 : static_cast<uint64_t>(ns);
  std::string out;
  auto frac = [](uint64_t v, int prec, std::string* s) {
    // v in units of 10^-prec; prints "int[.frac]" with trailing zeros trimmed.
    uint64_t p = 1;
    for (int i = 0; i < prec; ++i) p *= 10;
    std::string f = std::to_string(v % p);
    f.insert(0, static_cast<size_t>(prec) - f.size(), '0');
    while (!f.empty() && f.back() == '0') f.pop_back();
    *s += std::to_string(v / p);
    if (!f.empty()) *s += "." + f;
  };
  if (u < 1000000000ULL) {
    if (u < 1000) {
      out = std::to_string(u) + "ns";
    } else if (u < 1000000) {
      frac(u, 3, &out);
      out += "\xC2\xB5s";
    } else {
      frac(u, 6, &out);
      out += "ms";
    }
  } else {
    uint64_t secs = u / 1000000000ULL;
    uint64_t sub = u % 1000000000ULL;
    uint64_t h = secs / 3600, m = (secs / 60) % 60, s = secs % 60;
    if (h > 0) out += std::to_string(h) + "h";
    if (h > 0 || m > 0) out += std::to_string(m) + "m";
    frac(s * 1000000000ULL + sub, 9, &out);
    out += "s";
  }
  return neg ? "-" + out : out;
}

std::vector<std::string> InvalidPathSegmentReasons(std::string_view name) {
  if (name == "." || name == "..") return {"may not be '" + std::string(name) + "'"};
  std::vector<std::string> out;
  if (name.find('/') != std::string_view::npos) out.push_back("may not contain '/'");
  if (name.find('%') != std::string_view::npos) out.push_back("may not contain '%'");
  return out;
}

StatusOr<std::string> BuildPath(std::string_view host_path_prefix, const UrlParts& parts) {
  struct Check {
    std::string_view what;
    std::string_view value;
  };
  for (const Check& c : {Check{"resource", parts.resource}, Check{"namespace", parts.namespace_},
                         Check{"resource name", parts.name},
                         Check{"subresource", parts.subresource}}) {
    if (c.value.empty()) continue;
    std::vector<std::string> msgs = InvalidPathSegmentReasons(c.value);
    if (!msgs.empty()) {
      return Status::Invalid("invalid " + std::string(c.what) + " \"" + std::string(c.value) +
                             "\": " + Reasons(msgs));
    }
  }
  if (parts.version.empty()) return Status::Invalid("a version is required");
  std::string p(host_path_prefix);
  while (!p.empty() && p.back() == '/') p.pop_back();
  if (parts.group.empty()) {
    Join(&p, "api");
  } else {
    Join(&p, "apis");
    Join(&p, parts.group);
  }
  Join(&p, parts.version);
  if (!parts.namespace_.empty()) {
    Join(&p, "namespaces");
    Join(&p, parts.namespace_);
  }
  std::string resource(parts.resource);
  for (char& c : resource) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  Join(&p, resource);
  Join(&p, parts.name);
  Join(&p, parts.subresource);
  return EscapePath(p);
}

}  // namespace kubecxx::client
