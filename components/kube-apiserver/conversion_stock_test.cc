// Version conversion (lib/apiserver/conversion) against a STOCK kube-apiserver on one etcd
// (testing_cluster.h): for every resource stock serves in a version other than the one it
// stores, objects created through either server are read in every served version (JSON and
// protobuf), listed, watched, updated and deleted through the other, and both servers must
// answer byte for byte the same (they read the same etcd data; lists are compared item by
// item because stock lists from its watch cache at another resourceVersion). The etcd value
// must carry stock's storage apiVersion whichever server wrote it. Stock kubectl creates and
// reads events.k8s.io events and HPAs (v1 and v2) through ours. Skips without stock binaries.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "components/kube-apiserver/testing_cluster.h"
#include "kubecxx/api/meta/v1/types.h"
#include "lib/model/wire.h"

namespace kubecxx::kube_apiserver::testing {
namespace {

const char* Name(Server s) { return s == Server::kOurs ? "ours" : "stock"; }
Server Other(Server s) { return s == Server::kOurs ? Server::kStock : Server::kOurs; }

struct Case {
  std::string what;
  std::string create_path;               // collection path in the create version
  std::vector<std::string> read_paths;   // collection paths of every served version
  std::string etcd_key;                  // without the object name
  std::string storage_api_version;       // what the etcd value must say
  std::string body;                      // JSON with "NAME" for the name
  std::string name_suffix = "";          // appended to the object name (CRDs: ".<group>")
  bool settle = false;                   // CRDs: wait for stock's controllers (Established)
};

class ConversionStockTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string missing = MixedCluster::Missing();
    if (!missing.empty()) {
      skip_ = "SKIPPED: " + missing;
      return;
    }
    auto c = MixedCluster::Start();
    ASSERT_TRUE(c.ok()) << c.status().message();
    cluster_ = c->release();
    Must(Server::kStock, {"create", "namespace", "conv"});
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }
  void SetUp() override {
    if (!skip_.empty()) GTEST_SKIP() << skip_;
    ASSERT_NE(cluster_, nullptr);
  }
  static std::string Must(Server s, const std::vector<std::string>& args) {
    auto out = cluster_->Kubectl(s, args);
    EXPECT_TRUE(out.ok()) << Name(s) << ": " << out.status().message() << "\nour log:\n"
                          << cluster_->OurLogTail();
    return out.ok() ? *out : "";
  }
  static net::HttpResponse Call(Server s, const std::string& method, const std::string& path,
                                const std::string& body = "",
                                const std::string& accept = "application/json") {
    auto r = cluster_->Http(s, method, path,
                            {{"Content-Type", "application/json"}, {"Accept", accept}}, body);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : net::HttpResponse{};
  }
  // GET through both servers; they must agree byte for byte. Returns the body.
  static std::string GetBoth(const std::string& path, int want_status,
                             const std::string& accept = "application/json") {
    auto ours = Call(Server::kOurs, "GET", path, "", accept);
    auto stock = Call(Server::kStock, "GET", path, "", accept);
    EXPECT_EQ(stock.status, want_status) << path << ": " << stock.body;
    EXPECT_EQ(ours.status, stock.status) << path << "\nours:  " << ours.body
                                         << "\nstock: " << stock.body;
    EXPECT_EQ(ours.body, stock.body) << path << " (" << accept << ")";
    return stock.body;
  }
  // The items of a JSON list, each re-encoded compactly.
  // The items of a JSON list as encoded (lists of the two servers differ in metadata).
  static std::string Items(const std::string& list_json) {
    size_t pos = list_json.find("\"items\":");
    return pos == std::string::npos ? "no items in: " + list_json : list_json.substr(pos);
  }
  static std::string Replace(std::string body, const std::string& from, const std::string& to) {
    size_t pos;
    while ((pos = body.find(from)) != std::string::npos) body.replace(pos, from.size(), to);
    return body;
  }
  // Polls a GET through stock until `want` (a status code) and, if given, `contains`.
  static void WaitFor(const std::string& path, int want, const std::string& contains = "") {
    for (int i = 0; i < 100; ++i) {
      auto r = Call(Server::kStock, "GET", path);
      if (r.status == want && (contains.empty() || r.body.find(contains) != std::string::npos)) {
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "timed out waiting for " << want << " " << contains << " at " << path;
  }
  static std::string ReadFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  static std::string ResourceVersion(const std::string& json) {
    auto obj = codec::DecodeObject(json, codec::WireFormat::kJson);
    if (!obj.ok() || obj->meta() == nullptr) return "";
    return obj->meta()->resource_version;
  }
  // "<format> <apiVersion>" of the value stored at `key` (format "protobuf" or "json").
  static std::string Stored(const std::string& key) {
    auto out = cluster_->stock().Etcdctl({"get", key, "--print-value-only"});
    if (!out.ok()) return "etcdctl: " + out.status().message();
    std::string value = *out;
    if (!value.empty() && value.back() == '\n') value.pop_back();
    codec::WireFormat format = codec::DetectWireFormat(value);
    auto obj = codec::DecodeObject(value, format);
    if (!obj.ok()) return "undecodable: " + obj.status().message();
    return std::string(format == codec::WireFormat::kProtobuf ? "protobuf " : "json ") +
           obj->info()->ApiVersion();
  }

  // The stored object (etcd, decoded) as JSON with what differs between two creations
  // blanked: identity, times, managedFields, status (controllers' business) and the
  // creator's name in names and kinds.
  // Read at the creation's revision: stock's controllers may rewrite the object (CRDs).
  static std::string StoredShape(const std::string& key, const std::string& rev,
                                 const std::string& creator) {
    auto out = cluster_->stock().Etcdctl({"get", key, "--rev=" + rev, "--print-value-only"});
    if (!out.ok()) return "etcdctl: " + out.status().message();
    std::string value = *out;
    if (!value.empty() && value.back() == '\n') value.pop_back();
    auto obj = codec::DecodeObject(value, codec::DetectWireFormat(value));
    if (!obj.ok() || obj->meta() == nullptr) return "undecodable";
    auto* meta = obj->meta();
    meta->uid.clear();
    meta->creation_timestamp = {};
    meta->managed_fields.clear();
    meta->resource_version.clear();
    std::string json = codec::EncodeJson(*obj);
    size_t status = json.find(",\"status\":");
    if (status != std::string::npos) json = json.substr(0, status) + "}";
    std::string upper = creator;
    upper[0] = static_cast<char>(std::toupper(upper[0]));
    return Replace(Replace(json, creator, "CREATOR"), upper, "CREATOR");
  }

  // The whole cycle for one case, the object created through `creator`.
  static void RunCase(const Case& c, Server creator) {
    const std::string base = std::string(Name(creator)) + "-" + c.what;
    const std::string name = base + c.name_suffix;
    SCOPED_TRACE(c.what + " created through " + Name(creator));
    std::string kind = Name(creator);
    kind[0] = static_cast<char>(std::toupper(kind[0]));
    auto created = Call(creator, "POST", c.create_path,
                        Replace(Replace(Replace(c.body, "NAME", name), "BASE", base), "KIND",
                                kind + "Widget"));
    ASSERT_EQ(created.status, 201) << created.body << "\n" << cluster_->OurLogTail();
    // Stored exactly as stock stores the same request (compared once both have run).
    std::string shape = StoredShape(c.etcd_key + "/" + name, ResourceVersion(created.body),
                                    Name(creator));
    std::string& other = shapes_[c.what][creator == Server::kOurs ? 1 : 0];
    other = shape;
    if (getenv("KUBECXX_TEST_VERBOSE")) std::cout << "[stored] " << c.what << " " << Name(creator) << ": " << shape << "\n";
    if (!shapes_[c.what][0].empty() && !shapes_[c.what][1].empty()) {
      EXPECT_EQ(shapes_[c.what][1], shapes_[c.what][0]) << "stored through ours vs stock";
    }
    if (c.settle) {
      WaitFor(c.read_paths[0] + "/" + name, 200,
              R"("type":"Established","status":"True")");
    }
    EXPECT_EQ(Stored(c.etcd_key + "/" + name), c.storage_api_version);
    const std::string rv = ResourceVersion(created.body);
    ASSERT_FALSE(rv.empty());

    // Watches through both servers from the creation on, for the update and the delete.
    std::string dir = cluster_->dir();
    std::vector<pid_t> watchers;
    for (Server s : {Server::kOurs, Server::kStock}) {
      watchers.push_back(cluster_->KubectlBackground(
          s,
          {"get", "--raw",
           c.read_paths[0] + "?watch=1&timeoutSeconds=2&resourceVersion=" + rv +
               "&fieldSelector=metadata.name%3D" + name},
          dir + "/watch-" + name + "-" + Name(s)));
    }

    for (const std::string& path : c.read_paths) {
      GetBoth(path + "/" + name, 200);
      GetBoth(path + "/" + name, 200, "application/vnd.kubernetes.protobuf");
      auto ours = Call(Server::kOurs, "GET", path + "?fieldSelector=metadata.name%3D" + name);
      auto stock = Call(Server::kStock, "GET", path + "?fieldSelector=metadata.name%3D" + name);
      EXPECT_EQ(ours.status, 200) << ours.body;
      EXPECT_EQ(Items(ours.body), Items(stock.body)) << path;
    }

    // Update through the other server, in the last served version: a label.
    Server updater = Other(creator);
    const std::string upath = c.read_paths.back() + "/" + name;
    auto current = Call(updater, "GET", upath);
    ASSERT_EQ(current.status, 200);
    std::string body = current.body;
    size_t meta = body.find("\"metadata\":{");
    ASSERT_NE(meta, std::string::npos);
    body.insert(meta + 12, "\"labels\":{\"updated\":\"yes\"},");
    if (body.find("\"labels\":{", meta + 40) != std::string::npos) {
      // Already labelled: keep the object as is apart from the new label key.
      body = current.body;
      size_t labels = body.find("\"labels\":{");
      body.insert(labels + 10, "\"updated\":\"yes\",");
    }
    auto updated = Call(updater, "PUT", upath, body);
    ASSERT_EQ(updated.status, 200) << updated.body << "\n" << cluster_->OurLogTail();
    EXPECT_NE(updated.body.find("\"updated\":\"yes\""), std::string::npos);
    for (const std::string& path : c.read_paths) GetBoth(path + "/" + name, 200);

    auto deleted = Call(updater, "DELETE", c.read_paths[0] + "/" + name);
    EXPECT_EQ(deleted.status, 200) << deleted.body;
    if (c.settle) WaitFor(c.read_paths[0] + "/" + name, 404);  // stock's finalizer runs first
    for (const std::string& path : c.read_paths) GetBoth(path + "/" + name, 404);

    for (pid_t pid : watchers) {
      int st = 0;
      waitpid(pid, &st, 0);
    }
    std::string ours_events = ReadFile(dir + "/watch-" + name + "-ours");
    std::string stock_events = ReadFile(dir + "/watch-" + name + "-stock");
    EXPECT_NE(stock_events.find("\"type\":\"MODIFIED\""), std::string::npos) << stock_events;
    EXPECT_NE(stock_events.find("\"type\":\"DELETED\""), std::string::npos) << stock_events;
    EXPECT_EQ(ours_events, stock_events);
  }

  static inline MixedCluster* cluster_ = nullptr;
  static inline std::string skip_;
  static inline std::map<std::string, std::array<std::string, 2>> shapes_;  // [stock, ours]
};

std::vector<Case> Cases(const std::string& ca_pem) {
  std::string pem;
  for (char ch : ca_pem) {
    if (ch == '\n') {
      pem += "\\n";
    } else {
      pem.push_back(ch);
    }
  }
  return {
      {"event", "/apis/events.k8s.io/v1/namespaces/conv/events",
       {"/apis/events.k8s.io/v1/namespaces/conv/events", "/api/v1/namespaces/conv/events"},
       "/registry/events/conv", "protobuf v1",
       R"({"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"NAME","namespace":"conv"},
          "eventTime":"2026-01-02T03:04:05.123456Z","reportingController":"example.com/ctl",
          "reportingInstance":"ctl-1","action":"Bind","reason":"Scheduled",
          "regarding":{"kind":"Pod","namespace":"conv","name":"p1","uid":"u1","apiVersion":"v1"},
          "related":{"kind":"Node","name":"n1"},"note":"hello","type":"Normal"})"},
      {"hpa-v1", "/apis/autoscaling/v1/namespaces/conv/horizontalpodautoscalers",
       {"/apis/autoscaling/v1/namespaces/conv/horizontalpodautoscalers",
        "/apis/autoscaling/v2/namespaces/conv/horizontalpodautoscalers"},
       "/registry/horizontalpodautoscalers/conv", "protobuf autoscaling/v2",
       R"({"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler",
          "metadata":{"name":"NAME","namespace":"conv"},
          "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},
          "minReplicas":2,"maxReplicas":5,"targetCPUUtilizationPercentage":50}})"},
      {"hpa-v2", "/apis/autoscaling/v2/namespaces/conv/horizontalpodautoscalers",
       {"/apis/autoscaling/v2/namespaces/conv/horizontalpodautoscalers",
        "/apis/autoscaling/v1/namespaces/conv/horizontalpodautoscalers"},
       "/registry/horizontalpodautoscalers/conv", "protobuf autoscaling/v2",
       R"({"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler",
          "metadata":{"name":"NAME","namespace":"conv","annotations":{"keep":"me"}},
          "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},
          "minReplicas":1,"maxReplicas":9,"metrics":[
            {"type":"Pods","pods":{"metric":{"name":"qps"},"target":{"type":"AverageValue","averageValue":"10"}}},
            {"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":60}}},
            {"type":"Object","object":{"describedObject":{"kind":"Service","name":"s","apiVersion":"v1"},
              "metric":{"name":"rps"},"target":{"type":"Value","value":"2k"}}},
            {"type":"External","external":{"metric":{"name":"queue","selector":{"matchLabels":{"q":"a"}}},
              "target":{"type":"AverageValue","averageValue":"30"}}},
            {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"1Gi"}}}],
          "behavior":{"scaleUp":{"stabilizationWindowSeconds":0,"selectPolicy":"Max",
              "policies":[{"type":"Pods","value":4,"periodSeconds":15},{"type":"Percent","value":100,"periodSeconds":15}]},
            "scaleDown":{"stabilizationWindowSeconds":300,"selectPolicy":"Min",
              "policies":[{"type":"Percent","value":50,"periodSeconds":60}]}}}})"},
      {"ctb", "/apis/certificates.k8s.io/v1/clustertrustbundles",
       {"/apis/certificates.k8s.io/v1/clustertrustbundles"}, "/registry/clustertrustbundles",
       "protobuf certificates.k8s.io/v1beta1",
       R"({"apiVersion":"certificates.k8s.io/v1","kind":"ClusterTrustBundle",
          "metadata":{"name":"NAME"},"spec":{"trustBundle":")" + pem + R"("}})"},
      {"dtr", "/apis/resource.k8s.io/v1/devicetaintrules",
       {"/apis/resource.k8s.io/v1/devicetaintrules"}, "/registry/devicetaintrules",
       "protobuf resource.k8s.io/v1beta2",
       R"({"apiVersion":"resource.k8s.io/v1","kind":"DeviceTaintRule","metadata":{"name":"NAME"},
          "spec":{"deviceSelector":{"driver":"dra.example.com","pool":"p1"},
          "taint":{"key":"example.com/broken","value":"yes","effect":"NoSchedule",
          "timeAdded":"2026-01-01T00:00:00Z"}}})"},
      {"crd", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
       {"/apis/apiextensions.k8s.io/v1/customresourcedefinitions"},
       "/registry/apiextensions.k8s.io/customresourcedefinitions",
       "json apiextensions.k8s.io/v1beta1",
       R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
          "metadata":{"name":"NAME"},"spec":{"group":"conv.example.com",
          "names":{"plural":"BASE","singular":"BASE-one","kind":"KIND","listKind":"KINDList"},
          "scope":"Namespaced","conversion":{"strategy":"None"},"versions":[
          {"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object",
            "properties":{"spec":{"type":"object","properties":{
              "size":{"type":"integer","default":3,"maximum":1e3},
              "color":{"type":"string","enum":["red","blue"]},
              "extra":{"type":"object","default":{"z":1.50,"a":[true,null]},
                       "x-kubernetes-preserve-unknown-fields":true}}}}}},
           "subresources":{"status":{}},
           "additionalPrinterColumns":[{"name":"Size","type":"integer","jsonPath":".spec.size"}]},
          {"name":"v2","served":true,"storage":false,"schema":{"openAPIV3Schema":{"type":"object",
            "properties":{"spec":{"type":"object","properties":{
              "size":{"type":"integer","default":3,"maximum":1e3},
              "color":{"type":"string","enum":["red","blue"]},
              "extra":{"type":"object","default":{"z":1.50,"a":[true,null]},
                       "x-kubernetes-preserve-unknown-fields":true}}}}}},
           "subresources":{"status":{},"scale":{"specReplicasPath":".spec.replicas",
             "statusReplicasPath":".status.replicas"}},
           "additionalPrinterColumns":[{"name":"Size","type":"integer","jsonPath":".spec.size"}]}]}})",
       ".conv.example.com", true},
      {"svm", "/apis/storagemigration.k8s.io/v1/storageversionmigrations",
       {"/apis/storagemigration.k8s.io/v1/storageversionmigrations"},
       "/registry/storageversionmigrations", "protobuf storagemigration.k8s.io/v1beta1",
       R"({"apiVersion":"storagemigration.k8s.io/v1","kind":"StorageVersionMigration",
          "metadata":{"name":"NAME"},"spec":{"resource":{"group":"","resource":"configmaps"}}})"},
  };
}

