// JSON patch (RFC 6902) as gopkg.in/evanphx/json-patch.v4 applies it in the stock apiserver;
// expectations follow that library's behaviour, quirks included.
#include "lib/patch/json_patch.h"

#include <gtest/gtest.h>

namespace kubecxx::patch {
namespace {

struct Outcome {
  int code = 0;  // 0: applied
  std::string doc;
};

Outcome Patch(std::string_view doc, std::string_view ops) {
  auto parsed = ParseJson(doc);
  EXPECT_TRUE(parsed.ok());
  JsonValue v = *parsed;
  PatchError e;
  if (!ApplyJsonPatch(ops, &v, &e)) return {e.code, e.message};
  return {0, SerializeJson(v)};
}

TEST(JsonPatchTest, AddRemoveReplace) {
  EXPECT_EQ(Patch(R"({"a":1})", R"([{"op":"add","path":"/b","value":{"c":[1]}}])").doc,
            R"({"a":1,"b":{"c":[1]}})");
  EXPECT_EQ(Patch(R"({"a":[1,2]})", R"([{"op":"add","path":"/a/1","value":9}])").doc,
            R"({"a":[1,9,2]})");
  EXPECT_EQ(Patch(R"({"a":[1,2]})", R"([{"op":"add","path":"/a/-","value":9}])").doc,
            R"({"a":[1,2,9]})");
  EXPECT_EQ(Patch(R"({"a":[1,2]})", R"([{"op":"add","path":"/a/2","value":9}])").doc,
            R"({"a":[1,2,9]})");
  EXPECT_EQ(Patch(R"({"a":[1,2]})", R"([{"op":"add","path":"/a/3","value":9}])").code, 422);
  EXPECT_EQ(Patch(R"({"a":[1,2]})", R"([{"op":"add","path":"/a/-1","value":9}])").doc,
            R"({"a":[1,2,9]})");
  EXPECT_EQ(Patch(R"({"a":[1,2]})", R"([{"op":"remove","path":"/a/-1"}])").doc, R"({"a":[1]})");
  EXPECT_EQ(Patch(R"({"a":[1,2]})", R"([{"op":"remove","path":"/a/2"}])").code, 422);
  EXPECT_EQ(Patch(R"({"a":1})", R"([{"op":"remove","path":"/b"}])").code, 422);
  EXPECT_EQ(Patch(R"({"a":null})", R"([{"op":"remove","path":"/a"}])").doc, "{}");
  // v4: replace of a missing object key adds it; in arrays the index must exist.
  EXPECT_EQ(Patch(R"({"a":1})", R"([{"op":"replace","path":"/b","value":2}])").doc,
            R"({"a":1,"b":2})");
  EXPECT_EQ(Patch(R"({"a":[1]})", R"([{"op":"replace","path":"/a/1","value":2}])").code, 422);
  EXPECT_EQ(Patch(R"({"a":1})", R"([{"op":"replace","path":"","value":{"z":0}}])").doc,
            R"({"z":0})");
  EXPECT_EQ(Patch(R"({"a":1})", R"([{"op":"replace","path":"","value":3}])").code, 422);
  // An absent value is null.
  EXPECT_EQ(Patch(R"({"a":1})", R"([{"op":"add","path":"/a"}])").doc, R"({"a":null})");
}

TEST(JsonPatchTest, PointerEscapingAndPaths) {
  EXPECT_EQ(Patch(R"({"a/b":1,"m~n":2})",
                R"([{"op":"replace","path":"/a~1b","value":3},{"op":"remove","path":"/m~0n"}])")
                .doc,
            R"({"a/b":3})");
  // "~01" is "~1", not "/".
  EXPECT_EQ(Patch("{}", R"([{"op":"add","path":"/~01","value":1}])").doc, R"({"~1":1})");
  // No leading slash: the last segment is taken at the root; "" or no slash fails.
  EXPECT_EQ(Patch("{}", R"([{"op":"add","path":"x/y","value":1}])").doc, R"({"y":1})");
  EXPECT_EQ(Patch("{}", R"([{"op":"add","path":"y","value":1}])").code, 422);
  EXPECT_EQ(Patch("{}", R"([{"op":"add","path":"","value":1}])").code, 422);
  // Through a missing or null parent, or a scalar: fails.
  EXPECT_EQ(Patch(R"({"a":null})", R"([{"op":"add","path":"/a/b","value":1}])").code, 422);
  EXPECT_EQ(Patch(R"({"a":"s"})", R"([{"op":"add","path":"/a/b","value":1}])").code, 422);
  // Array indices as strconv.Atoi reads them.
  EXPECT_EQ(Patch(R"({"a":[{"x":1},{"x":2}]})", R"([{"op":"replace","path":"/a/+1/x","value":5}])")
                .doc,
            R"({"a":[{"x":1},{"x":5}]})");
  EXPECT_EQ(Patch(R"({"a":[{"x":1}]})", R"([{"op":"replace","path":"/a/01/x","value":5}])").code,
            422);
}

TEST(JsonPatchTest, MoveCopyTest) {
  EXPECT_EQ(Patch(R"({"a":{"b":1},"c":[]})", R"([{"op":"move","from":"/a/b","path":"/c/0"}])").doc,
            R"({"a":{},"c":[1]})");
  EXPECT_EQ(Patch(R"({"a":[1,2,3]})", R"([{"op":"move","from":"/a/0","path":"/a/-"}])").doc,
            R"({"a":[2,3,1]})");
  EXPECT_EQ(Patch(R"({"a":{"b":1}})", R"([{"op":"move","from":"/a","path":"/a/c"}])").code, 422);
  EXPECT_EQ(Patch(R"({"a":{"b":1}})", R"([{"op":"copy","from":"/a","path":"/d"}])").doc,
            R"({"a":{"b":1},"d":{"b":1}})");
  // v4: copying a missing key copies null.
  EXPECT_EQ(Patch(R"({"a":1})", R"([{"op":"copy","from":"/zz","path":"/d"}])").doc,
            R"({"a":1,"d":null})");
  EXPECT_EQ(Patch(R"({"a":{"b":[1,"x",{"c":true}]}})",
                R"([{"op":"test","path":"/a","value":{"b":[1,"x",{"c":true}]}}])")
                .code,
            0);
  EXPECT_EQ(Patch(R"({"a":1})", R"([{"op":"test","path":"/a","value":1.0}])").code, 422);
  EXPECT_EQ(Patch(R"({"a":"A"})", R"([{"op":"test","path":"/a","value":"\u0041"}])").code, 422);
  EXPECT_EQ(Patch(R"({"a":1})", R"([{"op":"test","path":"/b","value":null}])").code, 0);
  EXPECT_EQ(Patch(R"({"a":1})", R"([{"op":"test","path":"/b"}])").code, 0);
  EXPECT_EQ(Patch(R"({"a":1})", R"([{"op":"test","path":"/a"}])").code, 422);
  EXPECT_EQ(Patch(R"({"a":1})", R"([{"op":"test","path":"","value":{"a":1}}])").code, 0);
  // A failed test stops the patch.
  EXPECT_EQ(Patch(R"({"a":1})",
                R"([{"op":"add","path":"/b","value":2},{"op":"test","path":"/a","value":2}])")
                .code,
            422);
}

TEST(JsonPatchTest, DecodeErrorsAndLimits) {
  Outcome o = Patch("{}", R"({"op":"add"})");
  EXPECT_EQ(o.code, 400);
  EXPECT_EQ(o.doc, "json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  o = Patch("{}", R"(["x"])");
  EXPECT_EQ(o.doc, "json: cannot unmarshal string into Go value of type jsonpatch.Operation");
  EXPECT_EQ(Patch(R"({"a":1})", "null").doc, R"({"a":1})");
  EXPECT_EQ(Patch(R"({"a":1})", "[null]").code, 422);
  EXPECT_EQ(Patch(R"({"a":1})", R"([{"op":"frob","path":"/a"}])").code, 422);
  std::string many = "[";
  for (int i = 0; i <= 10000; ++i) {
    many += std::string(i ? "," : "") + R"({"op":"test","path":"/a","value":1})";
  }
  many += "]";
  o = Patch(R"({"a":1})", many);
  EXPECT_EQ(o.code, 413);
  EXPECT_EQ(o.doc,
            "Request entity too large: The allowed maximum operations in a JSON patch is 10000, "
            "got 10001");
}

// What stock quotes in a 422: containers the patch walked through (and the root) re-marshaled
// with sorted keys, untouched ones as stored, strings HTML-escaped.
TEST(JsonPatchTest, PatchedDocumentAsJsonPatchWritesIt) {
  auto doc = ParseJson(R"({"z":{"q":1,"p":2},"b":{"y":1,"x":[{"n":2,"m":1}]},"a":"<&>"})");
  ASSERT_TRUE(doc.ok());
  JsonValue v = *doc;
  PatchError e;
  ASSERT_TRUE(ApplyJsonPatch(R"([{"op":"add","path":"/b/x/0/k","value":{"d":1,"c":2}}])", &v, &e));
  EXPECT_EQ(SerializePatchedDocument(v),
            R"({"a":"\u003c\u0026\u003e","b":{"x":[{"k":{"d":1,"c":2},"m":1,"n":2}],"y":1},)"
            R"("z":{"q":1,"p":2}})");
}

}  // namespace
}  // namespace kubecxx::patch
