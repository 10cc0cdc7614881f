// Our kube-apiserver binary against STOCK clients: stock kubectl v1.37.2 and a stock
// kube-apiserver sharing one stock etcd (testing_cluster.h). Every comparison is with what
// the stock server answers to the same request. Skips when the stock binaries are missing.
#include <signal.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "components/kube-apiserver/shared_cluster_test.h"
#include "components/kube-apiserver/testing_cluster.h"
#include "kubecxx/api/meta/v1/types.h"
#include "kubecxx/api/runtime/types.h"
#include "lib/codec/proto_reader.h"
#include "lib/model/wire.h"
#include "lib/net/testing/test_pki.h"

namespace kubecxx::kube_apiserver::testing {
namespace {

using std::chrono::milliseconds;

class KubeApiServerTest : public SharedClusterTest<KubeApiServerTest> {
 protected:
  static void SetUpTestSuite() {
    if (!StartCluster()) return;
    ASSERT_TRUE(Must(Server::kStock, {"create", "namespace", "mixed"}).find("created") !=
                std::string::npos);
  }

  // kubectl's output when it fails (its error text), "" when it succeeded.
  static std::string Fails(Server s, const std::vector<std::string>& args) {
    auto out = cluster_->Kubectl(s, args);
    EXPECT_FALSE(out.ok()) << "kubectl " << args[0] << " succeeded unexpectedly";
    return out.ok() ? "" : out.status().message();
  }
  static std::string Raw(Server s, const std::string& path) {
    auto out = cluster_->Raw(s, path);
    EXPECT_TRUE(out.ok()) << path << ": " << out.status().message();
    return out.ok() ? *out : "";
  }
  static std::string WriteYaml(const std::string& name, const std::string& text) {
    std::string path = cluster_->dir() + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

};

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

std::string HostPort(const std::string& url) { return url.substr(url.find("//") + 2); }

// A list's own resourceVersion is the etcd revision at the read; the stock server writes in
// the background (its identity lease), so two reads may see different revisions. Blank it.
std::string WithoutListRevision(std::string list) {
  if (list.substr(0, 4) == std::string("k8s\0", 4)) {
    auto obj = codec::DecodeObject(list);  // protobuf: compare its JSON form
    if (!obj.ok()) return list;
    list = codec::EncodeJson(*obj);
  }
  for (const std::string key : {"\"metadata\":{\"resourceVersion\":\"",
                                "metadata:\n  resourceVersion: \""}) {
    size_t at = list.find(key);
    if (at == std::string::npos) continue;
    size_t end = list.find('"', at + key.size());
    return list.replace(at + key.size(), end - at - key.size(), "N");
  }
  return list;
}

TEST_F(KubeApiServerTest, VersionAndHealth) {
  std::string ours = Raw(Server::kOurs, "/version");
  std::string stock = Raw(Server::kStock, "/version");
  EXPECT_NE(ours.find("\"gitVersion\": \"v1.37.2\""), std::string::npos) << ours;
  // Same keys in the same order (values of build facts differ).
  auto keys = [](const std::string& s) {
    std::string out;
    for (size_t at = s.find("\n  \""); at != std::string::npos; at = s.find("\n  \"", at + 1)) {
      out += s.substr(at + 3, s.find('"', at + 4) - at - 3) + ",";
    }
    return out;
  };
  EXPECT_EQ(keys(ours), keys(stock));
  EXPECT_EQ(Raw(Server::kOurs, "/healthz"), "ok");
  EXPECT_EQ(Raw(Server::kOurs, "/livez"), "ok");
  EXPECT_NE(Raw(Server::kOurs, "/readyz?verbose").find("[+]etcd ok"), std::string::npos);
  EXPECT_EQ(Raw(Server::kOurs, "/readyz/etcd"), "ok");
}

TEST_F(KubeApiServerTest, LegacyDiscoveryMatchesStock) {
  std::vector<std::string> paths = {"/api", "/apis", "/api/v1"};
  auto groups = codec::DecodeObject(Raw(Server::kStock, "/apis"));
  ASSERT_TRUE(groups.ok());
  for (const auto& g : groups->As<api::meta::v1::APIGroupList>()->groups) {
    paths.push_back("/apis/" + g.name);
    for (const auto& v : g.versions) paths.push_back("/apis/" + v.group_version);
  }
  ASSERT_GT(paths.size(), 40u);
  for (const std::string& path : paths) {
    std::string ours = Raw(Server::kOurs, path);
    std::string stock = Raw(Server::kStock, path);
    stock = ReplaceAll(stock, HostPort(cluster_->url(Server::kStock)),
                       HostPort(cluster_->url(Server::kOurs)));
    EXPECT_EQ(ours, stock) << path;
  }
}

TEST_F(KubeApiServerTest, AggregatedDiscoveryMatchesStock) {
  for (const char* accept :
       {"application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json",
        "application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"}) {
    for (const char* path : {"/api", "/apis"}) {
      auto ours = cluster_->Http(Server::kOurs, "GET", path, {{"Accept", accept}});
      auto stock = cluster_->Http(Server::kStock, "GET", path, {{"Accept", accept}});
      ASSERT_TRUE(ours.ok() && stock.ok());
      EXPECT_EQ(ours->status, 200);
      EXPECT_EQ(ours->headers.Get("Content-Type"), stock->headers.Get("Content-Type")) << path;
      EXPECT_EQ(ours->headers.Get("Etag"), stock->headers.Get("Etag")) << path << " " << accept;
      EXPECT_EQ(ours->body, stock->body) << path << " " << accept;
      auto again = cluster_->Http(Server::kOurs, "GET", path,
                                  {{"Accept", accept},
                                   {"If-None-Match", std::string(ours->headers.Get("Etag"))}});
      ASSERT_TRUE(again.ok());
      EXPECT_EQ(again->status, 304);
    }
  }
}

constexpr const char* kObjects = R"(apiVersion: v1
kind: Namespace
metadata:
  name: flow
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm1
  namespace: flow
data:
  a: b
---
apiVersion: v1
kind: Secret
metadata:
  name: s1
  namespace: flow
type: Opaque
stringData:
  k: v
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa1
  namespace: flow
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d1
  namespace: flow
spec:
  replicas: 1
  selector:
    matchLabels: {app: d1}
  template:
    metadata:
      labels: {app: d1}
    spec:
      containers:
      - name: c
        image: nginx
)";

TEST_F(KubeApiServerTest, KubectlCreateGetApplyDelete) {
  std::string file = WriteYaml("objects.yaml", kObjects);
  std::string created = Must(Server::kOurs, {"create", "-f", file});
  EXPECT_EQ(created,
            "namespace/flow created\nconfigmap/cm1 created\nsecret/s1 created\n"
            "serviceaccount/sa1 created\ndeployment.apps/d1 created\n");
  EXPECT_EQ(Must(Server::kOurs, {"get", "-n", "flow", "cm,secret,sa,deploy", "-o", "name"}),
            Must(Server::kStock, {"get", "-n", "flow", "cm,secret,sa,deploy", "-o", "name"}));
  EXPECT_EQ(Must(Server::kOurs, {"get", "-n", "flow", "cm", "cm1", "-o",
                                 "jsonpath={.data.a}"}),
            "b");
  // Creating again: the same AlreadyExists texts as stock prints.
  std::string ours_again = Fails(Server::kOurs, {"create", "-f", file});
  std::string stock_again = Fails(Server::kStock, {"create", "-f", file});
  EXPECT_NE(ours_again.find("Error from server (AlreadyExists): error when creating"),
            std::string::npos);
  EXPECT_EQ(ours_again, stock_again);

  // Client-side apply of a new object (GET 404, then POST with the last-applied annotation).
  std::string applied = WriteYaml("applied.yaml",
                                  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n"
                                  "  namespace: flow\ndata:\n  x: \"1\"\n");
  EXPECT_EQ(Must(Server::kOurs, {"apply", "-f", applied}), "configmap/applied created\n");
  EXPECT_NE(Must(Server::kStock, {"get", "-n", "flow", "cm", "applied", "-o",
                                  "jsonpath={.metadata.annotations}"})
                .find("kubectl.kubernetes.io/last-applied-configuration"),
            std::string::npos);

  EXPECT_EQ(Must(Server::kOurs, {"delete", "-f", applied}),
            "configmap \"applied\" deleted from flow namespace\n");
  std::string deleted = Must(Server::kOurs, {"delete", "-f", file, "--wait=false"});
  EXPECT_NE(deleted.find("deployment.apps \"d1\" deleted from flow namespace"), std::string::npos)
      << deleted;
  // Gone for both servers; the namespace stays Terminating (no namespace controller here).
  EXPECT_EQ(Fails(Server::kOurs, {"get", "-n", "flow", "deploy", "d1"}),
            "kubectl failed: Error from server (NotFound): deployments.apps \"d1\" not found\n");
  EXPECT_EQ(Must(Server::kStock, {"get", "namespace", "flow", "-o", "jsonpath={.status.phase}"}),
            "Terminating");
  EXPECT_NE(Fails(Server::kStock, {"get", "--raw", "/apis/apps/v1/namespaces/flow/deployments/d1"})
                .find("NotFound"),
            std::string::npos);
}

TEST_F(KubeApiServerTest, ErrorTextsMatchStock) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"get", "-n", "mixed", "configmap", "nope"},
           {"get", "-n", "mixed", "deployment.apps", "nope"},
           {"get", "namespace", "nope"},
           {"delete", "-n", "mixed", "secret", "nope"}}) {
    EXPECT_EQ(Fails(Server::kOurs, args), Fails(Server::kStock, args)) << args[2];
  }
  // 409 Conflict on a stale resourceVersion, via kubectl replace with an old copy.
  Must(Server::kOurs, {"create", "configmap", "-n", "mixed", "conflict", "--from-literal=a=1"});
  std::string old_copy = Must(Server::kOurs, {"get", "-n", "mixed", "cm", "conflict", "-o", "json"});
  std::string file = WriteYaml("conflict.json", old_copy);
  std::string changed = WriteYaml("conflict2.json", ReplaceAll(old_copy, "\"a\": \"1\"", "\"a\": \"2\""));
  EXPECT_EQ(Must(Server::kOurs, {"replace", "-f", changed}), "configmap/conflict replaced\n");
  std::string ours = Fails(Server::kOurs, {"replace", "-f", file});
  EXPECT_NE(ours.find("Error from server (Conflict): error when replacing"), std::string::npos);
  EXPECT_NE(ours.find("Operation cannot be fulfilled on configmaps \"conflict\": the object has "
                      "been modified; please apply your changes to the latest version and try "
                      "again"),
            std::string::npos)
      << ours;
  EXPECT_EQ(ours, Fails(Server::kStock, {"replace", "-f", file}));
}

