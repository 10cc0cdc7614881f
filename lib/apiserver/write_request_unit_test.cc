// Unit tests of write_request.h and warnings.h (the stock comparison is
// components/kube-apiserver/write_path_stock_test.cc).
#include <gtest/gtest.h>

#include "kubecxx/api/meta/v1/types.h"
#include "lib/apiserver/warnings.h"
#include "lib/apiserver/write_request.h"
#include "lib/codec/registry.h"

namespace kubecxx::apiserver {
namespace {

server::Request Req(const std::string& target, const std::string& body = "",
                    const std::string& content_type = "application/json") {
  return server::Request("POST", target, {{"Content-Type", content_type}}, body, true,
                         "127.0.0.1:1");
}

TEST(WarningsTest, HeaderForm) {
  EXPECT_EQ(WarningHeader("unknown field \"spec.foo\""), R"(299 - "unknown field \"spec.foo\"")");
  EXPECT_EQ(WarningHeader("back\\slash"), R"(299 - "back\\slash")");
  EXPECT_EQ(WarningHeader("tab\there"), "");  // control characters are not sent
  EXPECT_EQ(WarningHeader("bad \xff utf-8"), "");
}

TEST(WarningsTest, DedupAndTruncation) {
  WarningRecorder r;
  r.Add("a");
  r.Add("a");
  r.Add("");
  ASSERT_EQ(r.headers().size(), 1u);
  // 16 texts of 300 runes pass 4096: all are then cut to 256 runes.
  WarningRecorder big;
  for (int i = 0; i < 16; ++i) big.Add(std::string(299, 'x') + static_cast<char>('a' + i));
  ASSERT_EQ(big.headers().size(), 16u);
  for (const auto& h : big.headers()) EXPECT_EQ(h.size(), 256u + 8u) << h;
  // Past the limit again: dropped.
  for (int i = 0; i < 40; ++i) big.Add(std::string(256, 'y') + std::to_string(i));
  EXPECT_LT(big.headers().size(), 40u);
}

TEST(WriteOptionsTest, ValidatesAsStock) {
  WriteOptions o;
  ApiError e;
  EXPECT_TRUE(ParseWriteOptions(Req("/api/v1/namespaces/x/configmaps?dryRun=All"),
                                "CreateOptions", &o, &e));
  EXPECT_TRUE(o.dry_run);
  EXPECT_EQ(o.field_validation, "Warn");
  EXPECT_FALSE(ParseWriteOptions(Req("/x?dryRun=All&dryRun=x&fieldValidation=y"),
                                 "UpdateOptions", &o, &e));
  EXPECT_EQ(e.code, 422);
  EXPECT_EQ(e.message,
            "UpdateOptions.meta.k8s.io \"\" is invalid: [dryRun: Unsupported value: "
            "[\"All\",\"x\"]: supported values: \"All\", fieldValidation: Unsupported value: "
            "\"y\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"]");
}

TEST(DecodeWriteBodyTest, WarnStrictIgnore) {
  const codec::KindInfo* cm = codec::FindKind("", "v1", "ConfigMap");
  const std::string body =
      R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","x":1},"foo":2,"foo":3})";
  codec::Object obj;
  ApiError e;
  WarningRecorder w;
  WriteOptions warn;
  ASSERT_TRUE(DecodeWriteBody(Req("/x", body), cm, warn, &w, &obj, &e)) << e.message;
  ASSERT_EQ(w.headers().size(), 2u);
  EXPECT_EQ(w.headers()[0], R"(299 - "unknown field \"metadata.x\"")");
  EXPECT_EQ(w.headers()[1], R"(299 - "unknown field \"foo\"")");
  WriteOptions strict;
  strict.field_validation = "Strict";
  EXPECT_FALSE(DecodeWriteBody(Req("/x", body), cm, strict, &w, &obj, &e));
  EXPECT_EQ(e.code, 400);
  EXPECT_EQ(e.message,
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding "
            "error: unknown field \"metadata.x\", unknown field \"foo\"");
  WriteOptions ignore;
  ignore.field_validation = "Ignore";
  WarningRecorder none;
  EXPECT_TRUE(DecodeWriteBody(Req("/x", body), cm, ignore, &none, &obj, &e));
  EXPECT_TRUE(none.headers().empty());
}

TEST(DecodeWriteBodyTest, YamlDuplicateKeys) {
  const codec::KindInfo* cm = codec::FindKind("", "v1", "ConfigMap");
  const std::string yaml =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\ndata:\n  k: v\n"
      "nope: 1\n";
  codec::Object obj;
  ApiError e;
  WarningRecorder w;
  ASSERT_TRUE(DecodeWriteBody(Req("/x", yaml, "application/yaml"), cm, WriteOptions{}, &w,
                              &obj, &e))
      << e.message;
  ASSERT_EQ(w.headers().size(), 2u);
  EXPECT_EQ(w.headers()[0], R"(299 - "line 5: key \"name\" already set in map")");
  EXPECT_EQ(w.headers()[1], R"(299 - "unknown field \"nope\"")");
  EXPECT_EQ(obj.meta()->name, "b");  // the last one wins, as non-strict YAMLToJSON
  WriteOptions strict;
  strict.field_validation = "Strict";
  EXPECT_FALSE(
      DecodeWriteBody(Req("/x", yaml, "application/yaml"), cm, strict, &w, &obj, &e));
  EXPECT_EQ(e.message,
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding "
            "error: yaml: unmarshal errors:\n  line 5: key \"name\" already set in map, "
            "unknown field \"nope\"");
}

}  // namespace
}  // namespace kubecxx::apiserver
