// The validation corpus (testdata/validation/*.yaml) sent to a STOCK kube-apiserver (etcd
// prefix /registry) and to OURS (--etcd-prefix=/ours) on one stock etcd. A document is
// either an object to create, or an update case
//   {update: <id>, base: <object>, patch: <merge patch>, method: PATCH|PUT}
// whose base is created on both servers first (it must be accepted by both) and then
// changed with a merge patch (PATCH) or by PUT of the merge-patched object as read back.
// Outcomes are identical when both servers accept, or both answer the same status code with
// the same body (the metav1.Status: message, reason, details with causes in order; UIDs,
// generated names and the etcd prefix normalised).
// Prints "validation corpus: N identical, M different (R rejected by stock)"; fails on any
// difference not named in testdata/validation/KNOWN ("<id> <why>" lines), on a KNOWN entry
// that is identical now, and when fewer than 100 cases ran. Skips without the stock binaries.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "components/kube-apiserver/testing_cluster.h"
#include "lib/base/testing/files.h"
#include "lib/apiserver/json_merge.h"
#include "lib/codec/resources.h"
#include "lib/codec/yaml.h"

#ifndef KUBECXX_VALIDATION_CORPUS
#error "KUBECXX_VALIDATION_CORPUS must name the corpus directory"
#endif

namespace kubecxx::kube_apiserver::testing {
namespace {

constexpr const char* kNamespace = "validation";

using apiserver::JsonValue;

using kubecxx::testing::ReadFile;

std::vector<std::string> SplitDocuments(const std::string& text) {
  std::vector<std::string> docs = kubecxx::testing::SplitYamlDocuments(text);
  std::erase_if(docs, [](const std::string& d) {
    std::istringstream lines(d);
    std::string l;
    while (std::getline(lines, l)) {
      size_t b = l.find_first_not_of(' ');
      if (b != std::string::npos && l[b] != '#') return false;
    }
    return true;
  });
  return docs;
}

const JsonValue* Child(const JsonValue& v, std::string_view key) {
  for (const auto& [k, f] : v.fields) {
    if (k == key) return &f;
  }
  return nullptr;
}

std::string Str(const JsonValue* v) {
  if (v == nullptr) return "";
  const std::string& s = v->raw;
  return s.size() >= 2 && s.front() == '"' ? s.substr(1, s.size() - 2) : s;
}

struct Case {
  std::string file, id;
  std::string object;     // the object (create) or the base (update), JSON
  std::string patch;      // update only
  std::string method;     // "" for create, PATCH or PUT
  std::string name, generate_name;
  const codec::ResourceInfo* resource = nullptr;
};

std::vector<Case> LoadCorpus() {
  std::vector<Case> cases;
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(KUBECXX_VALIDATION_CORPUS)) {
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
      Case c;
      c.file = std::filesystem::path(file).filename().string();
      const JsonValue* obj = &*tree;
      if (const JsonValue* base = Child(*tree, "base")) {
        obj = base;
        c.method = Str(Child(*tree, "method"));
        if (c.method.empty()) c.method = "PATCH";
        const JsonValue* patch = Child(*tree, "patch");
        EXPECT_NE(patch, nullptr) << file << ": update without patch";
        if (patch == nullptr) continue;
        c.patch = apiserver::SerializeJson(*patch);
      }
      c.object = apiserver::SerializeJson(*obj);
      std::string kind = Str(Child(*obj, "kind"));
      std::string api_version = Str(Child(*obj, "apiVersion"));
      if (const JsonValue* meta = Child(*obj, "metadata")) {
        c.name = Str(Child(*meta, "name"));
        c.generate_name = Str(Child(*meta, "generateName"));
      }
      size_t slash = api_version.find('/');
      std::string group = slash == std::string::npos ? "" : api_version.substr(0, slash);
      std::string version = slash == std::string::npos ? api_version : api_version.substr(slash + 1);
      c.resource = codec::FindResourceForKind(group, version, kind);
      EXPECT_NE(c.resource, nullptr) << file << ": " << api_version << " " << kind;
      c.id = c.method.empty() ? kind + "/" + (c.name.empty() ? c.generate_name : c.name)
                              : "update:" + Str(Child(*tree, "update"));
      EXPECT_FALSE(c.id.empty() || c.id == kind + "/") << file << ": a case without a name";
      if (c.resource != nullptr) cases.push_back(std::move(c));
    }
  }
  return cases;
}

