// The pod family of pkg/apis/core/validation: PodSpec (ValidatePodSpec), PodTemplateSpec,
// Pod create/update (ValidatePodCreate / ValidatePodUpdate: spec immutable but for the
// listed fields) and PodTemplate. Not yet: security contexts, affinity, topology spread,
// DNS config, volume sources beyond their type count and the common fields of emptyDir,
// hostPath, secret, configMap and persistentVolumeClaim. Internal to this folder.
#pragma once

#include "kubecxx/api/core/v1/types.h"
#include "lib/apiserver/validation/field.h"

namespace kubecxx::apiserver::validation::internal {

namespace core = api::core::v1;

// ValidatePodSpec; pod_meta is the Pod's metadata (nullptr inside templates), is_pod
// selects the Pod-only rules (hostPort must equal containerPort with hostNetwork).
void ValidatePodSpec(Errors* out, const core::PodSpec& spec, bool is_pod, const Path& p);
// ValidatePodTemplateSpec (labels, annotations, spec, no ephemeral containers).
void ValidatePodTemplateSpec(Errors* out, const core::PodTemplateSpec& t, const Path& p);

void PodCreate(Errors* out, const core::Pod& pod);
void PodUpdate(Errors* out, const core::Pod& pod, const core::Pod& old);
void PodTemplateCreate(Errors* out, const core::PodTemplate& t);
void PodTemplateUpdate(Errors* out, const core::PodTemplate& t, const core::PodTemplate& old);

// volumes.cc
// validatePathNoBacksteps / validateLocalDescendingPath.
void NoBacksteps(Errors* out, const std::string& path, const Path& p);
void LocalDescendingPath(Errors* out, const std::string& path, const Path& p);
void ValidateVolumes(Errors* out, const std::vector<core::Volume>& volumes,
                     std::map<std::string, const core::VolumeSource*>* by_name, const Path& p);
// containers.cc
void ValidateContainers(Errors* out, const core::PodSpec& spec,
                        const std::map<std::string, const core::VolumeSource*>& volumes,
                        const Path& p);
void ValidateInitContainers(Errors* out, const core::PodSpec& spec,
                            const std::map<std::string, const core::VolumeSource*>& volumes,
                            const Path& p);

}  // namespace kubecxx::apiserver::validation::internal
