// Codecs for the value types the generator maps onto hand-written classes:
// metav1.Time, metav1.MicroTime and resource.Quantity (lib/api). They live in
// namespace kubecxx::api so that argument-dependent lookup finds them from the
// generic templates in model_codec.h and from generated code.
//
// Wire forms (as upstream's MarshalJSON / Marshal):
// - Time: JSON RFC3339 UTC string, null when zero; protobuf Timestamp{1: seconds,
//   2: nanos}, an empty message when zero.
// - MicroTime: JSON "2006-01-02T15:04:05.000000Z" (6 digits), null when zero;
//   protobuf Timestamp with nanos truncated to microseconds.
// - Quantity: JSON canonical string (a bare number is accepted on input);
//   protobuf {1: canonical string}.
#pragma once

#include "lib/api/quantity.h"
#include "lib/api/time.h"
#include "lib/codec/json_reader.h"
#include "lib/codec/json_writer.h"
#include "lib/codec/proto_reader.h"
#include "lib/codec/proto_writer.h"

namespace kubecxx::api {

void WriteJson(codec::JsonWriter& w, const Time& v);
bool ReadJson(codec::JsonReader& r, Time& v);
void WriteProto(codec::ProtoWriter& w, const Time& v);
bool ReadProto(codec::ProtoReader& r, Time& v);

void WriteJson(codec::JsonWriter& w, const MicroTime& v);
bool ReadJson(codec::JsonReader& r, MicroTime& v);
void WriteProto(codec::ProtoWriter& w, const MicroTime& v);
bool ReadProto(codec::ProtoReader& r, MicroTime& v);

void WriteJson(codec::JsonWriter& w, const Quantity& v);
bool ReadJson(codec::JsonReader& r, Quantity& v);
void WriteProto(codec::ProtoWriter& w, const Quantity& v);
bool ReadProto(codec::ProtoReader& r, Quantity& v);

}  // namespace kubecxx::api
