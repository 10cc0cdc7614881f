// Lists and watch events of any kind in the three wire formats, as the apiserver writes
// them:
//  * a list is "<Kind>List" with metadata (ListMeta) and items; items carry no
//    apiVersion/kind in JSON/YAML (typed lists), and in protobuf the list is one message
//    (field 1 ListMeta, field 2 repeated items) in the "k8s\0" envelope;
//  * a JSON watch event is {"type":"ADDED","object":{...}} plus "\n";
//  * a protobuf watch frame is a 4-byte big-endian length and a raw metav1.WatchEvent
//    (field 1 type, field 2 RawExtension{raw = the object's "k8s\0" envelope}).
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/base/status.h"
#include "lib/codec/registry.h"
#include "lib/model/wire.h"

namespace kubecxx::apiserver {

struct ListMetaValues {
  std::string resource_version;
  std::string continue_token;
  std::optional<int64_t> remaining_item_count;
};

// REQUIRES: items are of `kind` (their apiVersion/kind are cleared for JSON/YAML).
StatusOr<std::string> EncodeList(const codec::KindInfo* kind, std::vector<codec::Object>& items,
                                 const ListMetaValues& meta, codec::WireFormat format);

// `type`: "ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR". REQUIRES: format is JSON or
// protobuf; the object has its apiVersion/kind set.
// One watch event frame around an already encoded object (the protobuf `k8s\0` envelope, or
// JSON): a length-prefixed metav1.WatchEvent for protobuf, a JSON line otherwise.
std::string WatchEventFrame(std::string_view type, std::string_view encoded_object,
                            codec::WireFormat format);
std::string EncodeWatchEvent(std::string_view type, const codec::Object& obj,
                             codec::WireFormat format);

}  // namespace kubecxx::apiserver
