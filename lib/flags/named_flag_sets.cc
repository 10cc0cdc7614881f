#include "lib/flags/named_flag_sets.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "lib/api/go_strconv.h"
#include "lib/api/time.h"

namespace kubecxx::flags {
namespace {

std::string Normalize(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

// pflag's wrapN/wrap (flag.go): cols 0 keeps lines and indents continuation lines by i.
std::pair<std::string, std::string> WrapN(size_t i, size_t slop, const std::string& s) {
  if (i + slop > s.size()) return {s, ""};
  size_t w = s.substr(0, i).find_last_of(" \t\n");
  if (w == std::string::npos || w == 0) return {s, ""};
  size_t nl = s.substr(0, i).rfind('\n');
  if (nl != std::string::npos && nl > 0 && nl < w) return {s.substr(0, nl), s.substr(nl + 1)};
  return {s.substr(0, w), s.substr(w + 1)};
}

std::string ReplaceAll(std::string s, std::string_view from, std::string_view to) {
  size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
  return s;
}

std::string Wrap(size_t i, size_t w, std::string s) {
  if (w == 0) return ReplaceAll(std::move(s), "\n", "\n" + std::string(i, ' '));
  std::string r;
  int64_t wrap = static_cast<int64_t>(w) - static_cast<int64_t>(i);
  if (wrap < 24) {
    i = 16;
    wrap = static_cast<int64_t>(w) - 16;
    r += "\n" + std::string(i, ' ');
  }
  if (wrap < 24) return ReplaceAll(std::move(s), "\n", r);
  const size_t slop = 5;
  wrap -= static_cast<int64_t>(slop);
  auto [l, rest] = WrapN(static_cast<size_t>(wrap), slop, s);
  r += ReplaceAll(l, "\n", "\n" + std::string(i, ' '));
  while (!rest.empty()) {
    auto [t, more] = WrapN(static_cast<size_t>(wrap), slop, rest);
    r += "\n" + std::string(i, ' ') + ReplaceAll(t, "\n", "\n" + std::string(i, ' '));
    rest = more;
  }
  return r;
}

// pflag's defaultIsZeroValue.
bool DefaultIsZero(const FlagInfo& f) {
  const std::string& d = f.def_value;
  if (f.type == "bool") return d == "false" || d.empty();
  if (f.type == "duration") return d == "0" || d == "0s";
  if (f.type == "int" || f.type == "int32" || f.type == "int64" || f.type == "float32" ||
      f.type == "float64" || f.type == "uint" || f.type == "count") {
    return d == "0";
  }
  if (f.type == "string") return d.empty();
  if (f.type == "ip") return d == "<nil>";
  if (f.type == "stringSlice" || f.type == "stringArray" || f.type == "intSlice") return d == "[]";
  return d == "false" || d == "<nil>" || d.empty() || d == "0";
}

// pflag's UnquoteUsage.
std::pair<std::string, std::string> UnquoteUsage(const FlagInfo& f) {
  const std::string& usage = f.usage;
  size_t i = usage.find('`');
  if (i != std::string::npos) {
    size_t j = usage.find('`', i + 1);
    if (j != std::string::npos) {
      std::string name = usage.substr(i + 1, j - i - 1);
      return {name, usage.substr(0, i) + name + usage.substr(j + 1)};
    }
  }
  std::string name = f.type;
  if (name == "bool" || name == "boolfunc") name.clear();
  else if (name == "func") name = "value";
  else if (name == "float64") name = "float";
  else if (name == "int64") name = "int";
  else if (name == "uint64") name = "uint";
  else if (name == "stringSlice") name = "strings";
  else if (name == "intSlice") name = "ints";
  else if (name == "uintSlice") name = "uints";
  else if (name == "boolSlice") name = "bools";
  return {name, usage};
}

Status SyntaxError(std::string_view fn, std::string_view s) {
  return Status::Invalid("strconv." + std::string(fn) + ": parsing " + api::GoQuote(s) +
                         ": invalid syntax");
}

FlagInfo MakeInfo(std::string name, std::string type, std::string def_value, std::string usage,
                  std::function<std::string()> value, std::string no_opt_def_val = "") {
  FlagInfo f;
  f.name = std::move(name);
  f.type = std::move(type);
  f.def_value = std::move(def_value);
  f.usage = std::move(usage);
  f.value = std::move(value);
  f.no_opt_def_val = std::move(no_opt_def_val);
  return f;
}

}  // namespace

std::string FormatGoFloat32(float v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == 0) return std::signbit(v) ? "-0" : "0";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string sci(buf, res.ptr);  // "-d.ddde+XX"
  bool neg = sci[0] == '-';
  if (neg) sci.erase(0, 1);
  size_t e = sci.find('e');
  std::string digits = sci.substr(0, e);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  int exp = std::atoi(sci.c_str() + e + 1);
  std::string out = neg ? "-" : "";
  if (exp < -4 || exp >= 6) {  // %e, shortest digits, at least two exponent digits
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char eb[16];
    std::snprintf(eb, sizeof(eb), "e%c%02d", exp < 0 ? '-' : '+', std::abs(exp));
    return out + eb;
  }
  int dp = exp + 1;  // digits before the decimal point
  if (dp <= 0) {
    out += "0." + std::string(static_cast<size_t>(-dp), '0') + digits;
  } else if (static_cast<size_t>(dp) >= digits.size()) {
    out += digits + std::string(static_cast<size_t>(dp) - digits.size(), '0');
  } else {
    out += digits.substr(0, static_cast<size_t>(dp)) + "." + digits.substr(static_cast<size_t>(dp));
  }
  return out;
}

StatusOr<float> ParseGoFloat32(std::string_view s) {
  std::string str(s);
  if (str.empty() || std::isspace(static_cast<unsigned char>(str[0]))) {
    return SyntaxError("ParseFloat", s);
  }
  char* end = nullptr;
  errno = 0;
  double d = std::strtod(str.c_str(), &end);
  if (end != str.c_str() + str.size()) return SyntaxError("ParseFloat", s);
  float f = static_cast<float>(d);
  if (errno == ERANGE || (std::isinf(f) && !std::isinf(d))) {
    return Status::Invalid("strconv.ParseFloat: parsing " + api::GoQuote(s) +
                           ": value out of range");
  }
  return f;
}

StatusOr<int64_t> ParseGoIntBase0(std::string_view s) {
  std::string_view body = s;
  bool neg = false;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  int base = 10;
  bool prefixed = false;
  if (body.size() >= 2 && body[0] == '0') {
    char p = static_cast<char>(std::tolower(static_cast<unsigned char>(body[1])));
    if (p == 'x') base = 16, prefixed = true;
    else if (p == 'o') base = 8, prefixed = true;
    else if (p == 'b') base = 2, prefixed = true;
    else base = 8;
    if (prefixed) body.remove_prefix(2);
    else body.remove_prefix(1);
  }
  std::string digits;
  bool last_underscore = prefixed;  // "0x_1" is allowed, "1_" is not
  for (char c : body) {
    if (c == '_' && (prefixed || base == 8)) {
      if (last_underscore && !prefixed) return SyntaxError("ParseInt", s);
      last_underscore = true;
      continue;
    }
    last_underscore = false;
    digits.push_back(c);
  }
  if ((digits.empty() && base != 8) || (last_underscore && !body.empty() && body.back() == '_')) {
    return SyntaxError("ParseInt", s);
  }
  if (digits.empty()) return int64_t{0};  // "0"
  uint64_t v = 0;
  auto res = std::from_chars(digits.data(), digits.data() + digits.size(), v, base);
  if (res.ptr != digits.data() + digits.size()) return SyntaxError("ParseInt", s);
  if (res.ec == std::errc::result_out_of_range || v > (neg ? (1ULL << 63) : (1ULL << 63) - 1)) {
    return Status::Invalid("strconv.ParseInt: parsing " + api::GoQuote(s) + ": value out of range");
  }
  return neg ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
}

std::string FormatStringSlice(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ",";
    const std::string& v = values[i];
    bool quote = v.find_first_of(",\"\r\n") != std::string::npos ||
                 (!v.empty() && (v[0] == ' ' || v[0] == '\t'));
    if (!quote) {
      out += v;
      continue;
    }
    out += '"';
    for (char c : v) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  return out + "]";
}

void FlagSection::Add(FlagInfo info, std::function<Status(std::string_view)> set) {
  info.name = Normalize(info.name);
  NamedFlagSets* p = parent_;
  std::string name = info.name;
  bool is_bool = !info.no_opt_def_val.empty();
  std::string no_opt = info.no_opt_def_val;
  assert(p->infos_.find(name) == p->infos_.end() && "flag registered twice");
  // FlagSet gives a bool flag "true" when it stands alone; map that to NoOptDefVal.
  p->set_.Func(name, is_bool,
               [p, name, no_opt, set = std::move(set)](std::string_view v) -> Status {
                 const FlagInfo& fi = p->infos_.at(name);
                 if (!fi.deprecated.empty() && p->warn_) {
                   p->warn_("Flag --" + name + " has been deprecated, " + fi.deprecated + "\n");
                 }
                 return set(v);
               },
               info.usage);
  flags_.push_back(name);
  p->infos_.emplace(name, std::move(info));
}

void FlagSection::String(std::string name, std::string* target, std::string usage) {
  Add(MakeInfo(std::move(name), "string", *target, std::move(usage), [target] { return *target; }),
      [target](std::string_view v) {
        target->assign(v);
        return Status::Ok();
      });
}

void FlagSection::Bool(std::string name, bool* target, std::string usage) {
  Add(MakeInfo(std::move(name), "bool", *target ? "true" : "false", std::move(usage),
      [target] { return std::string(*target ? "true" : "false"); }, "true"),
      [target](std::string_view v) -> Status {
        auto b = ParseGoBool(v);
        if (!b.ok()) return b.status();
        *target = *b;
        return Status::Ok();
      });
}

void FlagSection::Int(std::string name, int64_t* target, std::string usage) {
  Add(MakeInfo(std::move(name), "int", std::to_string(*target), std::move(usage),
      [target] { return std::to_string(*target); }),
      [target](std::string_view v) -> Status {
        auto n = ParseGoIntBase0(v);
        if (!n.ok()) return n.status();
        *target = *n;
        return Status::Ok();
      });
}

void FlagSection::Int32(std::string name, int32_t* target, std::string usage) {
  Add(MakeInfo(std::move(name), "int32", std::to_string(*target), std::move(usage),
      [target] { return std::to_string(*target); }),
      [target](std::string_view v) -> Status {
        auto n = ParseGoIntBase0(v);
        if (!n.ok()) return n.status();
        if (*n < INT32_MIN || *n > INT32_MAX) {
          return Status::Invalid("strconv.ParseInt: parsing " + api::GoQuote(v) +
                                 ": value out of range");
        }
        *target = static_cast<int32_t>(*n);
        return Status::Ok();
      });
}

void FlagSection::Float32(std::string name, float* target, std::string usage) {
  Add(MakeInfo(std::move(name), "float32", FormatGoFloat32(*target), std::move(usage),
      [target] { return FormatGoFloat32(*target); }),
      [target](std::string_view v) -> Status {
        auto f = ParseGoFloat32(v);
        if (!f.ok()) return f.status();
        *target = *f;
        return Status::Ok();
      });
}

void FlagSection::Duration(std::string name, int64_t* target, std::string usage) {
  Add(MakeInfo(std::move(name), "duration", api::FormatGoDuration(*target), std::move(usage),
      [target] { return api::FormatGoDuration(*target); }),
      [target](std::string_view v) -> Status {
        auto d = api::ParseGoDuration(v);
        if (!d.ok()) return d.status();
        *target = *d;
        return Status::Ok();
      });
}

namespace {
// encoding/csv's reading of one record, as pflag's stringSlice Set does.
StatusOr<std::vector<std::string>> ReadCsv(std::string_view s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  std::string cur;
  bool quoted = false;
  bool field_start = true;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      if (c != '"') {
        cur.push_back(c);
      } else if (i + 1 < s.size() && s[i + 1] == '"') {
        cur.push_back('"');
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"' && field_start) {
      quoted = true;
      field_start = false;
    } else if (c == ',') {
      out.push_back(std::move(cur));
      cur.clear();
      field_start = true;
    } else {
      cur.push_back(c);
      field_start = false;
    }
  }
  if (quoted) {
    return Status::Invalid("parse error on line 1, column " + std::to_string(s.size() + 1) +
                           ": extraneous or missing \" in quoted-field");
  }
  out.push_back(std::move(cur));
  return out;
}
}  // namespace

