#include "lib/apiserver/partial_metadata.h"

#include "kubecxx/api/meta/v1/types.h"
#include "lib/codec/json_reader.h"
#include "lib/codec/json_writer.h"
#include "lib/codec/proto_reader.h"
#include "lib/codec/proto_writer.h"

namespace kubecxx::apiserver {
namespace {

using api::meta::v1::PartialObjectMetadata;

// Not in the generated kind table (meta.k8s.io is no served group), so made here.
constexpr codec::KindInfo kPartialV1 =
    codec::MakeKind<PartialObjectMetadata>("meta.k8s.io", "v1", "PartialObjectMetadata");
constexpr codec::KindInfo kPartialV1beta1 =
    codec::MakeKind<PartialObjectMetadata>("meta.k8s.io", "v1beta1", "PartialObjectMetadata");
constexpr codec::KindInfo kPartialListV1 = codec::MakeKind<api::meta::v1::PartialObjectMetadataList>(
    "meta.k8s.io", "v1", "PartialObjectMetadataList");
constexpr codec::KindInfo kPartialListV1beta1 =
    codec::MakeKind<api::meta::v1::PartialObjectMetadataList>("meta.k8s.io", "v1beta1",
                                                              "PartialObjectMetadataList");

bool IsBeta(const Negotiated& n) { return n.as_version == "v1beta1"; }

}  // namespace

const std::vector<NegotiateOptions::As>& PartialMetadataConversions() {
  static const auto* c = new std::vector<NegotiateOptions::As>{
      {"PartialObjectMetadata", "meta.k8s.io", "v1"},
      {"PartialObjectMetadata", "meta.k8s.io", "v1beta1"},
      {"PartialObjectMetadataList", "meta.k8s.io", "v1"},
      {"PartialObjectMetadataList", "meta.k8s.io", "v1beta1"},
  };
  return *c;
}

std::optional<codec::Object> AsPartialObjectMetadata(const codec::Object& obj,
                                                     const Negotiated& n) {
  if (n.as != "PartialObjectMetadata" || obj.meta() == nullptr) return std::nullopt;
  if (obj.info() == &kPartialV1 || obj.info() == &kPartialV1beta1) return std::nullopt;
  const codec::KindInfo* kind = IsBeta(n) ? &kPartialV1beta1 : &kPartialV1;
  codec::Object out(kind);
  auto* p = out.As<PartialObjectMetadata>();
  p->type_meta = {"PartialObjectMetadata", kind->ApiVersion()};
  p->object_meta = *obj.meta();
  return out;
}

codec::Object PartialObjectMetadataList(const std::vector<codec::Object>& items,
                                        const ListMetaValues& meta, const Negotiated& n) {
  const codec::KindInfo* kind = IsBeta(n) ? &kPartialListV1beta1 : &kPartialListV1;
  const std::string item_version = IsBeta(n) ? "meta.k8s.io/v1beta1" : "meta.k8s.io/v1";
  codec::Object out(kind);
  auto* list = out.As<api::meta::v1::PartialObjectMetadataList>();
  list->type_meta = {"PartialObjectMetadataList", kind->ApiVersion()};
  list->list_meta.resource_version = meta.resource_version;
  list->list_meta.continue_ = meta.continue_token;
  list->list_meta.remaining_item_count = meta.remaining_item_count;
  list->items.reserve(items.size());
  for (const codec::Object& item : items) {
    PartialObjectMetadata p;
    p.type_meta = {"PartialObjectMetadata", item_version};
    if (item.meta() != nullptr) p.object_meta = *item.meta();
    list->items.push_back(std::move(p));
  }
  return out;
}

}  // namespace kubecxx::apiserver
