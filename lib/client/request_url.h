// URL and query building for the REST layer, as client-go's rest.Request.URL() and the
// parameter codec of its typed clients (k8s.io/apimachinery runtime.ParameterCodec) do it:
//
//   <host path prefix>/api/v1[/namespaces/NS]/RESOURCE[/NAME][/SUBRESOURCE]?<query>
//   <host path prefix>/apis/GROUP/VERSION/...
//
// Query parameters are sorted by key and escaped like Go's url.Values.Encode; option
// structs contribute only their non-zero fields (pointers when set), as upstream's
// queryparams.Convert. Path segments are checked like rest.IsValidPathSegmentName.
//
// Thread-safety: pure functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/base/status.h"

namespace kubecxx::client {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Query parameters, with upstream's names in the comments.
struct GetOptions {
  std::string resource_version;  // resourceVersion
};

struct ListOptions {
  std::string label_selector;               // labelSelector
  std::string field_selector;               // fieldSelector
  std::string resource_version;             // resourceVersion
  std::string resource_version_match;       // resourceVersionMatch: NotOlderThan | Exact
  int64_t limit = 0;                        // limit (0: none)
  std::string continue_token;               // continue
  std::optional<int64_t> timeout_seconds;   // timeoutSeconds (also sets "timeout", as
                                            // typed clients do)
  bool allow_watch_bookmarks = false;       // allowWatchBookmarks (watch)
  std::optional<bool> send_initial_events;  // sendInitialEvents (watch; WatchList)
};

struct WriteOptions {         // Create/Update/Patch
  bool dry_run = false;       // dryRun=All
  std::string field_manager;  // fieldManager
  std::string field_validation;  // fieldValidation: Strict | Warn | Ignore
  std::optional<bool> force;  // force (apply patches only)
};

struct DeleteOptions {        // sent as a meta/v1 DeleteOptions body
  std::optional<int64_t> grace_period_seconds;
  std::string precondition_uid;
  std::string precondition_resource_version;
  std::string propagation_policy;  // Orphan | Background | Foreground
  bool dry_run = false;
};

QueryParams ToQuery(const GetOptions& opts);
// `watch` adds watch=true (typed Watch sets ListOptions.Watch).
QueryParams ToQuery(const ListOptions& opts, bool watch);
QueryParams ToQuery(const WriteOptions& opts);

// url.QueryEscape / url.Values.Encode (sorted by key, stable for repeated keys).
std::string QueryEscape(std::string_view s);
std::string EncodeQuery(QueryParams params);
// url.URL.EscapedPath for a path that has no escapes yet.
std::string EscapePath(std::string_view path);

// time.Duration.String() ("30s", "1m0s", "1.5s", "0s").
std::string GoDurationString(std::chrono::nanoseconds d);

// rest.IsValidPathSegmentName: the messages, empty when valid.
std::vector<std::string> InvalidPathSegmentReasons(std::string_view name);

struct UrlParts {
  std::string_view group;
  std::string_view version;
  std::string_view resource;
  std::string_view namespace_;  // "" : not namespaced
  std::string_view name;
  std::string_view subresource;
};

// The path below the host: "/api/v1/namespaces/ns/pods/name/status". Errors (client-go's
// words): "invalid resource name \"a/b\": [may not contain '/']" and the like.
StatusOr<std::string> BuildPath(std::string_view host_path_prefix, const UrlParts& parts);

}  // namespace kubecxx::client
