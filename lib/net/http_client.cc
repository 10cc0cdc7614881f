#include "lib/net/http_client.h"

#include <atomic>
#include <functional>
#include <limits>
#include <utility>

#include <boost/beast/http.hpp>

#include "lib/net/connection.h"
#include "lib/net/connection_pool.h"
#include "lib/net/gzip.h"
#include "lib/net/tls.h"

namespace kubecxx::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

constexpr uint32_t kMaxResponseHeaderBytes = 1u << 20;
// Unlimited bodies (lists of 50,000 pods are big). Not boost::none: Beast 1.74 compares
// Content-Length against the optional and an empty one is smaller than every length.
constexpr uint64_t kNoBodyLimit = std::numeric_limits<uint64_t>::max();
constexpr size_t kStreamReadBytes = 64 * 1024;

// Go's url.Error prefix: `Get "https://host/path"`.
std::string Operation(const std::string& method, const std::string& url) {
  std::string op = method;
  for (size_t i = 1; i < op.size(); ++i) {
    op[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(op[i])));
  }
  return op + " \"" + url + "\"";
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) { return HeaderNameEquals(a, b); }

template <typename Fields>
HttpHeaders ToHeaders(const Fields& fields) {
  HttpHeaders headers;
  for (const auto& field : fields) {
    headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  return headers;
}

// Go's transport hides the encoding it negotiated itself.
void DropEncodingHeaders(HttpHeaders* headers) {
  headers->Remove("Content-Encoding");
  headers->Remove("Content-Length");
}

class Http1Stream : public HttpStream {
 public:
  Http1Stream(std::unique_ptr<Connection> conn, std::shared_ptr<ConnectionPool> pool,
              std::unique_ptr<http::response_parser<http::buffer_body>> parser, bool gunzip,
              bool reusable, std::string operation)
      : conn_(std::move(conn)),
        pool_(std::move(pool)),
        parser_(std::move(parser)),
        reusable_(reusable),
        operation_(std::move(operation)) {
    status_ = parser_->get().result_int();
    reason_ = std::string(parser_->get().reason());
    headers_ = ToHeaders(parser_->get());
    if (gunzip && EqualsIgnoreCase(headers_.Get("Content-Encoding"), "gzip")) {
      gzip_ = std::make_unique<GzipDecoder>();
      DropEncodingHeaders(&headers_);
    }
    done_ = parser_->is_done();
  }

  ~Http1Stream() override {
    if (done_ && !failed_ && reusable_ && parser_->get().keep_alive() && !conn_->cancelled()) {
      pool_->Put(std::move(conn_));
    }
  }

  int status() const override { return status_; }
  const std::string& reason() const override { return reason_; }
  const HttpHeaders& headers() const override { return headers_; }

  StatusOr<bool> ReadSome(std::string* out) override {
    if (failed_) {
      return Status(StatusCode::kUnavailable, operation_ + ": " + error_);
    }
    if (conn_->cancelled()) {
      return Fail("use of closed network connection");
    }
    size_t before = out->size();
    while (!done_) {
      char buf[kStreamReadBytes];
      parser_->get().body().data = buf;
      parser_->get().body().size = sizeof buf;
      boost::system::error_code ec = conn_->Run(
          [&](auto& stream, auto handler) {
            http::async_read_some(stream, conn_->buffer(), *parser_, std::move(handler));
          },
          kNoDeadline);
      if (ec == http::error::need_buffer) {
        ec = {};
      }
      if (ec) {
        return Fail(GoErrorText(ec));
      }
      size_t n = sizeof buf - parser_->get().body().size;
      done_ = parser_->is_done();
      if (gzip_) {
        Status st = gzip_->Feed(std::string_view(buf, n), out);
        if (st.ok() && done_) {
          st = gzip_->Finish();
        }
        if (!st.ok()) {
          return Fail(st.message());
        }
      } else {
        out->append(buf, n);
      }
      if (out->size() > before) {
        return true;
      }
    }
    return false;
  }

  void Close() override {
    closed_.store(true, std::memory_order_release);
    conn_->Cancel();
  }
  bool closed() const override { return closed_.load(std::memory_order_acquire); }

 private:
  Status Fail(std::string error) {
    failed_ = true;
    error_ = std::move(error);
    return Status(StatusCode::kUnavailable, operation_ + ": " + error_);
  }

  std::unique_ptr<Connection> conn_;
  std::shared_ptr<ConnectionPool> pool_;
  std::unique_ptr<http::response_parser<http::buffer_body>> parser_;
  std::unique_ptr<GzipDecoder> gzip_;
  const bool reusable_;
  const std::string operation_;
  int status_ = 0;
  std::string reason_;
  HttpHeaders headers_;
  bool done_ = false;
  bool failed_ = false;
  std::string error_;
  std::atomic<bool> closed_{false};
};

}  // namespace

