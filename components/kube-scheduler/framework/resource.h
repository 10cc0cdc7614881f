// Resource accounting of the scheduler: what a pod requests and what a node has, with
// upstream's v1.37 rules (k8s.io/component-helpers/resource PodRequests and
// pkg/scheduler/framework Resource).
//
// PodRequests sums the app containers, takes the max with the init-container phase (a
// regular init container runs alone next to the sidecars started before it; sidecars,
// i.e. init containers with restartPolicy Always, keep running and add to the total),
// applies pod-level requests (cpu, memory, hugepages-*) when set, and adds the pod
// overhead. With use_status_resources (in-place resize, on by default since v1.35) the
// per-container value is the max of spec, status.allocatedResources and
// status.resources.requests, or only the latter two when the resize is Infeasible.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "kubecxx/api/core/v1/types.h"
#include "lib/api/quantity.h"

namespace kubecxx::scheduler::framework {

using ResourceList = std::map<std::string, api::Quantity>;

// schedutil.DefaultMilliCPURequest / DefaultMemoryRequest: what scoring assumes for a
// container that requests no cpu / memory.
inline constexpr int64_t kDefaultMilliCPURequest = 100;                // 0.1 core
inline constexpr int64_t kDefaultMemoryRequest = 200 * 1024 * 1024;  // 200 MiB

inline constexpr std::string_view kResourceCPU = "cpu";
inline constexpr std::string_view kResourceMemory = "memory";
inline constexpr std::string_view kResourcePods = "pods";
inline constexpr std::string_view kResourceEphemeralStorage = "ephemeral-storage";

// v1helper predicates on resource names.
bool IsNativeResource(std::string_view name);          // no '/' or kubernetes.io/ prefix
bool IsPrefixedNativeResource(std::string_view name);  // contains "kubernetes.io/"
bool IsExtendedResourceName(std::string_view name);
bool IsHugePageResourceName(std::string_view name);          // "hugepages-" prefix
bool IsAttachableVolumeResourceName(std::string_view name);  // "attachable-volumes-" prefix
// schedutil.IsScalarResourceName: extended, hugepages, prefixed native or attachable.
bool IsScalarResourceName(std::string_view name);

struct PodResourcesOptions {
  // Consider container statuses (allocated / actuated resources), as for in-place resize.
  bool use_status_resources = false;
  // InPlacePodLevelResourcesVerticalScaling: pod-level status resources count as well.
  bool in_place_pod_level_resources = false;
  bool exclude_overhead = false;
  // Requests a container gets for resources it leaves unset (scoring defaults), or null.
  const ResourceList* non_missing_container_requests = nullptr;
  bool skip_pod_level_resources = false;
  bool skip_container_level_resources = false;
};

// resourcehelper.PodRequests.
ResourceList PodRequests(const api::core::v1::Pod& pod, const PodResourcesOptions& opts);

// resourcehelper.IsPodLevelRequestsSet: spec.resources.requests names cpu, memory or a
// hugepages-* resource.
bool IsPodLevelRequestsSet(const api::core::v1::Pod& pod);

// framework.Resource: the int64 view (milli-cpu, bytes, counts) of a ResourceList.
struct Resource {
  int64_t milli_cpu = 0;
  int64_t memory = 0;
  int64_t ephemeral_storage = 0;
  int64_t allowed_pod_number = 0;
  std::map<std::string, int64_t, std::less<>> scalar_resources;

  // Adds every known resource of `list` (unknown non-scalar names are ignored).
  void Add(const ResourceList& list);
  // Per resource: max(current, list[name]) (pods is not touched, as upstream).
  void SetMaxResource(const ResourceList& list);
  int64_t Scalar(std::string_view name) const;
  bool operator==(const Resource&) const = default;
};

Resource ResourceFromList(const ResourceList& list);

// fwk.PodResource: the requests a pod adds to a node, plus the cpu/memory that scoring
// counts (defaults for containers that request none).
struct PodResource {
  Resource resource;
  int64_t non0_cpu = 0;
  int64_t non0_mem = 0;
};

// PodInfo.CalculateResource with v1.37's default feature gates.
PodResource CalculatePodResource(const api::core::v1::Pod& pod);

}  // namespace kubecxx::scheduler::framework
