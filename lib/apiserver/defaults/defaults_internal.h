// Shared pieces of the per-group defaulters (defaults.h). Internal to lib/apiserver/defaults.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>

#include "kubecxx/api/core/v1/types.h"
#include "lib/api/quantity.h"

namespace kubecxx::apiserver::defaults::internal {

// Defaults one object of the entry's kind (a pointer to the generated struct).
struct Entry {
  std::string_view group;
  std::string_view version;
  std::string_view kind;
  void (*apply)(void* obj);
};

std::span<const Entry> CoreEntries();
std::span<const Entry> AppsBatchEntries();
std::span<const Entry> OtherEntries();
std::span<const Entry> ResourceEntries();

// The image tag pkg/util/parsers.ParseImageName reports: "latest" when the reference has
// neither tag nor digest, "" when it does not parse (upstream ignores that error).
std::string ImageTag(std::string_view image);

// SetDefaults_ResourceList: every quantity rounded up to milli precision.
void DefaultResourceList(std::map<std::string, api::Quantity>& list);
// SetDefaults_PodSpec and everything zz_generated.defaults.go walks below a PodSpec
// (volumes, init/regular/ephemeral containers, overhead, pod-level resources): what every
// PodTemplateSpec embedding (Deployment, Job, ...) gets. Pod adds SetDefaults_Pod first.
void DefaultPodSpecTree(api::core::v1::PodSpec& spec);
// SetObjectDefaults for a PersistentVolumeClaim embedded in a StatefulSet.
void DefaultPersistentVolumeClaim(api::core::v1::PersistentVolumeClaim& pvc);

// The typed adaptor an Entry holds.
template <typename T, void (*F)(T&)>
void Apply(void* obj) {
  F(*static_cast<T*>(obj));
}

}  // namespace kubecxx::apiserver::defaults::internal
