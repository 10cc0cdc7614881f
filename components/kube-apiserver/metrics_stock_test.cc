// /metrics, gzip and pretty JSON of our kube-apiserver against a STOCK kube-apiserver v1.37.2
// on the same etcd (testing_cluster.h):
//  * the same request sequence on both (podtemplates, each server in its own namespace):
//    the listed families have the same TYPE, HELP, label names and bucket boundaries, and
//    apiserver_request_total, the _count of apiserver_request_duration_seconds and
//    apiserver_response_sizes, and apiserver_watch_events_total move by the same amounts
//    for the same label sets; stock kubectl `get --raw /metrics` reads ours;
//  * a LIST of many objects asked with Accept-Encoding: gzip is compressed by both and
//    decompresses to the same bytes; a small answer is not compressed by either; a
//    WatchList stream is compressed by both, a plain watch by neither;
//  * ?pretty=true and a curl User-Agent give the same indented JSON from both.
// Skips without the stock binaries.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "components/kube-apiserver/shared_cluster_test.h"
#include "lib/net/gzip.h"

namespace kubecxx::kube_apiserver::testing {
namespace {

const char* Name(Server s) { return s == Server::kOurs ? "ours" : "stock"; }
std::string Ns(Server s) { return s == Server::kOurs ? "mt-ours" : "mt-stock"; }

// One scrape in the Prometheus text format.
struct Scrape {
  struct Sample {
    std::string name;
    std::map<std::string, std::string> labels;
    double value = 0;
  };
  std::map<std::string, std::string> type, help;
  std::vector<Sample> samples;

  static Scrape Parse(const std::string& text) {
    Scrape s;
    size_t pos = 0;
    while (pos < text.size()) {
      size_t end = text.find('\n', pos);
      if (end == std::string::npos) end = text.size();
      std::string line = text.substr(pos, end - pos);
      pos = end + 1;
      if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) {
        std::string rest = line.substr(7);
        size_t sp = rest.find(' ');
        (line[2] == 'H' ? s.help : s.type)[rest.substr(0, sp)] = rest.substr(sp + 1);
        continue;
      }
      if (line.empty() || line[0] == '#') continue;
      Sample sample;
      size_t i = line.find_first_of("{ ");
      sample.name = line.substr(0, i);
      if (line[i] == '{') {
        ++i;
        while (line[i] != '}') {
          size_t eq = line.find('=', i);
          std::string key = line.substr(i, eq - i);
          std::string value;
          for (i = eq + 2; line[i] != '"'; ++i) {
            if (line[i] == '\\') ++i;
            value.push_back(line[i]);
          }
          sample.labels[key] = value;
          ++i;
          if (line[i] == ',') ++i;
        }
        ++i;
      }
      sample.value = std::strtod(line.c_str() + i + 1, nullptr);
      s.samples.push_back(std::move(sample));
    }
    return s;
  }

  // The family a sample belongs to (histograms: without _bucket/_sum/_count).
  std::string FamilyOf(const std::string& name) const {
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      std::string_view n(name);
      if (n.ends_with(suffix)) {
        std::string base(n.substr(0, n.size() - std::string_view(suffix).size()));
        auto t = type.find(base);
        if (t != type.end() && t->second == "histogram") return base;
      }
    }
    return name;
  }
  std::set<std::string> LabelNames(const std::string& family) const {
    std::set<std::string> out;
    for (const Sample& s : samples) {
      if (FamilyOf(s.name) != family) continue;
      for (const auto& [k, v] : s.labels) {
        if (k != "le") out.insert(k);
      }
    }
    return out;
  }
  std::set<std::string> Buckets(const std::string& family) const {
    std::set<std::string> out;
    for (const Sample& s : samples) {
      if (s.name == family + "_bucket") out.insert(s.labels.at("le"));
    }
    return out;
  }
  // Series of `name` whose label `key` is `value`, keyed by their labels.
  std::map<std::string, double> Series(const std::string& name, const std::string& key,
                                       const std::string& value) const {
    std::map<std::string, double> out;
    for (const Sample& s : samples) {
      if (s.name != name) continue;
      auto it = s.labels.find(key);
      if (it == s.labels.end() || it->second != value) continue;
      std::string k;
      for (const auto& [lk, lv] : s.labels) k += lk + "=" + lv + ",";
      out[k] = s.value;
    }
    return out;
  }
};

// after - before, without the series that did not move.
std::map<std::string, double> Delta(const std::map<std::string, double>& before,
                                    const std::map<std::string, double>& after) {
  std::map<std::string, double> out;
  for (const auto& [k, v] : after) {
    auto b = before.find(k);
    double d = v - (b == before.end() ? 0 : b->second);
    if (d != 0) out[k] = d;
  }
  return out;
}

