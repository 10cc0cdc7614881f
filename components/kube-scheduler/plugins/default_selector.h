// The default selector of a pod's workload (plugins/helper DefaultSelector), which
// PodTopologySpread's system default constraints spread by, and the listers it reads.
//
// Thread-safety: WorkloadLister / NamespaceLister implementations must be safe for
// concurrent const calls (PreFilter/PreScore call them on the scheduling thread while
// informers update them).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kubecxx/api/apps/v1/types.h"
#include "kubecxx/api/core/v1/types.h"
#include "components/kube-scheduler/framework/label_selector.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::plugins {

using framework::LabelSelectorAsSelector;
using framework::PodSelector;

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

// Namespaces for InterPodAffinity's namespaceSelector (informer lister when running).
class NamespaceLister {
 public:
  virtual ~NamespaceLister() = default;
  // The namespace's labels; nullopt when unknown (upstream then assumes no labels).
  virtual std::optional<std::map<std::string, std::string>> Labels(std::string_view ns) const = 0;
  // Names of the namespaces whose labels match `selector`.
  virtual std::vector<std::string> List(const PodSelector& selector) const = 0;
};

// helper.DefaultSelector: the merged selectors of the services selecting the pod, then
// its controller's: a v1 ReplicationController's selector merged in, or the requirements
// of an apps/v1 ReplicaSet's / StatefulSet's selector added. Null lister = no workloads.
PodSelector DefaultSelector(const api::core::v1::Pod& pod, const WorkloadLister* lister);

}  // namespace kubecxx::scheduler::plugins
