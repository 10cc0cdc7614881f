// The pods/status patch the scheduler sends after a failed attempt (upstream updatePod +
// util.PatchPodStatus): PodScheduled=False with the reason and message, observedGeneration
// = metadata.generation (PodObservedGenerationTracking is GA), lastTransitionTime kept when
// the status was already False, and nominatedNodeName cleared when asked.
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

// nullopt when nothing would change (upstream sends no request then).
std::optional<std::string> PodScheduledFalsePatch(const api::core::v1::Pod& pod, const std::string& reason,
                                                  const std::string& message, bool clear_nomination,
                                                  api::Time now);

}  // namespace kubecxx::scheduler
