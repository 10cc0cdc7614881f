#include "lib/apiserver/list_encoding.h"

#include "kubecxx/api/meta/v1/types.h"
#include "lib/codec/json_writer.h"
#include "lib/codec/proto_writer.h"
#include "lib/codec/yaml.h"

namespace kubecxx::apiserver {
namespace {

api::meta::v1::ListMeta ToListMeta(const ListMetaValues& v) {
  api::meta::v1::ListMeta m;
  m.resource_version = v.resource_version;
  m.continue_ = v.continue_token;
  m.remaining_item_count = v.remaining_item_count;
  return m;
}

}  // namespace

StatusOr<std::string> EncodeList(const codec::KindInfo* kind, std::vector<codec::Object>& items,
                                 const ListMetaValues& meta, codec::WireFormat format) {
  std::string list_kind = std::string(kind->kind) + "List";
  std::string api_version = kind->ApiVersion();
  api::meta::v1::ListMeta list_meta = ToListMeta(meta);
  if (format == codec::WireFormat::kProtobuf) {
    codec::ProtoWriter w;
    w.Bytes(4, "");
    w.Bytes(3, "");
    size_t raw = w.Mark();
    for (size_t i = items.size(); i-- > 0;) {
      size_t mark = w.Mark();
      items[i].info()->write_proto(w, items[i].get());
      w.EndMessage(2, mark);
    }
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
  std::string out = "{\"kind\":\"" + list_kind + "\",\"apiVersion\":\"" + api_version +
                    "\",\"metadata\":";
  {
    codec::JsonWriter w(&out);
    WriteJson(w, list_meta);
  }
  out.append(",\"items\":[");
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back(',');
    items[i].info()->set_type_meta(items[i].get(), "", "");
    codec::JsonWriter w(&out);
    items[i].info()->write_json(w, items[i].get());
  }
  out.append("]}");
  if (format == codec::WireFormat::kYaml) return codec::JsonToYaml(out);
  return out;
}

std::string WatchEventFrame(std::string_view type, std::string_view encoded_object,
                            codec::WireFormat format) {
  if (format == codec::WireFormat::kProtobuf) {
    codec::ProtoWriter w;
    size_t mark = w.Mark();
    w.Bytes(1, encoded_object);
    w.EndMessage(2, mark);
    w.Bytes(1, type);
    std::string_view body = w.view();
    uint32_t n = static_cast<uint32_t>(body.size());
    std::string frame;
    frame.reserve(body.size() + 4);
    frame.push_back(static_cast<char>(n >> 24));
    frame.push_back(static_cast<char>((n >> 16) & 0xff));
    frame.push_back(static_cast<char>((n >> 8) & 0xff));
    frame.push_back(static_cast<char>(n & 0xff));
    frame.append(body);
    return frame;
  }
  std::string out;
  out.reserve(encoded_object.size() + 32);
  out.append("{\"type\":\"").append(type).append("\",\"object\":");
  out.append(encoded_object);
  out.append("}\n");
  return out;
}

std::string EncodeWatchEvent(std::string_view type, const codec::Object& obj,
                             codec::WireFormat format) {
  if (format == codec::WireFormat::kProtobuf) {
    return WatchEventFrame(type, codec::EncodeProtobuf(obj), format);
  }
  return WatchEventFrame(type, codec::EncodeJson(obj), format);
}

}  // namespace kubecxx::apiserver
