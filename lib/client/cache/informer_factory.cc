#include "lib/client/cache/informer_factory.h"

#include <utility>

#include "lib/client/cache/rest_lister_watcher.h"

namespace kubecxx::client::cache {

SharedInformerFactory::SharedInformerFactory(RestClient* rest, InformerFactoryOptions opts)
    : SharedInformerFactory(
          [rest](const InformerKey& key,
                 const codec::ResourceInfo& resource) -> std::unique_ptr<ListerWatcher> {
            ListWatchTarget t{&resource, key.namespace_, key.label_selector, key.field_selector};
            if (key.metadata_only) return std::make_unique<MetadataListerWatcher>(rest, t);
            return std::make_unique<RestListerWatcher>(rest, t);
          },
          std::move(opts)) {}

SharedInformerFactory::SharedInformerFactory(ListerWatcherMaker maker,
                                             InformerFactoryOptions opts)
    : maker_(std::move(maker)), opts_(std::move(opts)) {}

SharedInformerFactory::~SharedInformerFactory() { Shutdown(); }

StatusOr<SharedIndexInformer*> SharedInformerFactory::InformerFor(
    const codec::ResourceInfo& resource, bool metadata_only) {
  if (!resource.subresource.empty() || !resource.Has(codec::kVerbList) ||
      !resource.Has(codec::kVerbWatch)) {
    return Status::Invalid("resource " + std::string(resource.resource) +
                           " cannot be listed and watched");
  }
  InformerKey key{std::string(resource.group),   std::string(resource.version),
                  std::string(resource.resource), resource.namespaced ? opts_.namespace_ : "",
                  opts_.label_selector,           opts_.field_selector,
                  metadata_only};
  std::lock_guard l(mu_);
  if (shut_down_) return Status(StatusCode::kUnavailable, "the informer factory is shut down");
  auto it = informers_.find(key);
  if (it != informers_.end()) return it->second.informer.get();

  const codec::KindInfo* kind =
      metadata_only ? codec::FindKind("meta.k8s.io", "v1", "PartialObjectMetadata")
                    : codec::FindKind(resource.kind_group, resource.kind_version, resource.kind);
  if (kind == nullptr) {
    return Status::Invalid("resource " + std::string(resource.resource) +
                           (resource.group.empty() ? "" : ".") + std::string(resource.group) +
                           " serves kind \"" + std::string(resource.kind) +
                           "\", which is not a registered kind; use a metadata-only informer");
  }
  auto owned = std::make_unique<OwnedResource>(OwnedResource{
      std::string(resource.group), std::string(resource.version), std::string(resource.resource),
      std::string(resource.kind_group), std::string(resource.kind_version),
      std::string(resource.kind), resource});
  owned->info.group = owned->group;
  owned->info.version = owned->version;
  owned->info.resource = owned->resource;
  owned->info.kind_group = owned->kind_group;
  owned->info.kind_version = owned->kind_version;
  owned->info.kind = owned->kind;
  SharedInformerOptions io;
  io.resync_period = opts_.default_resync;
  io.indexers = {{std::string(kNamespaceIndex), MetaNamespaceIndexFunc}};
  io.reflector = opts_.reflector;
  io.reflector.name = std::string(resource.resource) + (resource.group.empty() ? "" : ".") +
                      std::string(resource.group);
  if (metadata_only) io.reflector.type_description = "*v1.PartialObjectMetadata";
  auto informer =
      std::make_unique<SharedIndexInformer>(maker_(key, owned->info), kind, std::move(io));
  SharedIndexInformer* raw = informer.get();
  informers_.emplace(std::move(key), Entry{std::move(owned), std::move(informer)});
  return raw;
}

void SharedInformerFactory::Start() {
  std::lock_guard l(mu_);
  if (shut_down_) return;
  for (auto& [key, entry] : informers_) entry.informer->Start();
}

bool SharedInformerFactory::WaitForCacheSync(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<SharedIndexInformer*> started;
  {
    std::lock_guard l(mu_);
    for (auto& [key, entry] : informers_) {
      if (entry.informer->HasStarted()) started.push_back(entry.informer.get());
    }
  }
  for (SharedIndexInformer* i : started) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (!i->WaitForCacheSync(std::max(left, std::chrono::milliseconds(0)))) return false;
  }
  return true;
}

void SharedInformerFactory::Shutdown() {
  std::vector<SharedIndexInformer*> all;
  {
    std::lock_guard l(mu_);
    shut_down_ = true;
    for (auto& [key, entry] : informers_) all.push_back(entry.informer.get());
  }
  for (SharedIndexInformer* i : all) i->Stop();  // kept alive until the factory goes
}

size_t SharedInformerFactory::size() const {
  std::lock_guard l(mu_);
  return informers_.size();
}

}  // namespace kubecxx::client::cache
