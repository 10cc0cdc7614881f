// The WatchStream implementation over an open HTTP response and a WatchDecoder.
//
// Threading: one reader thread calls Next(); Close() may come from any thread and makes a
// blocked Next() return nullopt promptly (the HttpStream's Close contract).
#pragma once

#include <memory>

#include "lib/client/rest_client.h"
#include "lib/model/wire.h"
#include "lib/net/http_transport.h"

namespace kubecxx::client {

// `format` is the stream framing (from the response's Content-Type). With decode_objects,
// each event's object is decoded when its kind is registered; otherwise only `raw` is set.
std::unique_ptr<WatchStream> NewWatchStream(std::unique_ptr<net::HttpStream> stream,
                                            codec::WireFormat format, bool decode_objects);

}  // namespace kubecxx::client
