// CachedObject and CacheEvent: the immutable values the watch cache (watch_cache.h) shares
// between its store, its event ring, LIST answers and every watcher, with their wire
// encodings made once, on first use, and shared as bytes (upstream's cachingObject does the
// same for watch events; we also keep the list form):
//  * JSON: the object with apiVersion/kind (a watch event's object); the typed-list item is
//    the same bytes without those two fields, cut out instead of re-encoded;
//  * protobuf: the object's "k8s\0" envelope (a watch event's object); the list item is the
//    envelope's raw message, a view into the same bytes.
// A CacheEvent also keeps its encoded watch frames per (type, format), so N watchers of one
// event cost one encoding and N pointer copies.
// Thread-safety: immutable after construction except the lazily made encodings, which are
// guarded by once-flags/mutexes; safe for concurrent use.
#pragma once

#include <array>
#include <chrono>
#include <map>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "kubecxx/api/meta/v1/types.h"
#include "lib/apiserver/field_selectors.h"
#include "lib/apiserver/list_encoding.h"
#include "lib/codec/registry.h"
#include "lib/model/wire.h"

namespace kubecxx::apiserver {

using SharedBytes = std::shared_ptr<const std::string>;

// "ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR".
enum class WatchEventType { kAdded = 0, kModified = 1, kDeleted = 2, kBookmark = 3, kError = 4 };
std::string_view WatchEventTypeName(WatchEventType t);

// A JSON watch line or a length-prefixed protobuf frame around an object already encoded
// (JSON with apiVersion/kind, or the protobuf envelope). Same bytes as EncodeWatchEvent.
std::string WatchFrame(WatchEventType type, std::string_view encoded_object,
                       codec::WireFormat format);

class CachedObject {
 public:
  // REQUIRES: object has metadata (resourceVersion set) and apiVersion/kind.
  CachedObject(std::string key, codec::Object object, int64_t resource_version, bool namespaced);
  CachedObject(const CachedObject&) = delete;
  CachedObject& operator=(const CachedObject&) = delete;

  const std::string& key() const { return key_; }
  const codec::Object& object() const { return object_; }
  int64_t resource_version() const { return resource_version_; }
  const std::map<std::string, std::string>& labels() const { return object_.meta()->labels; }
  const FieldSet& fields() const { return fields_; }

  // The object as a watch event carries it (JSON with apiVersion/kind; protobuf envelope).
  // REQUIRES: format is kJson or kProtobuf.
  std::string_view Encoded(codec::WireFormat format) const;
  // The object as a typed list item: the raw protobuf message (a view into the envelope).
  std::string_view ProtoListItem() const;
  // Appends the object as a JSON typed-list item (without apiVersion/kind).
  void AppendJsonListItem(std::string* out) const;
  // The "ADDED" frame of this object (initial events of a watch), shared.
  SharedBytes AddedFrame(codec::WireFormat format) const;

 private:
  std::string key_;
  codec::Object object_;
  int64_t resource_version_;
  FieldSet fields_;
  mutable std::once_flag json_once_, proto_once_, added_json_once_, added_proto_once_;
  mutable std::string json_, proto_;
  mutable size_t json_item_skip_ = 0;  // bytes after '{' cut from json_ for the list item
  mutable std::string_view proto_item_;
  mutable SharedBytes added_json_, added_proto_;
};

struct CacheEvent {
  WatchEventType type = WatchEventType::kAdded;  // kAdded, kModified or kDeleted
  int64_t resource_version = 0;
  // kAdded/kModified: the new state (also in the store); kDeleted: the deleted object at the
  // deletion's resourceVersion.
  std::shared_ptr<const CachedObject> object;
  // The state before the event (null for kAdded).
  std::shared_ptr<const CachedObject> prev;
  std::chrono::steady_clock::time_point record_time{};

  // The frame a watcher sends for this event as `as` (kAdded/kModified: object; kDeleted:
  // the previous state at this event's resourceVersion, as upstream sends an update that
  // leaves a watcher's selector). Made once per (type, format), then shared.
  SharedBytes Frame(WatchEventType as, codec::WireFormat format) const;

 private:
  mutable std::mutex mu_;
  mutable std::array<SharedBytes, 6> frames_{};  // [type 0..2][format json, proto]
};

// A list body of `items` in `format` (JSON, YAML or protobuf) from their shared encodings:
// the same bytes EncodeList writes. `kind` is the item kind.
StatusOr<std::string> EncodeCachedList(
    const codec::KindInfo* kind, const std::vector<std::shared_ptr<const CachedObject>>& items,
    const ListMetaValues& meta, codec::WireFormat format);

}  // namespace kubecxx::apiserver
