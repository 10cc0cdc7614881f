// The REST layer of the client library — client-go's rest.RESTClient, typed clientsets and
// dynamic client in one place:
//
//   RestClient     : one apiserver; builds URLs for any group/version/resource, sends verbs,
//                    negotiates protobuf or JSON, turns error responses into ApiError.
//   TypedClient<T> : CRUD + watch for one generated kind (codec::KindTraits<T>) in one
//                    namespace ("" for cluster-scoped kinds or all namespaces).
//   *Json verbs    : the same verbs for any GVR as raw JSON (CRs, kinds we do not model).
//   WatchStream    : one open watch; Next() blocks for the next event.
//
// Content types, as stock components send them: with RestConfig::content_type empty or
// "application/vnd.kubernetes.protobuf" (the default here, as for kube-scheduler and
// kube-controller-manager), bodies go as protobuf ("k8s\0" envelope) and requests carry
// "Accept: application/vnd.kubernetes.protobuf, */*"; with "application/json" they carry
// "Accept: application/json, */*". Watches send the same Accept header; the server answers
// "application/vnd.kubernetes.protobuf;stream=watch" (length-prefixed frames) or JSON lines,
// and the stream decoder follows the response's Content-Type. Patches are sent with their
// patch content type; the *Json verbs always speak JSON. DeleteOptions bodies are encoded
// in the client's content type (kind DeleteOptions of the request's group/version).
//
// Errors: see api_error.h. Every non-2xx response is an ApiError.
//
// Thread-safety: RestClient and TypedClient are safe for concurrent use. A WatchStream is
// read by one thread; Close() may be called from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/base/status.h"
#include "lib/client/api_error.h"
#include "lib/client/request_executor.h"
#include "lib/client/request_url.h"
#include "lib/client/rest_config.h"
#include "lib/client/warnings.h"
#include "lib/codec/kind_traits.h"
#include "lib/codec/registry.h"
#include "lib/codec/resources.h"

namespace kubecxx::client {

inline constexpr std::string_view kProtobufContentType = "application/vnd.kubernetes.protobuf";
inline constexpr std::string_view kJsonContentType = "application/json";

enum class PatchType {
  kJson,            // application/json-patch+json
  kMerge,           // application/merge-patch+json
  kStrategicMerge,  // application/strategic-merge-patch+json
  kApply,           // application/apply-patch+yaml (server-side apply)
};
std::string_view PatchContentType(PatchType t);

// One watch event, its object decoded when it is a registered kind (JSON watches of
// unregistered kinds leave `object` empty and keep the bytes in `raw`).
struct WatchEventObject {
  std::string type;  // ADDED, MODIFIED, DELETED, BOOKMARK, ERROR
  codec::Object object;
  std::string raw;   // the object's bytes as sent (JSON, or the "k8s\0" envelope)
};

// The ApiError an ERROR watch event carries (its object is a metav1.Status); REQUIRES:
// event.type == "ERROR".
ApiError WatchEventError(const WatchEventObject& event);

class WatchStream {
 public:
  virtual ~WatchStream() = default;
  // Blocks for the next event; nullopt at the clean end of the stream (server timeout or
  // Close()). An ERROR event is returned as an event (its object is a metav1.Status; see
  // WatchEventError). A broken or undecodable stream is an ApiError.
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

// Where a request goes: group/version/resource[/subresource], namespace, name. The views
// must outlive the call (string literals or the resource table's entries).
struct ResourceRef {
  std::string_view group;
  std::string_view version;
  std::string_view resource;
  std::string namespace_;    // "" : cluster-scoped, or all namespaces for list/watch
  std::string name;          // "" : the collection
  std::string_view subresource;

  static ResourceRef For(const codec::ResourceInfo& info, std::string ns = "",
                         std::string name = "") {
    return ResourceRef{info.group, info.version, info.resource, std::move(ns), std::move(name),
                       info.subresource};
  }
};

// One exchange at the lowest level (rest.Request): the URL from `ref` and `query`, the
// client's Accept header unless `accept` is set.
struct RawRequest {
  std::string verb = "GET";  // GET POST PUT PATCH DELETE
  ResourceRef ref;
  QueryParams query;
  std::string body;
  std::string content_type;  // of body
  std::string accept;        // "" : the client's
  std::string raw_path;      // set: this absolute path ("/version") instead of ref's
};

struct RawResponse {
  int status = 0;
  std::string content_type;
  std::string body;
  std::vector<WarningHeader> warnings;
};

// A meta/v1 DeleteOptions body (kind DeleteOptions of group/version when registered there,
// else "v1"), protobuf envelope or JSON.
std::string EncodeDeleteOptions(const DeleteOptions& opts, std::string_view group,
                                std::string_view version, bool protobuf);

class RestClient {
 public:
  // REQUIRES: config.host is set. The executor is shared (retries, throttling, warnings).
  RestClient(RestConfig config, std::shared_ptr<RequestExecutor> executor);
  static StatusOr<std::unique_ptr<RestClient>> New(const RestConfig& config);

  bool protobuf() const;  // built-in kinds go as protobuf (the default)
  const RestConfig& config() const;

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
  // The server answers the deleted object or a Status; both come back as an Object.
  ApiResult<codec::Object> Delete(const ResourceRef& ref, const DeleteOptions& opts = {});
  ApiResult<Empty> DeleteCollection(const ResourceRef& ref, const DeleteOptions& opts,
                                    const ListOptions& list_opts);

  // Raw JSON verbs for any path (dynamic client, CRs, discovery). Bodies in and out are
  // JSON text; SendJson's verb is POST, PUT or PATCH (content_type: the patch type's).
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

  // The lowest level: one request (throttled, retried), any non-2xx an ApiError.
  ApiResult<RawResponse> Do(const RawRequest& request);
  // Opens a watch (ref's collection, query must hold watch=true).
  ApiResult<std::unique_ptr<WatchStream>> OpenWatch(const RawRequest& request);

  // Type-erased codec steps TypedClient is built on. EncodeBody writes `obj` (of `kind`) in
  // the client's content type with the envelope's or JSON's apiVersion/kind set from `kind`.
  std::string EncodeBody(const codec::KindInfo& kind, const void* obj) const;
  std::string_view BodyContentType() const;
  // Decodes a 2xx body of `kind` into *out (a T of that kind); a Status body that is not
  // "Success" is returned as its ApiError, a body of another kind is an error.
  std::optional<ApiError> DecodeBody(const RawResponse& response, const codec::KindInfo& kind,
                                     void* out) const;
  // A meta/v1 DeleteOptions body for `ref`'s group/version in the client's content type.
  std::string DeleteOptionsBody(const ResourceRef& ref, const DeleteOptions& opts) const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// Typed verbs for one generated kind. The resource comes from the generated resource table
// (codec::FindResourceForKind). Cluster-scoped kinds ignore the namespace.
template <codec::ListableKind T>
class TypedClient {
 public:
  using List = typename codec::KindTraits<T>::List;
  // REQUIRES: `rest` outlives the client; T is served by a resource in the table.
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

  const codec::ResourceInfo* resource() const { return resource_; }

 private:
  ResourceRef Ref(std::string name, std::string_view subresource = "") const;
  ApiResult<T> Send(std::string verb, ResourceRef ref, QueryParams query, std::string body,
                    std::string content_type);

  RestClient* rest_;
  std::string namespace_;
  const codec::ResourceInfo* resource_;
  const codec::KindInfo* kind_;
  const codec::KindInfo* list_kind_;
};

}  // namespace kubecxx::client

#include "lib/client/typed_client_inl.h"  // IWYU pragma: export
