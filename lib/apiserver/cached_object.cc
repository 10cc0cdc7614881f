#include "lib/apiserver/cached_object.h"

#include "kubecxx/api/meta/v1/types.h"
#include "lib/apiserver/list_encoding.h"
#include "lib/codec/json_writer.h"
#include "lib/codec/proto_reader.h"
#include "lib/codec/proto_writer.h"
#include "lib/codec/yaml.h"

namespace kubecxx::apiserver {
namespace {

size_t FormatIndex(codec::WireFormat f) { return f == codec::WireFormat::kProtobuf ? 1 : 0; }

// The raw message inside a "k8s\0" envelope (runtime.Unknown field 2), or "" if malformed.
std::string_view EnvelopeRaw(std::string_view envelope) {
  if (!envelope.starts_with(codec::kProtobufMagic)) return {};
  codec::ProtoReader r(envelope.substr(codec::kProtobufMagic.size()));
  uint32_t field = 0, wire = 0;
  while (r.Next(&field, &wire)) {
    if (field == 2 && wire == 2) {
      std::string_view raw;
      if (!r.ReadBytes(&raw)) return {};
      return raw;
    }
    if (!r.Skip(wire)) return {};
  }
  return {};
}

void AppendQuoted(std::string* out, std::string_view s) {
  codec::JsonWriter w(out);
  w.String(s);
}

}  // namespace

std::string_view WatchEventTypeName(WatchEventType t) {
  switch (t) {
    case WatchEventType::kAdded: return "ADDED";
    case WatchEventType::kModified: return "MODIFIED";
    case WatchEventType::kDeleted: return "DELETED";
    case WatchEventType::kBookmark: return "BOOKMARK";
    case WatchEventType::kError: return "ERROR";
  }
  return "ERROR";
}

std::string WatchFrame(WatchEventType type, std::string_view encoded_object,
                       codec::WireFormat format) {
  return WatchEventFrame(WatchEventTypeName(type), encoded_object, format);
}

CachedObject::CachedObject(std::string key, codec::Object object, int64_t resource_version,
                           bool namespaced)
    : key_(std::move(key)),
      object_(std::move(object)),
      resource_version_(resource_version),
      fields_(SelectableFields(object_, namespaced)) {}

std::string_view CachedObject::Encoded(codec::WireFormat format) const {
  if (format == codec::WireFormat::kProtobuf) {
    std::call_once(proto_once_, [this] {
      proto_ = codec::EncodeProtobuf(object_);
      proto_item_ = EnvelopeRaw(proto_);
    });
    return proto_;
  }
  std::call_once(json_once_, [this] {
    json_ = codec::EncodeJson(object_);
    // Go writes TypeMeta first: {"kind":"...","apiVersion":"...",<rest>}.
    auto [api_version, kind] = object_.info()->type_meta(object_.get());
    std::string head = "{";
    if (!kind.empty()) {
      head.append("\"kind\":");
      AppendQuoted(&head, kind);
    }
    if (!api_version.empty()) {
      if (!kind.empty()) head.push_back(',');
      head.append("\"apiVersion\":");
      AppendQuoted(&head, api_version);
    }
    if (head.size() > 1 && json_.starts_with(head)) {
      json_item_skip_ = head.size() - 1;
      if (json_.size() > head.size() && json_[head.size()] == ',') ++json_item_skip_;
    }
  });
  return json_;
}

std::string_view CachedObject::ProtoListItem() const {
  Encoded(codec::WireFormat::kProtobuf);
  return proto_item_;
}

void CachedObject::AppendJsonListItem(std::string* out) const {
  std::string_view json = Encoded(codec::WireFormat::kJson);
  out->push_back('{');
  out->append(json.substr(1 + json_item_skip_));
}

SharedBytes CachedObject::AddedFrame(codec::WireFormat format) const {
  bool proto = format == codec::WireFormat::kProtobuf;
  std::once_flag& once = proto ? added_proto_once_ : added_json_once_;
  SharedBytes& slot = proto ? added_proto_ : added_json_;
  std::call_once(once, [&] {
    slot = std::make_shared<const std::string>(
        WatchFrame(WatchEventType::kAdded, Encoded(format), format));
  });
  return slot;
}

SharedBytes CacheEvent::Frame(WatchEventType as, codec::WireFormat format) const {
  size_t i = static_cast<size_t>(as) * 2 + FormatIndex(format);
  std::lock_guard<std::mutex> lock(mu_);
  if (frames_[i]) return frames_[i];
  if (as != WatchEventType::kDeleted || type == WatchEventType::kDeleted) {
    frames_[i] = std::make_shared<const std::string>(WatchFrame(as, object->Encoded(format), format));
    return frames_[i];
  }
  // An update that left the watcher's selector: the previous state at this revision.
  auto copy = codec::DecodeObject(prev->Encoded(codec::WireFormat::kProtobuf),
                                  codec::WireFormat::kProtobuf);
  codec::Object obj = copy.ok() ? std::move(*copy) : codec::Object();
  if (obj.meta() != nullptr) {
    obj.meta()->resource_version = std::to_string(resource_version);
    obj.info()->set_type_meta(obj.get(), obj.info()->ApiVersion(), obj.info()->kind);
    frames_[i] = std::make_shared<const std::string>(EncodeWatchEvent("DELETED", obj, format));
  } else {
    frames_[i] = std::make_shared<const std::string>(
        WatchFrame(WatchEventType::kDeleted, prev->Encoded(format), format));
  }
  return frames_[i];
}

StatusOr<std::string> EncodeCachedList(
    const codec::KindInfo* kind, const std::vector<std::shared_ptr<const CachedObject>>& items,
    const ListMetaValues& meta, codec::WireFormat format) {
  std::string list_kind = std::string(kind->kind) + "List";
  std::string api_version = kind->ApiVersion();
  api::meta::v1::ListMeta list_meta;
  list_meta.resource_version = meta.resource_version;
  list_meta.continue_ = meta.continue_token;
  list_meta.remaining_item_count = meta.remaining_item_count;
  if (format == codec::WireFormat::kProtobuf) {
    size_t total = 64;
    for (const auto& item : items) total += item->ProtoListItem().size() + 8;
    codec::ProtoWriter w(total);
    w.Bytes(4, "");
    w.Bytes(3, "");
    size_t raw = w.Mark();
    for (size_t i = items.size(); i-- > 0;) w.Bytes(2, items[i]->ProtoListItem());
    size_t lm = w.Mark();
    WriteProto(w, list_meta);
    w.EndMessage(1, lm);
    w.EndMessage(2, raw);
    size_t tm = w.Mark();
    w.Bytes(2, list_kind);
    w.Bytes(1, api_version);
    w.EndMessage(1, tm);
    w.PutRaw(codec::kProtobufMagic);
    return w.str();
  }
  size_t total = 128;
  for (const auto& item : items) total += item->Encoded(codec::WireFormat::kJson).size() + 1;
  std::string out;
  out.reserve(total);
  out.append("{\"kind\":\"").append(list_kind).append("\",\"apiVersion\":\"");
  out.append(api_version).append("\",\"metadata\":");
  {
    codec::JsonWriter w(&out);
    WriteJson(w, list_meta);
  }
  out.append(",\"items\":[");
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back(',');
    items[i]->AppendJsonListItem(&out);
  }
  out.append("]}");
  if (format == codec::WireFormat::kYaml) return codec::JsonToYaml(out);
  return out;
}

}  // namespace kubecxx::apiserver