void FlagSection::StringSlice(std::string name, std::vector<std::string>* target,
                              std::string usage) {
  auto first = std::make_shared<bool>(true);
  Add(MakeInfo(std::move(name), "stringSlice", FormatStringSlice(*target), std::move(usage),
      [target] { return FormatStringSlice(*target); }),
      [target, first](std::string_view v) -> Status {
        auto parts = ReadCsv(v);
        if (!parts.ok()) return parts.status();
        if (*first) target->clear();
        *first = false;
        target->insert(target->end(), parts->begin(), parts->end());
        return Status::Ok();
      });
}

void FlagSection::StringArray(std::string name, std::vector<std::string>* target,
                              std::string usage) {
  auto first = std::make_shared<bool>(true);
  Add(MakeInfo(std::move(name), "stringArray", FormatStringSlice(*target), std::move(usage),
      [target] { return FormatStringSlice(*target); }),
      [target, first](std::string_view v) -> Status {
        if (*first) target->clear();
        *first = false;
        target->emplace_back(v);
        return Status::Ok();
      });
}

void FlagSection::Custom(std::string name, std::string type, std::string no_opt_def_val,
                         std::function<Status(std::string_view)> set,
                         std::function<std::string()> value, std::string usage) {
  std::string def = value();
  Add(MakeInfo(std::move(name), std::move(type), std::move(def), std::move(usage),
      std::move(value), std::move(no_opt_def_val)),
      std::move(set));
}

