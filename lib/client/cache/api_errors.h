// The error classes the reflector acts on (client-go reflector.go's isExpiredError,
// isTooLargeResourceVersionError, isWatchErrorRetriable).
// Thread-safety: pure functions.
#pragma once

#include <string_view>

#include "lib/client/rest_client.h"

namespace kubecxx::client::cache {

// 410 Gone or reason Expired: the resourceVersion is older than the server keeps.
bool IsExpired(const ApiError& e);
// The requested resourceVersion is newer than the server has (cause ResourceVersionTooLarge,
// or the older servers' "Too large resource version" texts).
bool IsTooLargeResourceVersion(const ApiError& e);
// Connection refused or 429: back off and retry the same request instead of relisting.
bool IsRetriableWatchError(const ApiError& e);

}  // namespace kubecxx::client::cache
