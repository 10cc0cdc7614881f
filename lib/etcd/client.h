// An etcd v3 client over gRPC (the C++ gRPC library and code generated at build time from
// etcd's own .proto files): the KV, Watch, Lease and Maintenance verbs the apiserver needs.
//
// Endpoints, as --etcd-servers gives them: "http://host:port" (plain), "https://host:port"
// (TLS, required), or "host:port" (TLS when a CA or client certificate is configured).
// TLS: ca_file verifies the server (system roots when empty), cert_file + key_file are the
// client certificate (--etcd-cafile, --etcd-certfile, --etcd-keyfile).
//
// Failover: one gRPC channel per endpoint; calls go to the current endpoint and move on to
// the next when it is unavailable. Reads (Range, Status) are retried on the next endpoint;
// writes only when the channel had no connection when the call began (so the request was
// never sent), mirroring etcd's Go client. A watch stream stays on one endpoint; when it
// breaks, Next() reports kUnavailable and the caller re-watches from its last revision.
//
// Errors: etcd's gRPC errors become Status codes (OutOfRange -> kOutOfRange, Unavailable and
// DeadlineExceeded -> kUnavailable, NotFound -> kNotFound, InvalidArgument and
// FailedPrecondition -> kInvalidArgument, others kInternal) with etcd's own message, e.g.
// "etcdserver: mvcc: required revision has been compacted" (see IsCompacted).
//
// Threading model:
// - Unary calls are synchronous on the calling thread, with a deadline of
//   options.request_timeout; any number of threads may call concurrently.
// - One completion-queue thread per Client, started in Create(), drives every watch stream
//   (start, reads, writes, finish). It never runs user code: responses are queued per
//   stream (bounded; reading from etcd pauses while a stream's queue is full, so a slow
//   consumer holds back only its own stream) and consumers take them with Next().
// - ~Client cancels the watch streams still open and joins the thread; WatchStream handles
//   may outlive the Client (Next() then reports the stream as canceled).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "lib/base/status.h"
#include "lib/etcd/types.h"

namespace kubecxx::etcd {

// etcd's error messages for the two revision errors callers must tell apart.
inline constexpr std::string_view kErrCompacted =
    "etcdserver: mvcc: required revision has been compacted";
inline constexpr std::string_view kErrFutureRevision =
    "etcdserver: mvcc: required revision is a future revision";
bool IsCompacted(const Status& s);
bool IsFutureRevision(const Status& s);

struct ClientOptions {
  std::vector<std::string> endpoints{};
  std::string ca_file{};
  std::string cert_file{};
  std::string key_file{};
  std::chrono::milliseconds request_timeout{30000};
  // HTTP/2 keepalive pings, as kube-apiserver configures its etcd client.
  std::chrono::milliseconds keepalive_time{30000};
  std::chrono::milliseconds keepalive_timeout{10000};
};

// Splits --etcd-servers ("a,b,c"; blanks around commas ignored). Error when empty.
StatusOr<std::vector<std::string>> ParseEndpoints(std::string_view servers);

struct WatchOptions {
  std::string key{};
  std::string range_end{};
  bool prefix = false;
  int64_t start_revision = 0;  // 0 = from now; else inclusive
  bool prev_kv = false;
  bool progress_notify = false;  // etcd's periodic progress notifications (~10 min)
  // Adds "hasleader" metadata so etcd cancels the watch when its member loses the leader
  // (kube-apiserver watches this way).
  bool require_leader = true;
};

class WatchState;

// One watch: a gRPC bidirectional stream created by Client::Watch.
// Thread-safety: Next() from one consumer thread at a time; Cancel() and RequestProgress()
// from any thread.
class WatchStream {
 public:
  explicit WatchStream(std::shared_ptr<WatchState> state) : state_(std::move(state)) {}
  ~WatchStream();  // cancels the watch; never blocks on the network
  WatchStream(const WatchStream&) = delete;
  WatchStream& operator=(const WatchStream&) = delete;

  // Waits up to `timeout` for the next response; nullopt when none came in time.
  // Fragmented responses (large transactions) arrive merged. Once the stream is over
  // every call returns the same error:
  //   kOutOfRange  start_revision was compacted; message kErrCompacted, and
  //                compact_revision() is the oldest revision still watchable
  //   kUnavailable the stream broke (endpoint down, leader lost), etcd canceled the watch,
  //                or Cancel() was called; the message says which
  StatusOr<std::optional<WatchResponse>> Next(std::chrono::milliseconds timeout);
  // Asks etcd for a progress notification on this stream (etcd >= 3.4).
  Status RequestProgress();
  void Cancel();
  // etcd's compact revision when the watch failed with kOutOfRange, else 0.
  int64_t compact_revision() const;
  int64_t watch_id() const;  // -1 until etcd has created the watch
  // Messages that were fragments of a larger response so far (for tests and metrics).
  int64_t fragments() const;
  const std::string& endpoint() const;

 private:
  std::shared_ptr<WatchState> state_;
};

class Client {
 public:
  // Validates options and reads TLS files; does not connect (the first call does).
  static StatusOr<std::unique_ptr<Client>> Create(const ClientOptions& options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  const std::vector<std::string>& endpoints() const { return endpoint_names_; }
  // The endpoint calls currently go to.
  std::string current_endpoint() const;

  // Until some endpoint answers a Status call, or `timeout`.
  Status WaitUntilReady(std::chrono::milliseconds timeout);

  StatusOr<RangeResult> Range(std::string_view key, const RangeOptions& options = {});
  StatusOr<PutResult> Put(std::string_view key, std::string_view value,
                          const PutOptions& options = {});
  StatusOr<DeleteResult> Delete(std::string_view key, const DeleteOptions& options = {});
  // If every compare holds, runs `then_ops`, else `else_ops`, atomically.
  StatusOr<TxnResult> Txn(const std::vector<Compare>& compares, const std::vector<Op>& then_ops,
                          const std::vector<Op>& else_ops = {});
  // Discards history before `revision`; physical waits until the compaction is applied.
  Status Compact(int64_t revision, bool physical = false);

  StatusOr<std::unique_ptr<WatchStream>> Watch(const WatchOptions& options);

  StatusOr<LeaseGrantResult> LeaseGrant(int64_t ttl_seconds);
  Status LeaseRevoke(int64_t id);
  // One keepalive round trip; returns the lease's renewed TTL (kNotFound when expired).
  StatusOr<int64_t> LeaseKeepAliveOnce(int64_t id);

  // Maintenance.Status of one endpoint (one of endpoints()).
  StatusOr<EndpointStatus> GetEndpointStatus(std::string_view endpoint);
  // kube-apiserver's health probe: a linearizable Get of `key` on the current endpoint
  // (an absent key is healthy).
  Status CheckHealth(std::string_view key = "health");

 private:
  struct Endpoint;
  Client() = default;
  // Runs `call` on the current endpoint, failing over as described above.
  template <typename Call>
  Status Invoke(bool idempotent, Call&& call);
  void RunCompletionQueue();

  std::vector<std::string> endpoint_names_{};
  std::vector<std::unique_ptr<Endpoint>> endpoints_;
  std::atomic<size_t> current_{0};
  ClientOptions options_;
  struct Watches;
  std::unique_ptr<Watches> watches_;
  std::thread cq_thread_;
};

}  // namespace kubecxx::etcd