TEST_F(ConversionStockTest, CreatedThroughStockServedByOurs) {
  for (const Case& c : Cases(cluster_->ca_pem())) {
    RunCase(c, Server::kStock);
  }
}

TEST_F(ConversionStockTest, CreatedThroughOursServedByStock) {
  for (const Case& c : Cases(cluster_->ca_pem())) RunCase(c, Server::kOurs);
}

TEST_F(ConversionStockTest, ApiServicesAndCrdsStoredAsJsonLikeStock) {
  // The aggregator's APIServices, like CRDs, are stored as JSON (LegacyCodec), trailing
  // newline included.
  const std::string path = "/apis/apiregistration.k8s.io/v1/apiservices";
  auto r = Call(Server::kOurs, "POST", path,
                R"({"apiVersion":"apiregistration.k8s.io/v1","kind":"APIService",
      "metadata":{"name":"v9.conv.example.com"},"spec":{"group":"conv.example.com","version":"v9",
      "groupPriorityMinimum":100,"versionPriority":10}})");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string prefix = "/registry/apiregistration.k8s.io/apiservices/";
  EXPECT_EQ(Stored(prefix + "v1.apps"), "json apiregistration.k8s.io/v1");
  EXPECT_EQ(Stored(prefix + "v9.conv.example.com"), "json apiregistration.k8s.io/v1");
  auto stock_raw = cluster_->stock().Etcdctl({"get", prefix + "v1.apps", "--print-value-only"});
  auto ours_raw =
      cluster_->stock().Etcdctl({"get", prefix + "v9.conv.example.com", "--print-value-only"});
  ASSERT_TRUE(stock_raw.ok() && ours_raw.ok());
  EXPECT_EQ(stock_raw->substr(stock_raw->size() - 3), ours_raw->substr(ours_raw->size() - 3));
  WaitFor(path + "/v9.conv.example.com", 200, R"("type":"Available")");
  GetBoth(path + "/v9.conv.example.com", 200);
  EXPECT_EQ(Call(Server::kOurs, "DELETE", path + "/v9.conv.example.com").status, 200);
}

