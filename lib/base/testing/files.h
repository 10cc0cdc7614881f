// File helpers for tests that read corpora and logs.
// Thread-safety: functions without shared state.
#pragma once

#include <string>
#include <vector>

namespace kubecxx::testing {

// The whole file, or "" when it cannot be read.
std::string ReadFile(const std::string& path);

// A multi-document YAML text split at lines that are exactly "---" (documents keep their
// trailing newlines; an empty text gives one empty document).
std::vector<std::string> SplitYamlDocuments(const std::string& text);

}  // namespace kubecxx::testing
