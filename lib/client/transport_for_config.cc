#include "lib/client/transport_for_config.h"

#include <algorithm>

#include "lib/net/http_client.h"

namespace kubecxx::client {

StatusOr<std::shared_ptr<net::HttpTransport>> NewTransport(const RestConfig& config) {
  StatusOr<net::Url> url = net::ParseUrl(config.host);
  if (!url.ok()) {
    return Status::Invalid("host must be a URL: " + url.status().message());
  }
  if (config.insecure && !config.ca_pem.empty()) {
    return Status::Invalid("specifying a root certificates file with the insecure flag is not "
                           "allowed");
  }
  net::HttpClientOptions options;
  options.tls.ca_pem = config.ca_pem;
  options.tls.cert_pem = config.cert_pem;
  options.tls.key_pem = config.key_pem;
  options.tls.insecure = config.insecure;
  options.tls.server_name = config.server_name;
  options.credentials = config.credentials;
  options.user_agent = config.user_agent.empty() ? DefaultUserAgent() : config.user_agent;
  options.disable_compression = config.disable_compression;
  // transport.NewImpersonatingRoundTripper's headers.
  if (!config.impersonate.user.empty()) {
    options.default_headers.Add("Impersonate-User", config.impersonate.user);
    if (!config.impersonate.uid.empty()) {
      options.default_headers.Add("Impersonate-Uid", config.impersonate.uid);
    }
    for (const std::string& group : config.impersonate.groups) {
      options.default_headers.Add("Impersonate-Group", group);
    }
  }
  StatusOr<std::unique_ptr<net::HttpClient>> client = net::HttpClient::Create(std::move(options));
  if (!client.ok()) {
    return client.status();
  }
  return std::shared_ptr<net::HttpTransport>(std::move(*client));
}

std::shared_ptr<RateLimiter> NewRateLimiter(const RestConfig& config, Clock* clock) {
  float qps = config.qps == 0 ? 5.0f : config.qps;
  int burst = config.burst == 0 ? 10 : config.burst;
  if (qps <= 0) {
    return nullptr;
  }
  // Upstream would block forever on a negative burst; a bucket of one is the sane reading.
  burst = std::max(burst, 1);
  return std::make_shared<TokenBucketRateLimiter>(qps, burst, clock);
}

StatusOr<std::unique_ptr<RequestExecutor>> NewRequestExecutor(const RestConfig& config,
                                                              RequestExecutorOptions options) {
  StatusOr<std::shared_ptr<net::HttpTransport>> transport = NewTransport(config);
  if (!transport.ok()) {
    return transport.status();
  }
  options.rate_limiter = NewRateLimiter(config, options.clock);
  return std::make_unique<RequestExecutor>(std::move(*transport), std::move(options));
}

}  // namespace kubecxx::client
