// The configuration errors upstream only finds when scheduler.New builds the profiles'
// frameworks (profile.NewMap / frameworkruntime.NewFramework), reproduced for the cases
// that depend on the configuration alone, with upstream's texts:
//   initializing profiles: creating profile for scheduler name default-scheduler: initializing plugin "NodeResourcesFit": <its args validation>
//   initializing profiles: creating profile for scheduler name default-scheduler: FilterPlugin "Foo" does not exist
// Checked: NodeResourcesFit's args (validated only by the plugin, see validation.h) and
// plugin names outside the in-tree registry, explicit extension points first (in the
// framework's order), then multiPoint (named after the first extension point not
// disabled with "*").
// Not checked: whether a plugin implements the extension point it is listed under,
// double registration, the number of queue-sort and bind plugins, score weights.
//
// Thread-safety: pure function.
#pragma once

#include "components/kube-scheduler/app/config/types.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::config {

// REQUIRES: cfg validated and defaulted.
Status CheckProfilesAsFramework(const KubeSchedulerConfiguration& cfg);

}  // namespace kubecxx::scheduler::config
