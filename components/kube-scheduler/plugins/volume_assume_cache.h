// AssumeCache (upstream component-helpers/storage/volume/assumecache as VolumeBinding
// uses it for PVs and PVCs): the informer's objects with in-memory "assumed" versions on
// top, so that the next scheduling cycles see a PV as taken (claimRef set) or a claim as
// provisioned on a node (selected-node set) before the API server confirms it.
//
// An assumed object stays until Restore or until the informer holds a strictly newer
// resourceVersion of the object (or no longer holds it at all).
//
// Thread-safety: all methods are safe for concurrent use (one mutex).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "components/kube-scheduler/plugins/volume_helpers.h"
#include "lib/base/status.h"

namespace kubecxx::scheduler::plugins {

template <typename T>
class AssumeCache {
 public:
  using Ptr = std::shared_ptr<const T>;
  // `api` reads the informer's object for a key; `type_name` is upstream's description
  // ("v1.PersistentVolume") used in error texts.
  AssumeCache(std::function<Ptr(std::string_view)> api, std::string type_name)
      : api_(std::move(api)), type_name_(std::move(type_name)) {}

  // The assumed object if it is still current, else the informer's.
  Ptr Get(std::string_view key) const {
    std::lock_guard<std::mutex> l(mu_);
    return GetLocked(key);
  }
  // The informer's object.
  Ptr GetApi(std::string_view key) const { return api_(key); }
  // "could not find v1.PersistentVolume \"x\"".
  std::string NotFound(std::string_view key) const { return "could not find " + type_name_ + " \"" + std::string(key) + "\""; }

  // Assume `obj` under `key`. Fails when the key is unknown or obj is older than the
  // cached version.
  Status Assume(const std::string& key, Ptr obj) {
    std::lock_guard<std::mutex> l(mu_);
    Ptr cur = GetLocked(key);
    if (!cur) return Status(StatusCode::kNotFound, NotFound(key));
    const uint64_t stored = ResourceVersionOf(cur->object_meta);
    const uint64_t assumed = ResourceVersionOf(obj->object_meta);
    if (assumed < stored) {
      return Status::Invalid(type_name_ + " \"" + key + "\" is out of sync (stored: " + std::to_string(stored) +
                             ", assume: " + std::to_string(assumed) + ")");
    }
    assumed_[key] = std::move(obj);
    return Status::Ok();
  }
  void Restore(std::string_view key) {
    std::lock_guard<std::mutex> l(mu_);
    auto it = assumed_.find(key);
    if (it != assumed_.end()) assumed_.erase(it);
  }

 private:
  Ptr GetLocked(std::string_view key) const {
    Ptr api = api_(key);
    auto it = assumed_.find(key);
    if (it == assumed_.end()) return api;
    if (!api || ResourceVersionOf(api->object_meta) > ResourceVersionOf(it->second->object_meta)) {
      assumed_.erase(it);
      return api;
    }
    return it->second;
  }

  std::function<Ptr(std::string_view)> api_;
  std::string type_name_;
  mutable std::mutex mu_;
  mutable std::map<std::string, Ptr, std::less<>> assumed_;  // guarded by mu_
};

}  // namespace kubecxx::scheduler::plugins
