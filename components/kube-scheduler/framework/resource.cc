#include "components/kube-scheduler/framework/resource.h"

#include <algorithm>
#include <vector>

namespace kubecxx::scheduler::framework {
namespace {

using api::Quantity;
using api::core::v1::Container;
using api::core::v1::ContainerStatus;
using api::core::v1::Pod;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// content.IsDNS1123Subdomain.
bool IsDns1123Subdomain(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    std::string_view label = s.substr(start, dot == std::string_view::npos ? s.npos : dot - start);
    if (label.empty()) return false;
    for (char c : label) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    if (label.front() == '-' || label.back() == '-') return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// content.IsLabelKey (a.k.a. IsQualifiedName).
bool IsQualifiedName(std::string_view s) {
  std::string_view name = s;
  size_t slash = s.find('/');
  if (slash != std::string_view::npos) {
    if (s.find('/', slash + 1) != std::string_view::npos) return false;
    if (!IsDns1123Subdomain(s.substr(0, slash))) return false;
    name = s.substr(slash + 1);
  }
  if (name.empty() || name.size() > 63) return false;
  if (!IsAlnum(name.front()) || !IsAlnum(name.back())) return false;
  for (char c : name) {
    if (!IsAlnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

void AddResourceList(ResourceList& list, const ResourceList& add) {
  for (const auto& [name, q] : add) {
    auto it = list.find(name);
    if (it == list.end()) {
      list.emplace(name, q);
    } else {
      it->second.Add(q);
    }
  }
}

void MaxResourceList(ResourceList& list, const ResourceList& other) {
  for (const auto& [name, q] : other) {
    auto it = list.find(name);
    if (it == list.end()) {
      list.emplace(name, q);
    } else if (q.Cmp(it->second) > 0) {
      it->second = q;
    }
  }
}

ResourceList MaxOf(const ResourceList* a, std::initializer_list<const ResourceList*> rest) {
  ResourceList result = a ? *a : ResourceList{};
  for (const ResourceList* r : rest) {
    if (r) MaxResourceList(result, *r);
  }
  return result;
}

bool IsSupportedPodLevelResource(std::string_view name) {
  return name == kResourceCPU || name == kResourceMemory || IsHugePageResourceName(name);
}

bool IsPodResizeInfeasible(const Pod& pod) {
  for (const auto& c : pod.status.conditions) {
    if (c.type == "PodResizePending") return c.reason == "Infeasible";
  }
  return false;
}

const ContainerStatus* FindContainerStatus(const Pod& pod, const std::string& name) {
  for (const auto& s : pod.status.container_statuses) {
    if (s.name == name) return &s;
  }
  for (const auto& s : pod.status.init_container_statuses) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

enum class Source { kSpec, kAllocated, kActuated };

// The requests of one container from the chosen source (null = none).
const ResourceList* ContainerRequests(const Container& c, const ContainerStatus* cs,
                                      bool resize_infeasible, Source source) {
  switch (source) {
    case Source::kSpec:
      return &c.resources.requests;
    case Source::kActuated:
      if (cs && cs->resources && !cs->resources->requests.empty()) return &cs->resources->requests;
      [[fallthrough]];
    case Source::kAllocated:
      if (cs && !cs->allocated_resources.empty()) return &cs->allocated_resources;
      if (resize_infeasible) return nullptr;
      return &c.resources.requests;
  }
  return nullptr;
}

ResourceList ApplyNonMissing(const ResourceList* reqs, const ResourceList& non_missing) {
  ResourceList out = reqs ? *reqs : ResourceList{};
  for (const auto& [name, q] : non_missing) {
    if (!reqs || reqs->find(name) == reqs->end()) out[name].Add(q);
  }
  return out;
}

bool IsRestartableInit(const Container& c) {
  return c.restart_policy.has_value() && *c.restart_policy == "Always";
}

ResourceList AggregateBy(const Pod& pod, const PodResourcesOptions& opts, Source source) {
  bool infeasible = opts.use_status_resources && IsPodResizeInfeasible(pod);
  auto requests_of = [&](const Container& c) {
    const ContainerStatus* cs = opts.use_status_resources ? FindContainerStatus(pod, c.name) : nullptr;
    const ResourceList* r = ContainerRequests(c, cs, infeasible, source);
    if (opts.non_missing_container_requests && !opts.non_missing_container_requests->empty()) {
      return ApplyNonMissing(r, *opts.non_missing_container_requests);
    }
    return r ? *r : ResourceList{};
  };
  ResourceList result;
  for (const Container& c : pod.spec.containers) AddResourceList(result, requests_of(c));
  ResourceList sidecars;  // restartable init containers started so far
  ResourceList init_max;
  for (const Container& c : pod.spec.init_containers) {
    ResourceList r = requests_of(c);
    if (IsRestartableInit(c)) {
      AddResourceList(result, r);
      AddResourceList(sidecars, r);
      MaxResourceList(init_max, sidecars);
    } else {
      ResourceList combined = r;
      AddResourceList(combined, sidecars);
      MaxResourceList(init_max, combined);
    }
  }
  MaxResourceList(result, init_max);
  return result;
}

ResourceList AggregateContainerRequests(const Pod& pod, const PodResourcesOptions& opts) {
  if (!opts.use_status_resources) return AggregateBy(pod, opts, Source::kSpec);
  bool infeasible = IsPodResizeInfeasible(pod);
  ResourceList spec = AggregateBy(pod, opts, Source::kSpec);
  ResourceList allocated, actuated;
  if (opts.in_place_pod_level_resources && !pod.status.allocated_resources.empty() &&
      pod.status.resources && !pod.status.resources->requests.empty()) {
    allocated = pod.status.allocated_resources;
    actuated = pod.status.resources->requests;
  } else {
    allocated = AggregateBy(pod, opts, Source::kAllocated);
    actuated = AggregateBy(pod, opts, Source::kActuated);
  }
  if (infeasible) return MaxOf(&actuated, {&allocated});
  return MaxOf(&spec, {&actuated, &allocated});
}

}  // namespace

bool IsPrefixedNativeResource(std::string_view name) {
  return name.find("kubernetes.io/") != std::string_view::npos;
}
bool IsNativeResource(std::string_view name) {
  return name.find('/') == std::string_view::npos || IsPrefixedNativeResource(name);
}
bool IsExtendedResourceName(std::string_view name) {
  if (IsNativeResource(name) || StartsWith(name, "requests.")) return false;
  return IsQualifiedName(std::string("requests.").append(name));
}
bool IsHugePageResourceName(std::string_view name) { return StartsWith(name, "hugepages-"); }
bool IsAttachableVolumeResourceName(std::string_view name) {
  return StartsWith(name, "attachable-volumes-");
}
bool IsScalarResourceName(std::string_view name) {
  return IsExtendedResourceName(name) || IsHugePageResourceName(name) ||
         IsPrefixedNativeResource(name) || IsAttachableVolumeResourceName(name);
}

bool IsPodLevelRequestsSet(const Pod& pod) {
  if (!pod.spec.resources) return false;
  for (const auto& [name, q] : pod.spec.resources->requests) {
    if (IsSupportedPodLevelResource(name)) return true;
  }
  return false;
}

ResourceList PodRequests(const Pod& pod, const PodResourcesOptions& opts) {
  ResourceList reqs;
  if (!opts.skip_container_level_resources) reqs = AggregateContainerRequests(pod, opts);
  if (!opts.skip_pod_level_resources && IsPodLevelRequestsSet(pod)) {
    ResourceList effective = pod.spec.resources->requests;
    if (opts.in_place_pod_level_resources && opts.use_status_resources && pod.status.resources) {
      const ResourceList* spec = IsPodResizeInfeasible(pod) ? nullptr : &pod.spec.resources->requests;
      effective = MaxOf(spec, {&pod.status.resources->requests, &pod.status.allocated_resources});
    }
    for (const auto& [name, q] : effective) {
      if (IsSupportedPodLevelResource(name)) reqs[name] = q;
    }
  }
  if (!opts.exclude_overhead) AddResourceList(reqs, pod.spec.overhead);
  return reqs;
}

void Resource::Add(const ResourceList& list) {
  for (const auto& [name, q] : list) {
    if (name == kResourceCPU) {
      milli_cpu += q.MilliValue();
    } else if (name == kResourceMemory) {
      memory += q.Value();
    } else if (name == kResourcePods) {
      allowed_pod_number += q.Value();
    } else if (name == kResourceEphemeralStorage) {
      ephemeral_storage += q.Value();
    } else if (IsScalarResourceName(name)) {
      scalar_resources[name] += q.Value();
    }
  }
}

void Resource::SetMaxResource(const ResourceList& list) {
  for (const auto& [name, q] : list) {
    if (name == kResourceMemory) {
      memory = std::max(memory, q.Value());
    } else if (name == kResourceCPU) {
      milli_cpu = std::max(milli_cpu, q.MilliValue());
    } else if (name == kResourceEphemeralStorage) {
      ephemeral_storage = std::max(ephemeral_storage, q.Value());
    } else if (IsScalarResourceName(name)) {
      int64_t& v = scalar_resources[name];
      v = std::max(v, q.Value());
    }
  }
}

int64_t Resource::Scalar(std::string_view name) const {
  auto it = scalar_resources.find(name);
  return it == scalar_resources.end() ? 0 : it->second;
}

Resource ResourceFromList(const ResourceList& list) {
  Resource r;
  r.Add(list);
  return r;
}

PodResource CalculatePodResource(const Pod& pod) {
  // v1.37 defaults: InPlacePodVerticalScaling (GA), PodLevelResources (beta, on),
  // InPlacePodLevelResourcesVerticalScaling (beta, on), DRANodeAllocatableResources (off).
  PodResourcesOptions opts;
  opts.use_status_resources = true;
  opts.in_place_pod_level_resources = true;
  ResourceList requests = PodRequests(pod, opts);

  // getNonMissingContainerRequests: scoring defaults for what neither containers nor the
  // pod level request.
  ResourceList non_missing;
  if (!IsPodLevelRequestsSet(pod)) {
    non_missing.emplace(kResourceCPU, Quantity::FromMilli(kDefaultMilliCPURequest, api::Format::kDecimalSI));
    non_missing.emplace(kResourceMemory, Quantity(kDefaultMemoryRequest, api::Format::kDecimalSI));
  } else {
    if (!requests.contains(std::string(kResourceCPU))) {
      non_missing.emplace(kResourceCPU, Quantity::FromMilli(kDefaultMilliCPURequest, api::Format::kDecimalSI));
    }
    if (!requests.contains(std::string(kResourceMemory))) {
      non_missing.emplace(kResourceMemory, Quantity(kDefaultMemoryRequest, api::Format::kDecimalSI));
    }
  }
  ResourceList non0 = requests;
  if (!non_missing.empty()) {
    opts.non_missing_container_requests = &non_missing;
    non0 = PodRequests(pod, opts);
  }
  PodResource out;
  out.resource.Add(requests);
  auto cpu = non0.find(std::string(kResourceCPU));
  auto mem = non0.find(std::string(kResourceMemory));
  out.non0_cpu = cpu == non0.end() ? 0 : cpu->second.MilliValue();
  out.non0_mem = mem == non0.end() ? 0 : mem->second.Value();
  return out;
}

}  // namespace kubecxx::scheduler::framework