NamedFlagSets::NamedFlagSets(std::string program)
    : set_(std::move(program)),
      warn_([](std::string_view s) { std::fwrite(s.data(), 1, s.size(), stderr); }) {}

FlagSection& NamedFlagSets::Section(const std::string& name) {
  for (auto& s : sections_) {
    if (s->name() == name) return *s;
  }
  sections_.push_back(std::unique_ptr<FlagSection>(new FlagSection(this, name)));
  return *sections_.back();
}

void NamedFlagSets::Shorthand(char letter, const std::string& name) {
  set_.Shorthand(letter, name);
  infos_.at(Normalize(name)).shorthand = letter;
}

void NamedFlagSets::MarkDeprecated(const std::string& name, std::string message) {
  FlagInfo& f = infos_.at(Normalize(name));
  f.deprecated = std::move(message);
  f.hidden = true;
}

void NamedFlagSets::MarkHidden(const std::string& name) { infos_.at(Normalize(name)).hidden = true; }

const FlagInfo* NamedFlagSets::Find(std::string_view name) const {
  auto it = infos_.find(Normalize(name));
  return it == infos_.end() ? nullptr : &it->second;
}

Status NamedFlagSets::Parse(const std::vector<std::string>& args) {
  // FlagSet passes "true" for a bool-like flag given alone; a custom NoOptDefVal
  // (e.g. --version's "true") is the same text, so nothing to translate.
  return set_.Parse(args);
}

