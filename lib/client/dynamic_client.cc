#include "lib/client/dynamic_client.h"

#include <utility>

#include "kubecxx/api/meta/v1/types.h"
#include "lib/client/unstructured.h"
#include "lib/codec/json_reader.h"

namespace kubecxx::client {
namespace {

uint32_t VerbBits(const std::vector<std::string>& verbs) {
  static constexpr std::pair<std::string_view, codec::ResourceVerb> kNames[] = {
      {"get", codec::kVerbGet},
      {"list", codec::kVerbList},
      {"watch", codec::kVerbWatch},
      {"create", codec::kVerbCreate},
      {"update", codec::kVerbUpdate},
      {"patch", codec::kVerbPatch},
      {"delete", codec::kVerbDelete},
      {"deletecollection", codec::kVerbDeleteCollection},
  };
  uint32_t bits = 0;
  for (const std::string& v : verbs) {
    for (const auto& [name, bit] : kNames) {
      if (v == name) bits |= bit;
    }
  }
  return bits;
}

ApiError NotFoundInDiscovery(std::string_view group, std::string_view version,
                             std::string_view resource) {
  api::meta::v1::Status s;
  s.status = "Failure";
  s.code = 404;
  s.reason = "NotFound";
  std::string gv = group.empty() ? std::string(version)
                                 : std::string(group) + "/" + std::string(version);
  s.message = "the server could not find the requested resource \"" + std::string(resource) +
              "\" in " + gv;
  return ApiError(std::move(s));
}

}  // namespace

codec::ResourceInfo DynamicResource::Info() const {
  return codec::ResourceInfo{group,  version, resource,   "",   group,
                             version, kind,   namespaced, verbs};
}

ApiResult<DynamicResource> DiscoverResource(RestClient* rest, std::string_view group,
                                            std::string_view version,
                                            std::string_view resource) {
  if (version.empty() || resource.empty()) {
    return ApiError::Client("discovery needs a version and a resource");
  }
  std::string path = group.empty() ? "/api/" + std::string(version)
                                   : "/apis/" + std::string(group) + "/" + std::string(version);
  ApiResult<std::string> body = rest->GetPath(path);
  if (!body.ok()) return body.error();
  api::meta::v1::APIResourceList list;
  codec::JsonReader r(*body);
  if (!ReadJson(r, list) || !r.ok()) {
    return ApiError::Client("decoding discovery " + path + ": " + r.status().message());
  }
  for (const api::meta::v1::APIResource& e : list.api_resources) {
    if (e.name != resource) continue;  // subresources are "widgets/status"
    DynamicResource out;
    out.group = std::string(group);
    out.version = std::string(version);
    out.resource = e.name;
    out.kind = e.kind;
    out.namespaced = e.namespaced;
    out.verbs = VerbBits(e.verbs);
    return out;
  }
  return NotFoundInDiscovery(group, version, resource);
}

DynamicClient::DynamicClient(RestClient* rest, DynamicResource resource, std::string namespace_)
    : rest_(rest), resource_(std::move(resource)), namespace_(std::move(namespace_)) {}

ApiResult<ResourceRef> DynamicClient::Ref(const std::string& name,
                                          std::string_view subresource) const {
  if (!resource_.namespaced && !namespace_.empty()) {
    return ApiError::Client("resource " + resource_.resource +
                            " is cluster-scoped; the namespace must be empty, not \"" +
                            namespace_ + "\"");
  }
  if (resource_.namespaced && namespace_.empty() && !name.empty()) {
    return ApiError::Client("resource " + resource_.resource +
                            " is namespaced; a namespace is required for \"" + name + "\"");
  }
  return ResourceRef{resource_.group, resource_.version, resource_.resource,
                     namespace_,      name,              subresource};
}

ApiResult<std::string> DynamicClient::Get(const std::string& name, const GetOptions& opts,
                                          std::string_view subresource) const {
  if (name.empty()) return ApiError::Client("resource name may not be empty");
  ApiResult<ResourceRef> ref = Ref(name, subresource);
  if (!ref.ok()) return ref.error();
  return rest_->GetJson(*ref, opts);
}

ApiResult<std::string> DynamicClient::List(const ListOptions& opts) const {
  ApiResult<ResourceRef> ref = Ref("");
  if (!ref.ok()) return ref.error();
  return rest_->ListJson(*ref, opts);
}

ApiResult<std::unique_ptr<WatchStream>> DynamicClient::Watch(const ListOptions& opts) const {
  ApiResult<ResourceRef> ref = Ref("");
  if (!ref.ok()) return ref.error();
  return rest_->WatchJson(*ref, opts);
}

ApiResult<std::string> DynamicClient::Create(std::string_view json,
                                             const WriteOptions& opts) const {
  if (resource_.namespaced && namespace_.empty()) {
    return ApiError::Client("resource " + resource_.resource +
                            " is namespaced; a namespace is required to create");
  }
  ApiResult<ResourceRef> ref = Ref("");
  if (!ref.ok()) return ref.error();
  return rest_->SendJson("POST", *ref, kJsonContentType, json, opts);
}

ApiResult<std::string> DynamicClient::Put(std::string_view json, std::string_view subresource,
                                          const WriteOptions& opts) const {
  StatusOr<UnstructuredHeader> header = ParseUnstructuredHeader(json);
  if (!header.ok()) return ApiError::Client(header.status().message());
  if (header->metadata.name.empty()) return ApiError::Client("name is required");
  ApiResult<ResourceRef> ref = Ref(header->metadata.name, subresource);
  if (!ref.ok()) return ref.error();
  return rest_->SendJson("PUT", *ref, kJsonContentType, json, opts);
}

ApiResult<std::string> DynamicClient::Update(std::string_view json,
                                             const WriteOptions& opts) const {
  return Put(json, "", opts);
}

ApiResult<std::string> DynamicClient::UpdateStatus(std::string_view json,
                                                   const WriteOptions& opts) const {
  return Put(json, "status", opts);
}

ApiResult<std::string> DynamicClient::Patch(const std::string& name, PatchType type,
                                            std::string_view body, const WriteOptions& opts,
                                            std::string_view subresource) const {
  if (name.empty()) return ApiError::Client("resource name may not be empty");
  ApiResult<ResourceRef> ref = Ref(name, subresource);
  if (!ref.ok()) return ref.error();
  return rest_->SendJson("PATCH", *ref, PatchContentType(type), body, opts);
}

ApiResult<Empty> DynamicClient::Delete(const std::string& name,
                                       const DeleteOptions& opts) const {
  if (name.empty()) return ApiError::Client("resource name may not be empty");
  ApiResult<ResourceRef> ref = Ref(name);
  if (!ref.ok()) return ref.error();
  ApiResult<std::string> body = rest_->DeleteJson(*ref, opts);
  if (!body.ok()) return body.error();
  return Empty{};
}

ApiResult<Empty> DynamicClient::DeleteCollection(const DeleteOptions& opts,
                                                 const ListOptions& list_opts) const {
  ApiResult<ResourceRef> ref = Ref("");
  if (!ref.ok()) return ref.error();
  RawRequest r;
  r.verb = "DELETE";
  r.ref = *ref;
  r.query = ToQuery(list_opts, /*watch=*/false);
  r.body = EncodeDeleteOptions(opts, "", "v1", /*protobuf=*/false);
  r.content_type = std::string(kJsonContentType);
  r.accept = std::string(kJsonContentType);
  ApiResult<RawResponse> resp = rest_->Do(r);
  if (!resp.ok()) return resp.error();
  return Empty{};
}

}  // namespace kubecxx::client
