// The "kube" component's feature gates as kube-scheduler v1.37.2 knows them: the
// --feature-gates flag (colonSeparatedMultimapStringString: "[kube:]Name=bool,...", repeatable)
// and component-base's checks when the gates are applied, with upstream's texts:
//   unrecognized feature gate: Foo
//   cannot set feature gate NodeDeclaredFeatures to false, feature is locked to true
//   invalid value of StorageCapacityScoring=maybe, err: strconv.ParseBool: parsing "maybe": invalid syntax
//   component not registered: x
// Known: the 165 unlocked gates --help lists, plus the locked (GA) gates whose value the
// configuration depends on. A GA gate outside that set is reported unrecognized (upstream
// accepts setting it to true with a warning).
// AllAlpha/AllBeta are accepted and have no effect on other gates.
// Not checked: gate dependencies (e.g. "X is enabled, but depends on features that are
// disabled").
//
// Thread-safety: one thread (startup).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "components/kube-scheduler/app/config/defaults.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler {

class FeatureGates {
 public:
  // Records one --feature-gates occurrence (flag parse time: only the syntax is checked).
  Status AddFlagValue(std::string_view value);
  // pflag Value.String(): "kube:A=true,:B=false" in order given (":" = no component named),
  // "" if none.
  std::string FlagString() const;
  // Applies the recorded values (upstream's ComponentGlobalsRegistry.Set()).
  Status Apply();

  bool Enabled(std::string_view name) const;
  config::SchedulerFeatures SchedulerFeatures() const;

 private:
  std::vector<std::pair<std::string, std::string>> given_;  // (component:name, value)
  std::map<std::string, bool, std::less<>> overrides_;
};

}  // namespace kubecxx::scheduler
