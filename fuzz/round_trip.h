// The properties the decoder fuzz targets check, shared with the regression test
// that replays saved fuzz findings in the normal build.
//
// For one input in one wire format:
//   1. decoding never crashes, hangs or trips a sanitizer, whatever the bytes;
//   2. when it decodes, re-encoding succeeds (YAML may refuse characters go-yaml
//      cannot read back; that is an error value, not a crash);
//   3. protobuf: the re-encoding decodes to an equal object and encodes to the
//      same bytes again (gogo's codec is exact);
//   4. JSON: the re-encoding decodes (except where upstream's own re-encoding
//      cannot be read back: years past 9999); from there on JSON round-trips
//      exactly (same object, same bytes), and so does the object's protobuf
//      encoding. The first step may normalise what upstream normalises (raw JSON
//      compacted, `items: []` becoming absent), see round_trip.cc.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "lib/model/wire.h"

namespace kubecxx::fuzz {

// Returns "" when every property holds for `data`, otherwise which one broke.
// A crash, sanitizer report or hang is property 1 failing and is not returned.
std::string CheckRoundTrip(std::string_view data, codec::WireFormat format);

}  // namespace kubecxx::fuzz
