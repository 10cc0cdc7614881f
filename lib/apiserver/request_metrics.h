// The request metrics of stock kube-apiserver v1.37.2 (k8s.io/apiserver/pkg/endpoints/metrics),
// with its names, help texts, stability levels, label names and bucket boundaries:
//   apiserver_request_total{verb,dry_run,group,version,resource,subresource,scope,component,code}
//   apiserver_request_duration_seconds{verb,dry_run,group,version,resource,subresource,scope,
//                                      component}
//   apiserver_response_sizes{verb,group,version,resource,subresource,scope,component}
//   apiserver_longrunning_requests{verb,group,version,resource,subresource,scope,component}
//   apiserver_watch_events_total / apiserver_watch_events_sizes{group,version,resource}
//   apiserver_current_inflight_requests{request_kind}: the highest number of requests
//     executing at once (watches excepted; "readOnly" for get/list, "mutating" for the
//     other methods) during the last second, as the priority-and-fairness filter's
//     watermark publishes it every second (InflightPublisher).
//
// Which requests stock records, and with which labels (ClassifyRequest):
//  * resource requests that reach a route: verb is the method made canonical (GET of a
//    collection is LIST, ?watch=<not 0/false> WATCH, PATCH with application/apply-patch+yaml
//    APPLY, the connect subresources CONNECT; POST, PUT, DELETE stay as they are, so a
//    deletecollection is "DELETE"); scope is the route's: "resource" for a named object or
//    a POST, "namespace" under /namespaces/<ns>/, else "cluster"; component "apiserver";
//    dry_run the sorted, deduplicated dryRun values ("invalid" unless each is "All");
//  * /healthz, /livez and /readyz (exactly those paths) as verb GET, subresource the path,
//    the other labels empty; aggregated discovery (/api, /apis asked for
//    apidiscovery.k8s.io/v2) as subresource "api"/"apis", component "apiserver"; /openapi/v3
//    and /openapi/v3/<anything> as subresource "openapi/v3" and "openapi/v3/";
//  * nothing else (/version, /openapi/v2, /metrics, unknown paths, unauthenticated requests).
// Response sizes are observed for GET and LIST routes only (a watch of a collection is on
// the LIST route, so WATCH sizes are observed too); the long-running gauge counts open
// watches (scope from the request: a name, also from an exact metadata.name field selector,
// or a create is "resource", a namespace "namespace", else "cluster").
//
// Thread-safety: everything here is safe for concurrent use.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "lib/apiserver/resource_registry.h"
#include "lib/metrics/registry.h"
#include "lib/server/http.h"

namespace kubecxx::apiserver {

struct RequestClass {
  bool instrumented = false;  // false: stock records nothing for this request
  std::string verb;           // the reported verb (LIST, WATCH, APPLY, ...)
  std::string dry_run;
  std::string group;
  std::string version;
  std::string resource;
  std::string subresource;
  std::string scope;
  std::string component;
  bool record_size = false;   // a GET or LIST route: apiserver_response_sizes
  bool watch = false;         // long-running: apiserver_longrunning_requests, watch events
  bool watch_list = false;    // a WatchList stream (compressed when the client accepts gzip)
  std::string long_running_scope;
};

// How stock would label `request`. `registry` tells served resources (and their scope)
// from paths stock has no route for; nullptr treats every resource path as served.
RequestClass ClassifyRequest(const server::Request& request, const ResourceRegistry* registry);

// The metric families on one registry (Default() in the server, a fresh one in tests).
class RequestMetrics {
 public:
  explicit RequestMetrics(metrics::Registry* registry);
  // The families on metrics::Registry::Default().
  static RequestMetrics& Default();

  // A completed request: request_total, request_duration_seconds, response_sizes.
  void Observe(const RequestClass& c, int code, size_t response_bytes, double seconds);
  // The apiserver_longrunning_requests series of a watch.
  prometheus::Gauge& LongRunning(const RequestClass& c);
  prometheus::Counter& WatchEvents(const RequestClass& c);
  prometheus::Histogram& WatchEventSizes(const RequestClass& c);

  // A request starts (+1) or ends (-1) executing.
  void InflightDelta(bool mutating, int delta);
  // Sets apiserver_current_inflight_requests to the highest counts since the last call and
  // starts the watermarks over at the current counts.
  void PublishInflight();

 private:
  std::mutex mu_;
  int readonly_ = 0, mutating_ = 0;                     // guarded by mu_
  int readonly_mark_ = 0, mutating_mark_ = 0;           // guarded by mu_
  metrics::GaugeVec& inflight_;
  metrics::CounterVec& requests_;
  metrics::HistogramVec& durations_;
  metrics::HistogramVec& sizes_;
  metrics::GaugeVec& long_running_;
  metrics::CounterVec& watch_events_;
  metrics::HistogramVec& watch_event_sizes_;
};

// Calls metrics->PublishInflight() every second on its own thread until destroyed.
class InflightPublisher {
 public:
  explicit InflightPublisher(RequestMetrics* metrics);
  ~InflightPublisher();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace kubecxx::apiserver
