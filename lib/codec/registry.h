// The table of top-level API kinds (group, version, kind) with type-erased
// codecs, generated from the pinned API. Used where the type is known only at
// run time: the codec tool, fixture tests, the apiserver's REST layer.
// Thread-safety: the table is immutable; Object values are not shared.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "lib/base/status.h"
#include "lib/codec/json_reader.h"
#include "lib/codec/json_writer.h"
#include "lib/codec/proto_reader.h"
#include "lib/codec/proto_writer.h"

namespace kubecxx::api::meta::v1 {
struct ObjectMeta;
}  // namespace kubecxx::api::meta::v1

namespace kubecxx::codec {

struct KindInfo {
  std::string_view group;  // "" for the core group
  std::string_view version;
  std::string_view kind;
  void* (*make)();
  void (*destroy)(void*);
  bool (*read_json)(JsonReader&, void*);
  void (*write_json)(JsonWriter&, const void*);
  bool (*read_proto)(ProtoReader&, void*);
  void (*write_proto)(ProtoWriter&, const void*);
  bool (*equal)(const void*, const void*);
  // Sets apiVersion and kind (protobuf bodies do not carry them); no-op for
  // kinds without TypeMeta.
  void (*set_type_meta)(void*, std::string_view api_version, std::string_view kind);
  // The object's own apiVersion and kind ("" for kinds without TypeMeta); what
  // the protobuf envelope records, as upstream's serializer does.
  std::pair<std::string_view, std::string_view> (*type_meta)(const void*);
  // The object's metadata; nullptr for kinds without ObjectMeta (lists, options).
  api::meta::v1::ObjectMeta* (*object_meta)(void*);

  // "v1" or "apps/v1".
  std::string ApiVersion() const {
    return group.empty() ? std::string(version) : std::string(group) + "/" + std::string(version);
  }
};

template <typename T>
constexpr KindInfo MakeKind(std::string_view g, std::string_view v, std::string_view k) {
  return KindInfo{
      g,
      v,
      k,
      []() -> void* { return new T(); },
      [](void* p) { delete static_cast<T*>(p); },
      [](JsonReader& r, void* p) { return ReadJson(r, *static_cast<T*>(p)); },
      [](JsonWriter& w, const void* p) { WriteJson(w, *static_cast<const T*>(p)); },
      [](ProtoReader& r, void* p) { return ReadProto(r, *static_cast<T*>(p)); },
      [](ProtoWriter& w, const void* p) { WriteProto(w, *static_cast<const T*>(p)); },
      [](const void* a, const void* b) { return *static_cast<const T*>(a) == *static_cast<const T*>(b); },
      [](void* p, std::string_view api_version, std::string_view kind) {
        if constexpr (requires(T& t) { t.type_meta.api_version; }) {
          static_cast<T*>(p)->type_meta.api_version.assign(api_version);
          static_cast<T*>(p)->type_meta.kind.assign(kind);
        }
      },
      [](const void* p) -> std::pair<std::string_view, std::string_view> {
        if constexpr (requires(const T& t) { t.type_meta.api_version; }) {
          const auto& tm = static_cast<const T*>(p)->type_meta;
          return {tm.api_version, tm.kind};
        } else {
          return {};
        }
      },
      [](void* p) -> api::meta::v1::ObjectMeta* {
        if constexpr (requires(T& t) { t.object_meta.resource_version; }) {
          return &static_cast<T*>(p)->object_meta;
        } else {
          return nullptr;
        }
      },
  };
}

// Every generated kind, sorted by (group, version, kind).
std::span<const KindInfo> AllKinds();

// Looks a kind up; nullptr when unknown.
const KindInfo* FindKind(std::string_view group, std::string_view version, std::string_view kind);
// Same, from an apiVersion string ("v1", "apps/v1").
const KindInfo* FindKindByApiVersion(std::string_view api_version, std::string_view kind);

// An API object of a kind known at run time.
class Object {
 public:
  Object() = default;
  explicit Object(const KindInfo* info) : info_(info), p_(info->make(), Deleter{info}) {}

  const KindInfo* info() const { return info_; }
  void* get() { return p_.get(); }
  const void* get() const { return p_.get(); }
  template <typename T>
  T* As() {
    return static_cast<T*>(p_.get());
  }
  template <typename T>
  const T* As() const {
    return static_cast<const T*>(p_.get());
  }
  // nullptr for kinds without ObjectMeta.
  api::meta::v1::ObjectMeta* meta() { return info_ ? info_->object_meta(p_.get()) : nullptr; }
  const api::meta::v1::ObjectMeta* meta() const {
    return info_ ? info_->object_meta(p_.get()) : nullptr;
  }
  bool operator==(const Object& o) const {
    return info_ == o.info_ && (info_ == nullptr || info_->equal(get(), o.get()));
  }

 private:
  struct Deleter {
    const KindInfo* info;
    void operator()(void* p) const {
      if (p) info->destroy(p);
    }
  };
  const KindInfo* info_ = nullptr;
  std::unique_ptr<void, Deleter> p_{nullptr, Deleter{nullptr}};
};

}  // namespace kubecxx::codec
