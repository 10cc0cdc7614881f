// SharedInformerFactory: one SharedIndexInformer per resource and list scope, shared by every
// user in the process (client-go's informers.SharedInformerFactory and
// metadatainformer.SharedInformerFactory in one).
//
// Informers are keyed by (group, version, resource, namespace, label selector, field selector,
// metadata-only): two callers asking for the same key get the same informer, hence one LIST
// and one WATCH on the server. Start() starts every informer not yet started (informers made
// after Start() need another Start(), as upstream); Shutdown() stops them all.
//
// Threading: all methods are thread-safe. Shutdown() stops every informer; they are
// destroyed with the factory, so returned pointers stay valid as long as it lives.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

#include "lib/client/cache/shared_informer.h"
#include "lib/codec/kind_traits.h"
#include "lib/codec/resources.h"

namespace kubecxx::client {
class RestClient;
}  // namespace kubecxx::client

namespace kubecxx::client::cache {

struct InformerKey {
  std::string group, version, resource;
  std::string namespace_;
  std::string label_selector, field_selector;
  bool metadata_only = false;
  auto operator<=>(const InformerKey&) const = default;
};

struct InformerFactoryOptions {
  Clock::Duration default_resync{0};
  std::string namespace_;       // informers' default namespace ("" all)
  std::string label_selector;   // tweakListOptions' common use
  std::string field_selector;
  // Applied to every informer's reflector (use_watch_list, backoff, clock ...).
  ReflectorOptions reflector;
};

class SharedInformerFactory {
 public:
  using ListerWatcherMaker =
      std::function<std::unique_ptr<ListerWatcher>(const InformerKey&, const codec::ResourceInfo&)>;

  // Lists and watches through `rest` (RestListerWatcher / MetadataListerWatcher).
  // REQUIRES: rest outlives the factory.
  SharedInformerFactory(RestClient* rest, InformerFactoryOptions opts);
  // For tests: any ListerWatcher.
  SharedInformerFactory(ListerWatcherMaker maker, InformerFactoryOptions opts);
  ~SharedInformerFactory();

  // The informer for a resource; an error when the resource cannot be listed and watched.
  // `resource` may be any resource the server serves, custom resources included (e.g.
  // DynamicResource::Info()); the factory keeps its own copy of it. Full-object informers
  // need the kind to be registered in the codec (custom resources are not: ask for
  // metadata_only, which lists and watches them as PartialObjectMetadata).
  // Indexers: the namespace index is always present.
  StatusOr<SharedIndexInformer*> InformerFor(const codec::ResourceInfo& resource,
                                             bool metadata_only = false);
  // The typed form: the resource serving T.
  template <codec::ListableKind T>
  StatusOr<SharedIndexInformer*> InformerFor() {
    const codec::ResourceInfo* r = codec::FindResourceForKind(
        codec::KindTraits<T>::kGroup, codec::KindTraits<T>::kVersion, codec::KindTraits<T>::kKind);
    if (r == nullptr) return Status(StatusCode::kNotFound, "no resource serves this kind");
    return InformerFor(*r);
  }

  void Start();
  // Waits (real time) for every started informer; false on timeout.
  bool WaitForCacheSync(std::chrono::milliseconds timeout);
  void Shutdown();
  size_t size() const;

 private:
  ListerWatcherMaker maker_;
  InformerFactoryOptions opts_;
  mutable std::mutex mu_;
  // A resource description owned by the factory (the caller's may be a temporary).
  struct OwnedResource {
    std::string group, version, resource, kind_group, kind_version, kind;
    codec::ResourceInfo info;
  };
  struct Entry {
    std::unique_ptr<OwnedResource> resource;
    std::unique_ptr<SharedIndexInformer> informer;
  };
  std::map<InformerKey, Entry> informers_;  // guarded by mu_
  bool shut_down_ = false;  // guarded by mu_
};

}  // namespace kubecxx::client::cache
