#include "lib/patch/smd/typed.h"

#include <map>

namespace kubecxx::smd {
namespace {

using codec::JsonType;

const JsonValue* AsList(const JsonValue* v) { return v != nullptr && v->is_array() ? v : nullptr; }
const JsonValue* AsMap(const JsonValue* v) { return v != nullptr && v->is_object() ? v : nullptr; }
bool EmptyList(const JsonValue* l) { return l == nullptr || l->items.empty(); }
bool EmptyMap(const JsonValue* m) { return m == nullptr || m->fields.empty(); }

Path Append(const Path& p, const PathElement& pe) {
  Path out = p;
  out.push_back(pe);
  return out;
}

// Union of two maps' keys: lhs order, then keys only rhs has.
std::vector<std::string_view> ZipKeys(const JsonValue* l, const JsonValue* r) {
  std::vector<std::string_view> keys;
  if (l != nullptr) {
    for (const auto& kv : l->fields) keys.push_back(kv.first);
  }
  if (r != nullptr) {
    for (const auto& kv : r->fields) {
      if (l == nullptr || l->Find(kv.first) == nullptr) keys.push_back(kv.first);
    }
  }
  return keys;
}

TypeRef ElemRef(const Atom& a) { return TypeRef{a.elem, -1}; }

// ---- compare ----

class Comparer {
 public:
  explicit Comparer(Comparison* c) : c_(c) {}

  void Walk(const JsonValue* l, const JsonValue* r, TypeRef t, Path* path) {
    if (t.type == kNoType) return;  // a key the schema does not declare
    Atom la = Resolve(t, l != nullptr ? l : r);
    Atom ra = Resolve(t, r != nullptr ? r : l);
    bool in_leaf = false;
    if (l != nullptr && r != nullptr && la.kind != ra.kind) {
      bool lhs_leaf = false;
      Handle(la, l, r, path, &lhs_leaf);
    }
    Handle(ra, l, r, path, &in_leaf);
    if (!in_leaf) {
      if (l == nullptr) {
        c_->added.Insert(*path);
      } else if (r == nullptr) {
        c_->removed.Insert(*path);
      }
    }
  }

 private:
  void Leaf(const JsonValue* l, const JsonValue* r, const Path& path, bool* in_leaf) {
    if (*in_leaf) return;
    *in_leaf = true;
    if (l == nullptr) {
      c_->added.Insert(path);
    } else if (r == nullptr) {
      c_->removed.Insert(path);
    } else if (!ValuesEqual(*r, *l)) {
      c_->modified.Insert(path);
    }
  }

  void Handle(const Atom& a, const JsonValue* l, const JsonValue* r, Path* path, bool* in_leaf) {
    if (a.kind == TypeKind::kScalar) {
      Leaf(l, r, *path, in_leaf);
      return;
    }
    if (a.kind == TypeKind::kList) {
      const JsonValue* ll = AsList(l);
      const JsonValue* rl = AsList(r);
      if (a.rel == Relationship::kAtomic || (EmptyList(ll) && EmptyList(rl))) {
        Leaf(l, r, *path, in_leaf);
        return;
      }
      if (ll == nullptr && rl == nullptr) return;
      ListItems(a, ll, rl, path);
      return;
    }
    const JsonValue* lm = AsMap(l);
    const JsonValue* rm = AsMap(r);
    if (a.rel == Relationship::kAtomic || (EmptyMap(lm) && EmptyMap(rm))) {
      Leaf(l, r, *path, in_leaf);
      return;
    }
    if (lm == nullptr && rm == nullptr) return;
    for (std::string_view key : ZipKeys(lm, rm)) {
      TypeRef ft;
      FindField(a, key, &ft);
      path->push_back(PathElement::Field(std::string(key)));
      Walk(lm != nullptr ? lm->Find(key) : nullptr, rm != nullptr ? rm->Find(key) : nullptr, ft,
           path);
      path->pop_back();
    }
  }

