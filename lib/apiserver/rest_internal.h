// Helpers shared by rest_handler.cc and watch_handler.cc (not a public interface).
#pragma once

#include <optional>
#include <string>

#include "lib/apiserver/api_errors.h"
#include "lib/apiserver/field_selectors.h"
#include "lib/apiserver/request_info.h"
#include "lib/apiserver/resource_registry.h"
#include "lib/server/http.h"
#include "lib/storage/interface.h"

namespace kubecxx::apiserver::internal {

// The first value of a query parameter, or "".
std::string Query(const server::Request& req, std::string_view key);

// labelSelector + fieldSelector (the kind's selectable fields) as a storage predicate;
// an empty predicate when both are empty. Errors: 400 as upstream words them.
bool BuildPredicate(const server::Request& req, const ServedResource& r,
                    storage::Predicate* out, ApiError* error);
// The same as a SelectionPredicate, with the kind's field selectors (field_selectors.h).
bool BuildSelection(const server::Request& req, const ServedResource& r,
                    SelectionPredicate* out, ApiError* error);

// Parses a query parameter as an int64 ("" = unset). Errors: 400.
bool QueryInt(const server::Request& req, std::string_view key, std::optional<int64_t>* out,
              ApiError* error);
// Go's strconv.ParseBool of a query parameter ("" = false).
bool QueryBool(const server::Request& req, std::string_view key);

}  // namespace kubecxx::apiserver::internal
