#include "lib/patch/smd/schema.h"

namespace kubecxx::smd {
namespace {

using codec::JsonType;

std::vector<std::string_view> SplitKeys(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    size_t comma = s.find(',');
    out.push_back(s.substr(0, comma));
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

std::optional<TypeRef> RootType(std::string_view group, std::string_view version,
                                std::string_view kind) {
  const SchemaTable& t = BuiltinSchemaTable();
  for (size_t i = 0; i < t.num_roots; ++i) {
    const SchemaRoot& r = t.roots[i];
    if (r.group == group && r.version == version && r.kind == kind) return TypeRef{r.type, -1};
  }
  return std::nullopt;
}

Atom Resolve(TypeRef ref, const patch::JsonValue* value) {
  const SchemaTable& t = BuiltinSchemaTable();
  const SchemaType& st = t.types[ref.type];
  Atom a;
  switch (st.kind) {
    case TypeKind::kDeduced:
      // Scalar, atomic list of deduced and granular map of deduced in one; the value picks.
      if (value != nullptr && value->is_array()) {
        a.kind = TypeKind::kList;
        a.rel = Relationship::kAtomic;
        a.elem = 0;
      } else if (value == nullptr || value->is_object() || value->is_null()) {
        a.kind = TypeKind::kMap;
        a.elem = 0;
      } else {
        a.kind = TypeKind::kScalar;
      }
      break;
    case TypeKind::kScalar: a.kind = TypeKind::kScalar; break;
    case TypeKind::kList:
      a.kind = TypeKind::kList;
      a.rel = st.rel;
      a.elem = st.elem;
      a.keys = SplitKeys(st.keys);
      break;
    case TypeKind::kMap:
      a.kind = TypeKind::kMap;
      a.rel = st.rel;
      a.elem = st.elem;
      a.type = &st;
      break;
  }
  if (a.kind == TypeKind::kMap && ref.override_rel >= 0) {
    a.rel = static_cast<Relationship>(ref.override_rel);
  }
  return a;
}

bool FindField(const Atom& map, std::string_view key, TypeRef* ref,
               std::string_view* default_json) {
  if (map.type != nullptr && map.type->num_fields > 0) {
    const SchemaTable& t = BuiltinSchemaTable();
    const SchemaField* begin = t.fields + map.type->first_field;
    const SchemaField* end = begin + map.type->num_fields;
    const SchemaField* lo = begin;
    const SchemaField* hi = end;
    while (lo < hi) {
      const SchemaField* mid = lo + (hi - lo) / 2;
      if (mid->name < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo != end && lo->name == key) {
      *ref = TypeRef{lo->type, lo->override_rel};
      if (default_json != nullptr) *default_json = lo->default_json;
      return true;
    }
  }
  *ref = TypeRef{map.elem, -1};
  if (default_json != nullptr) *default_json = {};
  return false;
}

}  // namespace kubecxx::smd
