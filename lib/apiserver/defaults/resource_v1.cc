// resource.k8s.io/v1 defaulters (k8s.io/kubernetes@v1.37.2 pkg/apis/resource/v1 defaults.go
// and zz_generated.defaults.go): device requests' allocation mode and count, tolerations'
// operator Equal (+default marker), device taints' timeAdded (now, whole seconds).
#include "kubecxx/api/resource/v1/types.h"
#include "lib/api/time.h"
#include "lib/apiserver/defaults/defaults_internal.h"

namespace kubecxx::apiserver::defaults::internal {
namespace {

namespace res = api::resource::v1;

void Tolerations(std::vector<res::DeviceToleration>& tolerations) {
  for (auto& t : tolerations) {
    if (t.operator_.empty()) t.operator_ = "Equal";
  }
}

template <typename R>
void AllocationMode(R& r) {
  if (r.allocation_mode.empty()) r.allocation_mode = "ExactCount";
  if (r.allocation_mode == "ExactCount" && r.count == 0) r.count = 1;
  Tolerations(r.tolerations);
}

void ClaimSpec(res::ResourceClaimSpec& spec) {
  for (auto& r : spec.devices.requests) {
    if (r.exactly) AllocationMode(*r.exactly);
    for (auto& sub : r.first_available) AllocationMode(sub);
  }
}

void ResourceClaim(res::ResourceClaim& c) {
  ClaimSpec(c.spec);
  if (c.status.allocation) {
    for (auto& result : c.status.allocation->devices.results) Tolerations(result.tolerations);
  }
}

void ResourceClaimTemplate(res::ResourceClaimTemplate& t) { ClaimSpec(t.spec.spec); }

void ResourceSlice(res::ResourceSlice& s) {
  for (auto& d : s.spec.devices) {
    for (auto& taint : d.taints) {
      if (!taint.time_added) taint.time_added = kubecxx::Box<api::Time>(api::Now());
    }
  }
}

// SetObjectDefaults_DeviceTaintRule (the v1 kind is stored as v1beta2; conversion after this).
void DeviceTaintRule(res::DeviceTaintRule& r) {
  if (!r.spec.taint.time_added) r.spec.taint.time_added = kubecxx::Box<api::Time>(api::Now());
}

constexpr Entry kEntries[] = {
    {"resource.k8s.io", "v1", "DeviceTaintRule", &Apply<res::DeviceTaintRule, DeviceTaintRule>},
    {"resource.k8s.io", "v1", "ResourceClaim", &Apply<res::ResourceClaim, ResourceClaim>},
    {"resource.k8s.io", "v1", "ResourceClaimTemplate",
     &Apply<res::ResourceClaimTemplate, ResourceClaimTemplate>},
    {"resource.k8s.io", "v1", "ResourceSlice", &Apply<res::ResourceSlice, ResourceSlice>},
};

}  // namespace

std::span<const Entry> ResourceEntries() { return kEntries; }

}  // namespace kubecxx::apiserver::defaults::internal
