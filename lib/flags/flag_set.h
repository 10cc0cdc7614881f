// FlagSet: the one command-line flag parser of kubecxx components, with spf13/pflag's
// semantics as component-base configures them:
//  * "--name=value" and "--name value"; a bool flag alone ("--name") means true and takes
//    a value only with '=' ("--name=false"); "-x" is a one-letter shorthand ("-v=2", "-v 2");
//  * '_' in a name is read as '-' (component-base's WordSepNormalizeFunc);
//  * "--" ends the flags; other non-flag arguments are positional (Args());
//  * string-slice flags split on commas, and a repeated flag appends (the first use replaces
//    the default); string-array flags append without splitting;
//  * errors carry pflag's texts: "unknown flag: --x", "flag needs an argument: --x",
//    "invalid argument \"v\" for \"--x\" flag: <reason>".
// Accepted() registers an upstream flag a component parses but does not implement yet: its
// value is kept (Ignored()) so the component can log a warning instead of failing.
//
// Thread-safety: a FlagSet and its targets belong to one thread (parse at startup).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/base/status.h"

namespace kubecxx::flags {

// strconv.ParseBool.
StatusOr<bool> ParseGoBool(std::string_view s);

class FlagSet {
 public:
  explicit FlagSet(std::string program) : program_(std::move(program)) {}

  // REQUIRES: each name is registered once; targets outlive Parse.
  void String(std::string name, std::string* target, std::string usage);
  void Bool(std::string name, bool* target, std::string usage);
  void Int(std::string name, int64_t* target, std::string usage);
  void Int32(std::string name, int32_t* target, std::string usage);
  // Go duration ("1m30s"), stored as nanoseconds.
  void Duration(std::string name, int64_t* target, std::string usage);
  void StringSlice(std::string name, std::vector<std::string>* target, std::string usage);
  void StringArray(std::string name, std::vector<std::string>* target, std::string usage);
  // A custom value; `set` gets each occurrence's text. is_bool: "--name" alone means "true".
  void Func(std::string name, bool is_bool, std::function<Status(std::string_view)> set,
            std::string usage);
  // An upstream flag accepted and not implemented (see the file comment).
  void Accepted(std::string name, bool is_bool);
  // REQUIRES: `name` is registered.
  void Shorthand(char letter, std::string name);

  bool Has(std::string_view name) const;
  // Parses `args` (without the program name); stops at the first error.
  Status Parse(const std::vector<std::string>& args);

  // Whether the flag was given on the command line.
  bool Changed(std::string_view name) const;
  const std::vector<std::string>& Args() const { return args_; }
  // Accepted() flags that were given, with their values, in command-line order.
  const std::vector<std::pair<std::string, std::string>>& Ignored() const { return ignored_; }

 private:
  struct Flag {
    bool is_bool = false;
    bool accepted_only = false;
    std::function<Status(std::string_view)> set;
    std::string usage;
  };
  void Add(std::string name, Flag flag);
  Status Set(const std::string& name, Flag& flag, std::string_view value, std::string_view shown);

  std::string program_;
  std::map<std::string, Flag, std::less<>> flags_;
  std::map<char, std::string> shorthands_;
  std::map<std::string, bool, std::less<>> changed_;
  std::vector<std::string> args_;
  std::vector<std::pair<std::string, std::string>> ignored_;
};

}  // namespace kubecxx::flags
