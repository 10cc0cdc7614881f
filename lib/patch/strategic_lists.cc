#include "lib/patch/strategic_lists.h"

#include <set>

#include "lib/patch/go_sort.h"

namespace kubecxx::patch::internal {

bool HasPrefix(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool IsString(const JsonValue& v, std::string_view s) {
  return v.type == codec::JsonType::kString && v.StringValue() == s;
}

JsonValue ListValue(List items) {
  JsonValue v = JsonValue::Array();
  v.items = std::move(items);
  return v;
}

// mergepatch.ErrBadArgType(expected, actual).
PatchError BadArgType(GoType expected, const JsonValue& actual) {
  return PlainError("expected a " + std::string(GoTypeName(expected)) + ", but received a " +
                    std::string(GoTypeName(GoTypeOf(actual))));
}

PatchError NoMergeKey(const JsonValue& m, std::string_view key) {
  return PlainError("map: " + GoFormatV(m) + " does not contain declared merge key: " +
                    std::string(key));
}

PatchError BadPatchType(const JsonValue& t, const JsonValue& m) {
  return PlainError("unknown patch type: " + GoFormatS(t) + " in map: " + GoFormatV(m));
}

namespace {

const JsonValue kNil;

// typedItem[mergeKey] for a map, nil otherwise (index's getValFn).
const JsonValue& MergeKeyValue(const JsonValue& item, std::string_view key) {
  if (!item.is_object()) return kNil;
  const JsonValue* v = item.Find(key);
  return v != nullptr ? *v : kNil;
}

}  // namespace

// Go's interface == for the values lists hold (maps never compare equal here).
bool GoEq(const JsonValue& a, const JsonValue& b) {
  if (a.is_null() && b.is_null()) return true;
  return GoScalarEqual(a, b);
}

namespace {

// index(): position of val in l (by merge key for maps), or -1.
int Index(const List& l, const JsonValue& val, std::string_view merge_key, GoType kind) {
  for (size_t i = 0; i < l.size(); ++i) {
    bool eq = kind == GoType::kMap
                  ? GoEq(MergeKeyValue(val, merge_key), MergeKeyValue(l[i], merge_key))
                  : GoEq(val, l[i]);
    if (eq) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

bool ExtractRetainKeysStrategy(const std::vector<std::string>& s, std::string* strategy,
                               PatchError* e) {
  auto unexpected = [&] {
    std::string list = "[";
    for (size_t i = 0; i < s.size(); ++i) list += (i ? " " : "") + s[i];
    *e = PlainError("unexpected patch strategy: " + list + "]");
    return false;
  };
  switch (s.size()) {
    case 0: *strategy = ""; return true;
    case 1: *strategy = s[0] == kRetainKeysStrategy ? "" : s[0]; return true;
    case 2:
      if (s[0] == kRetainKeysStrategy) {
        *strategy = s[1];
      } else if (s[1] == kRetainKeysStrategy) {
        *strategy = s[0];
      } else {
        return unexpected();
      }
      return true;
    default: return unexpected();
  }
}

// extractKey: "<prefix>/<key>".
bool ExtractKey(std::string_view s, std::string_view prefix, std::string* out, PatchError* e) {
  size_t slash = s.find('/');
  if (slash == s.npos || s.substr(0, slash) != prefix) {
    *e = prefix == kDeleteFromPrimitiveList
             ? BadRequest("invalid patch format of primitive list")
             : BadRequest("invalid patch format of setElementOrder list");
    return false;
  }
  *out = std::string(s.substr(slash + 1));
  return true;
}

// sliceElementType over the given lists.
bool SliceElementType(const std::vector<const List*>& lists, GoType* out, PatchError* e) {
  bool have = false;
  GoType prev = GoType::kNil;
  for (const List* l : lists) {
    for (const JsonValue& v : *l) {
      GoType t = GoTypeOf(v);
      if (!have) {
        if (t == GoType::kNil) {
          *e = PlainError("runtime error: invalid memory address or nil pointer dereference");
          return false;
        }
        have = true;
        prev = t;
        if (t == GoType::kSlice) {
          *e = GenericUnprocessable();  // ErrNoListOfLists
          return false;
        }
      } else if (prev != t) {
        std::string all = "[";
        for (size_t i = 0; i < lists.size(); ++i) {
          all += (i ? " " : "") + GoFormatV(ListValue(*lists[i]));
        }
        *e = PlainError("list element types are not identical: " + all + "]");
        return false;
      }
    }
  }
  if (!have) {
    *e = PlainError("no elements in any of the given slices");
    return false;
  }
  *out = prev;
  return true;
}

// removeDirectives: false when obj itself is a directive map (drop it).
bool RemoveDirectives(JsonValue* obj) {
  if (obj->is_object()) {
    if (obj->Find(kDirective) != nullptr) return false;
    for (size_t i = 0; i < obj->fields.size();) {
      if (!RemoveDirectives(&obj->fields[i].second)) {
        obj->fields.erase(obj->fields.begin() + static_cast<ptrdiff_t>(i));
      } else {
        ++i;
      }
    }
  } else if (obj->is_array()) {
    List kept;
    for (JsonValue& v : obj->items) {
      if (RemoveDirectives(&v)) kept.push_back(std::move(v));
    }
    obj->items = std::move(kept);
  }
  return true;
}

void DiscardNulls(JsonValue* v) {
  if (v->is_object()) {
    for (size_t i = 0; i < v->fields.size();) {
      if (v->fields[i].second.is_null()) {
        v->fields.erase(v->fields.begin() + static_cast<ptrdiff_t>(i));
      } else {
        DiscardNulls(&v->fields[i].second);
        ++i;
      }
    }
  } else if (v->is_array()) {
    for (JsonValue& item : v->items) DiscardNulls(&item);
  }
}

// findMapInSliceBasedOnKeyValue.
bool FindMap(const List& m, std::string_view key, const JsonValue& value, int* at,
             PatchError* e) {
  *at = -1;
  for (size_t k = 0; k < m.size(); ++k) {
    if (!m[k].is_object()) {
      *e = PlainError("value for key " + std::to_string(k) + " is not a map");
      return false;
    }
    const JsonValue* v = m[k].Find(key);
    if (v != nullptr && GoEq(*v, value)) {
      *at = static_cast<int>(k);
      return true;
    }
  }
  return true;
}

namespace {

bool ValidateMergeKeyInLists(std::string_view key, const std::vector<const List*>& lists,
                             PatchError* e) {
  for (const List* l : lists) {
    for (const JsonValue& item : *l) {
      if (!item.is_object()) {
        *e = BadArgType(GoType::kMap, item);
        return false;
      }
      if (item.Find(key) == nullptr) {
        *e = NoMergeKey(item, key);
        return false;
      }
    }
  }
  return true;
}

}  // namespace

bool ExtractToDeleteItems(const List& l, List* keep, List* del, PatchError* e) {
  for (const JsonValue& v : l) {
    if (!v.is_object()) {
      *e = BadArgType(GoType::kMap, v);
      return false;
    }
    const JsonValue* d = v.Find(kDirective);
    if (d != nullptr && IsString(*d, kDelete)) {
      del->push_back(v);
    } else {
      keep->push_back(v);
    }
  }
  return true;
}

namespace {

bool NormalizeSliceOrder(List to_sort, const List& order, std::string_view key, GoType kind,
                         List* out, PatchError* e) {
  List to_delete;
  if (kind == GoType::kMap) {
    if (!ValidateMergeKeyInLists(key, {&to_sort, &order}, e)) return false;
    List keep;
    if (!ExtractToDeleteItems(to_sort, &keep, &to_delete, e)) return false;
    to_sort = std::move(keep);
  }
  GoSliceStable<JsonValue>(to_sort, [&](const JsonValue& a, const JsonValue& b) {
    int ia = Index(order, a, key, kind);
    if (ia >= 0) {
      int ib = Index(order, b, key, kind);
      if (ib >= 0) return ia < ib;
    }
    return true;
  });
  for (JsonValue& d : to_delete) to_sort.push_back(std::move(d));
  *out = std::move(to_sort);
  return true;
}

List MergeSortedSlice(List left, List right, const List& server_order, std::string_view key,
                      GoType kind) {
  size_t size = left.size() + right.size();
  size_t i = 0, j = 0;
  List s;
  s.reserve(size);
  for (size_t k = 0; k < size; ++k) {
    if (i >= left.size() && j < right.size()) {
      s.push_back(std::move(right[j++]));
    } else if (j >= right.size() && i < left.size()) {
      s.push_back(std::move(left[i++]));
    } else {
      int li = Index(server_order, left[i], key, kind);
      int ri = Index(server_order, right[j], key, kind);
      if (li >= 0 && ri >= 0 && li < ri) {
        s.push_back(std::move(left[i++]));
      } else {
        s.push_back(std::move(right[j++]));
      }
    }
  }
  return s;
}

}  // namespace

bool NormalizeElementOrder(List patch, List server_only, const List& patch_order,
                           const List& server_order, std::string_view key, GoType kind,
                           List* out, PatchError* e) {
  List p, s;
  if (!NormalizeSliceOrder(std::move(patch), patch_order, key, kind, &p, e) ||
      !NormalizeSliceOrder(std::move(server_only), server_order, key, kind, &s, e)) {
    return false;
  }
  *out = MergeSortedSlice(std::move(s), std::move(p), server_order, key, kind);
  return true;
}

void PartitionPrimitives(const List& original, const List& by, List* in, List* out) {
  std::set<std::string> present;
  for (const JsonValue& v : by) present.insert(GoScalarKey(v));
  for (const JsonValue& v : original) {
    (present.count(GoScalarKey(v)) ? in : out)->push_back(v);
  }
}

bool PartitionMaps(const List& original, const List& by, std::string_view key, List* in,
                   List* out, PatchError* e) {
  for (const JsonValue& v : original) {
    if (!v.is_object()) {
      *e = BadArgType(GoType::kMap, v);
      return false;
    }
    const JsonValue* kv = v.Find(key);
    if (kv == nullptr) {
      *e = NoMergeKey(v, key);
      return false;
    }
    int at;
    if (!FindMap(by, key, *kv, &at, e)) return false;
    (at < 0 ? out : in)->push_back(v);
  }
  return true;
}

void DedupScalars(List& s) {
  if (s.empty()) return;
  size_t length = s.size() - 1;
  for (size_t i = 0; i < length; ++i) {
    for (size_t j = i + 1; j <= length; ++j) {
      if (GoEq(s[i], s[j])) {
        s[j] = s[length];
        s.resize(length);
        --length;
        --j;
      }
    }
  }
}

}  // namespace kubecxx::patch::internal
