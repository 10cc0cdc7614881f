#include "lib/client/cache/rest_lister_watcher.h"

#include <utility>

#include "kubecxx/api/meta/v1/types.h"

namespace kubecxx::client::cache {
namespace {

ListOptions AddSelectors(const ListOptions& opts, const ListWatchTarget& t) {
  ListOptions o = opts;
  if (o.label_selector.empty()) o.label_selector = t.label_selector;
  if (o.field_selector.empty()) o.field_selector = t.field_selector;
  return o;
}

}  // namespace

RestListerWatcher::RestListerWatcher(RestClient* rest, ListWatchTarget target)
    : rest_(rest), target_(std::move(target)) {}

ApiResult<ObjectList> RestListerWatcher::List(const ListOptions& opts) {
  return rest_->List(ResourceRef::For(*target_.resource, target_.namespace_),
                     AddSelectors(opts, target_));
}

ApiResult<std::unique_ptr<WatchStream>> RestListerWatcher::Watch(const ListOptions& opts) {
  return rest_->Watch(ResourceRef::For(*target_.resource, target_.namespace_),
                      AddSelectors(opts, target_));
}

MetadataListerWatcher::MetadataListerWatcher(RestClient* rest, ListWatchTarget target)
    : rest_(rest), target_(std::move(target)) {}

ApiResult<ObjectList> MetadataListerWatcher::List(const ListOptions& opts) {
  static const codec::KindInfo* list_kind =
      codec::FindKind("meta.k8s.io", "v1", "PartialObjectMetadataList");
  static const codec::KindInfo* item_kind =
      codec::FindKind("meta.k8s.io", "v1", "PartialObjectMetadata");
  RawRequest r;
  r.verb = "GET";
  r.ref = ResourceRef::For(*target_.resource, target_.namespace_);
  r.query = ToQuery(AddSelectors(opts, target_), false);
  r.accept = std::string(kMetadataListAccept);
  ApiResult<RawResponse> resp = rest_->Do(r);
  if (!resp.ok()) return resp.error();
  api::meta::v1::PartialObjectMetadataList list;
  if (std::optional<ApiError> e = rest_->DecodeBody(*resp, *list_kind, &list)) return *e;
  ObjectList out;
  out.resource_version = std::move(list.list_meta.resource_version);
  out.continue_token = std::move(list.list_meta.continue_);
  out.remaining_item_count = list.list_meta.remaining_item_count;
  out.items.reserve(list.items.size());
  for (api::meta::v1::PartialObjectMetadata& item : list.items) {
    codec::Object obj(item_kind);
    auto* p = obj.As<api::meta::v1::PartialObjectMetadata>();
    *p = std::move(item);
    if (p->type_meta.kind.empty()) {
      p->type_meta.api_version = "meta.k8s.io/v1";
      p->type_meta.kind = "PartialObjectMetadata";
    }
    out.items.push_back(std::move(obj));
  }
  return out;
}

ApiResult<std::unique_ptr<WatchStream>> MetadataListerWatcher::Watch(const ListOptions& opts) {
  RawRequest r;
  r.verb = "GET";
  r.ref = ResourceRef::For(*target_.resource, target_.namespace_);
  r.query = ToQuery(AddSelectors(opts, target_), true);
  r.accept = std::string(kMetadataAccept);
  return rest_->OpenWatch(r);
}

}  // namespace kubecxx::client::cache
