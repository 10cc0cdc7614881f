// ResourceRegistry: the built-in resources this apiserver serves and their storage. A
// resource is served when stock serves it by default (discovery_facts.h) and either its
// served version is its storage version (lib/storage/resource_prefixes.h) or a converter
// exists for the pair (conversion/converter.h); then `store` is a ConvertingStore and every
// object the REST layer sees is of the served kind. MissingResources() names the rest.
//
// Per-resource behaviour copied as facts from upstream's registry strategies
// (k8s.io/kubernetes@v1.37.2 pkg/registry/.../strategy.go and storage.go):
//  * tracks_generation: PrepareForCreate sets metadata.generation = 1;
//  * return_deleted_object: DELETE answers with the object instead of a Status.
// Thread-safety: immutable after Create; stores are safe for concurrent use.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lib/apiserver/api_errors.h"
#include "lib/base/status.h"
#include "lib/codec/registry.h"
#include "lib/codec/resources.h"
#include "lib/etcd/client.h"
#include "lib/storage/interface.h"
#include "lib/storage/lease_manager.h"

namespace kubecxx::apiserver {

class WatchCache;

struct ServedResource {
  std::string group;
  std::string version;
  std::string resource;
  std::string etcd_prefix;  // relative to --etcd-prefix ("services/specs")
  const codec::KindInfo* kind = nullptr;  // the served kind (store converts if needed)
  bool namespaced = false;
  bool has_status = false;  // a "status" subresource of the same kind
  bool tracks_generation = false;
  bool return_deleted_object = false;
  uint32_t verbs = 0;  // codec::ResourceVerb bits of the main resource
  std::unique_ptr<storage::Interface> store;
  // Optional hooks (service_allocator.h installs them for services): before_create may
  // reserve things and reject the create (false with *error); *undo releases them when the
  // create then fails. after_delete runs once the object is gone from storage.
  std::function<bool(codec::Object&, ApiError*, std::function<void()>*)> before_create;
  std::function<void(const codec::Object&)> after_delete;
  // The dry-run form of before_create (write_request.h): checks and fills in, reserves nothing.
  std::function<bool(codec::Object&, ApiError*)> dry_run_before_create;
  // > 0: every create and update attaches the key to a shared lease of this TTL (events,
  // --event-ttl).
  uint64_t ttl_seconds = 0;
  std::shared_ptr<WatchCache> cache;  // LIST/WATCH from memory (cache_serving.h); may be null

  bool Has(codec::ResourceVerb v) const { return (verbs & v) != 0; }

  // The storage key of one object or of a collection (name empty).
  std::string Key(std::string_view ns, std::string_view name) const;
};

struct MissingResource {
  std::string group;
  std::string version;
  std::string resource;
  std::string reason;
};

class ResourceRegistry {
 public:
  // REQUIRES: client and leases outlive the registry.
  static StatusOr<std::unique_ptr<ResourceRegistry>> Create(etcd::Client* client,
                                                            storage::LeaseManager* leases,
                                                            const std::string& etcd_prefix);
  // nullptr when not served.
  ServedResource* Find(std::string_view group, std::string_view version,
                       std::string_view resource) const;
  const std::vector<std::unique_ptr<ServedResource>>& served() const { return served_; }

  // Stock-served resources we do not serve yet, and why (also without a registry).
  static std::vector<MissingResource> MissingResources();

 private:
  std::vector<std::unique_ptr<ServedResource>> served_;
};

}  // namespace kubecxx::apiserver
