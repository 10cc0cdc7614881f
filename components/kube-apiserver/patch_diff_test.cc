// PATCH differential test: every (object, patch) case of testdata/patch_corpus.json is sent
// to a STOCK kube-apiserver and to ours sharing one stock etcd (testing_cluster.h). Both
// copies of the base object are created through stock (so both are stored alike), one in
// namespace pdstock patched through stock, one in pdours patched through ours; the answers
// are compared: status code, and the body with uid, resourceVersion, creationTimestamp,
// managedFields and generation blanked (neither is patch semantics; apply_diff_test compares
// managedFields). Cases listed in
// testdata/patch_known_differences.txt are expected to differ (docs/compatibility.md lists
// them); every other case must be identical, and a listed case that became identical fails
// too, so the list stays true. The second test runs stock kubectl (apply twice, label,
// annotate, set image, scale, patch) against each server and compares outputs and objects.
// Skips when the stock binaries are missing.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "components/kube-apiserver/shared_cluster_test.h"
#include "components/kube-apiserver/testing_cluster.h"
#include "lib/base/testing/files.h"
#include "lib/patch/json_value.h"

namespace kubecxx::kube_apiserver::testing {
namespace {

using patch::JsonValue;

using kubecxx::testing::ReadFile;

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

// Keys sorted at every level, so that field order (which we do not claim for every
// path) does not hide or fake a difference; list order is kept.
void SortKeys(JsonValue* v) {
  if (v->is_object()) {
    std::sort(v->fields.begin(), v->fields.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [k, f] : v->fields) SortKeys(&f);
  } else if (v->is_array()) {
    for (auto& item : v->items) SortKeys(&item);
  }
}

std::string Normalize(const std::string& body) {
  auto parsed = patch::ParseJson(body);
  if (!parsed.ok()) return body;
  JsonValue v = *parsed;
  if (JsonValue* meta = v.Find("metadata"); meta != nullptr && meta->is_object()) {
    for (const char* k : {"uid", "resourceVersion", "creationTimestamp", "managedFields",
                          "generation"}) {
      meta->Erase(k);
    }
  }
  SortKeys(&v);
  // Status messages may quote a whole object (a 422 for a patched document that does not
  // decode): blank its uid, resourceVersion and times there too.
  static const std::regex kVolatile(
      R"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|)"
      R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ|(resourceVersion(\\)*\":(\\)*\")\d+)");
  return std::regex_replace(patch::SerializeJson(v), kVolatile, "$1X");
}

std::string TestData(const std::string& name) {
  return std::string(KUBECXX_SOURCE_DIR) + "/components/kube-apiserver/testdata/" + name;
}

class PatchDiffTest : public SharedClusterTest<PatchDiffTest> {
 protected:
  static void SetUpTestSuite() {
    if (!StartCluster()) return;
    for (const char* ns : {"pdstock", "pdours"}) {
      ASSERT_TRUE(cluster_->Kubectl(Server::kStock, {"create", "namespace", ns}).ok());
    }
  }

  static net::HttpResponse Http(Server s, const std::string& method, const std::string& path,
                                const std::string& content_type, const std::string& body) {
    auto r = cluster_->Http(s, method, path,
                            {{"Content-Type", content_type}, {"Accept", "application/json"}},
                            body);
    EXPECT_TRUE(r.ok()) << method << " " << path << ": " << r.status().message();
    return r.ok() ? *r : net::HttpResponse{};
  }

};

std::string ContentType(const std::string& type) {
  if (type == "json") return "application/json-patch+json";
  if (type == "merge") return "application/merge-patch+json";
  return "application/strategic-merge-patch+json";
}

TEST_F(PatchDiffTest, CorpusMatchesStock) {
  auto corpus = patch::ParseJson(ReadFile(TestData("patch_corpus.json")));
  ASSERT_TRUE(corpus.ok()) << corpus.status().message();
  std::set<std::string> known;
  {
    std::istringstream in(ReadFile(TestData("patch_known_differences.txt")));
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      known.insert(line.substr(0, line.find(' ')));
    }
  }
  const JsonValue& bases = *corpus->Find("bases");
  int identical = 0, different = 0, index = 0;
  std::vector<std::string> diffs;
  // Every case as written, then (kubectl's default) with fieldValidation=Strict added.
  std::vector<std::pair<const JsonValue*, bool>> runs;
  for (const JsonValue& c : corpus->Find("cases")->items) runs.push_back({&c, false});
  for (const JsonValue& c : corpus->Find("cases")->items) {
    if (c.Find("query") == nullptr) runs.push_back({&c, true});
  }
  for (const auto& [case_value, strict] : runs) {
    const JsonValue& c = *case_value;
    std::string name = c.Find("name")->StringValue() + (strict ? "+strict" : "");
    const JsonValue& base = *bases.Find(c.Find("base")->StringValue());
    bool cluster = base.Find("cluster") != nullptr;
    std::string obj_name = "c" + std::to_string(index++);
    std::map<Server, std::pair<int, std::string>> got;
    for (Server s : {Server::kStock, Server::kOurs}) {
      std::string p = s == Server::kStock ? "pdstock" : "pdours";
      std::string coll = ReplaceAll(base.Find("path")->StringValue(), "{ns}", p);
      std::string this_name = cluster ? p + "-" + obj_name : obj_name;
      JsonValue obj = *base.Find("object");
      obj.Find("metadata")->Set("name", JsonValue::String(this_name));
      auto created =
          Http(Server::kStock, "POST", coll, "application/json", patch::SerializeJson(obj));
      ASSERT_EQ(created.status, 201) << name << ": " << created.body;
      std::string target = this_name;
      if (const JsonValue* t = c.Find("target")) target = t->StringValue();
      std::string path = coll + "/" + target;
      if (const JsonValue* sub = c.Find("sub")) path += "/" + sub->StringValue();
      if (const JsonValue* q = c.Find("query")) path += "?" + q->StringValue();
      if (strict) path += "?fieldValidation=Strict";
      std::string body;
      if (const JsonValue* raw = c.Find("raw")) {
        body = raw->StringValue();
      } else if (const JsonValue* rep = c.Find("repeat")) {
        JsonValue ops = JsonValue::Array();
        for (int i = 0; i < std::stoi(rep->raw); ++i) {
          ops.items.push_back(c.Find("patch")->items[0]);
        }
        body = patch::SerializeJson(ops);
      } else {
        body = patch::SerializeJson(*c.Find("patch"));
      }
      std::string ct = ContentType(c.Find("type")->StringValue());
      if (const JsonValue* t = c.Find("content_type")) ct = t->StringValue();
      auto r = Http(s, "PATCH", path, ct, body);
      got[s] = {r.status, Normalize(ReplaceAll(r.body, "pdours", "pdstock"))};
    }
    bool same = got[Server::kStock] == got[Server::kOurs];
    (same ? identical : different)++;
    if (!same) {
      diffs.push_back(name);
      std::cout << "DIFFERENT " << name << "\n  stock " << got[Server::kStock].first << " "
                << got[Server::kStock].second << "\n  ours  "
                << got[Server::kOurs].first << " " << got[Server::kOurs].second
                << "\n";
    }
    if (known.count(name)) {
      EXPECT_FALSE(same) << name << " is identical now: remove it from patch_known_differences.txt";
    } else {
      EXPECT_TRUE(same) << name;
    }
  }
  std::cout << "patch corpus: " << identical << " identical, " << different << " different\n";
  EXPECT_GE(identical + different, 100);
}

constexpr char kManifestV1[] = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, tier: front}
  annotations: {note: one}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: a
        image: nginx:1
        env: [{name: E1, value: "1"}, {name: E2, value: "2"}]
        ports: [{containerPort: 80}]
      - name: b
        image: busybox:1
        args: [sleep, "3600"]
      - name: c
        image: redis:1
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, labels: {a: "1"}}
data: {k1: v1, k2: v2}
)";

