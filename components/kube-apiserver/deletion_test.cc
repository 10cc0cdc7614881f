// Deletion, pods/binding, pods/eviction and namespace termination of OUR kube-apiserver,
// compared request by request with a STOCK kube-apiserver on the same etcd: every case runs
// once against each server (objects in namespace del-s through stock, del-o through ours) and
// the status code, reason, message (names, uids, times, revisions normalised) and the stored
// result (read back through the STOCK server) must be the same. Skips when the stock binaries
// are missing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <regex>

#include "components/kube-apiserver/shared_cluster_test.h"
#include "components/kube-apiserver/testing_cluster.h"
#include "lib/apiserver/json_merge.h"

namespace kubecxx::kube_apiserver::testing {
namespace {

using apiserver::JsonValue;

struct Answer {
  int code = 0;
  std::string body;
  std::string retry_after;
};

std::string Ns(Server s) { return s == Server::kStock ? "del-s" : "del-o"; }

std::string Subst(std::string text, Server s) {
  for (size_t at = text.find("{ns}"); at != std::string::npos; at = text.find("{ns}", at)) {
    text.replace(at, 4, Ns(s));
  }
  for (size_t at = text.find("{sfx}"); at != std::string::npos; at = text.find("{sfx}", at)) {
    text.replace(at, 5, s == Server::kStock ? "s" : "o");
  }
  return text;
}

// Names, uids, times and revision numbers replaced, so both servers' texts compare.
std::string Normalise(std::string text) {
  static const std::regex kUid("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  static const std::regex kTime("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
  static const std::regex kNs("del-[so]\\b|-[so]\\b");
  static const std::regex kRv("\\((\\d+)\\)|\"resourceVersion\":\"\\d+\"");
  text = std::regex_replace(text, kUid, "UID");
  text = std::regex_replace(text, kTime, "TIME");
  text = std::regex_replace(text, kNs, "NS");
  text = std::regex_replace(text, kRv, "(RV)");
  return text;
}

const JsonValue* Field(const JsonValue& v, std::initializer_list<std::string_view> path) {
  const JsonValue* at = &v;
  for (std::string_view key : path) {
    const JsonValue* next = nullptr;
    for (const auto& [k, child] : at->fields) {
      if (k == key) next = &child;
    }
    if (next == nullptr) return nullptr;
    at = next;
  }
  return at;
}

std::string FieldText(const JsonValue& v, std::initializer_list<std::string_view> path) {
  const JsonValue* f = Field(v, path);
  return f ? apiserver::SerializeJson(*f) : "<none>";
}

// What deletion is about, of a stored object or a Status.
std::string Projection(const std::string& body) {
  auto v = apiserver::ParseJson(body);
  if (!v.ok()) return "unparsable: " + body;
  std::string out;
  auto add = [&](const char* name, std::string value) {
    out += std::string(name) + "=" + value + "\n";
  };
  add("kind", FieldText(*v, {"kind"}));
  if (FieldText(*v, {"kind"}) == "\"Status\"") {
    add("status", FieldText(*v, {"status"}));
    add("reason", FieldText(*v, {"reason"}));
    add("message", FieldText(*v, {"message"}));
    add("code", FieldText(*v, {"code"}));
    add("details", FieldText(*v, {"details"}));
    return Normalise(out);
  }
  add("name", FieldText(*v, {"metadata", "name"}));
  add("finalizers", FieldText(*v, {"metadata", "finalizers"}));
  add("deletionTimestamp", Field(*v, {"metadata", "deletionTimestamp"}) ? "set" : "unset");
  add("deletionGracePeriodSeconds", FieldText(*v, {"metadata", "deletionGracePeriodSeconds"}));
  add("generation", FieldText(*v, {"metadata", "generation"}));
  add("nodeName", FieldText(*v, {"spec", "nodeName"}));
  add("spec.finalizers", FieldText(*v, {"spec", "finalizers"}));
  add("phase", FieldText(*v, {"status", "phase"}));
  add("conditions", FieldText(*v, {"status", "conditions"}));
  add("disruptionsAllowed", FieldText(*v, {"status", "disruptionsAllowed"}));
  add("disruptedPods", FieldText(*v, {"status", "disruptedPods"}));
  return Normalise(out);
}

class DeletionTest : public SharedClusterTest<DeletionTest> {
 protected:
  static void SetUpTestSuite() {
    if (!StartCluster()) return;
    for (Server s : {Server::kStock, Server::kOurs}) {
      ASSERT_EQ(Call(s, "POST", "/api/v1/namespaces",
                     R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{ns}"}})")
                    .code,
                201);
      // Stock's ServiceAccount admission needs the account that no controller makes here.
      ASSERT_EQ(Call(s, "POST", "/api/v1/namespaces/{ns}/serviceaccounts",
                     R"({"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default"}})")
                    .code,
                201);
    }
  }

  static Answer Call(Server s, const std::string& method, const std::string& path,
                     const std::string& body = "",
                     const std::string& content_type = "application/json") {
    std::vector<std::pair<std::string, std::string>> headers = {{"Accept", "application/json"}};
    if (!body.empty()) headers.emplace_back("Content-Type", content_type);
    auto r = cluster_->Http(s, method, Subst(path, s), headers, Subst(body, s));
    EXPECT_TRUE(r.ok()) << r.status().message();
    if (!r.ok()) return {};
    return {r->status, r->body, std::string(r->headers.Get("Retry-After"))};
  }

  // The same request to both servers: same code, same normalised answer. Returns ours.
  static Answer Both(const std::string& what, const std::string& method, const std::string& path,
                     const std::string& body = "",
                     const std::string& content_type = "application/json") {
    Answer stock = Call(Server::kStock, method, path, body, content_type);
    Answer ours = Call(Server::kOurs, method, path, body, content_type);
    EXPECT_EQ(ours.code, stock.code) << what << "\nstock: " << stock.body << "\nours: "
                                     << ours.body << "\nour log:\n" << cluster_->OurLogTail();
    EXPECT_EQ(Projection(ours.body), Projection(stock.body)) << what;
    EXPECT_EQ(ours.retry_after, stock.retry_after) << what;
    if (getenv("KUBECXX_TEST_VERBOSE") != nullptr) {
      std::cerr << "== " << what << ": " << stock.code << " / " << ours.code << "\n"
                << Projection(ours.body);
    }
    return ours;
  }

  // The stored objects of both, read through the STOCK server: same projection.
  static void SameStored(const std::string& what, const std::string& path) {
    Answer stock = Call(Server::kStock, "GET", Subst(path, Server::kStock));
    Answer ours = Call(Server::kStock, "GET", Subst(path, Server::kOurs));
    EXPECT_EQ(ours.code, stock.code) << what << " (stored)\nstock: " << stock.body
                                     << "\nours: " << ours.body;
    EXPECT_EQ(Projection(ours.body), Projection(stock.body)) << what << " (stored)";
  }

};

constexpr const char* kCm = "/api/v1/namespaces/{ns}/configmaps";
constexpr const char* kDeploy = "/apis/apps/v1/namespaces/{ns}/deployments";

std::string ConfigMap(const std::string& name, const std::string& finalizers = "") {
  std::string meta = R"("name":")" + name + "\"";
  if (!finalizers.empty()) meta += R"(,"finalizers":)" + finalizers;
  return R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{)" + meta + R"(},"data":{"a":"b"}})";
}

