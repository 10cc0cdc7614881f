#include "lib/client/leaderelection/rest_lease_client.h"

#include <algorithm>
#include <utility>

#include "lib/client/transport_for_config.h"

namespace kubecxx::client::leaderelection {

namespace {

using std::chrono::milliseconds;

template <typename T>
StatusOr<T> Wrap(ApiResult<T> r) {
  if (!r.ok()) return SeamStatus(r.error());
  return std::move(r).value();
}

}  // namespace

Status SeamStatus(const ApiError& e) {
  if (IsNotFound(e)) return Status(StatusCode::kNotFound, e.message());
  if (IsAlreadyExists(e)) return Status(StatusCode::kAlreadyExists, e.message());
  if (IsConflict(e)) return Status(StatusCode::kConflict, e.message());
  if (e.code() == 0) return Status(StatusCode::kUnavailable, e.message());
  return Status(StatusCode::kInternal, e.message());
}

StatusOr<std::unique_ptr<RestLeaseClient>> RestLeaseClient::New(
    const RestConfig& config, std::chrono::nanoseconds renew_deadline) {
  if (config.host.empty()) return Status::Invalid("host must be set in the client config");
  RestConfig c = config;
  c.timeout = std::max(std::chrono::duration_cast<milliseconds>(renew_deadline / 2),
                       milliseconds(1000));
  c.user_agent = (c.user_agent.empty() ? DefaultUserAgent() : c.user_agent) + "/leader-election";
  StatusOr<std::unique_ptr<RequestExecutor>> executor = NewRequestExecutor(c);
  if (!executor.ok()) return executor.status();
  return std::unique_ptr<RestLeaseClient>(new RestLeaseClient(
      std::move(c), std::shared_ptr<RequestExecutor>(std::move(executor).value())));
}

RestLeaseClient::RestLeaseClient(RestConfig config, std::shared_ptr<RequestExecutor> executor)
    : config_(std::move(config)),
      executor_(std::move(executor)),
      rest_(std::make_unique<RestClient>(config_, executor_)) {}

std::unique_ptr<RestClient> RestLeaseClient::ClientFor(Timeout timeout, RestClient** use) {
  const milliseconds ms =
      std::max(std::chrono::ceil<milliseconds>(timeout), milliseconds(1));
  if (ms >= config_.timeout) {
    *use = rest_.get();
    return nullptr;
  }
  RestConfig c = config_;
  c.timeout = ms;
  auto short_lived = std::make_unique<RestClient>(std::move(c), executor_);
  *use = short_lived.get();
  return short_lived;
}

StatusOr<LeaseClient::Lease> RestLeaseClient::Get(const std::string& namespace_,
                                                  const std::string& name, Timeout timeout) {
  RestClient* rest = nullptr;
  auto holder = ClientFor(timeout, &rest);
  return Wrap(TypedClient<Lease>(rest, namespace_).Get(name));
}

StatusOr<LeaseClient::Lease> RestLeaseClient::Create(const Lease& lease, Timeout timeout) {
  RestClient* rest = nullptr;
  auto holder = ClientFor(timeout, &rest);
  return Wrap(TypedClient<Lease>(rest, lease.object_meta.namespace_).Create(lease));
}

StatusOr<LeaseClient::Lease> RestLeaseClient::Update(const Lease& lease, Timeout timeout) {
  RestClient* rest = nullptr;
  auto holder = ClientFor(timeout, &rest);
  return Wrap(TypedClient<Lease>(rest, lease.object_meta.namespace_).Update(lease));
}

}  // namespace kubecxx::client::leaderelection
