// Compile-time facts about a generated top-level API type: its group, version
// and kind, and its list type when it has one. Generated headers specialise
// KindTraits for every type that is exactly one kind, e.g.
//   KindTraits<api::core::v1::Pod>::kKind == "Pod",
//   KindTraits<api::core::v1::Pod>::List is api::core::v1::PodList.
// Typed clients and informers use it to build URLs and decode lists.
#pragma once

#include <string_view>

namespace kubecxx::codec {

template <typename T>
struct KindTraits;

// Satisfied by generated kinds with a list type.
template <typename T>
concept ListableKind = requires {
  KindTraits<T>::kKind;
  typename KindTraits<T>::List;
};

}  // namespace kubecxx::codec
