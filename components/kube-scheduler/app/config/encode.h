// Encoding a KubeSchedulerConfiguration as kube-scheduler's --write-config-to writes it:
// the internal configuration converted to v1 (so every defaulted scalar is present,
// plugin weights print as 0 when unset, every extension point as `{}` when empty) and
// the plugin args with their apiVersion/kind, marshalled by sigs.k8s.io/yaml (keys sorted).
//
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "components/kube-scheduler/app/config/types.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::config {

// The v1 JSON of a defaulted configuration.
std::string EncodeConfigJson(const KubeSchedulerConfiguration& cfg);

// YAML as written by --write-config-to. REQUIRES: cfg defaulted; pass the completed
// profiles (CompletedProfile) in cfg.profiles for byte equality with upstream.
StatusOr<std::string> EncodeConfigYaml(const KubeSchedulerConfiguration& cfg);

}  // namespace kubecxx::scheduler::config