  void ListItems(const Atom& a, const JsonValue* ll, const JsonValue* rl, Path* path) {
    std::vector<PathElement> all;
    std::map<PathElement, std::vector<const JsonValue*>> lv, rv;
    auto gather = [&](const JsonValue* list, auto& values, bool is_rhs) {
      if (list == nullptr) return;
      for (const auto& item : list->items) {
        auto pe = ListItemElement(a, item);
        if (!pe.ok()) continue;
        auto it = values.find(*pe);
        if (it != values.end()) {
          it->second.push_back(&item);
          continue;
        }
        values[*pe].push_back(&item);
        if (!is_rhs || lv.find(*pe) == lv.end()) all.push_back(*pe);
      }
    };
    gather(ll, lv, false);
    gather(rl, rv, true);
    for (const auto& pe : all) {
      static const std::vector<const JsonValue*> kNone;
      auto li = lv.find(pe);
      auto ri = rv.find(pe);
      const auto& lvals = li != lv.end() ? li->second : kNone;
      const auto& rvals = ri != rv.end() ? ri->second : kNone;
      path->push_back(pe);
      if (lvals.size() <= 1 && rvals.size() <= 1) {
        Walk(lvals.empty() ? nullptr : lvals[0], rvals.empty() ? nullptr : rvals[0], ElemRef(a),
             path);
      } else if (lvals.size() >= 2 && rvals.size() >= 2) {
        bool equal = lvals.size() == rvals.size();
        for (size_t i = 0; equal && i < lvals.size(); ++i) equal = ValuesEqual(*lvals[i], *rvals[i]);
        if (!equal) c_->modified.Insert(*path);
      } else if (lvals.size() >= 2) {
        if (!rvals.empty()) Walk(nullptr, rvals[0], ElemRef(a), path);
        c_->removed.Insert(*path);
      } else {
        if (!lvals.empty()) Walk(lvals[0], nullptr, ElemRef(a), path);
        c_->added.Insert(*path);
      }
      path->pop_back();
    }
  }

  Comparison* c_;
};

// ---- merge ----

class Merger {
 public:
  Status status;

  std::optional<JsonValue> Walk(const JsonValue* l, const JsonValue* r, TypeRef t) {
    if (t.type == kNoType) return r != nullptr ? *r : *l;
    Atom a = Resolve(t, r != nullptr ? r : l);
    auto leaf = [&]() -> std::optional<JsonValue> { return r != nullptr ? *r : *l; };
    if (a.kind == TypeKind::kScalar) return leaf();
    if (a.kind == TypeKind::kList) {
      const JsonValue* ll = AsList(l);
      const JsonValue* rl = AsList(r);
      if (a.rel == Relationship::kAtomic || (EmptyList(ll) && EmptyList(rl))) return leaf();
      if (ll == nullptr && rl == nullptr) return std::nullopt;
      return ListItems(a, ll, rl);
    }
    const JsonValue* lm = AsMap(l);
    const JsonValue* rm = AsMap(r);
    if (a.rel == Relationship::kAtomic || (EmptyMap(lm) && EmptyMap(rm))) return leaf();
    if (lm == nullptr && rm == nullptr) return std::nullopt;
    JsonValue out = JsonValue::Object();
    for (std::string_view key : ZipKeys(lm, rm)) {
      TypeRef ft;
      FindField(a, key, &ft);
      auto v = Walk(lm != nullptr ? lm->Find(key) : nullptr, rm != nullptr ? rm->Find(key) : nullptr,
                    ft);
      if (v) out.fields.emplace_back(std::string(key), *std::move(v));
    }
    if (out.fields.empty()) return std::nullopt;
    return out;
  }

