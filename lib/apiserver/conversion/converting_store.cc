#include "lib/apiserver/conversion/converting_store.h"

#include "kubecxx/api/meta/v1/types.h"

namespace kubecxx::apiserver::conversion {
namespace {

class ConvertingWatch : public storage::WatchStream {
 public:
  ConvertingWatch(std::unique_ptr<storage::WatchStream> inner, const Converter* converter)
      : inner_(std::move(inner)), converter_(converter) {}

  StatusOr<std::optional<storage::WatchEvent>> Next(std::chrono::milliseconds timeout) override {
    auto next = inner_->Next(timeout);
    if (!next.ok() || !next->has_value()) return next;
    storage::WatchEvent& e = **next;
    if (e.type == storage::WatchEvent::Type::kError) return next;
    if (e.type == storage::WatchEvent::Type::kBookmark) {
      const codec::KindInfo* k = converter_->served_kind();
      codec::Object bookmark(k);
      k->set_type_meta(bookmark.get(), k->ApiVersion(), k->kind);
      if (e.object.meta() != nullptr) {
        bookmark.meta()->resource_version = e.object.meta()->resource_version;
        bookmark.meta()->annotations = e.object.meta()->annotations;
      }
      e.object = std::move(bookmark);
      return next;
    }
    auto converted = converter_->ToServed(e.object);
    if (!converted.ok()) return converted.status();
    e.object = std::move(converted).value();
    return next;
  }
  // The watch cache asks etcd for progress through every resource's stream.
  Status RequestProgress() override { return inner_->RequestProgress(); }
  void Stop() override { inner_->Stop(); }

 private:
  std::unique_ptr<storage::WatchStream> inner_;
  const Converter* converter_;
};

}  // namespace

StatusOr<codec::Object> ConvertingStore::Out(const codec::Object& stored) const {
  if (stored.info() == nullptr) return codec::Object();  // ignore_not_found's empty object
  if (stored.info() != converter_->storage_kind()) {
    // Data in another version (written by a different release): nothing to convert from.
    return Status(StatusCode::kInternal, "stored object is " + stored.info()->ApiVersion() +
                                             " " + std::string(stored.info()->kind) +
                                             ", expected " +
                                             converter_->storage_kind()->ApiVersion());
  }
  return converter_->ToServed(stored);
}

storage::Predicate ConvertingStore::WrapPredicate(const storage::Predicate& p) const {
  if (!p) return p;
  return [p, converter = converter_](const codec::Object& stored) {
    auto served = converter->ToServed(stored);
    return served.ok() && p(*served);
  };
}

StatusOr<codec::Object> ConvertingStore::Get(std::string_view key,
                                             const storage::GetOptions& options) {
  auto got = inner_->Get(key, options);
  if (!got.ok()) return got.status();
  return Out(*got);
}

Status ConvertingStore::GetList(std::string_view key, const storage::ListOptions& options,
                                storage::ListResult* out) {
  storage::ListOptions inner_options = options;
  inner_options.predicate = WrapPredicate(options.predicate);
  Status s = inner_->GetList(key, inner_options, out);
  if (!s.ok()) return s;
  for (codec::Object& item : out->items) {
    auto converted = Out(item);
    if (!converted.ok()) return converted.status();
    item = std::move(converted).value();
  }
  return s;
}

StatusOr<codec::Object> ConvertingStore::Create(std::string_view key, codec::Object obj,
                                                uint64_t ttl_seconds) {
  auto stored = converter_->ToStorage(obj);
  if (!stored.ok()) return stored.status();
  auto created = inner_->Create(key, std::move(stored).value(), ttl_seconds);
  if (!created.ok()) return created.status();
  return Out(*created);
}

StatusOr<codec::Object> ConvertingStore::Delete(std::string_view key,
                                                const storage::Preconditions& preconditions) {
  auto deleted = inner_->Delete(key, preconditions);
  if (!deleted.ok()) return deleted.status();
  return Out(*deleted);
}

StatusOr<codec::Object> ConvertingStore::GuaranteedUpdate(
    std::string_view key, bool ignore_not_found, const storage::Preconditions& preconditions,
    const storage::UpdateFunc& update) {
  auto updated = inner_->GuaranteedUpdate(
      key, ignore_not_found, preconditions,
      [this, &update](codec::Object current) -> StatusOr<storage::UpdateResult> {
        auto served = Out(current);
        if (!served.ok()) return served.status();
        auto result = update(std::move(served).value());
        if (!result.ok()) return result.status();
        auto stored = converter_->ToStorage(result->object);
        if (!stored.ok()) return stored.status();
        result->object = std::move(stored).value();
        return result;
      });
  if (!updated.ok()) return updated.status();
  return Out(*updated);
}

StatusOr<std::unique_ptr<storage::WatchStream>> ConvertingStore::Watch(
    std::string_view key, const storage::WatchOptions& options) {
  storage::WatchOptions inner_options = options;
  inner_options.predicate = WrapPredicate(options.predicate);
  auto w = inner_->Watch(key, inner_options);
  if (!w.ok()) return w.status();
  return std::unique_ptr<storage::WatchStream>(
      std::make_unique<ConvertingWatch>(std::move(w).value(), converter_));
}

}  // namespace kubecxx::apiserver::conversion