TEST_F(KubeApiServerTest, KubectlWatchSeesChanges) {
  std::string out = cluster_->dir() + "/watch.out";
  pid_t pid = cluster_->KubectlBackground(
      Server::kOurs, {"get", "-n", "mixed", "configmaps", "--watch", "-o",
                      "custom-columns=NAME:.metadata.name,A:.data.a", "--no-headers"},
      out);
  auto contents = [&] {
    std::ifstream in(out);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  };
  // Wait until the initial list has been printed or at least the watch is up: poll for the
  // first object we create (made through the STOCK server, seen through ours).
  Must(Server::kStock, {"create", "configmap", "-n", "mixed", "watched", "--from-literal=a=first"});
  // A line with both words (kubectl pads the columns).
  auto has_line = [&](const std::string& name, const std::string& value) {
    std::istringstream lines(contents());
    std::string line;
    while (std::getline(lines, line)) {
      std::istringstream words(line);
      std::string a, b;
      words >> a >> b;
      if (a == name && b == value) return true;
    }
    return false;
  };
  auto wait_for = [&](const std::string& needle) {
    std::string name = needle.substr(0, needle.find(' '));
    std::string value = needle.substr(needle.rfind(' ') + 1);
    for (int i = 0; i < 150; ++i) {
      if (has_line(name, value)) return true;
      std::this_thread::sleep_for(milliseconds(100));
    }
    return false;
  };
  EXPECT_TRUE(wait_for("watched   first")) << contents();
  std::string json = Must(Server::kOurs, {"get", "-n", "mixed", "cm", "watched", "-o", "json"});
  std::string file = WriteYaml("watched.json", ReplaceAll(json, "\"a\": \"first\"", "\"a\": \"second\""));
  Must(Server::kOurs, {"replace", "-f", file});
  EXPECT_TRUE(wait_for("watched   second")) << contents();
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
}

