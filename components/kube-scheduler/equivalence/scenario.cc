#include "components/kube-scheduler/equivalence/scenario.h"

#include <yaml-cpp/yaml.h>

#include <sstream>

#include "lib/codec/yaml.h"

namespace kubecxx::scheduler::equivalence {
namespace {

// The stream split at "---" lines (yaml-cpp reads every document, but the JSON of an
// object must come from lib/codec's YAML reading, which takes the first document).
std::vector<std::string> SplitDocuments(const std::string& text) {
  std::vector<std::string> docs(1);
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("---", 0) == 0 && line.find_first_not_of(" \t", 3) == std::string::npos) {
      docs.emplace_back();
      continue;
    }
    docs.back() += line + "\n";
  }
  return docs;
}

}  // namespace

StatusOr<Scenario> ParseScenario(const std::string& text, const std::string& stem) {
  std::vector<std::string> docs = SplitDocuments(text);
  Scenario s;
  s.name = stem;
  try {
    YAML::Node head = YAML::Load(docs[0]);
    if (!head.IsMap()) return Status::Invalid(stem + ": the first document must be a map");
    for (const auto& kv : head) {
      const std::string key = kv.first.as<std::string>();
      const YAML::Node& v = kv.second;
      if (key == "name") {
        s.name = v.as<std::string>();
      } else if (key == "description") {
        s.description = v.as<std::string>();
      } else if (key == "compare") {
        s.compare = v.as<std::string>();
      } else if (key == "mode") {
        s.mode = v.as<std::string>();
      } else if (key == "ungate") {
        s.ungate = v.as<bool>();
      } else if (key == "pv_controller") {
        s.pv_controller = v.as<bool>();
      } else if (key == "known_difference") {
        s.known_difference = v.as<std::string>();
      } else if (key == "expect") {
        for (const auto& e : v) s.expect[e.first.as<std::string>()] = e.second.as<std::string>();
      } else if (key == "ties") {
        for (const auto& e : v) {
          for (const auto& n : e.second) s.ties[e.first.as<std::string>()].insert(n.as<std::string>());
        }
      } else {
        return Status::Invalid(stem + ": unknown scenario field \"" + key + "\"");
      }
    }
    if (s.compare != "identical" && s.compare != "tie") {
      return Status::Invalid(stem + ": compare must be identical or tie");
    }
    if (s.mode != "serial" && s.mode != "batch") return Status::Invalid(stem + ": mode must be serial or batch");
    for (size_t i = 1; i < docs.size(); ++i) {
      YAML::Node doc = YAML::Load(docs[i]);
      if (doc.IsNull()) continue;
      ScenarioObject o;
      o.kind = doc["kind"].as<std::string>("");
      o.name = doc["metadata"]["name"].as<std::string>("");
      StatusOr<std::string> json = codec::YamlToJson(docs[i]);
      if (!json.ok()) return Status::Invalid(stem + " document " + std::to_string(i) + ": " + json.status().message());
      o.json = *json;
      if (o.name.empty()) return Status::Invalid(stem + " document " + std::to_string(i) + ": no metadata.name");
      if (o.kind == "Node") {
        s.nodes.push_back(std::move(o));
      } else if (o.kind == "Pod") {
        s.pods.push_back(std::move(o));
      } else if (o.kind == "PriorityClass") {
        s.priority_classes.push_back(std::move(o));
      } else if (o.kind == "StorageClass" || o.kind == "CSIDriver" || o.kind == "CSINode" ||
                 o.kind == "PersistentVolume" || o.kind == "PersistentVolumeClaim" || o.kind == "CSIStorageCapacity") {
        s.volumes.push_back(std::move(o));
      } else {
        return Status::Invalid(stem + " document " + std::to_string(i) + ": unsupported kind \"" + o.kind + "\"");
      }
    }
  } catch (const YAML::Exception& e) {
    return Status::Invalid(stem + ": " + e.what());
  }
  if (s.nodes.empty()) return Status::Invalid(stem + ": no nodes");
  return s;
}

}  // namespace kubecxx::scheduler::equivalence
