// events.k8s.io/v1 Event <-> core v1 Event, field for field as upstream's
// pkg/apis/events/v1/conversion.go converts through the internal (core) Event:
// regarding <-> involvedObject, note <-> message, deprecatedSource <-> source,
// deprecatedFirstTimestamp/LastTimestamp/Count <-> firstTimestamp/lastTimestamp/count; the
// rest (metadata, eventTime, series, action, reason, related, type, reportingController,
// reportingInstance) is copied. core's EventSeries and events.k8s.io's have the same fields.
#include "kubecxx/api/core/v1/types.h"
#include "kubecxx/api/events/v1/types.h"
#include "lib/apiserver/conversion/pairs.h"

namespace kubecxx::apiserver::conversion::internal {
namespace {

const codec::KindInfo* CoreEvent() {
  static const codec::KindInfo* k = codec::FindKind("", "v1", "Event");
  return k;
}
const codec::KindInfo* EventsEvent() {
  static const codec::KindInfo* k = codec::FindKind("events.k8s.io", "v1", "Event");
  return k;
}

}  // namespace

StatusOr<codec::Object> EventsV1ToCoreV1(const codec::Object& in) {
  const auto* e = in.As<api::events::v1::Event>();
  codec::Object out(CoreEvent());
  auto* c = out.As<api::core::v1::Event>();
  c->type_meta = {"Event", "v1"};
  c->object_meta = e->object_meta;
  c->involved_object = e->regarding;
  c->reason = e->reason;
  c->message = e->note;
  c->source = e->deprecated_source;
  c->first_timestamp = e->deprecated_first_timestamp;
  c->last_timestamp = e->deprecated_last_timestamp;
  c->count = e->deprecated_count;
  c->type = e->type;
  c->event_time = e->event_time;
  if (e->series) {
    api::core::v1::EventSeries s;
    s.count = e->series->count;
    s.last_observed_time = e->series->last_observed_time;
    c->series = Box<api::core::v1::EventSeries>(std::move(s));
  }
  c->action = e->action;
  c->related = e->related;
  c->reporting_controller = e->reporting_controller;
  c->reporting_instance = e->reporting_instance;
  return out;
}

StatusOr<codec::Object> CoreV1ToEventsV1(const codec::Object& in) {
  const auto* c = in.As<api::core::v1::Event>();
  codec::Object out(EventsEvent());
  auto* e = out.As<api::events::v1::Event>();
  e->type_meta = {"Event", "events.k8s.io/v1"};
  e->object_meta = c->object_meta;
  e->event_time = c->event_time;
  if (c->series) {
    api::events::v1::EventSeries s;
    s.count = c->series->count;
    s.last_observed_time = c->series->last_observed_time;
    e->series = Box<api::events::v1::EventSeries>(std::move(s));
  }
  e->reporting_controller = c->reporting_controller;
  e->reporting_instance = c->reporting_instance;
  e->action = c->action;
  e->reason = c->reason;
  e->regarding = c->involved_object;
  e->related = c->related;
  e->note = c->message;
  e->type = c->type;
  e->deprecated_source = c->source;
  e->deprecated_first_timestamp = c->first_timestamp;
  e->deprecated_last_timestamp = c->last_timestamp;
  e->deprecated_count = c->count;
  return out;
}

}  // namespace kubecxx::apiserver::conversion::internal
