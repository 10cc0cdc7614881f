// Pieces shared by the workload kinds (apps, batch) and the StatefulSet / Job / CronJob
// validators. Internal to this folder.
#pragma once

#include "kubecxx/api/apps/v1/types.h"
#include "kubecxx/api/batch/v1/types.h"
#include "lib/apiserver/validation/field.h"

namespace kubecxx::apiserver::validation::internal {

// The selector and template half of ValidateDeploymentSpec / ValidateReplicaSetSpec:
// selector required and valid, non-empty ("empty selector is invalid for <what>"), template
// labels matched, template validated, restartPolicy Always, no activeDeadlineSeconds.
void SelectorAndTemplate(Errors* out, const api::meta::v1::LabelSelector* selector,
                         const api::core::v1::PodTemplateSpec& t, std::string_view what,
                         const Path& spec);
// ValidateImmutableField on a selector (the bad value is the new selector as JSON).
void SelectorImmutable(Errors* out, const api::meta::v1::LabelSelector* next,
                       const api::meta::v1::LabelSelector* old, const Path& p);
// restartPolicy must be Always, activeDeadlineSeconds unset ("... in <kind> is not Supported").
void TemplateRestartAlways(Errors* out, const api::core::v1::PodTemplateSpec& t,
                           std::string_view kind, const Path& template_path);

void ReplicationControllerCreate(Errors* out, const api::core::v1::ReplicationController& rc);
void ReplicationControllerUpdate(Errors* out, const api::core::v1::ReplicationController& rc,
                                 const api::core::v1::ReplicationController& old);
void StatefulSetCreate(Errors* out, const api::apps::v1::StatefulSet& s);
void StatefulSetUpdate(Errors* out, const api::apps::v1::StatefulSet& s,
                       const api::apps::v1::StatefulSet& old);
void JobCreate(Errors* out, const api::batch::v1::Job& j);
void JobUpdate(Errors* out, const api::batch::v1::Job& j, const api::batch::v1::Job& old);
void CronJobCreate(Errors* out, const api::batch::v1::CronJob& c);
void CronJobUpdate(Errors* out, const api::batch::v1::CronJob& c,
                   const api::batch::v1::CronJob& old);

}  // namespace kubecxx::apiserver::validation::internal
