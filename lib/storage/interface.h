// storage::Interface: the apiserver's storage seam, one instance per resource (like
// k8s.io/apiserver's storage.Interface). EtcdStore implements it over etcd exactly as stock
// kube-apiserver stores objects; a watch cache or a second backend can sit behind the same
// interface later.
//
// Keys are relative to the storage prefix and start with the resource prefix, as upstream's
// registry builds them: "/pods/default/web-0", "/namespaces/kube-system"; lists and watches
// take the prefix ("/pods/default" or "/pods"). "." and ".." path elements are rejected.
//
// Objects are codec::Object values of the resource's storage kind; a read returns them
// with metadata.resourceVersion set to the etcd mod revision (it is never stored).
//
// Errors (Status codes), with upstream's meaning:
//   kNotFound        the key does not exist (StorageError KeyNotFound)
//   kAlreadyExists   Create on an existing key (KeyExists)
//   kConflict        a uid/resourceVersion precondition failed; the message is upstream's
//                    StorageError text ("StorageError: invalid object, Code: 4, Key: ...,
//                    AdditionalErrorMsg: Precondition failed: ..."), which the REST layer
//                    wraps in its 409 Conflict
//   kInvalidArgument bad key, resourceVersion or continue token (400 BadRequest)
//   kOutOfRange      the requested revision was compacted (410 Expired); the message is
//                    upstream's ("The resourceVersion for the provided list is too old.")
//   kUnavailable     etcd unreachable, or a resourceVersion newer than etcd's revision
//                    (IsTooLargeResourceVersion: upstream's 504 "Too large resource version")
//   kInternal        stored data that does not decode
//
// Thread-safety: implementations are safe for concurrent use; a WatchStream is used by one
// consumer thread at a time (Stop() from any thread).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/base/status.h"
#include "lib/codec/registry.h"

namespace kubecxx::storage {

// "Too large resource version: <requested>, current: <current>" (upstream's text).
Status TooLargeResourceVersion(uint64_t requested, uint64_t current);
bool IsTooLargeResourceVersion(const Status& s);
// A resourceVersion string as a revision ("" = 0); kInvalidArgument when not a uint64.
StatusOr<uint64_t> ParseResourceVersion(std::string_view rv);

struct Preconditions {
  std::optional<std::string> uid{};
  std::optional<std::string> resource_version{};
};

enum class ResourceVersionMatch { kUnset, kNotOlderThan, kExact };

struct GetOptions {
  // "" = latest; else the read must observe at least this revision.
  std::string resource_version{};
  bool ignore_not_found = false;  // an absent key gives an object with no kind (info()==null)
};

// Filters list items and watch events (label/field selectors live above storage).
using Predicate = std::function<bool(const codec::Object&)>;

struct ListOptions {
  std::string resource_version{};
  ResourceVersionMatch match = ResourceVersionMatch::kUnset;
  int64_t limit = 0;           // 0 = everything
  std::string continue_token{};  // from a previous page
  bool recursive = true;       // false: the key names one object
  Predicate predicate{};         // empty = everything
};

struct ListResult {
  std::vector<codec::Object> items;
  int64_t resource_version = 0;  // the revision the list was read at
  std::string continue_token{};    // non-empty when more items remain
  std::optional<int64_t> remaining_item_count;  // only without a predicate
  // After kOutOfRange on a continued list: the token to continue at the latest revision
  // (upstream's "inconsistent continue", rv -1); empty otherwise.
  std::string inconsistent_continue{};
};

struct WatchOptions {
  // "" or "0": start with the current state (ADDED events), then changes after it;
  // "N": every change after revision N.
  std::string resource_version{};
  bool recursive = true;
  bool progress_notify = false;  // BOOKMARK events from etcd's progress notifications
  Predicate predicate{};
};

struct WatchEvent {
  enum class Type { kAdded, kModified, kDeleted, kBookmark, kError };
  Type type = Type::kAdded;
  // kAdded/kModified: the new object; kDeleted: the last state, with the resourceVersion
  // of the deletion; kBookmark: an empty object of the storage kind carrying only the
  // resourceVersion.
  codec::Object object{};
  int64_t resource_version = 0;
  Status error{};  // kError: kOutOfRange "The resourceVersion for the provided watch is too old."
};

class WatchStream {
 public:
  virtual ~WatchStream() = default;
  // The next event within `timeout` (nullopt if none). After a kError event, or once the
  // stream is stopped or broken, returns a non-OK Status.
  virtual StatusOr<std::optional<WatchEvent>> Next(std::chrono::milliseconds timeout) = 0;
  virtual void Stop() = 0;
  // Asks the backend for a progress BOOKMARK (every event up to its current revision has
  // been delivered); the watch cache uses it for consistent reads. Any thread.
  virtual Status RequestProgress() {
    return Status(StatusCode::kUnavailable, "progress requests are not supported");
  }
};

struct UpdateResult {
  codec::Object object{};
  std::optional<uint64_t> ttl_seconds;  // attach the write to a lease of this TTL
};
// Given the current object (with its resourceVersion), returns the object to store, or an
// error that aborts the update and is returned as is. Called again after each conflict.
using UpdateFunc = std::function<StatusOr<UpdateResult>(codec::Object current)>;

class Interface {
 public:
  virtual ~Interface() = default;

  virtual StatusOr<codec::Object> Get(std::string_view key, const GetOptions& options) = 0;
  // Fills *out. On kOutOfRange for a continued list, out->inconsistent_continue holds the
  // token upstream returns in that 410's metadata.continue.
  virtual Status GetList(std::string_view key, const ListOptions& options, ListResult* out) = 0;
  // REQUIRES: obj has no resourceVersion (kInvalidArgument otherwise).
  // ttl_seconds > 0 attaches the key to a shared lease (events).
  virtual StatusOr<codec::Object> Create(std::string_view key, codec::Object obj,
                                         uint64_t ttl_seconds = 0) = 0;
  // Returns the deleted object (resourceVersion = the deletion revision).
  virtual StatusOr<codec::Object> Delete(std::string_view key,
                                         const Preconditions& preconditions = {}) = 0;
  // Read-modify-write with optimistic concurrency (Txn on mod_revision), retried on
  // conflict until `update` succeeds against the current object or fails.
  virtual StatusOr<codec::Object> GuaranteedUpdate(std::string_view key, bool ignore_not_found,
                                                   const Preconditions& preconditions,
                                                   const UpdateFunc& update) = 0;
  virtual StatusOr<std::unique_ptr<WatchStream>> Watch(std::string_view key,
                                                       const WatchOptions& options) = 0;
  // etcd's current revision (a linearizable read).
  virtual StatusOr<int64_t> CurrentRevision() = 0;
};

}  // namespace kubecxx::storage
