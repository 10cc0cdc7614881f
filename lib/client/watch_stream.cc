#include "lib/client/watch_stream.h"

#include <deque>
#include <string>
#include <vector>

#include "kubecxx/api/meta/v1/types.h"
#include "lib/client/watch_decoder.h"

namespace kubecxx::client {
namespace {

class HttpWatchStream : public WatchStream {
 public:
  HttpWatchStream(std::unique_ptr<net::HttpStream> stream, codec::WireFormat format,
                  bool decode_objects)
      : stream_(std::move(stream)), decoder_(format), decode_objects_(decode_objects) {}

  ~HttpWatchStream() override { stream_->Close(); }

  ApiResult<std::optional<WatchEventObject>> Next() override {
    while (pending_.empty()) {
      if (!final_error_.empty()) {
        std::string e = std::move(final_error_);
        final_error_.clear();
        return ApiError::Client(std::move(e));
      }
      if (done_) return std::optional<WatchEventObject>();
      // Read straight into the decoder's buffer: one copy of each byte less than Feed().
      StatusOr<bool> more = stream_->ReadSome(decoder_.buffer());
      if (!more.ok()) {
        done_ = true;
        if (stream_->closed()) return std::optional<WatchEventObject>();
        return ApiError::Transport(more.status());
      }
      if (!*more) {
        done_ = true;
        if (decoder_.pending() > 0) {
          return ApiError::Client("watch stream ended inside an event (" +
                                  std::to_string(decoder_.pending()) + " bytes pending)");
        }
        return std::optional<WatchEventObject>();
      }
      std::vector<WatchEvent> events;
      Status fed = decoder_.Parse(&events);
      for (WatchEvent& ev : events) pending_.push_back(std::move(ev));
      if (!fed.ok() && pending_.empty()) {
        done_ = true;
        stream_->Close();
        return ApiError::Client("unable to decode an event from the watch stream: " +
                                fed.message());
      }
      if (!fed.ok()) {
        // Deliver what came before the corrupt frame, then the error.
        done_ = true;
        final_error_ = "unable to decode an event from the watch stream: " + fed.message();
        stream_->Close();
      }
    }
    WatchEvent ev = std::move(pending_.front());
    pending_.pop_front();
    WatchEventObject out;
    out.type = std::move(ev.type);
    if (decode_objects_ || out.type == "ERROR") {
      bool registered = true;
      if (ev.object_format == codec::WireFormat::kJson) {
        std::string api_version, kind;
        registered = codec::PeekJsonTypeMeta(ev.object_raw, &api_version, &kind).ok() &&
                     codec::FindKindByApiVersion(api_version, kind) != nullptr;
      }
      if (registered) {
        StatusOr<codec::Object> obj = ev.DecodeObject();
        if (!obj.ok()) {
          return ApiError::Client("unable to decode watch event object: " +
                                  obj.status().message());
        }
        out.object = std::move(*obj);
      }
    }
    out.raw = std::move(ev.object_raw);
    return std::optional<WatchEventObject>(std::move(out));
  }

  void Close() override { stream_->Close(); }

 private:
  std::unique_ptr<net::HttpStream> stream_;
  WatchDecoder decoder_;
  const bool decode_objects_;
  std::deque<WatchEvent> pending_;
  bool done_ = false;
  std::string final_error_;  // reported once the events before it are delivered
};

}  // namespace

std::unique_ptr<WatchStream> NewWatchStream(std::unique_ptr<net::HttpStream> stream,
                                            codec::WireFormat format, bool decode_objects) {
  return std::make_unique<HttpWatchStream>(std::move(stream), format, decode_objects);
}

ApiError WatchEventError(const WatchEventObject& event) {
  if (event.object.info() != nullptr && event.object.info()->kind == "Status") {
    return ApiError(*event.object.As<api::meta::v1::Status>());
  }
  std::optional<api::meta::v1::Status> s =
      DecodeStatus(event.raw, codec::DetectWireFormat(event.raw) == codec::WireFormat::kProtobuf);
  if (s) return ApiError(std::move(*s));
  return ApiError::Client("watch ERROR event without a Status: " + event.raw.substr(0, 256));
}

}  // namespace kubecxx::client
