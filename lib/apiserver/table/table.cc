#include "lib/apiserver/table/table.h"

#include "kubecxx/api/meta/v1/types.h"
#include "lib/apiserver/partial_metadata.h"
#include "lib/apiserver/table/columns.h"
#include "lib/apiserver/table/format.h"
#include "lib/apiserver/table/printers.h"
#include "lib/codec/json_writer.h"
#include "lib/codec/yaml.h"
#include "lib/model/wire.h"

namespace kubecxx::apiserver::table {
namespace {

void WriteCell(const Cell& c, codec::JsonWriter* w) {
  if (const auto* s = std::get_if<std::string>(&c)) {
    w->String(*s);
  } else if (const auto* i = std::get_if<int64_t>(&c)) {
    w->Int(*i);
  } else {
    w->Bool(std::get<bool>(c));
  }
}

void WriteColumns(const ResourceColumns& cols, codec::JsonWriter* w) {
  w->BeginArray();
  for (size_t i = 0; i < cols.count; ++i) {
    const Column& c = cols.columns[i];
    w->BeginObject();
    w->Key("name");
    w->String(c.name);
    w->Key("type");
    w->String(c.type);
    w->Key("format");
    w->String(c.format);
    w->Key("description");
    w->String(c.description);
    w->Key("priority");
    w->Int(c.priority);
    w->EndObject();
  }
  w->EndArray();
}

// Stock prints the internal object, and the apps/v1 -> internal conversion moves these
// annotations into fields (TemplateGeneration, RollbackTo): its metadata rows lack them.
void DropInternalAnnotations(const ServedResource& r, api::meta::v1::ObjectMeta* m) {
  if (r.group != "apps") return;
  std::string_view key = r.resource == "daemonsets"    ? "deprecated.daemonset.template.generation"
                         : r.resource == "deployments" ? "deprecated.deployment.rollback.to"
                                                       : "";
  if (key.empty()) return;
  auto it = m->annotations.find(std::string(key));
  if (it == m->annotations.end() || it->second.empty()) return;
  if (it->second.find_first_not_of("-0123456789") != std::string::npos) return;
  m->annotations.erase(it);
}

// The row's object as includeObject asks ("" and "Metadata": PartialObjectMetadata).
void WriteRowObject(const ServedResource& r, const codec::Object& obj,
                    std::string_view include_object, const Negotiated& n, codec::JsonWriter* w) {
  if (include_object == "None") {
    w->Null();
    return;
  }
  if (include_object == "Object") {
    w->RawValue(codec::EncodeJson(obj));
    return;
  }
  Negotiated partial_n = n;
  partial_n.as = "PartialObjectMetadata";
  auto partial = AsPartialObjectMetadata(obj, partial_n);
  if (!partial) {
    w->RawValue(codec::EncodeJson(obj));
    return;
  }
  DropInternalAnnotations(r, &partial->As<api::meta::v1::PartialObjectMetadata>()->object_meta);
  w->RawValue(codec::EncodeJson(*partial));
}

}  // namespace

const std::vector<NegotiateOptions::As>& TableConversions() {
  static const auto* c = new std::vector<NegotiateOptions::As>{
      {"Table", "meta.k8s.io", "v1"},
      {"Table", "meta.k8s.io", "v1beta1"},
  };
  return *c;
}

bool ServesTable(const ServedResource& r) {
  const ResourceColumns* cols = FindColumns(r.group, r.version, r.resource);
  if (cols == nullptr || r.kind == nullptr) return false;
  return IsDefaultConvertor(*cols) || FindPrinter(r.group, r.version, r.resource) != nullptr;
}

bool ValidIncludeObject(std::string_view include_object, ApiError* error) {
  if (include_object.empty() || include_object == "Metadata" || include_object == "None" ||
      include_object == "Object") {
    return true;
  }
  std::string quoted;
  codec::AppendJsonQuoted(&quoted, include_object);
  *error = BadRequestError(
      "Unable to convert to Table as requested: includeObject: Invalid value: " + quoted +
      ": must be 'Metadata', 'Object', 'None', or empty");
  return false;
}

bool EncodeTableJson(const ServedResource& r, const std::vector<const codec::Object*>& items,
                     const ListMetaValues* list_meta, std::string_view include_object,
                     const Negotiated& n, bool no_headers, std::string* out, ApiError* error) {
  if (!ValidIncludeObject(include_object, error)) return false;
  const ResourceColumns* cols = FindColumns(r.group, r.version, r.resource);
  const Printer* printer = FindPrinter(r.group, r.version, r.resource);
  if (cols == nullptr) {
    *error = NotAcceptableError(kAcceptedMediaTypes);
    return false;
  }
  PrintContext ctx;
  ctx.now_nanos = NowNanos();
  if (printer != nullptr && printer->prepare_list != nullptr && list_meta != nullptr) {
    printer->prepare_list(items, &ctx);
  }
  auto print = printer != nullptr ? printer->print : &PrintDefault;

  codec::JsonWriter w(out);
  w.BeginObject();
  w.Key("kind");
  w.String("Table");
  w.Key("apiVersion");
  w.String(n.as_version == "v1beta1" ? "meta.k8s.io/v1beta1" : "meta.k8s.io/v1");
  w.Key("metadata");
  w.BeginObject();
  std::string rv = list_meta != nullptr
                       ? list_meta->resource_version
                       : (!items.empty() && items[0]->meta() ? items[0]->meta()->resource_version
                                                              : "");
  if (!rv.empty()) {
    w.Key("resourceVersion");
    w.String(rv);
  }
  if (list_meta != nullptr && !list_meta->continue_token.empty()) {
    w.Key("continue");
    w.String(list_meta->continue_token);
  }
  if (list_meta != nullptr && list_meta->remaining_item_count) {
    w.Key("remainingItemCount");
    w.Int(*list_meta->remaining_item_count);
  }
  w.EndObject();
  w.Key("columnDefinitions");
  if (no_headers) {
    w.Null();
  } else {
    WriteColumns(*cols, &w);
  }
  w.Key("rows");
  // The default convertor leaves an empty list's rows nil; most printers make an empty slice.
  if (items.empty() && (printer == nullptr || printer->null_empty_rows)) {
    w.Null();
  } else {
    w.BeginArray();
    for (const codec::Object* item : items) {
      const codec::Object& obj = *item;
      Row row;
      print(obj, ctx, &row);
      w.BeginObject();
      w.Key("cells");
      w.BeginArray();
      for (const Cell& c : row.cells) WriteCell(c, &w);
      w.EndArray();
      if (!row.conditions.empty()) {
        w.Key("conditions");
        w.BeginArray();
        for (const RowCondition& c : row.conditions) {
          w.BeginObject();
          w.Key("type");
          w.String(c.type);
          w.Key("status");
          w.String(c.status);
          if (!c.reason.empty()) {
            w.Key("reason");
            w.String(c.reason);
          }
          if (!c.message.empty()) {
            w.Key("message");
            w.String(c.message);
          }
          w.EndObject();
        }
        w.EndArray();
      }
      w.Key("object");
      WriteRowObject(r, obj, include_object, n, &w);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return true;
}

server::Response TableResponse(const ServedResource& r, const std::vector<codec::Object>& items,
                               const ListMetaValues* list_meta, std::string_view include_object,
                               const Negotiated& n) {
  std::string body;
  ApiError error;
  std::vector<const codec::Object*> ptrs;
  ptrs.reserve(items.size());
  for (const codec::Object& o : items) ptrs.push_back(&o);
  if (!EncodeTableJson(r, ptrs, list_meta, include_object, n, false, &body, &error)) {
    return ErrorResponse(error, n);
  }
  // Stock names the plain media type (no ;as=Table) in the Content-Type of a Table.
  Negotiated plain = n;
  if (n.format == codec::WireFormat::kYaml) {
    plain.content_type = std::string(kYamlMediaType);
    auto yaml = codec::JsonToYaml(body);
    if (!yaml.ok()) return ErrorResponse(InternalError(yaml.status().message()), n);
    return BodyResponse(200, *std::move(yaml), plain);
  }
  plain.content_type = std::string(kJsonMediaType);
  return BodyResponse(200, std::move(body), plain);
}

}  // namespace kubecxx::apiserver::table
