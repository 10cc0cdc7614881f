// Retry, throttle and warning behaviour of RequestExecutor: against the in-process
// server for real exchanges, and against a scripted transport for error sequences.
#include "lib/client/request_executor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <condition_variable>
#include <future>
#include <mutex>

#include "lib/net/http_client.h"
#include "lib/net/testing/test_server.h"

namespace kubecxx::client {
namespace {

using net::HttpHeaders;
using net::HttpRequest;
using net::testing::TestRequest;
using net::testing::TestResponder;
using net::testing::TestServer;

class CountingLimiter : public RateLimiter {
 public:
  bool TryAccept() override { return true; }
  void Accept() override { ++accepts; }
  float qps() const override { return 1; }
  std::atomic<int> accepts{0};
};

std::shared_ptr<net::HttpTransport> NewHttp() {
  auto client = net::HttpClient::Create({});
  EXPECT_TRUE(client.ok());
  return std::shared_ptr<net::HttpTransport>(std::move(*client));
}

std::unique_ptr<TestServer> Serve(net::testing::TestHandler handler) {
  auto server = TestServer::Start({}, std::move(handler));
  EXPECT_TRUE(server.ok());
  return std::move(*server);
}

// Sleeps take no real time: a wait moves the clock straight to its deadline. Total() says
// how much time all sleeps took.
class InstantClock : public Clock {
 public:
  TimePoint Now() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
  }
  void Wait(std::condition_variable&, std::unique_lock<std::mutex>&,
            std::optional<TimePoint> deadline) override {
    ASSERT_TRUE(deadline.has_value()) << "a wait without deadline would block forever";
    std::lock_guard<std::mutex> lock(mu_);
    now_ = std::max(now_, *deadline);
  }
  Duration Total() const { return Now() - TimePoint(); }

 private:
  mutable std::mutex mu_;
  TimePoint now_{};
};

HttpRequest Request(const std::string& method, const std::string& url) {
  HttpRequest request;
  request.method = method;
  request.url = url;
  return request;
}

// Serves `throttled` 429s (Retry-After: `after`) before a 200.
net::testing::TestHandler ThrottleThenOk(std::atomic<int>* calls, int throttled,
                                         const std::string& after, int code = 429) {
  return [=](const TestRequest& req, TestResponder& resp) {
    int n = ++*calls;
    if (n <= throttled) {
      HttpHeaders headers;
      if (!after.empty()) headers.Add("Retry-After", after);
      headers.Add("Content-Type", "application/json");
      resp.Respond(code, R"({"kind":"Status","reason":"TooManyRequests"})", headers);
      return;
    }
    resp.Respond(200, "ok " + req.method);
  };
}

TEST(RequestExecutorTest, RetriesTooManyRequestsAfterRetryAfterAndThrottlesEachAttempt) {
  std::atomic<int> calls{0};
  auto server = Serve(ThrottleThenOk(&calls, 2, "1"));
  auto limiter = std::make_shared<CountingLimiter>();
  InstantClock clock;
  RequestExecutorOptions options;
  options.rate_limiter = limiter;
  options.clock = &clock;
  RequestExecutor executor(NewHttp(), options);
  StatusOr<ExecutedResponse> response = executor.Do(Request("GET", server->Url("/api")));
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->response.status, 200);
  EXPECT_EQ(response->attempts, 3);
  EXPECT_EQ(calls.load(), 3);
  EXPECT_EQ(limiter->accepts.load(), 3);  // first attempt and both retries
  EXPECT_EQ(clock.Total(), std::chrono::seconds(2));  // two Retry-After waits of 1 s
}

TEST(RequestExecutorTest, RetryAfterAppliesToEveryVerbAndNeedsTheHeader) {
  std::atomic<int> calls{0};
  auto server = Serve(ThrottleThenOk(&calls, 1, "0", 503));
  RequestExecutor executor(NewHttp(), {});
  StatusOr<ExecutedResponse> post = executor.Do(Request("POST", server->Url("/api")));
  ASSERT_TRUE(post.ok());
  EXPECT_EQ(post->response.status, 200);
  EXPECT_EQ(post->response.body, "ok POST");
  EXPECT_EQ(post->attempts, 2);

  std::atomic<int> calls2{0};
  auto no_header = Serve(ThrottleThenOk(&calls2, 1, ""));
  StatusOr<ExecutedResponse> get = executor.Do(Request("GET", no_header->Url("/api")));
  ASSERT_TRUE(get.ok());
  EXPECT_EQ(get->response.status, 429);  // no Retry-After: returned as is
  EXPECT_EQ(get->attempts, 1);

  std::atomic<int> calls3{0};
  auto bad_header = Serve(ThrottleThenOk(&calls3, 1, "Fri, 31 Dec 2100 23:59:59 GMT"));
  get = executor.Do(Request("GET", bad_header->Url("/api")));
  ASSERT_TRUE(get.ok());
  EXPECT_EQ(get->response.status, 429);  // HTTP-date form is not an integer: no retry
}

