// The strict YAML pass sigs.k8s.io/yaml runs before strict JSON decoding: mapping keys
// given twice in the same mapping. Returns "" or go-yaml's text, e.g.
//   yaml: unmarshal errors:
//     line 6: key "parallelism" already set in map
// Keys compare by their scalar text (go-yaml compares decoded values, so "1" and "01"
// differ here and there alike, but "yes" and "true" do not). Malformed YAML yields ""
// (the converter reports it).
//
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

namespace kubecxx::scheduler::config {

std::string DuplicateYamlKeys(std::string_view yaml);

}  // namespace kubecxx::scheduler::config