class MetricsStockTest : public SharedClusterTest<MetricsStockTest> {
 protected:
  static void SetUpTestSuite() {
    if (!StartCluster()) return;
    for (Server s : {Server::kOurs, Server::kStock}) Must(s, {"create", "namespace", Ns(s)});
    Must(Server::kStock, {"create", "namespace", "mt-gzip"});
  }

  static net::HttpResponse Call(Server s, const std::string& method, const std::string& path,
                                std::vector<std::pair<std::string, std::string>> headers = {},
                                const std::string& body = "") {
    bool has_encoding = false;
    bool has_type = false;
    for (const auto& [k, v] : headers) {
      has_encoding |= k == "Accept-Encoding";
      has_type |= k == "Content-Type";
    }
    if (!has_type) headers.emplace_back("Content-Type", "application/json");
    if (!has_encoding) headers.emplace_back("Accept-Encoding", "identity");
    auto r = cluster_->Http(s, method, path, headers, body);
    EXPECT_TRUE(r.ok()) << Name(s) << " " << path << ": " << r.status().message();
    return r.ok() ? *r : net::HttpResponse{};
  }

  static Scrape ScrapeOf(Server s) {
    auto r = Call(s, "GET", "/metrics");
    EXPECT_EQ(r.status, 200) << Name(s) << ": " << r.body;
    return Scrape::Parse(r.body);
  }

  // The request sequence run against each server in its own namespace.
  static void RunSequence(Server s) {
    const std::string base = "/api/v1/namespaces/" + Ns(s) + "/podtemplates";
    const std::string pt =
        R"({"apiVersion":"v1","kind":"PodTemplate","metadata":{"name":"pt","labels":{"a":"b"}},)"
        R"("template":{"spec":{"containers":[{"name":"c","image":"busybox"}]}}})";
    auto created = Call(s, "POST", base, {}, pt);
    ASSERT_EQ(created.status, 201) << Name(s) << ": " << created.body;
    size_t at = created.body.find("\"resourceVersion\":\"");
    ASSERT_NE(at, std::string::npos);
    std::string rv = created.body.substr(at + 19, created.body.find('"', at + 19) - at - 19);
    EXPECT_EQ(Call(s, "POST", base, {}, pt).status, 409);
    EXPECT_EQ(Call(s, "GET", base + "/pt").status, 200);
    EXPECT_EQ(Call(s, "GET", base + "/missing").status, 404);
    EXPECT_EQ(Call(s, "GET", base).status, 200);
    EXPECT_EQ(Call(s, "GET", "/api/v1/podtemplates?limit=500").status, 200);
    EXPECT_EQ(Call(s, "PATCH", base + "/pt", {{"Content-Type", "application/merge-patch+json"}},
                   R"({"metadata":{"labels":{"c":"d"}}})")
                  .status,
              200);
    EXPECT_EQ(Call(s, "PUT", base + "/pt", {}, pt).status, 200);
    auto watched = Call(s, "GET", base + "?watch=1&timeoutSeconds=2&resourceVersion=" + rv);
    EXPECT_EQ(watched.status, 200);
    EXPECT_EQ(Call(s, "DELETE", base + "/pt?dryRun=All").status, 200);
    EXPECT_EQ(Call(s, "DELETE", base + "/pt").status, 200);
    EXPECT_EQ(Call(s, "DELETE", base + "?labelSelector=a%3Db").status, 200);
    EXPECT_EQ(Call(s, "GET", "/healthz").status, 200);
    EXPECT_EQ(Call(s, "GET", "/readyz?verbose").status, 200);
    EXPECT_EQ(Call(s, "GET", "/livez/ping").status, 200);  // not instrumented
    EXPECT_EQ(Call(s, "GET", "/apis",
                   {{"Accept", "application/json;g=apidiscovery.k8s.io;v=v2;"
                               "as=APIGroupDiscoveryList"}})
                  .status,
              200);
    EXPECT_EQ(Call(s, "GET", "/apis").status, 200);  // legacy: not instrumented
  }
};