TEST_F(ConversionStockTest, HpaStatusAnnotationsAsStock) {
  // v2 status (current metrics, conditions) written through stock, read as v1 through both.
  const std::string v2 = "/apis/autoscaling/v2/namespaces/conv/horizontalpodautoscalers";
  auto created = Call(Server::kStock, "POST", v2,
                      R"({"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler",
      "metadata":{"name":"st"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},
      "minReplicas":1,"maxReplicas":3,"metrics":[{"type":"Resource","resource":{"name":"cpu",
      "target":{"type":"Utilization","averageUtilization":70}}}]}})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string body = created.body;
  size_t status = body.find("\"status\":{");
  ASSERT_NE(status, std::string::npos) << body;
  body = body.substr(0, status) +
         R"("status":{"currentReplicas":2,"desiredReplicas":3,"currentMetrics":[{"type":"Resource",
      "resource":{"name":"cpu","current":{"averageValue":"250m","averageUtilization":83}}}],
      "conditions":[{"type":"AbleToScale","status":"True","lastTransitionTime":"2026-01-01T00:00:00Z",
      "reason":"ReadyForNewScale","message":"ok"}]}})";
  for (Server s : {Server::kStock, Server::kOurs}) {
    auto put = Call(s, "PUT", v2 + "/st/status", body);
    ASSERT_EQ(put.status, 200) << Name(s) << ": " << put.body << "\n" << cluster_->OurLogTail();
    body = put.body;
    GetBoth("/apis/autoscaling/v1/namespaces/conv/horizontalpodautoscalers/st", 200);
    GetBoth(v2 + "/st", 200);
  }
  // v1 status subresource through ours, as stock would take it.
  auto v1 = Call(Server::kOurs, "GET", "/apis/autoscaling/v1/namespaces/conv/horizontalpodautoscalers/st");
  ASSERT_EQ(v1.status, 200);
  Call(Server::kStock, "DELETE", v2 + "/st");
}

