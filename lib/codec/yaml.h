// YAML as Kubernetes speaks it: sigs.k8s.io/yaml (v1.6) over go.yaml.in/yaml/v2 (v2.4).
//
// Kubernetes never decodes YAML into typed objects directly. sigs.k8s.io/yaml turns
// YAML into JSON and lets the JSON decoder do the rest, and marshals by writing JSON
// first and converting that to YAML. These two functions are exactly those
// conversions, so a typed codec is "JSON codec + YamlToJson/JsonToYaml":
//
//   YamlToJson(y) == sigs.k8s.io/yaml.YAMLToJSON(y)   (byte for byte)
//   JsonToYaml(j) == sigs.k8s.io/yaml.JSONToYAML(j)   (byte for byte)
//
// which means YAML 1.1 scalars (unquoted yes/no/on/off/y/n are booleans, 0x1F, 0o17
// and 017 are integers, 1_000 is 1000, `~` is null), keys sorted the way go-yaml
// sorts them (digit runs compared as numbers: a2 < a10), sequences written at their
// key's column, strings quoted only when go-yaml would read them back as something
// else, multi-line strings as `|` blocks, long lines folded at column 80.
//
// Where we differ from Go (proven against Go on fixtures, fuzzed documents and
// ~11,000 real-world YAML files; see yaml_test.cc):
//  - JSON surrogate-pair escapes (\uD83D\uDE00) and "\/": go-yaml cannot read them,
//    so Go's JSONToYAML fails; we decode them. Go's own JSON writer emits neither.
//  - U+2028/U+2029 inside YAML block or plain scalars: YAML 1.1 reads them as line
//    breaks, yaml-cpp as text (inside quoted scalars we follow YAML 1.1).
//  - Malformed YAML: yaml-cpp and libyaml disagree on a few documents, mostly on
//    text after a complete first document (Go ignores the stray "]" in "[a]]", we
//    reject it; some the other way round). Common mistakes in manifests (a key
//    without ':', a bad indent, an unterminated quote, an unknown escape) fail as in
//    Go. Error texts differ.
//  - Nesting deeper than yaml-cpp's 2000 levels fails (go-yaml allows 10000);
//    UTF-16 input fails (go-yaml converts it).
//  - Keys whose go-yaml order is not transitive (e.g. "x1y", "x2", "x10") come out
//    in one of the orders Go's randomised map iteration can produce.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lib/base/status.h"

namespace kubecxx::codec {

// Converts the first YAML document of `yaml` into compact JSON text, with keys
// sorted and numbers normalised exactly as Go's json.Marshal writes the generic
// value go-yaml decoded (1.0 -> 1, 0x10 -> 16, 1e3 -> 1000). An empty stream is
// `null`. Errors are InvalidArgument and name the line and column (1-based).
// duplicates: when set, receives go-yaml's strict-mode texts for keys repeated within one
// mapping ("line 5: key \"name\" already set in map"; YAMLToJSONStrict's errors).
StatusOr<std::string> YamlToJson(std::string_view yaml, std::vector<std::string>* duplicates);
StatusOr<std::string> YamlToJson(std::string_view yaml);

// Converts one JSON value into the YAML text sigs.k8s.io/yaml.Marshal writes for
// the object that JSON encodes. Empty (all-whitespace) input is "null\n", as in Go.
// Errors are InvalidArgument: invalid JSON, or input go-yaml refuses to read (raw
// control characters such as U+007F that Go's JSON writer leaves unescaped, a raw
// line break or more than 1024 characters inside a key).
StatusOr<std::string> JsonToYaml(std::string_view json);

}  // namespace kubecxx::codec
