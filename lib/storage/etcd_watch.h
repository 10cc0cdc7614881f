// The storage watch over an etcd watch stream, as upstream's etcd3 watcher: from revision 0
// it first lists the prefix (ADDED events at one consistent revision) and watches from the
// list's revision + 1; from revision N it watches from N + 1. etcd PUTs become ADDED (key
// created) or MODIFIED, DELETEs become DELETED with the previous object at the deletion's
// revision; with a predicate, updates that cross it become ADDED or DELETED. Progress
// notifications become BOOKMARKs. A compacted start revision ends the stream with one
// kError event (410 "The resourceVersion for the provided watch is too old.").
// Threading: events are decoded on the consumer's thread inside Next().
#pragma once

#include <memory>
#include <string>

#include "lib/etcd/client.h"
#include "lib/storage/interface.h"

namespace kubecxx::storage {

class EtcdStore;

// REQUIRES: store and client outlive the stream. `etcd_key` is absolute (a prefix ending in
// '/' when options.recursive).
StatusOr<std::unique_ptr<WatchStream>> StartEtcdWatch(const EtcdStore* store, etcd::Client* client,
                                                      std::string etcd_key, int64_t revision,
                                                      const WatchOptions& options);

}  // namespace kubecxx::storage
