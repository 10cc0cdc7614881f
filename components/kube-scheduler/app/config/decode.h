// Decoding a --config file as kube-scheduler's loadConfig does (the scheme's
// UniversalDecoder): YAML (or JSON) to JSON, apiVersion/kind lookup, strict decoding of
// KubeSchedulerConfiguration v1 and of each pluginConfig's args into its registered
// "<Plugin>Args" kind (others stay raw), with upstream's error texts:
//   Object 'Kind' is missing in '<file>'
//   no kind "X" is registered for version "kubescheduler.config.k8s.io/v1beta3" in scheme "pkg/runtime/scheme.go:111"
//   json: cannot unmarshal number into Go struct field KubeSchedulerProfile.profiles.schedulerName of type string
//   strict decoding error: unknown field "foo", unknown field "profiles[0].bar"
//   strict decoding error: decoding .profiles[0].pluginConfig[0]: strict decoding error: decoding args for plugin X: strict decoding error: unknown field "foo"
//   decoding .profiles[0].pluginConfig[0]: args for plugin X were not of type XArgs.kubescheduler.config.k8s.io, got YArgs.kubescheduler.config.k8s.io
//   strict decoding error: yaml: unmarshal errors:\n  line 6: key "parallelism" already set in map
// Not the same as upstream: YAML syntax errors (our parser's wording).
//
// Thread-safety: pure functions.
#pragma once

#include <string_view>

#include "components/kube-scheduler/app/config/types.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::config {

// Decodes without defaulting.
StatusOr<KubeSchedulerConfiguration> DecodeConfig(std::string_view data);

// Decodes one args object of kind "<plugin>Args" (raw JSON text, "" = absent) as
// decodeNestedObjects does; unregistered kinds come back as UnknownArgs. Errors are the
// texts after "decoding .profiles[i].pluginConfig[j]: "; strict ones set *strict.
StatusOr<PluginArgs> DecodePluginArgs(std::string_view plugin, std::string_view raw_json,
                                      bool* strict);

}  // namespace kubecxx::scheduler::config
