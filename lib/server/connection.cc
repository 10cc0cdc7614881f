#include "lib/server/connection.h"

#include <atomic>
#include <ctime>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "lib/server/http.h"

namespace kubecxx::server::internal {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

// Go's http.TimeFormat, the Date header every Go response carries.
std::string HttpDate() {
  std::time_t t = std::time(nullptr);
  std::tm tm;
  gmtime_r(&t, &tm);
  char buf[64];
  size_t n = std::strftime(buf, sizeof(buf), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(buf, n);
}

template <typename Fields>
void SetHeaders(const HeaderList& headers, Fields* fields) {
  for (const auto& [name, value] : headers) fields->insert(name, value);
  if (fields->find(http::field::date) == fields->end()) fields->set(http::field::date, HttpDate());
}

// What the connection does for its current exchange; posted from ResponseWriter calls.
class Exchange {
 public:
  virtual ~Exchange() = default;
  virtual void SendResponse(Response response) = 0;
  virtual void SendStreamHeader(int status, HeaderList headers) = 0;
  virtual void SendChunk(std::shared_ptr<const std::string> data) = 0;
  virtual void SendFinish() = 0;
};

class Writer final : public ResponseWriter {
 public:
  Writer(std::shared_ptr<Connection> conn, Exchange* exchange, std::shared_ptr<ServerState> state)
      : conn_(std::move(conn)), exchange_(exchange), state_(std::move(state)) {}

  ~Writer() override {
    // The handler let go without finishing its answer: finish it for the client.
    std::lock_guard<std::mutex> lock(mu_);
    if (phase_ == Phase::kIdle) {
      Post([](Exchange& e) { e.SendResponse(Response::Error(500, "handler sent no response")); });
    } else if (phase_ == Phase::kStreaming) {
      Post([](Exchange& e) { e.SendFinish(); });
    }
  }

  void Reply(Response response) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (phase_ != Phase::kIdle) return;
    phase_ = Phase::kDone;
    Post([r = std::move(response)](Exchange& e) mutable { e.SendResponse(std::move(r)); });
  }

  void StartChunked(int status, HeaderList headers) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (phase_ != Phase::kIdle) return;
    phase_ = Phase::kStreaming;
    Post([status, h = std::move(headers)](Exchange& e) mutable {
      e.SendStreamHeader(status, std::move(h));
    });
  }

  bool WriteChunk(std::string data) override {
    if (data.empty()) return WriteSharedChunk(nullptr);
    return WriteSharedChunk(std::make_shared<const std::string>(std::move(data)));
  }

  bool WriteSharedChunk(std::shared_ptr<const std::string> data) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (phase_ != Phase::kStreaming || closed_.load()) return false;
    if (data == nullptr || data->empty()) return true;
    pending_ += data->size();
    Post([d = std::move(data)](Exchange& e) mutable { e.SendChunk(std::move(d)); });
    return true;
  }

  void Finish() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (phase_ != Phase::kStreaming) return;
    phase_ = Phase::kDone;
    Post([](Exchange& e) { e.SendFinish(); });
  }

  size_t PendingBytes() const override { return pending_.load(); }
  bool Closed() const override { return closed_.load(); }

  void OnClose(std::function<void()> callback) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!closed_.load()) {
        on_close_ = std::move(callback);
        return;
      }
    }
    callback();
  }

  // Called by the connection (on its strand).
  void MarkClosed() {
    std::function<void()> callback;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (closed_.exchange(true)) return;
      callback = std::move(on_close_);
    }
    if (callback) callback();
  }
  void ChunkDone(size_t n) { pending_ -= n; }

 private:
  enum class Phase { kIdle, kStreaming, kDone };

  // Runs f on the connection's strand, unless the server has stopped. REQUIRES: mu_ held
  // (keeps posts in call order).
  template <typename F>
  void Post(F f) {
    std::lock_guard<std::mutex> lock(state_->mu);
    if (state_->stopped) return;
    net::post(conn_->executor(),
              [conn = conn_, e = exchange_, f = std::move(f)]() mutable { f(*e); });
  }

  const std::shared_ptr<Connection> conn_;  // keeps exchange_ alive
  Exchange* const exchange_;
  const std::shared_ptr<ServerState> state_;
  std::mutex mu_;
  Phase phase_ = Phase::kIdle;  // guarded by mu_
  std::atomic<bool> closed_{false};
  std::atomic<size_t> pending_{0};
  std::function<void()> on_close_;  // guarded by mu_
};

template <typename Stream>
class ConnectionImpl final : public Connection, public Exchange {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  ConnectionImpl(std::shared_ptr<ServerState> state, tcp::socket socket, ssl::context* tls)
      : state_(std::move(state)), stream_(MakeStream(std::move(socket), tls)) {}

  ~ConnectionImpl() override {
    std::lock_guard<std::mutex> lock(state_->mu);
    state_->live.erase(this);
  }

