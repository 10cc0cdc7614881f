// ReflectorStore: where a Reflector puts what it lists and watches (client-go's
// cache.ReflectorStore plus ReflectorBookmarkStore). The informer's queue (fifo.h)
// implements it; so does the reflector's own temporary store for WatchList.
//
// Thread-safety: called from the reflector's threads (its run thread, and its resync thread
// for Resync); implementations that are also read elsewhere guard themselves.
#pragma once

#include <string>
#include <vector>

#include "lib/base/status.h"
#include "lib/client/cache/object.h"

namespace kubecxx::client::cache {

class ReflectorStore {
 public:
  virtual ~ReflectorStore() = default;
  // Watch events. An error (an object without a key) is logged by the reflector, which
  // carries on with the next event, as upstream does.
  virtual Status Add(ObjectPtr obj) = 0;
  virtual Status Update(ObjectPtr obj) = 0;
  virtual Status Delete(ObjectPtr obj) = 0;
  // A complete, consistent listing at resource_version (after LIST or WatchList).
  virtual Status Replace(std::vector<ObjectPtr> objects, std::string resource_version) = 0;
  // The periodic resync tick.
  virtual Status Resync() = 0;
  // A BOOKMARK: the store has seen everything up to resource_version.
  virtual void Bookmark(std::string resource_version) { (void)resource_version; }
};

}  // namespace kubecxx::client::cache
