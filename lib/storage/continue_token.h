// The list continue token, interchangeable with stock kube-apiserver's: unpadded URL-safe
// base64 of the JSON {"v":"meta.k8s.io/v1","rv":<revision>,"start":"<next key relative to
// the list's key prefix>"} (Go's encoding/json escaping, so the bytes match stock's).
// Error texts are upstream's (k8s.io/apiserver pkg/storage/continue.go).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "lib/base/status.h"

namespace kubecxx::storage {

struct ContinuePosition {
  std::string start_key;  // absolute etcd key to continue from (key_prefix + start)
  int64_t revision = 0;   // -1 = continue at the latest revision (after a compaction)
};

// REQUIRES: `key` starts with `key_prefix`, else kInvalidArgument.
StatusOr<std::string> EncodeContinue(std::string_view key, std::string_view key_prefix,
                                     int64_t revision);
// kInvalidArgument with upstream's message for every malformed token.
StatusOr<ContinuePosition> DecodeContinue(std::string_view token, std::string_view key_prefix);

}  // namespace kubecxx::storage
