// Random (version 4, RFC 4122 variant) UUIDs in the canonical lowercase text form
// "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", as github.com/google/uuid's New().String().
// Thread-safety: NewUUID may be called from any thread (a per-thread generator).
#pragma once

#include <string>

namespace kubecxx {

std::string NewUUID();

}  // namespace kubecxx
