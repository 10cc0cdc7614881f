// Watch streams: the asynchronous gRPC bidi stream driven by the client's completion-queue
// thread (see the threading model in client.h and the state notes in internal.h).
#include "lib/etcd/internal.h"

namespace kubecxx::etcd {

WatchState::WatchState(std::string endpoint, const WatchOptions& options)
    : endpoint_(std::move(endpoint)) {
  pb::WatchCreateRequest* c = create_request_.mutable_create_request();
  c->set_key(options.key);
  if (options.prefix) {
    c->set_range_end(PrefixRangeEnd(options.key));
  } else if (!options.range_end.empty()) {
    c->set_range_end(options.range_end);
  }
  c->set_start_revision(options.start_revision);
  c->set_prev_kv(options.prev_kv);
  c->set_progress_notify(options.progress_notify);
  c->set_fragment(true);
  if (options.require_leader) context_.AddMetadata("hasleader", "true");
}

void WatchState::Start(pb::Watch::Stub* stub, grpc::CompletionQueue* cq) {
  std::lock_guard<std::mutex> lock(mu_);
  self_ = shared_from_this();
  stream_ = stub->PrepareAsyncWatch(&context_, cq);
  ++pending_ops_;
  stream_->StartCall(&start_tag_);
}

void WatchState::StartReadLocked() {
  if (reading_ || finishing_) return;
  reading_ = true;
  ++pending_ops_;
  stream_->Read(&read_buffer_, &read_tag_);
}

void WatchState::StartWriteLocked() {
  if (writing_ || !started_ || finishing_ || pending_writes_.empty()) return;
  write_buffer_ = std::move(pending_writes_.front());
  pending_writes_.pop_front();
  writing_ = true;
  ++pending_ops_;
  stream_->Write(write_buffer_, &write_tag_);
}

void WatchState::FinishLocked() {
  if (finishing_) return;
  finishing_ = true;
  ++pending_ops_;
  stream_->Finish(&finish_status_, &finish_tag_);
}

void WatchState::EndLocked(Status terminal) {
  if (!terminal_) terminal_ = std::move(terminal);
  cv_.notify_all();
}

std::shared_ptr<WatchState> WatchState::ReleaseIfDoneLocked() {
  if (finished_ && pending_ops_ == 0) return std::move(self_);
  return nullptr;
}

void WatchState::OnTag(TagKind kind, bool ok) {
  std::shared_ptr<WatchState> release;
  {
    std::lock_guard<std::mutex> lock(mu_);
    --pending_ops_;
    switch (kind) {
      case TagKind::kStart:
        if (!ok) {
          FinishLocked();
          break;
        }
        started_ = true;
        pending_writes_.push_front(create_request_);
        StartWriteLocked();
        StartReadLocked();
        break;
      case TagKind::kWrite:
        writing_ = false;
        if (ok) StartWriteLocked();
        break;
      case TagKind::kRead:
        reading_ = false;
        if (!ok) {
          FinishLocked();  // the server closed its side or the call was canceled
          break;
        }
        HandleResponseLocked();
        if (terminal_) {
          context_.TryCancel();  // the watch is over; make the stream end
          StartReadLocked();     // drains to a failed read, which calls Finish
        } else if (queue_.size() < kWatchQueueCapacity) {
          StartReadLocked();
        } else {
          read_paused_ = true;
        }
        break;
      case TagKind::kFinish:
        finished_ = true;
        if (!finish_status_.ok() && cancel_reason_.empty()) {
          Status s = FromGrpc(finish_status_);
          EndLocked(Status(StatusCode::kUnavailable,
                           "etcd watch on " + endpoint_ + " ended: " + s.message()));
        } else {
          EndLocked(Status(StatusCode::kUnavailable,
                           cancel_reason_.empty() ? "etcd watch stream closed by " + endpoint_
                                                  : cancel_reason_));
        }
        break;
    }
    release = ReleaseIfDoneLocked();
    cv_.notify_all();
  }
  // `release` (maybe the last reference) is dropped here, outside the lock.
}

void WatchState::HandleResponseLocked() {
  pb::WatchResponse& r = read_buffer_;
  if (r.created()) watch_id_ = r.watch_id();
  if (r.canceled()) {
    if (r.compact_revision() > 0) {
      compact_revision_ = r.compact_revision();
      EndLocked(Status(StatusCode::kOutOfRange, std::string(kErrCompacted)));
    } else {
      EndLocked(Status(StatusCode::kUnavailable,
                       "etcd canceled the watch: " +
                           (r.cancel_reason().empty() ? std::string("no reason given")
                                                      : r.cancel_reason())));
    }
    return;
  }
  if (r.compact_revision() > 0) {
    // etcd sends this (without canceled) when a watcher fell behind a compaction.
    compact_revision_ = r.compact_revision();
    EndLocked(Status(StatusCode::kOutOfRange, std::string(kErrCompacted)));
    return;
  }
  if (!partial_) partial_.emplace();
  bool continued = partial_->revision != 0 || !partial_->events.empty();
  FromProto(&r, &*partial_);
  if (r.fragment() || continued) ++fragments_;
  if (r.fragment()) return;  // more of the same response follows
  WatchResponse done = std::move(*partial_);
  partial_.reset();
  if (r.created() && done.events.empty()) return;  // the creation acknowledgement
  done.progress_notify = done.events.empty() && done.revision != 0;
  queue_.push_back(std::move(done));
  cv_.notify_all();
}

StatusOr<std::optional<WatchResponse>> WatchState::Next(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  bool ready = cv_.wait_for(lock, timeout, [&] { return !queue_.empty() || terminal_; });
  if (!ready) return std::optional<WatchResponse>();
  if (queue_.empty()) return *terminal_;
  WatchResponse r = std::move(queue_.front());
  queue_.pop_front();
  if (read_paused_ && !terminal_ && !finishing_) {
    read_paused_ = false;
    StartReadLocked();
  }
  return std::optional<WatchResponse>(std::move(r));
}

Status WatchState::RequestProgress() {
  std::lock_guard<std::mutex> lock(mu_);
  if (terminal_) return *terminal_;
  if (finishing_) return Status(StatusCode::kUnavailable, "etcd watch is closing");
  pb::WatchRequest req;
  req.mutable_progress_request();
  pending_writes_.push_back(std::move(req));
  StartWriteLocked();
  return Status::Ok();
}

void WatchState::Cancel(std::string reason) {
  std::lock_guard<std::mutex> lock(mu_);
  if (finished_) return;
  if (cancel_reason_.empty()) cancel_reason_ = std::move(reason);
  context_.TryCancel();
  // With a read in flight, its failure calls Finish; a paused stream has none.
  if (started_ && !reading_) FinishLocked();
}

void WatchState::WaitDone() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return (finished_ || !self_) && pending_ops_ == 0; });
}

int64_t WatchState::compact_revision() const {
  std::lock_guard<std::mutex> lock(mu_);
  return compact_revision_;
}

int64_t WatchState::fragments() const {
  std::lock_guard<std::mutex> lock(mu_);
  return fragments_;
}

int64_t WatchState::watch_id() const {
  std::lock_guard<std::mutex> lock(mu_);
  return watch_id_;
}

WatchStream::~WatchStream() { state_->Cancel("watch canceled"); }

StatusOr<std::optional<WatchResponse>> WatchStream::Next(std::chrono::milliseconds timeout) {
  return state_->Next(timeout);
}
Status WatchStream::RequestProgress() { return state_->RequestProgress(); }
void WatchStream::Cancel() { state_->Cancel("watch canceled"); }
int64_t WatchStream::compact_revision() const { return state_->compact_revision(); }
int64_t WatchStream::watch_id() const { return state_->watch_id(); }
int64_t WatchStream::fragments() const { return state_->fragments(); }
const std::string& WatchStream::endpoint() const { return state_->endpoint(); }

}  // namespace kubecxx::etcd