constexpr const char* kDeployment =
    R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"NAME"},"spec":)"
    R"({"replicas":1,"selector":{"matchLabels":{"app":"x"}},"template":{"metadata":)"
    R"({"labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}})";

std::string Named(std::string text, const std::string& name) {
  return text.replace(text.find("NAME"), 4, name);
}

std::string Pod(const std::string& name, const std::string& extra_spec = "",
                const std::string& labels = "{}") {
  return R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":")" + name +
         R"(","labels":)" + labels + R"(},"spec":{)" + extra_spec +
         R"("containers":[{"name":"c","image":"nginx"}]}})";
}

TEST_F(DeletionTest, PlainDeleteAndOptions) {
  Both("create", "POST", kCm, ConfigMap("plain"));
  Both("delete", "DELETE", std::string(kCm) + "/plain");
  SameStored("gone", std::string(kCm) + "/plain");
  Both("delete missing", "DELETE", std::string(kCm) + "/plain");

  Both("create", "POST", kCm, ConfigMap("opts"));
  Both("bad policy", "DELETE", std::string(kCm) + "/opts?propagationPolicy=Bad");
  Both("both set", "DELETE", std::string(kCm) + "/opts",
       R"({"kind":"DeleteOptions","apiVersion":"v1","orphanDependents":true,)"
       R"("propagationPolicy":"Orphan"})");
  Both("bad dryRun", "DELETE", std::string(kCm) + "/opts?dryRun=Bad");
  Both("uid precondition", "DELETE", std::string(kCm) + "/opts",
       R"({"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":"wrong"}})");
  Both("rv precondition", "DELETE", std::string(kCm) + "/opts",
       R"({"kind":"DeleteOptions","apiVersion":"meta.k8s.io/v1","preconditions":)"
       R"({"resourceVersion":"1"}})");
  Both("dry run", "DELETE", std::string(kCm) + "/opts?dryRun=All");
  SameStored("dry run keeps", std::string(kCm) + "/opts");
  Both("orphanDependents=false", "DELETE", std::string(kCm) + "/opts?orphanDependents=false");
  Both("create", "POST", kCm, ConfigMap("kept", R"(["example.com/hold"])"));
  Both("orphanDependents=false, kept", "DELETE", std::string(kCm) + "/kept",
       R"({"kind":"DeleteOptions","apiVersion":"v1","orphanDependents":false})");
  SameStored("kept", std::string(kCm) + "/kept");
  SameStored("gone", std::string(kCm) + "/opts");
}

