// apiextensions.k8s.io/v1 <-> v1beta1 CustomResourceDefinition (stored as v1beta1), as
// upstream converts through the internal type, whose shape is v1beta1's
// (apiextensions-apiserver pkg/apis/apiextensions/v1/conversion.go):
//  * v1 -> v1beta1: spec.version = versions[0].name; when every version has the same
//    subresources / schema / additionalPrinterColumns / selectableFields, that value moves
//    to the top level (subresources, validation, additionalPrinterColumns, selectableFields)
//    and leaves the versions; conversion.webhook.{clientConfig, conversionReviewVersions}
//    -> conversion.{webhookClientConfig, conversionReviewVersions}; preserveUnknownFields
//    is always written (a bool becomes a set *bool).
//  * v1beta1 -> v1: no versions but a version: [{name, served, storage}]; the top-level
//    values are copied into every version; the webhook fields move back (webhook set when
//    either is set); an unset preserveUnknownFields reads false.
//  * JSON values in schemas (default, enum, example) go through Go's interface{}: object
//    keys sorted, numbers as float64 (encoding/json's float format), a null default or
//    example dropped. Printer columns' jsonPath is spelled JSONPath in v1beta1.
#include <map>

#include "kubecxx/api/apiextensions/v1/types.h"
#include "kubecxx/api/apiextensions/v1beta1/types.h"
#include "lib/apiserver/conversion/pairs.h"
#include "lib/codec/json_reader.h"
#include "lib/codec/json_writer.h"