TEST(RequestExecutorTest, GivesUpAfterTenRetriesWithTheLastResponse) {
  std::atomic<int> calls{0};
  auto server = Serve(ThrottleThenOk(&calls, 1000, "0"));
  RequestExecutor executor(NewHttp(), {});
  StatusOr<ExecutedResponse> response = executor.Do(Request("GET", server->Url("/api")));
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->response.status, 429);
  EXPECT_EQ(response->attempts, 11);
  EXPECT_EQ(calls.load(), 11);
}

TEST(RequestExecutorTest, WarningsAreParsedAndHandedToTheHandler) {
  auto server = Serve([](const TestRequest&, TestResponder& resp) {
    HttpHeaders headers;
    headers.Add("Warning", R"(299 - "v1beta1 Foo is deprecated", 299 - "second \"quoted\"")");
    headers.Add("Warning", R"(299 - "third" "Mon, 01 Jan 2024 00:00:00 GMT")");
    headers.Add("Warning", "garbage");
    resp.Respond(200, "{}", headers);
  });
  std::vector<WarningHeader> seen;
  RequestExecutorOptions options;
  options.warning_handler = [&](const WarningHeader& w) { seen.push_back(w); };
  RequestExecutor executor(NewHttp(), options);
  StatusOr<ExecutedResponse> response = executor.Do(Request("GET", server->Url("/apis")));
  ASSERT_TRUE(response.ok());
  std::vector<WarningHeader> want = {{299, "-", "v1beta1 Foo is deprecated"},
                                     {299, "-", "second \"quoted\""},
                                     {299, "-", "third"}};
  EXPECT_EQ(response->warnings, want);
  EXPECT_EQ(seen, want);
}

TEST(RequestExecutorTest, DroppedConnectionsAreRetriedForGetOnly) {
  std::atomic<int> calls{0};
  auto server = Serve([&](const TestRequest& req, TestResponder& resp) {
    if (++calls == 1) {
      resp.WriteRaw("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\ncut");  // then EOF
      resp.CloseAfter();
      return;
    }
    resp.Respond(200, "ok " + req.method);
  });
  InstantClock clock;
  RequestExecutorOptions options;
  options.clock = &clock;
  RequestExecutor executor(NewHttp(), options);
  StatusOr<ExecutedResponse> get = executor.Do(Request("GET", server->Url("/api")));
  EXPECT_EQ(clock.Total(), std::chrono::seconds(1));  // upstream's artificial Retry-After: 1
  ASSERT_TRUE(get.ok()) << get.status().message();
  EXPECT_EQ(get->response.body, "ok GET");
  EXPECT_EQ(get->attempts, 2);

  calls = 0;
  StatusOr<ExecutedResponse> post = executor.Do(Request("POST", server->Url("/api")));
  ASSERT_FALSE(post.ok());
  EXPECT_TRUE(net::IsProbableEof(post.status())) << post.status().message();
}

// A transport that replays a script of results.
class ScriptedTransport : public net::HttpTransport {
 public:
  explicit ScriptedTransport(std::deque<StatusOr<net::HttpResponse>> script)
      : script_(std::move(script)) {}
  StatusOr<net::HttpResponse> RoundTrip(const HttpRequest&) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++calls;
    StatusOr<net::HttpResponse> next = script_.front();
    if (script_.size() > 1) script_.pop_front();
    return next;
  }
  StatusOr<std::unique_ptr<net::HttpStream>> OpenStream(const HttpRequest&) override {
    return Status::Internal("not scripted");
  }
  int calls = 0;

 private:
  std::mutex mu_;
  std::deque<StatusOr<net::HttpResponse>> script_;
};

Status Net(const std::string& message) { return Status(StatusCode::kUnavailable, message); }

