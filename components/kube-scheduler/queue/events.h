// Cluster events and queueing hints (upstream fwk.ClusterEvent / ClusterEventWithHint /
// QueueingHintFn): what moves an unschedulable pod back towards activeQ.
//
// An event is a resource ("Pod" = the unscheduled pod itself, "AssignedPod", "Node",
// "*" = wildcard) and an action bitmask. A plugin registers the events that can make a
// pod it rejected schedulable, each with an optional hint function deciding Queue or
// QueueSkip for one pod (no function = Queue).
//
// Thread-safety: values; hint functions must be safe to call from the queue's callers.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "kubecxx/api/core/v1/types.h"
#include "kubecxx/api/storage/v1/types.h"

namespace kubecxx::scheduler::queue {

namespace action {
inline constexpr uint32_t kAdd = 1 << 0;
inline constexpr uint32_t kDelete = 1 << 1;
inline constexpr uint32_t kUpdateNodeAllocatable = 1 << 2;
inline constexpr uint32_t kUpdateNodeLabel = 1 << 3;
inline constexpr uint32_t kUpdateNodeTaint = 1 << 4;
inline constexpr uint32_t kUpdateNodeCondition = 1 << 5;
inline constexpr uint32_t kUpdatePodLabel = 1 << 6;
inline constexpr uint32_t kUpdatePodScaleDown = 1 << 7;
inline constexpr uint32_t kUpdatePodToleration = 1 << 8;
inline constexpr uint32_t kUpdatePodSchedulingGatesEliminated = 1 << 9;
inline constexpr uint32_t kUpdate = kUpdateNodeAllocatable | kUpdateNodeLabel | kUpdateNodeTaint | kUpdateNodeCondition |
                                    kUpdatePodLabel | kUpdatePodScaleDown | kUpdatePodToleration |
                                    kUpdatePodSchedulingGatesEliminated;
inline constexpr uint32_t kAll = kAdd | kDelete | kUpdate;
}  // namespace action

inline constexpr std::string_view kResourcePod = "Pod";
inline constexpr std::string_view kResourceAssignedPod = "AssignedPod";
inline constexpr std::string_view kResourceNode = "Node";
inline constexpr std::string_view kResourceWildCard = "*";
inline constexpr std::string_view kResourcePersistentVolume = "PersistentVolume";
inline constexpr std::string_view kResourcePersistentVolumeClaim = "PersistentVolumeClaim";
inline constexpr std::string_view kResourceStorageClass = "StorageClass";
inline constexpr std::string_view kResourceCSINode = "CSINode";
inline constexpr std::string_view kResourceCSIDriver = "CSIDriver";
inline constexpr std::string_view kResourceVolumeAttachment = "VolumeAttachment";
inline constexpr std::string_view kResourceCSIStorageCapacity = "CSIStorageCapacity";

struct ClusterEvent {
  std::string resource;
  uint32_t action = 0;
  std::string label;  // for logs/metrics, e.g. "NodeAdd", "UnschedulableTimeout"
};

// framework.MatchClusterEvents: same resource (or a wildcard registration) and a shared
// action bit.
bool MatchClusterEvents(const ClusterEvent& registered, const ClusterEvent& incoming);
// The wildcard events upstream uses to flush (UnschedulableTimeout, ForceActivate).
ClusterEvent UnschedulableTimeoutEvent();
bool IsWildCard(const ClusterEvent& e);

using EventObject = std::variant<std::monostate, std::shared_ptr<const api::core::v1::Pod>,
                                 std::shared_ptr<const api::core::v1::Node>,
                                 std::shared_ptr<const api::core::v1::PersistentVolume>,
                                 std::shared_ptr<const api::core::v1::PersistentVolumeClaim>,
                                 std::shared_ptr<const api::storage::v1::StorageClass>,
                                 std::shared_ptr<const api::storage::v1::CSINode>,
                                 std::shared_ptr<const api::storage::v1::CSIDriver>,
                                 std::shared_ptr<const api::storage::v1::VolumeAttachment>,
                                 std::shared_ptr<const api::storage::v1::CSIStorageCapacity>>;

// The object of type T in an event (null when absent or of another type).
template <typename T>
std::shared_ptr<const T> EventAs(const EventObject& o) {
  const auto* p = std::get_if<std::shared_ptr<const T>>(&o);
  return p ? *p : nullptr;
}

enum class QueueingHint { kQueueSkip, kQueue };
using QueueingHintFn = std::function<QueueingHint(const api::core::v1::Pod& pod, const EventObject& old_obj,
                                                  const EventObject& new_obj)>;

struct ClusterEventWithHint {
  ClusterEvent event;
  std::string plugin;
  QueueingHintFn hint;  // null: always Queue
};

// The events of the default-profile plugins kubecxx implements (EventsToRegister of
// NodeResourcesFit, NodeAffinity, NodePorts, NodeName, NodeUnschedulable,
// TaintToleration, PodTopologySpread, InterPodAffinity, SchedulingGates; the volume
// plugins' events are plugins::VolumeEventsToRegister()). Hints that
// upstream computes precisely are approximated here by "Queue" except for
// SchedulingGates (queue only once the gates are gone) and NodeUnschedulable (queue
// only for a schedulable node): a pod may be retried earlier than upstream would, never
// later.
std::vector<ClusterEventWithHint> DefaultEventsToRegister();

}  // namespace kubecxx::scheduler::queue
