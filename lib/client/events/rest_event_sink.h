// RestEventSink: EventSink over the REST layer (client-go's events.EventSinkImpl):
// POST /apis/events.k8s.io/v1/namespaces/<ns>/events and a strategic merge PATCH of
// .../events/<name>. ApiErrors map to the EventSink codes: HTTP 404 is kNotFound (as
// record/util.IsKeyNotFoundError checks the code), AlreadyExists by its predicate, no HTTP
// answer is kUnavailable (retried), every other server answer kInternal (not retried).
//
// Thread-safety: safe for concurrent use; `rest` must outlive the sink.
#pragma once

#include "lib/client/events/event_sink.h"
#include "lib/client/rest_client.h"

namespace kubecxx::client::events {

class RestEventSink : public EventSink {
 public:
  explicit RestEventSink(RestClient* rest) : rest_(rest) {}
  StatusOr<Event> Create(const Event& event) override;
  StatusOr<Event> Patch(const Event& event, std::string_view patch) override;

 private:
  RestClient* const rest_;
};

}  // namespace kubecxx::client::events
