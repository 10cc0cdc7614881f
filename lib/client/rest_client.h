// The REST layer of the client library — client-go's rest.RESTClient, typed clientsets and
// dynamic client in one place:
//
//   RestClient     : one apiserver; builds URLs for any group/version/resource, sends verbs,
//                    negotiates protobuf or JSON, turns error responses into ApiError.
//   TypedClient<T> : CRUD + watch for one generated kind (codec::KindTraits<T>) in one
//                    namespace ("" for cluster-scoped kinds or all namespaces).
//   DynamicClient  : the same verbs for any GVR as raw JSON (CRs, kinds we do not model).
//   WatchStream    : one open watch; Next() blocks for the next event.
//
// Content types: built-in kinds are sent and read as application/vnd.kubernetes.protobuf by
// default, as stock components do (RestConfig::content_type "application/json" selects
// JSON); the dynamic client always speaks JSON. Watches use the matching stream framing.
//
// Errors: every non-2xx response is an ApiError carrying the server's metav1.Status (decoded
// from either content type), or one made up the way client-go's
// errors.NewGenericServerResponse does when the body is not a Status; transport failures are
// ApiErrors with code 0 and reason "" whose message is the transport's.
//
// Thread-safety: RestClient, TypedClient and DynamicClient are safe for concurrent use. A
// WatchStream is read by one thread; Close() may be called from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "lib/base/status.h"
#include "lib/client/request_executor.h"
#include "lib/client/rest_config.h"
#include "lib/client/warnings.h"
#include "lib/codec/kind_traits.h"
#include "lib/codec/registry.h"
#include "lib/codec/resources.h"

namespace kubecxx::api::meta::v1 {
struct Status;
}  // namespace kubecxx::api::meta::v1

namespace kubecxx::client {

// A failed API call (client-go's *errors.StatusError).
class ApiError {
 public:
  ApiError();  // code 0, reason "", empty message
  explicit ApiError(const api::meta::v1::Status& status);
  static ApiError Transport(const kubecxx::Status& cause);
  ApiError(const ApiError&);
  ApiError& operator=(const ApiError&);
  ApiError(ApiError&&) noexcept;
  ApiError& operator=(ApiError&&) noexcept;
  ~ApiError();

  int code() const;                  // HTTP status; 0 for transport errors
  const std::string& reason() const; // metav1.StatusReason: "NotFound", "Conflict", ...
  const std::string& message() const;
  const api::meta::v1::Status& status() const;  // details.causes, retryAfterSeconds ...
  kubecxx::Status ToStatus() const;  // for callers that only pass errors on

