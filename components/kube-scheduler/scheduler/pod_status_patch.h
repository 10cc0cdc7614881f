// The pods/status patches the scheduler sends (upstream updatePod / preemption's
// PreemptPod + util.PatchPodStatus): a condition with the type, status, reason and message,
// observedGeneration = metadata.generation (PodObservedGenerationTracking is GA),
// lastTransitionTime kept when the status did not change, and nominatedNodeName set or
// cleared when asked (ModeOverride; nullopt = leave it).
//
// The patch is what strategicpatch.CreateTwoWayMergePatch produces for that change: keys
// sorted, "$setElementOrder/conditions" with every condition type in order, a new condition
// in full (lastProbeTime null), a changed one with its changed fields and its type.
//
// Thread-safety: pure function.
#pragma once

#include <optional>
#include <string>

#include "kubecxx/api/core/v1/types.h"
#include "lib/api/time.h"

namespace kubecxx::scheduler {

// nullopt when nothing would change (upstream sends no request then). `condition` may be
// null (only the nomination changes); its lastTransitionTime and observedGeneration are
// computed here.
std::optional<std::string> PodConditionPatch(const api::core::v1::Pod& pod, const api::core::v1::PodCondition* condition,
                                             const std::optional<std::string>& nominated, api::Time now);

// PodScheduled=False with reason and message.
std::optional<std::string> PodScheduledFalsePatch(const api::core::v1::Pod& pod, const std::string& reason,
                                                  const std::string& message,
                                                  const std::optional<std::string>& nominated, api::Time now);

// Just "nominatedNodeName": null (nullopt when the pod has none).
std::optional<std::string> ClearNominatedNodeNamePatch(const api::core::v1::Pod& pod);

}  // namespace kubecxx::scheduler
