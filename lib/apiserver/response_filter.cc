#include "lib/apiserver/response_filter.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <utility>

#include "lib/apiserver/response_encoding.h"

namespace kubecxx::apiserver {
namespace {

bool EqualFold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

const std::string* FindHeader(const server::HeaderList& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (EqualFold(k, name)) return &v;
  }
  return nullptr;
}

void AddGzipHeaders(server::HeaderList* headers, bool vary) {
  headers->emplace_back("Content-Encoding", "gzip");
  if (vary) headers->emplace_back("Vary", "Accept-Encoding");
}

class FilterWriter : public server::ResponseWriter {
 public:
  struct Options {
    RequestClass klass;
    bool gzip = false;         // the client accepts gzip
    bool pretty = false;       // pretty JSON asked and allowed for this path
    bool always_gzip = false;  // /metrics
    bool mutating = false;     // for apiserver_current_inflight_requests
  };

  FilterWriter(std::shared_ptr<server::ResponseWriter> inner, RequestMetrics* metrics,
               Options options)
      : inner_(std::move(inner)),
        metrics_(metrics),
        options_(std::move(options)),
        start_(std::chrono::steady_clock::now()) {
    // Watches are long-running: the priority-and-fairness filter does not count them.
    executing_ = !options_.klass.watch;
    if (executing_) metrics_->InflightDelta(options_.mutating, 1);
  }

  ~FilterWriter() override {
    DoneExecuting();
    // Released without an answer (the server replies 500) or without Finish (the server
    // finishes the body): record what the client gets.
    if (chunked_ && !finished_) {
      EndStream();
    } else if (!answered_) {
      Record(500, 0);
    }
  }

  void Reply(server::Response response) override {
    if (answered_.exchange(true)) return;
    const std::string* encoding = FindHeader(response.headers, "Content-Encoding");
    const std::string* type = FindHeader(response.headers, "Content-Type");
    if (options_.pretty && encoding == nullptr && type != nullptr && IsJsonContentType(*type)) {
      response.body = IndentJson(response.body);
    }
    if (options_.gzip && encoding == nullptr && !response.body.empty() &&
        (options_.always_gzip || response.body.size() > kGzipThresholdBytes)) {
      response.body = Gzip(response.body);
      AddGzipHeaders(&response.headers, !options_.always_gzip);
    }
    if (options_.klass.subresource == "api" || options_.klass.subresource == "apis") {
      // Aggregated discovery only: a legacy answer to the same path is not instrumented.
      if (type != nullptr && type->find("as=APIGroupDiscoveryList") == std::string::npos) {
        options_.klass.instrumented = false;
      }
    }
    Record(response.status, response.body.size());
    DoneExecuting();
    inner_->Reply(std::move(response));
  }

  void StartChunked(int status, server::HeaderList headers) override {
    if (answered_.exchange(true)) return;
    chunked_ = true;
    status_ = status;
    if (options_.klass.instrumented && options_.klass.watch) {
      long_running_ = &metrics_->LongRunning(options_.klass);
      long_running_->Increment();
      watch_events_ = &metrics_->WatchEvents(options_.klass);
      watch_event_sizes_ = &metrics_->WatchEventSizes(options_.klass);
    }
    if (options_.gzip && options_.klass.watch_list &&
        FindHeader(headers, "Content-Encoding") == nullptr) {
      gzip_ = true;
      AddGzipHeaders(&headers, true);
    }
    inner_->StartChunked(status, std::move(headers));
  }

  bool WriteChunk(std::string data) override {
    if (data.empty()) return !inner_->Closed();
    CountEvent(data.size());
    if (gzip_) data = Gzip(data);
    bytes_ += data.size();
    return inner_->WriteChunk(std::move(data));
  }

  bool WriteSharedChunk(std::shared_ptr<const std::string> data) override {
    if (data == nullptr || data->empty()) return !inner_->Closed();
    if (gzip_) return WriteChunk(*data);
    CountEvent(data->size());
    bytes_ += data->size();
    return inner_->WriteSharedChunk(std::move(data));
  }

  void Finish() override {
    if (!chunked_ || finished_) {
      inner_->Finish();
      return;
    }
    EndStream();
    inner_->Finish();
  }

  size_t PendingBytes() const override { return inner_->PendingBytes(); }
  bool Closed() const override { return inner_->Closed(); }
  void OnClose(std::function<void()> callback) override { inner_->OnClose(std::move(callback)); }

 private:
  void CountEvent(size_t size) {
    if (watch_events_ == nullptr) return;
    watch_events_->Increment();
    watch_event_sizes_->Observe(static_cast<double>(size));
  }

  void DoneExecuting() {
    if (executing_.exchange(false)) metrics_->InflightDelta(options_.mutating, -1);
  }

  void EndStream() {
    finished_ = true;
    DoneExecuting();
    if (long_running_ != nullptr) long_running_->Decrement();
    Record(status_, bytes_);
  }

  void Record(int code, size_t bytes) {
    if (!options_.klass.instrumented || recorded_.exchange(true)) return;
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_)
                         .count();
    metrics_->Observe(options_.klass, code, bytes, seconds);
  }

  std::shared_ptr<server::ResponseWriter> inner_;
  RequestMetrics* metrics_;
  Options options_;
  std::chrono::steady_clock::time_point start_;
  std::atomic<bool> answered_{false};
  std::atomic<bool> recorded_{false};
  std::atomic<bool> executing_{false};
  // The stream's state, touched by its one producer (and the destructor after it).
  bool chunked_ = false;
  bool finished_ = false;
  int status_ = 200;
  size_t bytes_ = 0;
  bool gzip_ = false;  // a compressed WatchList stream: one gzip member per chunk
  prometheus::Gauge* long_running_ = nullptr;
  prometheus::Counter* watch_events_ = nullptr;
  prometheus::Histogram* watch_event_sizes_ = nullptr;
};

bool IsApiPath(std::string_view path) {
  return path == "/api" || path == "/apis" || path.starts_with("/api/") ||
         path.starts_with("/apis/");
}

}  // namespace

server::Handler WithResponseFilters(server::Handler next, const ResourceRegistry* registry,
                                    RequestMetrics* metrics) {
  return [next = std::move(next), registry, metrics](
             const server::Request& req, std::shared_ptr<server::ResponseWriter> w) {
    FilterWriter::Options options;
    options.klass = ClassifyRequest(req, registry);
    // REST answers and discovery (SerializeObject), and /metrics (promhttp); stock's
    // /openapi/v3 handler never compresses.
    options.always_gzip = req.path() == "/metrics";
    options.gzip = (IsApiPath(req.path()) || options.always_gzip) &&
                   AcceptsGzip(req.Header("Accept-Encoding"));
    options.pretty = IsApiPath(req.path()) && WantsPretty(req);
    options.mutating = req.method() != "GET";
    next(req, std::make_shared<FilterWriter>(std::move(w), metrics, std::move(options)));
  };
}

}  // namespace kubecxx::apiserver
