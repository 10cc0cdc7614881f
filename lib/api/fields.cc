#include "lib/api/fields.h"

#include <algorithm>

#include "lib/base/utf8.h"

namespace kubecxx::api {

std::string EscapeFieldValue(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\\' || c == ',' || c == '=') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

StatusOr<std::string> UnescapeFieldValue(std::string_view s) {
  if (s.find_first_of("\\,=") == std::string_view::npos) return std::string(s);
  // Upstream walks runes, so invalid UTF-8 comes out as U+FFFD on this path.
  std::string out;
  out.reserve(s.size());
  bool in_slash = false;
  size_t i = 0;
  while (i < s.size()) {
    auto [r, width] = DecodeRune(s.substr(i));
    i += width;
    if (in_slash) {
      if (r == '\\' || r == ',' || r == '=') {
        out.push_back(static_cast<char>(r));
      } else {
        std::string seq = "\\";
        AppendUtf8(&seq, r);
        return Status::Invalid("invalid field selector: invalid escape sequence: " + seq);
      }
      in_slash = false;
      continue;
    }
    if (r == '\\') {
      in_slash = true;
    } else if (r == ',' || r == '=') {
      return Status::Invalid("invalid field selector: unescaped character in value: " +
                             std::to_string(static_cast<int>(r)));
    } else {
      AppendUtf8(&out, r);
    }
  }
  if (in_slash) return Status::Invalid("invalid field selector: invalid escape sequence: \\");
  return out;
}

namespace {

// Splits on ',' not preceded by an escaping '\'.
std::vector<std::string_view> SplitTerms(std::string_view s) {
  std::vector<std::string_view> terms;
  if (s.empty()) return terms;
  size_t start = 0;
  bool in_slash = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (in_slash) {
      in_slash = false;
    } else if (s[i] == '\\') {
      in_slash = true;
    } else if (s[i] == ',') {
      terms.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  terms.push_back(s.substr(start));
  return terms;
}

}  // namespace

StatusOr<FieldSelector> ParseFieldSelector(std::string_view s) {
  std::vector<std::string_view> parts = SplitTerms(s);
  std::sort(parts.begin(), parts.end());
  FieldSelector selector;
  for (std::string_view part : parts) {
    if (part.empty()) continue;
    size_t op_pos = std::string_view::npos;
    size_t op_len = 0;
    SelectorOperator op = SelectorOperator::kEquals;
    for (size_t i = 0; i < part.size(); ++i) {
      std::string_view rest = part.substr(i);
      if (rest.starts_with("!=")) {
        op = SelectorOperator::kNotEquals;
        op_len = 2;
      } else if (rest.starts_with("==")) {
        op_len = 2;
      } else if (rest.starts_with("=")) {
        op_len = 1;
      } else {
        continue;
      }
      op_pos = i;
      break;
    }
    if (op_pos == std::string_view::npos) {
      std::string msg = "invalid selector: '";
      msg += s;
      msg += "'; can't understand '";
      msg += part;
      msg += "'";
      return Status::Invalid(std::move(msg));
    }
    auto value = UnescapeFieldValue(part.substr(op_pos + op_len));
    if (!value.ok()) return value.status();
    std::string_view field = part.substr(0, op_pos);
    // Upstream's identity Transform turns an empty field with an empty value into Everything,
    // which the enclosing conjunction then drops.
    if (field.empty() && value->empty()) continue;
    selector.requirements_.push_back(FieldRequirement{std::string(field), op, std::move(*value)});
  }
  return selector;
}

FieldSelector FieldSelector::FromSet(const std::map<std::string, std::string>& set) {
  FieldSelector selector;
  for (const auto& [field, value] : set) {
    selector.requirements_.push_back(FieldRequirement{field, SelectorOperator::kEquals, value});
  }
  return selector;
}

std::string FieldSelector::String() const {
  std::string out;
  for (size_t i = 0; i < requirements_.size(); ++i) {
    const FieldRequirement& r = requirements_[i];
    if (i > 0) out.push_back(',');
    out += r.field;
    out += r.op == SelectorOperator::kNotEquals ? "!=" : "=";
    out += EscapeFieldValue(r.value);
  }
  return out;
}

bool FieldSelector::Matches(const Getter& get) const {
  for (const FieldRequirement& r : requirements_) {
    std::string_view have = get(r.field).value_or(std::string_view());
    bool equal = have == r.value;
    if (equal != (r.op != SelectorOperator::kNotEquals)) return false;
  }
  return true;
}

bool FieldSelector::Matches(const std::map<std::string, std::string>& fields) const {
  return Matches([&fields](std::string_view field) -> std::optional<std::string_view> {
    auto it = fields.find(std::string(field));
    if (it == fields.end()) return std::nullopt;
    return std::string_view(it->second);
  });
}

std::optional<std::string> FieldSelector::RequiresExactMatch(std::string_view field) const {
  for (const FieldRequirement& r : requirements_) {
    if (r.op != SelectorOperator::kNotEquals && r.field == field) return r.value;
  }
  return std::nullopt;
}

}  // namespace kubecxx::api
