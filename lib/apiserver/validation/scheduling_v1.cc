// scheduling.k8s.io/v1 PriorityClass (pkg/apis/scheduling/validation).
#include "kubecxx/api/scheduling/v1/types.h"
#include "lib/apiserver/validation/kinds.h"
#include "lib/apiserver/validation/meta.h"

namespace kubecxx::apiserver::validation::internal {
namespace {

namespace scheduling = api::scheduling::v1;

constexpr int32_t kHighestUserDefinablePriority = 1000000000;

// schedulingapiv1.IsKnownSystemPriorityClass: "" when known, else the error text.
std::string SystemClassError(const scheduling::PriorityClass& pc) {
  struct Known {
    const char* name;
    int32_t value;
  };
  static const Known kKnown[] = {{"system-node-critical", 2000001000},
                                 {"system-cluster-critical", 2000000000}};
  for (const Known& k : kKnown) {
    if (pc.object_meta.name != k.name) continue;
    if (pc.value != k.value) {
      return "value of " + std::string(k.name) + " PriorityClass must be " + std::to_string(k.value);
    }
    if (pc.global_default) return "globalDefault of " + std::string(k.name) + " PriorityClass must be false";
    return "";
  }
  return pc.object_meta.name + " is not a known system priority class";
}

void PreemptionPolicy(Errors* out, const std::optional<std::string>& policy) {
  if (!policy) return;
  Path p("preemptionPolicy");
  if (policy->empty()) {
    out->push_back(Required(p));
  } else if (*policy != "PreemptLowerPriority" && *policy != "Never") {
    out->push_back(NotSupported(p, *policy, {"PreemptLowerPriority", "Never"}));
  }
}

void PriorityClassCreate(Errors* out, const scheduling::PriorityClass& pc) {
  MetaRules rules;
  rules.namespaced = false;
  ValidateObjectMeta(out, pc.object_meta, rules, Path("metadata"));
  if (pc.object_meta.name.rfind("system-", 0) == 0) {
    if (std::string e = SystemClassError(pc); !e.empty()) {
      out->push_back(Forbidden(Path("metadata").Child("name"),
                               "priority class names with 'system-' prefix are reserved for "
                               "system use only. error: " + e));
    }
  } else if (pc.value > kHighestUserDefinablePriority) {
    out->push_back(Forbidden(Path("value"), "maximum allowed value of a user defined priority is " +
                                                std::to_string(kHighestUserDefinablePriority)));
  }
  PreemptionPolicy(out, pc.preemption_policy);
}

void PriorityClassUpdate(Errors* out, const scheduling::PriorityClass& pc,
                         const scheduling::PriorityClass& old) {
  ValidateObjectMetaUpdate(out, pc.object_meta, old.object_meta, true, Path("metadata"));
  if (pc.value != old.value) out->push_back(Forbidden(Path("value"), "may not be changed in an update."));
  if (pc.preemption_policy != old.preemption_policy) {
    out->push_back(Invalid(Path("preemptionPolicy"),
                           pc.preemption_policy ? QuoteJson(*pc.preemption_policy) : "null", kImmutableMsg));
  }
}

const KindValidator kScheduling[] = {
    {"scheduling.k8s.io", "PriorityClass", Create<scheduling::PriorityClass, PriorityClassCreate>,
     Update<scheduling::PriorityClass, PriorityClassUpdate>},
};

}  // namespace

std::span<const KindValidator> SchedulingKinds() { return kScheduling; }

}  // namespace kubecxx::apiserver::validation::internal
