// The defaulting corpus (testdata/defaulting/*.yaml, one object per YAML document) created
// through a STOCK kube-apiserver (etcd prefix /registry) and through OURS (--etcd-prefix=/ours)
// on one stock etcd. The stored values are read from etcd (so stock's defaulting on read hides
// nothing), decoded, normalised (uid, resourceVersion, creationTimestamp, managedFields, the
// uid in a Job's generated labels, allocated ClusterIPs and NodePorts, transition times, the
// status stock's APF controller writes into FlowSchemas and PriorityLevelConfigurations) and
// compared field by field. Prints "defaulting corpus: N identical, M different"; fails on
// any difference not named in testdata/defaulting/KNOWN ("<kind>/<name> <reason>" lines).
// Then merge patches of some of them (KNOWN names "patch:<kind>/<name>"), compared the same way.
// Skips without the stock binaries.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "components/kube-apiserver/testing_cluster.h"
#include "kubecxx/api/meta/v1/types.h"
#include "lib/base/testing/files.h"
#include "lib/apiserver/json_merge.h"
#include "lib/codec/resources.h"
#include "lib/codec/yaml.h"
#include "lib/etcd/client.h"
#include "lib/model/wire.h"
#include "lib/storage/resource_prefixes.h"

#ifndef KUBECXX_DEFAULTING_CORPUS
#error "KUBECXX_DEFAULTING_CORPUS must name the corpus directory"
#endif

