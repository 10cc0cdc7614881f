#include "lib/client/cache/store.h"

#include <algorithm>
#include <mutex>

#include "kubecxx/api/meta/v1/types.h"

namespace kubecxx::client::cache {

std::vector<std::string> MetaNamespaceIndexFunc(const codec::Object& obj) {
  const api::meta::v1::ObjectMeta* meta = obj.meta();
  return {meta ? meta->namespace_ : std::string()};
}

Indexer::Indexer(Indexers indexers) {
  for (auto& [name, func] : indexers) indices_[name].func = std::move(func);
}

Status Indexer::Add(ObjectPtr obj) { return Update(std::move(obj)); }

Status Indexer::Update(ObjectPtr obj) {
  if (!obj) return Status::Invalid("cannot store a null object");
  StatusOr<std::string> key = MetaNamespaceKey(*obj);
  if (!key.ok()) return key.status();
  std::unique_lock l(mu_);
  PutLocked(*key, std::move(obj));
  return Status::Ok();
}

void Indexer::Put(std::string_view key, ObjectPtr obj) {
  std::unique_lock l(mu_);
  PutLocked(key, std::move(obj));
}

void Indexer::Delete(std::string_view key) {
  std::unique_lock l(mu_);
  DeleteLocked(key);
}

void Indexer::Apply(std::span<const StoreChange> changes) {
  std::unique_lock l(mu_);
  for (const StoreChange& c : changes) {
    if (c.type == StoreChange::kDelete) {
      DeleteLocked(c.key);
    } else {
      PutLocked(c.key, c.object);
    }
  }
}

void Indexer::PutLocked(std::string_view key, ObjectPtr obj) {
  auto it = items_.find(key);
  if (it == items_.end()) {
    it = items_.emplace(std::string(key), nullptr).first;
  }
  const codec::Object* old_obj = it->second.get();
  for (auto& [name, index] : indices_) IndexLocked(index, it->first, old_obj, obj.get());
  it->second = std::move(obj);
}

void Indexer::DeleteLocked(std::string_view key) {
  auto it = items_.find(key);
  if (it == items_.end()) return;
  for (auto& [name, index] : indices_) IndexLocked(index, it->first, it->second.get(), nullptr);
  items_.erase(it);
}

void Indexer::IndexLocked(NamedIndex& index, std::string_view stored_key,
                          const codec::Object* old_obj, const codec::Object* new_obj) {
  std::vector<std::string> old_values;
  std::vector<std::string> new_values;
  if (old_obj) old_values = index.func(*old_obj);
  if (new_obj) new_values = index.func(*new_obj);
  // The common case (an update that keeps its single value) changes nothing.
  if (old_values == new_values && !old_values.empty() && old_obj && new_obj) return;
  for (const std::string& v : old_values) {
    auto vit = index.values.find(v);
    if (vit == index.values.end()) continue;
    vit->second.erase(stored_key);
    // Drop empty sets so values of deleted objects do not pile up.
    if (vit->second.empty()) index.values.erase(vit);
  }
  for (std::string& v : new_values) index.values[std::move(v)].insert(stored_key);
}

void Indexer::Replace(std::vector<std::pair<std::string, ObjectPtr>> items,
                      std::string resource_version) {
  Items fresh;
  fresh.reserve(items.size());
  for (auto& [key, obj] : items) fresh.emplace(std::move(key), std::move(obj));
  std::unique_lock l(mu_);
  items_.swap(fresh);
  resource_version_ = std::move(resource_version);
  for (auto& [name, index] : indices_) {
    index.values.clear();
    for (const auto& [key, obj] : items_) IndexLocked(index, key, nullptr, obj.get());
  }
  l.unlock();
  // `fresh` (the old content) is released outside the lock.
}

ObjectPtr Indexer::Get(std::string_view key) const {
  std::shared_lock l(mu_);
  auto it = items_.find(key);
  return it == items_.end() ? nullptr : it->second;
}

std::vector<ObjectPtr> Indexer::List() const {
  std::shared_lock l(mu_);
  std::vector<ObjectPtr> out;
  out.reserve(items_.size());
  for (const auto& [key, obj] : items_) out.push_back(obj);
  return out;
}

std::vector<std::string> Indexer::ListKeys() const {
  std::shared_lock l(mu_);
  std::vector<std::string> out;
  out.reserve(items_.size());
  for (const auto& [key, obj] : items_) out.push_back(key);
  return out;
}

size_t Indexer::size() const {
  std::shared_lock l(mu_);
  return items_.size();
}

const Indexer::NamedIndex* Indexer::FindIndexLocked(std::string_view name) const {
  auto it = indices_.find(name);
  return it == indices_.end() ? nullptr : &it->second;
}

StatusOr<std::vector<ObjectPtr>> Indexer::ByIndex(std::string_view index_name,
                                                  std::string_view value) const {
  std::shared_lock l(mu_);
  const NamedIndex* index = FindIndexLocked(index_name);
  if (index == nullptr) return Status::Invalid("Index with name " + std::string(index_name) +
                                               " does not exist");
  auto vit = index->values.find(value);
  return ObjectsForKeys(vit == index->values.end() ? nullptr : &vit->second);
}

StatusOr<std::vector<ObjectPtr>> Indexer::ObjectsForKeys(const KeySet* keys) const {
  std::vector<ObjectPtr> out;
  if (keys == nullptr) return out;
  out.reserve(keys->size());
  for (std::string_view k : *keys) out.push_back(items_.find(k)->second);
  return out;
}

StatusOr<std::vector<std::string>> Indexer::IndexKeys(std::string_view index_name,
                                                      std::string_view value) const {
  std::shared_lock l(mu_);
  const NamedIndex* index = FindIndexLocked(index_name);
  if (index == nullptr) return Status::Invalid("Index with name " + std::string(index_name) +
                                               " does not exist");
  std::vector<std::string> out;
  auto vit = index->values.find(value);
  if (vit != index->values.end()) out.assign(vit->second.begin(), vit->second.end());
  return out;
}

StatusOr<std::vector<ObjectPtr>> Indexer::Index(std::string_view index_name,
                                                const codec::Object& obj) const {
  std::shared_lock l(mu_);
  const NamedIndex* index = FindIndexLocked(index_name);
  if (index == nullptr) return Status::Invalid("Index with name " + std::string(index_name) +
                                               " does not exist");
  std::vector<std::string> values = index->func(obj);
  if (values.size() == 1) {
    auto vit = index->values.find(values[0]);
    return ObjectsForKeys(vit == index->values.end() ? nullptr : &vit->second);
  }
  KeySet keys;
  for (const std::string& v : values) {
    auto vit = index->values.find(v);
    if (vit != index->values.end()) keys.insert(vit->second.begin(), vit->second.end());
  }
  return ObjectsForKeys(&keys);
}

std::vector<std::string> Indexer::ListIndexFuncValues(std::string_view index_name) const {
  std::shared_lock l(mu_);
  std::vector<std::string> out;
  const NamedIndex* index = FindIndexLocked(index_name);
  if (index == nullptr) return out;
  out.reserve(index->values.size());
  for (const auto& [value, keys] : index->values) out.push_back(value);
  return out;
}

std::vector<std::string> Indexer::IndexNames() const {
  std::shared_lock l(mu_);
  std::vector<std::string> out;
  for (const auto& [name, index] : indices_) out.push_back(name);
  return out;
}

Status Indexer::AddIndexers(Indexers indexers) {
  std::unique_lock l(mu_);
  for (const auto& [name, func] : indexers) {
    if (indices_.count(name)) return Status::Invalid("indexer conflict: " + name);
  }
  for (auto& [name, func] : indexers) {
    NamedIndex& index = indices_[name];
    index.func = std::move(func);
    for (const auto& [key, obj] : items_) IndexLocked(index, key, nullptr, obj.get());
  }
  return Status::Ok();
}

std::string Indexer::LastStoreSyncResourceVersion() const {
  std::shared_lock l(mu_);
  return resource_version_;
}

void Indexer::Bookmark(std::string resource_version) {
  std::unique_lock l(mu_);
  resource_version_ = std::move(resource_version);
}

}  // namespace kubecxx::client::cache
