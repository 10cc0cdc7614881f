// The transport seam: how kubecxx sends one HTTP exchange. HttpClient (HTTP/1.1 over
// Boost.Beast) is today's only real implementation; HTTP/2 and test fakes plug in here.
//
// Errors. A failure to obtain a response (dial, TLS, write, read, timeout, cancel) is a
// non-OK Status whose message names the request and the cause in Go's words, because
// retry decisions (ours and client-go's) are phrased in them:
//   "... EOF", "unexpected EOF", "connection reset by peer", "broken pipe",
//   "use of closed network connection", "i/o timeout", "connection refused".
// The classifiers below read those words, as upstream's util/net classifiers do.
// An HTTP error status (404, 429, 500 ...) is not a transport failure: it is a response.
//
// Thread-safety: implementations are safe for concurrent calls from many threads.
#pragma once

#include <memory>
#include <string>

#include "lib/base/status.h"
#include "lib/net/http_types.h"

namespace kubecxx::net {

// An open response whose body is read incrementally (watch streams, logs, big lists).
//
// Threading: one thread reads (ReadSome/ReadAll); Close() may be called from any other
// thread at any time while the object is alive, and makes a blocked ReadSome return
// promptly with an error. The owner must not destroy the stream while another thread may
// still call Close() on it.
class HttpStream {
 public:
  virtual ~HttpStream() = default;

  virtual int status() const = 0;
  virtual const std::string& reason() const = 0;
  virtual const HttpHeaders& headers() const = 0;

  // Blocks until body bytes arrive, appends at least one byte to *out and returns true;
  // returns false at the clean end of the body. After an error or Close() every call fails.
  virtual StatusOr<bool> ReadSome(std::string* out) = 0;

  // Cancels the stream: idempotent, thread-safe, never blocks on the network.
  virtual void Close() = 0;
  // True once Close() was called (so a reader can tell cancellation from failure).
  virtual bool closed() const = 0;

  // Reads the rest of the body into *out.
  Status ReadAll(std::string* out);
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;

  // Sends `request` and reads the complete response. Any HTTP status is a response.
  virtual StatusOr<HttpResponse> RoundTrip(const HttpRequest& request) = 0;

  // Sends `request` and returns once the response header arrived; the body is then read
  // from the stream. Any HTTP status is returned as a stream (its body holds the error).
  virtual StatusOr<std::unique_ptr<HttpStream>> OpenStream(const HttpRequest& request) = 0;
};

// upstream util/net.IsProbableEOF: the connection was lost (EOF, reset, closed).
bool IsProbableEof(const Status& status);
// upstream util/net.IsConnectionReset: ECONNRESET.
bool IsConnectionReset(const Status& status);
// upstream util/net.IsTimeout: a deadline passed ("i/o timeout", "context deadline exceeded").
bool IsTimeout(const Status& status);

}  // namespace kubecxx::net
