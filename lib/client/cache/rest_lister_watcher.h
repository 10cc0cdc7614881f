// ListerWatchers over a RestClient (client-go's cache.NewListWatchFromClient and the
// metadata informer's ListWatch).
//
//   RestListerWatcher     : full objects of one resource, in the client's content type
//                           (protobuf by default), items decoded as their kind.
//   MetadataListerWatcher : the same resource as meta/v1 PartialObjectMetadata, with the
//                           Accept header client-go's metadata client sends:
//       "application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,"
//       "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"
//     for LIST, and the same with as=PartialObjectMetadata for WATCH.
//
// Both add the namespace and the label/field selectors to every request.
//
// Thread-safety: as ListerWatcher; the RestClient must outlive them.
#pragma once

#include <string>
#include <string_view>

#include "lib/client/cache/lister_watcher.h"
#include "lib/client/rest_client.h"
#include "lib/codec/resources.h"

namespace kubecxx::client::cache {

inline constexpr std::string_view kMetadataListAccept =
    "application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,"
    "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";
inline constexpr std::string_view kMetadataAccept =
    "application/vnd.kubernetes.protobuf;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,"
    "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";

// What to list and watch.
struct ListWatchTarget {
  const codec::ResourceInfo* resource = nullptr;  // REQUIRES: non-null, a main resource
  std::string namespace_;                          // "": all namespaces / cluster-scoped
  std::string label_selector;
  std::string field_selector;
};

class RestListerWatcher final : public ListerWatcher {
 public:
  RestListerWatcher(RestClient* rest, ListWatchTarget target);
  ApiResult<ObjectList> List(const ListOptions& opts) override;
  ApiResult<std::unique_ptr<WatchStream>> Watch(const ListOptions& opts) override;

 private:
  RestClient* rest_;
  ListWatchTarget target_;
};

class MetadataListerWatcher final : public ListerWatcher {
 public:
  MetadataListerWatcher(RestClient* rest, ListWatchTarget target);
  ApiResult<ObjectList> List(const ListOptions& opts) override;
  ApiResult<std::unique_ptr<WatchStream>> Watch(const ListOptions& opts) override;

 private:
  RestClient* rest_;
  ListWatchTarget target_;
};

}  // namespace kubecxx::client::cache
