// The handler-facing types of lib/server's HTTP/1.1 server: Request, Response,
// ResponseWriter and Handler. No I/O here.
//
// A handler gets the parsed request and a shared ResponseWriter. It answers with exactly one
// of Reply (a complete response) or StartChunked + WriteChunk... + Finish (a long-lived
// chunked body, e.g. a watch). It may answer before returning or later from any thread by
// keeping the writer; if the last reference is dropped without an answer the server
// replies 500, and an unfinished chunked body is finished.
//
// Thread-safety: Request and Response are plain values. ResponseWriter methods are safe to
// call from any thread.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kubecxx::server {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// The client certificate of a TLS connection, as the handshake saw it. `verified` is true
// only when the chain verified against the server's client CA (ServingTlsOptions::
// client_ca_file) with client-auth usage; the handshake itself never fails on a bad client
// certificate (Go's tls.RequestClientCert: authentication decides, per request).
struct PeerCertificate {
  bool present = false;
  bool verified = false;
  std::string verify_error;  // OpenSSL's reason when present && !verified
  std::string common_name;   // subject CN
  std::vector<std::string> organizations;  // subject O, in order
};

class Request {
 public:
  Request() = default;
  Request(std::string method, std::string target, HeaderList headers, std::string body,
          bool tls, std::string remote_address);

  const std::string& method() const { return method_; }
  // The request target as sent: "/readyz/etcd?verbose".
  const std::string& target() const { return target_; }
  // The path, percent-decoded ("/readyz/etcd"), as Go's URL.Path.
  const std::string& path() const { return path_; }
  // The raw query after '?', without it.
  const std::string& raw_query() const { return raw_query_; }

  // Whether the query has the key, with or without a value ("?verbose", "?verbose=false").
  bool HasQuery(std::string_view key) const;
  // Every value of the key, decoded as Go's url.ParseQuery ('+' is a space).
  std::vector<std::string> QueryValues(std::string_view key) const;

  // The first value of a header (case-insensitive name), or "".
  std::string_view Header(std::string_view name) const;
  const HeaderList& headers() const { return headers_; }

  const std::string& body() const { return body_; }
  bool tls() const { return tls_; }
  // "ip:port" of the client.
  const std::string& remote_address() const { return remote_address_; }
  // TLS connections only; default (not present) otherwise.
  const PeerCertificate& peer_certificate() const { return peer_certificate_; }
  void set_peer_certificate(PeerCertificate peer) { peer_certificate_ = std::move(peer); }

 private:
  std::string method_;
  std::string target_;
  std::string path_;
  std::string raw_query_;
  std::vector<std::pair<std::string, std::string>> query_;  // decoded, in order
  HeaderList headers_;
  std::string body_;
  bool tls_ = false;
  std::string remote_address_;
  PeerCertificate peer_certificate_;
};

struct Response {
  int status = 200;
  HeaderList headers;
  std::string body;

  // A text/plain; charset=utf-8 response with X-Content-Type-Options: nosniff.
  static Response Text(int status, std::string body);
  // Go's http.Error: Text with "\n" appended to the message.
  static Response Error(int status, std::string_view message);
};

class ResponseWriter {
 public:
  virtual ~ResponseWriter() = default;

  // Sends a complete response (Content-Length set from the body). Ignored if an answer
  // was already started.
  virtual void Reply(Response response) = 0;

  // Sends the status line and headers of a chunked response (Transfer-Encoding: chunked;
  // the connection closes after Finish). Ignored if an answer was already started.
  virtual void StartChunked(int status, HeaderList headers) = 0;

  // Queues one chunk (empty data is skipped, as an empty chunk would end the body).
  // Returns false once the client is gone or the body finished: stop producing.
  // REQUIRES: StartChunked was called.
  virtual bool WriteChunk(std::string data) = 0;
  // Same, for bytes shared with other responses (one encoded watch event sent to many
  // watchers): implementations that can queue the shared buffer avoid a copy.
  virtual bool WriteSharedChunk(std::shared_ptr<const std::string> data) {
    return data == nullptr || WriteChunk(*data);
  }

  // Ends a chunked body after the queued chunks are written.
  virtual void Finish() = 0;

  // Bytes queued by WriteChunk and not yet written: a slow reader's backlog.
  virtual size_t PendingBytes() const = 0;

  // Whether the client has disconnected (or the server is stopping).
  virtual bool Closed() const = 0;

  // Runs `callback` once, on a server thread, when the client disconnects before the answer
  // completes (at once if it already has). Use it to stop a stream's producer.
  virtual void OnClose(std::function<void()> callback) = 0;
};

using Handler = std::function<void(const Request&, std::shared_ptr<ResponseWriter>)>;

}  // namespace kubecxx::server