TEST_F(DeletionTest, FinalizersKeepObjectsUntilRemoved) {
  Both("create", "POST", kCm, ConfigMap("fin", R"(["example.com/hold"])"));
  Both("delete", "DELETE", std::string(kCm) + "/fin");
  SameStored("kept", std::string(kCm) + "/fin");
  Both("delete again", "DELETE", std::string(kCm) + "/fin?gracePeriodSeconds=0");
  Both("add a finalizer", "PATCH", std::string(kCm) + "/fin",
       R"({"metadata":{"finalizers":["example.com/hold","example.com/more"]}})",
       "application/merge-patch+json");
  Both("remove the last", "PATCH", std::string(kCm) + "/fin",
       R"({"metadata":{"finalizers":null}})", "application/merge-patch+json");
  SameStored("gone", std::string(kCm) + "/fin");

  Both("create", "POST", kCm, ConfigMap("ts"));
  Both("set deletionTimestamp", "PATCH", std::string(kCm) + "/ts",
       R"({"metadata":{"deletionTimestamp":"2030-01-01T00:00:00Z"}})",
       "application/merge-patch+json");
  SameStored("unchanged", std::string(kCm) + "/ts");
}

TEST_F(DeletionTest, PropagationFinalizersAndDefaults) {
  for (const char* policy : {"Orphan", "Foreground"}) {
    std::string name = std::string("d-") + (policy[0] == 'O' ? "orphan" : "fg");
    Both("create", "POST", kDeploy, Named(kDeployment, name));
    Both(std::string("delete ") + policy, "DELETE",
         std::string(kDeploy) + "/" + name + "?propagationPolicy=" + policy);
    SameStored(policy, std::string(kDeploy) + "/" + name);
    Both("finalizers removed", "PATCH", std::string(kDeploy) + "/" + name,
         R"({"metadata":{"finalizers":[]}})", "application/merge-patch+json");
    SameStored("gone", std::string(kDeploy) + "/" + name);
  }
  Both("create", "POST", kDeploy, Named(kDeployment, "d-bg"));
  Both("delete default", "DELETE", std::string(kDeploy) + "/d-bg");
  SameStored("background", std::string(kDeploy) + "/d-bg");

  // batch/v1 jobs orphan by default.
  std::string jobs = "/apis/batch/v1/namespaces/{ns}/jobs";
  Both("create job", "POST", jobs,
       R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j"},"spec":{"template":)"
       R"({"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}})");
  Both("delete job", "DELETE", jobs + "/j");
  SameStored("job orphaned", jobs + "/j");
  Both("unfinalize job", "PATCH", jobs + "/j", R"({"metadata":{"finalizers":null}})",
       "application/merge-patch+json");

  // deletecollection with a label selector and options in the query.
  for (const char* n : {"dc1", "dc2"}) {
    Both("create", "POST", kCm,
         R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":")" + std::string(n) +
             R"(","labels":{"dc":"y"}}})");
  }
  Answer ours = Both("deletecollection", "DELETE",
                     std::string(kCm) + "?labelSelector=dc%3Dy&propagationPolicy=Background");
  EXPECT_NE(ours.body.find("\"dc1\""), std::string::npos) << ours.body;
  SameStored("gone", std::string(kCm) + "/dc1");
}

