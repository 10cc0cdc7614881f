#include "lib/model/wire.h"

#include "kubecxx/api/runtime/types.h"
#include "lib/codec/json_reader.h"
#include "lib/codec/json_writer.h"
#include "lib/codec/proto_reader.h"
#include "lib/codec/proto_writer.h"
#include "lib/codec/yaml.h"

namespace kubecxx::codec {
namespace {

// Resolves the kind, filling empty parts from opts.default_kind.
const KindInfo* ResolveKind(std::string* api_version, std::string* kind, const DecodeOptions& opts) {
  if (opts.default_kind != nullptr) {
    if (api_version->empty()) *api_version = opts.default_kind->ApiVersion();
    if (kind->empty()) kind->assign(opts.default_kind->kind);
  }
  return FindKindByApiVersion(*api_version, *kind);
}

Status UnknownKind(std::string_view api_version, std::string_view kind) {
  if (kind.empty()) return Status::Invalid("Object 'Kind' is missing");
  return Status::Invalid("no kind \"" + std::string(kind) + "\" is registered for version \"" +
                         std::string(api_version) + "\"");
}

StatusOr<Object> DecodeJson(std::string_view data, const DecodeOptions& opts) {
  std::string api_version, kind;
  KUBECXX_RETURN_IF_ERROR(PeekJsonTypeMeta(data, &api_version, &kind));
  const KindInfo* info = ResolveKind(&api_version, &kind, opts);
  if (info == nullptr) return UnknownKind(api_version, kind);
  Object obj(info);
  JsonReader r(data, opts.strict || opts.field_errors != nullptr);
  if (!info->read_json(r, obj.get()) || !r.ExpectEnd()) return r.status();
  if (!opts.strict && opts.field_errors != nullptr) {
    opts.field_errors->insert(opts.field_errors->end(), r.strict_errors().begin(),
                              r.strict_errors().end());
  }
  if (opts.strict && !r.strict_errors().empty()) {
    std::string m = "strict decoding error: ";
    for (size_t i = 0; i < r.strict_errors().size(); ++i) {
      if (i > 0) m += ", ";
      m += r.strict_errors()[i];
    }
    return Status::Invalid(m);
  }
  return obj;
}

StatusOr<Object> DecodeProtobuf(std::string_view data, const DecodeOptions& opts) {
  if (data.substr(0, kProtobufMagic.size()) != kProtobufMagic) {
    return Status::Invalid("provided data does not appear to be a protobuf message, expected prefix " +
                           std::string("[107 56 115 0]"));
  }
  api::runtime::Unknown envelope;
  ProtoReader er(data.substr(kProtobufMagic.size()));
  if (!ReadProto(er, envelope)) return er.status();
  auto& tm = envelope.type_meta;
  const KindInfo* info = ResolveKind(&tm.api_version, &tm.kind, opts);
  if (info == nullptr) return UnknownKind(tm.api_version, tm.kind);
  if (!envelope.content_encoding.empty()) {
    return Status::Invalid("unsupported protobuf contentEncoding \"" + envelope.content_encoding + "\"");
  }
  Object obj(info);
  ProtoReader r(envelope.raw);
  if (!info->read_proto(r, obj.get())) return r.status();
  info->set_type_meta(obj.get(), tm.api_version, tm.kind);
  return obj;
}

}  // namespace

std::string_view WireFormatName(WireFormat f) {
  switch (f) {
    case WireFormat::kJson: return "json";
    case WireFormat::kYaml: return "yaml";
    case WireFormat::kProtobuf: return "protobuf";
  }
  return "unknown";
}

WireFormat DetectWireFormat(std::string_view data) {
  if (data.substr(0, kProtobufMagic.size()) == kProtobufMagic) return WireFormat::kProtobuf;
  for (char c : data) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{' ? WireFormat::kJson : WireFormat::kYaml;
  }
  return WireFormat::kYaml;
}

Status PeekJsonTypeMeta(std::string_view json, std::string* api_version, std::string* kind) {
  JsonReader r(json);
  if (!r.BeginObject()) return r.status();
  std::string_view key;
  while (r.NextKey(&key)) {
    bool ok;
    if (key == "apiVersion") {
      r.PushField("apiVersion");
      ok = r.TryNull() || r.ReadString(api_version);
      r.Pop();
    } else if (key == "kind") {
      r.PushField("kind");
      ok = r.TryNull() || r.ReadString(kind);
      r.Pop();
    } else {
      ok = r.Skip();
    }
    if (!ok) return r.status();
  }
  return r.status();
}

StatusOr<Object> DecodeObject(std::string_view data, WireFormat format, const DecodeOptions& opts) {
  switch (format) {
    case WireFormat::kJson: return DecodeJson(data, opts);
    case WireFormat::kProtobuf: return DecodeProtobuf(data, opts);
    case WireFormat::kYaml: {
      // Strict YAML also refuses repeated keys (sigs.k8s.io/yaml's YAMLToJSONStrict): one
      // error listing them all, ahead of the JSON decoder's.
      std::vector<std::string> duplicates;
      bool check = opts.strict || opts.field_errors != nullptr;
      auto json = YamlToJson(data, check ? &duplicates : nullptr);
      if (!json.ok()) return json.status();
      if (duplicates.empty()) return DecodeJson(*json, opts);
      std::vector<std::string> errors = {"yaml: unmarshal errors:"};
      for (const std::string& d : duplicates) errors[0] += "\n  " + d;
      DecodeOptions collect = opts;
      collect.strict = false;
      collect.field_errors = &errors;
      auto obj = DecodeJson(*json, collect);
      if (!obj.ok() || !opts.strict) {
        if (obj.ok()) {
          opts.field_errors->insert(opts.field_errors->end(), errors.begin(), errors.end());
        }
        return obj;
      }
      std::string m = "strict decoding error: ";
      for (size_t i = 0; i < errors.size(); ++i) m += (i > 0 ? ", " : "") + errors[i];
      return Status::Invalid(m);
    }
  }
  return Status::Invalid("unknown wire format");
}

StatusOr<Object> DecodeObject(std::string_view data, const DecodeOptions& opts) {
  return DecodeObject(data, DetectWireFormat(data), opts);
}

std::string EncodeJson(const Object& obj) {
  std::string out;
  JsonWriter w(&out);
  obj.info()->write_json(w, obj.get());
  return out;
}

std::string EncodeProtobuf(const Object& obj) {
  const KindInfo* info = obj.info();
  ProtoWriter w;
  // Unknown, last field first: contentType, contentEncoding, raw, typeMeta.
  w.Bytes(4, "");
  w.Bytes(3, "");
  size_t raw = w.Mark();
  info->write_proto(w, obj.get());
  w.EndMessage(2, raw);
  auto [api_version, kind] = info->type_meta(obj.get());
  size_t tm = w.Mark();
  w.Bytes(2, kind);
  w.Bytes(1, api_version);
  w.EndMessage(1, tm);
  w.PutRaw(kProtobufMagic);
  return w.str();
}

StatusOr<std::string> EncodeYaml(const Object& obj) { return JsonToYaml(EncodeJson(obj)); }

StatusOr<std::string> EncodeObject(const Object& obj, WireFormat format) {
  switch (format) {
    case WireFormat::kJson: return EncodeJson(obj);
    case WireFormat::kProtobuf: return EncodeProtobuf(obj);
    case WireFormat::kYaml: return EncodeYaml(obj);
  }
  return Status::Invalid("unknown wire format");
}

}  // namespace kubecxx::codec
