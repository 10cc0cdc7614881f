// Strategic merge patch metadata of the built-in API types: the shape of each Go type (as a
// struct walk sees it) and each field's patch strategy and merge key, generated at build time
// from the pinned OpenAPI documents by codegen/patch_meta.py. `PatchSchema` answers the
// lookups k8s.io/apimachinery's PatchMetaFromStruct answers, with its error texts.
// Thread-safety: immutable data; PatchSchema is a small value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lib/base/status.h"

namespace kubecxx::patch {

enum class MetaKind : uint8_t { kOther, kStruct, kMap, kSlice };

struct FieldMeta {
  std::string_view json;
  uint32_t type;
  std::string_view strategy;   // x-kubernetes-patch-strategy, e.g. "merge,retainKeys"
  std::string_view merge_key;  // x-kubernetes-patch-merge-key
};

struct TypeMeta {
  std::string_view name;  // Go type name for structs; Go kind for the others
  MetaKind kind;
  uint32_t elem;  // maps and slices: the element type
  uint32_t first_field;
  uint32_t num_fields;
};

struct RootMeta {
  std::string_view group, version, kind;
  uint32_t type;
};

struct PatchMetaTable {
  const TypeMeta* types;
  size_t num_types;
  const FieldMeta* fields;
  const RootMeta* roots;
  size_t num_roots;
};

// The generated table (patch_meta_data.cc in the build tree).
const PatchMetaTable& BuiltinPatchMetaTable();

struct FieldPatchMeta {
  std::vector<std::string> strategies;  // strings.Split(tag, ","): never empty
  std::string merge_key;
};

class PatchSchema {
 public:
  // The root type of a built-in group/version/kind; ok() false when there is none (custom
  // resources and anything else the OpenAPI documents do not describe).
  static PatchSchema ForKind(std::string_view group, std::string_view version,
                             std::string_view kind);
  bool ok() const { return table_ != nullptr; }

  // LookupPatchMetadataForStruct: the field's type and patch metadata. Errors (plain text,
  // as upstream's): not a struct, no such field.
  Status LookupForStruct(std::string_view key, PatchSchema* sub, FieldPatchMeta* meta) const;
  // LookupPatchMetadataForSlice: as above, then the slice's element type.
  Status LookupForSlice(std::string_view key, PatchSchema* sub, FieldPatchMeta* meta) const;
  // reflect.Type.Kind().String() of this type: "struct", "map", "slice", "string", ...
  std::string_view KindName() const;

 private:
  const TypeMeta& type() const { return table_->types[type_]; }
  const PatchMetaTable* table_ = nullptr;
  uint32_t type_ = 0;
};

}  // namespace kubecxx::patch