// A streamed list (WatchList) in protobuf: ADDED events, then the initial-events-end
// bookmark, framed as 4-byte big-endian lengths; the same sequence as stock sends.
struct Frame {
  std::string type;
  codec::Object object;
};

std::vector<Frame> ParseProtobufFrames(const std::string& body, std::string* error) {
  std::vector<Frame> out;
  size_t at = 0;
  while (at + 4 <= body.size()) {
    uint32_t n = (uint32_t(uint8_t(body[at])) << 24) | (uint32_t(uint8_t(body[at + 1])) << 16) |
                 (uint32_t(uint8_t(body[at + 2])) << 8) | uint32_t(uint8_t(body[at + 3]));
    at += 4;
    if (at + n > body.size()) {
      *error = "truncated frame";
      return out;
    }
    api::meta::v1::WatchEvent event;
    codec::ProtoReader r(std::string_view(body).substr(at, n));
    if (!ReadProto(r, event)) {
      *error = r.status().message();
      return out;
    }
    at += n;
    std::string raw(event.object.raw.begin(), event.object.raw.end());
    auto obj = codec::DecodeObject(raw, codec::WireFormat::kProtobuf);
    if (!obj.ok()) {
      *error = obj.status().message();
      return out;
    }
    out.push_back({event.type, std::move(*obj)});
  }
  if (at != body.size()) *error = "trailing bytes";
  return out;
}

