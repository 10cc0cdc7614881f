#include "lib/patch/patch_meta.h"

#include <cctype>

#include "lib/api/go_strconv.h"

namespace kubecxx::patch {
namespace {

bool EqualFoldAscii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::vector<std::string> SplitComma(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t comma = s.find(',', start);
    out.emplace_back(s.substr(start, comma == std::string_view::npos ? s.npos : comma - start));
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

}  // namespace

PatchSchema PatchSchema::ForKind(std::string_view group, std::string_view version,
                                 std::string_view kind) {
  const PatchMetaTable& t = BuiltinPatchMetaTable();
  PatchSchema s;
  for (size_t i = 0; i < t.num_roots; ++i) {
    const RootMeta& r = t.roots[i];
    if (r.group == group && r.version == version && r.kind == kind) {
      s.table_ = &t;
      s.type_ = r.type;
      break;
    }
  }
  return s;
}

std::string_view PatchSchema::KindName() const {
  switch (type().kind) {
    case MetaKind::kStruct: return "struct";
    case MetaKind::kMap: return "map";
    case MetaKind::kSlice: return "slice";
    default: return type().name;
  }
}

Status PatchSchema::LookupForStruct(std::string_view key, PatchSchema* sub,
                                    FieldPatchMeta* meta) const {
  const TypeMeta& t = type();
  if (t.kind != MetaKind::kStruct) {
    return Status::Invalid(
        "merging an object in json but data type is not struct, instead is: " +
        std::string(KindName()));
  }
  const FieldMeta* found = nullptr;
  for (uint32_t i = 0; i < t.num_fields; ++i) {
    const FieldMeta& f = table_->fields[t.first_field + i];
    if (f.json == key) {
      found = &f;
      break;
    }
    if (found == nullptr && EqualFoldAscii(f.json, key)) found = &f;
  }
  if (found == nullptr) {
    return Status::Invalid("unable to find api field in struct " + std::string(t.name) +
                           " for the json field " + api::GoQuote(key));
  }
  sub->table_ = table_;
  sub->type_ = found->type;
  meta->strategies = SplitComma(found->strategy);
  meta->merge_key = std::string(found->merge_key);
  return Status::Ok();
}

Status PatchSchema::LookupForSlice(std::string_view key, PatchSchema* sub,
                                   FieldPatchMeta* meta) const {
  PatchSchema field;
  Status s = LookupForStruct(key, &field, meta);
  if (!s.ok()) return s;
  const TypeMeta& ft = field.type();
  if (ft.kind != MetaKind::kSlice) {
    return Status::Invalid("expected slice or array type, but got: " + std::string(KindName()));
  }
  if (table_->types[ft.elem].kind == MetaKind::kSlice) {
    return Status::Invalid("unexpected slice of slice");
  }
  sub->table_ = table_;
  sub->type_ = ft.elem;
  return Status::Ok();
}

}  // namespace kubecxx::patch
