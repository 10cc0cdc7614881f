// The cluster events of the volume plugins (EventsToRegister of VolumeRestrictions,
// NodeVolumeLimits, VolumeBinding, VolumeZone with queueing hints on, as v1.37 runs),
// with their queueing hints. Hints upstream computes from listers it does not hold here
// (CSINode migrated-plugin annotations, CSIDriver storageCapacity, VolumeAttachment
// claims) are "Queue": a pod may be retried earlier than upstream would, never later.
// Thread-safety: pure values; the hints are pure functions.
#pragma once

#include <vector>

#include "components/kube-scheduler/queue/events.h"

namespace kubecxx::scheduler::plugins {

std::vector<queue::ClusterEventWithHint> VolumeEventsToRegister();

}  // namespace kubecxx::scheduler::plugins
