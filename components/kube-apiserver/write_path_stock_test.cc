// The write path of OUR kube-apiserver (dryRun, fieldValidation, the legacy bindings
// resource, events' lease TTL) compared request by request with a STOCK kube-apiserver on
// the same etcd: every case runs once against each server (objects in namespace wp-s
// through stock, wp-o through ours) and the status code, the answer (a Status, or the object
// with uids, times, revisions and namespace names normalised and managedFields dropped), the
// Warning headers and what is in etcd afterwards (key present, its mod revision, its lease's
// granted TTL) must be the same. Stock kubectl's output (warnings, server dry run) too.
// Skips when the stock binaries are missing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <regex>

#include "components/kube-apiserver/shared_cluster_test.h"
#include "components/kube-apiserver/testing_cluster.h"
#include "lib/apiserver/json_merge.h"
#include "lib/etcd/client.h"

namespace kubecxx::kube_apiserver::testing {
namespace {

using apiserver::JsonValue;

struct Answer {
  int code = 0;
  std::string body;
  std::vector<std::string> warnings;
};

std::string Ns(Server s) { return s == Server::kStock ? "wp-s" : "wp-o"; }

std::string Subst(std::string text, Server s) {
  for (size_t at = text.find("{ns}"); at != std::string::npos; at = text.find("{ns}", at)) {
    text.replace(at, 4, Ns(s));
  }
  return text;
}

std::string Normalise(std::string text) {
  static const std::regex kUid("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  static const std::regex kTime("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
  static const std::regex kNs("wp-[so]\\b");
  static const std::regex kRv("\"resourceVersion\":\"\\d+\"");
  text = std::regex_replace(text, kUid, "UID");
  text = std::regex_replace(text, kTime, "TIME");
  text = std::regex_replace(text, kNs, "NS");
  static const std::regex kGenerated("\"g-[bcdfghjklmnpqrstvwxz2456789]{5}\"");
  text = std::regex_replace(text, kRv, "\"resourceVersion\":\"RV\"");
  text = std::regex_replace(text, kGenerated, "\"g-GEN\"");
  return text;
}

// The answer without what differs by nature (managedFields: ours keeps none yet).
std::string Projection(const std::string& body) {
  auto v = apiserver::ParseJson(body);
  if (!v.ok()) return "unparsable: " + body;
  if (JsonValue* meta = v->Find("metadata")) meta->Erase("managedFields");
  if (JsonValue* items = v->Find("items")) {
    for (JsonValue& item : items->items) {
      if (JsonValue* meta = item.Find("metadata")) meta->Erase("managedFields");
    }
  }
  return Normalise(apiserver::SerializeJson(*v));
}

class WritePathTest : public SharedClusterTest<WritePathTest> {
 protected:
  static void SetUpTestSuite() {
    if (!StartCluster({"--event-ttl=90s"}, {"--event-ttl=90s"})) return;
    etcd::ClientOptions eo;
    eo.endpoints = {cluster_->stock().etcd_url()};
    auto client = etcd::Client::Create(eo);
    ASSERT_TRUE(client.ok()) << client.status().message();
    etcd_ = client->release();
    for (Server s : {Server::kStock, Server::kOurs}) {
      ASSERT_EQ(Call(s, "POST", "/api/v1/namespaces",
                     R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{ns}"}})")
                    .code,
                201);
      ASSERT_EQ(Call(s, "POST", "/api/v1/namespaces/{ns}/serviceaccounts",
                     R"({"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default"}})")
                    .code,
                201);
    }
  }
  static void TearDownTestSuite() {
    delete etcd_;
    etcd_ = nullptr;
    SharedClusterTest::TearDownTestSuite();
  }

  static Answer Call(Server s, const std::string& method, const std::string& path,
                     const std::string& body = "",
                     const std::string& content_type = "application/json") {
    std::vector<std::pair<std::string, std::string>> headers = {{"Accept", "application/json"}};
    if (!body.empty()) headers.emplace_back("Content-Type", content_type);
    auto r = cluster_->Http(s, method, Subst(path, s), headers, Subst(body, s));
    EXPECT_TRUE(r.ok()) << r.status().message();
    if (!r.ok()) return {};
    Answer a{r->status, r->body, {}};
    for (auto w : r->headers.GetAll("Warning")) a.warnings.emplace_back(w);
    return a;
  }

  // The same request to both servers: same code, answer and warnings. Returns ours.
  static Answer Both(const std::string& what, const std::string& method, const std::string& path,
                     const std::string& body = "",
                     const std::string& content_type = "application/json") {
    Answer stock = Call(Server::kStock, method, path, body, content_type);
    Answer ours = Call(Server::kOurs, method, path, body, content_type);
    EXPECT_EQ(ours.code, stock.code) << what << "\nstock: " << stock.body << "\nours: "
                                     << ours.body << "\nour log:\n" << cluster_->OurLogTail();
    EXPECT_EQ(Projection(ours.body), Projection(stock.body)) << what;
    EXPECT_EQ(Normalise(::testing::PrintToString(ours.warnings)),
              Normalise(::testing::PrintToString(stock.warnings)))
        << what;
    if (getenv("KUBECXX_TEST_VERBOSE") != nullptr) {
      std::cerr << "== " << what << ": " << stock.code << " / " << ours.code << "\n"
                << Projection(ours.body) << "\n" << ::testing::PrintToString(ours.warnings)
                << "\n";
    }
    return ours;
  }

  // The same request to both: same code and warnings, and the same `keep` of each answer
  // (for answers that differ elsewhere for reasons outside the write path).
  static void BothPart(const std::string& what, const std::string& method,
                       const std::string& path, const std::string& body,
                       const std::string& content_type,
                       const std::function<std::string(const std::string&)>& keep) {
    Answer stock = Call(Server::kStock, method, path, body, content_type);
    Answer ours = Call(Server::kOurs, method, path, body, content_type);
    EXPECT_EQ(ours.code, stock.code) << what << "\nstock: " << stock.body << "\nours: "
                                     << ours.body;
    EXPECT_EQ(Normalise(keep(ours.body)), Normalise(keep(stock.body))) << what;
    EXPECT_EQ(ours.warnings, stock.warnings) << what;
  }

  // The etcd key of a path like "/configmaps/{ns}/x" for one side: its mod revision (0 when
  // absent) and lease.
  static etcd::KeyValue Stored(Server s, const std::string& key) {
    auto r = etcd_->Range("/registry" + Subst(key, s));
    EXPECT_TRUE(r.ok()) << r.status().message();
    if (!r.ok() || r->kvs.empty()) return {};
    return r->kvs[0];
  }

  // The granted TTL of a lease (etcdctl lease timetolive), -1 when there is none.
  static int64_t GrantedTtl(int64_t lease) {
    if (lease == 0) return -1;
    char hex[32];
    snprintf(hex, sizeof(hex), "%llx", static_cast<unsigned long long>(lease));
    auto out = cluster_->stock().Etcdctl({"lease", "timetolive", hex, "--write-out=json"});
    EXPECT_TRUE(out.ok()) << out.status().message();
    std::smatch m;
    std::string text = out.ok() ? *out : "";
    if (!std::regex_search(text, m, std::regex("\"granted-ttl\":(\\d+)"))) return -2;
    return std::stoll(m[1]);
  }

  // A dry-run request must leave each side's key as it was.
  static void Unchanged(const std::string& what, const std::string& key,
                        const std::function<void()>& request) {
    etcd::KeyValue before_s = Stored(Server::kStock, key);
    etcd::KeyValue before_o = Stored(Server::kOurs, key);
    request();
    EXPECT_EQ(Stored(Server::kStock, key).mod_revision, before_s.mod_revision) << what;
    EXPECT_EQ(Stored(Server::kOurs, key).mod_revision, before_o.mod_revision) << what;
  }

  static int64_t CountKeys(const std::string& prefix) {
    etcd::RangeOptions ro;
    ro.prefix = true;
    ro.count_only = true;
    auto r = etcd_->Range(prefix, ro);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->count : -1;
  }

  static inline etcd::Client* etcd_ = nullptr;
};

constexpr const char* kCm = "/api/v1/namespaces/{ns}/configmaps";
constexpr const char* kDeploy = "/apis/apps/v1/namespaces/{ns}/deployments";
constexpr const char* kSvc = "/api/v1/namespaces/{ns}/services";
constexpr const char* kMerge = "application/merge-patch+json";

std::string ConfigMap(const std::string& name, const std::string& extra = "") {
  return R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":")" + name +
         R"(","labels":{"wp":"x"}},"data":{"a":"b"})" + extra + "}";
}

