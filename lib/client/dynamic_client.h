// DynamicClient: every verb for any group/version/resource as JSON text, custom resources
// included (client-go's dynamic.Interface.Resource(gvr).Namespace(ns)). A thin layer over
// RestClient's JSON verbs: URLs, retries, throttling and ApiError decoding are RestClient's.
//
// Bodies in and out are JSON text, never decoded here (see unstructured.h to read them);
// requests always carry "Accept: application/json" and JSON bodies, whatever the
// RestClient's content type, because custom resources are not served as protobuf.
// DeleteOptions bodies are JSON meta/v1 ("apiVersion":"v1"), as the dynamic client's.
//
// Scope: a DynamicResource says whether the resource is namespaced; DiscoverResource reads
// it (and the kind and verbs) from the server's discovery document when the caller does not
// know it. For a namespaced resource the client's namespace "" means all namespaces for
// List, Watch and DeleteCollection, and is an error for single-object verbs; for a
// cluster-scoped resource the namespace must be "".
//
// Thread-safety: a DynamicClient is immutable after construction and safe for concurrent
// use; the RestClient must outlive it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "lib/client/rest_client.h"
#include "lib/codec/resources.h"

namespace kubecxx::client {

// A resource as the dynamic client addresses it (owned strings, unlike codec::ResourceInfo).
struct DynamicResource {
  std::string group;     // "" for the core group
  std::string version;
  std::string resource;  // plural, e.g. "widgets"
  std::string kind;      // "" when not known
  bool namespaced = true;
  uint32_t verbs = ~0u;  // codec::ResourceVerb bits; all unless discovered

  // A codec::ResourceInfo whose views point into *this (for ListWatchTarget and the
  // informer factory). REQUIRES: *this outlives every use of the result.
  codec::ResourceInfo Info() const;
};

// Reads GET /apis/<group>/<version> (/api/<version> for the core group) and returns the
// entry for `resource` (its kind, scope and verbs). A group/version the server does not
// serve is the server's NotFound; a resource missing from the document is a NotFound
// ApiError made here (code 404, message `the server could not find the requested resource
// "<resource>" in <group>/<version>`).
ApiResult<DynamicResource> DiscoverResource(RestClient* rest, std::string_view group,
                                            std::string_view version, std::string_view resource);

class DynamicClient {
 public:
  // REQUIRES: rest outlives the client.
  DynamicClient(RestClient* rest, DynamicResource resource, std::string namespace_ = "");

  const DynamicResource& resource() const { return resource_; }
  const std::string& namespace_name() const { return namespace_; }

  // GET of one object, or of its subresource ("status", "scale").
  ApiResult<std::string> Get(const std::string& name, const GetOptions& opts = {},
                             std::string_view subresource = "") const;
  // The list as the server sent it (ParseUnstructuredList reads it).
  ApiResult<std::string> List(const ListOptions& opts = {}) const;
  // A JSON watch; events of kinds the codec does not know keep their object in `raw` only.
  ApiResult<std::unique_ptr<WatchStream>> Watch(const ListOptions& opts) const;
  // POST to the collection.
  ApiResult<std::string> Create(std::string_view json, const WriteOptions& opts = {}) const;
  // PUT of the object named by the body's metadata.name (an error when it has none).
  ApiResult<std::string> Update(std::string_view json, const WriteOptions& opts = {}) const;
  // PUT to the object's status subresource.
  ApiResult<std::string> UpdateStatus(std::string_view json, const WriteOptions& opts = {}) const;
  // PATCH in any of the four patch types; custom resources refuse strategic merge patches
  // with the server's 415 UnsupportedMediaType. Apply patches need opts.field_manager.
  ApiResult<std::string> Patch(const std::string& name, PatchType type, std::string_view body,
                               const WriteOptions& opts = {},
                               std::string_view subresource = "") const;
  ApiResult<Empty> Delete(const std::string& name, const DeleteOptions& opts = {}) const;
  ApiResult<Empty> DeleteCollection(const DeleteOptions& opts,
                                    const ListOptions& list_opts) const;

 private:
  // The ref for a collection (name "") or one object; an error for a namespace the scope
  // does not allow.
  ApiResult<ResourceRef> Ref(const std::string& name, std::string_view subresource = "") const;
  ApiResult<std::string> Put(std::string_view json, std::string_view subresource,
                             const WriteOptions& opts) const;

  RestClient* rest_;
  DynamicResource resource_;
  std::string namespace_;
};

}  // namespace kubecxx::client
