// Decodes the body of a watch response (GET ...?watch=1) into events, chunk by
// chunk, for both stream encodings the apiserver serves:
//
// - JSON (Accept: application/json): a sequence of metav1.WatchEvent JSON
//   objects, each `{"type":"ADDED","object":{...}}`, newline separated.
// - protobuf (Accept: application/vnd.kubernetes.protobuf;stream=watch): frames
//   of a 4-byte big-endian length followed by a raw metav1.WatchEvent message
//   (no envelope); its object.raw holds the object in the "k8s\0" envelope.
//
// Thread-safety: one decoder per stream, used by one thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lib/base/status.h"
#include "lib/codec/registry.h"
#include "lib/model/wire.h"

namespace kubecxx::client {

struct WatchEvent {
  std::string type;            // ADDED, MODIFIED, DELETED, BOOKMARK or ERROR
  std::string object_raw;      // the object's bytes as sent (JSON text or "k8s\0" envelope)
  codec::WireFormat object_format = codec::WireFormat::kJson;

  // Decodes object_raw as a registered kind (an ERROR event carries a Status).
  StatusOr<codec::Object> DecodeObject() const;
};

class WatchDecoder {
 public:
  explicit WatchDecoder(codec::WireFormat stream_format) : format_(stream_format) {}

  // Appends every event completed by `chunk` to *events. An error is final:
  // the stream is corrupt and must be closed.
  Status Feed(std::string_view chunk, std::vector<WatchEvent>* events);

  // The same without Feed's copy: a reader appends stream bytes to *buffer() (and nothing
  // else: the bytes already there must stay), then calls Parse(). Same error contract.
  std::string* buffer() { return &buf_; }
  Status Parse(std::vector<WatchEvent>* events);

  // Bytes buffered that do not yet form a complete event.
  size_t pending() const { return buf_.size() - start_; }

  // Frames larger than this are refused (a corrupt length must not make us
  // allocate gigabytes); upstream's decoder refuses frames past its buffer too.
  static constexpr uint32_t kMaxFrameBytes = 256u << 20;

 private:
  Status FeedJson(std::vector<WatchEvent>* events);
  Status FeedProtobuf(std::vector<WatchEvent>* events);
  void Compact();

  codec::WireFormat format_;
  std::string buf_;
  size_t start_ = 0;  // first byte not yet consumed
  // JSON framing state, kept across chunks so each byte is scanned once.
  size_t scan_ = 0;
  int depth_ = 0;
  bool in_string_ = false;
  bool escape_ = false;
};

}  // namespace kubecxx::client
