#include "lib/flags/flag_set.h"

#include <cassert>
#include <memory>

#include "lib/api/go_strconv.h"
#include "lib/api/time.h"

namespace kubecxx::flags {
namespace {

std::string Normalize(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c == '_') c = '-';
  }
  return out;
}

// encoding/csv's reading of one line, as pflag's stringSlice does (quotes allowed).
StatusOr<std::vector<std::string>> SplitCsv(std::string_view s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  std::string cur;
  bool quoted = false;
  bool field_start = true;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < s.size() && s[i + 1] == '"') {
          cur.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cur.push_back(c);
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
  if (quoted) return Status::Invalid("parse error on line 1, column " + std::to_string(s.size()) +
                                     ": extraneous or missing \" in quoted-field");
  out.push_back(std::move(cur));
  return out;
}

}  // namespace

StatusOr<bool> ParseGoBool(std::string_view s) {
  if (s == "1" || s == "t" || s == "T" || s == "TRUE" || s == "true" || s == "True") return true;
  if (s == "0" || s == "f" || s == "F" || s == "FALSE" || s == "false" || s == "False") return false;
  return Status::Invalid("strconv.ParseBool: parsing " + api::GoQuote(s) + ": invalid syntax");
}

void FlagSet::Add(std::string name, Flag flag) {
  std::string n = Normalize(name);
  assert(flags_.find(n) == flags_.end() && "flag registered twice");
  flags_.emplace(std::move(n), std::move(flag));
}

void FlagSet::String(std::string name, std::string* target, std::string usage) {
  Add(std::move(name), Flag{false, false, [target](std::string_view v) {
                              target->assign(v);
                              return Status::Ok();
                            }, std::move(usage)});
}

void FlagSet::Bool(std::string name, bool* target, std::string usage) {
  Add(std::move(name), Flag{true, false, [target](std::string_view v) -> Status {
                              auto b = ParseGoBool(v);
                              if (!b.ok()) return b.status();
                              *target = *b;
                              return Status::Ok();
                            }, std::move(usage)});
}

void FlagSet::Int(std::string name, int64_t* target, std::string usage) {
  Add(std::move(name), Flag{false, false, [target](std::string_view v) -> Status {
                              auto n = api::ParseGoInt64(v);
                              if (!n) {
                                return Status::Invalid("strconv.ParseInt: parsing " +
                                                       api::GoQuote(v) + ": invalid syntax");
                              }
                              *target = *n;
                              return Status::Ok();
                            }, std::move(usage)});
}

void FlagSet::Int32(std::string name, int32_t* target, std::string usage) {
  Add(std::move(name), Flag{false, false, [target](std::string_view v) -> Status {
                              auto n = api::ParseGoInt64(v);
                              if (!n) {
                                return Status::Invalid("strconv.ParseInt: parsing " +
                                                       api::GoQuote(v) + ": invalid syntax");
                              }
                              if (*n < INT32_MIN || *n > INT32_MAX) {
                                return Status::Invalid("strconv.ParseInt: parsing " +
                                                       api::GoQuote(v) + ": value out of range");
                              }
                              *target = static_cast<int32_t>(*n);
                              return Status::Ok();
                            }, std::move(usage)});
}

void FlagSet::Duration(std::string name, int64_t* target, std::string usage) {
  Add(std::move(name), Flag{false, false, [target](std::string_view v) -> Status {
                              auto d = api::ParseGoDuration(v);
                              if (!d.ok()) return d.status();
                              *target = *d;
                              return Status::Ok();
                            }, std::move(usage)});
}

void FlagSet::StringSlice(std::string name, std::vector<std::string>* target, std::string usage) {
  auto first = std::make_shared<bool>(true);
  Add(std::move(name), Flag{false, false, [target, first](std::string_view v) -> Status {
                              auto parts = SplitCsv(v);
                              if (!parts.ok()) return parts.status();
                              if (*first) target->clear();
                              *first = false;
                              target->insert(target->end(), parts->begin(), parts->end());
                              return Status::Ok();
                            }, std::move(usage)});
}