struct HttpClient::Prepared {
  Url url;
  http::request<http::string_body> request;
  Credentials credentials;
  bool gunzip = false;
  bool reusable = true;  // the request allows keep-alive
  Deadline deadline = kNoDeadline;
  std::string pool_key;
  std::string operation;
};

StatusOr<std::unique_ptr<HttpClient>> HttpClient::Create(HttpClientOptions options) {
  StatusOr<std::shared_ptr<asio::ssl::context>> tls = NewClientTlsContext(options.tls);
  if (!tls.ok()) {
    return tls.status();
  }
  return std::unique_ptr<HttpClient>(new HttpClient(std::move(options), std::move(*tls)));
}

HttpClient::HttpClient(HttpClientOptions options, std::shared_ptr<asio::ssl::context> tls_context)
    : options_(std::move(options)),
      tls_context_(std::move(tls_context)),
      pool_(std::make_shared<ConnectionPool>(options_.max_idle_per_host, options_.idle_timeout)) {}

HttpClient::~HttpClient() = default;

size_t HttpClient::IdleConnections(const std::string& origin) const {
  return pool_->IdleCount(origin + "|");
}

void HttpClient::CloseIdleConnections() { pool_->Clear(); }

StatusOr<HttpClient::Prepared> HttpClient::Prepare(const HttpRequest& request) const {
  Prepared p;
  p.operation = Operation(request.method, request.url);
  StatusOr<Url> url = ParseUrl(request.url);
  if (!url.ok()) {
    return Status::Invalid(p.operation + ": " + url.status().message());
  }
  p.url = std::move(*url);
  p.deadline = DeadlineAfter(request.timeout);
  if (options_.credentials != nullptr) {
    StatusOr<Credentials> creds = options_.credentials->Get();
    if (!creds.ok()) {
      return Status(creds.status().code(),
                    p.operation + ": getting credentials: " + creds.status().message());
    }
    p.credentials = std::move(*creds);
  }
  p.pool_key = p.url.Origin() + "|";
  if (!p.credentials.cert_pem.empty()) {
    p.pool_key += std::to_string(std::hash<std::string>()(p.credentials.cert_pem));
  }

  http::request<http::string_body>& req = p.request;
  req.version(11);
  req.method_string(request.method);
  req.target(p.url.target);
  for (const auto& [name, value] : request.headers.fields()) {
    req.insert(name, value);
  }
  for (const auto& [name, value] : options_.default_headers.fields()) {
    if (!request.headers.Has(name)) {
      req.insert(name, value);
    }
  }
  if (!request.headers.Has("Host")) {
    req.set(http::field::host, p.url.host_header);
  }
  if (!options_.user_agent.empty() && !request.headers.Has("User-Agent")) {
    req.set(http::field::user_agent, options_.user_agent);
  }
  if (!p.credentials.token.empty() && !request.headers.Has("Authorization")) {
    req.set(http::field::authorization, "Bearer " + p.credentials.token);
  }
  if (!options_.disable_compression && !request.headers.Has("Accept-Encoding") &&
      request.method != "HEAD") {
    req.set(http::field::accept_encoding, "gzip");
    p.gunzip = true;
  }
  p.reusable = !EqualsIgnoreCase(request.headers.Get("Connection"), "close");
  req.body() = request.body;
  req.prepare_payload();
  return p;
}

namespace {

struct Attempt {
  Status status;
  bool write_failed = false;
  bool got_bytes = false;
};

}  // namespace