namespace kubecxx::apiserver::conversion::internal {
namespace {

namespace v1 = api::apiextensions::v1;
namespace b1 = api::apiextensions::v1beta1;

// Copies a part whose fields are the same by JSON name in both versions.
template <typename To, typename From>
To ViaJson(const From& in) {
  std::string json;
  codec::JsonWriter w(&json);
  WriteJson(w, in);
  To out;
  codec::JsonReader r(json);
  ReadJson(r, out);
  return out;
}

// Re-encodes one JSON value as Go's json.Marshal(json.Unmarshal(v) into interface{}).
bool NormalizeValue(codec::JsonReader& r, codec::JsonWriter& w) {
  switch (r.Peek()) {
    case codec::JsonType::kNull:
      r.TryNull();
      w.Null();
      return true;
    case codec::JsonType::kBool: {
      bool b = false;
      if (!r.ReadBool(&b)) return false;
      w.Bool(b);
      return true;
    }
    case codec::JsonType::kNumber: {
      double d = 0;
      if (!r.ReadDouble(&d)) return false;
      w.Double(d);
      return true;
    }
    case codec::JsonType::kString: {
      std::string s;
      if (!r.ReadString(&s)) return false;
      w.String(s);
      return true;
    }
    case codec::JsonType::kArray: {
      if (!r.BeginArray()) return false;
      w.BeginArray();
      while (r.NextElement()) {
        if (!NormalizeValue(r, w)) return false;
      }
      w.EndArray();
      return r.ok();
    }
    case codec::JsonType::kObject: {
      if (!r.BeginObject()) return false;
      std::map<std::string, std::string> members;  // sorted, last duplicate wins
      std::string_view key;
      while (r.NextKey(&key)) {
        std::string k(key);
        std::string value;
        codec::JsonWriter vw(&value);
        if (!NormalizeValue(r, vw)) return false;
        members[k] = std::move(value);
      }
      if (!r.ok()) return false;
      w.BeginObject();
      for (const auto& [k, v] : members) {
        w.EscapedKey(k);
        w.RawValue(v);
      }
      w.EndObject();
      return true;
    }
    default:
      return false;
  }
}

// The raw bytes after the round trip; "" for JSON null (Raw nil).
template <typename Json>
void NormalizeJson(Json& j) {
  if (j.raw.empty()) return;
  std::string out;
  codec::JsonWriter w(&out);
  codec::JsonReader r(j.raw);
  if (!NormalizeValue(r, w)) return;  // upstream would have failed; keep the bytes
  j.raw = out == "null" ? std::string() : out;
}

template <typename Props>
void NormalizeSchema(Props& p);

template <typename Props>
void NormalizeMap(std::map<std::string, Props>& m) {
  for (auto& [k, v] : m) NormalizeSchema(v);
}

template <typename Props>
void NormalizeSchema(Props& p) {
  if (p.default_) {
    NormalizeJson(*p.default_);
    if (p.default_->raw.empty()) p.default_.reset();
  }
  if (p.example) {
    NormalizeJson(*p.example);
    if (p.example->raw.empty()) p.example.reset();
  }
  for (auto& e : p.enum_) NormalizeJson(e);
  if (p.items) {
    if (p.items->schema) NormalizeSchema(*p.items->schema);
    for (auto& s : p.items->json_schemas) NormalizeSchema(s);
  }
  for (auto* list : {&p.all_of, &p.one_of, &p.any_of}) {
    for (auto& s : *list) NormalizeSchema(s);
  }
  if (p.not_) NormalizeSchema(*p.not_);
  NormalizeMap(p.properties);
  NormalizeMap(p.pattern_properties);
  NormalizeMap(p.definitions);
  if (p.additional_properties && p.additional_properties->schema) {
    NormalizeSchema(*p.additional_properties->schema);
  }
  if (p.additional_items && p.additional_items->schema) {
    NormalizeSchema(*p.additional_items->schema);
  }
  for (auto& [k, d] : p.dependencies) {
    if (d.schema) NormalizeSchema(*d.schema);
  }
}

template <typename To, typename From>
Box<To> Validation(const Box<From>& in) {
  if (!in) return nullptr;
  To out = ViaJson<To>(*in);
  if (out.open_apiv_3_schema) NormalizeSchema(*out.open_apiv_3_schema);
  return Box<To>(std::move(out));
}

template <typename To, typename From>
std::vector<To> Columns(const std::vector<From>& in) {
  std::vector<To> out;
  for (const From& c : in) {
    out.push_back({c.name, c.type, c.format, c.description, c.priority, c.json_path});
  }
  return out;
}

template <typename To, typename From>
std::vector<To> Fields(const std::vector<From>& in) {
  std::vector<To> out;
  for (const From& f : in) out.push_back({f.json_path});
  return out;
}

template <typename To, typename From>
Box<To> Subresources(const Box<From>& in) {
  if (!in) return nullptr;
  return Box<To>(ViaJson<To>(*in));
}

template <typename To, typename From>
void CopyVersionHead(const From& in, To& out) {
  out.name = in.name;
  out.served = in.served;
  out.storage = in.storage;
  out.deprecated = in.deprecated;
  out.deprecation_warning = in.deprecation_warning;
}

}  // namespace

StatusOr<codec::Object> CrdV1ToV1beta1(const codec::Object& in) {
  const auto* c = in.As<v1::CustomResourceDefinition>();
  codec::Object out(codec::FindKind("apiextensions.k8s.io", "v1beta1", "CustomResourceDefinition"));
  auto* o = out.As<b1::CustomResourceDefinition>();
  o->type_meta = {"CustomResourceDefinition", "apiextensions.k8s.io/v1beta1"};
  o->object_meta = c->object_meta;
  const v1::CustomResourceDefinitionSpec& spec = c->spec;
  b1::CustomResourceDefinitionSpec& os = o->spec;
  os.group = spec.group;
  os.names = ViaJson<b1::CustomResourceDefinitionNames>(spec.names);
  os.scope = spec.scope;
  for (const v1::CustomResourceDefinitionVersion& v : spec.versions) {
    b1::CustomResourceDefinitionVersion ov;
    CopyVersionHead(v, ov);
    ov.schema = Validation<b1::CustomResourceValidation>(v.schema);
    ov.subresources = Subresources<b1::CustomResourceSubresources>(v.subresources);
    ov.additional_printer_columns =
        Columns<b1::CustomResourceColumnDefinition>(v.additional_printer_columns);
    ov.selectable_fields = Fields<b1::SelectableField>(v.selectable_fields);
    os.versions.push_back(std::move(ov));
  }
  if (spec.conversion) {
    auto& conv = os.conversion.emplace();
    conv.strategy = spec.conversion->strategy;
    if (spec.conversion->webhook) {
      conv.conversion_review_versions = spec.conversion->webhook->conversion_review_versions;
      if (spec.conversion->webhook->client_config) {
        conv.webhook_client_config = Box<b1::WebhookClientConfig>(
            ViaJson<b1::WebhookClientConfig>(*spec.conversion->webhook->client_config));
      }
    }
  }
  os.preserve_unknown_fields = spec.preserve_unknown_fields;
  if (!os.versions.empty()) {
    os.version = os.versions[0].name;
    bool same_sub = true, same_schema = true, same_columns = true, same_fields = true;
    const auto& first = os.versions[0];
    for (const auto& v : os.versions) {
      same_sub = same_sub && v.subresources == first.subresources;
      same_schema = same_schema && v.schema == first.schema;
      same_columns = same_columns && v.additional_printer_columns == first.additional_printer_columns;
      same_fields = same_fields && v.selectable_fields == first.selectable_fields;
    }
    if (same_sub) os.subresources = first.subresources;
    if (same_schema) os.validation = first.schema;
    if (same_columns) os.additional_printer_columns = first.additional_printer_columns;
    if (same_fields) os.selectable_fields = first.selectable_fields;
    for (auto& v : os.versions) {
      if (same_sub) v.subresources.reset();
      if (same_schema) v.schema.reset();
      if (same_columns) v.additional_printer_columns.clear();
      if (same_fields) v.selectable_fields.clear();
    }
  }
  o->status = ViaJson<b1::CustomResourceDefinitionStatus>(c->status);
  return out;
}

StatusOr<codec::Object> CrdV1beta1ToV1(const codec::Object& in) {
  const auto* c = in.As<b1::CustomResourceDefinition>();
  codec::Object out(codec::FindKind("apiextensions.k8s.io", "v1", "CustomResourceDefinition"));
  auto* o = out.As<v1::CustomResourceDefinition>();
  o->type_meta = {"CustomResourceDefinition", "apiextensions.k8s.io/v1"};
  o->object_meta = c->object_meta;
  const b1::CustomResourceDefinitionSpec& spec = c->spec;
  v1::CustomResourceDefinitionSpec& os = o->spec;
  os.group = spec.group;
  os.names = ViaJson<v1::CustomResourceDefinitionNames>(spec.names);
  os.scope = spec.scope;
  for (const b1::CustomResourceDefinitionVersion& v : spec.versions) {
    v1::CustomResourceDefinitionVersion ov;
    CopyVersionHead(v, ov);
    ov.schema = Validation<v1::CustomResourceValidation>(v.schema);
    ov.subresources = Subresources<v1::CustomResourceSubresources>(v.subresources);
    ov.additional_printer_columns =
        Columns<v1::CustomResourceColumnDefinition>(v.additional_printer_columns);
    ov.selectable_fields = Fields<v1::SelectableField>(v.selectable_fields);
    os.versions.push_back(std::move(ov));
  }
  if (spec.conversion) {
    auto& conv = os.conversion.emplace();
    conv.strategy = spec.conversion->strategy;
    if (spec.conversion->webhook_client_config ||
        !spec.conversion->conversion_review_versions.empty()) {
      auto& webhook = conv.webhook.emplace();
      webhook.conversion_review_versions = spec.conversion->conversion_review_versions;
      if (spec.conversion->webhook_client_config) {
        webhook.client_config = Box<v1::WebhookClientConfig>(
            ViaJson<v1::WebhookClientConfig>(*spec.conversion->webhook_client_config));
      }
    }
  }
  os.preserve_unknown_fields = spec.preserve_unknown_fields.value_or(false);
  if (os.versions.empty() && !spec.version.empty()) {
    v1::CustomResourceDefinitionVersion v;
    v.name = spec.version;
    v.served = true;
    v.storage = true;
    os.versions.push_back(std::move(v));
  }
  auto subresources = Subresources<v1::CustomResourceSubresources>(spec.subresources);
  auto schema = Validation<v1::CustomResourceValidation>(spec.validation);
  auto columns = Columns<v1::CustomResourceColumnDefinition>(spec.additional_printer_columns);
  auto fields = Fields<v1::SelectableField>(spec.selectable_fields);
  for (auto& v : os.versions) {
    if (subresources) v.subresources = subresources;
    if (schema) v.schema = schema;
    if (!columns.empty()) v.additional_printer_columns = columns;
    if (!fields.empty()) v.selectable_fields = fields;
  }
  o->status = ViaJson<v1::CustomResourceDefinitionStatus>(c->status);
  return out;
}

}  // namespace kubecxx::apiserver::conversion::internal
