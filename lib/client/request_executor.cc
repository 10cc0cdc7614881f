#include "lib/client/request_executor.h"

#include <charconv>
#include <optional>
#include <string>

namespace kubecxx::client {
namespace {

// with_retry.go trackPreviousError / WrapPreviousError.
class ErrorHistory {
 public:
  void Track(const Status* error) {
    if (current_) {
      previous_ = current_;
    }
    current_ = error != nullptr ? std::optional<std::string>(error->message()) : std::nullopt;
  }
  Status Wrap(const Status& final_error) const {
    if (!previous_ || final_error.message() == *previous_) {
      return final_error;
    }
    return Status(final_error.code(),
                  final_error.message() + " - error from a previous attempt: " + *previous_);
  }

 private:
  std::optional<std::string> previous_;
  std::optional<std::string> current_;
};

Clock::Duration Seconds(int s) { return std::chrono::seconds(s); }

}  // namespace

std::optional<int> RetryAfterSeconds(int status, const net::HttpHeaders& headers) {
  if (status != 429 && status < 500) {
    return std::nullopt;
  }
  std::string_view value = headers.Get("Retry-After");
  if (value.empty()) {
    return std::nullopt;
  }
  // strconv.Atoi: an optional sign, then decimal digits only.
  std::string_view digits = value;
  bool negative = false;
  if (digits.front() == '+' || digits.front() == '-') {
    negative = digits.front() == '-';
    digits.remove_prefix(1);
  }
  int n = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size()) {
    return std::nullopt;
  }
  return negative ? -n : n;
}

RequestExecutor::RequestExecutor(std::shared_ptr<net::HttpTransport> transport,
                                 RequestExecutorOptions options)
    : transport_(std::move(transport)),
      options_(std::move(options)),
      metrics_(options_.metrics != nullptr ? options_.metrics : &ClientMetrics::Default()) {}

void RequestExecutor::Throttle(const net::HttpRequest& request) {
  if (options_.rate_limiter != nullptr) {
    Clock::TimePoint start = options_.clock->Now();
    options_.rate_limiter->Accept();
    metrics_->RateLimiterLatency(
        request.method, UrlHost(request.url),
        std::chrono::duration<double>(options_.clock->Now() - start).count());
  }
}

void RequestExecutor::RecordAttempt(const net::HttpRequest& request, int attempt,
                                    const Status* error, int status) {
  std::string code = error != nullptr ? "<error>" : std::to_string(status);
  std::string_view host = UrlHost(request.url);
  metrics_->RequestResult(code, request.method, host);
  if (attempt > 1) {
    metrics_->RequestRetry(code, request.method, host);
  }
}

std::vector<WarningHeader> RequestExecutor::HandleWarnings(const net::HttpHeaders& headers) {
  std::vector<WarningHeader> warnings = ParseWarningHeaders(headers.GetAll("Warning"));
  if (options_.warning_handler) {
    for (const WarningHeader& warning : warnings) {
      options_.warning_handler(warning);
    }
  }
  return warnings;
}

namespace {

// The per-attempt request: the overall timeout shrunk to what is left of it.
struct AttemptClock {
  Clock* clock;
  std::optional<Clock::TimePoint> deadline;

  // False when the deadline leaves no time for waiting `wait` and trying again.
  bool Allows(Clock::Duration wait) const {
    return !deadline || clock->Now() + wait < *deadline;
  }
  std::chrono::milliseconds Remaining() const {
    if (!deadline) {
      return std::chrono::milliseconds(0);
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - clock->Now());
    return std::max(left, std::chrono::milliseconds(1));
  }
};

Status DeadlineExceeded(const net::HttpRequest& request) {
  return Status(StatusCode::kUnavailable,
                "request " + request.method + " " + request.url + ": context deadline exceeded");
}

}  // namespace

