// The per-kind validators behind validation.h, one table per API group file.
// Internal to lib/apiserver/validation.
#pragma once

#include <span>
#include <string_view>

#include "lib/apiserver/validation/field.h"

namespace kubecxx::apiserver::validation::internal {

struct KindValidator {
  std::string_view group;
  std::string_view kind;
  // strategy.Validate; `obj` points to the generated struct of the kind.
  void (*create)(Errors* out, const void* obj);
  // strategy.ValidateUpdate.
  void (*update)(Errors* out, const void* obj, const void* old);
};

std::span<const KindValidator> CoreKinds();
std::span<const KindValidator> AppsBatchKinds();
std::span<const KindValidator> SchedulingKinds();

template <typename T, void (*F)(Errors*, const T&)>
void Create(Errors* out, const void* obj) {
  F(out, *static_cast<const T*>(obj));
}
template <typename T, void (*F)(Errors*, const T&, const T&)>
void Update(Errors* out, const void* obj, const void* old) {
  F(out, *static_cast<const T*>(obj), *static_cast<const T*>(old));
}

}  // namespace kubecxx::apiserver::validation::internal