TEST_F(DeletionTest, PodGracefulDeletionAndBinding) {
  std::string pods = "/api/v1/namespaces/{ns}/pods";
  Both("create unscheduled", "POST", pods, Pod("unsched"));
  Both("delete unscheduled", "DELETE", pods + "/unsched");
  SameStored("gone", pods + "/unsched");

  Both("create", "POST", pods, Pod("bound"));
  std::string binding = R"({"apiVersion":"v1","kind":"Binding","metadata":{"name":"bound"},)"
                        R"("target":{"kind":"Node","name":"n1"}})";
  Both("bind", "POST", pods + "/bound/binding", binding);
  SameStored("bound", pods + "/bound");
  Both("bind again", "POST", pods + "/bound/binding", binding);
  Both("bind wrong name", "POST", pods + "/bound/binding",
       R"({"apiVersion":"v1","kind":"Binding","metadata":{"name":"other"},"target":{"name":"n1"}})");
  Both("delete (grace 30)", "DELETE", pods + "/bound");
  SameStored("terminating", pods + "/bound");
  Both("longer grace ignored", "DELETE", pods + "/bound?gracePeriodSeconds=60");
  Both("shorter grace", "DELETE", pods + "/bound?gracePeriodSeconds=10");
  SameStored("shortened", pods + "/bound");
  Both("bind terminating", "POST", pods + "/bound/binding",
       R"({"apiVersion":"v1","kind":"Binding","metadata":{"name":"bound"},"target":{"name":"n2"}})");
  Both("kubelet's final delete", "DELETE", pods + "/bound",
       R"({"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":0})");
  SameStored("gone", pods + "/bound");
}

TEST_F(DeletionTest, EvictionHonoursDisruptionBudgets) {
  std::string pods = "/api/v1/namespaces/{ns}/pods";
  std::string pdbs = "/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets";
  auto eviction = [](const std::string& name) {
    return R"({"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":")" + name + "\"}}";
  };
  // A pending pod is deleted without looking at budgets.
  Both("create", "POST", pods, Pod("pending", "", R"({"app":"e"})"));
  Both("evict pending", "POST", pods + "/pending/eviction", eviction("pending"));
  SameStored("gone", pods + "/pending");

  Both("create", "POST", pods, Pod("running", R"("nodeName":"n1",)", R"({"app":"e"})"));
  Both("running", "PATCH", pods + "/running/status",
       R"({"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}})",
       "application/merge-patch+json");
  Both("create pdb", "POST", pdbs,
       R"({"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"pdb"},)"
       R"("spec":{"minAvailable":1,"selector":{"matchLabels":{"app":"e"}}}})");
  Both("stale budget", "POST", pods + "/running/eviction", eviction("running"));
  Both("budget at 0", "PATCH", pdbs + "/pdb/status",
       R"({"status":{"observedGeneration":1,"disruptionsAllowed":0,"currentHealthy":1,)"
       R"("desiredHealthy":1,"expectedPods":1}})",
       "application/merge-patch+json");
  Both("no disruption allowed", "POST", pods + "/running/eviction", eviction("running"));
  SameStored("pod kept", pods + "/running");
  Both("budget at 1", "PATCH", pdbs + "/pdb/status",
       R"({"status":{"disruptionsAllowed":1,"currentHealthy":2,"desiredHealthy":1}})",
       "application/merge-patch+json");
  Both("evict", "POST", pods + "/running/eviction", eviction("running"));
  SameStored("pod terminating", pods + "/running");
  SameStored("budget used", pdbs + "/pdb");
  // Two budgets selecting one pod: the Status with code 500 inside a 201, as stock answers.
  Both("create", "POST", pods, Pod("running2", R"("nodeName":"n1",)", R"({"app":"e"})"));
  Both("running", "PATCH", pods + "/running2/status",
       R"({"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}})",
       "application/merge-patch+json");
  Both("second pdb", "POST", pdbs,
       R"({"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"pdb2"},)"
       R"("spec":{"maxUnavailable":1,"selector":{"matchLabels":{"app":"e"}}}})");
  Both("two budgets", "POST", pods + "/running2/eviction", eviction("running2"));
  SameStored("pod kept", pods + "/running2");
  Both("evict wrong name", "POST", pods + "/running/eviction", eviction("other"));
  Both("evict missing", "POST", pods + "/missing/eviction", eviction("missing"));
}

