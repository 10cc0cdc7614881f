// RestHandler::ServeWatch: the watch verb (see rest_handler.h).
#include <chrono>
#include <random>

#include "kubecxx/api/meta/v1/types.h"
#include "lib/apiserver/cache_serving.h"
#include "lib/apiserver/list_encoding.h"
#include "lib/apiserver/negotiation.h"
#include "lib/apiserver/partial_metadata.h"
#include "lib/apiserver/table/table.h"
#include "lib/apiserver/rest_handler.h"
#include "lib/apiserver/rest_internal.h"

namespace kubecxx::apiserver {
namespace {

using internal::Query;

constexpr std::string_view kInitialEventsEnd = "k8s.io/initial-events-end";
constexpr auto kBookmarkInterval = std::chrono::seconds(60);
constexpr size_t kMaxBacklogBytes = 64u << 20;  // a reader this far behind is dropped

std::string_view EventType(storage::WatchEvent::Type t) {
  switch (t) {
    case storage::WatchEvent::Type::kAdded: return "ADDED";
    case storage::WatchEvent::Type::kModified: return "MODIFIED";
    case storage::WatchEvent::Type::kDeleted: return "DELETED";
    case storage::WatchEvent::Type::kBookmark: return "BOOKMARK";
    case storage::WatchEvent::Type::kError: return "ERROR";
  }
  return "ERROR";
}

codec::Object Bookmark(const codec::KindInfo* kind, int64_t rv, bool initial_end) {
  codec::Object obj(kind);
  kind->set_type_meta(obj.get(), kind->ApiVersion(), kind->kind);
  if (auto* meta = obj.meta()) {
    meta->resource_version = std::to_string(rv);
    if (initial_end) meta->annotations[std::string(kInitialEventsEnd)] = "true";
  }
  return obj;
}

ApiError ListOptionsInvalid(std::string_view field, std::string_view detail) {
  return InvalidError("meta.k8s.io", "ListOptions", "", field, "FieldValueForbidden",
                      "Forbidden: " + std::string(detail));
}

}  // namespace

void RestHandler::ServeWatch(server::Request req, RequestInfo info, ServedResource* r,
                             std::shared_ptr<server::ResponseWriter> w) {
  Negotiated n;
  ApiError error;
  NegotiateOptions nopts;
  nopts.stream = true;
  nopts.conversions = PartialMetadataConversions();
  if (table::ServesTable(*r)) {
    const auto& t = table::TableConversions();
    nopts.conversions.insert(nopts.conversions.end(), t.begin(), t.end());
  }
  if (!Negotiate(req.Header("Accept"), nopts, &n, &error)) {
    w->Reply(ErrorResponse(error));
    return;
  }
  const std::string include_object = Query(req, "includeObject");
  if (n.as == "Table" && !table::ValidIncludeObject(include_object, &error)) {
    w->Reply(ErrorResponse(error, n));
    return;
  }
  std::string ns = r->namespaced ? info.namespace_ : "";
  std::string key = r->Key(ns, "");
  SelectionPredicate selection;
  std::optional<int64_t> timeout_seconds;
  if (!internal::BuildSelection(req, *r, &selection, &error) ||
      !internal::QueryInt(req, "timeoutSeconds", &timeout_seconds, &error)) {
    w->Reply(ErrorResponse(error, n));
    return;
  }
  storage::Predicate predicate = selection.AsStoragePredicate();
  if (!info.name.empty()) {
    // GET .../<name>?watch=1: a watch on one object, as metadata.name=<name>.
    predicate = [name = info.name, inner = predicate](const codec::Object& o) {
      return o.meta() != nullptr && o.meta()->name == name && (!inner || inner(o));
    };
  }
  bool bookmarks = internal::QueryBool(req, "allowWatchBookmarks");
  std::string send_initial = Query(req, "sendInitialEvents");
  std::string rv = Query(req, "resourceVersion");
  std::string match = Query(req, "resourceVersionMatch");
  bool initial = internal::QueryBool(req, "sendInitialEvents");
  if (!send_initial.empty()) {
    if (match != "NotOlderThan") {
      w->Reply(ErrorResponse(ListOptionsInvalid("resourceVersionMatch",
                                                "sendInitialEvents requires setting "
                                                "resourceVersionMatch to NotOlderThan"),
                             n));
      return;
    }
    if (!bookmarks) {
      w->Reply(ErrorResponse(ListOptionsInvalid("allowWatchBookmarks",
                                                "sendInitialEvents requires setting "
                                                "allowWatchBookmarks to true"),
                             n));
      return;
    }
  } else if (!match.empty()) {
    w->Reply(ErrorResponse(ListOptionsInvalid("resourceVersionMatch",
                                              "resourceVersionMatch is forbidden for watch "
                                              "unless sendInitialEvents is provided"),
                           n));
    return;
  }

  std::chrono::seconds timeout;
  if (timeout_seconds && *timeout_seconds > 0) {
    timeout = std::chrono::seconds(*timeout_seconds);
  } else {
    // Upstream: a random timeout in [minRequestTimeout, 2*minRequestTimeout), 30 min.
    std::random_device rd;
    timeout = std::chrono::seconds(1800 + rd() % 1800);
  }
  auto deadline = std::chrono::steady_clock::now() + timeout;

  {
    CachedWatchParams cached;
    cached.collection_key = key;
    cached.resource_version = rv;
    if (!send_initial.empty()) cached.send_initial_events = initial;
    cached.allow_bookmarks = bookmarks;
    cached.predicate = selection;
    if (!info.name.empty()) cached.name = info.name;
    cached.deadline = deadline;
    cached.max_backlog_bytes = kMaxBacklogBytes;
    if (ServeWatchFromCache(*r, std::move(cached), n, w, stopping_)) return;
  }

  std::vector<codec::Object> initial_items;
  int64_t last_rv = 0;
  storage::WatchOptions wopts;
  wopts.predicate = predicate;
  wopts.progress_notify = bookmarks;
  if (initial) {
    storage::ListOptions lopts;
    lopts.resource_version = rv == "0" ? "" : rv;
    lopts.match = rv.empty() || rv == "0" ? storage::ResourceVersionMatch::kUnset
                                          : storage::ResourceVersionMatch::kNotOlderThan;
    lopts.predicate = predicate;
    storage::ListResult list;
    Status s = r->store->GetList(key, lopts, &list);
    if (!s.ok()) {
      w->Reply(ErrorResponse(FromStorageError(s, r->group, r->resource, ""), n));
      return;
    }
    initial_items = std::move(list.items);
    last_rv = list.resource_version;
    wopts.resource_version = std::to_string(last_rv);
  } else {
    wopts.resource_version = rv;
    if (auto parsed = storage::ParseResourceVersion(rv); parsed.ok()) {
      last_rv = static_cast<int64_t>(*parsed);
    }
  }
  auto stream = r->store->Watch(key, wopts);
  if (!stream.ok()) {
    w->Reply(ErrorResponse(FromStorageError(stream.status(), r->group, r->resource, ""), n));
    return;
  }
  std::string content_type = n.format == codec::WireFormat::kProtobuf
                                 ? std::string(kProtobufMediaType) + ";stream=watch"
                                 : std::string(kJsonMediaType);
  // Events as the client asked (metadata-only clients get PartialObjectMetadata).
  // Table watchers get every event's object as a one-row Table, columns in the first only.
  bool table_headers_sent = false;
  auto encode = [&](std::string_view type, const codec::Object& obj) {
    std::string table_json;
    ApiError table_error;
    if (n.as == "Table" && table::EncodeTableJson(*r, {&obj}, nullptr, include_object, n,
                                                  table_headers_sent, &table_json, &table_error)) {
      table_headers_sent = true;
      return WatchEventFrame(type, table_json, codec::WireFormat::kJson);
    }
    auto partial = AsPartialObjectMetadata(obj, n);
    return EncodeWatchEvent(type, partial ? *partial : obj, n.format);
  };
  w->StartChunked(200, {{"Cache-Control", "no-cache, private"}, {"Content-Type", content_type}});
  std::shared_ptr<storage::WatchStream> watch = std::move(*stream);
  w->OnClose([watch] { watch->Stop(); });

  for (const codec::Object& item : initial_items) {
    if (!w->WriteChunk(encode("ADDED", item))) break;
  }
  initial_items.clear();
  if (initial) {
    w->WriteChunk(encode("BOOKMARK", Bookmark(r->kind, last_rv, true)));
  }

  auto next_bookmark = std::chrono::steady_clock::now() + kBookmarkInterval;
  while (!w->Closed() && !stopping_) {
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline || w->PendingBytes() > kMaxBacklogBytes) break;
    if (bookmarks && now >= next_bookmark && last_rv > 0) {
      w->WriteChunk(encode("BOOKMARK", Bookmark(r->kind, last_rv, false)));
      next_bookmark = now + kBookmarkInterval;
    }
    auto wait = std::min<std::chrono::steady_clock::duration>(
        std::chrono::milliseconds(500), deadline - now);
    auto ev = watch->Next(std::chrono::duration_cast<std::chrono::milliseconds>(wait));
    if (!ev.ok()) {
      if (!w->Closed() && !stopping_) {
        w->WriteChunk(EncodeWatchEvent(
            "ERROR", StatusObject(FromStorageError(ev.status(), r->group, r->resource, "")),
            n.format));
      }
      break;
    }
    if (!ev->has_value()) continue;
    storage::WatchEvent& e = **ev;
    if (e.type == storage::WatchEvent::Type::kError) {
      w->WriteChunk(EncodeWatchEvent(
          "ERROR", StatusObject(FromStorageError(e.error, r->group, r->resource, "")), n.format));
      break;
    }
    if (e.resource_version > last_rv) last_rv = e.resource_version;
    if (e.type == storage::WatchEvent::Type::kBookmark) {
      if (!bookmarks) continue;
      w->WriteChunk(encode("BOOKMARK", Bookmark(r->kind, last_rv, false)));
      next_bookmark = std::chrono::steady_clock::now() + kBookmarkInterval;
      continue;
    }
    if (!w->WriteChunk(encode(EventType(e.type), e.object))) break;
  }
  watch->Stop();
  w->Finish();
}

}  // namespace kubecxx::apiserver
