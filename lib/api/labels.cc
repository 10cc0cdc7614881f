#include "lib/api/labels.h"

#include <algorithm>
#include <set>
#include <utility>

#include "lib/api/go_strconv.h"
#include "lib/base/utf8.h"

namespace kubecxx::api {
namespace {

// ---- Validation (k8s.io/apimachinery/pkg/api/validate/content) ----

constexpr std::string_view kLabelKeyFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
constexpr std::string_view kLabelKeyErrMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
    "an alphanumeric character";
constexpr std::string_view kLabelValueFmt = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
constexpr std::string_view kLabelValueErrMsg =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
    "or '.', and must start and end with an alphanumeric character";
constexpr std::string_view kDns1123SubdomainFmt =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
constexpr std::string_view kDns1123SubdomainErrMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
    "or '.', and must start and end with an alphanumeric character";
constexpr size_t kLabelMaxLength = 63;
constexpr size_t kDns1123SubdomainMaxLength = 253;

std::string RegexError(std::string_view msg, std::string_view re,
                       std::initializer_list<std::string_view> examples) {
  std::string out(msg);
  out += " (e.g. ";
  bool first = true;
  for (std::string_view e : examples) {
    if (!first) out += " or ";
    first = false;
    out += '\'';
    out += e;
    out += "', ";
  }
  out += "regex used for validation is '";
  out += re;
  out += "')";
  return out;
}

std::string MaxLenError(size_t n) {
  return "must be no more than " + std::to_string(n) + " bytes";
}

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// ^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$
bool MatchesLabelKeyName(std::string_view s) {
  if (s.empty() || !IsAlnum(s.front()) || !IsAlnum(s.back())) return false;
  for (char c : s) {
    if (!IsAlnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

// ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
bool MatchesDns1123Subdomain(std::string_view s) {
  auto lower_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  size_t start = 0;
  for (;;) {
    size_t dot = s.find('.', start);
    std::string_view label = s.substr(start, dot == std::string_view::npos ? s.npos : dot - start);
    if (label.empty() || !lower_alnum(label.front()) || !lower_alnum(label.back())) return false;
    for (char c : label) {
      if (!lower_alnum(c) && c != '-') return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::vector<std::string> LabelKeyErrors(std::string_view key) {
  std::vector<std::string> errs;
  std::string_view name = key;
  size_t slash = key.find('/');
  if (slash != std::string_view::npos) {
    if (key.find('/', slash + 1) != std::string_view::npos) {
      errs.push_back("a valid label key " +
                     RegexError(kLabelKeyErrMsg, kLabelKeyFmt, {"MyName", "my.name", "123-abc"}) +
                     " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
      return errs;
    }
    std::string_view prefix = key.substr(0, slash);
    name = key.substr(slash + 1);
    if (prefix.empty()) {
      errs.push_back("prefix part must be non-empty");
    } else {
      if (prefix.size() > kDns1123SubdomainMaxLength) {
        errs.push_back("prefix part " + MaxLenError(kDns1123SubdomainMaxLength));
      }
      if (!MatchesDns1123Subdomain(prefix)) {
        errs.push_back("prefix part " +
                       RegexError(kDns1123SubdomainErrMsg, kDns1123SubdomainFmt, {"example.com"}));
      }
    }
  }
  if (name.empty()) {
    errs.push_back("name part must be non-empty");
  } else if (name.size() > kLabelMaxLength) {
    errs.push_back("name part " + MaxLenError(kLabelMaxLength));
  }
  if (!MatchesLabelKeyName(name)) {
    errs.push_back("name part " +
                   RegexError(kLabelKeyErrMsg, kLabelKeyFmt, {"MyName", "my.name", "123-abc"}));
  }
  return errs;
}

std::vector<std::string> LabelValueErrors(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kLabelMaxLength) errs.push_back(MaxLenError(kLabelMaxLength));
  if (!value.empty() && !MatchesLabelKeyName(value)) {
    errs.push_back(RegexError(kLabelValueErrMsg, kLabelValueFmt, {"MyValue", "my_value", "12345"}));
  }
  return errs;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

// ---- field.Error formatting ----

// encoding/json's string encoding (HTML-safe, as json.Marshal does).
void AppendJsonString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out->append("\\\""); break;
        case '\\': out->append("\\\\"); break;
        case '\b': out->append("\\b"); break;
        case '\f': out->append("\\f"); break;
        case '\n': out->append("\\n"); break;
        case '\r': out->append("\\r"); break;
        case '\t': out->append("\\t"); break;
        default:
          if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            out->append("\\u00");
            out->push_back(kHex[c >> 4]);
            out->push_back(kHex[c & 0xF]);
          } else {
            out->push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    auto [r, width] = DecodeRune(s.substr(i));
    if (r == 0xFFFD && width == 1) {
      out->append("\\ufffd");
    } else if (r == 0x2028 || r == 0x2029) {
      out->append(r == 0x2028 ? "\\u2028" : "\\u2029");
    } else {
      out->append(s.substr(i, width));
    }
    i += width;
  }
  out->push_back('"');
}

// "<field>: Invalid value: <value>: <detail>" with a string bad value (%q).
std::string InvalidString(std::string_view field, std::string_view value, std::string_view detail) {
  std::string out(field);
  out += ": Invalid value: ";
  AppendGoQuoted(value, &out);
  out += ": ";
  out += detail;
  return out;
}

// Same with a []string bad value (rendered through json.Marshal).
std::string InvalidList(std::string_view field, const std::vector<std::string>& values,
                        std::string_view detail) {
  std::string out(field);
  out += ": Invalid value: [";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    AppendJsonString(values[i], &out);
  }
  out += "]: ";
  out += detail;
  return out;
}

// ErrorList.ToAggregate().Error(): de-duplicated, bracketed when more than one.
Status AggregateError(const std::vector<std::string>& errs) {
  std::vector<std::string> unique;
  std::set<std::string> seen;
  for (const std::string& e : errs) {
    if (seen.insert(e).second) unique.push_back(e);
  }
  if (unique.size() == 1) return Status::Invalid(unique[0]);
  return Status::Invalid("[" + Join(unique, ", ") + "]");
}

}  // namespace

std::string_view SelectorOperatorName(SelectorOperator op) {
  switch (op) {
    case SelectorOperator::kDoesNotExist: return "!";
    case SelectorOperator::kEquals: return "=";
    case SelectorOperator::kDoubleEquals: return "==";
    case SelectorOperator::kIn: return "in";
    case SelectorOperator::kNotEquals: return "!=";
    case SelectorOperator::kNotIn: return "notin";
    case SelectorOperator::kExists: return "exists";
    case SelectorOperator::kGreaterThan: return "gt";
    case SelectorOperator::kLessThan: return "lt";
  }
  return "";
}

std::vector<std::string> LabelRequirementErrors(const std::string& key, SelectorOperator op,
                                               const std::vector<std::string>& values) {
  std::vector<std::string> errs;
  if (auto key_errs = LabelKeyErrors(key); !key_errs.empty()) {
    errs.push_back(InvalidString("key", key, Join(key_errs, "; ")));
  }
  switch (op) {
    case SelectorOperator::kIn:
    case SelectorOperator::kNotIn:
      if (values.empty()) {
        errs.push_back(InvalidList("values", values,
                                   "for 'in', 'notin' operators, values set can't be empty"));
      }
      break;
    case SelectorOperator::kEquals:
    case SelectorOperator::kDoubleEquals:
    case SelectorOperator::kNotEquals:
      if (values.size() != 1) {
        errs.push_back(
            InvalidList("values", values, "exact-match compatibility requires one single value"));
      }
      break;
    case SelectorOperator::kExists:
    case SelectorOperator::kDoesNotExist:
      if (!values.empty()) {
        errs.push_back(InvalidList("values", values,
                                   "values set must be empty for exists and does not exist"));
      }
      break;
    case SelectorOperator::kGreaterThan:
    case SelectorOperator::kLessThan:
      if (values.size() != 1) {
        errs.push_back(InvalidList("values", values,
                                   "for 'Gt', 'Lt' operators, exactly one value is required"));
      }
      for (size_t i = 0; i < values.size(); ++i) {
        if (!ParseGoInt64(values[i])) {
          errs.push_back(InvalidString("values[" + std::to_string(i) + "]", values[i],
                                       "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      }
      break;
  }
  for (size_t i = 0; i < values.size(); ++i) {
    if (auto value_errs = LabelValueErrors(values[i]); !value_errs.empty()) {
      errs.push_back(InvalidString("values[" + std::to_string(i) + "][" + key + "]", values[i],
                                   Join(value_errs, "; ")));
    }
  }
  return errs;
}

std::vector<std::string> QualifiedNameErrors(std::string_view value) {
  return LabelKeyErrors(value);
}

StatusOr<LabelRequirement> LabelRequirement::Create(std::string key, SelectorOperator op,
                                                    std::vector<std::string> values) {
  std::vector<std::string> errs = LabelRequirementErrors(key, op, values);
  if (!errs.empty()) return AggregateError(errs);
  return LabelRequirement(std::move(key), op, std::move(values));
}

bool LabelRequirement::MatchesLookup(Lookup lookup, const void* labels) const {
  auto has_value = [&](const std::string& v) {
    return std::find(values_.begin(), values_.end(), v) != values_.end();
  };
  const std::string* value = lookup(labels, key_);
  switch (op_) {
    case SelectorOperator::kIn:
    case SelectorOperator::kEquals:
    case SelectorOperator::kDoubleEquals:
      return value != nullptr && has_value(*value);
    case SelectorOperator::kNotIn:
    case SelectorOperator::kNotEquals:
      return value == nullptr || !has_value(*value);
    case SelectorOperator::kExists:
      return value != nullptr;
    case SelectorOperator::kDoesNotExist:
      return value == nullptr;
    case SelectorOperator::kGreaterThan:
    case SelectorOperator::kLessThan: {
      if (value == nullptr || values_.size() != 1) return false;
      auto have = ParseGoInt64(*value);
      auto want = ParseGoInt64(values_[0]);
      if (!have || !want) return false;
      return op_ == SelectorOperator::kGreaterThan ? *have > *want : *have < *want;
    }
  }
  return false;
}

void LabelRequirement::AppendTo(std::string* out) const {
  if (op_ == SelectorOperator::kDoesNotExist) out->push_back('!');
  out->append(key_);
  switch (op_) {
    case SelectorOperator::kEquals: out->append("="); break;
    case SelectorOperator::kDoubleEquals: out->append("=="); break;
    case SelectorOperator::kNotEquals: out->append("!="); break;
    case SelectorOperator::kIn: out->append(" in "); break;
    case SelectorOperator::kNotIn: out->append(" notin "); break;
    case SelectorOperator::kGreaterThan: out->append(">"); break;
    case SelectorOperator::kLessThan: out->append("<"); break;
    case SelectorOperator::kExists:
    case SelectorOperator::kDoesNotExist:
      return;
  }
  const bool parens = op_ == SelectorOperator::kIn || op_ == SelectorOperator::kNotIn;
  if (parens) out->push_back('(');
  if (values_.size() == 1) {
    out->append(values_[0]);
  } else if (std::is_sorted(values_.begin(), values_.end())) {
    for (size_t i = 0; i < values_.size(); ++i) {
      if (i > 0) out->push_back(',');
      out->append(values_[i]);
    }
  } else {
    std::vector<std::string> sorted = values_;
    std::sort(sorted.begin(), sorted.end());
    out->append(Join(sorted, ","));
  }
  if (parens) out->push_back(')');
}

std::string LabelRequirement::String() const {
  std::string out;
  AppendTo(&out);
  return out;
}

Selector Selector::FromSet(const std::map<std::string, std::string>& set) {
  Selector s;
  s.requirements_.reserve(set.size());
  for (const auto& [key, value] : set) {  // std::map iterates sorted by key already
    // SelectorFromValidatedSet does not validate.
    s.requirements_.push_back(LabelRequirement(key, SelectorOperator::kEquals, {value}));
  }
  return s;
}

std::string Selector::String() const {
  std::string out;
  for (size_t i = 0; i < requirements_.size(); ++i) {
    if (i > 0) out.push_back(',');
    requirements_[i].AppendTo(&out);
  }
  return out;
}

std::optional<std::string> Selector::RequiresExactMatch(std::string_view label) const {
  for (const LabelRequirement& r : requirements_) {
    if (r.key() != label) continue;
    switch (r.op()) {
      case SelectorOperator::kEquals:
      case SelectorOperator::kDoubleEquals:
      case SelectorOperator::kIn:
        if (r.values().size() == 1) return r.values()[0];
        return std::nullopt;
      default:
        return std::nullopt;
    }
  }
  return std::nullopt;
}

void Selector::Add(LabelRequirement requirement) {
  requirements_.push_back(std::move(requirement));
  std::stable_sort(requirements_.begin(), requirements_.end(),
                   [](const LabelRequirement& a, const LabelRequirement& b) {
                     return a.key() < b.key();
                   });
}

// ---- labels.Parse: upstream's lexer and recursive-descent parser ----

namespace {

enum class Token {
  kError,
  kEndOfString,
  kClosedPar,
  kComma,
  kDoesNotExist,
  kDoubleEquals,
  kEquals,
  kGreaterThan,
  kIdentifier,
  kIn,
  kLessThan,
  kNotEquals,
  kNotIn,
  kOpenPar,
};

std::optional<Token> LiteralToken(std::string_view s) {
  if (s == ")") return Token::kClosedPar;
  if (s == ",") return Token::kComma;
  if (s == "!") return Token::kDoesNotExist;
  if (s == "==") return Token::kDoubleEquals;
  if (s == "=") return Token::kEquals;
  if (s == ">") return Token::kGreaterThan;
  if (s == "in") return Token::kIn;
  if (s == "<") return Token::kLessThan;
  if (s == "!=") return Token::kNotEquals;
  if (s == "notin") return Token::kNotIn;
  if (s == "(") return Token::kOpenPar;
  return std::nullopt;
}

bool IsWhitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool IsSpecialSymbol(char c) {
  switch (c) {
    case '=': case '!': case '(': case ')': case ',': case '>': case '<':
      return true;
    default:
      return false;
  }
}

struct Item {
  Token token;
  std::string_view literal;  // points into the input, or into Lexer::errors_
};

// Upstream's Lexer. A NUL byte reads like the end of input, as in Go.
class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  Item Lex() {
    char ch = Read();
    while (IsWhitespace(ch)) ch = Read();
    if (ch == 0) return {Token::kEndOfString, {}};
    Unread();
    return IsSpecialSymbol(ch) ? ScanSpecialSymbol() : ScanIdOrKeyword();
  }

 private:
  char Read() {
    if (pos_ < s_.size()) return s_[pos_++];
    return 0;
  }
  void Unread() { --pos_; }

  Item ScanIdOrKeyword() {
    size_t start = pos_;
    size_t end = pos_;
    for (;;) {
      char ch = Read();
      if (ch == 0) break;
      if (IsSpecialSymbol(ch) || IsWhitespace(ch)) {
        Unread();
        break;
      }
      end = pos_;
    }
    std::string_view lit = s_.substr(start, end - start);
    if (auto tok = LiteralToken(lit)) return {*tok, lit};
    return {Token::kIdentifier, lit};
  }

  Item ScanSpecialSymbol() {
    size_t start = pos_;
    Item last{Token::kError, {}};
    for (;;) {
      char ch = Read();
      if (ch == 0) break;
      if (!IsSpecialSymbol(ch)) {
        Unread();
        break;
      }
      std::string_view buffer = s_.substr(start, pos_ - start);
      if (auto tok = LiteralToken(buffer)) {
        last = {*tok, buffer};
      } else if (last.token != Token::kError) {
        Unread();
        break;
      }
    }
    return last;  // every single special symbol is a token, so kError cannot escape here
  }

  std::string_view s_;
  size_t pos_ = 0;
};

enum class Context { kKeyAndOperator, kValues };

constexpr std::string_view kBinaryOperators = "in, notin, =, ==, !=, gt, lt";

class Parser {
 public:
  explicit Parser(std::string_view s) {
    Lexer lexer(s);
    for (;;) {
      Item item = lexer.Lex();
      items_.push_back(item);
      if (item.token == Token::kEndOfString) break;
    }
  }

  StatusOr<std::vector<LabelRequirement>> Parse() {
    std::vector<LabelRequirement> requirements;
    for (;;) {
      Item next = Lookahead(Context::kValues);
      switch (next.token) {
        case Token::kIdentifier:
        case Token::kDoesNotExist: {
          auto r = ParseRequirement();
          if (!r.ok()) {
            return Status::Invalid("unable to parse requirement: " + r.status().message());
          }
          requirements.push_back(std::move(r).value());
          Item t = Consume(Context::kValues);
          if (t.token == Token::kEndOfString) return requirements;
          if (t.token == Token::kComma) {
            Item t2 = Lookahead(Context::kValues);
            if (t2.token != Token::kIdentifier && t2.token != Token::kDoesNotExist) {
              return Found(t2.literal, "expected: identifier after ','");
            }
            break;
          }
          return Found(t.literal, "expected: ',' or 'end of string'");
        }
        case Token::kEndOfString:
          return requirements;
        default:
          return Found(next.literal, "expected: !, identifier, or 'end of string'");
      }
    }
  }

 private:
  static Status Found(std::string_view literal, std::string_view rest) {
    std::string msg = "found '";
    msg += literal;
    msg += "', ";
    msg += rest;
    return Status::Invalid(std::move(msg));
  }

  Item Get(size_t i, Context context) const {
    Item item = items_[std::min(i, items_.size() - 1)];
    if (context == Context::kValues &&
        (item.token == Token::kIn || item.token == Token::kNotIn)) {
      item.token = Token::kIdentifier;
    }
    return item;
  }
  Item Lookahead(Context context) const { return Get(position_, context); }
  Item Consume(Context context) { return Get(position_++, context); }

  StatusOr<LabelRequirement> ParseRequirement() {
    // Key and inferred operator.
    std::optional<SelectorOperator> op;
    Item item = Consume(Context::kValues);
    if (item.token == Token::kDoesNotExist) {
      op = SelectorOperator::kDoesNotExist;
      item = Consume(Context::kValues);
    }
    if (item.token != Token::kIdentifier) return Found(item.literal, "expected: identifier");
    std::string key(item.literal);
    if (auto errs = LabelKeyErrors(key); !errs.empty()) {
      return Status::Invalid(InvalidString("<nil>", key, Join(errs, "; ")));
    }
    Token next = Lookahead(Context::kValues).token;
    if ((next == Token::kEndOfString || next == Token::kComma) && !op) {
      op = SelectorOperator::kExists;
    }
    if (op) return LabelRequirement::Create(std::move(key), *op, {});

    Item op_item = Consume(Context::kKeyAndOperator);
    switch (op_item.token) {
      case Token::kIn: op = SelectorOperator::kIn; break;
      case Token::kEquals: op = SelectorOperator::kEquals; break;
      case Token::kDoubleEquals: op = SelectorOperator::kDoubleEquals; break;
      case Token::kGreaterThan: op = SelectorOperator::kGreaterThan; break;
      case Token::kLessThan: op = SelectorOperator::kLessThan; break;
      case Token::kNotIn: op = SelectorOperator::kNotIn; break;
      case Token::kNotEquals: op = SelectorOperator::kNotEquals; break;
      default: {
        std::string rest = "expected: ";
        rest += kBinaryOperators;
        return Found(op_item.literal, rest);
      }
    }
    std::set<std::string> values;
    Status st = (*op == SelectorOperator::kIn || *op == SelectorOperator::kNotIn)
                    ? ParseValues(&values)
                    : ParseExactValue(&values);
    if (!st.ok()) return st;
    return LabelRequirement::Create(std::move(key), *op,
                                    std::vector<std::string>(values.begin(), values.end()));
  }

  Status ParseValues(std::set<std::string>* values) {
    Item item = Consume(Context::kValues);
    if (item.token != Token::kOpenPar) {
      return Status::Invalid("found '" + std::string(item.literal) + "' expected: '('");
    }
    Item next = Lookahead(Context::kValues);
    switch (next.token) {
      case Token::kIdentifier:
      case Token::kComma: {
        KUBECXX_RETURN_IF_ERROR(ParseIdentifiersList(values));
        if (Consume(Context::kValues).token != Token::kClosedPar) {
          return Found(next.literal, "expected: ')'");
        }
        return Status::Ok();
      }
      case Token::kClosedPar:
        Consume(Context::kValues);
        values->insert("");
        return Status::Ok();
      default:
        return Found(next.literal, "expected: ',', ')' or identifier");
    }
  }

  Status ParseIdentifiersList(std::set<std::string>* values) {
    for (;;) {
      Item item = Consume(Context::kValues);
      switch (item.token) {
        case Token::kIdentifier: {
          values->insert(std::string(item.literal));
          Item next = Lookahead(Context::kValues);
          if (next.token == Token::kComma) continue;
          if (next.token == Token::kClosedPar) return Status::Ok();
          return Found(next.literal, "expected: ',' or ')'");
        }
        case Token::kComma: {
          if (values->empty()) values->insert("");  // "(,"
          Token next = Lookahead(Context::kValues).token;
          if (next == Token::kClosedPar) {
            values->insert("");  // ",)"
            return Status::Ok();
          }
          if (next == Token::kComma) values->insert("");  // ",,"
          continue;
        }
        default:
          return Found(item.literal, "expected: ',', or identifier");
      }
    }
  }

  Status ParseExactValue(std::set<std::string>* values) {
    Token next = Lookahead(Context::kValues).token;
    if (next == Token::kEndOfString || next == Token::kComma) {
      values->insert("");
      return Status::Ok();
    }
    Item item = Consume(Context::kValues);
    if (item.token == Token::kIdentifier) {
      values->insert(std::string(item.literal));
      return Status::Ok();
    }
    return Found(item.literal, "expected: identifier");
  }

  std::vector<Item> items_;
  size_t position_ = 0;
};

}  // namespace

StatusOr<Selector> ParseSelector(std::string_view s) {
  auto requirements = Parser(s).Parse();
  if (!requirements.ok()) return requirements.status();
  Selector selector;
  selector.requirements_ = std::move(requirements).value();
  std::stable_sort(selector.requirements_.begin(), selector.requirements_.end(),
                   [](const LabelRequirement& a, const LabelRequirement& b) {
                     return a.key() < b.key();
                   });
  return selector;
}

}  // namespace kubecxx::api