std::string Deployment(const std::string& name) {
  return R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":")" + name +
         R"("},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"x"}},"template":)"
         R"({"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"c",)"
         R"("image":"nginx"}]}}}})";
}

// A v1 ConfigMap "pb-unknown" in the protobuf envelope, with an unknown field 99 in the
// object's own message.
std::string ProtobufConfigMapWithUnknown() {
  auto field = [](int number, const std::string& bytes) {
    std::string out(1, static_cast<char>((number << 3) | 2));
    out += static_cast<char>(bytes.size());
    return out + bytes;
  };
  std::string meta = field(1, "pb-unknown");
  std::string raw = field(1, meta) + std::string("\x98\x06\x01", 3);  // field 99 = 1
  std::string type_meta = field(1, "v1") + field(2, "ConfigMap");
  return std::string("k8s\0", 4) + field(1, type_meta) + field(2, raw);
}

TEST_F(WritePathTest, DryRunCreate) {
  Unchanged("dry-run create", "/configmaps/{ns}/dry", [] {
    Both("create", "POST", std::string(kCm) + "?dryRun=All", ConfigMap("dry"));
  });
  EXPECT_EQ(Stored(Server::kOurs, "/configmaps/{ns}/dry").mod_revision, 0);
  Both("not stored", "GET", std::string(kCm) + "/dry");
  Both("generateName", "POST", std::string(kCm) + "?dryRun=All",
       R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"g-"}})");
  Both("defaults", "POST", std::string(kDeploy) + "?dryRun=All", Deployment("dry"));
  Both("resourceVersion set", "POST", std::string(kCm) + "?dryRun=All",
       R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"rv","resourceVersion":"5"}})");
  Both("resourceVersion set, real", "POST", kCm,
       R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"rv","resourceVersion":"5"}})");
  Both("real", "POST", kCm, ConfigMap("exists"));
  Both("exists", "POST", std::string(kCm) + "?dryRun=All", ConfigMap("exists"));
  Both("bad value", "POST", std::string(kCm) + "?dryRun=Bad", ConfigMap("bad"));
  Both("bad second value", "POST", std::string(kCm) + "?dryRun=All&dryRun=x", ConfigMap("bad"));
  Both("bad fieldValidation", "POST", std::string(kCm) + "?fieldValidation=strict",
       ConfigMap("bad"));
  Both("both bad", "POST", std::string(kCm) + "?dryRun=x&fieldValidation=y", ConfigMap("bad"));
  Both("bad update", "PUT", std::string(kCm) + "/exists?dryRun=x", ConfigMap("exists"));
  Both("bad patch", "PATCH", std::string(kCm) + "/exists?dryRun=x", "{}", kMerge);
  Both("long fieldManager", "POST", std::string(kCm) + "?fieldManager=" + std::string(129, 'm'),
       ConfigMap("fm"));
  Both("force on merge patch", "PATCH", std::string(kCm) + "/exists?force=true", "{}", kMerge);
  Both("missing namespace", "POST",
       "/api/v1/namespaces/wp-none/configmaps?dryRun=All", ConfigMap("x"));
}