TEST_F(ConversionStockTest, EventFieldSelectorsAsStock) {
  const std::string path = "/apis/events.k8s.io/v1/namespaces/conv/events";
  for (int i = 0; i < 3; ++i) {
    std::string body = R"({"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"fs)" +
                       std::to_string(i) + R"("},"eventTime":"2026-01-02T03:04:05.000000Z",
        "reportingController":"example.com/ctl","reportingInstance":"i","action":"A","reason":"R)" +
                       std::to_string(i % 2) + R"(","regarding":{"kind":"Pod","name":"p)" +
                       std::to_string(i) + R"(","namespace":"conv"},"note":"n","type":"Normal"})";
    ASSERT_EQ(Call(Server::kOurs, "POST", path, body).status, 201);
  }
  for (std::string sel : {"regarding.name%3Dp1", "reason%3DR0", "reportingController%3Dexample.com%2Fctl",
                          "regarding.kind%3DPod,type%3DNormal", "reason!%3DR0"}) {
    auto ours = Call(Server::kOurs, "GET", path + "?fieldSelector=" + sel);
    auto stock = Call(Server::kStock, "GET", path + "?fieldSelector=" + sel);
    EXPECT_EQ(ours.status, 200) << sel << ": " << ours.body;
    EXPECT_EQ(Items(ours.body), Items(stock.body)) << sel;
  }
  // A label the events.k8s.io version does not have (core's involvedObject.name).
  auto ours = Call(Server::kOurs, "GET", path + "?fieldSelector=involvedObject.name%3Dp1");
  auto stock = Call(Server::kStock, "GET", path + "?fieldSelector=involvedObject.name%3Dp1");
  EXPECT_EQ(stock.status, 400) << stock.body;
  EXPECT_EQ(ours.status, stock.status);
  EXPECT_EQ(ours.body, stock.body);
  for (int i = 0; i < 3; ++i) Call(Server::kOurs, "DELETE", path + "/fs" + std::to_string(i));
}

