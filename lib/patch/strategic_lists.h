// Helpers of the strategic merge (strategic_merge.cc): upstream's list ordering, partitioning
// and type checks, with their error texts. Internal to lib/patch.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lib/patch/json_value.h"
#include "lib/patch/patch_error.h"

namespace kubecxx::patch::internal {

using List = std::vector<JsonValue>;

inline constexpr std::string_view kDirective = "$patch";
inline constexpr std::string_view kDelete = "delete";
inline constexpr std::string_view kReplace = "replace";
inline constexpr std::string_view kMerge = "merge";
inline constexpr std::string_view kRetainKeysStrategy = "retainKeys";
inline constexpr std::string_view kRetainKeys = "$retainKeys";
inline constexpr std::string_view kDeleteFromPrimitiveList = "$deleteFromPrimitiveList";
inline constexpr std::string_view kSetElementOrder = "$setElementOrder";

bool HasPrefix(std::string_view s, std::string_view p);
bool IsString(const JsonValue& v, std::string_view s);
JsonValue ListValue(List items);

// mergepatch's error constructors.
PatchError BadArgType(GoType expected, const JsonValue& actual);
PatchError NoMergeKey(const JsonValue& m, std::string_view key);
PatchError BadPatchType(const JsonValue& t, const JsonValue& m);

// Go's interface == on list values (nil equals nil; maps never compare equal).
bool GoEq(const JsonValue& a, const JsonValue& b);

// extractRetainKeysPatchStrategy and extractKey.
bool ExtractRetainKeysStrategy(const std::vector<std::string>& s, std::string* strategy,
                               PatchError* e);
bool ExtractKey(std::string_view s, std::string_view prefix, std::string* out, PatchError* e);

// sliceElementType over the given lists.
bool SliceElementType(const std::vector<const List*>& lists, GoType* out, PatchError* e);

// removeDirectives (false: obj itself is a directive map, drop it) and
// discardNullValuesFromPatch.
bool RemoveDirectives(JsonValue* obj);
void DiscardNulls(JsonValue* v);

// findMapInSliceBasedOnKeyValue: *at = -1 when absent; false on a non-map element.
bool FindMap(const List& m, std::string_view key, const JsonValue& value, int* at,
             PatchError* e);
// extractToDeleteItems.
bool ExtractToDeleteItems(const List& l, List* keep, List* del, PatchError* e);

// normalizeElementOrder: patch items ordered by patch_order, server-only ones by
// server_order, then interleaved as mergeSortedSlice does.
bool NormalizeElementOrder(List patch, List server_only, const List& patch_order,
                           const List& server_order, std::string_view key, GoType kind,
                           List* out, PatchError* e);
// partitionPrimitivesByPresentInList / partitionMapsByPresentInList.
void PartitionPrimitives(const List& original, const List& by, List* in, List* out);
bool PartitionMaps(const List& original, const List& by, std::string_view key, List* in,
                   List* out, PatchError* e);
// deduplicateScalars, its element order included.
void DedupScalars(List& s);

}  // namespace kubecxx::patch::internal
