#include "lib/apiserver/request_metrics.h"

#include <algorithm>
#include <set>
#include <vector>

#include "lib/api/fields.h"
#include "lib/apiserver/pod_subresources.h"
#include "lib/apiserver/request_info.h"
#include "lib/apiserver/scale.h"

namespace kubecxx::apiserver {
namespace {

metrics::Opts MetricOpts(std::string subsystem, std::string name, std::string help,
                         metrics::StabilityLevel stability) {
  metrics::Opts o;
  o.subsystem = std::move(subsystem);
  o.name = std::move(name);
  o.help = std::move(help);
  o.stability = stability;
  return o;
}

constexpr char kComponent[] = "apiserver";

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// getVerbIfWatch: a GET whose first watch value is not "0"/"false" (any case).
bool IsMetricsWatch(const server::Request& req) {
  if (req.method() != "GET") return false;
  auto values = req.QueryValues("watch");
  if (values.empty()) return false;
  std::string v = ToLower(values[0]);
  return v != "0" && v != "false";
}

// metav1's Convert_Slice_string_To_bool for query parameters.
bool QueryParamBool(const server::Request& req, std::string_view key) {
  auto values = req.QueryValues(key);
  if (values.empty() || values[0].empty()) return false;
  return ToLower(values[0]) != "false" && values[0] != "0";
}

// cleanDryRun.
std::string CleanDryRun(const server::Request& req) {
  if (req.raw_query().find("dryRun") == std::string::npos) return "";
  auto values = req.QueryValues("dryRun");
  std::set<std::string> unique;
  for (const std::string& v : values) {
    if (v != "All") return "invalid";
    unique.insert(v);
  }
  std::string out;
  for (const std::string& v : unique) {
    if (!out.empty()) out += ",";
    out += v;
  }
  return out;
}

bool IsValidMethod(std::string_view verb) {
  static const char* const kValid[] = {"APPLY", "CONNECT", "CREATE", "DELETE",
                                       "DELETECOLLECTION", "GET", "LIST", "PATCH",
                                       "POST", "PROXY", "PUT", "UPDATE", "WATCH",
                                       "WATCHLIST"};
  for (const char* v : kValid) {
    if (verb == v) return true;
  }
  return false;
}

bool IsConnectSubresource(std::string_view sub) {
  return sub == "log" || sub == "exec" || sub == "portforward" || sub == "attach" ||
         sub == "proxy";
}

// cleanVerb(CanonicalVerb(METHOD, scope), ...).
std::string ReportedVerb(const server::Request& req, std::string_view scope,
                         std::string_view subresource, bool resource_request) {
  std::string verb = req.method();
  if ((verb == "GET" || verb == "HEAD")) {
    verb = scope != "resource" && !scope.empty() ? "LIST" : "GET";
  }
  if (IsMetricsWatch(req)) verb = "WATCH";
  if (verb == "PATCH" && req.Header("Content-Type") == "application/apply-patch+yaml") {
    verb = "APPLY";
  }
  if (resource_request && IsConnectSubresource(subresource)) verb = "CONNECT";
  return IsValidMethod(verb) ? verb : "other";
}

// isListWatchRequest after SetListOptionsDefaults (the WatchList gate is on in 1.37).
bool IsWatchList(const server::Request& req) {
  if (!QueryParamBool(req, "allowWatchBookmarks")) return false;
  if (!req.QueryValues("sendInitialEvents").empty()) {
    return QueryParamBool(req, "sendInitialEvents");
  }
  if (!req.QueryValues("resourceVersionMatch").empty() &&
      !req.QueryValues("resourceVersionMatch")[0].empty()) {
    return false;
  }
  auto rv = req.QueryValues("resourceVersion");
  return rv.empty() || rv[0].empty() || rv[0] == "0";
}

bool ClassifyResource(const server::Request& req, const ResourceRegistry* registry,
                      RequestClass* out) {
  auto info = ParseRequestInfo(req);
  if (!info) return false;
  bool namespaced = !info->namespace_.empty();
  if (registry != nullptr) {
    ServedResource* r = registry->Find(info->group, info->version, info->resource);
    if (r == nullptr) return false;
    if (!r->namespaced && !info->namespace_.empty() && info->resource != "namespaces") {
      return false;
    }
    if (!info->subresource.empty() && !(info->subresource == "status" && r->has_status) &&
        !(info->subresource == "scale" && HasScale(*r)) &&
        !IsLifecycleSubresource(*r, info->subresource)) {
      return false;
    }
    // Only LIST and WATCH have a route across all namespaces.
    if (r->namespaced && info->namespace_.empty() && info->verb != "list" &&
        info->verb != "watch") {
      return false;
    }
    namespaced = r->namespaced;
  }
  const std::string& m = req.method();
  bool named = !info->name.empty();
  // The installer's route scope.
  std::string scope = "cluster";
  if (namespaced && !info->namespace_.empty()) scope = "namespace";
  if (named || m == "POST") scope = "resource";
  out->instrumented = true;
  out->verb = ReportedVerb(req, scope, info->subresource, true);
  out->dry_run = CleanDryRun(req);
  out->group = info->group;
  out->version = info->version;
  out->resource = info->resource;
  out->subresource = info->subresource;
  out->scope = scope;
  out->component = kComponent;
  out->record_size = m == "GET" || m == "HEAD";  // the GET and LIST routes
  out->watch = out->verb == "WATCH";
  out->watch_list = out->watch && IsWatchList(req);
  // CleanScope of the request info, whose name a list or watch takes from an exact
  // metadata.name field selector.
  if (!named && (info->verb == "list" || info->verb == "watch")) {
    auto values = req.QueryValues("fieldSelector");
    if (!values.empty()) {
      auto selector = api::ParseFieldSelector(values[0]);
      if (selector.ok()) {
        auto name = selector->RequiresExactMatch("metadata.name");
        named = name && *name != "." && *name != ".." &&
                name->find_first_of("/%") == std::string::npos;
      }
    }
  }
  if (named || info->verb == "create") {
    out->long_running_scope = "resource";
  } else if (!info->namespace_.empty()) {
    out->long_running_scope = "namespace";
  } else {
    out->long_running_scope = "cluster";
  }
  return true;
}

}  // namespace

RequestClass ClassifyRequest(const server::Request& req, const ResourceRegistry* registry) {
  RequestClass c;
  const std::string& path = req.path();
  if (path == "/healthz" || path == "/livez" || path == "/readyz") {
    c.instrumented = true;
    c.verb = ReportedVerb(req, "", "", false);
    c.subresource = path;
    c.record_size = true;
    return c;
  }
  // The aggregator's OpenAPI v3 handlers (kube-aggregator openapiv3/aggregator).
  if (path == "/openapi/v3" || path.starts_with("/openapi/v3/")) {
    c.instrumented = true;
    c.verb = ReportedVerb(req, "", "", false);
    c.subresource = path == "/openapi/v3" ? "openapi/v3" : "openapi/v3/";
    c.record_size = true;
    return c;
  }
  if (path == "/api" || path == "/apis") {
    // Only the aggregated form is instrumented; the writer confirms from the answer.
    std::string_view accept = req.Header("Accept");
    if (accept.find("as=APIGroupDiscoveryList") == std::string_view::npos) return c;
    c.instrumented = true;
    c.verb = ReportedVerb(req, "", "", false);
    c.subresource = path.substr(1);
    c.component = kComponent;
    c.record_size = true;
    return c;
  }
  ClassifyResource(req, registry, &c);
  return c;
}

RequestMetrics::RequestMetrics(metrics::Registry* registry)
    : inflight_(registry->NewGaugeVec(
          MetricOpts("apiserver", "current_inflight_requests",
                     "Maximal number of currently used inflight request limit of this "
                     "apiserver per request kind in last second.",
                     metrics::StabilityLevel::kStable),
          {"request_kind"})),
      requests_(registry->NewCounterVec(
          MetricOpts("apiserver", "request_total",
                     "Counter of apiserver requests broken out for each verb, dry run value, "
                   "group, version, resource, scope, component, and HTTP response code.",
                     metrics::StabilityLevel::kStable),
          {"verb", "dry_run", "group", "version", "resource", "subresource", "scope",
           "component", "code"})),
      durations_(registry->NewHistogramVec(
          MetricOpts("apiserver", "request_duration_seconds",
                     "Response latency distribution in seconds for each verb, dry run value, "
                   "group, version, resource, subresource, scope and component.",
                     metrics::StabilityLevel::kStable),
          {0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10,
           15, 20, 30, 45, 60},
          {"verb", "dry_run", "group", "version", "resource", "subresource", "scope",
           "component"})),
      sizes_(registry->NewHistogramVec(
          MetricOpts("apiserver", "response_sizes",
                     "Response size distribution in bytes for each group, version, verb, "
                   "resource, subresource, scope and component.",
                     metrics::StabilityLevel::kStable),
          metrics::ExponentialBuckets(1000, 10.0, 7),
          {"verb", "group", "version", "resource", "subresource", "scope", "component"})),
      long_running_(registry->NewGaugeVec(
          MetricOpts("apiserver", "longrunning_requests",
                     "Gauge of all active long-running apiserver requests broken out by verb, "
                   "group, version, resource, scope and component. Not all requests are "
                   "tracked this way.",
                     metrics::StabilityLevel::kStable),
          {"verb", "group", "version", "resource", "subresource", "scope", "component"})),
      watch_events_(registry->NewCounterVec(
          MetricOpts("apiserver", "watch_events_total",
                     "Number of events sent in watch clients",
                     metrics::StabilityLevel::kBeta),
          {"group", "version", "resource"})),
      watch_event_sizes_(registry->NewHistogramVec(
          MetricOpts("apiserver", "watch_events_sizes",
                     "Watch event size distribution in bytes",
                     metrics::StabilityLevel::kBeta),
          metrics::ExponentialBuckets(1024, 2.0, 8), {"group", "version", "resource"})) {}

RequestMetrics& RequestMetrics::Default() {
  static RequestMetrics* m = new RequestMetrics(&metrics::Registry::Default());
  return *m;
}

void RequestMetrics::Observe(const RequestClass& c, int code, size_t response_bytes,
                             double seconds) {
  std::string code_s = std::to_string(code);
  requests_
      .WithLabelValues({c.verb, c.dry_run, c.group, c.version, c.resource, c.subresource,
                        c.scope, c.component, code_s})
      .Increment();
  durations_
      .WithLabelValues({c.verb, c.dry_run, c.group, c.version, c.resource, c.subresource,
                        c.scope, c.component})
      .Observe(seconds);
  if (c.record_size) {
    sizes_
        .WithLabelValues(
            {c.verb, c.group, c.version, c.resource, c.subresource, c.scope, c.component})
        .Observe(static_cast<double>(response_bytes));
  }
}

void RequestMetrics::InflightDelta(bool mutating, int delta) {
  std::lock_guard<std::mutex> lock(mu_);
  int& n = mutating ? mutating_ : readonly_;
  int& mark = mutating ? mutating_mark_ : readonly_mark_;
  n += delta;
  mark = std::max(mark, n);
}

void RequestMetrics::PublishInflight() {
  int readonly, mutating;
  {
    std::lock_guard<std::mutex> lock(mu_);
    readonly = readonly_mark_;
    mutating = mutating_mark_;
    readonly_mark_ = readonly_;
    mutating_mark_ = mutating_;
  }
  inflight_.WithLabelValues({"readOnly"}).Set(readonly);
  inflight_.WithLabelValues({"mutating"}).Set(mutating);
}

InflightPublisher::InflightPublisher(RequestMetrics* metrics) {
  thread_ = std::thread([this, metrics] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      lock.unlock();
      metrics->PublishInflight();
      lock.lock();
      cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
    }
  });
}

InflightPublisher::~InflightPublisher() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

prometheus::Gauge& RequestMetrics::LongRunning(const RequestClass& c) {
  return long_running_.WithLabelValues({c.verb, c.group, c.version, c.resource, c.subresource,
                                        c.long_running_scope, c.component});
}

prometheus::Counter& RequestMetrics::WatchEvents(const RequestClass& c) {
  return watch_events_.WithLabelValues({c.group, c.version, c.resource});
}

prometheus::Histogram& RequestMetrics::WatchEventSizes(const RequestClass& c) {
  return watch_event_sizes_.WithLabelValues({c.group, c.version, c.resource});
}

}  // namespace kubecxx::apiserver