TEST_F(MetricsStockTest, FamiliesLabelsAndCountersAsStock) {
  Scrape before[2] = {ScrapeOf(Server::kOurs), ScrapeOf(Server::kStock)};
  RunSequence(Server::kOurs);
  RunSequence(Server::kStock);
  Scrape after[2] = {ScrapeOf(Server::kOurs), ScrapeOf(Server::kStock)};
  const Scrape& ours = after[0];
  const Scrape& stock = after[1];

  const char* const kFamilies[] = {
      "apiserver_request_total", "apiserver_request_duration_seconds",
      "apiserver_response_sizes", "apiserver_longrunning_requests",
      "apiserver_watch_events_total", "apiserver_watch_events_sizes",
      "etcd_request_duration_seconds", "etcd_requests_total", "apiserver_resource_objects",
      "apiserver_current_inflight_requests",
      "kubernetes_build_info", "process_cpu_seconds_total", "process_resident_memory_bytes",
      "process_start_time_seconds", "process_open_fds", "process_max_fds",
      "process_virtual_memory_bytes"};
  for (const char* f : kFamilies) {
    SCOPED_TRACE(f);
    ASSERT_TRUE(stock.type.count(f)) << "stock has no " << f;
    ASSERT_TRUE(ours.type.count(f)) << "ours has no " << f;
    EXPECT_EQ(ours.type.at(f), stock.type.at(f));
    EXPECT_EQ(ours.help.at(f), stock.help.at(f));
    EXPECT_FALSE(stock.LabelNames(f).empty() && f != std::string("process_cpu_seconds_total") &&
                 std::string_view(f).find("process_") != 0);
    EXPECT_EQ(ours.LabelNames(f), stock.LabelNames(f));
    EXPECT_EQ(ours.Buckets(f), stock.Buckets(f));
  }
  // Hidden in v1.37 (deprecated in 1.34): neither serves it.
  EXPECT_FALSE(stock.type.count("apiserver_storage_objects"));
  EXPECT_FALSE(ours.type.count("apiserver_storage_objects"));

  // The counters moved by the same amounts for the same label sets.
  struct Moved {
    std::string name, key, value;
    bool moves = true;  // false: neither server records these requests
  };
  const Moved kMoved[] = {
      {"apiserver_request_total", "resource", "podtemplates"},
      {"apiserver_request_duration_seconds_count", "resource", "podtemplates"},
      {"apiserver_response_sizes_count", "resource", "podtemplates"},
      {"apiserver_watch_events_total", "resource", "podtemplates"},
      {"apiserver_watch_events_sizes_count", "resource", "podtemplates"},
      {"apiserver_request_total", "subresource", "/healthz"},
      {"apiserver_request_total", "subresource", "/readyz"},
      {"apiserver_request_total", "subresource", "/livez", false},
      {"apiserver_request_total", "subresource", "apis"},
      {"apiserver_response_sizes_count", "subresource", "apis"},
  };
  for (const Moved& m : kMoved) {
    SCOPED_TRACE(m.name + " " + m.key + "=" + m.value);
    auto d_ours = Delta(before[0].Series(m.name, m.key, m.value),
                        ours.Series(m.name, m.key, m.value));
    auto d_stock = Delta(before[1].Series(m.name, m.key, m.value),
                         stock.Series(m.name, m.key, m.value));
    EXPECT_EQ(d_stock.empty(), !m.moves);  // the comparison is not vacuous
    EXPECT_EQ(d_ours, d_stock);
  }
  // The watch ended: the long-running series is back to 0 on both.
  auto lr_ours = ours.Series("apiserver_longrunning_requests", "resource", "podtemplates");
  auto lr_stock = stock.Series("apiserver_longrunning_requests", "resource", "podtemplates");
  EXPECT_EQ(lr_stock.size(), 1u);
  EXPECT_EQ(lr_ours, lr_stock);
  // Storage: both recorded a create of podtemplates and count them.
  for (const Scrape* s : {&ours, &stock}) {
    bool create = false;
    for (const auto& [k, v] : s->Series("etcd_requests_total", "resource", "podtemplates")) {
      create |= k.find("operation=create,") != std::string::npos;
    }
    EXPECT_TRUE(create) << (s == &ours ? "ours" : "stock");
    EXPECT_EQ(s->Series("apiserver_resource_objects", "resource", "podtemplates").size(), 1u);
  }
}

TEST_F(MetricsStockTest, StockKubectlReadsOurMetrics) {
  auto raw = cluster_->Raw(Server::kOurs, "/metrics");
  ASSERT_TRUE(raw.ok()) << raw.status().message();
  EXPECT_NE(raw->find("# TYPE apiserver_request_total counter"), std::string::npos);
  // kubectl asks for gzip; both servers compress /metrics whatever its size (promhttp).
  for (Server s : {Server::kOurs, Server::kStock}) {
    auto r = Call(s, "GET", "/metrics", {{"Accept-Encoding", "gzip"}});
    EXPECT_EQ(r.headers.Get("Content-Encoding"), "gzip") << Name(s);
    EXPECT_TRUE(net::Gunzip(r.body).ok()) << Name(s);
  }
}

