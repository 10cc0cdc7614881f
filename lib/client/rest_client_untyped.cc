// RestClient's untyped verbs (codec::Object, ObjectList) and raw JSON verbs.
#include <string>

#include "kubecxx/api/meta/v1/types.h"
#include "kubecxx/api/runtime/types.h"
#include "lib/client/rest_client.h"
#include "lib/codec/json_reader.h"
#include "lib/codec/proto_reader.h"
#include "lib/model/wire.h"

namespace kubecxx::client {
namespace {

bool IsProtobufBody(const RawResponse& r) {
  return r.body.compare(0, codec::kProtobufMagic.size(), codec::kProtobufMagic) == 0;
}

// Any registered kind, by the body's own type meta; a non-Success Status is an error.
ApiResult<codec::Object> DecodeAny(const RawResponse& r) {
  if (r.body.empty()) {
    return ApiError::Client("0-length response with status code: " + std::to_string(r.status) +
                            " and content type: " + r.content_type);
  }
  codec::WireFormat format =
      IsProtobufBody(r) ? codec::WireFormat::kProtobuf : codec::WireFormat::kJson;
  StatusOr<codec::Object> obj = codec::DecodeObject(r.body, format);
  if (!obj.ok()) return ApiError::Client(obj.status().message());
  if (obj->info()->kind == "Status") {
    const auto* s = obj->As<api::meta::v1::Status>();
    if (s->status != "Success") return ApiError(*s);
  }
  return std::move(*obj);
}

// "PodList" -> the registered "Pod" of the same apiVersion.
const codec::KindInfo* ItemKind(std::string_view api_version, std::string_view list_kind) {
  if (list_kind.size() <= 4 || list_kind.substr(list_kind.size() - 4) != "List") return nullptr;
  return codec::FindKindByApiVersion(api_version, list_kind.substr(0, list_kind.size() - 4));
}

ApiResult<ObjectList> DecodeListJson(std::string_view body) {
  std::string api_version, kind;
  Status peek = codec::PeekJsonTypeMeta(body, &api_version, &kind);
  if (!peek.ok()) return ApiError::Client(peek.message());
  if (kind == "Status") {
    std::optional<api::meta::v1::Status> s = DecodeStatus(body, false);
    if (s && s->status != "Success") return ApiError(std::move(*s));
  }
  const codec::KindInfo* item = ItemKind(api_version, kind);
  if (item == nullptr) {
    return ApiError::Client("no registered item kind for list " + api_version + " " + kind);
  }
  ObjectList out;
  codec::JsonReader r(body);
  std::string_view key;
  bool ok = r.BeginObject();
  while (ok && r.NextKey(&key)) {
    if (key == "metadata") {
      api::meta::v1::ListMeta meta;
      ok = r.TryNull() || ReadJson(r, meta);
      out.resource_version = std::move(meta.resource_version);
      out.continue_token = std::move(meta.continue_);
      out.remaining_item_count = meta.remaining_item_count;
    } else if (key == "items") {
      if (r.TryNull()) continue;
      ok = r.BeginArray();
      while (ok && r.NextElement()) {
        std::string_view raw;
        ok = r.ReadRaw(&raw);
        if (!ok) break;
        codec::DecodeOptions opts;
        opts.default_kind = item;
        StatusOr<codec::Object> obj = codec::DecodeObject(raw, codec::WireFormat::kJson, opts);
        if (!obj.ok()) return ApiError::Client(obj.status().message());
        out.items.push_back(std::move(*obj));
      }
    } else {
      ok = r.Skip();
    }
  }
  if (!ok || !r.ok()) return ApiError::Client(r.status().message());
  return out;
}

ApiResult<ObjectList> DecodeListProtobuf(std::string_view body) {
  api::runtime::Unknown envelope;
  codec::ProtoReader er(body.substr(codec::kProtobufMagic.size()));
  if (!ReadProto(er, envelope)) return ApiError::Client(er.status().message());
  const auto& tm = envelope.type_meta;
  if (tm.kind == "Status") {
    std::optional<api::meta::v1::Status> s = DecodeStatus(body, true);
    if (s && s->status != "Success") return ApiError(std::move(*s));
  }
  const codec::KindInfo* item = ItemKind(tm.api_version, tm.kind);
  if (item == nullptr) {
    return ApiError::Client("no registered item kind for list " + tm.api_version + " " + tm.kind);
  }
  // Every list message is ListMeta metadata = 1, repeated items = 2.
  ObjectList out;
  codec::ProtoReader r(envelope.raw);
  uint32_t field, wire;
  while (r.Next(&field, &wire)) {
    std::string_view sub;
    if (field == 1) {
      if (!r.Sub(wire, &sub)) break;
      api::meta::v1::ListMeta meta;
      codec::ProtoReader mr(sub, r);
      if (!ReadProto(mr, meta)) return ApiError::Client(mr.status().message());
      out.resource_version = std::move(meta.resource_version);
      out.continue_token = std::move(meta.continue_);
      out.remaining_item_count = meta.remaining_item_count;
    } else if (field == 2) {
      if (!r.Sub(wire, &sub)) break;
      codec::Object obj(item);
      codec::ProtoReader ir(sub, r);
      if (!item->read_proto(ir, obj.get())) return ApiError::Client(ir.status().message());
      out.items.push_back(std::move(obj));
    } else if (!r.Skip(wire)) {
      break;
    }
  }
  if (!r.ok()) return ApiError::Client(r.status().message());
  return out;
}

RawRequest Req(std::string verb, const ResourceRef& ref, QueryParams query) {
  RawRequest r;
  r.verb = std::move(verb);
  r.ref = ref;
  r.query = std::move(query);
  return r;
}

constexpr std::string_view kJsonAccept = "application/json";

}  // namespace

ApiResult<codec::Object> RestClient::Get(const ResourceRef& ref, const GetOptions& opts) {
  if (ref.name.empty()) return ApiError::Client("resource name may not be empty");
  ApiResult<RawResponse> resp = Do(Req("GET", ref, ToQuery(opts)));
  if (!resp.ok()) return resp.error();
  return DecodeAny(*resp);
}

ApiResult<ObjectList> RestClient::List(const ResourceRef& ref, const ListOptions& opts) {
  ApiResult<RawResponse> resp = Do(Req("GET", ref, ToQuery(opts, false)));
  if (!resp.ok()) return resp.error();
  if (IsProtobufBody(*resp)) return DecodeListProtobuf(resp->body);
  return DecodeListJson(resp->body);
}

ApiResult<std::unique_ptr<WatchStream>> RestClient::Watch(const ResourceRef& ref,
                                                          const ListOptions& opts) {
  return OpenWatch(Req("GET", ref, ToQuery(opts, true)));
}

ApiResult<codec::Object> RestClient::Create(const ResourceRef& ref, const codec::Object& obj,
                                            const WriteOptions& opts) {
  if (obj.info() == nullptr) return ApiError::Client("an object is required");
  RawRequest r = Req("POST", ref, ToQuery(opts));
  r.body = EncodeBody(*obj.info(), obj.get());
  r.content_type = std::string(BodyContentType());
  ApiResult<RawResponse> resp = Do(r);
  if (!resp.ok()) return resp.error();
  return DecodeAny(*resp);
}

ApiResult<codec::Object> RestClient::Update(const ResourceRef& ref, const codec::Object& obj,
                                            const WriteOptions& opts) {
  if (obj.info() == nullptr) return ApiError::Client("an object is required");
  RawRequest r = Req("PUT", ref, ToQuery(opts));
  if (r.ref.name.empty() && obj.meta() != nullptr) r.ref.name = obj.meta()->name;
  if (r.ref.name.empty()) return ApiError::Client("resource name may not be empty");
  r.body = EncodeBody(*obj.info(), obj.get());
  r.content_type = std::string(BodyContentType());
  ApiResult<RawResponse> resp = Do(r);
  if (!resp.ok()) return resp.error();
  return DecodeAny(*resp);
}

ApiResult<codec::Object> RestClient::Patch(const ResourceRef& ref, PatchType type,
                                           std::string_view body, const WriteOptions& opts) {
  if (ref.name.empty()) return ApiError::Client("resource name may not be empty");
  RawRequest r = Req("PATCH", ref, ToQuery(opts));
  r.body = std::string(body);
  r.content_type = std::string(PatchContentType(type));
  ApiResult<RawResponse> resp = Do(r);
  if (!resp.ok()) return resp.error();
  return DecodeAny(*resp);
}

ApiResult<codec::Object> RestClient::Delete(const ResourceRef& ref, const DeleteOptions& opts) {
  if (ref.name.empty()) return ApiError::Client("resource name may not be empty");
  RawRequest r = Req("DELETE", ref, {});
  r.body = DeleteOptionsBody(ref, opts);
  r.content_type = std::string(BodyContentType());
  ApiResult<RawResponse> resp = Do(r);
  if (!resp.ok()) return resp.error();
  return DecodeAny(*resp);
}

ApiResult<Empty> RestClient::DeleteCollection(const ResourceRef& ref, const DeleteOptions& opts,
                                              const ListOptions& list_opts) {
  RawRequest r = Req("DELETE", ref, ToQuery(list_opts, false));
  r.body = DeleteOptionsBody(ref, opts);
  r.content_type = std::string(BodyContentType());
  ApiResult<RawResponse> resp = Do(r);
  if (!resp.ok()) return resp.error();
  return Empty{};
}

// The JSON verbs ask for JSON whatever the client's content type.

ApiResult<std::string> RestClient::GetJson(const ResourceRef& ref, const GetOptions& opts) {
  RawRequest r = Req("GET", ref, ToQuery(opts));
  r.accept = std::string(kJsonAccept);
  ApiResult<RawResponse> resp = Do(r);
  if (!resp.ok()) return resp.error();
  return std::move(resp->body);
}

ApiResult<std::string> RestClient::ListJson(const ResourceRef& ref, const ListOptions& opts) {
  RawRequest r = Req("GET", ref, ToQuery(opts, false));
  r.accept = std::string(kJsonAccept);
  ApiResult<RawResponse> resp = Do(r);
  if (!resp.ok()) return resp.error();
  return std::move(resp->body);
}

ApiResult<std::string> RestClient::SendJson(std::string_view verb, const ResourceRef& ref,
                                            std::string_view content_type,
                                            std::string_view body, const WriteOptions& opts) {
  if (verb != "POST" && verb != "PUT" && verb != "PATCH") {
    return ApiError::Client("SendJson: verb must be POST, PUT or PATCH, not " +
                            std::string(verb));
  }
  RawRequest r = Req(std::string(verb), ref, ToQuery(opts));
  r.accept = std::string(kJsonAccept);
  r.body = std::string(body);
  r.content_type = content_type.empty() ? std::string(kJsonContentType) : std::string(content_type);
  ApiResult<RawResponse> resp = Do(r);
  if (!resp.ok()) return resp.error();
  return std::move(resp->body);
}

ApiResult<std::string> RestClient::DeleteJson(const ResourceRef& ref, const DeleteOptions& opts) {
  RawRequest r = Req("DELETE", ref, {});
  r.accept = std::string(kJsonAccept);
  // The dynamic client's DeleteOptions: JSON, apiVersion v1.
  r.body = EncodeDeleteOptions(opts, "", "v1", /*protobuf=*/false);
  r.content_type = std::string(kJsonContentType);
  ApiResult<RawResponse> resp = Do(r);
  if (!resp.ok()) return resp.error();
  return std::move(resp->body);
}

ApiResult<std::unique_ptr<WatchStream>> RestClient::WatchJson(const ResourceRef& ref,
                                                              const ListOptions& opts) {
  RawRequest r = Req("GET", ref, ToQuery(opts, true));
  r.accept = std::string(kJsonAccept);
  return OpenWatch(r);
}

ApiResult<std::string> RestClient::GetPath(std::string_view path) {
  RawRequest r;
  r.accept = std::string(kJsonAccept);
  r.raw_path = std::string(path);
  ApiResult<RawResponse> resp = Do(r);
  if (!resp.ok()) return resp.error();
  return std::move(resp->body);
}

}  // namespace kubecxx::client