TEST_F(KubeApiServerTest, WatchListProtobufMatchesStock) {
  Must(Server::kStock, {"create", "namespace", "wl"});
  Must(Server::kStock, {"create", "configmap", "-n", "wl", "one", "--from-literal=a=1"});
  Must(Server::kOurs, {"create", "configmap", "-n", "wl", "two", "--from-literal=a=2"});
  std::string path =
      "/api/v1/namespaces/wl/configmaps?watch=1&sendInitialEvents=true&"
      "resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=2";
  std::vector<std::string> summaries;
  for (Server s : {Server::kOurs, Server::kStock}) {
    auto r = cluster_->Http(s, "GET", path, {{"Accept", "application/vnd.kubernetes.protobuf"}});
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(r->headers.Get("Content-Type"), "application/vnd.kubernetes.protobuf;stream=watch");
    std::string error;
    auto frames = ParseProtobufFrames(r->body, &error);
    EXPECT_EQ(error, "");
    std::string summary;
    for (Frame& f : frames) {
      const auto* meta = f.object.meta();
      summary += f.type + ":" + std::string(f.object.info()->kind) + ":" + meta->name;
      if (f.type == "BOOKMARK") {
        auto it = meta->annotations.find("k8s.io/initial-events-end");
        summary += it == meta->annotations.end() ? ":no-end" : ":end=" + it->second;
      }
      summary += " ";
    }
    summaries.push_back(summary);
  }
  EXPECT_EQ(summaries[0], "ADDED:ConfigMap:one ADDED:ConfigMap:two BOOKMARK:ConfigMap::end=true ");
  EXPECT_EQ(summaries[0], summaries[1]);

  // The JSON form: one event per line.
  auto r = cluster_->Http(Server::kOurs, "GET", path, {{"Accept", "application/json"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(r->body.substr(0, 30), "{\"type\":\"ADDED\",\"object\":{\"kin");
  EXPECT_NE(r->body.find("\"k8s.io/initial-events-end\":\"true\""), std::string::npos) << r->body;
}

TEST_F(KubeApiServerTest, SharedEtcdReadsIdentical) {
  // Created through stock, read through ours: the very same JSON (managedFields included).
  Must(Server::kStock, {"create", "configmap", "-n", "mixed", "from-stock", "--from-literal=k=v"});
  Must(Server::kStock, {"create", "serviceaccount", "-n", "mixed", "sa-stock"});
  Must(Server::kStock, {"create", "deployment", "-n", "mixed", "deploy-stock", "--image=nginx"});
  Must(Server::kStock, {"create", "secret", "generic", "-n", "mixed", "sec-stock", "--from-literal=p=q"});
  for (const char* path : {"/api/v1/namespaces/mixed/configmaps/from-stock",
                           "/api/v1/namespaces/mixed/serviceaccounts/sa-stock",
                           "/api/v1/namespaces/mixed/secrets/sec-stock",
                           "/apis/apps/v1/namespaces/mixed/deployments/deploy-stock",
                           "/api/v1/namespaces/mixed"}) {
    EXPECT_EQ(Raw(Server::kOurs, path), Raw(Server::kStock, path)) << path;
  }
  // Created through ours, read through stock (managedFields included), for kinds without
  // defaulted fields.
  Must(Server::kOurs, {"create", "configmap", "-n", "mixed", "from-ours", "--from-literal=k=v"});
  Must(Server::kOurs, {"create", "serviceaccount", "-n", "mixed", "sa-ours"});
  for (const char* path : {"/api/v1/namespaces/mixed/configmaps/from-ours",
                           "/api/v1/namespaces/mixed/serviceaccounts/sa-ours"}) {
    EXPECT_EQ(Raw(Server::kOurs, path), Raw(Server::kStock, path)) << path;
  }
  // Lists: the same items from both.
  for (const char* path : {"/api/v1/namespaces/mixed/configmaps?fieldSelector=metadata.name%3Dfrom-ours",
                           "/api/v1/namespaces/mixed/configmaps?labelSelector=nope%3Dx",
                           "/api/v1/configmaps?labelSelector=nope%3Dx"}) {
    EXPECT_EQ(WithoutListRevision(Raw(Server::kOurs, path)),
              WithoutListRevision(Raw(Server::kStock, path)))
        << path;
  }
}

// Pages of a limited list: the same items; each server's continue token works on the other.
// (Stock serves this list from its watch cache, whose token names the next key with a
// leading '/', e.g. "/from-ours\u0000"; ours, from etcd like upstream's etcd3 store, without;
// both decode to the same key.)
TEST_F(KubeApiServerTest, ListPagingInterchangeable) {
  for (int i = 0; i < 5; ++i) {
    Must(Server::kOurs, {"create", "configmap", "-n", "mixed", "page-" + std::to_string(i),
                         "--from-literal=i=" + std::to_string(i)});
  }
  auto page = [](Server s, const std::string& query) {
    auto out = cluster_->Raw(s, "/api/v1/namespaces/mixed/configmaps?limit=2" + query);
    EXPECT_TRUE(out.ok()) << out.status().message();
    auto obj = codec::DecodeObject(out.ok() ? *out : "");
    EXPECT_TRUE(obj.ok());
    std::string names;
    std::string token;
    if (obj.ok()) {
      std::string json = codec::EncodeJson(*obj);
      for (size_t at = json.find("\"name\":\""); at != std::string::npos;
           at = json.find("\"name\":\"", at + 1)) {
        names += json.substr(at + 8, json.find('"', at + 8) - at - 8) + ",";
      }
      size_t c = json.find("\"continue\":\"");
      if (c != std::string::npos) token = json.substr(c + 12, json.find('"', c + 12) - c - 12);
    }
    return std::make_pair(names, token);
  };
  auto [ours1, ours_token] = page(Server::kOurs, "");
  auto [stock1, stock_token] = page(Server::kStock, "");
  EXPECT_EQ(ours1, stock1);
  ASSERT_FALSE(ours_token.empty());
  ASSERT_FALSE(stock_token.empty());
  // Continue through the other server with each token.
  auto [via_stock, t1] = page(Server::kStock, "&continue=" + ours_token);
  auto [via_ours, t2] = page(Server::kOurs, "&continue=" + stock_token);
  EXPECT_EQ(via_stock, via_ours);
  EXPECT_FALSE(via_ours.empty());
  EXPECT_NE(via_ours, ours1);
}

TEST_F(KubeApiServerTest, WireFormatsMatchStock) {
  Must(Server::kStock, {"create", "configmap", "-n", "mixed", "formats", "--from-literal=k=v"});
  for (const char* accept : {"application/json", "application/yaml",
                             "application/vnd.kubernetes.protobuf", "*/*"}) {
    for (const char* path : {"/api/v1/namespaces/mixed/configmaps/formats",
                             "/api/v1/namespaces/mixed/configmaps?fieldSelector=metadata.name%3Dformats",
                             "/api/v1/namespaces/mixed/configmaps/nope"}) {
      auto ours = cluster_->Http(Server::kOurs, "GET", path, {{"Accept", accept}});
      auto stock = cluster_->Http(Server::kStock, "GET", path, {{"Accept", accept}});
      ASSERT_TRUE(ours.ok() && stock.ok());
      EXPECT_EQ(ours->status, stock->status) << path << " " << accept;
      EXPECT_EQ(ours->headers.Get("Content-Type"), stock->headers.Get("Content-Type"))
          << path << " " << accept;
      if (std::string_view(path).find('?') == std::string_view::npos) {
        EXPECT_EQ(ours->body, stock->body) << path << " " << accept;
      } else {
        EXPECT_EQ(WithoutListRevision(ours->body), WithoutListRevision(stock->body))
            << path << " " << accept;
      }
    }
  }
  // A protobuf request body is accepted too.
  auto yaml = cluster_->Http(Server::kStock, "GET", "/api/v1/namespaces/mixed/configmaps/formats",
                             {{"Accept", "application/vnd.kubernetes.protobuf"}});
  ASSERT_TRUE(yaml.ok());
  auto obj = codec::DecodeObject(yaml->body);
  ASSERT_TRUE(obj.ok());
  obj->meta()->name = "formats-pb";
  obj->meta()->uid.clear();
  obj->meta()->resource_version.clear();
  obj->meta()->managed_fields.clear();
  auto created = cluster_->Http(Server::kOurs, "POST", "/api/v1/namespaces/mixed/configmaps",
                                {{"Content-Type", "application/vnd.kubernetes.protobuf"},
                                 {"Accept", "application/json"}},
                                codec::EncodeProtobuf(*obj));
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->status, 201) << created->body;
  // An undecodable body is a 400 BadRequest Status.
  auto bad = cluster_->Http(Server::kOurs, "POST", "/api/v1/namespaces/mixed/configmaps",
                            {{"Content-Type", "application/json"}}, "{not json");
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("\"reason\":\"BadRequest\""), std::string::npos) << bad->body;
}


TEST_F(KubeApiServerTest, StatusSubresourceGenerateNameAndInvalid) {
  Must(Server::kOurs, {"create", "deployment", "-n", "mixed", "statusd", "--image=nginx"});
  auto current = cluster_->Http(Server::kOurs, "GET",
                                "/apis/apps/v1/namespaces/mixed/deployments/statusd", {});
  ASSERT_TRUE(current.ok());
  // A status update changes only the status, whatever else the body says.
  std::string body = ReplaceAll(current->body, "\"replicas\":1,", "\"replicas\":9,");
  body = ReplaceAll(body, "\"status\":{}", "\"status\":{\"observedGeneration\":1,\"replicas\":3}");
  auto updated = cluster_->Http(Server::kOurs, "PUT",
                                "/apis/apps/v1/namespaces/mixed/deployments/statusd/status",
                                {{"Content-Type", "application/json"}}, body);
  ASSERT_TRUE(updated.ok());
  ASSERT_EQ(updated->status, 200) << updated->body;
  EXPECT_NE(updated->body.find("\"status\":{\"observedGeneration\":1,\"replicas\":3}"),
            std::string::npos) << updated->body;
  EXPECT_NE(updated->body.find("\"spec\":{\"replicas\":1,"), std::string::npos) << updated->body;
  EXPECT_EQ(Must(Server::kStock, {"get", "-n", "mixed", "deploy", "statusd", "-o",
                                  "jsonpath={.status.replicas}/{.spec.replicas}/{.metadata.generation}"}),
            "3/1/1");
  // A main-resource update keeps the status and bumps the generation on a spec change.
  auto main = cluster_->Http(Server::kOurs, "PUT",
                             "/apis/apps/v1/namespaces/mixed/deployments/statusd",
                             {{"Content-Type", "application/json"}},
                             ReplaceAll(ReplaceAll(updated->body, "\"replicas\":1,", "\"replicas\":2,"),
                                        "\"replicas\":3}", "\"replicas\":0}"));
  ASSERT_TRUE(main.ok());
  ASSERT_EQ(main->status, 200) << main->body;
  EXPECT_EQ(Must(Server::kStock, {"get", "-n", "mixed", "deploy", "statusd", "-o",
                                  "jsonpath={.status.replicas}/{.spec.replicas}/{.metadata.generation}"}),
            "3/2/2");

  // generateName.
  auto generated = cluster_->Http(
      Server::kOurs, "POST", "/api/v1/namespaces/mixed/configmaps",
      {{"Content-Type", "application/json"}},
      R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"gen-"}})");
  ASSERT_TRUE(generated.ok());
  EXPECT_EQ(generated->status, 201) << generated->body;
  EXPECT_NE(generated->body.find("\"name\":\"gen-"), std::string::npos);
  // Neither name nor generateName: the same 422 as stock.
  std::string nameless = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{}})";
  auto ours = cluster_->Http(Server::kOurs, "POST", "/api/v1/namespaces/mixed/configmaps",
                             {{"Content-Type", "application/json"}}, nameless);
  auto stock = cluster_->Http(Server::kStock, "POST", "/api/v1/namespaces/mixed/configmaps",
                              {{"Content-Type", "application/json"}}, nameless);
  ASSERT_TRUE(ours.ok() && stock.ok());
  EXPECT_EQ(ours->status, 422);
  EXPECT_EQ(ours->body, stock->body);
  // PUT with a name other than the URL's: 400 as stock.
  std::string other = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}})";
  ours = cluster_->Http(Server::kOurs, "PUT", "/api/v1/namespaces/mixed/configmaps/a",
                        {{"Content-Type", "application/json"}}, other);
  stock = cluster_->Http(Server::kStock, "PUT", "/api/v1/namespaces/mixed/configmaps/a",
                         {{"Content-Type", "application/json"}}, other);
  ASSERT_TRUE(ours.ok() && stock.ok());
  EXPECT_EQ(ours->status, stock->status);
  EXPECT_EQ(ours->body, stock->body);
}


