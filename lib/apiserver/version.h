// /version as stock kube-apiserver serves it: version.Info as indented JSON
// (responsewriters.WriteRawJSON), the pinned release (gitVersion v1.37.2, emulation and
// minimum compatibility versions as upstream reports them) and our build facts
// (lib/metrics/build_info.h: compiler "kubecxx-...", goVersion "").
// Thread-safety: the handler is immutable.
#pragma once

#include <string>

#include "lib/server/router.h"

namespace kubecxx::apiserver {

std::string VersionJson();
void InstallVersionHandler(server::Router& router);

}  // namespace kubecxx::apiserver