 private:
  std::optional<JsonValue> ListItems(const Atom& a, const JsonValue* ll, const JsonValue* rl) {
    static const JsonValue kNull;
    std::vector<PathElement> rpes, lpes;
    std::map<PathElement, const JsonValue*> robs, lobs;
    if (rl != nullptr) {
      for (const auto& item : rl->items) {
        auto pe = ListItemElement(a, item);
        if (!pe.ok()) {
          status = pe.status();
          return std::nullopt;
        }
        if (robs.count(*pe) != 0) {
          status = Status::Invalid("duplicate entries for key " + pe->String());
          return std::nullopt;
        }
        robs[*pe] = &item;
        rpes.push_back(*pe);
      }
    }
    std::vector<const JsonValue*> litems;
    if (ll != nullptr) {
      for (const auto& item : ll->items) {
        auto pe = ListItemElement(a, item);
        if (!pe.ok()) {
          status = pe.status();
          return std::nullopt;
        }
        auto it = lobs.find(*pe);
        if (it == lobs.end()) {
          lobs[*pe] = &item;
        } else {
          it->second = &kNull;  // duplicated items are not merged with the new value
        }
        lpes.push_back(*pe);
        litems.push_back(&item);
      }
    }
    std::vector<const PathElement*> shared;
    for (const auto& pe : rpes) {
      if (lobs.count(pe) != 0) shared.push_back(&pe);
    }
    size_t next = 0;
    const PathElement* next_shared = shared.empty() ? nullptr : shared[next++];
    auto advance = [&] { next_shared = next < shared.size() ? shared[next++] : nullptr; };
    auto get = [](const std::map<PathElement, const JsonValue*>& m, const PathElement& pe) {
      auto it = m.find(pe);
      return it == m.end() ? nullptr : it->second;
    };
    std::map<PathElement, bool> merged_rhs;
    JsonValue out = JsonValue::Array();
    auto emit = [&](std::optional<JsonValue> v) {
      if (v) out.items.push_back(*std::move(v));
    };
    size_t li = 0, ri = 0;
    while (li < lpes.size() || ri < rpes.size()) {
      if (li < lpes.size() && ri < rpes.size()) {
        const PathElement& pe = lpes[li];
        if (pe == rpes[ri]) {
          merged_rhs[pe] = true;
          emit(Walk(get(lobs, pe), get(robs, pe), ElemRef(a)));
          ++li, ++ri;
          advance();
          continue;
        }
        if (robs.count(pe) != 0 && next_shared != nullptr && !(*next_shared == pe)) {
          ++li;
          continue;
        }
      }
      if (li < lpes.size()) {
        const PathElement& pe = lpes[li];
        if (robs.count(pe) == 0) {
          emit(Walk(litems[li], nullptr, ElemRef(a)));
          ++li;
          continue;
        }
        if (merged_rhs.count(pe) != 0) ++li;
      }
      if (ri < rpes.size()) {
        const PathElement& pe = rpes[ri];
        merged_rhs[pe] = true;
        emit(Walk(get(lobs, pe), get(robs, pe), ElemRef(a)));
        ++ri;
        if (next_shared != nullptr && *next_shared == pe) advance();
      }
    }
    if (out.items.empty()) return std::nullopt;
    return out;
  }
};

// ---- validation ----

Status ValidateWalk(const JsonValue& v, TypeRef t, Path* path) {
  auto fail = [&](const std::string& msg) { return Status::Invalid(PathString(*path) + ": " + msg); };
  Atom a = Resolve(t, &v);
  if (v.is_null()) return Status::Ok();
  if (a.kind == TypeKind::kScalar) {
    if (v.is_object()) return fail("expected scalar, got map");
    if (v.is_array()) return fail("expected scalar, got list");
    return Status::Ok();
  }
  if (a.kind == TypeKind::kList) {
    if (!v.is_array()) return fail("expected list, got " + patch::GoFormatV(v));
    if (a.rel != Relationship::kAssociative) {
      for (const auto& item : v.items) {
        if (Status s = ValidateWalk(item, ElemRef(a), path); !s.ok()) return s;
      }
      return Status::Ok();
    }
    std::map<PathElement, bool> seen;
    for (size_t i = 0; i < v.items.size(); ++i) {
      auto pe = ListItemElement(a, v.items[i]);
      if (!pe.ok()) return fail("element " + std::to_string(i) + ": " + pe.status().message());
      if (seen.count(*pe) != 0) return fail("duplicate entries for key " + pe->String());
      seen[*pe] = true;
      path->push_back(*pe);
      Status s = ValidateWalk(v.items[i], ElemRef(a), path);
      path->pop_back();
      if (!s.ok()) return s;
    }
    return Status::Ok();
  }
  if (!v.is_object()) return fail("expected map, got " + patch::GoFormatV(v));
  for (const auto& [key, val] : v.fields) {
    TypeRef ft;
    path->push_back(PathElement::Field(key));
    Status s = Status::Ok();
    if (!FindField(a, key, &ft) && ft.type == kNoType) {
      s = Status::Invalid(PathString(*path) + ": field not declared in schema");
    } else {
      s = ValidateWalk(val, ft, path);
    }
    path->pop_back();
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

void ToSet(const JsonValue& v, TypeRef t, Path* path, Set* out) {
  if (t.type == kNoType) return;
  Atom a = Resolve(t, &v);
  if (a.kind == TypeKind::kScalar) {
    out->Insert(*path);
    return;
  }
  if (a.kind == TypeKind::kList) {
    if (a.rel == Relationship::kAtomic) {
      out->Insert(*path);
      return;
    }
    if (!v.is_array()) return;
    std::map<PathElement, int> count;
    std::vector<std::optional<PathElement>> pes;
    for (const auto& item : v.items) {
      auto pe = ListItemElement(a, item);
      pes.push_back(pe.ok() ? std::optional<PathElement>(*pe) : std::nullopt);
      if (pe.ok() && ++count[*pe] == 2) out->Insert(Append(*path, *pe));
    }
    for (size_t i = 0; i < v.items.size(); ++i) {
      if (!pes[i] || count[*pes[i]] > 1) continue;
      path->push_back(*pes[i]);
      ToSet(v.items[i], ElemRef(a), path, out);
      out->Insert(*path);
      path->pop_back();
    }
    return;
  }
  if (a.rel == Relationship::kAtomic) {
    out->Insert(*path);
    return;
  }
  if (!v.is_object()) return;
  for (const auto& [key, val] : v.fields) {
    TypeRef ft;
    bool declared = FindField(a, key, &ft);
    path->push_back(PathElement::Field(key));
    ToSet(val, ft, path, out);
    if (val.is_null() || (val.is_object() && val.fields.empty()) || !declared) out->Insert(*path);
    path->pop_back();
  }
}

JsonValue RemoveWalk(const JsonValue& v, const Set& to_remove, TypeRef t) {
  if (t.type == kNoType) return v;
  Atom a = Resolve(t, &v);
  if (a.kind == TypeKind::kScalar) return v;
  if (a.kind == TypeKind::kList) {
    if (!v.is_array() || v.items.empty() || a.rel == Relationship::kAtomic) return JsonValue();
    JsonValue out = JsonValue::Array();
    for (const auto& item : v.items) {
      auto pe = ListItemElement(a, item);
      if (!pe.ok()) {
        out.items.push_back(item);
        continue;
      }
      if (to_remove.HasMember(*pe)) continue;
      const Set& sub = to_remove.WithPrefix(*pe);
      out.items.push_back(sub.Empty() ? item : RemoveWalk(item, sub, ElemRef(a)));
    }
    return out.items.empty() ? JsonValue() : out;
  }
  if (!v.is_object() || v.fields.empty() || a.rel == Relationship::kAtomic) return JsonValue();
  JsonValue out = JsonValue::Object();
  for (const auto& [key, val] : v.fields) {
    PathElement pe = PathElement::Field(key);
    if (to_remove.HasMember(pe)) continue;
    TypeRef ft;
    FindField(a, key, &ft);
    const Set& sub = to_remove.WithPrefix(pe);
    out.fields.emplace_back(key, sub.Empty() ? val : RemoveWalk(val, sub, ft));
  }
  return out.fields.empty() ? JsonValue() : out;
}

}  // namespace

StatusOr<PathElement> ListItemElement(const Atom& list, const JsonValue& item) {
  if (list.rel != Relationship::kAssociative) {
    return Status::Invalid("invalid indexing of non-associative list");
  }
  PathElement pe;
  if (!list.keys.empty()) {
    if (item.is_null()) return Status::Invalid("associative list with keys may not have a null element");
    if (!item.is_object()) {
      return Status::Invalid("associative list with keys may not have non-map elements");
    }
    Atom elem = Resolve(TypeRef{list.elem, -1}, &item);
    pe.kind = PathElement::kKey;
    for (std::string_view k : list.keys) {
      if (const JsonValue* v = item.Find(k)) {
        pe.key.emplace_back(std::string(k), *v);
        continue;
      }
      TypeRef ft;
      std::string_view def;
      if (FindField(elem, k, &ft, &def) && !def.empty()) {
        auto dv = patch::ParseJson(def);
        if (dv.ok()) {
          pe.key.emplace_back(std::string(k), *std::move(dv));
          continue;
        }
      }
      return Status::Invalid("associative list with keys has an element that omits key field \"" +
                             std::string(k) + "\" (and doesn't have default value)");
    }
    return pe;
  }
  if (item.is_object()) return Status::Invalid("associative list without keys has an element that's a map type");
  if (item.is_array()) return Status::Invalid("associative list without keys has an element that's a list type");
  pe.kind = PathElement::kValue;
  pe.value = item;
  return pe;
}

Set ToFieldSet(const JsonValue& v, TypeRef t) {
  Set out;
  Path path;
  ToSet(v, t, &path, &out);
  return out;
}

Comparison Compare(const JsonValue& lhs, const JsonValue& rhs, TypeRef t) {
  Comparison c;
  Comparer w(&c);
  Path path;
  w.Walk(&lhs, &rhs, t, &path);
  return c;
}

StatusOr<JsonValue> Merge(const JsonValue& lhs, const JsonValue& rhs, TypeRef t) {
  Merger m;
  auto out = m.Walk(&lhs, &rhs, t);
  if (!m.status.ok()) return m.status;
  return out ? *std::move(out) : JsonValue::Object();
}

JsonValue RemoveItems(const JsonValue& v, const Set& to_remove, TypeRef t) {
  JsonValue out = RemoveWalk(v, to_remove, t);
  return out.is_null() ? JsonValue::Object() : out;
}

Set EnsureNamedFieldsAreMembers(const Set& s, TypeRef t) {
  Set out;
  bool typed = t.type != kNoType;
  Atom a = typed ? Resolve(t, nullptr) : Atom{};
  for (const auto& pe : s.members()) out.Insert({pe});
  for (const auto& [pe, child] : s.children()) {
    TypeRef ct{kNoType, -1};
    if (typed && pe.kind == PathElement::kField && a.kind == TypeKind::kMap) {
      if (FindField(a, pe.name, &ct)) out.Insert({pe});
    } else if (typed && pe.kind == PathElement::kKey && a.kind == TypeKind::kList) {
      ct = ElemRef(a);
    }
    out.Descend(pe) = EnsureNamedFieldsAreMembers(child, ct);
  }
  return out;
}

Status Validate(const JsonValue& v, TypeRef t) {
  Path path;
  return ValidateWalk(v, t, &path);
}

}  // namespace kubecxx::smd