TEST_F(KubeApiServerTest, PatchLabelAnnotateApply) {
  Must(Server::kOurs, {"create", "configmap", "-n", "mixed", "patched", "--from-literal=a=1"});
  EXPECT_EQ(Must(Server::kOurs, {"label", "-n", "mixed", "configmap", "patched", "tier=web"}),
            "configmap/patched labeled\n");
  EXPECT_EQ(Must(Server::kOurs, {"annotate", "-n", "mixed", "configmap", "patched", "note=hi"}),
            "configmap/patched annotated\n");
  EXPECT_EQ(Must(Server::kStock, {"get", "-n", "mixed", "cm", "patched", "-o",
                                  "jsonpath={.metadata.labels.tier}/{.metadata.annotations.note}"}),
            "web/hi");
  // Client-side apply of an existing object: a strategic merge patch of data and the
  // last-applied annotation.
  std::string v1 = WriteYaml("apply1.yaml",
                             "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied2\n"
                             "  namespace: mixed\ndata:\n  x: \"1\"\n  y: \"1\"\n");
  std::string v2 = WriteYaml("apply2.yaml",
                             "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied2\n"
                             "  namespace: mixed\ndata:\n  x: \"2\"\n");
  EXPECT_EQ(Must(Server::kOurs, {"apply", "-f", v1}), "configmap/applied2 created\n");
  EXPECT_EQ(Must(Server::kOurs, {"apply", "-f", v2}), "configmap/applied2 configured\n");
  EXPECT_EQ(Must(Server::kStock, {"get", "-n", "mixed", "cm", "applied2", "-o", "jsonpath={.data}"}),
            "{\"x\":\"2\"}");
  // A JSON merge patch answers as stock's would for the same patch on the same object.
  for (Server s : {Server::kOurs, Server::kStock}) {
    auto r = cluster_->Http(s, "PATCH", "/api/v1/namespaces/mixed/configmaps/patched",
                            {{"Content-Type", "application/merge-patch+json"}},
                            R"({"data":{"a":null,"b":"2"}})");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 200) << r->body;
    EXPECT_NE(r->body.find(R"("data":{"b":"2"})"), std::string::npos) << r->body;
  }
  auto missing = cluster_->Http(Server::kOurs, "PATCH", "/api/v1/namespaces/mixed/configmaps/nope",
                                {{"Content-Type", "application/merge-patch+json"}}, "{}");
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->status, 404);
}