TEST_F(WritePathTest, DryRunServiceAllocatesNothing) {
  int64_t ips = CountKeys("/registry/ipaddresses/");
  auto ports = Stored(Server::kStock, "/ranges/servicenodeports");
  Both("dynamic", "POST", std::string(kSvc) + "?dryRun=All",
       R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"dyn"},"spec":)"
       R"({"type":"NodePort","ports":[{"port":80,"name":"a"},{"port":81,"name":"b"}]}})");
  Both("requested", "POST", std::string(kSvc) + "?dryRun=All",
       R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"req"},"spec":)"
       R"({"type":"NodePort","clusterIP":"10.96.100.7","ports":[{"port":80,)"
       R"("nodePort":31999}]}})");
  Both("out of range", "POST", std::string(kSvc) + "?dryRun=All",
       R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"oor"},"spec":)"
       R"({"clusterIP":"10.97.0.7","ports":[{"port":80}]}})");
  EXPECT_EQ(CountKeys("/registry/ipaddresses/"), ips);
  EXPECT_EQ(Stored(Server::kStock, "/ranges/servicenodeports").mod_revision, ports.mod_revision);
  // A port a real service holds is refused in a dry run too.
  ASSERT_EQ(Call(Server::kStock, "POST", kSvc,
                 R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"holder"},"spec":)"
                 R"({"type":"NodePort","ports":[{"port":80,"nodePort":31888}]}})")
                .code,
            201);
  Both("taken port", "POST", std::string(kSvc) + "?dryRun=All",
       R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"taken"},"spec":)"
       R"({"type":"NodePort","ports":[{"port":80,"nodePort":31888}]}})");
}

