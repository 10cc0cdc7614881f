// Field paths and field sets as sigs.k8s.io/structured-merge-diff v6 (fieldpath package)
// defines them: path elements (field name, list-map key, set value, index) with its total
// order, paths printed as conflicts print them (.spec.replicas, [name="c"], [=v], [0]),
// sets as a sorted tree (members + children) with its union, intersection, difference and
// recursive difference, and the FieldsV1 encoding of metadata.managedFields (f:/k:/v:/i:
// keys, "." for a node that is also a member).
// Thread-safety: plain values.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "lib/base/status.h"
#include "lib/patch/json_value.h"

namespace kubecxx::smd {

using patch::JsonValue;

// value.Compare of two JSON values as structured-merge-diff orders them.
int CompareValues(const JsonValue& a, const JsonValue& b);
// value.Equals: deep equality, numbers by value (int 1 == float 1.0), maps unordered.
bool ValuesEqual(const JsonValue& a, const JsonValue& b);
// The value as encoding/json marshals its unstructured form (object keys sorted).
std::string SerializeSorted(const JsonValue& v);
void WriteValue(const JsonValue& v, std::string* out);

struct PathElement {
  enum Kind : uint8_t { kField, kKey, kValue, kIndex };
  Kind kind = kField;
  std::string name;                                    // kField
  std::vector<std::pair<std::string, JsonValue>> key;  // kKey, in the order built
  JsonValue value;                                     // kValue
  int index = 0;                                       // kIndex

  static PathElement Field(std::string n) {
    PathElement pe;
    pe.name = std::move(n);
    return pe;
  }
  // PathElement.Compare: fields < keys < values < indices, then by content.
  static int Compare(const PathElement& a, const PathElement& b);
  bool operator==(const PathElement& o) const { return Compare(*this, o) == 0; }
  bool operator<(const PathElement& o) const { return Compare(*this, o) < 0; }
  // PathElement.String(): ".name", "[k=\"v\",n=1]", "[=\"v\"]", "[0]".
  std::string String() const;
  // The FieldsV1 key: f:name, k:{"k":"v"}, v:"v", i:0.
  std::string Serialize() const;
};

using Path = std::vector<PathElement>;
std::string PathString(const Path& p);

class Set {
 public:
  bool Empty() const;
  // Inserts the path as a member (its parents are not made members).
  void Insert(const Path& p) { Insert(p, 0); }
  bool Has(const Path& p) const;
  Set Union(const Set& o) const;
  Set Intersection(const Set& o) const;
  // Members of this not in o; o's members do not remove this set's children.
  Set Difference(const Set& o) const;
  // As Difference, and o's members remove this set's children below them too.
  Set RecursiveDifference(const Set& o) const;
  // The subset below pe (empty when none).
  const Set& WithPrefix(const PathElement& pe) const;
  // Preorder: members (sorted) then each child's paths.
  void Iterate(const std::function<void(const Path&)>& f) const;

  const std::vector<PathElement>& members() const { return members_; }
  const std::vector<std::pair<PathElement, Set>>& children() const { return children_; }
  std::vector<PathElement>& mutable_members() { return members_; }
  Set& Descend(const PathElement& pe);
  bool HasMember(const PathElement& pe) const;
  const Set* Child(const PathElement& pe) const;

  // FieldsV1 JSON as fieldpath.Set.ToJSON writes it.
  std::string ToJson() const;
  // Set.FromJSON; unknown key prefixes are dropped as upstream drops them.
  static StatusOr<Set> FromJson(std::string_view json);

 private:
  void Insert(const Path& p, size_t from);
  void IteratePrefix(Path* prefix, const std::function<void(const Path&)>& f) const;
  void Emit(bool include_self, std::string* out) const;

  std::vector<PathElement> members_;
  std::vector<std::pair<PathElement, Set>> children_;
};

}  // namespace kubecxx::smd