TEST_F(KubeApiServerTest, NamespaceStrategyMatchesStock) {
  Must(Server::kOurs, {"create", "namespace", "ns-ours"});
  Must(Server::kStock, {"create", "namespace", "ns-stock"});
  // Read back through the other server; the same object but for identity, time and the
  // managedFields (their manager and times differ; apply_diff_test compares them).
  auto normalize = [](const std::string& json) {
    auto obj = codec::DecodeObject(json);
    EXPECT_TRUE(obj.ok());
    if (!obj.ok()) return std::string();
    auto* meta = obj->meta();
    meta->managed_fields.clear();
    meta->uid.clear();
    meta->resource_version.clear();
    meta->creation_timestamp = {};
    meta->labels["kubernetes.io/metadata.name"] = "X";
    meta->name = "X";
    return codec::EncodeJson(*obj);
  };
  std::string ours = Raw(Server::kStock, "/api/v1/namespaces/ns-ours");
  std::string stock = Raw(Server::kOurs, "/api/v1/namespaces/ns-stock");
  EXPECT_EQ(normalize(ours), normalize(stock)) << ours << "\n" << stock;
  EXPECT_NE(ours.find(R"("labels":{"kubernetes.io/metadata.name":"ns-ours"})"), std::string::npos);
  EXPECT_EQ(Raw(Server::kOurs, "/api/v1/namespaces/ns-ours"), ours);
}


