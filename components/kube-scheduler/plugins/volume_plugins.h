// Factories of the four volume plugins of the default profile (VolumeRestrictions,
// NodeVolumeLimits, VolumeBinding, VolumeZone), shared by the default profile and the
// configuration's profile builder.
// Thread-safety: call at startup.
#pragma once

#include <string_view>

#include "components/kube-scheduler/framework/profile.h"
#include "components/kube-scheduler/plugins/volume_binding.h"
#include "components/kube-scheduler/plugins/volume_listers.h"

namespace kubecxx::scheduler::plugins {

// The factory for `name`, or null when it is no volume plugin. A null lister makes the
// plugins see no volume objects at all (every claim missing).
// REQUIRES: lister and api outlive the profile.
framework::PluginFactory VolumePluginFactory(std::string_view name, const VolumeBindingArgs& args,
                                             const VolumeLister* lister, VolumeBindingApi* api);

}  // namespace kubecxx::scheduler::plugins
