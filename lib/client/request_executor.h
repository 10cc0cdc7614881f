// RequestExecutor: what client-go's rest.Request does around one HTTP exchange —
// client-side throttling, retries, Warning headers — on top of any net::HttpTransport.
//
// Retry rules (client-go v0.37 rest/request.go and with_retry.go):
//   - A response 429 or >= 500 that carries an integer Retry-After header is retried after
//     that many seconds, for every verb (our request bodies are always replayable), at most
//     max_retries (10) times; the last such response is returned as is when they run out.
//   - Do(): a transport error is retried (after 1 s, as upstream's artificial
//     "Retry-After: 1") only for GET and only when it is a connection reset or a probable
//     EOF; connection refused, TLS and timeout errors are final.
//   - Watch(): transport errors that are a probable EOF or a timeout are retried (any verb);
//     the watch is not throttled. Stream(): throttled, only Retry-After responses retried.
//   - Every attempt after the first waits for the rate limiter again. A final error that
//     differs from an earlier attempt's error reads "<final> - error from a previous
//     attempt: <earlier>".
//   - request.timeout bounds the whole call including retries (client-go's r.timeout);
//     the first throttle wait is not counted, as upstream.
// client-go's optional exponential URL backoff (KUBE_CLIENT_BACKOFF_BASE) is not
// implemented: its default is no backoff.
//
// Thread-safety: an executor is safe for concurrent use by many threads; it shares the
// transport's and limiter's own thread-safety.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "lib/base/clock.h"
#include "lib/base/status.h"
#include "lib/client/client_metrics.h"
#include "lib/client/rate_limiter.h"
#include "lib/client/warnings.h"
#include "lib/net/http_transport.h"

namespace kubecxx::client {

struct RequestExecutorOptions {
  std::shared_ptr<RateLimiter> rate_limiter;  // null: no client-side throttling
  int max_retries = 10;                       // rest.Request's default
  Clock* clock = Clock::Real();               // for retry waits
  // Called for each parsed Warning header of every final response (client-go's
  // WarningHandler); may be null. Runs on the calling thread.
  std::function<void(const WarningHeader&)> warning_handler;
  // rest_client_* metrics (client_metrics.h): every attempt, retries, Do() latency and
  // throttle waits, as client-go records them. Null: ClientMetrics::Default().
  ClientMetrics* metrics = nullptr;
};

struct ExecutedResponse {
  net::HttpResponse response;
  std::vector<WarningHeader> warnings;
  int attempts = 0;
};

struct ExecutedStream {
  std::unique_ptr<net::HttpStream> stream;  // its status may be any HTTP status
  std::vector<WarningHeader> warnings;
  int attempts = 0;
};

class RequestExecutor {
 public:
  RequestExecutor(std::shared_ptr<net::HttpTransport> transport, RequestExecutorOptions options);

  // rest.Request.Do: throttled, retried as above, body read completely.
  StatusOr<ExecutedResponse> Do(const net::HttpRequest& request);
  // rest.Request.Watch: not throttled; returns once the response header arrived.
  StatusOr<ExecutedStream> Watch(const net::HttpRequest& request);
  // rest.Request.Stream (logs, proxies): throttled; only Retry-After responses retried.
  StatusOr<ExecutedStream> Stream(const net::HttpRequest& request);

  net::HttpTransport* transport() const { return transport_.get(); }

 private:
  enum class Mode { kDo, kWatch, kStream };
  StatusOr<ExecutedStream> OpenStream(const net::HttpRequest& request, Mode mode);
  std::vector<WarningHeader> HandleWarnings(const net::HttpHeaders& headers);
  void Throttle(const net::HttpRequest& request);
  void RecordAttempt(const net::HttpRequest& request, int attempt, const Status* error,
                     int status);

  const std::shared_ptr<net::HttpTransport> transport_;
  const RequestExecutorOptions options_;
  ClientMetrics* const metrics_;
};

// The seconds in a response's Retry-After header when it is 429 or >= 500 and the header
// is an integer (upstream checkWait); nothing otherwise.
std::optional<int> RetryAfterSeconds(int status, const net::HttpHeaders& headers);

}  // namespace kubecxx::client