TEST_F(WritePathTest, DryRunUpdatePatchAndSubresources) {
  Both("create", "POST", kCm, ConfigMap("upd"));
  Both("deployment", "POST", kDeploy, Deployment("d"));
  for (Server s : {Server::kStock, Server::kOurs}) {
    Answer got = Call(s, "GET", std::string(kCm) + "/upd");
    auto v = apiserver::ParseJson(got.body);
    ASSERT_TRUE(v.ok());
    v->Find("data")->Set("a", JsonValue::String("changed"));
    Unchanged("put", "/configmaps/{ns}/upd", [&] {
      Answer a = Call(s, "PUT", std::string(kCm) + "/upd?dryRun=All", apiserver::SerializeJson(*v));
      EXPECT_EQ(a.code, 200) << a.body;
      EXPECT_NE(a.body.find("\"changed\""), std::string::npos) << a.body;
    });
  }
  Unchanged("put without resourceVersion", "/configmaps/{ns}/upd", [] {
    Both("put", "PUT", std::string(kCm) + "/upd?dryRun=All",
         ConfigMap("upd").replace(ConfigMap("upd").find("\"b\""), 3, "\"c\""));
  });
  Unchanged("merge patch", "/configmaps/{ns}/upd", [] {
    Both("merge patch", "PATCH", std::string(kCm) + "/upd?dryRun=All",
         R"({"data":{"a":"patched"}})", kMerge);
  });
  Unchanged("json patch", "/configmaps/{ns}/upd", [] {
    Both("json patch", "PATCH", std::string(kCm) + "/upd?dryRun=All",
         R"([{"op":"add","path":"/data/n","value":"1"}])", "application/json-patch+json");
  });
  Both("stored as before", "GET", std::string(kCm) + "/upd");
  Unchanged("strategic patch", "/deployments/{ns}/d", [] {
    Both("strategic patch", "PATCH", std::string(kDeploy) + "/d?dryRun=All",
         R"({"spec":{"replicas":3}})", "application/strategic-merge-patch+json");
  });
  Unchanged("status patch", "/deployments/{ns}/d", [] {
    Both("status patch", "PATCH", std::string(kDeploy) + "/d/status?dryRun=All",
         R"({"status":{"observedGeneration":7}})", kMerge);
  });
  Unchanged("scale patch", "/deployments/{ns}/d", [] {
    Both("scale patch", "PATCH", std::string(kDeploy) + "/d/scale?dryRun=All",
         R"({"spec":{"replicas":4}})", kMerge);
  });
  Unchanged("scale put", "/deployments/{ns}/d", [] {
    Both("scale put", "PUT", std::string(kDeploy) + "/d/scale?dryRun=All",
         R"({"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"d"},)"
         R"("spec":{"replicas":5}})");
  });
  Both("deployment as before", "GET", std::string(kDeploy) + "/d");
  Unchanged("delete collection", "/configmaps/{ns}/upd", [] {
    Both("delete collection", "DELETE", std::string(kCm) + "?labelSelector=wp%3Dx&dryRun=All");
  });
  Both("still there", "GET", std::string(kCm) + "/upd");
}

