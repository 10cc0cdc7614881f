// EtcdStore: storage::Interface over lib/etcd, byte-compatible with stock kube-apiserver's
// etcd3 store, so both can serve one etcd:
// - key = <path prefix>/<key without its leading '/'>, e.g. /registry/pods/default/web-0
// - value = the "k8s\0" protobuf envelope of the object in the resource's storage version
//   (custom resources: JSON), with metadata.resourceVersion and selfLink cleared
// - create = Txn(create_revision == 0 ? put : -), update = Txn(mod_revision == read ? put :
//   get) retried on conflict, delete = Txn(mod_revision == read ? delete : get)
// - lists page through etcd with upstream's limit doubling and continue tokens; a list at
//   resourceVersion N with match Exact (or a limit) reads at revision N
// - TTL writes share leases through a LeaseManager (events)
//
// Objects read back are decoded in whatever version the envelope names; this layer does no
// version conversion, so writes must come in the storage kind (kInvalidArgument otherwise).
// Thread-safety: safe for concurrent use (the etcd client is).
#pragma once

#include <memory>
#include <string>

#include "lib/etcd/client.h"
#include "lib/storage/interface.h"
#include "lib/storage/lease_manager.h"

namespace kubecxx::storage {

struct EtcdStoreConfig {
  std::string path_prefix = "/registry";  // --etcd-prefix
  std::string resource_prefix{};            // "/pods", "/services/specs", ...
  const codec::KindInfo* storage_kind = nullptr;  // null: any kind (custom resources)
  bool json = false;  // store JSON instead of protobuf (custom resources)
};

class EtcdStore : public Interface {
 public:
  // REQUIRES: client and leases outlive the store. kInvalidArgument for a bad prefix.
  static StatusOr<std::unique_ptr<EtcdStore>> Create(etcd::Client* client, LeaseManager* leases,
                                                     EtcdStoreConfig config);

  StatusOr<codec::Object> Get(std::string_view key, const GetOptions& options) override;
  Status GetList(std::string_view key, const ListOptions& options, ListResult* out) override;
  StatusOr<codec::Object> Create(std::string_view key, codec::Object obj,
                                 uint64_t ttl_seconds = 0) override;
  StatusOr<codec::Object> Delete(std::string_view key, const Preconditions& preconditions = {}) override;
  StatusOr<codec::Object> GuaranteedUpdate(std::string_view key, bool ignore_not_found,
                                           const Preconditions& preconditions,
                                           const UpdateFunc& update) override;
  StatusOr<std::unique_ptr<WatchStream>> Watch(std::string_view key,
                                               const WatchOptions& options) override;
  StatusOr<int64_t> CurrentRevision() override;

  // The absolute etcd key for `key` (after validation); for tests and tools.
  StatusOr<std::string> EtcdKey(std::string_view key, bool recursive) const;
  // Encodes as stored (resourceVersion/selfLink cleared, storage apiVersion/kind set).
  StatusOr<std::string> Encode(codec::Object& obj) const;
  // Decodes a stored value and sets metadata.resourceVersion to `revision`.
  StatusOr<codec::Object> Decode(std::string_view data, int64_t revision) const;
  const codec::KindInfo* storage_kind() const { return config_.storage_kind; }

 private:
  EtcdStore(etcd::Client* client, LeaseManager* leases, EtcdStoreConfig config, std::string path);

  etcd::Client* client_;
  LeaseManager* leases_;
  EtcdStoreConfig config_;
  std::string path_prefix_{};  // "/registry/" (always ends with '/')
};

// Preconditions::Check as upstream words it ("Precondition failed: UID in precondition: ...").
Status CheckPreconditions(const Preconditions& p, std::string_view key, const codec::Object& obj);

}  // namespace kubecxx::storage