void FlagSet::StringArray(std::string name, std::vector<std::string>* target, std::string usage) {
  auto first = std::make_shared<bool>(true);
  Add(std::move(name), Flag{false, false, [target, first](std::string_view v) -> Status {
                              if (*first) target->clear();
                              *first = false;
                              target->emplace_back(v);
                              return Status::Ok();
                            }, std::move(usage)});
}

void FlagSet::Func(std::string name, bool is_bool, std::function<Status(std::string_view)> set,
                   std::string usage) {
  Add(std::move(name), Flag{is_bool, false, std::move(set), std::move(usage)});
}

void FlagSet::Accepted(std::string name, bool is_bool) {
  Add(std::move(name), Flag{is_bool, true, nullptr, ""});
}

void FlagSet::Shorthand(char letter, std::string name) {
  assert(Has(name) && "shorthand for an unknown flag");
  shorthands_[letter] = Normalize(name);
}

bool FlagSet::Has(std::string_view name) const { return flags_.count(Normalize(name)) > 0; }

bool FlagSet::Changed(std::string_view name) const { return changed_.count(Normalize(name)) > 0; }

Status FlagSet::Set(const std::string& name, Flag& flag, std::string_view value,
                    std::string_view shown) {
  changed_[name] = true;
  if (flag.accepted_only) {
    ignored_.emplace_back(name, std::string(value));
    return Status::Ok();
  }
  Status s = flag.set(value);
  if (!s.ok()) {
    return Status::Invalid("invalid argument " + api::GoQuote(value) + " for \"" +
                           std::string(shown) + "\" flag: " + s.message());
  }
  return Status::Ok();
}

Status FlagSet::Parse(const std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      args_.insert(args_.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      return Status::Ok();
    }
    if (a.size() < 2 || a[0] != '-') {
      args_.push_back(a);
      continue;
    }
    bool long_form = a[1] == '-';
    std::string_view body = std::string_view(a).substr(long_form ? 2 : 1);
    if (body.empty() || body[0] == '-' || body[0] == '=') {
      return Status::Invalid("bad flag syntax: " + a);
    }
    size_t eq = body.find('=');
    std::string name;
    std::string shown;
    if (long_form) {
      name = Normalize(body.substr(0, eq));
      shown = "--" + name;
      // pflag names a flag with a shorthand as "-v, --v" however it was given.
      for (const auto& [letter, target] : shorthands_) {
        if (target == name) shown = "-" + std::string(1, letter) + ", --" + name;
      }
    } else {
      auto sh = shorthands_.find(body[0]);
      if (sh == shorthands_.end()) {
        return Status::Invalid("unknown shorthand flag: '" + std::string(1, body[0]) + "' in " + a);
      }
      if (body.size() > 1 && body[1] != '=') {
        // "-v2": the rest is the value.
        auto it = flags_.find(sh->second);
        if (it == flags_.end()) return Status::Internal("shorthand without flag");
        if (!it->second.is_bool) {
          KUBECXX_RETURN_IF_ERROR(Set(sh->second, it->second, body.substr(1),
                                      "-" + std::string(1, body[0]) + ", --" + sh->second));
          continue;
        }
        return Status::Invalid("unknown shorthand flag: '" + std::string(1, body[1]) + "' in " + a);
      }
      name = sh->second;
      shown = "-" + std::string(1, body[0]) + ", --" + name;
      eq = body.size() > 1 ? 1 : std::string_view::npos;
    }
    auto it = flags_.find(name);
    if (it == flags_.end()) {
      return Status::Invalid("unknown flag: --" + name);
    }
    Flag& flag = it->second;
    std::string value;
    if (eq != std::string_view::npos) {
      value = std::string(body.substr(eq + 1));
    } else if (flag.is_bool) {
      value = "true";
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return Status::Invalid("flag needs an argument: " + shown);
    }
    KUBECXX_RETURN_IF_ERROR(Set(name, flag, value, shown));
  }
  return Status::Ok();
}

}  // namespace kubecxx::flags
