// Turns a RestConfig into the objects that carry requests: the HTTP transport (TLS,
// credentials, user agent, compression), the client-side rate limiter, and the
// RequestExecutor combining them — client-go's rest.HTTPClientFor + RESTClientFor defaults.
//
// Thread-safety: functions without shared state; the results are thread-safe.
#pragma once

#include <memory>

#include "lib/base/clock.h"
#include "lib/base/status.h"
#include "lib/client/rate_limiter.h"
#include "lib/client/request_executor.h"
#include "lib/client/rest_config.h"
#include "lib/net/http_transport.h"

namespace kubecxx::client {

// rest.TLSConfigFor + transport: fails on unusable TLS material, a CA together with
// insecure ("specifying a root certificates file with the insecure flag is not allowed"),
// or a host that is not an http(s) URL.
StatusOr<std::shared_ptr<net::HttpTransport>> NewTransport(const RestConfig& config);

// flowcontrol.NewTokenBucketRateLimiter(qps, burst) with rest defaults (0 -> 5 qps,
// 0 -> burst 10); null when qps < 0 (no client-side limit).
std::shared_ptr<RateLimiter> NewRateLimiter(const RestConfig& config,
                                            Clock* clock = Clock::Real());

// A RequestExecutor over NewTransport(config) and NewRateLimiter(config); `options`
// supplies the rest (retries, warning handler, clock); its rate_limiter is replaced.
StatusOr<std::unique_ptr<RequestExecutor>> NewRequestExecutor(
    const RestConfig& config, RequestExecutorOptions options = {});

}  // namespace kubecxx::client
