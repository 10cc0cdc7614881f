#include "lib/patch/smd/fieldpath.h"

#include <algorithm>
#include <cstdlib>

#include "lib/codec/json_reader.h"
#include "lib/codec/json_writer.h"

namespace kubecxx::smd {
namespace {

using codec::JsonType;
using patch::GoType;
using patch::GoTypeOf;

int Sign(double d) { return d < 0 ? -1 : (d > 0 ? 1 : 0); }

// The order value.Compare gives the kinds (numbers compare by value across int/float).
int KindRank(const JsonValue& v) {
  switch (v.type) {
    case JsonType::kNumber: return 0;
    case JsonType::kString: return 1;
    case JsonType::kBool: return 2;
    case JsonType::kArray: return 3;
    case JsonType::kObject: return 4;
    default: return 5;
  }
}

double NumberOf(const JsonValue& v) { return std::strtod(v.raw.c_str(), nullptr); }

using KeyFields = std::vector<std::pair<std::string, JsonValue>>;

std::vector<const std::pair<std::string, JsonValue>*> SortedFields(const KeyFields& f) {
  std::vector<const std::pair<std::string, JsonValue>*> out;
  for (const auto& kv : f) out.push_back(&kv);
  std::stable_sort(out.begin(), out.end(),
                   [](const auto* a, const auto* b) { return a->first < b->first; });
  return out;
}

int CompareKeys(const KeyFields& a, const KeyFields& b) {
  auto sa = SortedFields(a);
  auto sb = SortedFields(b);
  for (size_t i = 0;; ++i) {
    if (i >= sa.size() && i >= sb.size()) return 0;
    if (i >= sa.size()) return -1;
    if (i >= sb.size()) return 1;
    if (int c = sa[i]->first.compare(sb[i]->first); c != 0) return c < 0 ? -1 : 1;
    if (int c = CompareValues(sa[i]->second, sb[i]->second); c != 0) return c;
  }
}

// value.ToString: strings quoted with %q, numbers and bools bare, null as "null".
std::string ValueString(const JsonValue& v) {
  switch (v.type) {
    case JsonType::kString: {
      std::string out;
      codec::AppendJsonQuoted(&out, v.StringValue());
      return out;
    }
    case JsonType::kNull: return "null";
    case JsonType::kArray: {
      std::string out = "[";
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (i > 0) out += ", ";
        out += ValueString(v.items[i]);
      }
      return out + "]";
    }
    case JsonType::kObject: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, f] : v.fields) {
        if (!first) out += ", ";
        first = false;
        out += k + "=" + ValueString(f);
      }
      return out + "}";
    }
    default: return patch::GoFormatV(v);
  }
}

}  // namespace

// jsoniter's WriteVal of the value's unstructured form: maps with sorted keys.
void WriteValue(const JsonValue& v, std::string* out) {
  switch (v.type) {
    case JsonType::kString: codec::AppendJsonQuoted(out, v.StringValue()); return;
    case JsonType::kArray:
      *out += '[';
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (i > 0) *out += ',';
        WriteValue(v.items[i], out);
      }
      *out += ']';
      return;
    case JsonType::kObject: {
      std::vector<const std::pair<std::string, JsonValue>*> sorted;
      for (const auto& kv : v.fields) sorted.push_back(&kv);
      std::sort(sorted.begin(), sorted.end(),
                [](const auto* a, const auto* b) { return a->first < b->first; });
      *out += '{';
      for (size_t i = 0; i < sorted.size(); ++i) {
        if (i > 0) *out += ',';
        codec::AppendJsonQuoted(out, sorted[i]->first);
        *out += ':';
        WriteValue(sorted[i]->second, out);
      }
      *out += '}';
      return;
    }
    case JsonType::kNull: *out += "null"; return;
    default: *out += v.raw;
  }
}

std::string SerializeSorted(const JsonValue& v) {
  std::string out;
  WriteValue(v, &out);
  return out;
}

