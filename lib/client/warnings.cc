#include "lib/client/warnings.h"

#include "lib/base/utf8.h"

namespace kubecxx::client {
namespace {

std::string_view TrimSpace(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
                                   c == '\v' || c == '\f'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// utf8.ValidString(s) && !hasAnyRunes(s, unicode.IsControl).
bool ValidPrintable(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t len = Utf8SequenceLength(s, i);
    if (len == 0) {
      return false;
    }
    auto [rune, n] = DecodeRune(s.substr(i));
    if (rune < 0x20 || (rune >= 0x7f && rune <= 0x9f)) {
      return false;
    }
    i += len;
  }
  return true;
}

Status Invalid(const char* why) {
  return Status::Invalid(std::string("invalid warning header: ") + why);
}

}  // namespace

StatusOr<WarningHeader> ParseWarningHeader(std::string_view header, std::string_view* remainder) {
  *remainder = {};
  header = TrimSpace(header);
  // strings.SplitN(header, " ", 3)
  size_t s1 = header.find(' ');
  if (s1 == std::string_view::npos) return Invalid("fewer than 3 segments");
  size_t s2 = header.find(' ', s1 + 1);
  if (s2 == std::string_view::npos) return Invalid("fewer than 3 segments");
  std::string_view code = header.substr(0, s1);
  std::string_view agent = header.substr(s1 + 1, s2 - s1 - 1);
  std::string_view rest = header.substr(s2 + 1);

  if (code.size() != 3 || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9' ||
      code[2] < '0' || code[2] > '9') {
    return Invalid("code segment is not 3 digits between 100-299");
  }
  WarningHeader result;
  result.code = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
  if (agent.empty()) return Invalid("empty agent segment");
  if (!ValidPrintable(agent)) return Invalid("invalid agent");
  if (rest.empty()) return Invalid("empty text segment");

  // parseQuotedString
  if (rest.front() != '"') {
    return Status::Invalid("invalid warning header: invalid quoted string: missing initial quote");
  }
  std::string text;
  bool escaping = false;
  bool closed = false;
  std::string_view after;
  for (size_t i = 1; i < rest.size(); ++i) {
    char b = rest[i];
    if (b == '"' && !escaping) {
      closed = true;
      after = TrimSpace(rest.substr(i + 1));
      break;
    }
    if (b == '\\' && !escaping) {
      escaping = true;
      continue;
    }
    text.push_back(b);
    escaping = false;
  }
  if (!closed) {
    return Status::Invalid("invalid warning header: invalid quoted string: missing closing quote");
  }
  if (!ValidPrintable(text)) return Invalid("invalid text");
  result.agent = std::string(agent);
  result.text = std::move(text);

  std::string_view rem;
  if (!after.empty()) {
    if (after.front() == '"') {
      size_t end = after.find('"', 1);
      if (end == std::string_view::npos) return Invalid("unterminated date segment");
      rem = TrimSpace(after.substr(end + 1));
    } else {
      rem = after;
    }
  }
  if (!rem.empty()) {
    if (rem.front() != ',') return Invalid("unexpected token after warn-date");
    rem = TrimSpace(rem.substr(1));
  }
  *remainder = rem;
  return result;
}

std::vector<WarningHeader> ParseWarningHeaders(const std::vector<std::string_view>& values) {
  std::vector<WarningHeader> out;
  for (std::string_view header : values) {
    while (!header.empty()) {
      std::string_view rest;
      StatusOr<WarningHeader> warning = ParseWarningHeader(header, &rest);
      if (!warning.ok()) {
        break;
      }
      out.push_back(std::move(*warning));
      header = rest;
    }
  }
  return out;
}

}  // namespace kubecxx::client
