#include "lib/patch/strategic_merge.h"

#include <set>
#include <string>
#include <vector>

#include "lib/patch/strategic_lists.h"

namespace kubecxx::patch {
namespace internal {
namespace {

class Merger {
 public:
  explicit Merger(PatchError* e) : e_(e) {}

  bool MergeMap(JsonValue* original, JsonValue patch, const PatchSchema& schema);

 private:
  bool ApplyRetainKeys(JsonValue* original, JsonValue* patch);
  bool MergeSetElementOrder(JsonValue* original, JsonValue* patch, const PatchSchema& schema);
  // backing (optional): what the caller's view of the original list's backing array holds
  // afterwards in Go, where deleting from and appending to the merged list reuse it.
  bool MergeSliceHandler(const JsonValue& original, JsonValue patch, const PatchSchema& schema,
                         const std::string& strategy, const std::string& key, bool delete_list,
                         JsonValue* out, List* backing = nullptr);
  bool MergeSlice(List original, List patch, const PatchSchema& schema, const std::string& key,
                  bool delete_list, List* out, List* backing);
  bool ValidateSetOrder(const List& patch, const List& order, const std::string& key);

  PatchError* e_;
};

bool Merger::ApplyRetainKeys(JsonValue* original, JsonValue* patch) {
  const JsonValue* found = patch->Find(kRetainKeys);
  if (found == nullptr) return true;
  JsonValue retain = *found;
  patch->Erase(kRetainKeys);
  if (!retain.is_array()) {
    *e_ = BadRequest("invalid patch format of retainKeys");
    return false;
  }
  std::set<std::string> keys;  // the string-valued entries: only those can match a key
  for (const JsonValue& v : retain.items) {
    if (v.type == codec::JsonType::kString) keys.insert(v.StringValue());
  }
  for (const auto& [k, v] : patch->fields) {
    if (v.is_null() || HasPrefix(k, kDeleteFromPrimitiveList) || HasPrefix(k, kSetElementOrder)) {
      continue;
    }
    if (!keys.count(k)) {
      *e_ = BadRequest("invalid patch format of retainKeys");
      return false;
    }
  }
  for (size_t i = 0; i < original->fields.size();) {
    if (!keys.count(original->fields[i].first)) {
      original->fields.erase(original->fields.begin() + static_cast<ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
  return true;
}

bool Merger::ValidateSetOrder(const List& patch, const List& order, const std::string& key) {
  if (order.empty() || patch.empty()) return true;
  List non_delete;
  if (!key.empty()) {
    List del;
    if (!ExtractToDeleteItems(patch, &non_delete, &del, e_)) return false;
  } else {
    non_delete = patch;
  }
  size_t pi = 0, si = 0;
  while (pi < non_delete.size() && si < order.size()) {
    if (non_delete[pi].is_object() && non_delete[pi].Find(kDirective) != nullptr) {
      ++pi;
      continue;
    }
    bool eq;
    if (key.empty()) {
      eq = GoEq(non_delete[pi], order[si]);
    } else {
      const JsonValue& l = non_delete[pi];
      const JsonValue& r = order[si];
      if (!l.is_object()) {
        *e_ = BadArgType(GoType::kMap, l);
        return false;
      }
      if (!r.is_object()) {
        *e_ = BadArgType(GoType::kMap, r);
        return false;
      }
      const JsonValue* lk = l.Find(key);
      if (lk == nullptr) {
        *e_ = NoMergeKey(l, key);
        return false;
      }
      const JsonValue* rk = r.Find(key);
      if (rk == nullptr) {
        *e_ = NoMergeKey(r, key);
        return false;
      }
      eq = GoEq(*lk, *rk);
    }
    if (eq) ++pi;
    ++si;
  }
  if (pi < non_delete.size() && si >= order.size()) {
    *e_ = PlainError("The order in patch list:\n" + GoFormatV(ListValue(patch)) +
                     "\n doesn't match $setElementOrder list:\n" + GoFormatV(ListValue(order)) +
                     "\n");
    return false;
  }
  return true;
}

bool Merger::MergeSetElementOrder(JsonValue* original, JsonValue* patch,
                                  const PatchSchema& schema) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : patch->fields) {
    if (HasPrefix(k, kSetElementOrder)) keys.push_back(k);
  }
  for (const std::string& key : keys) {
    const JsonValue* order_v = patch->Find(key);
    if (order_v == nullptr) continue;  // removed while merging an earlier list
    JsonValue order = *order_v;
    patch->Erase(key);
    if (!order.is_array()) {
      *e_ = BadArgType(GoType::kSlice, order);
      return false;
    }
    std::string field;
    if (!ExtractKey(key, kSetElementOrder, &field, e_)) return false;
    const JsonValue* orig_list = original->Find(field);
    const JsonValue* patch_list = patch->Find(field);
    List orig_items, patch_items;
    if (orig_list != nullptr) {
      if (!orig_list->is_array()) {
        *e_ = BadArgType(GoType::kSlice, *orig_list);
        return false;
      }
      orig_items = orig_list->items;
    }
    if (patch_list != nullptr) {
      if (!patch_list->is_array()) {
        *e_ = BadArgType(GoType::kSlice, *patch_list);
        return false;
      }
      patch_items = patch_list->items;
    }
    PatchSchema sub;
    FieldPatchMeta meta;
    Status s = schema.LookupForSlice(field, &sub, &meta);
    if (!s.ok()) {
      *e_ = PlainError(s.message());
      return false;
    }
    std::string strategy;
    if (!ExtractRetainKeysStrategy(meta.strategies, &strategy, e_)) return false;
    if (!ValidateSetOrder(patch_items, order.items, meta.merge_key)) return false;
    List merged;
    List server_order = orig_items;
    if (orig_list != nullptr && patch_list == nullptr) {
      merged = orig_items;
    } else if (orig_list == nullptr && patch_list != nullptr) {
      JsonValue v = *patch_list;
      RemoveDirectives(&v);
      merged = std::move(v.items);
    } else if (orig_list != nullptr && patch_list != nullptr) {
      JsonValue out;
      List backing;
      if (!MergeSliceHandler(*orig_list, *patch_list, sub, strategy, meta.merge_key, false, &out,
                             &backing)) {
        return false;
      }
      merged = std::move(out.items);
      if (!backing.empty()) server_order = std::move(backing);
    } else {
      continue;
    }
    List in, server_only;
    if (meta.merge_key.empty()) {
      PartitionPrimitives(merged, order.items, &in, &server_only);
    } else if (!PartitionMaps(merged, order.items, meta.merge_key, &in, &server_only, e_)) {
      return false;
    }
    GoType kind;
    if (!SliceElementType({&orig_items, &patch_items}, &kind, e_)) return false;
    List both;
    if (!NormalizeElementOrder(std::move(in), std::move(server_only), order.items, server_order,
                               meta.merge_key, kind, &both, e_)) {
      return false;
    }
    original->Set(field, ListValue(std::move(both)));
    patch->Erase(field);
  }
  return true;
}

bool Merger::MergeSliceHandler(const JsonValue& original, JsonValue patch,
                               const PatchSchema& schema, const std::string& strategy,
                               const std::string& key, bool delete_list, JsonValue* out,
                               List* backing) {
  if (strategy == kMerge || delete_list) {
    List merged;
    if (!MergeSlice(original.items, std::move(patch.items), schema, key, delete_list, &merged,
                    backing)) {
      return false;
    }
    *out = ListValue(std::move(merged));
    return true;
  }
  *out = std::move(patch);
  return true;
}

bool Merger::MergeSlice(List original, List patch, const PatchSchema& schema,
                        const std::string& key, bool delete_list, List* out, List* backing) {
  if (original.empty() && patch.empty()) {
    *out = std::move(original);
    return true;
  }
  GoType kind;
  if (!SliceElementType({&original, &patch}, &kind, e_)) return false;
  List merged;
  if (kind != GoType::kMap) {
    if (delete_list) {
      std::set<std::string> del;
      for (const JsonValue& v : patch) del.insert(GoScalarKey(v));
      for (JsonValue& v : original) {
        if (!del.count(GoScalarKey(v))) out->push_back(std::move(v));
      }
      return true;
    }
    merged = original;
    for (const JsonValue& v : patch) merged.push_back(v);
    DedupScalars(merged);
  } else {
    if (key.empty()) {
      *e_ = PlainError("cannot merge lists without merge key for " +
                       std::string(schema.KindName()));
      return false;
    }
    // mergeSliceWithSpecialElements. Go deletes in place (append(l[:i], l[i+1:]...)) and
    // appends in place while capacity lasts; `view` follows that array.
    List view = original;
    size_t view_len = original.size();
    bool attached = backing != nullptr;
    List plain;
    bool replace = false;
    for (const JsonValue& v : patch) {
      const JsonValue* d = v.Find(kDirective);
      if (d == nullptr) {
        plain.push_back(v);
      } else if (IsString(*d, kDelete)) {
        const JsonValue* mv = v.Find(key);
        if (mv == nullptr) {
          *e_ = NoMergeKey(v, key);
          return false;
        }
        while (true) {
          int at;
          if (!FindMap(original, key, *mv, &at, e_)) return false;
          if (at < 0) break;
          original.erase(original.begin() + at);
          for (size_t t = static_cast<size_t>(at); t + 1 < view_len; ++t) view[t] = view[t + 1];
          --view_len;
        }
      } else if (IsString(*d, kReplace)) {
        replace = true;
      } else if (IsString(*d, kMerge)) {
        *e_ = PlainError("merging lists cannot yet be specified in the patch");
        return false;
      } else {
        *e_ = BadPatchType(*d, v);
        return false;
      }
    }
    if (replace) {
      original = std::move(plain);
      patch.clear();
      attached = false;
    } else {
      patch = std::move(plain);
    }
    // mergeSliceWithoutSpecialElements
    merged = original;
    for (const JsonValue& v : patch) {
      const JsonValue* mv = v.Find(key);
      if (mv == nullptr) {
        *e_ = NoMergeKey(v, key);
        return false;
      }
      int at;
      if (!FindMap(merged, key, *mv, &at, e_)) return false;
      if (at >= 0) {
        JsonValue m = std::move(merged[at]);
        if (!MergeMap(&m, v, schema)) return false;
        merged[at] = std::move(m);
      } else {
        merged.push_back(v);
        if (attached && view_len < view.size()) {
          view[view_len++] = v;
        } else {
          attached = false;
        }
      }
    }
    if (backing != nullptr) *backing = std::move(view);
  }
  List in, server_only;
  if (key.empty()) {
    PartitionPrimitives(merged, patch, &in, &server_only);
  } else if (!PartitionMaps(merged, patch, key, &in, &server_only, e_)) {
    return false;
  }
  return NormalizeElementOrder(std::move(in), std::move(server_only), patch, original, key, kind,
                               out, e_);
}

bool Merger::MergeMap(JsonValue* original, JsonValue patch, const PatchSchema& schema) {
  if (const JsonValue* d = patch.Find(kDirective)) {
    if (IsString(*d, kReplace)) {
      patch.Erase(kDirective);
      *original = std::move(patch);
      return true;
    }
    if (IsString(*d, kDelete)) {
      *original = JsonValue::Object();
      return true;
    }
    *e_ = BadPatchType(*d, patch);
    return false;
  }
  if (!original->is_object()) *original = JsonValue::Object();
  if (!ApplyRetainKeys(original, &patch)) return false;
  if (!MergeSetElementOrder(original, &patch, schema)) return false;

  for (auto& [patch_key, patch_v] : patch.fields) {
    std::string k = patch_key;
    bool delete_list = false;
    if (HasPrefix(k, kDeleteFromPrimitiveList)) {
      std::string field;
      if (!ExtractKey(k, kDeleteFromPrimitiveList, &field, e_)) return false;
      delete_list = true;
      if (!field.empty()) k = field;
    }
    if (patch_v.is_null()) {
      original->Erase(k);
      continue;
    }
    JsonValue* cur = original->Find(k);
    if (cur == nullptr || GoTypeOf(*cur) != GoTypeOf(patch_v)) {
      if (!delete_list) {
        DiscardNulls(&patch_v);
        if (RemoveDirectives(&patch_v)) {
          original->Set(k, std::move(patch_v));
        } else {
          original->Erase(k);
        }
      }
      continue;
    }
    if (cur->is_object()) {
      PatchSchema sub;
      FieldPatchMeta meta;
      Status s = schema.LookupForStruct(k, &sub, &meta);
      if (!s.ok()) {
        *e_ = PlainError(s.message());
        return false;
      }
      std::string strategy;
      if (!ExtractRetainKeysStrategy(meta.strategies, &strategy, e_)) return false;
      if (strategy != kReplace) {
        if (!MergeMap(cur, std::move(patch_v), sub)) return false;
      } else {
        *cur = std::move(patch_v);
      }
    } else if (cur->is_array()) {
      PatchSchema sub;
      FieldPatchMeta meta;
      Status s = schema.LookupForSlice(k, &sub, &meta);
      if (!s.ok()) {
        *e_ = PlainError(s.message());
        return false;
      }
      std::string strategy;
      if (!ExtractRetainKeysStrategy(meta.strategies, &strategy, e_)) return false;
      JsonValue out;
      if (!MergeSliceHandler(*cur, std::move(patch_v), sub, strategy, meta.merge_key,
                             delete_list, &out)) {
        return false;
      }
      *original->Find(k) = std::move(out);
    } else {
      *cur = std::move(patch_v);
    }
  }
  return true;
}

}  // namespace
}  // namespace internal

bool StrategicMerge(JsonValue* original, JsonValue patch, const PatchSchema& schema,
                    PatchError* error) {
  internal::Merger m(error);
  return m.MergeMap(original, std::move(patch), schema);
}

}  // namespace kubecxx::patch
