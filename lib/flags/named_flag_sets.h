// NamedFlagSets: component-base's cli/flag.NamedFlagSets over pflag, i.e. the flags of a
// component grouped in named sections ("misc", "secure serving", ...) for --help, parsed
// together by one FlagSet (flag_set.h) with pflag's semantics.
//
// What it adds to FlagSet is everything pflag knows about a flag besides parsing it:
//  * its type name and default value as pflag prints them (Value.Type(), DefValue),
//  * Sections(cols): cliflag.PrintSections, i.e. per non-empty section in registration
//    order "\n<Name> flags:\n\n" and pflag's FlagUsagesWrapped(cols) (flags sorted by name,
//    "  -v, --v Level   usage (default x)", back-quoted varnames, wrapping at `cols`; 0 =
//    no wrapping, which is what a component prints when stdout is no terminal),
//  * FlagLines(): cliflag.PrintFlags's `FLAG: --name="value"` lines (all flags, sorted),
//  * MarkDeprecated/MarkHidden: a deprecated flag is hidden from help and each use writes
//    "Flag --x has been deprecated, <msg>" to the warning output (stderr), as pflag does.
// Values print as Go's pflag prints them: durations as time.Duration.String(), float32 as
// strconv.FormatFloat(v, 'g', -1, 32), slices as "[a,b]".
//
// Thread-safety: one thread (parse at startup); targets must outlive Parse.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lib/base/status.h"
#include "lib/flags/flag_set.h"

namespace kubecxx::flags {

// Go's strconv.FormatFloat(float64(v), 'g', -1, 32).
std::string FormatGoFloat32(float v);
// pflag's float32 parser: strconv.ParseFloat(s, 32) with Go's error text.
StatusOr<float> ParseGoFloat32(std::string_view s);
// strconv.ParseInt(s, 0, 64): sign, 0x/0o/0b/0 prefixes, '_' between digits after a prefix.
StatusOr<int64_t> ParseGoIntBase0(std::string_view s);
// pflag's stringSlice/stringArray String(): "[" + the values as one CSV record + "]".
std::string FormatStringSlice(const std::vector<std::string>& values);

// One flag as pflag.Flag describes it.
struct FlagInfo {
  std::string name;
  char shorthand = 0;
  std::string type;            // Value.Type(): "string", "bool", "int32", "duration", ...
  std::string def_value;       // DefValue: Value.String() when the flag was registered
  std::string usage;
  std::string no_opt_def_val;  // value used for "--name" alone ("true" for bools)
  std::string deprecated;      // non-empty: deprecated (hidden, warned on use)
  bool hidden = false;
  std::function<std::string()> value;  // Value.String() now
};

class NamedFlagSets;

// The flags of one section. Each method registers the flag with the current value of
// *target as its default. REQUIRES: names are unique across all sections.
class FlagSection {
 public:
  void String(std::string name, std::string* target, std::string usage);
  void Bool(std::string name, bool* target, std::string usage);
  void Int(std::string name, int64_t* target, std::string usage);     // Go int
  void Int32(std::string name, int32_t* target, std::string usage);
  void Float32(std::string name, float* target, std::string usage);
  void Duration(std::string name, int64_t* target_nanos, std::string usage);
  void StringSlice(std::string name, std::vector<std::string>* target, std::string usage);
  void StringArray(std::string name, std::vector<std::string>* target, std::string usage);
  // A custom pflag.Value: `set` gets each occurrence's text; `value` prints it.
  // no_opt_def_val non-empty: "--name" alone means that value and never takes the next
  // argument (pflag's NoOptDefVal; bool flags use "true").
  void Custom(std::string name, std::string type, std::string no_opt_def_val,
              std::function<Status(std::string_view)> set, std::function<std::string()> value,
              std::string usage);

  const std::string& name() const { return name_; }

 private:
  friend class NamedFlagSets;
  FlagSection(NamedFlagSets* parent, std::string name) : parent_(parent), name_(std::move(name)) {}
  void Add(FlagInfo info, std::function<Status(std::string_view)> set);

  NamedFlagSets* parent_;
  std::string name_;
  std::vector<std::string> flags_;
};

class NamedFlagSets {
 public:
  explicit NamedFlagSets(std::string program);
  NamedFlagSets(const NamedFlagSets&) = delete;
  NamedFlagSets& operator=(const NamedFlagSets&) = delete;

  // The section `name`, created at the end of the order on first use.
  FlagSection& Section(const std::string& name);

  // REQUIRES: the flag is registered.
  void Shorthand(char letter, const std::string& name);
  void MarkDeprecated(const std::string& name, std::string message);
  void MarkHidden(const std::string& name);
  // Where deprecation warnings go (default: stderr).
  void SetWarningOutput(std::function<void(std::string_view)> out) { warn_ = std::move(out); }

  // Parses the command line (without the program name); pflag's error texts.
  Status Parse(const std::vector<std::string>& args);
  bool Changed(std::string_view name) const { return set_.Changed(name); }
  const std::vector<std::string>& Args() const { return set_.Args(); }
  const FlagInfo* Find(std::string_view name) const;

  std::string Sections(int cols) const;
  std::vector<std::string> FlagLines() const;

 private:
  friend class FlagSection;
  std::string Usages(const FlagSection& section, int cols) const;

  FlagSet set_;
  std::vector<std::unique_ptr<FlagSection>> sections_;
  std::map<std::string, FlagInfo, std::less<>> infos_;
  std::function<void(std::string_view)> warn_;
};

}  // namespace kubecxx::flags
