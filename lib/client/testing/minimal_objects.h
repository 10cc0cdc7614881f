// A minimal valid object for each GA built-in resource that has create, get and delete in
// the v1.37 resource table, for CRUD tests against a stock kube-apiserver. Hand-written:
// upstream's testdata fixtures are fuzzed values that do not pass validation.
//
// `fields` is the JSON after metadata (without braces), `name` the name pattern ("" means
// $NAME). Placeholders: $NAME (a lowercase alphanumeric name starting with a letter),
// $NS (the test namespace), $OCTET/$OCTET2 (numbers 1..254 unique per object).
// Thread-safety: an immutable table.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace kubecxx::client::testing {

struct MinimalObject {
  std::string_view group;
  std::string_view version;
  std::string_view resource;
  std::string_view name;    // "" : $NAME
  std::string_view fields;  // JSON members after "metadata", may be empty
};

std::span<const MinimalObject> MinimalObjects();

}  // namespace kubecxx::client::testing