TEST_F(WritePathTest, FieldValidation) {
  const std::string unknown = ConfigMap("fv", R"(,"foo":1,"metadata2":{"x":1})");
  Both("strict", "POST", std::string(kCm) + "?fieldValidation=Strict", unknown);
  Both("ignore", "POST", std::string(kCm) + "?fieldValidation=Ignore",
       ConfigMap("fv-ignore", R"(,"foo":1)"));
  Both("warn (default)", "POST", kCm, unknown);
  Both("warn then conflict", "POST", std::string(kCm) + "?fieldValidation=Warn", unknown);
  Both("duplicate field", "POST", kCm,
       R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup","name":"dup"},)"
       R"("data":{"a":"b"},"data":{"c":"d"}})");
  Both("strict duplicate", "POST", std::string(kCm) + "?fieldValidation=Strict",
       R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup2"},)"
       R"("data":{"a":"b"},"data":{"c":"d"}})");
  Both("nested unknown", "POST", kDeploy,
       Deployment("fvd").insert(Deployment("fvd").find("\"replicas\""), "\"foo\":{\"bar\":1},"));
  Both("yaml", "POST", kCm,
       "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fv-yaml\n  bogus: 1\ndata:\n  a: b\n",
       "application/yaml");
  Both("protobuf: unknown fields are not checked", "POST", kCm, ProtobufConfigMapWithUnknown(),
       "application/vnd.kubernetes.protobuf");
  Both("put warn", "PUT", std::string(kCm) + "/fv", ConfigMap("fv", R"(,"bar":2)"));
  Both("put strict", "PUT", std::string(kCm) + "/fv?fieldValidation=Strict",
       ConfigMap("fv", R"(,"bar":2)"));
  Both("patch warn", "PATCH", std::string(kDeploy) + "/fvd", R"({"spec":{"zzz":1}})", kMerge);
  // The 422 quotes the patched document: stock's has managedFields (we keep none) and keys
  // in stock's order (lib/patch's known difference); the strict error must be the same.
  BothPart("patch strict", "PATCH", std::string(kDeploy) + "/fvd?fieldValidation=Strict",
           R"({"spec":{"zzz":1}})", kMerge, [](const std::string& body) {
             size_t at = body.rfind("strict decoding error");
             return at == std::string::npos ? body : body.substr(at);
           });
  Both("strategic patch warn", "PATCH", std::string(kDeploy) + "/fvd",
       R"({"spec":{"template":{"spec":{"yyy":true}}}})",
       "application/strategic-merge-patch+json");
  Both("stored", "GET", std::string(kCm) + "/fv");
}

TEST_F(WritePathTest, KubectlOutput) {
  const std::string file = cluster_->dir() + "/wp-unknown.yaml";
  {
    std::ofstream f(file);
    f << "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kubectl-fv\n  nope: 1\n"
         "data:\n  a: b\nextra: 2\n";
  }
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"create", "--dry-run=server", "--validate=warn", "-f", file},
           {"create", "--validate=strict", "-f", file},
           {"create", "-f", file},  // kubectl's default is strict
           {"create", "--validate=warn", "-f", file},
           {"create", "--validate=warn", "-f", file},  // AlreadyExists, warnings too
           {"replace", "--validate=warn", "--dry-run=server", "-f", file},
           {"get", "configmap", "kubectl-fv", "-o", "jsonpath={.data}"}}) {
    std::vector<std::string> stock_args = args, our_args = args;
    stock_args.insert(stock_args.end(), {"-n", "wp-s"});
    our_args.insert(our_args.end(), {"-n", "wp-o"});
    auto stock = cluster_->Kubectl(Server::kStock, stock_args);
    auto ours = cluster_->Kubectl(Server::kOurs, our_args);
    EXPECT_EQ(ours.ok(), stock.ok()) << ::testing::PrintToString(args);
    std::string so = stock.ok() ? *stock : stock.status().message();
    std::string oo = ours.ok() ? *ours : ours.status().message();
    EXPECT_EQ(Normalise(oo), Normalise(so)) << ::testing::PrintToString(args);
    if (getenv("KUBECXX_TEST_VERBOSE") != nullptr) std::cerr << oo << "\n";
  }
}

