// What the informer machinery stores and hands to event handlers (client-go tools/cache):
// immutable, shared API objects, the "namespace/name" key, and the delete tombstone.
//
// An object enters the cache once, decoded, and is shared by the store, the queue and every
// handler through a std::shared_ptr<const codec::Object>; nobody copies it and nobody may
// change it (handlers that need a changed version copy the typed value first). No raw bytes
// are kept next to the decoded object.
//
// Thread-safety: ObjectPtr targets are immutable and safe to read from any thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "lib/base/status.h"
#include "lib/codec/registry.h"

namespace kubecxx::client::cache {

using ObjectPtr = std::shared_ptr<const codec::Object>;

// Moves a decoded object into shared, immutable ownership.
inline ObjectPtr Share(codec::Object obj) {
  return std::make_shared<const codec::Object>(std::move(obj));
}

// client-go's MetaNamespaceKeyFunc: "namespace/name", or "name" for cluster-scoped objects.
// Errors for objects without ObjectMeta.
StatusOr<std::string> MetaNamespaceKey(const codec::Object& obj);

// client-go's SplitMetaNamespaceKey: "a/b" -> ("a","b"), "b" -> ("","b"); anything with more
// slashes is an error.
Status SplitMetaNamespaceKey(std::string_view key, std::string* namespace_, std::string* name);

// The resourceVersion of an object ("" without ObjectMeta).
std::string_view ResourceVersionOf(const codec::Object& obj);

// What OnDelete receives. Normally `object` is the object's final state as the watch reported
// it. When the informer missed the delete (a relist no longer contained the object; client-go's
// DeletedFinalStateUnknown), final_state_unknown is true and `object` is the last state the
// cache held (it may be stale).
struct DeletedObject {
  ObjectPtr object;
  std::string key;
  bool final_state_unknown = false;
};

}  // namespace kubecxx::client::cache
