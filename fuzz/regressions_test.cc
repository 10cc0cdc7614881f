// Replays every saved fuzz finding (fuzz/regressions/<target>/<file>) through the
// same checks the fuzz targets run: each must decode cleanly or fail with an
// error value, and the round-trip properties must hold. A crash here is a
// regression of a fixed bug.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/round_trip.h"
#include "lib/codec/yaml.h"
#include "lib/model/wire.h"

namespace kubecxx::fuzz {
namespace {

namespace fs = std::filesystem;
using codec::WireFormat;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(FuzzRegressions, SavedFindingsDecodeCleanly) {
  const std::map<std::string, WireFormat> targets = {
      {"fuzz_json", WireFormat::kJson},
      {"fuzz_yaml", WireFormat::kYaml},
      {"fuzz_protobuf", WireFormat::kProtobuf},
  };
  fs::path root(KUBECXX_FUZZ_REGRESSIONS);
  ASSERT_TRUE(fs::is_directory(root)) << root;
  size_t replayed = 0;
  for (const auto& [target, format] : targets) {
    if (!fs::is_directory(root / target)) continue;
    for (const auto& e : fs::directory_iterator(root / target)) {
      if (!e.is_regular_file() || e.path().filename().string().starts_with(".")) continue;
      std::string broken = CheckRoundTrip(ReadFile(e.path()), format);
      EXPECT_EQ(broken, "") << target << "/" << e.path().filename().string();
      ++replayed;
    }
  }
  std::cout << "fuzz regressions: " << replayed << " replayed\n";
}

// Deep nesting, far past what the saved 10000-deep finding needs to overflow a
// sanitizer build's stack: each decoder must refuse it with an error value.
// The input is a CRD whose schema nests `not` n times.
std::string DeepCrdJson(int n) {
  std::string s = R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",)"
                  R"("spec":{"versions":[{"schema":{"openAPIV3Schema":)";
  for (int i = 0; i < n; ++i) s += R"({"not":)";
  s += "{}";
  s += std::string(n, '}');
  return s + "}}]}}";
}

std::string Varint(uint64_t v) {
  std::string out;
  for (; v >= 0x80; v >>= 7) out.push_back(static_cast<char>(v | 0x80));
  out.push_back(static_cast<char>(v));
  return out;
}
std::string Field(uint32_t number, const std::string& body) {
  return Varint(uint64_t{number} << 3 | 2) + Varint(body.size()) + body;
}
// CRD{spec(2){versions(7){schema(4){openAPIV3Schema(1){not(28) ... n times}}}}} in
// the "k8s\0" envelope: the innermost JSONSchemaProps sits 4 + n messages deep.
std::string DeepCrdProtobuf(int n) {
  // Built inside out as (tag, length) headers: the innermost message is empty.
  std::vector<std::string> headers;
  size_t len = 0;
  for (int i = 0; i < n; ++i) {
    headers.push_back(Varint(28 << 3 | 2) + Varint(len));
    len += headers.back().size();
  }
  std::string schema;
  schema.reserve(len);
  for (auto it = headers.rbegin(); it != headers.rend(); ++it) schema += *it;
  std::string crd = Field(2, Field(7, Field(4, Field(1, schema))));
  std::string type_meta = Field(1, "apiextensions.k8s.io/v1") + Field(2, "CustomResourceDefinition");
  return std::string("k8s\0", 4) + Field(1, type_meta) + Field(2, crd);
}

TEST(FuzzRegressions, DeepNestingIsAnErrorNotACrash) {
  constexpr int kDeep = 200000;
  auto json = codec::DecodeObject(DeepCrdJson(kDeep), WireFormat::kJson);
  ASSERT_FALSE(json.ok());
  EXPECT_NE(json.status().message().find("exceeded max depth"), std::string::npos)
      << json.status().message().substr(0, 300);
  auto yaml = codec::DecodeObject(DeepCrdJson(kDeep), WireFormat::kYaml);
  EXPECT_FALSE(yaml.ok());
  auto pb = codec::DecodeObject(DeepCrdProtobuf(kDeep), WireFormat::kProtobuf);
  ASSERT_FALSE(pb.ok());
  EXPECT_NE(pb.status().message().find("exceeded maximum recursion depth"), std::string::npos);
  // The error names the outer and inner path, not all 200000 levels.
  EXPECT_LT(pb.status().message().size(), 1000u) << pb.status().message().substr(0, 300);
}

TEST(FuzzRegressions, ProtobufNestingLimitIsExact) {
  // Depth 4 + n: n = 996 is the deepest the limit (1000) allows.
  auto at_limit = codec::DecodeObject(DeepCrdProtobuf(996), WireFormat::kProtobuf);
  EXPECT_TRUE(at_limit.ok()) << at_limit.status().message().substr(0, 300);
  auto past = codec::DecodeObject(DeepCrdProtobuf(997), WireFormat::kProtobuf);
  ASSERT_FALSE(past.ok());
  EXPECT_NE(past.status().message().find("exceeded maximum recursion depth"), std::string::npos);
  // What the JSON decoder accepts, protobuf carries: a 900-deep JSON schema
  // round-trips through protobuf.
  auto json = codec::DecodeObject(DeepCrdJson(900), WireFormat::kJson);
  ASSERT_TRUE(json.ok()) << json.status().message().substr(0, 300);
  EXPECT_EQ(CheckRoundTrip(codec::EncodeProtobuf(*json), WireFormat::kProtobuf), "");
}

// fuzz_yaml: a float map key beyond float32's range (Go prints keys with
// FormatFloat(k, 'g', -1, 32)) overflowed a pointer; Go makes it ".inf".
// Outputs checked against sigs.k8s.io/yaml v1.6.0 YAMLToJSON.
TEST(FuzzRegressions, YamlFloatKeyBeyondFloat32) {
  auto json = codec::YamlToJson("1e39: x\n-1e39: z\n3.4028235e38: a\n3.4028236e38: b\n1e-50: c\n");
  ASSERT_TRUE(json.ok()) << json.status().message();
  EXPECT_EQ(*json, R"({"-.inf":"z",".inf":"b","0":"c","3.4028235e+38":"a"})");
}

}  // namespace
}  // namespace kubecxx::fuzz
