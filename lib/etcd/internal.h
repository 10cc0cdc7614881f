// Private to lib/etcd: the per-endpoint channel and stubs, the watch stream state driven by
// the completion-queue thread, and conversions between the generated protobuf messages and
// lib/etcd's plain values.
#pragma once

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include "etcd/api/etcdserverpb/rpc.grpc.pb.h"
#include "lib/base/status.h"
#include "lib/etcd/client.h"
#include "lib/etcd/types.h"

namespace kubecxx::etcd {

namespace pb = ::etcdserverpb;

struct Client::Endpoint {
  std::string name;    // as given, e.g. "https://127.0.0.1:2379"
  std::string target;  // host:port for gRPC
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<pb::KV::Stub> kv;
  std::unique_ptr<pb::Watch::Stub> watch;
  std::unique_ptr<pb::Lease::Stub> lease;
  std::unique_ptr<pb::Maintenance::Stub> maintenance;
};

// gRPC status -> kubecxx Status (see client.h for the mapping).
Status FromGrpc(const grpc::Status& s);

// Conversions. The From* functions move byte fields out of the message.
void FromProto(mvccpb::KeyValue* in, KeyValue* out);
void FromProto(pb::RangeResponse* in, RangeResult* out);
void FromProto(pb::WatchResponse* in, WatchResponse* out);
void ToProto(std::string_view key, const RangeOptions& o, pb::RangeRequest* out);
void ToProto(const Op& op, pb::RequestOp* out);
void ToProto(const Compare& c, pb::Compare* out);
void FromProto(pb::TxnResponse* in, TxnResult* out);

// How many responses a watch stream buffers before it stops reading from etcd.
inline constexpr size_t kWatchQueueCapacity = 100;

// One watch stream's state, shared by the WatchStream handle and the completion-queue
// thread. All fields are guarded by mu; gRPC operations are started with mu held (the
// completion queue never calls back synchronously), at most one read and one write at a
// time. The state keeps itself alive (self) until gRPC has returned every tag.
class WatchState : public std::enable_shared_from_this<WatchState> {
 public:
  enum class TagKind { kStart, kRead, kWrite, kFinish };
  struct Tag {
    WatchState* state;
    TagKind kind;
  };

  WatchState(std::string endpoint, const WatchOptions& options);
  // Starts the call on `cq`; the create request is written once the call is up.
  void Start(pb::Watch::Stub* stub, grpc::CompletionQueue* cq);
  // Completion-queue thread: one finished operation.
  void OnTag(TagKind kind, bool ok);

  StatusOr<std::optional<WatchResponse>> Next(std::chrono::milliseconds timeout);
  Status RequestProgress();
  void Cancel(std::string reason);
  // Blocks until gRPC has returned every tag of this stream (after Cancel: promptly).
  void WaitDone();
  int64_t compact_revision() const;
  int64_t watch_id() const;
  int64_t fragments() const;
  const std::string& endpoint() const { return endpoint_; }

 private:
  void StartReadLocked();
  void StartWriteLocked();
  void FinishLocked();
  void EndLocked(Status terminal);
  void HandleResponseLocked();
  std::shared_ptr<WatchState> ReleaseIfDoneLocked();

  const std::string endpoint_;
  pb::WatchRequest create_request_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientAsyncReaderWriter<pb::WatchRequest, pb::WatchResponse>> stream_;
  Tag start_tag_{this, TagKind::kStart};
  Tag read_tag_{this, TagKind::kRead};
  Tag write_tag_{this, TagKind::kWrite};
  Tag finish_tag_{this, TagKind::kFinish};

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::shared_ptr<WatchState> self_;
  int pending_ops_ = 0;
  bool started_ = false;
  bool reading_ = false;
  bool read_paused_ = false;
  bool writing_ = false;
  bool finishing_ = false;
  bool finished_ = false;
  pb::WatchResponse read_buffer_;
  pb::WatchRequest write_buffer_;
  std::deque<pb::WatchRequest> pending_writes_;
  grpc::Status finish_status_;
  // A fragmented response being assembled.
  std::optional<WatchResponse> partial_;
  std::deque<WatchResponse> queue_;
  std::optional<Status> terminal_;
  std::string cancel_reason_;
  int64_t compact_revision_ = 0;
  int64_t watch_id_ = -1;
  int64_t fragments_ = 0;
};

}  // namespace kubecxx::etcd
