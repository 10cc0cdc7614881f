// The watch cache (lib/apiserver/watch_cache.h) of our kube-apiserver against a STOCK
// kube-apiserver v1.37.2 on the same stock etcd (testing_cluster.h): for every
// resourceVersion case of LIST and WATCH both servers answer the same items, the same
// resourceVersions and continue tokens where the answer is deterministic, and the same
// error texts; stock kubectl's `get -w` / `--watch-only` print the same lines; our client
// library's informer syncs through WatchList. Skips when the stock binaries are missing.
#include <signal.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <future>
#include <regex>
#include <sstream>
#include <thread>

#include "components/kube-apiserver/shared_cluster_test.h"
#include "components/kube-apiserver/testing_cluster.h"
#include "lib/client/cache/informer_factory.h"
#include "lib/client/client_config.h"
#include "lib/client/rest_client.h"
#include "lib/codec/resources.h"
#include "lib/model/wire.h"

namespace kubecxx::kube_apiserver::testing {
namespace {

using std::chrono::milliseconds;

class WatchCacheStockTest : public SharedClusterTest<WatchCacheStockTest> {
 protected:
  static void SetUpTestSuite() {
    if (!StartCluster()) return;
    Must(Server::kStock, {"create", "namespace", "wc"});
  }

  static net::HttpResponse Get(Server s, const std::string& path,
                               const std::string& accept = "application/json") {
    auto r = cluster_->Http(s, "GET", path, {{"Accept", accept}});
    EXPECT_TRUE(r.ok()) << path << ": " << r.status().message();
    return r.ok() ? *r : net::HttpResponse();
  }
  // The same request to both servers at once (watches take their timeout).
  static std::pair<net::HttpResponse, net::HttpResponse> Both(
      const std::string& path, const std::string& accept = "application/json") {
    auto stock = std::async(std::launch::async, [&] { return Get(Server::kStock, path, accept); });
    net::HttpResponse ours = Get(Server::kOurs, path, accept);
    return {ours, stock.get()};
  }
  // The resourceVersion of an object as the server answers it.
  static std::string ObjectRv(const std::string& path) {
    std::string body = Get(Server::kOurs, path).body;
    std::smatch m;
    std::regex re("\"resourceVersion\":\"([0-9]+)\"");
    return std::regex_search(body, m, re) ? m[1].str() : "";
  }

};

std::string Blank(std::string s, const std::string& re) {
  return std::regex_replace(s, std::regex(re), "$1N$2");
}
// A list's own resourceVersion: the cache's revision, moved by unrelated writes.
std::string BlankListRv(const std::string& s) {
  return Blank(s, "(^\\{\"kind\":\"[A-Za-z]+List\",\"apiVersion\":\"v1\",\"metadata\":\\{"
                  "\"resourceVersion\":\")[0-9]+(\")");
}
std::string BlankBookmarkRv(const std::string& s) {
  return Blank(s, "(\"type\":\"BOOKMARK\",\"object\":\\{[^\\n]*\"resourceVersion\":\")[0-9]+(\")");
}
// Bookmark lines, RVs blanked, with repeats collapsed: how many bookmarks fit before a short
// timeout depends on stock's own jittered one-second ticks (one or two for a 3 s watch).
std::string CollapsedBookmarks(const std::string& stream) {
  std::istringstream lines(BlankBookmarkRv(stream));
  std::string out, last;
  for (std::string line; std::getline(lines, line);) {
    if (line == last && line.find("\"type\":\"BOOKMARK\"") != std::string::npos) continue;
    out += line + "\n";
    last = line;
  }
  return out;
}
std::string Names(const std::string& list) {
  std::string out;
  std::regex re("\"name\":\"([a-z0-9-]+)\",\"namespace\"");
  for (auto it = std::sregex_iterator(list.begin(), list.end(), re); it != std::sregex_iterator();
       ++it) {
    out += (*it)[1].str() + ",";
  }
  return out;
}

TEST_F(WatchCacheStockTest, ListResourceVersionCasesMatchStock) {
  for (int i = 0; i < 5; ++i) {
    Must(Server::kOurs, {"create", "configmap", "-n", "wc", "cm-" + std::to_string(i),
                         "--from-literal=i=" + std::to_string(i)});
  }
  const std::string n2 = ObjectRv("/api/v1/namespaces/wc/configmaps/cm-2");
  ASSERT_FALSE(n2.empty());
  Must(Server::kStock, {"label", "configmap", "-n", "wc", "cm-1", "x=1"});
  Must(Server::kOurs, {"delete", "configmap", "-n", "wc", "cm-3"});
  const std::string base = "/api/v1/namespaces/wc/configmaps";

  // Consistent reads, RV=0 and NotOlderThan: the same items; list RVs are each cache's own.
  for (const std::string& q : std::vector<std::string>{"", "?resourceVersion=0", "?resourceVersion=0&limit=2",
                              "?resourceVersion=" + n2 + "&resourceVersionMatch=NotOlderThan",
                              "?labelSelector=x%3D1", "?fieldSelector=metadata.name%3Dcm-4"}) {
    auto [ours, stock] = Both(base + q);
    EXPECT_EQ(ours.status, 200) << q;
    EXPECT_EQ(BlankListRv(ours.body), BlankListRv(stock.body)) << q;
  }
  // The first one is consistent: it saw the delete made a moment ago.
  EXPECT_EQ(Names(Get(Server::kOurs, base).body), "cm-0,cm-1,cm-2,cm-4,");
  // RV=0 ignores the limit (no continue), as stock's cache does.
  EXPECT_EQ(Get(Server::kOurs, base + "?resourceVersion=0&limit=2").body.find("continue"),
            std::string::npos);

  // Exact reads at N2 (both caches still hold that state): byte-identical answers, tokens
  // included; and page 2 through either token.
  for (const std::string& q : std::vector<std::string>{"?resourceVersion=" + n2 + "&resourceVersionMatch=Exact",
                              "?resourceVersion=" + n2 + "&limit=2",
                              "?resourceVersion=" + n2 + "&resourceVersionMatch=Exact&limit=2"}) {
    auto [ours, stock] = Both(base + q);
    EXPECT_EQ(ours.status, 200) << q;
    EXPECT_EQ(ours.body, stock.body) << q;
    EXPECT_NE(ours.body.find("\"resourceVersion\":\"" + n2 + "\""), std::string::npos);
    EXPECT_EQ(Names(ours.body).substr(0, 10), "cm-0,cm-1,");
    std::smatch m;
    if (std::regex_search(ours.body, m, std::regex("\"continue\":\"([^\"]+)\""))) {
      auto [p2o, p2s] = Both(base + "?limit=2&continue=" + m[1].str());
      EXPECT_EQ(p2o.body, p2s.body) << q;
      EXPECT_EQ(Names(p2o.body), "cm-2,") << q;  // at N2: cm-3 is not created yet
      EXPECT_EQ(p2o.body.find("cm-4"), std::string::npos);
    }
  }
  // Before either cache started: delegated to etcd, identical too.
  {
    auto [ours, stock] = Both(base + "?resourceVersion=2&resourceVersionMatch=Exact");
    EXPECT_EQ(ours.status, stock.status);
    EXPECT_EQ(ours.body, stock.body);
  }
  // A consistent limited list: same pages, tokens carry each cache's revision.
  {
    auto [ours, stock] = Both(base + "?limit=3");
    EXPECT_EQ(Names(ours.body), Names(stock.body));
    EXPECT_EQ(Names(ours.body), "cm-0,cm-1,cm-2,");
    EXPECT_NE(ours.body.find("\"remainingItemCount\":1"), std::string::npos) << ours.body;
  }
  // Too large: both wait 3 s, then 504 with the same text up to the current revision.
  {
    auto [ours, stock] =
        Both(base + "?resourceVersion=999999999&resourceVersionMatch=NotOlderThan");
    EXPECT_EQ(ours.status, 504);
    EXPECT_EQ(ours.status, stock.status);
    std::string re = "(Too large resource version: 999999999, current: )[0-9]+()";
    EXPECT_EQ(Blank(ours.body, re), Blank(stock.body, re));
  }
}

TEST_F(WatchCacheStockTest, FieldSelectorsPerResource) {
  for (const std::string& name : std::vector<std::string>{"p-a", "p-b"}) {
    std::string node = name == "p-a" ? "n1" : "n2";
    Must(Server::kOurs,
         {"run", name, "-n", "wc", "--image=busybox", "--restart=Never",
          "--overrides={\"spec\":{\"nodeName\":\"" + node + "\"}}"});
  }
  const std::string base = "/api/v1/namespaces/wc/pods";
  for (const std::string& q : std::vector<std::string>{"?fieldSelector=spec.nodeName%3Dn1", "?fieldSelector=spec.host%3Dn2",
                              "?fieldSelector=spec.nodeName!%3Dn1,metadata.name%3Dp-b",
                              "?fieldSelector=status.podIPs%3D&resourceVersion=0"}) {
    auto [ours, stock] = Both(base + q);
    EXPECT_EQ(ours.status, 200) << q;
    EXPECT_EQ(Names(ours.body), Names(stock.body)) << q;
  }
  EXPECT_EQ(Names(Get(Server::kOurs, base + "?fieldSelector=spec.nodeName%3Dn1").body), "p-a,");
  // Unsupported labels: the same 400s, per kind.
  for (const std::string& path : std::vector<std::string>{base + "?fieldSelector=spec.image%3Dx",
                                 std::string("/api/v1/namespaces/wc/configmaps?fieldSelector=data.i%3D1"),
                                 std::string("/api/v1/nodes?fieldSelector=metadata.namespace%3Dx"),
                                 std::string("/apis/batch/v1/jobs?fieldSelector=spec.x%3D1")}) {
    auto [ours, stock] = Both(path);
    EXPECT_EQ(ours.status, 400) << path;
    EXPECT_EQ(ours.body, stock.body) << path;
  }
}

// GET with a resourceVersion is served from the cache (RV unset reads etcd), in both.
TEST_F(WatchCacheStockTest, GetWithResourceVersionMatchesStock) {
  Must(Server::kOurs, {"create", "configmap", "-n", "wc", "g-0", "--from-literal=a=0"});
  const std::string rv = ObjectRv("/api/v1/namespaces/wc/configmaps/g-0");
  for (const std::string& q : std::vector<std::string>{"?resourceVersion=0", "?resourceVersion=" + rv, ""}) {
    for (const std::string& accept : std::vector<std::string>{"application/json",
                                                              "application/vnd.kubernetes.protobuf",
                                                              "application/yaml"}) {
      auto [ours, stock] = Both("/api/v1/namespaces/wc/configmaps/g-0" + q, accept);
      EXPECT_EQ(ours.status, 200) << q;
      EXPECT_EQ(ours.body, stock.body) << q << " " << accept;
    }
    auto [ours, stock] = Both("/api/v1/namespaces/wc/configmaps/nope" + q);
    EXPECT_EQ(ours.status, 404);
    EXPECT_EQ(ours.body, stock.body) << q;
  }
  auto [ours, stock] = Both("/api/v1/namespaces/wc/configmaps/g-0?resourceVersion=999999999");
  EXPECT_EQ(ours.status, 504);
  EXPECT_EQ(ours.status, stock.status);
  std::string re = "(Too large resource version: 999999999, current: )[0-9]+()";
  EXPECT_EQ(Blank(ours.body, re), Blank(stock.body, re));
}

TEST_F(WatchCacheStockTest, WatchResourceVersionCasesMatchStock) {
  Must(Server::kOurs, {"create", "configmap", "-n", "wc", "w-0", "--from-literal=a=0"});
  const std::string n = ObjectRv("/api/v1/namespaces/wc/configmaps/w-0");
  Must(Server::kStock, {"create", "configmap", "-n", "wc", "w-1", "--from-literal=a=1"});
  Must(Server::kOurs, {"label", "configmap", "-n", "wc", "w-0", "sel=yes"});
  Must(Server::kStock, {"label", "configmap", "-n", "wc", "w-0", "sel-"});
  Must(Server::kOurs, {"delete", "configmap", "-n", "wc", "w-1"});
  const std::string base = "/api/v1/namespaces/wc/configmaps?watch=1&timeoutSeconds=1";

  // From N: the same events, byte for byte, in JSON and protobuf; with selectors, updates
  // that cross them become ADDED/DELETED the same way.
  for (const std::string& q : std::vector<std::string>{"&resourceVersion=" + n, "&resourceVersion=" + n + "&labelSelector=sel",
                              "&resourceVersion=" + n + "&fieldSelector=metadata.name%3Dw-1"}) {
    for (const std::string& accept : std::vector<std::string>{"application/json",
                                     "application/vnd.kubernetes.protobuf;stream=watch"}) {
      auto [ours, stock] = Both(base + q, accept);
      EXPECT_EQ(ours.status, 200) << q;
      EXPECT_EQ(ours.body, stock.body) << q << " " << accept;
      EXPECT_FALSE(ours.body.empty()) << q;
    }
  }
  auto [sel, unused] = Both(base + "&resourceVersion=" + n + "&labelSelector=sel");
  EXPECT_NE(sel.body.find("{\"type\":\"ADDED\""), std::string::npos) << sel.body;
  EXPECT_NE(sel.body.find("{\"type\":\"DELETED\""), std::string::npos) << sel.body;

  // RV unset / 0: the current state as ADDED events (+ nothing else within 1 s).
  for (const std::string& q : std::vector<std::string>{"", "&resourceVersion=0"}) {
    auto [ours, stock] = Both(base + q);
    EXPECT_EQ(ours.body, stock.body) << q;
  }
  // WatchList: initial state, then the initial-events-end bookmark at each cache's revision.
  for (const std::string& q : std::vector<std::string>{"&sendInitialEvents=true&allowWatchBookmarks=true&"
                              "resourceVersionMatch=NotOlderThan",
                              "&sendInitialEvents=true&allowWatchBookmarks=true&"
                              "resourceVersionMatch=NotOlderThan&resourceVersion=0",
                              "&sendInitialEvents=true&allowWatchBookmarks=true&"
                              "resourceVersionMatch=NotOlderThan&resourceVersion=" + n}) {
    auto [ours, stock] = Both(base + q);
    EXPECT_EQ(BlankBookmarkRv(ours.body), BlankBookmarkRv(stock.body)) << q;
    EXPECT_NE(ours.body.find("\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}"),
              std::string::npos)
        << ours.body;
  }
  // sendInitialEvents=false: only changes after the current revision.
  {
    auto [ours, stock] = Both(base + "&sendInitialEvents=false&allowWatchBookmarks=true&"
                                     "resourceVersionMatch=NotOlderThan");
    EXPECT_EQ(BlankBookmarkRv(ours.body), BlankBookmarkRv(stock.body));
  }
  // Bookmarks 2 s before the timeout (timeoutSeconds=3), at a revision past the start.
  {
    auto [ours, stock] = Both("/api/v1/namespaces/wc/configmaps?watch=1&timeoutSeconds=3&"
                              "allowWatchBookmarks=true&resourceVersion=" + n);
    EXPECT_EQ(CollapsedBookmarks(ours.body), CollapsedBookmarks(stock.body));
    EXPECT_NE(ours.body.find("{\"type\":\"BOOKMARK\""), std::string::npos) << ours.body;
  }
}

TEST_F(WatchCacheStockTest, KubectlGetWatchPrintsTheSame) {
  Must(Server::kOurs, {"create", "configmap", "-n", "wc", "k-0", "--from-literal=a=0"});
  struct Run {
    std::vector<std::string> args;
    std::string out[2];
    pid_t pid[2];
  };
  std::vector<Run> runs = {
      {{"get", "configmaps", "-n", "wc", "-w", "-o", "name"}, {}, {}},
      {{"get", "configmaps", "-n", "wc", "--watch-only", "-o", "name"}, {}, {}},
      {{"get", "pods", "-n", "wc", "-w", "-o", "custom-columns=NAME:.metadata.name,NODE:.spec.nodeName",
        "--field-selector=spec.nodeName=n1"}, {}, {}},
  };
  int i = 0;
  for (Run& r : runs) {
    for (Server s : {Server::kOurs, Server::kStock}) {
      int k = s == Server::kOurs ? 0 : 1;
      std::string file = cluster_->dir() + "/getw-" + std::to_string(i) + "-" + std::to_string(k);
      r.out[k] = file;
      r.pid[k] = cluster_->KubectlBackground(s, r.args, file);
    }
    ++i;
  }
  std::this_thread::sleep_for(milliseconds(2500));  // both watches established
  Must(Server::kStock, {"create", "configmap", "-n", "wc", "k-1", "--from-literal=a=1"});
  Must(Server::kOurs, {"delete", "configmap", "-n", "wc", "k-0"});
  Must(Server::kOurs, {"run", "p-w", "-n", "wc", "--image=busybox", "--restart=Never",
                       "--overrides={\"spec\":{\"nodeName\":\"n1\"}}"});
  std::this_thread::sleep_for(milliseconds(2500));
  auto read = [](const std::string& f) {
    std::ifstream in(f);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  };
  for (Run& r : runs) {
    for (pid_t p : r.pid) {
      kill(p, SIGTERM);
      waitpid(p, nullptr, 0);
    }
    std::string ours = read(r.out[0]);
    EXPECT_EQ(ours, read(r.out[1])) << r.args[1] << " " << r.args[4];
    EXPECT_FALSE(ours.empty());
  }
  EXPECT_NE(read(runs[1].out[0]).find("configmap/k-1"), std::string::npos);
}

TEST_F(WatchCacheStockTest, InformerSyncsThroughWatchList) {
  client::LoadingRules rules;
  rules.explicit_path = cluster_->dir() + "/admin.conf";
  client::ConfigOverrides overrides;
  overrides.server = cluster_->url(Server::kOurs);
  auto config = client::LoadClientConfig(rules, overrides);
  ASSERT_TRUE(config.ok()) << config.status().message();
  client::RestConfig rc = config->rest;
  rc.qps = -1;
  rc.content_type = "application/vnd.kubernetes.protobuf";
  auto rest = client::RestClient::New(rc);
  ASSERT_TRUE(rest.ok());
  Must(Server::kOurs, {"create", "configmap", "-n", "wc", "inf-0", "--from-literal=a=0"});
  client::cache::InformerFactoryOptions fo;
  fo.namespace_ = "wc";
  client::cache::SharedInformerFactory factory(rest->get(), fo);
  auto inf = factory.InformerFor(*codec::FindResource("", "v1", "configmaps"));
  ASSERT_TRUE(inf.ok());
  factory.Start();
  ASSERT_TRUE(factory.WaitForCacheSync(milliseconds(20000)));
  EXPECT_TRUE((*inf)->reflector().using_watch_list());
  EXPECT_EQ((*inf)->reflector().watch_list_syncs(), 1);
  EXPECT_EQ((*inf)->reflector().list_syncs(), 0);
  Must(Server::kStock, {"create", "configmap", "-n", "wc", "inf-1", "--from-literal=a=1"});
  bool seen = false;
  for (int i = 0; i < 100 && !seen; ++i) {
    seen = (*inf)->indexer().Get("wc/inf-1") != nullptr;
    if (!seen) std::this_thread::sleep_for(milliseconds(100));
  }
  EXPECT_TRUE(seen);
  factory.Shutdown();
}

// Last: restarts the stock server, so that its cache, like ours, starts after revision 1.
TEST_F(WatchCacheStockTest, WatchOlderThanTheCacheIsGone) {
  ASSERT_TRUE(cluster_->RestartStock().ok());
  // Older than the cache: one ERROR event, 410 Expired, "too old resource version: 1 (Y)"
  // (Y: each cache's oldest revision, its start).
  const std::string path = "/api/v1/namespaces/wc/configmaps?watch=1&timeoutSeconds=1&resourceVersion=1";
  auto [ours, stock] = Both(path);
  std::string re = "(too old resource version: 1 \\()[0-9]+(\\))";
  EXPECT_EQ(ours.status, 200);
  EXPECT_EQ(Blank(ours.body, re), Blank(stock.body, re));
  EXPECT_NE(ours.body.find("\"reason\":\"Expired\",\"code\":410"), std::string::npos) << ours.body;
  // The same through protobuf.
  auto [pours, pstock] = Both(path, "application/vnd.kubernetes.protobuf;stream=watch");
  EXPECT_EQ(pours.body.size(), pstock.body.size());
  EXPECT_NE(pours.body.find("too old resource version: 1 ("), std::string::npos);
}

}  // namespace
}  // namespace kubecxx::kube_apiserver::testing
