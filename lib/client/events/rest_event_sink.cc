#include "lib/client/events/rest_event_sink.h"

#include <utility>

namespace kubecxx::client::events {

namespace {

StatusOr<Event> Wrap(ApiResult<Event> r) {
  if (r.ok()) return std::move(r).value();
  const ApiError& e = r.error();
  if (e.code() == 404) return Status(StatusCode::kNotFound, e.message());
  if (IsAlreadyExists(e)) return Status(StatusCode::kAlreadyExists, e.message());
  if (e.code() == 0) return Status(StatusCode::kUnavailable, e.message());
  return Status(StatusCode::kInternal, e.message());
}

}  // namespace

StatusOr<Event> RestEventSink::Create(const Event& event) {
  if (event.object_meta.namespace_.empty()) {
    return Status::Invalid("can't create an event with empty namespace");
  }
  return Wrap(TypedClient<Event>(rest_, event.object_meta.namespace_).Create(event));
}

StatusOr<Event> RestEventSink::Patch(const Event& event, std::string_view patch) {
  if (event.object_meta.namespace_.empty()) {
    return Status::Invalid("can't patch an event with empty namespace");
  }
  return Wrap(TypedClient<Event>(rest_, event.object_meta.namespace_)
                  .Patch(event.object_meta.name, PatchType::kStrategicMerge, patch));
}

}  // namespace kubecxx::client::events
