// Proof against upstream: k8s.io/api ships, for every served kind, the same
// object as JSON, YAML and protobuf (testdata/HEAD), plus the bytes older
// releases wrote (testdata/v1.34.0 ...). We decode every fixture and require:
//   HEAD .pb   -> decode -> protobuf encode == the .pb bytes; JSON encode == .json
//   HEAD .json -> decode -> JSON encode == .json (2-space indent, as upstream
//                 writes the file); protobuf encode == .pb
//   HEAD .yaml -> decode -> YAML encode == .yaml; same object as from .json
//   older      -> every .json/.yaml/.pb decodes, and the three agree.
// Failures listed in testdata/known_fixture_failures.txt are expected (and
// documented in docs/compatibility.md); any other failure, or a listed one that
// now passes, fails the test.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "lib/codec/json_writer.h"
#include "lib/model/wire.h"

namespace kubecxx::codec {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path TestdataDir() {
  if (const char* env = std::getenv("KUBECXX_API_TESTDATA")) return env;
  return fs::path(KUBECXX_GOMODCACHE) / ("k8s.io/api@" KUBECXX_API_MODULE_VERSION) / "testdata";
}

// Where two byte strings first differ, for failure reasons.
std::string FirstDiff(std::string_view got, std::string_view want) {
  size_t i = 0;
  while (i < got.size() && i < want.size() && got[i] == want[i]) ++i;
  auto around = [&](std::string_view s) {
    size_t from = i < 20 ? 0 : i - 20;
    std::string out;
    for (char c : s.substr(from, 40)) {
      out += (c >= 0x20 && c < 0x7f) ? std::string(1, c) : "\\x" + std::to_string(uint8_t(c));
    }
    return out;
  };
  return "differs at byte " + std::to_string(i) + " (got " + std::to_string(got.size()) +
         " bytes, want " + std::to_string(want.size()) + "): got ..." + around(got) + "... want ..." +
         around(want) + "...";
}

struct Result {
  std::string fixture;  // dir/file
  std::string reason;   // empty = passed
};

// The kind a fixture name (<group>.<version>.<Kind>, group "core" = "") names.
const KindInfo* KindOfFixture(const std::string& base) {
  size_t k = base.rfind('.');
  size_t v = base.rfind('.', k - 1);
  if (k == std::string::npos || v == std::string::npos) return nullptr;
  std::string group = base.substr(0, v);
  if (group == "core") group.clear();
  return FindKind(group, base.substr(v + 1, k - v - 1), base.substr(k + 1));
}

struct Fixture {
  std::string json, yaml, pb;
};

Fixture ReadFixture(const fs::path& dir, const std::string& base, const std::string& suffix = "") {
  auto read = [&](const char* ext) {
    fs::path p = dir / (base + suffix + "." + ext);
    return fs::exists(p) ? ReadFile(p) : std::string();
  };
  return {read("json"), read("yaml"), read("pb")};
}

// Decodes all three forms of one fixture (JSON compacted first, as upstream's
// test does: RawExtension keeps the text it was given).
struct Decoded {
  StatusOr<Object> json, yaml, pb;
};
Decoded DecodeAll(const Fixture& f, const KindInfo* kind) {
  DecodeOptions opts{.strict = false, .default_kind = kind};
  return {DecodeObject(CompactJson(f.json), WireFormat::kJson, opts),
          DecodeObject(f.yaml, WireFormat::kYaml, opts),
          DecodeObject(f.pb, WireFormat::kProtobuf, opts)};
}

std::string PrettyJson(const Object& o) { return IndentJson(EncodeJson(o)); }

// Compares a decoded object's re-encoding in `format` with `want`.
std::string CheckEncode(const StatusOr<Object>& obj, WireFormat format, const std::string& want) {
  if (!obj.ok()) return "decode: " + obj.status().message();
  std::string got;
  if (format == WireFormat::kJson) {
    got = PrettyJson(*obj);
  } else {
    auto enc = EncodeObject(*obj, format);
    if (!enc.ok()) return "encode: " + enc.status().message();
    got = *enc;
  }
  if (got != want) return std::string(WireFormatName(format)) + " re-encoding " + FirstDiff(got, want);
  return "";
}

std::string CheckSame(const StatusOr<Object>& a, const StatusOr<Object>& b, const char* what) {
  if (a.ok() && b.ok() && !(*a == *b)) return std::string("decoded object differs from the ") + what + " one";
  return "";
}

// HEAD: the protobuf-decoded object stands in for upstream's filled object; its
// three encodings must equal the files, and each file must decode to it.
void CheckHead(const fs::path& dir, const std::string& base, std::vector<Result>* out) {
  const KindInfo* kind = KindOfFixture(base);
  std::string name = dir.filename().string() + "/" + base;
  if (kind == nullptr) {
    for (const char* ext : {".json", ".pb", ".yaml"}) out->push_back({name + ext, "kind not registered"});
    return;
  }
  Fixture f = ReadFixture(dir, base);
  Decoded d = DecodeAll(f, kind);
  std::string pb = CheckEncode(d.pb, WireFormat::kProtobuf, f.pb);
  std::string json = d.pb.ok() ? CheckEncode(d.pb, WireFormat::kJson, f.json) : "no object from .pb";
  if (json.empty()) json = CheckEncode(d.json, WireFormat::kJson, f.json);
  if (json.empty()) json = CheckSame(d.json, d.pb, "protobuf");
  std::string yaml = d.pb.ok() ? CheckEncode(d.pb, WireFormat::kYaml, f.yaml) : "no object from .pb";
  if (yaml.empty()) yaml = CheckEncode(d.yaml, WireFormat::kYaml, f.yaml);
  if (yaml.empty()) yaml = CheckSame(d.yaml, d.pb, "protobuf");
  out->push_back({name + ".json", json});
  out->push_back({name + ".pb", pb});
  out->push_back({name + ".yaml", yaml});
}

// Older releases (upstream's runPreviousVersionTest): each file decodes to the
// same object, and re-encodes to the file itself or to its .after_roundtrip form.
void CheckOlder(const fs::path& dir, const std::string& base, std::vector<Result>* out) {
  const KindInfo* kind = KindOfFixture(base);
  std::string name = dir.filename().string() + "/" + base;
  Fixture f = ReadFixture(dir, base);
  Fixture after = ReadFixture(dir, base, ".after_roundtrip");
  if (after.json.empty()) after.json = f.json;
  if (after.yaml.empty()) after.yaml = f.yaml;
  if (after.pb.empty()) after.pb = f.pb;
  Decoded d = DecodeAll(f, kind);
  std::string json = CheckEncode(d.json, WireFormat::kJson, after.json);
  std::string yaml = CheckEncode(d.yaml, WireFormat::kYaml, after.yaml);
  if (yaml.empty()) yaml = CheckSame(d.yaml, d.json, "JSON");
  std::string pb = CheckEncode(d.pb, WireFormat::kProtobuf, after.pb);
  if (pb.empty()) pb = CheckSame(d.pb, d.json, "JSON");
  out->push_back({name + ".json", json});
  out->push_back({name + ".pb", pb});
  out->push_back({name + ".yaml", yaml});
}

std::set<std::string> KnownFailures() {
  std::set<std::string> known;
  std::ifstream in(fs::path(KUBECXX_SOURCE_DIR) / "lib/model/testdata/known_fixture_failures.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    known.insert(line.substr(0, line.find(' ')));
  }
  return known;
}

// Fixture names (without extension) in dir, sorted.
std::vector<std::string> FixtureBases(const fs::path& dir) {
  std::set<std::string> bases;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string n = e.path().filename().string();
    if (n.size() > 5 && n.ends_with(".json") && n.find(".after_roundtrip.") == std::string::npos) {
      bases.insert(n.substr(0, n.size() - 5));
    }
  }
  return {bases.begin(), bases.end()};
}

