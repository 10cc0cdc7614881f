#include "lib/apiserver/validation/field.h"

#include "lib/api/go_strconv.h"
#include "lib/codec/json_writer.h"

namespace kubecxx::apiserver::validation {
namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsAlnum(char c) { return IsLowerAlnum(c) || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool MatchesDNS1123Label(std::string_view v) {
  if (v.empty() || !IsLowerAlnum(v.front()) || !IsLowerAlnum(v.back())) return false;
  for (char c : v) {
    if (!IsLowerAlnum(c) && c != '-') return false;
  }
  return true;
}

bool MatchesDNS1123Subdomain(std::string_view v) {
  while (true) {
    size_t dot = v.find('.');
    if (!MatchesDNS1123Label(v.substr(0, dot))) return false;
    if (dot == std::string_view::npos) return true;
    v = v.substr(dot + 1);
  }
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool MatchesLabelKeyName(std::string_view v) {
  if (v.empty() || !IsAlnum(v.front()) || !IsAlnum(v.back())) return false;
  for (char c : v) {
    if (!IsAlnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

// util/validation's RegexError form.
std::string RegexError(std::string msg, std::string_view fmt,
                       std::initializer_list<std::string_view> examples) {
  if (examples.size() == 0) return msg + " (regex used for validation is '" + std::string(fmt) + "')";
  msg += " (e.g. ";
  bool first = true;
  for (std::string_view e : examples) {
    if (!first) msg += " or ";
    first = false;
    msg += "'" + std::string(e) + "', ";
  }
  return msg + "regex used for validation is '" + std::string(fmt) + "')";
}

std::string MaxLenChars(int n) { return "must be no more than " + std::to_string(n) + " characters"; }
std::string MaxLenBytes(int n) { return "must be no more than " + std::to_string(n) + " bytes"; }

constexpr std::string_view kLabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view kSubdomainFmt =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
constexpr std::string_view kSubdomainMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character";
constexpr std::string_view kLabelKeyFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
constexpr std::string_view kLabelKeyMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character";

Messages Subdomain(std::string_view v, bool bytes) {
  Messages errs;
  if (v.size() > 253) errs.push_back(bytes ? MaxLenBytes(253) : MaxLenChars(253));
  if (!MatchesDNS1123Subdomain(v)) {
    errs.push_back(RegexError(std::string(kSubdomainMsg), kSubdomainFmt, {"example.com"}));
  }
  return errs;
}

std::string MaskTrailingDash(std::string_view name) {
  if (name.size() > 1 && name.back() == '-') {
    return std::string(name.substr(0, name.size() - 2)) + "a";
  }
  return std::string(name);
}

}  // namespace

std::string QuoteStr(std::string_view s) { return api::GoQuote(s); }

std::string QuoteJson(std::string_view s) {
  std::string out;
  codec::AppendJsonQuoted(&out, s);
  return out;
}

std::string JsonOfMap(const std::map<std::string, std::string>& m) {
  if (m.empty()) return "null";  // the decoded model cannot tell {} from absent; absent is usual
  std::string out;
  codec::JsonWriter w(&out);
  w.BeginObject();
  for (const auto& [k, v] : m) {
    w.EscapedKey(k);
    w.String(v);
  }
  w.EndObject();
  return out;
}

FieldError NotFound(const Path& p, std::string_view value_json) {
  return {"FieldValueNotFound", p.str(), "Not found: " + std::string(value_json)};
}

FieldError Duplicate(const Path& p, std::string_view value_json) {
  return {"FieldValueDuplicate", p.str(), "Duplicate value: " + std::string(value_json)};
}

FieldError TooLong(const Path& p, int max_bytes) {
  return {"FieldValueTooLong", p.str(),
          "Too long: may not be more than " + std::to_string(max_bytes) +
              (max_bytes == 1 ? " byte" : " bytes")};
}

void Append(Errors* out, Errors more) {
  for (FieldError& e : more) out->push_back(std::move(e));
}

void AppendInvalid(Errors* out, const Path& p, std::string_view value, const Messages& msgs) {
  for (const std::string& m : msgs) out->push_back(InvalidStr(p, value, m));
}

Messages IsDNS1123Label(std::string_view v) {
  Messages errs;
  if (v.size() > 63) errs.push_back(MaxLenChars(63));
  if (!MatchesDNS1123Label(v)) {
    if (MatchesDNS1123Subdomain(v)) {
      errs.push_back("must not contain dots");
    } else {
      errs.push_back(RegexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or "
          "'-', and must start and end with an alphanumeric character",
          kLabelFmt, {"my-name", "123-abc"}));
    }
  }
  return errs;
}

Messages IsDNS1123Subdomain(std::string_view v) { return Subdomain(v, false); }
Messages IsDNS1123SubdomainBytes(std::string_view v) { return Subdomain(v, true); }

Messages IsDNS1035Label(std::string_view v) {
  Messages errs;
  if (v.size() > 63) errs.push_back(MaxLenChars(63));
  bool ok = !v.empty() && v.front() >= 'a' && v.front() <= 'z' && IsLowerAlnum(v.back());
  for (char c : v) ok = ok && (IsLowerAlnum(c) || c == '-');
  if (!ok) {
    errs.push_back(RegexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with "
        "an alphabetic character, and end with an alphanumeric character",
        "[a-z]([-a-z0-9]*[a-z0-9])?", {"my-name", "abc-123"}));
  }
  return errs;
}

Messages IsQualifiedName(std::string_view value) {
  Messages errs;
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t slash = value.find('/', start);
    parts.push_back(value.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  std::string_view name;
  if (parts.size() == 1) {
    name = parts[0];
  } else if (parts.size() == 2) {
    std::string_view prefix = parts[0];
    name = parts[1];
    if (prefix.empty()) {
      errs.push_back("prefix part must be non-empty");
    } else {
      for (const std::string& m : Subdomain(prefix, true)) errs.push_back("prefix part " + m);
    }
  } else {
    errs.push_back("a valid label key " +
                   RegexError(std::string(kLabelKeyMsg), kLabelKeyFmt,
                              {"MyName", "my.name", "123-abc"}) +
                   " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
    return errs;
  }
  if (name.empty()) {
    errs.push_back("name part must be non-empty");
  } else if (name.size() > 63) {
    errs.push_back("name part " + MaxLenBytes(63));
  }
  if (!MatchesLabelKeyName(name)) {
    errs.push_back("name part " + RegexError(std::string(kLabelKeyMsg), kLabelKeyFmt,
                                             {"MyName", "my.name", "123-abc"}));
  }
  return errs;
}

Messages IsLabelValue(std::string_view v) {
  Messages errs;
  if (v.size() > 63) errs.push_back(MaxLenBytes(63));
  if (!v.empty() && !MatchesLabelKeyName(v)) {
    errs.push_back(RegexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
        "or '.', and must start and end with an alphanumeric character",
        "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?", {"MyValue", "my_value", "12345"}));
  }
  return errs;
}

namespace {
void ChDirPrefix(std::string_view v, Messages* errs) {
  if (v == ".") {
    errs->push_back("must not be '.'");
  } else if (v == "..") {
    errs->push_back("must not be '..'");
  } else if (v.substr(0, 2) == "..") {
    errs->push_back("must not start with '..'");
  }
}
}  // namespace

Messages IsConfigMapKey(std::string_view v) {
  Messages errs;
  if (v.size() > 253) errs.push_back(MaxLenChars(253));
  bool ok = !v.empty();
  for (char c : v) ok = ok && (IsAlnum(c) || c == '-' || c == '.' || c == '_');
  if (!ok) {
    errs.push_back(RegexError("a valid config key must consist of alphanumeric characters, '-', "
                              "'_' or '.'",
                              "[-._a-zA-Z0-9]+", {"key.name", "KEY_NAME", "key-name"}));
  }
  ChDirPrefix(v, &errs);
  return errs;
}

Messages IsRelaxedEnvVarName(std::string_view v) {
  Messages errs;
  if (v.empty()) errs.push_back("environment variable name must be non-empty");
  for (unsigned char c : v) {
    // Bytes >= 0x80 belong to runes above MaxASCII (or invalid UTF-8, U+FFFD).
    if (c >= 0x80 || c < 0x20 || c == 0x7f || c == '=') {
      errs.push_back(
          "a valid environment variable name must consist only of printable ASCII characters "
          "other than '='");
      break;
    }
  }
  return errs;
}

Messages IsValidPortName(std::string_view port) {
  Messages errs;
  if (port.size() > 15) errs.push_back(MaxLenChars(15));
  bool charset = !port.empty(), letter = false;
  for (char c : port) {
    charset = charset && (IsLowerAlnum(c) || c == '-');
    letter = letter || (c >= 'a' && c <= 'z');
  }
  if (!charset) {
    errs.push_back("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  }
  if (!letter) errs.push_back("must contain at least one letter (a-z)");
  if (port.find("--") != std::string_view::npos) {
    errs.push_back("must not contain consecutive hyphens");
  }
  if (!port.empty() && (port.front() == '-' || port.back() == '-')) {
    errs.push_back("must not begin or end with a hyphen");
  }
  return errs;
}

Messages IsValidPortNum(int64_t port) {
  if (port >= 1 && port <= 65535) return {};
  return {InclusiveRangeError(1, 65535)};
}

Messages IsHTTPHeaderName(std::string_view v) {
  bool ok = !v.empty();
  for (char c : v) ok = ok && (IsAlnum(c) || c == '-');
  if (ok) return {};
  return {RegexError("a valid HTTP header must consist of alphanumeric characters or '-'",
                     "[-A-Za-z0-9]+", {"X-Header-Name"})};
}

Messages IsValidPercent(std::string_view v) {
  bool ok = v.size() >= 2 && v.back() == '%';
  for (size_t i = 0; ok && i + 1 < v.size(); ++i) ok = IsDigit(v[i]);
  if (ok) return {};
  return {RegexError("a valid percent string must be a numeric string followed by an ending '%'",
                     "[0-9]+%", {"1%", "93%"})};
}

Messages IsPathSegmentName(std::string_view v) {
  if (v == "." || v == "..") return {"may not be '" + std::string(v) + "'"};
  Messages errs;
  if (v.find('/') != std::string_view::npos) errs.push_back("may not contain '/'");
  if (v.find('%') != std::string_view::npos) errs.push_back("may not contain '%'");
  return errs;
}

Messages ValidateName(NameRule rule, std::string_view name, bool prefix) {
  if (rule == NameRule::kPathSegment) {
    if (!prefix) return IsPathSegmentName(name);
    Messages errs;
    if (name.find('/') != std::string_view::npos) errs.push_back("may not contain '/'");
    if (name.find('%') != std::string_view::npos) errs.push_back("may not contain '%'");
    return errs;
  }
  std::string n = prefix ? MaskTrailingDash(name) : std::string(name);
  switch (rule) {
    case NameRule::kDNSLabel:
      return IsDNS1123Label(n);
    case NameRule::kDNS1035Label:
      return IsDNS1035Label(n);
    default:
      return IsDNS1123Subdomain(n);
  }
}

std::string InclusiveRangeError(int64_t lo, int64_t hi) {
  return "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", inclusive";
}

void NonNegative(Errors* out, const Path& p, int64_t v) {
  if (v < 0) out->push_back(InvalidInt(p, v, kNegativeMsg));
}

}  // namespace kubecxx::apiserver::validation
