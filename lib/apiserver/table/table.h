// meta.k8s.io Table answers (Accept: application/json;as=Table;v=v1;g=meta.k8s.io, also
// v1beta1 and YAML), as k8s.io/apiserver's transformResponseObject/asTable writes them for
// GET and LIST: the resource's column definitions (columns.h), one row per object with the
// cells of its printer (printers.h) or of the default convertor (Name, Created At), row
// conditions, and the object as includeObject asks (Metadata, the default: a
// PartialObjectMetadata; Object: the full object; None: null). Protobuf cannot carry a Table
// (stock does not offer it), so those Accept clauses are skipped during negotiation.
// Thread-safety: pure functions.
#pragma once

#include <string_view>
#include <vector>

#include "lib/apiserver/list_encoding.h"
#include "lib/apiserver/negotiation.h"
#include "lib/apiserver/resource_registry.h"
#include "lib/server/http.h"

namespace kubecxx::apiserver::table {

// The Table conversions (as=Table, g=meta.k8s.io, v1 and v1beta1).
const std::vector<NegotiateOptions::As>& TableConversions();

// True when the resource answers as=Table as stock does: stock has a Table for it and we
// have its printer (or stock uses the default convertor).
bool ServesTable(const ServedResource& r);

// The Table response for `items` (REQUIRES: ServesTable(r), n.as == "Table"). `list_meta`
// is the list's metadata for LIST, nullptr for a GET of one object (the Table then carries
// its resourceVersion). `include_object` is the includeObject query value; a bad one is a
// 400 as stock words it.
server::Response TableResponse(const ServedResource& r, const std::vector<codec::Object>& items,
                               const ListMetaValues* list_meta, std::string_view include_object,
                               const Negotiated& n);

// Checks the includeObject query value as stock's ValidateTableOptions does (a 400).
bool ValidIncludeObject(std::string_view include_object, ApiError* error);

// One Table in JSON (for watch events: no_headers drops the column definitions, as stock
// sends them with the first event only). Errors: the 400 of a bad includeObject.
bool EncodeTableJson(const ServedResource& r, const std::vector<const codec::Object*>& items,
                     const ListMetaValues* list_meta, std::string_view include_object,
                     const Negotiated& n, bool no_headers, std::string* out, ApiError* error);

}  // namespace kubecxx::apiserver::table
