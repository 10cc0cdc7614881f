#include "lib/client/cache/object.h"

#include "kubecxx/api/meta/v1/types.h"

namespace kubecxx::client::cache {

StatusOr<std::string> MetaNamespaceKey(const codec::Object& obj) {
  const api::meta::v1::ObjectMeta* meta = obj.meta();
  if (meta == nullptr) {
    std::string kind = obj.info() ? std::string(obj.info()->kind) : "<empty>";
    return Status::Invalid("object has no meta: " + kind + " has no ObjectMeta");
  }
  if (meta->namespace_.empty()) return meta->name;
  std::string key;
  key.reserve(meta->namespace_.size() + 1 + meta->name.size());
  key.append(meta->namespace_).append("/").append(meta->name);
  return key;
}

Status SplitMetaNamespaceKey(std::string_view key, std::string* namespace_, std::string* name) {
  size_t slash = key.find('/');
  if (slash == std::string_view::npos) {
    namespace_->clear();
    name->assign(key);
    return Status::Ok();
  }
  if (key.find('/', slash + 1) != std::string_view::npos) {
    return Status::Invalid("unexpected key format: \"" + std::string(key) + "\"");
  }
  namespace_->assign(key.substr(0, slash));
  name->assign(key.substr(slash + 1));
  return Status::Ok();
}

std::string_view ResourceVersionOf(const codec::Object& obj) {
  const api::meta::v1::ObjectMeta* meta = obj.meta();
  return meta ? std::string_view(meta->resource_version) : std::string_view();
}

}  // namespace kubecxx::client::cache
