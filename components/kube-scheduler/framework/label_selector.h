// Label selectors as the scheduler uses them: apimachinery metav1.LabelSelectorAsSelector
// with labels.Nothing() (what a null selector becomes) next to labels.Everything().
// Thread-safety: immutable values.
#pragma once

#include <string>
#include <vector>

#include "kubecxx/api/meta/v1/types.h"
#include "lib/api/labels.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::framework {

// A labels.Selector that can also be labels.Nothing() (what a nil LabelSelector becomes).
class PodSelector {
 public:
  static PodSelector Nothing() { return PodSelector(true, {}); }
  static PodSelector Everything() { return PodSelector(false, {}); }
  explicit PodSelector(api::Selector s) : nothing_(false), sel_(std::move(s)) {}

  template <typename Map>
  bool Matches(const Map& labels) const {
    return !nothing_ && sel_.Matches(labels);
  }
  // labels.Selector.Empty(): true only for Everything (Nothing is not empty).
  bool Empty() const { return !nothing_ && sel_.Empty(); }
  bool IsNothing() const { return nothing_; }
  const api::Selector& selector() const { return sel_; }
  // Selector.Add (no-op on Nothing, whose Requirements() reports !ok upstream).
  void Add(const std::vector<api::LabelRequirement>& reqs);
  std::string String() const { return nothing_ ? "<null>" : sel_.String(); }

 private:
  PodSelector(bool nothing, api::Selector s) : nothing_(nothing), sel_(std::move(s)) {}
  bool nothing_;
  api::Selector sel_;
};

// metav1.LabelSelectorAsSelector: null -> Nothing, empty -> Everything; matchLabels as
// "=" requirements, matchExpressions In/NotIn/Exists/DoesNotExist; an unknown operator
// fails with "\"<op>\" is not a valid label selector operator", invalid keys/values with
// labels.NewRequirement's error.
StatusOr<PodSelector> LabelSelectorAsSelector(const api::meta::v1::LabelSelector* ls);

}  // namespace kubecxx::scheduler::framework