TEST_F(MetricsStockTest, GzipAboveThresholdAsStock) {
  const std::string base = "/api/v1/namespaces/mt-gzip/configmaps";
  std::string filler(1500, 'x');
  for (int i = 0; i < 120; ++i) {
    std::string body = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-)" +
                       std::to_string(i) + R"("},"data":{"k":")" + filler + R"("}})";
    ASSERT_EQ(Call(i % 2 ? Server::kOurs : Server::kStock, "POST", base, {}, body).status, 201);
  }
  auto listed = Call(Server::kStock, "GET", base + "?limit=1");
  size_t at = listed.body.find("\"resourceVersion\":\"");
  ASSERT_NE(at, std::string::npos);
  std::string rv = listed.body.substr(at + 19, listed.body.find('"', at + 19) - at - 19);
  const std::string exact = base + "?resourceVersion=" + rv + "&resourceVersionMatch=Exact";
  std::string bodies[2];
  for (Server s : {Server::kOurs, Server::kStock}) {
    SCOPED_TRACE(Name(s));
    auto big = Call(s, "GET", exact, {{"Accept-Encoding", "gzip"}});
    ASSERT_EQ(big.status, 200) << big.body;
    EXPECT_EQ(big.headers.Get("Content-Encoding"), "gzip");
    bool vary = false;
    for (std::string_view v : big.headers.GetAll("Vary")) vary |= v == "Accept-Encoding";
    EXPECT_TRUE(vary);
    auto plain = net::Gunzip(big.body);
    ASSERT_TRUE(plain.ok()) << plain.status().message();
    EXPECT_GT(plain->size(), 128u * 1024);
    bodies[s == Server::kOurs ? 0 : 1] = *plain;
    // The same list without Accept-Encoding: gzip, and a small answer, go uncompressed.
    auto identity = Call(s, "GET", exact);
    EXPECT_EQ(identity.headers.Get("Content-Encoding"), "");
    EXPECT_EQ(identity.body, *plain);
    auto small = Call(s, "GET", base + "/cm-1", {{"Accept-Encoding", "gzip"}});
    EXPECT_EQ(small.headers.Get("Content-Encoding"), "");
    EXPECT_EQ(small.body.rfind("{\"kind\":\"ConfigMap\"", 0), 0u) << small.body.substr(0, 80);
    // A WatchList stream is compressed (WatchListCompression), a plain watch is not.
    auto wl = Call(s, "GET",
                   base + "?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&"
                          "allowWatchBookmarks=true&timeoutSeconds=2",
                   {{"Accept-Encoding", "gzip"}});
    EXPECT_EQ(wl.headers.Get("Content-Encoding"), "gzip");
    auto events = net::Gunzip(wl.body);
    ASSERT_TRUE(events.ok()) << events.status().message();
    size_t added = 0;
    for (size_t p = 0; (p = events->find("{\"type\":\"ADDED\"", p)) != std::string::npos; ++p) {
      ++added;
    }
    EXPECT_EQ(added, 120u);
    EXPECT_NE(events->find("k8s.io/initial-events-end"), std::string::npos);
    auto watch = Call(s, "GET", base + "?watch=1&resourceVersion=" + rv + "&timeoutSeconds=1",
                      {{"Accept-Encoding", "gzip"}});
    EXPECT_EQ(watch.headers.Get("Content-Encoding"), "");
  }
  EXPECT_EQ(bodies[0], bodies[1]);
}

TEST_F(MetricsStockTest, PrettyAsStock) {
  const std::string base = "/api/v1/namespaces/mt-stock/configmaps";
  ASSERT_EQ(Call(Server::kStock, "POST", base, {},
                 R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"pretty"},)"
                 R"("data":{"a":"1","b":""}})")
                .status,
            201);
  struct Case {
    std::string path;
    std::vector<std::pair<std::string, std::string>> headers;
  };
  const Case cases[] = {
      {base + "/pretty?pretty=true", {}},
      {base + "/pretty", {{"User-Agent", "curl/8.5.0"}}},
      {base + "/pretty?pretty=false", {{"User-Agent", "curl/8.5.0"}}},
      {base + "/pretty", {{"Accept", "application/json;pretty=1"}}},
      {base + "/missing?pretty=1", {}},
      {"/api/v1/namespaces/mt-gzip?pretty=1", {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path);
    auto ours = Call(Server::kOurs, "GET", c.path, c.headers);
    auto stock = Call(Server::kStock, "GET", c.path, c.headers);
    EXPECT_EQ(ours.status, stock.status);
    EXPECT_EQ(ours.body, stock.body);
  }
  auto stock = Call(Server::kStock, "GET", base + "/pretty?pretty=1");
  EXPECT_NE(stock.body.find("\n  \"metadata\": {"), std::string::npos) << stock.body;
}

}  // namespace
}  // namespace kubecxx::kube_apiserver::testing