std::set<std::string> LoadKnown() {
  std::set<std::string> known;
  std::istringstream in(ReadFile(std::string(KUBECXX_VALIDATION_CORPUS) + "/KNOWN"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    known.insert(line.substr(0, line.find(' ')));
  }
  return known;
}

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// What legitimately differs between the servers: generated names ("<generateName>xxxxx"),
// UIDs (random on each server), the etcd prefix in storage error texts.
std::string Normalize(std::string body, const std::string& generate_name) {
  if (!generate_name.empty()) {
    for (size_t at = body.find(generate_name); at != std::string::npos;
         at = body.find(generate_name, at + 1)) {
      size_t start = at + generate_name.size();
      if (start + 5 <= body.size()) body.replace(start, 5, "XXXXX");
    }
  }
  // 8-4-4-4-12 lowercase hex UUIDs.
  for (size_t i = 0; i + 36 <= body.size(); ++i) {
    bool uuid = true;
    for (size_t k = 0; k < 36 && uuid; ++k) {
      uuid = (k == 8 || k == 13 || k == 18 || k == 23) ? body[i + k] == '-' : IsHex(body[i + k]);
    }
    if (uuid) body.replace(i, 36, "UID");
  }
  for (size_t at = body.find("/ours/"); at != std::string::npos; at = body.find("/ours/", at)) {
    body.replace(at, 6, "/registry/");
  }
  return body;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

struct Outcome {
  int status = 0;
  std::string body;
};

class Runner {
 public:
  explicit Runner(const MixedCluster& c) : c_(c) {}

  std::string Collection(const Case& k) const {
    const auto& r = *k.resource;
    return r.GroupVersionPath() + (r.namespaced ? "/namespaces/" + std::string(kNamespace) : "") +
           "/" + std::string(r.resource);
  }

  Outcome Send(Server s, const std::string& method, const std::string& path,
               const std::string& type, const std::string& body) const {
    auto resp = c_.Http(s, method, path, {{"Content-Type", type}}, body);
    if (!resp.ok()) return {-1, std::string(resp.status().message())};
    return {resp->status, Trim(resp->body)};
  }

  // Runs the case on one server; *base_error is set when an update's base is rejected.
  Outcome Run(Server s, const Case& k, std::string* base_error) const {
    Outcome created = Send(s, "POST", Collection(k), "application/json", k.object);
    if (k.method.empty()) return created;
    if (created.status != 201) {
      *base_error = std::to_string(created.status) + " " + created.body.substr(0, 400);
      return created;
    }
    std::string item = Collection(k) + "/" + k.name;
    if (k.method == "PATCH") {
      return Send(s, "PATCH", item, "application/merge-patch+json", k.patch);
    }
    auto current = c_.Http(s, "GET", item, {}, "");
    if (!current.ok() || current->status != 200) return {-1, "GET failed"};
    auto tree = apiserver::ParseJson(current->body);
    auto patch = apiserver::ParseJson(k.patch);
    if (!tree.ok() || !patch.ok()) return {-1, "bad JSON"};
    JsonValue merged = apiserver::MergePatch(*std::move(tree), *patch);
    return Send(s, "PUT", item, "application/json", apiserver::SerializeJson(merged));
  }

 private:
  const MixedCluster& c_;
};

TEST(ValidationStockTest, CorpusAnsweredAsStockAnswersIt) {
  std::string missing = MixedCluster::Missing();
  if (!missing.empty()) GTEST_SKIP() << "SKIPPED: " << missing;
  std::vector<Case> corpus = LoadCorpus();
  ASSERT_GE(corpus.size(), 100u);
  std::set<std::string> known = LoadKnown();
  // As in the defaulting comparison: no mutating admission beyond what this server has.
  auto c = MixedCluster::Start(
      {"--etcd-prefix=/ours"},
      {"--disable-admission-plugins=LimitRanger,ServiceAccount,DefaultStorageClass,"
       "DefaultTolerationSeconds,StorageObjectInUseProtection,Priority,TaintNodesByCondition,"
       "RuntimeClass,DefaultIngressClass,PodTopologyLabels"});
  ASSERT_TRUE(c.ok()) << c.status().message();
  MixedCluster& cluster = **c;
  for (Server s : {Server::kStock, Server::kOurs}) {
    auto out = cluster.Kubectl(s, {"create", "namespace", kNamespace});
    ASSERT_TRUE(out.ok()) << out.status().message();
  }
  Runner runner(cluster);
  int identical = 0, different = 0, rejected = 0;
  std::set<std::string> seen;
  std::string report;
  for (const Case& k : corpus) {
    EXPECT_TRUE(seen.insert(k.id).second) << "duplicate case id " << k.id;
    std::string stock_base, ours_base;
    Outcome stock = runner.Run(Server::kStock, k, &stock_base);
    Outcome ours = runner.Run(Server::kOurs, k, &ours_base);
    EXPECT_TRUE(stock_base.empty()) << k.id << ": stock rejects the base: " << stock_base;
    if (stock.status >= 400) ++rejected;
    bool accepted = stock.status >= 200 && stock.status < 300 && ours.status >= 200 &&
                    ours.status < 300;
    std::string sb = Normalize(stock.body, k.generate_name);
    std::string ob = Normalize(ours.body, k.generate_name);
    bool same = stock.status == ours.status && (accepted || sb == ob);
    if (same) {
      ++identical;
      EXPECT_EQ(known.count(k.id), 0u) << k.id << " is identical now: drop it from KNOWN";
      continue;
    }
    ++different;
    std::string diff = "  stock " + std::to_string(stock.status) + ": " + sb.substr(0, 1500) +
                       "\n  ours  " + std::to_string(ours.status) + ": " + ob.substr(0, 1500) + "\n";
    report += k.file + " " + k.id + "\n" + diff;
    EXPECT_EQ(known.count(k.id), 1u) << k.id << " differs:\n" << diff;
  }
  std::cout << report;
  std::cout << "validation corpus: " << identical << " identical, " << different
            << " different (" << rejected << " rejected by stock, " << corpus.size()
            << " cases)" << std::endl;
}

}  // namespace
}  // namespace kubecxx::kube_apiserver::testing
