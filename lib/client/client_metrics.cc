#include "lib/client/client_metrics.h"

namespace kubecxx::client {
namespace {

metrics::Opts Alpha(std::string name, std::string help) {
  metrics::Opts o;
  o.name = std::move(name);
  o.help = std::move(help);
  o.stability = metrics::StabilityLevel::kAlpha;
  return o;
}

// restclient's latency buckets (request and rate limiter).
metrics::Buckets LatencyBuckets() {
  return {0.005, 0.025, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0, 60.0};
}

}  // namespace

ClientMetrics::ClientMetrics(metrics::Registry& registry)
    : requests_(registry.NewCounterVec(
          Alpha("rest_client_requests_total",
                "Number of HTTP requests, partitioned by status code, method, and host."),
          {"code", "method", "host"})),
      retries_(registry.NewCounterVec(
          Alpha("rest_client_request_retries_total",
                "Number of request retries, partitioned by status code, verb, and host."),
          {"code", "verb", "host"})),
      latency_(registry.NewHistogramVec(
          Alpha("rest_client_request_duration_seconds",
                "Request latency in seconds. Broken down by verb, and host."),
          LatencyBuckets(), {"verb", "host"})),
      rate_limiter_(registry.NewHistogramVec(
          Alpha("rest_client_rate_limiter_duration_seconds",
                "Client side rate limiter latency in seconds. Broken down by verb, and host."),
          LatencyBuckets(), {"verb", "host"})) {}

ClientMetrics& ClientMetrics::Default() {
  static ClientMetrics* m = new ClientMetrics(metrics::Registry::Default());
  return *m;
}

void ClientMetrics::RequestResult(std::string_view code, std::string_view method,
                                  std::string_view host) {
  requests_.WithLabelValues({code, method, host}).Increment();
}

void ClientMetrics::RequestRetry(std::string_view code, std::string_view method,
                                 std::string_view host) {
  retries_.WithLabelValues({code, method, host}).Increment();
}

void ClientMetrics::RequestLatency(std::string_view method, std::string_view host,
                                   double seconds) {
  latency_.WithLabelValues({method, host}).Observe(seconds);
}

void ClientMetrics::RateLimiterLatency(std::string_view method, std::string_view host,
                                       double seconds) {
  rate_limiter_.WithLabelValues({method, host}).Observe(seconds);
}

std::string_view UrlHost(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "none";
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  size_t at = rest.rfind('@');
  if (at != std::string_view::npos) rest = rest.substr(at + 1);
  return rest.empty() ? std::string_view("none") : rest;
}

}  // namespace kubecxx::client