// Anonymous requests and certificates from an unknown CA get stock's answers.
TEST_F(KubeApiServerTest, AuthenticationMatchesStock) {
  auto other_ca = net::testing::TestPki::Create("someone-else");
  ASSERT_TRUE(other_ca.ok());
  net::testing::LeafSpec spec;
  spec.common_name = "intruder";
  spec.organizations = {"system:masters"};
  spec.client = true;
  auto intruder = (*other_ca)->Issue(spec);
  ASSERT_TRUE(intruder.ok());
  net::HttpClientOptions anonymous_opts;
  anonymous_opts.tls.ca_pem = cluster_->ca_pem();
  net::HttpClientOptions intruder_opts = anonymous_opts;
  intruder_opts.tls.cert_pem = intruder->cert_pem;
  intruder_opts.tls.key_pem = intruder->key_pem;
  for (auto* opts : {&anonymous_opts, &intruder_opts}) {
    auto client = net::HttpClient::Create(*opts);
    ASSERT_TRUE(client.ok());
    for (const char* path : {"/readyz", "/version", "/api", "/api/v1/namespaces/mixed/configmaps"}) {
      std::vector<int> codes;
      std::vector<std::string> bodies;
      for (Server s : {Server::kOurs, Server::kStock}) {
        net::HttpRequest req;
        req.url = cluster_->url(s) + path;
        req.timeout = std::chrono::seconds(10);
        auto r = (*client)->RoundTrip(req);
        ASSERT_TRUE(r.ok()) << r.status().message();
        codes.push_back(r->status);
        bodies.push_back(path == std::string("/version") ? "" : r->body);
      }
      EXPECT_EQ(codes[0], codes[1]) << path << (opts == &intruder_opts ? " (intruder)" : "");
      if (path != std::string("/api/v1/namespaces/mixed/configmaps") || opts == &intruder_opts) {
        EXPECT_EQ(bodies[0], bodies[1]) << path;
      }
    }
  }
}


