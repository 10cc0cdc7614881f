// The REST client metrics of component-base/metrics/prometheus/restclient, with upstream's
// names, labels, help and buckets, in a lib/metrics registry:
//
//   rest_client_requests_total{code,method,host}        every attempt; code "<error>" when
//                                                       no response arrived
//   rest_client_request_retries_total{code,verb,host}   attempts after the first
//   rest_client_request_duration_seconds{verb,host}     a whole Do() call (not watches or
//                                                       streams), retries included
//   rest_client_rate_limiter_duration_seconds{verb,host} each client-side throttle wait
//
// verb/method is the HTTP method, host the URL's host[:port] as written.
//
// Thread-safety: safe for concurrent use (prometheus-cpp metrics are thread-safe).
#pragma once

#include <string>
#include <string_view>

#include "lib/metrics/registry.h"

namespace kubecxx::client {

class ClientMetrics {
 public:
  // Declares the metrics in `registry` (idempotent: the same families come back).
  explicit ClientMetrics(metrics::Registry& registry);
  // In metrics::Registry::Default().
  static ClientMetrics& Default();

  void RequestResult(std::string_view code, std::string_view method, std::string_view host);
  void RequestRetry(std::string_view code, std::string_view method, std::string_view host);
  void RequestLatency(std::string_view method, std::string_view host, double seconds);
  void RateLimiterLatency(std::string_view method, std::string_view host, double seconds);

 private:
  metrics::CounterVec& requests_;
  metrics::CounterVec& retries_;
  metrics::HistogramVec& latency_;
  metrics::HistogramVec& rate_limiter_;
};

// The host[:port] of an absolute URL ("https://10.0.0.1:6443/api" -> "10.0.0.1:6443");
// "none" when there is none.
std::string_view UrlHost(std::string_view url);

}  // namespace kubecxx::client
