// EventSink: the seam between the event broadcaster and the API server — create an
// events.k8s.io/v1 Event, or strategic-merge-patch one (series updates). The real sink is
// rest_event_sink.h on the REST layer; tests use FakeEventSink.
//
// Error contract (Status codes, as client-go's recordEvent tells errors apart):
//   kNotFound      : HTTP 404 (a patched Event is gone: the broadcaster creates it again)
//   kAlreadyExists : the Event's name exists
//   kUnavailable   : no API answer (transport failure, timeout): retried after a sleep
//   anything else  : the server answered with an error Status: not retried
// The sink returns the Event the server stored.
//
// Thread-safety: called from the broadcaster's worker thread only.
#pragma once

#include <string_view>

#include "kubecxx/api/events/v1/types.h"
#include "lib/base/status.h"

namespace kubecxx::client::events {

using Event = api::events::v1::Event;

class EventSink {
 public:
  virtual ~EventSink() = default;
  // REQUIRES: event.object_meta.namespace_ non-empty (the broadcaster defaults it).
  virtual StatusOr<Event> Create(const Event& event) = 0;
  // PATCH of event.object_meta.name with application/strategic-merge-patch+json.
  virtual StatusOr<Event> Patch(const Event& event, std::string_view patch) = 0;
};

}  // namespace kubecxx::client::events