TEST_F(KubeApiServerTest, DeleteCollection) {
  for (const char* name : {"dc-a", "dc-b"}) {
    Must(Server::kOurs, {"create", "configmap", "-n", "mixed", name});
    Must(Server::kOurs, {"label", "-n", "mixed", "configmap", name, "dc=1"});
  }
  Must(Server::kOurs, {"create", "configmap", "-n", "mixed", "dc-keep"});
  auto r = cluster_->Http(Server::kOurs, "DELETE",
                          "/api/v1/namespaces/mixed/configmaps?labelSelector=dc%3D1", {});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->status, 200) << r->body;
  auto list = codec::DecodeObject(r->body);
  ASSERT_TRUE(list.ok()) << list.status().message();
  EXPECT_EQ(list->info()->kind, "ConfigMapList");
  EXPECT_EQ(Must(Server::kStock, {"get", "-n", "mixed", "cm", "-l", "dc=1", "-o", "name"}), "");
  EXPECT_EQ(Must(Server::kStock, {"get", "-n", "mixed", "cm", "dc-keep", "-o", "name"}),
            "configmap/dc-keep\n");
  // Namespaces have no deletecollection: 405 as stock.
  auto ns = cluster_->Http(Server::kOurs, "DELETE", "/api/v1/namespaces", {});
  auto stock = cluster_->Http(Server::kStock, "DELETE", "/api/v1/namespaces", {});
  ASSERT_TRUE(ns.ok() && stock.ok());
  EXPECT_EQ(ns->status, stock->status);
  EXPECT_EQ(ns->body, stock->body);
}


TEST_F(KubeApiServerTest, ScaleSubresource) {
  Must(Server::kStock, {"create", "deployment", "-n", "mixed", "scaled", "--image=nginx"});
  const std::string path = "/apis/apps/v1/namespaces/mixed/deployments/scaled/scale";
  EXPECT_EQ(Raw(Server::kOurs, path), Raw(Server::kStock, path));
  EXPECT_EQ(Must(Server::kOurs, {"scale", "-n", "mixed", "deployment", "scaled", "--replicas=3"}),
            "deployment.apps/scaled scaled\n");
  EXPECT_EQ(Must(Server::kStock, {"get", "-n", "mixed", "deploy", "scaled", "-o",
                                  "jsonpath={.spec.replicas}/{.metadata.generation}"}),
            "3/2");
  EXPECT_EQ(Raw(Server::kOurs, path), Raw(Server::kStock, path));
  // A PUT of a Scale with a stale resourceVersion conflicts.
  auto stale = cluster_->Http(Server::kOurs, "PUT", path, {{"Content-Type", "application/json"}},
                              R"({"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"scaled","namespace":"mixed","resourceVersion":"1"},"spec":{"replicas":5}})");
  ASSERT_TRUE(stale.ok());
  EXPECT_EQ(stale->status, 409) << stale->body;
}

}  // namespace
}  // namespace kubecxx::kube_apiserver::testing
