// ConvertingStore: a storage::Interface in a served version over a store in the storage
// version (upstream's storage codec: encode to the storage version on write, decode and
// convert to the request's version on read). Every object that goes in (Create, the result
// of an UpdateFunc) is converted to the storage kind; every object that comes out (Get,
// GetList items, watch events, the `current` an UpdateFunc sees, Create/Delete/Update
// results) to the served kind. Predicates (label and field selectors) see the served object,
// as upstream matches field selectors on the requested version's field set. Bookmarks are
// empty served objects carrying the resourceVersion.
//
// A conversion failure is kInternal (500, as upstream's failed decode of stored data).
// Thread-safety: as the inner store; the converter is immutable.
#pragma once

#include <memory>

#include "lib/apiserver/conversion/converter.h"
#include "lib/storage/interface.h"

namespace kubecxx::apiserver::conversion {

class ConvertingStore : public storage::Interface {
 public:
  // REQUIRES: converter outlives the store.
  ConvertingStore(std::unique_ptr<storage::Interface> inner, const Converter* converter)
      : inner_(std::move(inner)), converter_(converter) {}

  StatusOr<codec::Object> Get(std::string_view key, const storage::GetOptions& options) override;
  Status GetList(std::string_view key, const storage::ListOptions& options,
                 storage::ListResult* out) override;
  StatusOr<codec::Object> Create(std::string_view key, codec::Object obj,
                                 uint64_t ttl_seconds = 0) override;
  StatusOr<codec::Object> Delete(std::string_view key,
                                 const storage::Preconditions& preconditions = {}) override;
  StatusOr<codec::Object> GuaranteedUpdate(std::string_view key, bool ignore_not_found,
                                           const storage::Preconditions& preconditions,
                                           const storage::UpdateFunc& update) override;
  StatusOr<std::unique_ptr<storage::WatchStream>> Watch(
      std::string_view key, const storage::WatchOptions& options) override;
  StatusOr<int64_t> CurrentRevision() override { return inner_->CurrentRevision(); }

  storage::Interface* inner() const { return inner_.get(); }
  const Converter* converter() const { return converter_; }

 private:
  StatusOr<codec::Object> Out(const codec::Object& stored) const;
  storage::Predicate WrapPredicate(const storage::Predicate& p) const;

  std::unique_ptr<storage::Interface> inner_;
  const Converter* converter_;
};

}  // namespace kubecxx::apiserver::conversion