 private:
  std::unique_ptr<api::meta::v1::Status> status_;
};

// The predicates of k8s.io/apimachinery/pkg/api/errors (reason first, then code, as upstream).
bool IsNotFound(const ApiError& e);
bool IsAlreadyExists(const ApiError& e);
bool IsConflict(const ApiError& e);
bool IsInvalid(const ApiError& e);
bool IsGone(const ApiError& e);  // 410, reason Gone
bool IsResourceExpired(const ApiError& e);  // reason Expired ("too old resource version")
bool IsForbidden(const ApiError& e);
bool IsUnauthorized(const ApiError& e);
bool IsTooManyRequests(const ApiError& e);
bool IsTimeout(const ApiError& e);  // reason Timeout or ServerTimeout, or code 504

// A value or an ApiError.
template <typename T>
class [[nodiscard]] ApiResult {
 public:
  ApiResult(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  ApiResult(ApiError error) : v_(std::move(error)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const ApiError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, ApiError> v_;
};

struct Empty {};

// Query parameters, with upstream's names in the comments.
struct GetOptions {
  std::string resource_version;  // resourceVersion
};

struct ListOptions {
  std::string label_selector;          // labelSelector
  std::string field_selector;          // fieldSelector
  std::string resource_version;        // resourceVersion
  std::string resource_version_match;  // resourceVersionMatch: NotOlderThan | Exact
  int64_t limit = 0;                   // limit (0: none)
  std::string continue_token;          // continue
  std::optional<int64_t> timeout_seconds;  // timeoutSeconds (watch)
  bool allow_watch_bookmarks = false;  // allowWatchBookmarks (watch)
  std::optional<bool> send_initial_events;  // sendInitialEvents (watch; WatchList)
};

struct WriteOptions {                  // Create/Update/Patch
  bool dry_run = false;                // dryRun=All
  std::string field_manager;           // fieldManager
  std::string field_validation;        // fieldValidation: Strict | Warn | Ignore
  std::optional<bool> force;           // force (apply patches only)
};

struct DeleteOptions {
  std::optional<int64_t> grace_period_seconds;
  std::string precondition_uid;
  std::string precondition_resource_version;
  std::string propagation_policy;  // Orphan | Background | Foreground
  bool dry_run = false;
};

enum class PatchType {
  kJson,            // application/json-patch+json
  kMerge,           // application/merge-patch+json
  kStrategicMerge,  // application/strategic-merge-patch+json
  kApply,           // application/apply-patch+yaml (server-side apply)
};
std::string_view PatchContentType(PatchType t);

// One watch event, its object decoded when it is a registered kind (DynamicClient watches
// and unregistered kinds leave `object` empty and keep the bytes in `raw`).
struct WatchEventObject {
  std::string type;  // ADDED, MODIFIED, DELETED, BOOKMARK, ERROR
  codec::Object object;
  std::string raw;   // the object's bytes as sent (JSON, or the "k8s\0" envelope)
};

class WatchStream {
 public:
  virtual ~WatchStream() = default;
  // Blocks for the next event; nullopt at the clean end of the stream (server timeout or
  // Close()). An ERROR event is returned as an event (its object is a metav1.Status).
  virtual ApiResult<std::optional<WatchEventObject>> Next() = 0;
  // Thread-safe, idempotent; a blocked Next() returns promptly.
  virtual void Close() = 0;
};

// A list as returned by the server: its ListMeta and the items, each a codec::Object of
// the item kind (typed lists decode into KindTraits<T>::List instead).
struct ObjectList {
  std::string resource_version;
  std::string continue_token;
  std::optional<int64_t> remaining_item_count;
  std::vector<codec::Object> items;
};

// Where a request goes: group/version/resource[/subresource], namespace, name.
struct ResourceRef {
  std::string_view group;
  std::string_view version;
  std::string_view resource;
  std::string namespace_;    // "" : cluster-scoped, or all namespaces for list/watch
  std::string name;          // "" : the collection
  std::string_view subresource;
};

class RestClient {
 public:
  // REQUIRES: config.host is set. The executor is shared (retries, throttling, warnings).
  RestClient(RestConfig config, std::shared_ptr<RequestExecutor> executor);
  static StatusOr<std::unique_ptr<RestClient>> New(const RestConfig& config);

  bool protobuf() const;  // built-in kinds go as protobuf (the default)

  // Untyped verbs on codec::Object (any registered kind; list items decoded too).
  ApiResult<codec::Object> Get(const ResourceRef& ref, const GetOptions& opts = {});
  ApiResult<ObjectList> List(const ResourceRef& ref, const ListOptions& opts = {});
  ApiResult<std::unique_ptr<WatchStream>> Watch(const ResourceRef& ref, const ListOptions& opts);
  ApiResult<codec::Object> Create(const ResourceRef& ref, const codec::Object& obj,
                                  const WriteOptions& opts = {});
  ApiResult<codec::Object> Update(const ResourceRef& ref, const codec::Object& obj,
                                  const WriteOptions& opts = {});
  ApiResult<codec::Object> Patch(const ResourceRef& ref, PatchType type, std::string_view body,
                                 const WriteOptions& opts = {});
  // The server answers a deleted object or a Status; both come back as an Object.
  ApiResult<codec::Object> Delete(const ResourceRef& ref, const DeleteOptions& opts = {});
  ApiResult<Empty> DeleteCollection(const ResourceRef& ref, const DeleteOptions& opts,
                                    const ListOptions& list_opts);

  // Raw JSON verbs for any path (dynamic client, CRs, discovery).
  ApiResult<std::string> GetJson(const ResourceRef& ref, const GetOptions& opts = {});
  ApiResult<std::string> ListJson(const ResourceRef& ref, const ListOptions& opts = {});
  ApiResult<std::string> SendJson(std::string_view verb, const ResourceRef& ref,
                                  std::string_view content_type, std::string_view body,
                                  const WriteOptions& opts = {});
  ApiResult<std::string> DeleteJson(const ResourceRef& ref, const DeleteOptions& opts = {});
  ApiResult<std::unique_ptr<WatchStream>> WatchJson(const ResourceRef& ref,
                                                    const ListOptions& opts);
  // GET of an absolute path ("/version", "/apis"), JSON.
  ApiResult<std::string> GetPath(std::string_view path);

  const RestConfig& config() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// Typed verbs for one generated kind. The resource comes from the generated resource table
// (codec::FindResourceForKind).
template <codec::ListableKind T>
class TypedClient {
 public:
  using List = typename codec::KindTraits<T>::List;
  TypedClient(RestClient* rest, std::string namespace_);

  ApiResult<T> Get(const std::string& name, const GetOptions& opts = {});
  ApiResult<List> ListObjects(const ListOptions& opts = {});
  ApiResult<std::unique_ptr<WatchStream>> Watch(const ListOptions& opts);
  ApiResult<T> Create(const T& obj, const WriteOptions& opts = {});
  ApiResult<T> Update(const T& obj, const WriteOptions& opts = {});
  ApiResult<T> UpdateStatus(const T& obj, const WriteOptions& opts = {});
  ApiResult<T> Patch(const std::string& name, PatchType type, std::string_view body,
                     const WriteOptions& opts = {}, std::string_view subresource = "");
  ApiResult<Empty> Delete(const std::string& name, const DeleteOptions& opts = {});
  ApiResult<Empty> DeleteCollection(const DeleteOptions& opts, const ListOptions& list_opts);
};

}  // namespace kubecxx::client