// Labels and annotations changed, containers reordered, one removed, one added (with the
// fields stock's defaulting would add written out), env changed, strategy switched (a
// $retainKeys patch), a config key removed.
constexpr char kManifestV2[] = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, stage: two}
  annotations: {note: changed}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  strategy: {type: Recreate}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: c
        image: redis:1
      - name: a
        image: nginx:2
        env: [{name: E1, value: "1"}, {name: E3, value: "3"}]
        ports: [{containerPort: 80}]
      - name: d
        image: alpine:3
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
        imagePullPolicy: IfNotPresent
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, labels: {a: "1"}}
data: {k1: v1, k3: v3}
)";

TEST_F(PatchDiffTest, KubectlWritesMatchStock) {
  std::string v1 = cluster_->dir() + "/patch-v1.yaml";
  std::string v2 = cluster_->dir() + "/patch-v2.yaml";
  std::ofstream(v1) << kManifestV1;
  std::ofstream(v2) << kManifestV2;
  // Created by stock in both namespaces, so both start from the same stored objects.
  std::string node = cluster_->dir() + "/patch-node.yaml";
  for (const char* p : {"pdstock", "pdours"}) {
    auto out = cluster_->Kubectl(Server::kStock, {"apply", "-n", p, "-f", v1});
    ASSERT_TRUE(out.ok()) << out.status().message();
    std::ofstream(node) << "apiVersion: v1\nkind: Node\nmetadata:\n  name: " << p
                        << "-node\nspec:\n  taints: [{key: a, value: b, effect: NoSchedule}]\n";
    out = cluster_->Kubectl(Server::kStock, {"create", "-f", node});
    ASSERT_TRUE(out.ok()) << out.status().message();
  }
  // kubectl edit, scripted: the editor rewrites one image.
  setenv("KUBE_EDITOR", "sed -i s/redis:1/redis:3/", 1);
  const std::vector<std::vector<std::string>> steps = {
      {"apply", "-f", v2},
      {"label", "deployment", "web", "env=prod"},
      {"label", "deployment", "web", "stage-"},
      {"annotate", "deployment", "web", "note=three", "--overwrite"},
      {"set", "image", "deployment/web", "a=nginx:3"},
      {"scale", "deployment", "web", "--replicas=4"},
      {"patch", "deployment", "web", "--type=json", "-p",
       R"([{"op":"replace","path":"/spec/minReadySeconds","value":5}])"},
      {"patch", "deployment", "web", "-p",
       R"({"spec":{"template":{"spec":{"containers":[{"name":"c","image":"redis:2"}]}}}})"},
      {"patch", "configmap", "cfg", "--type=merge", "-p", R"({"data":{"k9":"9"}})"},
      {"patch", "deployment", "web", "--type=json", "-p",
       R"([{"op":"test","path":"/spec/replicas","value":99}])"},
      {"apply", "-f", v2},
      {"set", "env", "deployment/web", "-c", "a", "E7=7", "E1-"},
      {"set", "resources", "deployment/web", "-c", "c", "--limits=cpu=200m,memory=64Mi"},
      {"rollout", "pause", "deployment/web"},
      {"rollout", "resume", "deployment/web"},
      {"edit", "deployment/web"},
      {"taint", "node", "{p}-node", "c=d:NoExecute"},
      {"taint", "node", "{p}-node", "a-"},
      {"cordon", "{p}-node"},
      {"uncordon", "{p}-node"},
      {"label", "node", "{p}-node", "zone=z1"},
      {"get", "node", "{p}-node", "-o", "json"},
      {"get", "deployment", "web", "-o", "json"},
      {"get", "configmap", "cfg", "-o", "json"},
  };
  int same = 0, differ = 0;
  std::map<std::string, std::string> last;  // stock's `get <kind>` output
  for (const auto& step : steps) {
    std::map<Server, std::string> got;
    for (Server s : {Server::kStock, Server::kOurs}) {
      std::string p = s == Server::kStock ? "pdstock" : "pdours";
      std::vector<std::string> args;
      for (const std::string& a : step) args.push_back(ReplaceAll(a, "{p}", p));
      args.insert(args.end(), {"-n", p});
      auto out = cluster_->Kubectl(s, args);
      std::string text = out.ok() ? *out : "FAILED: " + out.status().message();
      text = ReplaceAll(text, "pdours", "pdstock");
      text = ReplaceAll(text, cluster_->url(s), "SERVER");
      if (step[0] == "get") text = Normalize(text);
      got[s] = text;
    }
    std::string what;
    for (const auto& a : step) what += a + " ";
    EXPECT_EQ(got[Server::kOurs], got[Server::kStock]) << "kubectl " << what;
    (got[Server::kOurs] == got[Server::kStock] ? same : differ)++;
    last[step[1]] = got[Server::kStock];
    if (getenv("PATCH_DIFF_VERBOSE") != nullptr) {
      std::cout << what << "=> " << got[Server::kStock].substr(0, 300) << "\n";
    }
  }
  std::cout << "kubectl writes: " << same << " steps identical, " << differ << " different\n";
  // The steps did what they say (on stock; ours was compared above).
  for (const char* want : {"\"redis:3\"", "\"nginx:2\"", "\"E7\"", "\"E3\"",
                           "\"Recreate\"", "\"minReadySeconds\":5", "\"64Mi\""}) {
    EXPECT_NE(last["deployment"].find(want), std::string::npos) << want;
  }
  EXPECT_EQ(last["deployment"].find("\"busybox:1\""), std::string::npos);
  for (const char* want : {"\"NoExecute\"", "\"zone\":\"z1\""}) {
    EXPECT_NE(last["node"].find(want), std::string::npos) << want;
  }
  EXPECT_NE(last["configmap"].find("\"k9\":\"9\""), std::string::npos);
}

}  // namespace
}  // namespace kubecxx::kube_apiserver::testing