std::string NamedFlagSets::Usages(const FlagSection& section, int cols) const {
  std::vector<const FlagInfo*> flags;
  for (const std::string& n : section.flags_) flags.push_back(&infos_.at(n));
  std::sort(flags.begin(), flags.end(),
            [](const FlagInfo* a, const FlagInfo* b) { return a->name < b->name; });
  std::vector<std::pair<std::string, std::string>> lines;  // (left, usage)
  size_t maxlen = 0;
  for (const FlagInfo* f : flags) {
    if (f->hidden) continue;
    std::string line = f->shorthand ? std::string("  -") + f->shorthand + ", --" + f->name
                                    : "      --" + f->name;
    auto [varname, usage] = UnquoteUsage(*f);
    if (!varname.empty()) line += " " + varname;
    if (!f->no_opt_def_val.empty()) {
      if (f->type == "string") {
        line += "[=\"" + f->no_opt_def_val + "\"]";
      } else if (f->type == "bool" || f->type == "boolfunc") {
        if (f->no_opt_def_val != "true") line += "[=" + f->no_opt_def_val + "]";
      } else {
        line += "[=" + f->no_opt_def_val + "]";
      }
    }
    maxlen = std::max(maxlen, line.size() + 1);  // + the \x00 marker pflag counts
    if (!DefaultIsZero(*f)) {
      usage += f->type == "string" ? " (default " + api::GoQuote(f->def_value) + ")"
                                   : " (default " + f->def_value + ")";
    }
    if (!f->deprecated.empty()) usage += " (DEPRECATED: " + f->deprecated + ")";
    lines.emplace_back(std::move(line), std::move(usage));
  }
  std::string out;
  for (auto& [left, usage] : lines) {
    // fmt.Fprintln(buf, line[:sidx], spacing, wrap(...)): operands joined by spaces.
    out += left + " " + std::string(maxlen - left.size(), ' ') + " " +
           Wrap(maxlen + 2, static_cast<size_t>(std::max(cols, 0)), usage) + "\n";
  }
  return out;
}

