// TypedClient<T>'s member definitions; included by rest_client.h only.
#pragma once

#include <cstdlib>
#include <iostream>

namespace kubecxx::client {

namespace typed_internal {
// The registry entries for T and its list, and the resource serving T. A kind without a
// resource is a programming error (T is not served by the pinned API).
template <typename T>
const codec::KindInfo* KindOf() {
  using Traits = codec::KindTraits<T>;
  const codec::KindInfo* k = codec::FindKind(Traits::kGroup, Traits::kVersion, Traits::kKind);
  if (k == nullptr) {
    std::cerr << "TypedClient: kind " << Traits::kKind << " is not registered\n";
    std::abort();
  }
  return k;
}
}  // namespace typed_internal

template <codec::ListableKind T>
TypedClient<T>::TypedClient(RestClient* rest, std::string namespace_)
    : rest_(rest), namespace_(std::move(namespace_)) {
  using Traits = codec::KindTraits<T>;
  resource_ = codec::FindResourceForKind(Traits::kGroup, Traits::kVersion, Traits::kKind);
  if (resource_ == nullptr) {
    std::cerr << "TypedClient: no resource serves kind " << Traits::kKind << "\n";
    std::abort();
  }
  if (!resource_->namespaced) this->namespace_.clear();
  kind_ = typed_internal::KindOf<T>();
  list_kind_ = typed_internal::KindOf<List>();
}

template <codec::ListableKind T>
ResourceRef TypedClient<T>::Ref(std::string name, std::string_view subresource) const {
  ResourceRef ref = ResourceRef::For(*resource_, namespace_, std::move(name));
  ref.subresource = subresource;
  return ref;
}

template <codec::ListableKind T>
ApiResult<T> TypedClient<T>::Send(std::string verb, ResourceRef ref, QueryParams query,
                                  std::string body, std::string content_type) {
  RawRequest req;
  req.verb = std::move(verb);
  req.ref = std::move(ref);
  req.query = std::move(query);
  req.body = std::move(body);
  req.content_type = std::move(content_type);
  ApiResult<RawResponse> resp = rest_->Do(req);
  if (!resp.ok()) return resp.error();
  T out;
  if (std::optional<ApiError> err = rest_->DecodeBody(*resp, *kind_, &out)) return *err;
  return out;
}

template <codec::ListableKind T>
ApiResult<T> TypedClient<T>::Get(const std::string& name, const GetOptions& opts) {
  if (name.empty()) return ApiError::Client("resource name may not be empty");
  return Send("GET", Ref(name), ToQuery(opts), "", "");
}

template <codec::ListableKind T>
ApiResult<typename TypedClient<T>::List> TypedClient<T>::ListObjects(const ListOptions& opts) {
  RawRequest req;
  req.ref = Ref("");
  req.query = ToQuery(opts, /*watch=*/false);
  ApiResult<RawResponse> resp = rest_->Do(req);
  if (!resp.ok()) return resp.error();
  List out;
  if (std::optional<ApiError> err = rest_->DecodeBody(*resp, *list_kind_, &out)) return *err;
  return out;
}

template <codec::ListableKind T>
ApiResult<std::unique_ptr<WatchStream>> TypedClient<T>::Watch(const ListOptions& opts) {
  RawRequest req;
  req.ref = Ref("");
  req.query = ToQuery(opts, /*watch=*/true);
  return rest_->OpenWatch(req);
}

template <codec::ListableKind T>
ApiResult<T> TypedClient<T>::Create(const T& obj, const WriteOptions& opts) {
  return Send("POST", Ref(""), ToQuery(opts), rest_->EncodeBody(*kind_, &obj),
              std::string(rest_->BodyContentType()));
}

template <codec::ListableKind T>
ApiResult<T> TypedClient<T>::Update(const T& obj, const WriteOptions& opts) {
  if (obj.object_meta.name.empty()) return ApiError::Client("resource name may not be empty");
  return Send("PUT", Ref(obj.object_meta.name), ToQuery(opts), rest_->EncodeBody(*kind_, &obj),
              std::string(rest_->BodyContentType()));
}

template <codec::ListableKind T>
ApiResult<T> TypedClient<T>::UpdateStatus(const T& obj, const WriteOptions& opts) {
  if (obj.object_meta.name.empty()) return ApiError::Client("resource name may not be empty");
  return Send("PUT", Ref(obj.object_meta.name, "status"), ToQuery(opts),
              rest_->EncodeBody(*kind_, &obj), std::string(rest_->BodyContentType()));
}

template <codec::ListableKind T>
ApiResult<T> TypedClient<T>::Patch(const std::string& name, PatchType type,
                                   std::string_view body, const WriteOptions& opts,
                                   std::string_view subresource) {
  if (name.empty()) return ApiError::Client("resource name may not be empty");
  return Send("PATCH", Ref(name, subresource), ToQuery(opts), std::string(body),
              std::string(PatchContentType(type)));
}

template <codec::ListableKind T>
ApiResult<Empty> TypedClient<T>::Delete(const std::string& name, const DeleteOptions& opts) {
  if (name.empty()) return ApiError::Client("resource name may not be empty");
  RawRequest req;
  req.verb = "DELETE";
  req.ref = Ref(name);
  req.body = rest_->DeleteOptionsBody(req.ref, opts);
  req.content_type = std::string(rest_->BodyContentType());
  ApiResult<RawResponse> resp = rest_->Do(req);
  if (!resp.ok()) return resp.error();
  return Empty{};
}

template <codec::ListableKind T>
ApiResult<Empty> TypedClient<T>::DeleteCollection(const DeleteOptions& opts,
                                                  const ListOptions& list_opts) {
  RawRequest req;
  req.verb = "DELETE";
  req.ref = Ref("");
  req.query = ToQuery(list_opts, /*watch=*/false);
  req.body = rest_->DeleteOptionsBody(req.ref, opts);
  req.content_type = std::string(rest_->BodyContentType());
  ApiResult<RawResponse> resp = rest_->Do(req);
  if (!resp.ok()) return resp.error();
  return Empty{};
}

}  // namespace kubecxx::client
