// Label selectors as the scheduler's plugins use them (apimachinery
// metav1.LabelSelectorAsSelector, labels.Nothing/Everything) and the default selector
// of a pod's workload (plugins/helper DefaultSelector), which PodTopologySpread's system
// default constraints spread by.
//
// Thread-safety: PodSelector is an immutable value; WorkloadLister implementations must
// be safe for concurrent const calls (PreFilter/PreScore call them on the scheduling
// thread while informers update them).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kubecxx/api/apps/v1/types.h"
#include "kubecxx/api/core/v1/types.h"
#include "lib/api/labels.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::plugins {

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

// The objects DefaultSelector consults (informer listers in the running scheduler).
class WorkloadLister {
 public:
  virtual ~WorkloadLister() = default;
  virtual std::vector<std::shared_ptr<const api::core::v1::Service>> Services(std::string_view ns) const = 0;
  virtual std::shared_ptr<const api::core::v1::ReplicationController> ReplicationController(
      std::string_view ns, std::string_view name) const = 0;
  virtual std::shared_ptr<const api::apps::v1::ReplicaSet> ReplicaSet(std::string_view ns,
                                                                       std::string_view name) const = 0;
  virtual std::shared_ptr<const api::apps::v1::StatefulSet> StatefulSet(std::string_view ns,
                                                                        std::string_view name) const = 0;
};

// helper.DefaultSelector: the merged selectors of the services selecting the pod, then
// its controller's: a v1 ReplicationController's selector merged in, or the requirements
// of an apps/v1 ReplicaSet's / StatefulSet's selector added. Null lister = no workloads.
PodSelector DefaultSelector(const api::core::v1::Pod& pod, const WorkloadLister* lister);

}  // namespace kubecxx::scheduler::plugins
