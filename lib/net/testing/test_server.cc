#include "lib/net/testing/test_server.h"

#include <sys/socket.h>
#include <zlib.h>

#include <limits>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace kubecxx::net::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::string ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

std::string Head(int status, const HttpHeaders& headers) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + ReasonPhrase(status) + "\r\n";
  for (const auto& [name, value] : headers.fields()) {
    out += name + ": " + value + "\r\n";
  }
  return out;
}

}  // namespace

void TestResponder::Respond(int status, std::string_view body, const HttpHeaders& headers) {
  std::string out = Head(status, headers);
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out += body;
  write_(out);
}

void TestResponder::StartChunked(int status, const HttpHeaders& headers) {
  write_(Head(status, headers) + "Transfer-Encoding: chunked\r\n\r\n");
}

bool TestResponder::WriteChunk(std::string_view data) {
  if (stopping() || data.empty()) {
    return !stopping();
  }
  char size[32];
  snprintf(size, sizeof size, "%zx\r\n", data.size());
  return write_(std::string(size) + std::string(data) + "\r\n");
}

void TestResponder::EndChunked() { write_("0\r\n\r\n"); }

struct TestServer::Impl {
  TestServerOptions options;
  TestHandler handler;
  asio::io_context ioc;
  std::unique_ptr<asio::ssl::context> tls;
  tcp::acceptor acceptor{ioc};
  std::thread accept_thread;
  std::atomic<bool> stopping{false};
  std::atomic<int> connections{0};
  std::atomic<int> requests{0};
  std::atomic<int> closed{0};
  std::mutex mu;
  std::set<int> open_fds;             // guarded by mu
  std::vector<std::thread> workers;   // guarded by mu

  void AcceptLoop();
  void Serve(tcp::socket socket, int id);
  template <typename Stream>
  void Exchange(Stream& stream, int id, const std::string& client_cn);
};

void TestServer::Impl::AcceptLoop() {
  while (!stopping) {
    boost::system::error_code ec;
    tcp::socket socket(ioc);
    acceptor.accept(socket, ec);
    if (ec || stopping) {
      break;
    }
    int id = ++connections;
    std::lock_guard<std::mutex> lock(mu);
    open_fds.insert(socket.native_handle());
    workers.emplace_back([this, s = std::move(socket), id]() mutable { Serve(std::move(s), id); });
  }
}

template <typename Stream>
void TestServer::Impl::Exchange(Stream& stream, int id, const std::string& client_cn) {
  beast::flat_buffer buffer;
  while (!stopping) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    boost::system::error_code ec;
    http::read(stream, buffer, parser, ec);
    if (ec) {
      return;
    }
    http::request<http::string_body> req = parser.release();
    TestRequest request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    for (const auto& field : req) {
      request.headers.Add(std::string(field.name_string()), std::string(field.value()));
    }
    request.body = std::move(req.body());
    request.connection = id;
    request.client_cn = client_cn;
    bool alive = true;
    TestResponder responder(
        [&](std::string_view bytes) {
          if (!alive) {
            return false;
          }
          boost::system::error_code wec;
          asio::write(stream, asio::buffer(bytes.data(), bytes.size()), wec);
          alive = !wec;
          return alive;
        },
        &stopping);
    handler(request, responder);
    ++requests;
    if (!alive || responder.close_after() || !req.keep_alive()) {
      return;
    }
  }
}

void TestServer::Impl::Serve(tcp::socket socket, int id) {
  int fd = socket.native_handle();
  // The destructor must not shut down a descriptor number that was closed and reused.
  auto forget = [&] {
    std::lock_guard<std::mutex> lock(mu);
    open_fds.erase(fd);
  };
  boost::system::error_code ec;
  if (tls == nullptr) {
    Exchange(socket, id, "");
    forget();
    socket.shutdown(tcp::socket::shutdown_both, ec);
    socket.close(ec);
    ++closed;
    return;
  }
  asio::ssl::stream<tcp::socket> stream(std::move(socket), *tls);
  stream.handshake(asio::ssl::stream_base::server, ec);
  if (!ec) {
    std::string cn;
    if (X509* peer = SSL_get1_peer_certificate(stream.native_handle())) {
      char buf[256] = {};
      X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, buf, sizeof buf);
      cn = buf;
      X509_free(peer);
    }
    Exchange(stream, id, cn);
  }
  forget();
  stream.lowest_layer().shutdown(tcp::socket::shutdown_both, ec);
  stream.lowest_layer().close(ec);
  ++closed;
}

StatusOr<std::unique_ptr<TestServer>> TestServer::Start(TestServerOptions options,
                                                        TestHandler handler) {
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->handler = std::move(handler);
  if (impl->options.tls) {
    impl->tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
    boost::system::error_code ec;
    const TestServerOptions& o = impl->options;
    impl->tls->use_certificate_chain(asio::buffer(o.cert_pem), ec);
    if (!ec) impl->tls->use_private_key(asio::buffer(o.key_pem), asio::ssl::context::pem, ec);
    if (!ec && !o.client_ca_pem.empty()) {
      impl->tls->add_certificate_authority(asio::buffer(o.client_ca_pem), ec);
      impl->tls->set_verify_mode(
          asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert, ec);
    }
    if (ec) {
      return Status::Internal("test server TLS setup: " + ec.message());
    }
  }
  boost::system::error_code ec;
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::Internal("test server listen: " + ec.message());
  }
  Impl* raw = impl.get();
  impl->accept_thread = std::thread([raw] { raw->AcceptLoop(); });
  return std::unique_ptr<TestServer>(new TestServer(std::move(impl)));
}

TestServer::TestServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

TestServer::~TestServer() {
  impl_->stopping = true;
  // shutdown(2) wakes a thread blocked in accept(2) or read(2) on these descriptors.
  ::shutdown(impl_->acceptor.native_handle(), SHUT_RDWR);
  impl_->accept_thread.join();
  std::vector<std::thread> workers;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    for (int fd : impl_->open_fds) {
      ::shutdown(fd, SHUT_RDWR);
    }
    workers.swap(impl_->workers);
  }
  for (std::thread& t : workers) {
    t.join();
  }
}

uint16_t TestServer::port() const { return impl_->acceptor.local_endpoint().port(); }

std::string TestServer::Url(std::string_view path) const {
  return std::string(impl_->options.tls ? "https" : "http") + "://127.0.0.1:" +
         std::to_string(port()) + std::string(path);
}

int TestServer::connections() const { return impl_->connections.load(); }
int TestServer::requests() const { return impl_->requests.load(); }
int TestServer::closed_connections() const { return impl_->closed.load(); }

std::string GzipForTest(std::string_view data) {
  z_stream zs{};
  deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace kubecxx::net::testing
