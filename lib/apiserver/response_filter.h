// The filters stock kube-apiserver applies around every authenticated request's answer:
// request metrics (request_metrics.h), gzip and pretty JSON (response_encoding.h), in one
// ResponseWriter decorator so that no handler has to know about them:
//  * Reply: the body is indented when pretty output was asked and the answer is JSON from
//    /api or /apis; then, on /api and /apis, compressed when the client accepts gzip and the
//    body is longer than 128 KiB (/metrics: at any size, without Vary, as promhttp does;
//    /openapi/v3 never, as stock); the request is recorded with the
//    status and the bytes sent;
//  * StartChunked/WriteChunk/Finish (watches): the long-running gauge is up while the
//    stream is open, each chunk counts as one watch event (its uncompressed size), a
//    WatchList stream is sent as gzip members when the client accepts gzip, and the request
//    is recorded when the stream ends (Finish, or the writer's release).
// Metrics are not authorized: /metrics is served to every authenticated user (stock asks
// the authorizer for the nonResourceURL /metrics; we have no authorizer yet).
//
// Thread-safety: the handler is safe for concurrent use; each writer follows the
// ResponseWriter contract (one producer; OnClose callbacks on server threads).
#pragma once

#include "lib/apiserver/request_metrics.h"
#include "lib/apiserver/resource_registry.h"
#include "lib/server/http.h"

namespace kubecxx::apiserver {

// REQUIRES: registry and metrics outlive the returned handler.
server::Handler WithResponseFilters(server::Handler next, const ResourceRegistry* registry,
                                    RequestMetrics* metrics);

}  // namespace kubecxx::apiserver