TEST_F(DeletionTest, NamespaceTerminationAndFinalize) {
  std::string ns_path = "/api/v1/namespaces/gone-{sfx}";
  Both("create ns", "POST", "/api/v1/namespaces",
       R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"gone-{sfx}"}})");
  Both("content", "POST", "/api/v1/namespaces/gone-{sfx}/configmaps", ConfigMap("c"));
  Both("delete ns", "DELETE", ns_path);
  SameStored("terminating", ns_path);
  Both("create in terminating", "POST", "/api/v1/namespaces/gone-{sfx}/configmaps",
       ConfigMap("late"));
  Both("create generateName in terminating", "POST",
       "/api/v1/namespaces/gone-{sfx}/configmaps",
       R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"late-"}})");
  Both("delete again", "DELETE", ns_path);
  Both("finalize", "PUT", ns_path + "/finalize",
       R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"gone-{sfx}"},)"
       R"("spec":{"finalizers":[]}})");
  SameStored("gone", ns_path);
  Both("create in missing namespace", "POST", "/api/v1/namespaces/gone-{sfx}/configmaps",
       ConfigMap("c"));
  Both("immortal", "DELETE", "/api/v1/namespaces/kube-public");
}

}  // namespace
}  // namespace kubecxx::kube_apiserver::testing

namespace kubecxx::kube_apiserver::testing {
namespace {

// The metadata-only answers the garbage collector and the namespace controller read.
TEST_F(DeletionTest, PartialObjectMetadataLikeStock) {
  Both("create", "POST", kCm, ConfigMap("pom"));
  const std::string json_pom = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";
  const std::string json_list =
      "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";
  struct Case {
    std::string path;
    std::string accept;
  } cases[] = {
      {std::string(kCm) + "/pom", json_pom},
      {std::string(kCm) + "/pom", json_pom + ";q=0.9,application/json"},
      {std::string(kCm) + "/pom", json_list},
      {std::string(kCm), json_list},
      {std::string(kCm), json_pom},
      {std::string(kCm), "application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;"
                         "g=meta.k8s.io;v=v1,application/json"},
  };
  for (const Case& c : cases) {
    auto stock = cluster_->Http(Server::kStock, "GET", Subst(c.path, Server::kStock),
                                {{"Accept", c.accept}});
    auto ours = cluster_->Http(Server::kOurs, "GET", Subst(c.path, Server::kOurs),
                               {{"Accept", c.accept}});
    ASSERT_TRUE(stock.ok() && ours.ok());
    EXPECT_EQ(ours->status, stock->status) << c.path << " " << c.accept << "\n" << stock->body;
    if (stock->status != 200 || ours->body.substr(0, 1) != "{") continue;
    auto a = apiserver::ParseJson(ours->body);
    auto b = apiserver::ParseJson(stock->body);
    ASSERT_TRUE(a.ok() && b.ok());
    for (auto path : {std::initializer_list<std::string_view>{"kind"}, {"apiVersion"},
                      {"metadata", "name"}, {"metadata", "namespace"}}) {
      EXPECT_EQ(Normalise(FieldText(*a, path)), Normalise(FieldText(*b, path))) << c.path;
    }
    const JsonValue* items_a = Field(*a, {"items"});
    const JsonValue* items_b = Field(*b, {"items"});
    ASSERT_EQ(items_a == nullptr, items_b == nullptr);
    if (items_a != nullptr) {
      ASSERT_EQ(items_a->items.size(), items_b->items.size());
      for (size_t i = 0; i < items_a->items.size(); ++i) {
        EXPECT_EQ(FieldText(items_a->items[i], {"kind"}), FieldText(items_b->items[i], {"kind"}));
        EXPECT_EQ(FieldText(items_a->items[i], {"apiVersion"}),
                  FieldText(items_b->items[i], {"apiVersion"}));
        EXPECT_EQ(FieldText(items_a->items[i], {"metadata", "name"}),
                  FieldText(items_b->items[i], {"metadata", "name"}));
      }
    }
  }
}

}  // namespace
}  // namespace kubecxx::kube_apiserver::testing