namespace {

template <typename T, typename Key>
auto LowerBound(T& vec, const PathElement& pe, Key key) {
  return std::lower_bound(vec.begin(), vec.end(), pe, [&](const auto& item, const PathElement& p) {
    return PathElement::Compare(key(item), p) < 0;
  });
}

const PathElement& Self(const PathElement& pe) { return pe; }
const PathElement& First(const std::pair<PathElement, Set>& n) { return n.first; }

const Set& EmptySet() {
  static const Set* empty = new Set();
  return *empty;
}

}  // namespace

int CompareValues(const JsonValue& a, const JsonValue& b) {
  int ra = KindRank(a), rb = KindRank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (a.type) {
    case JsonType::kNumber: {
      if (GoTypeOf(a) == GoType::kInt64 && GoTypeOf(b) == GoType::kInt64) {
        long long x = std::strtoll(a.raw.c_str(), nullptr, 10);
        long long y = std::strtoll(b.raw.c_str(), nullptr, 10);
        return x < y ? -1 : (x > y ? 1 : 0);
      }
      return Sign(NumberOf(a) - NumberOf(b));
    }
    case JsonType::kString: {
      int c = a.StringValue().compare(b.StringValue());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case JsonType::kBool: return a.raw == b.raw ? 0 : (a.raw == "false" ? -1 : 1);
    case JsonType::kArray:
      for (size_t i = 0;; ++i) {
        if (i >= a.items.size() && i >= b.items.size()) return 0;
        if (i >= a.items.size()) return -1;
        if (i >= b.items.size()) return 1;
        if (int c = CompareValues(a.items[i], b.items[i]); c != 0) return c;
      }
    case JsonType::kObject: return CompareKeys(a.fields, b.fields);
    default: return 0;
  }
}

bool ValuesEqual(const JsonValue& a, const JsonValue& b) {
  if (a.type != b.type) return false;
  switch (a.type) {
    case JsonType::kObject: {
      if (a.fields.size() != b.fields.size()) return false;
      for (const auto& [k, v] : a.fields) {
        const JsonValue* o = b.Find(k);
        if (o == nullptr || !ValuesEqual(v, *o)) return false;
      }
      return true;
    }
    case JsonType::kArray:
      if (a.items.size() != b.items.size()) return false;
      for (size_t i = 0; i < a.items.size(); ++i) {
        if (!ValuesEqual(a.items[i], b.items[i])) return false;
      }
      return true;
    case JsonType::kNull: return true;
    default: return CompareValues(a, b) == 0;
  }
}

int PathElement::Compare(const PathElement& a, const PathElement& b) {
  if (a.kind != b.kind) return a.kind < b.kind ? -1 : 1;
  switch (a.kind) {
    case kField: {
      int c = a.name.compare(b.name);
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case kKey: return CompareKeys(a.key, b.key);
    case kValue: return CompareValues(a.value, b.value);
    case kIndex: return a.index < b.index ? -1 : (a.index > b.index ? 1 : 0);
  }
  return 0;
}

std::string PathElement::String() const {
  switch (kind) {
    case kField: return "." + name;
    case kKey: {
      std::string out = "[";
      for (size_t i = 0; i < key.size(); ++i) {
        if (i > 0) out += ',';
        out += key[i].first + "=" + ValueString(key[i].second);
      }
      return out + "]";
    }
    case kValue: return "[=" + ValueString(value) + "]";
    case kIndex: return "[" + std::to_string(index) + "]";
  }
  return "";
}

std::string PathElement::Serialize() const {
  std::string out;
  switch (kind) {
    case kField: return "f:" + name;
    case kKey:
      out = "k:{";
      for (size_t i = 0; i < key.size(); ++i) {
        if (i > 0) out += ',';
        codec::AppendJsonQuoted(&out, key[i].first);
        out += ':';
        WriteValue(key[i].second, &out);
      }
      return out + "}";
    case kValue:
      out = "v:";
      WriteValue(value, &out);
      return out;
    case kIndex: return "i:" + std::to_string(index);
  }
  return out;
}

std::string PathString(const Path& p) {
  std::string out;
  for (const auto& pe : p) out += pe.String();
  return out;
}

bool Set::Empty() const {
  if (!members_.empty()) return false;
  for (const auto& [pe, s] : children_) {
    if (!s.Empty()) return false;
  }
  return true;
}

void Set::Insert(const Path& p, size_t from) {
  if (from >= p.size()) return;
  if (from + 1 == p.size()) {
    auto it = LowerBound(members_, p[from], Self);
    if (it == members_.end() || !(*it == p[from])) members_.insert(it, p[from]);
    return;
  }
  Descend(p[from]).Insert(p, from + 1);
}

Set& Set::Descend(const PathElement& pe) {
  auto it = LowerBound(children_, pe, First);
  if (it == children_.end() || !(it->first == pe)) it = children_.insert(it, {pe, Set()});
  return it->second;
}

bool Set::HasMember(const PathElement& pe) const {
  auto it = std::lower_bound(members_.begin(), members_.end(), pe);
  return it != members_.end() && *it == pe;
}

const Set* Set::Child(const PathElement& pe) const {
  auto it = std::lower_bound(children_.begin(), children_.end(), pe,
                             [](const auto& n, const PathElement& p) { return n.first < p; });
  if (it == children_.end() || !(it->first == pe)) return nullptr;
  return &it->second;
}

bool Set::Has(const Path& p) const {
  const Set* s = this;
  for (size_t i = 0; i < p.size(); ++i) {
    if (i + 1 == p.size()) return s->HasMember(p[i]);
    s = s->Child(p[i]);
    if (s == nullptr) return false;
  }
  return false;
}

Set Set::Union(const Set& o) const {
  Set out;
  std::set_union(members_.begin(), members_.end(), o.members_.begin(), o.members_.end(),
                 std::back_inserter(out.members_));
  size_t i = 0, j = 0;
  while (i < children_.size() && j < o.children_.size()) {
    int c = PathElement::Compare(children_[i].first, o.children_[j].first);
    if (c < 0) {
      out.children_.push_back(children_[i++]);
    } else if (c > 0) {
      out.children_.push_back(o.children_[j++]);
    } else {
      out.children_.emplace_back(children_[i].first,
                                 children_[i].second.Union(o.children_[j].second));
      ++i, ++j;
    }
  }
  for (; i < children_.size(); ++i) out.children_.push_back(children_[i]);
  for (; j < o.children_.size(); ++j) out.children_.push_back(o.children_[j]);
  return out;
}

Set Set::Intersection(const Set& o) const {
  Set out;
  std::set_intersection(members_.begin(), members_.end(), o.members_.begin(), o.members_.end(),
                        std::back_inserter(out.members_));
  for (const auto& [pe, s] : children_) {
    if (const Set* oc = o.Child(pe)) {
      Set r = s.Intersection(*oc);
      if (!r.Empty()) out.children_.emplace_back(pe, std::move(r));
    }
  }
  return out;
}

Set Set::Difference(const Set& o) const {
  Set out;
  std::set_difference(members_.begin(), members_.end(), o.members_.begin(), o.members_.end(),
                      std::back_inserter(out.members_));
  for (const auto& [pe, s] : children_) {
    if (const Set* oc = o.Child(pe)) {
      Set r = s.Difference(*oc);
      if (!r.Empty()) out.children_.emplace_back(pe, std::move(r));
    } else {
      out.children_.emplace_back(pe, s);
    }
  }
  return out;
}

Set Set::RecursiveDifference(const Set& o) const {
  Set out;
  std::set_difference(members_.begin(), members_.end(), o.members_.begin(), o.members_.end(),
                      std::back_inserter(out.members_));
  for (const auto& [pe, s] : children_) {
    if (o.HasMember(pe)) continue;
    if (const Set* oc = o.Child(pe)) {
      Set r = s.RecursiveDifference(*oc);
      if (!r.Empty()) out.children_.emplace_back(pe, std::move(r));
    } else {
      out.children_.emplace_back(pe, s);
    }
  }
  return out;
}

const Set& Set::WithPrefix(const PathElement& pe) const {
  const Set* c = Child(pe);
  return c != nullptr ? *c : EmptySet();
}

void Set::Iterate(const std::function<void(const Path&)>& f) const {
  Path prefix;
  IteratePrefix(&prefix, f);
}

void Set::IteratePrefix(Path* prefix, const std::function<void(const Path&)>& f) const {
  for (const auto& pe : members_) {
    prefix->push_back(pe);
    f(*prefix);
    prefix->pop_back();
  }
  for (const auto& [pe, s] : children_) {
    prefix->push_back(pe);
    s.IteratePrefix(prefix, f);
    prefix->pop_back();
  }
}

void Set::Emit(bool include_self, std::string* out) const {
  bool first = true;
  auto sep = [&] {
    if (!first) *out += ',';
    first = false;
  };
  auto key = [&](const PathElement& pe) {
    codec::AppendJsonQuoted(out, pe.Serialize());
    *out += ':';
  };
  if (include_self && !(members_.empty() && children_.empty())) {
    sep();
    *out += "\".\":{}";
  }
  size_t mi = 0, ci = 0;
  while (mi < members_.size() || ci < children_.size()) {
    int c = mi >= members_.size()    ? 1
            : ci >= children_.size() ? -1
                                     : PathElement::Compare(members_[mi], children_[ci].first);
    sep();
    if (c < 0) {
      key(members_[mi++]);
      *out += "{}";
      continue;
    }
    key(children_[ci].first);
    *out += '{';
    children_[ci].second.Emit(c == 0, out);
    *out += '}';
    if (c == 0) ++mi;
    ++ci;
  }
}

std::string Set::ToJson() const {
  std::string out = "{";
  Emit(false, &out);
  return out + "}";
}

namespace {

StatusOr<PathElement> ParsePathElement(std::string_view s) {
  if (s.size() < 2) return Status::Invalid("key must be 2 characters long:");
  if (s[1] != ':') return Status::Invalid("missing colon: " + std::string(s));
  PathElement pe;
  std::string_view body = s.substr(2);
  switch (s[0]) {
    case 'f': pe.kind = PathElement::kField; pe.name = std::string(body); return pe;
    case 'v': {
      auto v = patch::ParseJson(body);
      if (!v.ok()) return v.status();
      pe.kind = PathElement::kValue;
      pe.value = *std::move(v);
      return pe;
    }
    case 'k': {
      auto v = patch::ParseJson(body);
      if (!v.ok()) return v.status();
      if (!v->is_object()) return Status::Invalid("key is not an object");
      pe.kind = PathElement::kKey;
      pe.key = std::move(v->fields);
      std::stable_sort(pe.key.begin(), pe.key.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      return pe;
    }
    case 'i': {
      pe.kind = PathElement::kIndex;
      char* end = nullptr;
      std::string text(body);
      pe.index = static_cast<int>(std::strtol(text.c_str(), &end, 10));
      if (text.empty() || *end != '\0') return Status::Invalid("invalid index " + text);
      return pe;
    }
    default: return Status(StatusCode::kNotFound, "unknown path element type");
  }
}

// readIterV1: (children, is_member) of one JSON object of the encoding.
Status ReadNode(const JsonValue& obj, Set* children, bool* has_children, bool* is_member) {
  *is_member = false;
  *has_children = false;
  if (!obj.is_object()) return Status::Invalid("expected an object");
  for (const auto& [k, v] : obj.fields) {
    if (k == ".") {
      *is_member = true;
      continue;
    }
    auto pe = ParsePathElement(k);
    if (!pe.ok()) {
      if (pe.status().code() == StatusCode::kNotFound) continue;
      return pe.status();
    }
    Set grand;
    bool grand_has = false, child_member = false;
    if (Status s = ReadNode(v, &grand, &grand_has, &child_member); !s.ok()) return s;
    if (child_member) {
      children->Insert({*pe});
      *has_children = true;
    }
    if (grand_has) {
      children->Descend(*pe) = children->Descend(*pe).Union(grand);
      *has_children = true;
    }
  }
  if (!*has_children) *is_member = true;
  return Status::Ok();
}

}  // namespace

StatusOr<Set> Set::FromJson(std::string_view json) {
  auto v = patch::ParseJson(json);
  if (!v.ok()) return v.status();
  Set out;
  bool has = false, member = false;
  if (Status s = ReadNode(*v, &out, &has, &member); !s.ok()) return s;
  return out;
}

}  // namespace kubecxx::smd
