#include "components/kube-scheduler/app/config/yaml_strict.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <set>
#include <sstream>
#include <vector>

#include "lib/api/go_strconv.h"

namespace kubecxx::scheduler::config {
namespace {

class DuplicateKeyFinder : public YAML::EventHandler {
 public:
  std::vector<std::string> errors;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { Value(m, "", false); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { Value(m, "", false); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                const std::string& value) override {
    Value(m, value, true);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    Value(m, "", false);
    stack_.push_back(Frame{false, {}, true});
  }
  void OnSequenceEnd() override { stack_.pop_back(); }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Value(m, "", false);
    stack_.push_back(Frame{true, {}, true});
  }
  void OnMapEnd() override { stack_.pop_back(); }

 private:
  struct Frame {
    bool is_map;
    std::set<std::string> keys;
    bool expect_key;
    std::string duplicate = {};  // a repeated key whose value comes next
  };

  // A node starts: in a mapping it is a key or a value, alternately.
  void Value(const YAML::Mark& m, const std::string& text, bool scalar) {
    if (stack_.empty() || !stack_.back().is_map) return;
    Frame& f = stack_.back();
    if (f.expect_key) {
      if (scalar && text != "<<" && !f.keys.insert(text).second) f.duplicate = text;
    } else if (!f.duplicate.empty()) {
      // go-yaml names the line of the value node (a block value starts on the next line).
      errors.push_back("line " + std::to_string(m.line + 1) + ": key " + api::GoQuote(f.duplicate) +
                       " already set in map");
      f.duplicate.clear();
    }
    f.expect_key = !f.expect_key;
  }

  std::vector<Frame> stack_;
};

}  // namespace

std::string DuplicateYamlKeys(std::string_view yaml) {
  DuplicateKeyFinder finder;
  try {
    std::stringstream in{std::string(yaml)};
    YAML::Parser parser(in);
    parser.HandleNextDocument(finder);
  } catch (const YAML::Exception&) {
    return "";
  }
  if (finder.errors.empty()) return "";
  std::string out = "yaml: unmarshal errors:";
  for (const auto& e : finder.errors) out += "\n  " + e;
  return out;
}

}  // namespace kubecxx::scheduler::config
