#include "lib/client/watch_decoder.h"

#include "kubecxx/api/meta/v1/types.h"
#include "lib/codec/json_reader.h"
#include "lib/codec/proto_reader.h"

namespace kubecxx::client {
namespace {

Status DecodeJsonEvent(std::string_view text, WatchEvent* ev) {
  api::meta::v1::WatchEvent we;
  codec::JsonReader r(text);
  if (!ReadJson(r, we) || !r.ExpectEnd()) return r.status();
  ev->type = std::move(we.type);
  ev->object_raw = std::move(we.object.raw);
  ev->object_format = codec::WireFormat::kJson;
  return Status::Ok();
}

Status DecodeProtobufEvent(std::string_view frame, WatchEvent* ev) {
  api::meta::v1::WatchEvent we;
  codec::ProtoReader r(frame);
  if (!ReadProto(r, we)) return r.status();
  ev->type = std::move(we.type);
  ev->object_raw = std::move(we.object.raw);
  ev->object_format = codec::DetectWireFormat(ev->object_raw);
  return Status::Ok();
}

}  // namespace

StatusOr<codec::Object> WatchEvent::DecodeObject() const {
  return codec::DecodeObject(object_raw, object_format);
}

Status WatchDecoder::Feed(std::string_view chunk, std::vector<WatchEvent>* events) {
  buf_.append(chunk);
  return Parse(events);
}

Status WatchDecoder::Parse(std::vector<WatchEvent>* events) {
  Status s = format_ == codec::WireFormat::kProtobuf ? FeedProtobuf(events) : FeedJson(events);
  Compact();
  return s;
}

void WatchDecoder::Compact() {
  // Drop consumed bytes once they dominate the buffer (amortised O(1) per byte).
  if (start_ > 0 && start_ * 2 >= buf_.size()) {
    buf_.erase(0, start_);
    scan_ -= start_;
    start_ = 0;
  }
}

Status WatchDecoder::FeedJson(std::vector<WatchEvent>* events) {
  for (; scan_ < buf_.size(); ++scan_) {
    char c = buf_[scan_];
    if (in_string_) {
      if (escape_) {
        escape_ = false;
      } else if (c == '\\') {
        escape_ = true;
      } else if (c == '"') {
        in_string_ = false;
      }
      continue;
    }
    if (depth_ == 0) {
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        start_ = scan_ + 1;
        continue;
      }
      if (c != '{') {
        return Status::Invalid("watch stream: expected '{' at stream offset " + std::to_string(scan_));
      }
    }
    if (c == '"') {
      in_string_ = true;
    } else if (c == '{' || c == '[') {
      ++depth_;
    } else if (c == '}' || c == ']') {
      if (--depth_ == 0) {
        WatchEvent ev;
        KUBECXX_RETURN_IF_ERROR(
            DecodeJsonEvent(std::string_view(buf_).substr(start_, scan_ + 1 - start_), &ev));
        events->push_back(std::move(ev));
        start_ = scan_ + 1;
      }
    }
  }
  return Status::Ok();
}

Status WatchDecoder::FeedProtobuf(std::vector<WatchEvent>* events) {
  while (buf_.size() - start_ >= 4) {
    const auto* p = reinterpret_cast<const unsigned char*>(buf_.data() + start_);
    uint32_t n = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
    if (n > kMaxFrameBytes) {
      return Status::Invalid("watch stream: frame of " + std::to_string(n) + " bytes exceeds the limit");
    }
    if (buf_.size() - start_ - 4 < n) break;
    WatchEvent ev;
    KUBECXX_RETURN_IF_ERROR(DecodeProtobufEvent(std::string_view(buf_).substr(start_ + 4, n), &ev));
    events->push_back(std::move(ev));
    start_ += 4 + n;
  }
  scan_ = buf_.size();
  return Status::Ok();
}

}  // namespace kubecxx::client