TEST_F(ConversionStockTest, StockKubectlEventsAndHpas) {
  // kubectl autoscale writes autoscaling/v2; create -f of a v1 manifest; get in both versions.
  Must(Server::kStock, {"create", "deployment", "web", "-n", "conv", "--image=nginx"});
  Must(Server::kOurs, {"autoscale", "deployment", "web", "-n", "conv", "--cpu-percent=40",
                       "--min=1", "--max=4"});
  std::string manifest = cluster_->dir() + "/hpa-v1.yaml";
  {
    std::ofstream out(manifest);
    out << "apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web2\n"
           "  namespace: conv\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n"
           "    kind: Deployment\n    name: web\n  minReplicas: 1\n  maxReplicas: 3\n"
           "  targetCPUUtilizationPercentage: 30\n";
  }
  Must(Server::kOurs, {"create", "-f", manifest});
  for (std::string res : {"hpa.v1.autoscaling", "hpa.v2.autoscaling"}) {
    std::string ours = Must(Server::kOurs, {"get", res, "-n", "conv", "-o", "json"});
    std::string stock = Must(Server::kStock, {"get", res, "-n", "conv", "-o", "json"});
    EXPECT_EQ(Items(ours), Items(stock)) << res;
  }
  std::string ev = cluster_->dir() + "/event.yaml";
  {
    std::ofstream out(ev);
    out << "apiVersion: events.k8s.io/v1\nkind: Event\nmetadata:\n  name: kev\n  namespace: conv\n"
           "eventTime: \"2026-01-02T03:04:05.000000Z\"\nreportingController: example.com/k\n"
           "reportingInstance: k-1\naction: Created\nreason: Test\nnote: from kubectl\n"
           "type: Normal\nregarding:\n  kind: Deployment\n  name: web\n  namespace: conv\n";
  }
  Must(Server::kOurs, {"create", "-f", ev});
  for (std::string res : {"events.events.k8s.io", "events"}) {
    std::string ours = Must(Server::kOurs, {"get", res, "-n", "conv", "kev", "-o", "json"});
    std::string stock = Must(Server::kStock, {"get", res, "-n", "conv", "kev", "-o", "json"});
    EXPECT_EQ(ours, stock) << res;
  }
  // PATCH through the converting store: merge patch of a v1 HPA, strategic of an event.
  Must(Server::kOurs, {"patch", "hpa.v1.autoscaling", "-n", "conv", "web2", "--type=merge", "-p",
                       R"({"spec":{"maxReplicas":7,"targetCPUUtilizationPercentage":35}})"});
  Must(Server::kOurs, {"annotate", "events.events.k8s.io", "-n", "conv", "kev", "a=b"});
  for (std::string path : {"/apis/autoscaling/v1/namespaces/conv/horizontalpodautoscalers/web2",
                           "/apis/autoscaling/v2/namespaces/conv/horizontalpodautoscalers/web2",
                           "/apis/events.k8s.io/v1/namespaces/conv/events/kev",
                           "/api/v1/namespaces/conv/events/kev"}) {
    std::string body = GetBoth(path, 200);
    EXPECT_TRUE(body.find("\"maxReplicas\":7") != std::string::npos ||
                body.find("\"a\":\"b\"") != std::string::npos)
        << body;
  }
  Must(Server::kOurs, {"delete", "hpa", "-n", "conv", "web", "web2"});
  Must(Server::kOurs, {"delete", "events.events.k8s.io", "-n", "conv", "kev"});
}

}  // namespace
}  // namespace kubecxx::kube_apiserver::testing