StatusOr<ExecutedResponse> RequestExecutor::Do(const net::HttpRequest& request) {
  // rest_client_request_duration_seconds covers the whole call, throttling included.
  struct LatencyRecorder {
    RequestExecutor* self;
    const net::HttpRequest& request;
    Clock::TimePoint start;
    ~LatencyRecorder() {
      self->metrics_->RequestLatency(
          request.method, UrlHost(request.url),
          std::chrono::duration<double>(self->options_.clock->Now() - start).count());
    }
  } latency{this, request, options_.clock->Now()};
  Throttle(request);  // before the timeout starts, as upstream
  AttemptClock timer{options_.clock, std::nullopt};
  if (request.timeout.count() > 0) {
    timer.deadline = options_.clock->Now() + request.timeout;
  }
  ErrorHistory history;
  net::HttpRequest attempt_request;
  const net::HttpRequest* to_send = &request;
  for (int attempts = 1;; ++attempts) {
    if (timer.deadline) {
      attempt_request = request;
      attempt_request.timeout = timer.Remaining();
      to_send = &attempt_request;
    }
    StatusOr<net::HttpResponse> result = transport_->RoundTrip(*to_send);
    RecordAttempt(request, attempts, result.ok() ? nullptr : &result.status(),
                  result.ok() ? result->status : 0);
    std::optional<int> wait;
    if (!result.ok()) {
      history.Track(&result.status());
      bool retryable = request.method == "GET" && (net::IsConnectionReset(result.status()) ||
                                                   net::IsProbableEof(result.status()));
      if (!retryable || attempts > options_.max_retries) {
        return history.Wrap(result.status());
      }
      wait = 1;
    } else {
      history.Track(nullptr);
      wait = RetryAfterSeconds(result->status, result->headers);
      if (!wait || attempts > options_.max_retries) {
        ExecutedResponse out;
        out.warnings = HandleWarnings(result->headers);
        out.response = std::move(*result);
        out.attempts = attempts;
        return out;
      }
    }
    Clock::Duration delay = Seconds(std::max(*wait, 0));
    if (!timer.Allows(delay)) {
      return history.Wrap(DeadlineExceeded(request));
    }
    if (delay > Clock::Duration::zero()) {
      SleepOn(options_.clock, delay);
    }
    Throttle(request);
  }
}

StatusOr<ExecutedStream> RequestExecutor::Watch(const net::HttpRequest& request) {
  return OpenStream(request, Mode::kWatch);
}

StatusOr<ExecutedStream> RequestExecutor::Stream(const net::HttpRequest& request) {
  return OpenStream(request, Mode::kStream);
}

StatusOr<ExecutedStream> RequestExecutor::OpenStream(const net::HttpRequest& request, Mode mode) {
  if (mode == Mode::kStream) {
    Throttle(request);
  }
  ErrorHistory history;
  for (int attempts = 1;; ++attempts) {
    StatusOr<std::unique_ptr<net::HttpStream>> result = transport_->OpenStream(request);
    RecordAttempt(request, attempts, result.ok() ? nullptr : &result.status(),
                  result.ok() ? (*result)->status() : 0);
    std::optional<int> wait;
    if (!result.ok()) {
      history.Track(&result.status());
      bool retryable = mode == Mode::kWatch && (net::IsProbableEof(result.status()) ||
                                                net::IsTimeout(result.status()));
      if (!retryable || attempts > options_.max_retries) {
        return history.Wrap(result.status());
      }
      wait = 1;
    } else {
      history.Track(nullptr);
      net::HttpStream& stream = **result;
      if (stream.status() != 200) {
        wait = RetryAfterSeconds(stream.status(), stream.headers());
      }
      if (!wait || attempts > options_.max_retries) {
        ExecutedStream out;
        out.warnings = HandleWarnings(stream.headers());
        out.stream = std::move(*result);
        out.attempts = attempts;
        return out;
      }
      result->reset();  // drop the refused attempt's connection before waiting
    }
    Clock::Duration delay = Seconds(std::max(*wait, 0));
    if (delay > Clock::Duration::zero()) {
      SleepOn(options_.clock, delay);
    }
    Throttle(request);  // retries are throttled, watches included (with_retry.go Before)
  }
}

}  // namespace kubecxx::client