TEST(RequestExecutorTest, FinalErrorsMentionAnEarlierDifferentError) {
  auto transport = std::make_shared<ScriptedTransport>(std::deque<StatusOr<net::HttpResponse>>{
      Net("Get \"https://h/api\": connection reset by peer"),
      Net("Get \"https://h/api\": dial tcp 10.0.0.1:6443: connect: connection refused")});
  InstantClock clock;
  RequestExecutorOptions options;
  options.clock = &clock;
  RequestExecutor executor(transport, options);
  StatusOr<ExecutedResponse> response = executor.Do(Request("GET", "https://h/api"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().message(),
            "Get \"https://h/api\": dial tcp 10.0.0.1:6443: connect: connection refused - error "
            "from a previous attempt: Get \"https://h/api\": connection reset by peer");
  EXPECT_EQ(transport->calls, 2);

  // Refused connections and timeouts are final for Do().
  auto refused = std::make_shared<ScriptedTransport>(std::deque<StatusOr<net::HttpResponse>>{
      Net("Get \"https://h/api\": dial tcp 10.0.0.1:6443: connect: connection refused")});
  RequestExecutor once(refused, {});
  EXPECT_FALSE(once.Do(Request("GET", "https://h/api")).ok());
  EXPECT_EQ(refused->calls, 1);
}

TEST(RequestExecutorTest, TimeoutCoversRetries) {
  net::HttpResponse throttled;
  throttled.status = 429;
  throttled.headers.Add("Retry-After", "5");
  auto transport = std::make_shared<ScriptedTransport>(
      std::deque<StatusOr<net::HttpResponse>>{throttled});
  RequestExecutor executor(transport, {});
  HttpRequest request = Request("GET", "https://h/api");
  request.timeout = std::chrono::seconds(2);  // shorter than the Retry-After
  StatusOr<ExecutedResponse> response = executor.Do(request);
  ASSERT_FALSE(response.ok());
  EXPECT_TRUE(net::IsTimeout(response.status())) << response.status().message();
  EXPECT_EQ(transport->calls, 1);
}

TEST(RequestExecutorTest, WatchIsNotThrottledButItsRetriesAre) {
  std::atomic<int> calls{0};
  auto server = Serve([&](const TestRequest&, TestResponder& resp) {
    if (++calls == 1) {
      HttpHeaders headers;
      headers.Add("Retry-After", "0");
      resp.Respond(503, "busy", headers);
      return;
    }
    HttpHeaders headers;
    headers.Add("Warning", R"(299 - "watch warning")");
    resp.StartChunked(200, headers);
    resp.WriteChunk("{\"type\":\"ADDED\"}\n");
    resp.EndChunked();
  });
  auto limiter = std::make_shared<CountingLimiter>();
  RequestExecutorOptions options;
  options.rate_limiter = limiter;
  RequestExecutor executor(NewHttp(), options);
  StatusOr<ExecutedStream> watch =
      executor.Watch(Request("GET", server->Url("/api/v1/pods?watch=1")));
  ASSERT_TRUE(watch.ok()) << watch.status().message();
  EXPECT_EQ(watch->attempts, 2);
  EXPECT_EQ(limiter->accepts.load(), 1);  // only the retry
  EXPECT_EQ(watch->stream->status(), 200);
  ASSERT_EQ(watch->warnings.size(), 1u);
  EXPECT_EQ(watch->warnings[0].text, "watch warning");
  std::string body;
  ASSERT_TRUE(watch->stream->ReadAll(&body).ok());
  EXPECT_EQ(body, "{\"type\":\"ADDED\"}\n");

  calls = 0;
  StatusOr<ExecutedStream> stream = executor.Stream(Request("GET", server->Url("/log")));
  ASSERT_TRUE(stream.ok());
  EXPECT_EQ(limiter->accepts.load(), 3);  // Stream is throttled, and so is its retry
}

TEST(RetryAfterTest, ParsesLikeAtoi) {
  HttpHeaders h;
  h.Add("Retry-After", "7");
  EXPECT_EQ(RetryAfterSeconds(429, h), 7);
  EXPECT_EQ(RetryAfterSeconds(500, h), 7);
  EXPECT_EQ(RetryAfterSeconds(404, h), std::nullopt);
  HttpHeaders signed_value;
  signed_value.Add("Retry-After", "+3");
  EXPECT_EQ(RetryAfterSeconds(429, signed_value), 3);
  HttpHeaders spaced;
  spaced.Add("Retry-After", " 3");
  EXPECT_EQ(RetryAfterSeconds(429, spaced), std::nullopt);
}

}  // namespace
}  // namespace kubecxx::client