void Report(const std::string& label, const std::vector<Result>& results,
            const std::set<std::string>& known, std::vector<std::string>* unexpected) {
  size_t passed = 0;
  std::vector<const Result*> failed;
  for (const auto& r : results) {
    if (r.reason.empty()) {
      ++passed;
      if (known.count(r.fixture)) unexpected->push_back(r.fixture + ": listed as known failure but passes");
    } else {
      failed.push_back(&r);
      if (!known.count(r.fixture)) unexpected->push_back(r.fixture + ": " + r.reason);
    }
  }
  std::cout << label << ": " << passed << " passed, " << failed.size() << " failed\n";
  for (const auto* r : failed) std::cout << "  FAIL " << r->fixture << ": " << r->reason << "\n";
}

TEST(Fixtures, UpstreamTestdata) {
  fs::path root = TestdataDir();
  ASSERT_TRUE(fs::is_directory(root / "HEAD"))
      << "upstream fixtures not found at " << root
      << " (run `go mod download k8s.io/api@" KUBECXX_API_MODULE_VERSION
         "` in conformance/upstream, or set KUBECXX_API_TESTDATA)";
  std::set<std::string> known = KnownFailures();
  std::vector<std::string> unexpected;

  std::vector<Result> head;
  std::vector<std::string> head_bases = FixtureBases(root / "HEAD");
  for (const auto& b : head_bases) CheckHead(root / "HEAD", b, &head);
  Report("fixtures", head, known, &unexpected);

  // As upstream: older files are checked for the kinds the current release has.
  std::vector<Result> older;
  size_t skipped = 0;
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(root)) {
    if (e.is_directory() && e.path().filename() != "HEAD") dirs.push_back(e.path());
  }
  std::sort(dirs.begin(), dirs.end());
  ASSERT_FALSE(dirs.empty()) << "no older-release fixture directories under " << root;
  std::set<std::string> current(head_bases.begin(), head_bases.end());
  for (const auto& d : dirs) {
    for (const auto& b : FixtureBases(d)) {
      if (current.count(b) && KindOfFixture(b) != nullptr) {
        CheckOlder(d, b, &older);
      } else {
        ++skipped;
      }
    }
  }
  Report("fixtures(older releases)", older, known, &unexpected);
  std::cout << "  (" << skipped << " older fixtures skipped: kinds no longer in v1.37, as upstream skips them)\n";

  for (const auto& u : unexpected) ADD_FAILURE() << u;
}

}  // namespace
}  // namespace kubecxx::codec