std::string NamedFlagSets::Sections(int cols) const {
  std::string out;
  for (const auto& s : sections_) {
    // cliflag prints a section whose flags are all hidden as an empty heading; we skip it
    // (upstream components have no such section; ours hold kubecxx-only flags).
    bool visible = false;
    for (const std::string& n : s->flags_) visible = visible || !infos_.at(n).hidden;
    if (!visible) continue;
    std::string title = s->name();
    title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
    if (cols > 24) {
      // cliflag pads with a fake flag named z... of width cols-24 so that all sections
      // align the same; the fake flag's line is cut off again.
      NamedFlagSets wide("");
      std::string zzz(static_cast<size_t>(cols - 24), 'z');
      FlagSection& ws = wide.Section(s->name());
      for (const std::string& n : s->flags_) {
        FlagInfo copy = infos_.at(n);
        wide.infos_.emplace(n, copy);
        ws.flags_.push_back(n);
      }
      FlagInfo z = MakeInfo(zzz, "int", "0", zzz, [] { return std::string("0"); });
      wide.infos_.emplace(zzz, z);
      ws.flags_.push_back(zzz);
      std::string buf = "\n" + title + " flags:\n\n" + wide.Usages(ws, cols);
      size_t i = buf.find(zzz);
      std::string head = buf.substr(0, i);
      size_t last_nl = head.rfind('\n');
      out += head.substr(0, last_nl) + "\n";
    } else {
      out += "\n" + title + " flags:\n\n" + Usages(*s, cols);
    }
  }
  return out;
}

std::vector<std::string> NamedFlagSets::FlagLines() const {
  std::vector<std::string> out;
  for (const auto& [name, info] : infos_) {
    out.push_back("FLAG: --" + name + "=" + api::GoQuote(info.value()));
  }
  return out;
}

}  // namespace kubecxx::flags