  void Start() {
    beast::error_code ec;
    auto endpoint = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
    if (!ec) {
      std::string ip = endpoint.address().to_string();
      remote_ = endpoint.address().is_v6() ? "[" + ip + "]" : ip;
      remote_ += ":" + std::to_string(endpoint.port());
    }
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(state_->options.read_timeout);
      stream_.async_handshake(ssl::stream_base::server,
                              [self = Self()](beast::error_code ec) {
                                if (ec) {
                                  self->CloseSocket();
                                } else {
                                  self->peer_ = ReadPeerCertificate(self->stream_.native_handle());
                                  self->DoRead();
                                }
                              });
    } else {
      DoRead();
    }
  }

  void Close() override {
    MarkClientGone();
    CloseSocket();
  }

  net::any_io_executor executor() override { return stream_.get_executor(); }

  // --- Exchange (on the strand) ---

  void SendResponse(Response r) override {
    if (closed_) return;
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(r.status), 11);
    SetHeaders(r.headers, &res->base());
    res->keep_alive(keep_alive_);
    res->body() = std::move(r.body);
    res->prepare_payload();
    // A 304 carries no body and, as Go's server sends it, no Content-Length (a 0 would
    // claim the representation is empty).
    if (r.status == 304) res->erase(http::field::content_length);
    if (head_request_) res->body().clear();  // Content-Length stays that of the full body
    http::async_write(stream_, *res, [self = Self(), res](beast::error_code ec, size_t) {
      if (ec) {
        self->MarkClientGone();
        self->CloseSocket();
      } else if (!res->keep_alive()) {
        self->Shutdown();
      } else {
        self->DoRead();
      }
    });
  }

  void SendStreamHeader(int status, HeaderList headers) override {
    if (closed_) return;
    streaming_ = true;
    stream_header_ = std::make_unique<http::response<http::empty_body>>(
        static_cast<http::status>(status), 11);
    SetHeaders(headers, &stream_header_->base());
    stream_header_->chunked(true);
    stream_header_->keep_alive(false);  // the connection ends with the stream
    stream_serializer_ =
        std::make_unique<http::response_serializer<http::empty_body>>(*stream_header_);
    writing_ = true;
    beast::get_lowest_layer(stream_).expires_never();
    http::async_write_header(stream_, *stream_serializer_,
                             [self = Self()](beast::error_code ec, size_t) {
                               self->writing_ = false;
                               if (ec) {
                                 self->MarkClientGone();
                                 self->CloseSocket();
                                 return;
                               }
                               self->WatchForDisconnect();
                               self->Pump();
                             });
  }

  void SendChunk(std::shared_ptr<const std::string> data) override {
    if (!streaming_ || finishing_ || closed_) {
      Done(data->size());
      return;
    }
    chunks_.push_back(std::move(data));
    Pump();
  }

  void SendFinish() override {
    if (!streaming_ || closed_) return;
    finishing_ = true;
    Pump();
  }

 private:
  static Stream MakeStream(tcp::socket socket, ssl::context* tls) {
    if constexpr (kTls) {
      return Stream(beast::tcp_stream(std::move(socket)), *tls);
    } else {
      return Stream(std::move(socket));
    }
  }

  static PeerCertificate ReadPeerCertificate(SSL* ssl) {
    PeerCertificate out;
    X509* cert = SSL_get1_peer_certificate(ssl);
    if (cert == nullptr) return out;
    out.present = true;
    long result = SSL_get_verify_result(ssl);
    out.verified = result == X509_V_OK;
    if (!out.verified) out.verify_error = X509_verify_cert_error_string(result);
    X509_NAME* subject = X509_get_subject_name(cert);
    for (int i = 0; i < X509_NAME_entry_count(subject); ++i) {
      X509_NAME_ENTRY* e = X509_NAME_get_entry(subject, i);
      int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(e));
      if (nid != NID_commonName && nid != NID_organizationName) continue;
      unsigned char* utf8 = nullptr;
      int n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(e));
      if (n < 0) continue;
      std::string value(reinterpret_cast<char*>(utf8), static_cast<size_t>(n));
      OPENSSL_free(utf8);
      if (nid == NID_commonName) {
        out.common_name = std::move(value);
      } else {
        out.organizations.push_back(std::move(value));
      }
    }
    X509_free(cert);
    return out;
  }

  std::shared_ptr<ConnectionImpl> Self() {
    return std::static_pointer_cast<ConnectionImpl>(shared_from_this());
  }

  void DoRead() {
    if (closed_) return;
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(state_->options.max_header_bytes));
    parser_->body_limit(state_->options.max_body_bytes);
    beast::get_lowest_layer(stream_).expires_after(state_->options.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = Self()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == net::error::eof ||
        ec == beast::error::timeout || ec == net::error::operation_aborted) {
      Shutdown();
      return;
    }
    if (ec) {
      // Go answers malformed requests with a 4xx and closes.
      keep_alive_ = false;
      head_request_ = false;
      if (ec == http::error::body_limit) {
        SendResponse(Response::Error(413, "request body too large"));
      } else if (ec == http::error::header_limit) {
        SendResponse(Response::Error(431, "431 Request Header Fields Too Large"));
      } else if (ec.category() == http::make_error_code(http::error::bad_target).category()) {
        SendResponse(Response::Error(400, "400 Bad Request"));
      } else {
        CloseSocket();
      }
      return;
    }
    beast::get_lowest_layer(stream_).expires_never();
    http::request<http::string_body> msg = parser_->release();
    keep_alive_ = msg.keep_alive();
    head_request_ = msg.method() == http::verb::head;
    HeaderList headers;
    for (const auto& field : msg) {
      headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    Request request(std::string(msg.method_string()), std::string(msg.target()),
                    std::move(headers), std::move(msg.body()), kTls, remote_);
    if constexpr (kTls) request.set_peer_certificate(peer_);
    auto writer = std::make_shared<Writer>(shared_from_this(), this, state_);
    writer_ = writer;
    state_->router->Dispatch(request, std::move(writer));
  }

  void Pump() {
    if (writing_ || closed_) return;
    if (!chunks_.empty()) {
      writing_ = true;
      current_ = std::move(chunks_.front());
      chunks_.pop_front();
      net::async_write(stream_, http::make_chunk(net::buffer(*current_)),
                       [self = Self()](beast::error_code ec, size_t) {
                         self->writing_ = false;
                         self->Done(self->current_->size());
                         if (ec) {
                           self->MarkClientGone();
                           self->CloseSocket();
                           return;
                         }
                         self->Pump();
                       });
      return;
    }
    if (finishing_) {
      writing_ = true;
      net::async_write(stream_, http::make_chunk_last(),
                       [self = Self()](beast::error_code, size_t) {
                         self->writing_ = false;
                         self->finished_ = true;
                         self->CloseSocket();
                       });
    }
  }

  // While a stream is open the client sends nothing we need; a read completing with an
  // error means it went away.
  void WatchForDisconnect() {
    stream_.async_read_some(net::buffer(probe_), [self = Self()](beast::error_code ec, size_t) {
      if (!ec) {
        self->WatchForDisconnect();
        return;
      }
      if (!self->finished_) {
        self->MarkClientGone();
        self->CloseSocket();
      }
    });
  }

  void Done(size_t n) {
    if (auto w = writer_.lock()) static_cast<Writer*>(w.get())->ChunkDone(n);
  }

  void MarkClientGone() {
    if (auto w = writer_.lock()) static_cast<Writer*>(w.get())->MarkClosed();
    for (const auto& c : chunks_) Done(c->size());
    chunks_.clear();
  }

  // Graceful end of a connection that is not streaming.
  void Shutdown() {
    if (closed_) return;
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
      stream_.async_shutdown([self = Self()](beast::error_code) { self->CloseSocket(); });
    } else {
      beast::error_code ec;
      beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_send, ec);
      CloseSocket();
    }
  }

  void CloseSocket() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ec;
    auto& socket = beast::get_lowest_layer(stream_).socket();
    socket.shutdown(tcp::socket::shutdown_send, ec);
    beast::get_lowest_layer(stream_).close();
  }

  // Declared first: destroyed last (it owns the io_context the stream uses).
  const std::shared_ptr<ServerState> state_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string remote_;
  PeerCertificate peer_;
  bool keep_alive_ = true;
  bool head_request_ = false;
  bool closed_ = false;
  std::weak_ptr<ResponseWriter> writer_;  // of the current exchange

  // Chunked answer.
  bool streaming_ = false;
  bool writing_ = false;
  bool finishing_ = false;
  bool finished_ = false;
  std::unique_ptr<http::response<http::empty_body>> stream_header_;
  std::unique_ptr<http::response_serializer<http::empty_body>> stream_serializer_;
  std::deque<std::shared_ptr<const std::string>> chunks_;
  std::shared_ptr<const std::string> current_;
  char probe_[512];
};

}  // namespace

void StartConnection(tcp::socket socket, ssl::context* tls, std::shared_ptr<ServerState> state) {
  std::shared_ptr<Connection> conn;
  if (tls != nullptr) {
    auto c = std::make_shared<ConnectionImpl<beast::ssl_stream<beast::tcp_stream>>>(
        state, std::move(socket), tls);
    conn = c;
    {
      std::lock_guard<std::mutex> lock(state->mu);
      state->live.emplace(conn.get(), conn);
    }
    c->Start();
  } else {
    auto c = std::make_shared<ConnectionImpl<beast::tcp_stream>>(state, std::move(socket), nullptr);
    conn = c;
    {
      std::lock_guard<std::mutex> lock(state->mu);
      state->live.emplace(conn.get(), conn);
    }
    c->Start();
  }
}

}  // namespace kubecxx::server::internal
