// Reading unstructured (JSON text) objects and lists, the few accessors of apimachinery's
// unstructured package the dynamic client's callers need: an object's metadata, a list's
// ListMeta and items, and the raw value at a field path. Objects stay JSON text; nothing
// here needs the kind to be registered, so custom resources read the same as built-ins.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kubecxx/api/meta/v1/types.h"
#include "lib/base/status.h"

namespace kubecxx::client {

// The apiVersion, kind and metadata of a JSON object (other fields skipped); an error when
// the text is not a JSON object or its metadata is malformed.
struct UnstructuredHeader {
  std::string api_version;
  std::string kind;
  api::meta::v1::ObjectMeta metadata;
};
StatusOr<UnstructuredHeader> ParseUnstructuredHeader(std::string_view json);

// A JSON list ({"apiVersion","kind","metadata":ListMeta,"items":[...]}); each item is the
// item's exact JSON text.
struct UnstructuredList {
  std::string api_version;
  std::string kind;
  std::string resource_version;
  std::string continue_token;
  std::optional<int64_t> remaining_item_count;
  std::vector<std::string> items;
};
StatusOr<UnstructuredList> ParseUnstructuredList(std::string_view json);

// The exact JSON text of the value at `path` (object keys from the top), nullopt when a key
// is missing or a value on the way is not an object (unstructured.NestedFieldNoCopy); an
// error for text that is not JSON.
StatusOr<std::optional<std::string>> NestedFieldRaw(std::string_view json,
                                                    std::initializer_list<std::string_view> path);

}  // namespace kubecxx::client
