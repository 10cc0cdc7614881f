// ListerWatcher: the seam between the reflector and the API (client-go's cache.ListerWatcher).
// One implementation talks to a RestClient (rest_lister_watcher.h); tests use a scripted fake
// (testing/fake_lister_watcher.h).
//
// The reflector fills every option itself (resourceVersion, limit, continue, timeoutSeconds,
// allowWatchBookmarks, sendInitialEvents, resourceVersionMatch); an implementation adds what
// it owns (label/field selectors, the resource, the Accept header) and sends the request.
//
// Thread-safety: List and Watch are called from the reflector's thread only; a WatchStream's
// Close() may be called from any thread.
#pragma once

#include <memory>

#include "lib/client/rest_client.h"

namespace kubecxx::client::cache {

class ListerWatcher {
 public:
  virtual ~ListerWatcher() = default;

  // One LIST page. Items are decoded objects of the watched kind.
  virtual ApiResult<ObjectList> List(const ListOptions& opts) = 0;
  // Opens a WATCH.
  virtual ApiResult<std::unique_ptr<WatchStream>> Watch(const ListOptions& opts) = 0;

  // False when this client cannot stream lists (client-go's IsWatchListSemanticsUnSupported);
  // the reflector then never tries WatchList.
  virtual bool SupportsWatchList() const { return true; }
};

}  // namespace kubecxx::client::cache
