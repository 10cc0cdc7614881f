#include "lib/base/testing/files.h"

#include <fstream>
#include <sstream>

namespace kubecxx::testing {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> SplitYamlDocuments(const std::string& text) {
  std::vector<std::string> docs;
  std::string current;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line == "---") {
      docs.push_back(current);
      current.clear();
    } else {
      current += line + "\n";
    }
  }
  docs.push_back(current);
  return docs;
}

}  // namespace kubecxx::testing