TEST_F(WritePathTest, LegacyBindings) {
  const std::string pod =
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"bp"},"spec":{"containers":)"
      R"([{"name":"c","image":"nginx"}]}})";
  // Stock's ServiceAccount and Priority admission add volumes and tolerations to the pod;
  // only the binding's fields are compared.
  auto binding_fields = [](const std::string& body) {
    auto v = apiserver::ParseJson(body);
    if (!v.ok()) return body;
    const JsonValue* spec = v->Find("spec");
    const JsonValue* status = v->Find("status");
    const JsonValue* node = spec ? spec->Find("nodeName") : nullptr;
    const JsonValue* conditions = status ? status->Find("conditions") : nullptr;
    return std::string("nodeName=") + (node ? apiserver::SerializeJson(*node) : "") +
           " conditions=" + (conditions ? apiserver::SerializeJson(*conditions) : "");
  };
  BothPart("pod", "POST", "/api/v1/namespaces/{ns}/pods", pod, "application/json",
           binding_fields);
  const std::string binding =
      R"({"apiVersion":"v1","kind":"Binding","metadata":{"name":"bp"},)"
      R"("target":{"kind":"Node","name":"n1"}})";
  Unchanged("dry run", "/pods/{ns}/bp", [&] {
    Both("dry run", "POST", "/api/v1/namespaces/{ns}/bindings?dryRun=All", binding);
  });
  Both("bind", "POST", "/api/v1/namespaces/{ns}/bindings", binding);
  BothPart("bound", "GET", "/api/v1/namespaces/{ns}/pods/bp", "", "application/json",
           binding_fields);
  Both("again", "POST", "/api/v1/namespaces/{ns}/bindings", binding);
  Both("missing pod", "POST", "/api/v1/namespaces/{ns}/bindings",
       R"({"apiVersion":"v1","kind":"Binding","metadata":{"name":"nope"},)"
       R"("target":{"kind":"Node","name":"n1"}})");
  Both("list", "GET", "/api/v1/namespaces/{ns}/bindings");
  Both("missing namespace", "POST", "/api/v1/namespaces/wp-none/bindings", binding);
}

TEST_F(WritePathTest, EventsAreLeasedForEventTtl) {
  const std::string event =
      R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"ev"},"involvedObject":)"
      R"({"kind":"Pod","name":"p","namespace":"{ns}"},"reason":"R","message":"m",)"
      R"("type":"Normal"})";
  Both("create", "POST", "/api/v1/namespaces/{ns}/events", event);
  int64_t stock_ttl = GrantedTtl(Stored(Server::kStock, "/events/{ns}/ev").lease);
  int64_t our_ttl = GrantedTtl(Stored(Server::kOurs, "/events/{ns}/ev").lease);
  EXPECT_GE(stock_ttl, 90);  // --event-ttl=90s plus stock's reuse padding
  EXPECT_EQ(our_ttl, stock_ttl);
  Both("patch", "PATCH", "/api/v1/namespaces/{ns}/events/ev", R"({"count":2})", kMerge);
  EXPECT_EQ(GrantedTtl(Stored(Server::kOurs, "/events/{ns}/ev").lease),
            GrantedTtl(Stored(Server::kStock, "/events/{ns}/ev").lease));
  Both("events.k8s.io", "POST", "/apis/events.k8s.io/v1/namespaces/{ns}/events",
       R"({"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"ev2"},)"
       R"("eventTime":"2026-01-01T00:00:00.000000Z","reportingController":"x/y",)"
       R"("reportingInstance":"i","action":"A","reason":"R","type":"Normal",)"
       R"("regarding":{"kind":"Pod","name":"p","namespace":"{ns}"}})");
  EXPECT_EQ(GrantedTtl(Stored(Server::kOurs, "/events/{ns}/ev2").lease),
            GrantedTtl(Stored(Server::kStock, "/events/{ns}/ev2").lease));
  EXPECT_GE(GrantedTtl(Stored(Server::kOurs, "/events/{ns}/ev2").lease), 90);
  // Other kinds get no lease.
  Both("configmap", "POST", kCm, ConfigMap("no-lease"));
  EXPECT_EQ(Stored(Server::kOurs, "/configmaps/{ns}/no-lease").lease, 0);
}

}  // namespace
}  // namespace kubecxx::kube_apiserver::testing