StatusOr<HttpResponse> HttpClient::RoundTrip(const HttpRequest& request) {
  StatusOr<Prepared> prepared = Prepare(request);
  if (!prepared.ok()) {
    return prepared.status();
  }
  Prepared& p = *prepared;
  DialSettings dial{options_.connect_timeout, options_.tls_handshake_timeout,
                    options_.tcp_keepalive};
  for (int attempt = 0;; ++attempt) {
    std::unique_ptr<Connection> conn = attempt == 0 ? pool_->Take(p.pool_key) : nullptr;
    if (conn == nullptr) {
      StatusOr<std::unique_ptr<Connection>> dialed = Connection::Dial(
          p.url, dial, tls_context_.get(), options_.tls, p.credentials, p.deadline);
      if (!dialed.ok()) {
        return Status(dialed.status().code(), p.operation + ": " + dialed.status().message());
      }
      conn = std::move(*dialed);
      conn->set_pool_key(p.pool_key);
    }

    Attempt result;
    boost::system::error_code ec = conn->Run(
        [&](auto& stream, auto handler) {
          http::async_write(stream, p.request, std::move(handler));
        },
        p.deadline);
    http::response_parser<http::string_body> parser;
    parser.body_limit(kNoBodyLimit);
    parser.header_limit(kMaxResponseHeaderBytes);
    parser.skip(request.method == "HEAD");
    if (ec) {
      result.write_failed = true;
    } else {
      ec = conn->Run(
          [&](auto& stream, auto handler) {
            http::async_read(stream, conn->buffer(), parser, std::move(handler));
          },
          p.deadline);
      result.got_bytes = parser.got_some();
    }
    if (ec) {
      result.status = Status(StatusCode::kUnavailable, p.operation + ": " + GoErrorText(ec));
      bool replayable = IsIdempotentMethod(request.method) || result.write_failed;
      if (attempt == 0 && conn->reused() && !result.got_bytes && replayable) {
        continue;  // the server closed the idle connection under us: try a fresh one
      }
      return result.status;
    }

    http::response<http::string_body> msg = parser.release();
    HttpResponse response;
    response.status = msg.result_int();
    response.reason = std::string(msg.reason());
    response.headers = ToHeaders(msg);
    response.body = std::move(msg.body());
    if (p.reusable && msg.keep_alive()) {
      pool_->Put(std::move(conn));
    }
    if (p.gunzip && EqualsIgnoreCase(response.headers.Get("Content-Encoding"), "gzip")) {
      if (!response.body.empty()) {
        StatusOr<std::string> plain = Gunzip(response.body);
        if (!plain.ok()) {
          return Status(StatusCode::kUnavailable, p.operation + ": " + plain.status().message());
        }
        response.body = std::move(*plain);
      }
      DropEncodingHeaders(&response.headers);
    }
    if (response.status == 401 && options_.credentials != nullptr) {
      options_.credentials->OnUnauthorized(p.credentials);
    }
    return response;
  }
}

StatusOr<std::unique_ptr<HttpStream>> HttpClient::OpenStream(const HttpRequest& request) {
  StatusOr<Prepared> prepared = Prepare(request);
  if (!prepared.ok()) {
    return prepared.status();
  }
  Prepared& p = *prepared;
  DialSettings dial{options_.connect_timeout, options_.tls_handshake_timeout,
                    options_.tcp_keepalive};
  for (int attempt = 0;; ++attempt) {
    std::unique_ptr<Connection> conn = attempt == 0 ? pool_->Take(p.pool_key) : nullptr;
    if (conn == nullptr) {
      StatusOr<std::unique_ptr<Connection>> dialed = Connection::Dial(
          p.url, dial, tls_context_.get(), options_.tls, p.credentials, p.deadline);
      if (!dialed.ok()) {
        return Status(dialed.status().code(), p.operation + ": " + dialed.status().message());
      }
      conn = std::move(*dialed);
      conn->set_pool_key(p.pool_key);
    }
    bool write_failed = false;
    boost::system::error_code ec = conn->Run(
        [&](auto& stream, auto handler) {
          http::async_write(stream, p.request, std::move(handler));
        },
        p.deadline);
    auto parser = std::make_unique<http::response_parser<http::buffer_body>>();
    parser->body_limit(kNoBodyLimit);
    parser->header_limit(kMaxResponseHeaderBytes);
    parser->skip(request.method == "HEAD");
    if (ec) {
      write_failed = true;
    } else {
      ec = conn->Run(
          [&](auto& stream, auto handler) {
            http::async_read_header(stream, conn->buffer(), *parser, std::move(handler));
          },
          p.deadline);
    }
    if (ec) {
      bool replayable = IsIdempotentMethod(request.method) || write_failed;
      if (attempt == 0 && conn->reused() && !parser->got_some() && replayable) {
        continue;
      }
      return Status(StatusCode::kUnavailable, p.operation + ": " + GoErrorText(ec));
    }
    if (parser->get().result_int() == 401 && options_.credentials != nullptr) {
      options_.credentials->OnUnauthorized(p.credentials);
    }
    return std::unique_ptr<HttpStream>(new Http1Stream(std::move(conn), pool_, std::move(parser),
                                                       p.gunzip, p.reusable, p.operation));
  }
}

}  // namespace kubecxx::net
