// Service validation (pkg/apis/core/validation ValidateServiceCreate / ValidateServiceUpdate)
// without the IP-family/ClusterIPs consistency rules (ValidateServiceClusterIPsRelatedFields)
// and IP syntax of externalIPs / loadBalancerSourceRanges. Internal to this folder.
#pragma once

#include "kubecxx/api/core/v1/types.h"
#include "lib/apiserver/validation/field.h"

namespace kubecxx::apiserver::validation::internal {

void ServiceCreate(Errors* out, const api::core::v1::Service& svc);
void ServiceUpdate(Errors* out, const api::core::v1::Service& svc,
                   const api::core::v1::Service& old);

}  // namespace kubecxx::apiserver::validation::internal