namespace kubecxx::kube_apiserver::testing {
namespace {

constexpr const char* kNamespace = "defaulting";

struct CorpusObject {
  std::string file;
  std::string json;
  std::string kind;
  std::string name;
  const codec::ResourceInfo* resource = nullptr;
};

using kubecxx::testing::ReadFile;

std::vector<std::string> SplitDocuments(const std::string& text) {
  std::vector<std::string> docs = kubecxx::testing::SplitYamlDocuments(text);
  docs.erase(std::remove_if(docs.begin(), docs.end(),
                            [](const std::string& d) {
                              return d.find_first_not_of(" \n\t") == std::string::npos ||
                                     d.find("kind:") == std::string::npos;
                            }),
             docs.end());
  return docs;
}

std::string Field(const apiserver::JsonValue& v, std::string_view key) {
  for (const auto& [k, f] : v.fields) {
    if (k == key) {
      auto s = f.raw;
      return s.size() >= 2 && s.front() == '"' ? s.substr(1, s.size() - 2) : s;
    }
  }
  return "";
}

const apiserver::JsonValue* Child(const apiserver::JsonValue& v, std::string_view key) {
  for (const auto& [k, f] : v.fields) {
    if (k == key) return &f;
  }
  return nullptr;
}

// path -> scalar JSON text (empty objects/arrays as {} / []).
void Flatten(const apiserver::JsonValue& v, const std::string& path,
             std::map<std::string, std::string>* out) {
  if (v.type == codec::JsonType::kObject) {
    if (v.fields.empty()) (*out)[path] = "{}";
    for (const auto& [k, f] : v.fields) Flatten(f, path + "." + k, out);
  } else if (v.type == codec::JsonType::kArray) {
    if (v.items.empty()) (*out)[path] = "[]";
    for (size_t i = 0; i < v.items.size(); ++i) {
      Flatten(v.items[i], path + "[" + std::to_string(i) + "]", out);
    }
  } else {
    (*out)[path] = v.raw;
  }
}

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  if (from.empty()) return s;
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

// Kinds whose status stock's own controllers write right after the create (the APF
// configuration controller's Dangling condition): their status is not compared.
bool StatusWrittenByStockController(std::string_view kind) {
  return kind == "FlowSchema" || kind == "PriorityLevelConfiguration";
}

// The stored value as flattened, normalised JSON.
std::map<std::string, std::string> Normalize(const std::string& value, bool drop_status) {
  std::map<std::string, std::string> out;
  auto obj = codec::DecodeObject(value);
  if (!obj.ok()) {
    out["<decode error>"] = std::string(obj.status().message());
    return out;
  }
  auto* meta = obj->meta();
  std::string uid = meta->uid;
  meta->uid.clear();
  meta->resource_version.clear();
  meta->creation_timestamp = {};
  meta->managed_fields.clear();
  std::string json = ReplaceAll(codec::EncodeJson(*obj), uid, "UID");
  auto tree = apiserver::ParseJson(json);
  if (!tree.ok()) return out;
  Flatten(*tree, "", &out);
  if (drop_status) {
    std::erase_if(out, [](const auto& kv) { return kv.first.rfind(".status", 0) == 0; });
  }
  for (auto& [path, v] : out) {
    bool ip = path.find(".spec.clusterIP") == 0 && v != "\"None\"";
    bool port = path.find(".nodePort") != std::string::npos;
    bool time = path.find("Time") != std::string::npos && v != "null";
    if (ip || port || time) v = "<allocated>";
  }
  return out;
}

std::string Describe(const std::map<std::string, std::string>& stock,
                     const std::map<std::string, std::string>& ours) {
  std::string d;
  for (const auto& [k, v] : stock) {
    auto it = ours.find(k);
    if (it == ours.end()) {
      d += "  ours lacks " + k + "=" + v + "\n";
    } else if (it->second != v) {
      d += "  " + k + ": stock " + v + ", ours " + it->second + "\n";
    }
  }
  for (const auto& [k, v] : ours) {
    if (!stock.count(k)) d += "  ours has extra " + k + "=" + v + "\n";
  }
  return d;
}

std::vector<CorpusObject> LoadCorpus() {
  std::vector<CorpusObject> objects;
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(KUBECXX_DEFAULTING_CORPUS)) {
    if (e.path().extension() == ".yaml") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    for (const auto& doc : SplitDocuments(ReadFile(file))) {
      auto json = codec::YamlToJson(doc);
      EXPECT_TRUE(json.ok()) << file << ": " << json.status().message() << "\n" << doc;
      if (!json.ok()) continue;
      auto tree = apiserver::ParseJson(*json);
      EXPECT_TRUE(tree.ok()) << file;
      if (!tree.ok()) continue;
      CorpusObject o;
      o.file = std::filesystem::path(file).filename().string();
      o.json = *json;
      o.kind = Field(*tree, "kind");
      std::string api_version = Field(*tree, "apiVersion");
      const auto* meta = Child(*tree, "metadata");
      o.name = meta ? Field(*meta, "name") : "";
      size_t slash = api_version.find('/');
      std::string group = slash == std::string::npos ? "" : api_version.substr(0, slash);
      std::string version =
          slash == std::string::npos ? api_version : api_version.substr(slash + 1);
      o.resource = codec::FindResourceForKind(group, version, o.kind);
      EXPECT_NE(o.resource, nullptr) << file << ": " << api_version << " " << o.kind;
      EXPECT_FALSE(o.name.empty()) << file << ": " << o.kind << " without a name";
      if (o.resource != nullptr && !o.name.empty()) objects.push_back(std::move(o));
    }
  }
  return objects;
}

std::set<std::string> LoadKnown() {
  std::set<std::string> known;
  std::istringstream in(ReadFile(std::string(KUBECXX_DEFAULTING_CORPUS) + "/KNOWN"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    known.insert(line.substr(0, line.find(' ')));
  }
  return known;
}

TEST(DefaultingStockTest, CorpusStoredAsStockStoresIt) {
  std::string missing = MixedCluster::Missing();
  if (!missing.empty()) GTEST_SKIP() << "SKIPPED: " << missing;
  std::vector<CorpusObject> corpus = LoadCorpus();
  ASSERT_GE(corpus.size(), 100u);
  std::set<std::string> known = LoadKnown();

  // Stock's mutating admission plugins change objects beyond defaulting (service-account
  // volumes, tolerations, priority, node taints, finalizers ...); this server has no
  // admission yet, so the comparison is of defaulting and strategies only.
  auto c = MixedCluster::Start(
      {"--etcd-prefix=/ours"},
      {"--disable-admission-plugins=LimitRanger,ServiceAccount,DefaultStorageClass,"
       "DefaultTolerationSeconds,StorageObjectInUseProtection,Priority,TaintNodesByCondition,"
       "RuntimeClass,DefaultIngressClass,PodTopologyLabels"});
  ASSERT_TRUE(c.ok()) << c.status().message();
  MixedCluster& cluster = **c;
  etcd::ClientOptions eo;
  eo.endpoints = {cluster.stock().etcd_url()};
  auto client = etcd::Client::Create(eo);
  ASSERT_TRUE(client.ok());
  for (Server s : {Server::kStock, Server::kOurs}) {
    auto out = cluster.Kubectl(s, {"create", "namespace", kNamespace});
    ASSERT_TRUE(out.ok()) << out.status().message();
  }

  int identical = 0, different = 0;
  std::string report;
  for (const CorpusObject& o : corpus) {
    const auto& r = *o.resource;
    std::string path = r.GroupVersionPath() +
                       (r.namespaced ? "/namespaces/" + std::string(kNamespace) : "") + "/" +
                       std::string(r.resource);
    std::string id = o.kind + "/" + o.name;
    auto stock = cluster.Http(Server::kStock, "POST", path,
                              {{"Content-Type", "application/json"}}, o.json);
    auto ours = cluster.Http(Server::kOurs, "POST", path,
                             {{"Content-Type", "application/json"}}, o.json);
    ASSERT_TRUE(stock.ok() && ours.ok()) << id;
    std::string diff;
    if (stock->status != 201 || ours->status != 201) {
      diff = "  create: stock " + std::to_string(stock->status) + ", ours " +
             std::to_string(ours->status) + "\n";
      if (stock->status != 201) diff += "  stock said " + stock->body.substr(0, 300) + "\n";
      if (ours->status != 201) diff += "  ours said " + ours->body.substr(0, 300) + "\n";
    } else {
      const auto* prefix = storage::FindResourcePrefix(r.group, r.resource);
      ASSERT_NE(prefix, nullptr) << id;
      std::string key = "/" + std::string(prefix->etcd_prefix) + "/" +
                        (r.namespaced ? std::string(kNamespace) + "/" : "") + o.name;
      auto sv = (*client)->Range("/registry" + key);
      auto ov = (*client)->Range("/ours" + key);
      ASSERT_TRUE(sv.ok() && ov.ok() && !sv->kvs.empty() && !ov->kvs.empty()) << key;
      bool drop = StatusWrittenByStockController(o.kind);
      diff = Describe(Normalize(sv->kvs[0].value, drop), Normalize(ov->kvs[0].value, drop));
    }
    if (diff.empty()) {
      ++identical;
      EXPECT_EQ(known.count(id), 0u) << id << " is identical now: drop it from KNOWN";
    } else {
      ++different;
      report += o.file + " " + id + "\n" + diff;
      EXPECT_EQ(known.count(id), 1u) << id << " differs:\n" << diff;
    }
  }
  // Writes after create: merge patches that drop defaulted fields (upstream defaults the
  // patched object again) and template changes that update strategies react to.
  struct Mutation {
    std::string kind, name, patch;
  };
  const std::vector<Mutation> mutations = {
      {"Deployment", "deploy-minimal", R"({"spec":{"strategy":null,"revisionHistoryLimit":null}})"},
      {"Deployment", "deploy-recreate",
       R"({"spec":{"template":{"spec":{"containers":[{"name":"c","image":"nginx:1.28"}]}}}})"},
      {"Service", "svc-minimal", R"({"spec":{"sessionAffinity":null,"type":"NodePort"}})"},
      {"Pod", "pod-minimal", R"({"metadata":{"labels":{"x":"y"}},"spec":{"schedulerName":null}})"},
      {"DaemonSet", "ds-minimal",
       R"({"spec":{"template":{"spec":{"containers":[{"name":"c","image":"nginx:1.28"}]}}}})"},
      {"StatefulSet", "sts-minimal", R"({"spec":{"updateStrategy":null}})"},
      {"Job", "job-suspended", R"({"spec":{"suspend":false}})"},
      {"CronJob", "cronjob-minimal", R"({"spec":{"concurrencyPolicy":null}})"},
      {"Secret", "secret-minimal", R"({"stringData":{"k":"v"}})"},
      {"HorizontalPodAutoscaler", "hpa-minimal", R"({"spec":{"metrics":null}})"},
  };
  for (const Mutation& m : mutations) {
    auto it = std::find_if(corpus.begin(), corpus.end(), [&](const CorpusObject& o) {
      return o.kind == m.kind && o.name == m.name;
    });
    ASSERT_NE(it, corpus.end()) << m.name;
    const auto& r = *it->resource;
    std::string path = r.GroupVersionPath() +
                       (r.namespaced ? "/namespaces/" + std::string(kNamespace) : "") + "/" +
                       std::string(r.resource) + "/" + m.name;
    std::string id = "patch " + m.kind + "/" + m.name;
    auto stock = cluster.Http(Server::kStock, "PATCH", path,
                              {{"Content-Type", "application/merge-patch+json"}}, m.patch);
    auto ours = cluster.Http(Server::kOurs, "PATCH", path,
                             {{"Content-Type", "application/merge-patch+json"}}, m.patch);
    ASSERT_TRUE(stock.ok() && ours.ok()) << id;
    std::string diff;
    if (stock->status != 200 || ours->status != 200) {
      diff = "  patch: stock " + std::to_string(stock->status) + ", ours " +
             std::to_string(ours->status) + "\n  stock said " + stock->body.substr(0, 300) +
             "\n  ours said " + ours->body.substr(0, 300) + "\n";
    } else {
      const auto* prefix = storage::FindResourcePrefix(r.group, r.resource);
      std::string key = "/" + std::string(prefix->etcd_prefix) + "/" +
                        (r.namespaced ? std::string(kNamespace) + "/" : "") + m.name;
      auto sv = (*client)->Range("/registry" + key);
      auto ov = (*client)->Range("/ours" + key);
      ASSERT_TRUE(sv.ok() && ov.ok() && !sv->kvs.empty() && !ov->kvs.empty()) << key;
      diff = Describe(Normalize(sv->kvs[0].value, false), Normalize(ov->kvs[0].value, false));
    }
    std::string known_id = "patch:" + m.kind + "/" + m.name;
    if (diff.empty()) {
      ++identical;
      EXPECT_EQ(known.count(known_id), 0u) << id << " is identical now: drop it from KNOWN";
    } else {
      ++different;
      report += id + "\n" + diff;
      EXPECT_EQ(known.count(known_id), 1u) << id << " differs:\n" << diff;
    }
  }
  std::cout << report;
  std::cout << "defaulting corpus: " << identical << " identical, " << different << " different"
            << std::endl;
}

}  // namespace
}  // namespace kubecxx::kube_apiserver::testing
