// Strategic merge patch on built-in types, expectations from upstream strategicpatch's
// behaviour (k8s.io/apimachinery v0.37.2) as the stock apiserver applies it.
#include "lib/patch/strategic_merge.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "lib/patch/apply.h"
#include "lib/patch/go_sort.h"

namespace kubecxx::patch {
namespace {

struct Outcome {
  int code = 0;  // 0: merged
  std::string text;  // merged JSON or the error message
};

Outcome Merge(std::string_view kind, std::string_view original, std::string_view p) {
  std::string_view group = kind == "Deployment" ? "apps" : "";
  PatchSchema schema = PatchSchema::ForKind(group, "v1", kind);
  EXPECT_TRUE(schema.ok()) << kind;
  auto orig = ParseJson(original);
  EXPECT_TRUE(orig.ok());
  JsonValue out;
  PatchError e;
  if (!ApplyPatch(PatchType::kStrategic, p, *orig, schema, true, &out, &e)) {
    return {e.code, e.message};
  }
  return {0, SerializeJson(out)};
}

constexpr std::string_view kPod =
    R"({"spec":{"containers":[{"name":"a","image":"1"},{"name":"b","image":"1"}]}})";

TEST(StrategicMergeTest, SchemaLookups) {
  EXPECT_FALSE(PatchSchema::ForKind("stable.example.com", "v1", "CronTab").ok());
  PatchSchema pod = PatchSchema::ForKind("", "v1", "Pod");
  ASSERT_TRUE(pod.ok());
  PatchSchema spec, containers;
  FieldPatchMeta meta;
  ASSERT_TRUE(pod.LookupForStruct("spec", &spec, &meta).ok());
  EXPECT_EQ(meta.strategies, std::vector<std::string>{""});
  ASSERT_TRUE(spec.LookupForSlice("volumes", &containers, &meta).ok());
  EXPECT_EQ(meta.strategies, (std::vector<std::string>{"merge", "retainKeys"}));
  EXPECT_EQ(meta.merge_key, "name");
  EXPECT_EQ(spec.LookupForStruct("nope", &containers, &meta).message(),
            "unable to find api field in struct PodSpec for the json field \"nope\"");
}

TEST(StrategicMergeTest, MergeListByKey) {
  EXPECT_EQ(Merge("Pod", kPod, R"({"spec":{"containers":[{"name":"b","image":"2"}]}})").text,
            R"({"spec":{"containers":[{"name":"a","image":"1"},{"name":"b","image":"2"}]}})");
  // Items new to the list come first: they are not in the live order.
  EXPECT_EQ(Merge("Pod", kPod, R"({"spec":{"containers":[{"name":"c","image":"3"}]}})").text,
            R"({"spec":{"containers":[{"name":"c","image":"3"},{"name":"a","image":"1"},)"
            R"({"name":"b","image":"1"}]}})");
  // Patch order wins over live order for the items it lists.
  EXPECT_EQ(Merge("Pod", kPod, R"({"spec":{"containers":[{"name":"b"},{"name":"a"}]}})").text,
            R"({"spec":{"containers":[{"name":"b","image":"1"},{"name":"a","image":"1"}]}})");
}

TEST(StrategicMergeTest, ListDirectives) {
  EXPECT_EQ(Merge("Pod", kPod, R"({"spec":{"containers":[{"$patch":"delete","name":"a"}]}})").text,
            R"({"spec":{"containers":[{"name":"b","image":"1"}]}})");
  EXPECT_EQ(Merge("Pod", kPod,
                  R"({"spec":{"containers":[{"name":"z","image":"9"},{"$patch":"replace"}]}})")
                .text,
            R"({"spec":{"containers":[{"name":"z","image":"9"}]}})");
  Outcome o = Merge("Pod", kPod, R"({"spec":{"containers":[{"$patch":"merge","name":"a"}]}})");
  EXPECT_EQ(o.code, 500);
  EXPECT_EQ(o.text, "merging lists cannot yet be specified in the patch");
  o = Merge("Pod", kPod, R"({"spec":{"containers":[{"image":"x"}]}})");
  EXPECT_EQ(o.code, 500);
  EXPECT_EQ(o.text, "map: map[image:x] does not contain declared merge key: name");
  o = Merge("Pod", kPod, R"({"spec":{"containers":[{"$patch":"foo","name":"a"}]}})");
  EXPECT_EQ(o.text, "unknown patch type: foo in map: map[$patch:foo name:a]");
}

TEST(StrategicMergeTest, PrimitiveMergeLists) {
  constexpr std::string_view kObj = R"({"metadata":{"finalizers":["a","b"]}})";
  EXPECT_EQ(Merge("Pod", kObj, R"({"metadata":{"finalizers":["c","a"]}})").text,
            R"({"metadata":{"finalizers":["c","a","b"]}})");
  EXPECT_EQ(Merge("Pod", kObj, R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}})")
                .text,
            R"({"metadata":{"finalizers":["b"]}})");
  EXPECT_EQ(Merge("Pod", kObj, R"({"metadata":{"$deleteFromPrimitiveListX":["a"]}})").code, 400);
  // A replace list (args) is replaced.
  EXPECT_EQ(Merge("Pod", R"({"spec":{"containers":[{"name":"a","args":["x","y"]}]}})",
                  R"({"spec":{"containers":[{"name":"a","args":["z"]}]}})")
                .text,
            R"({"spec":{"containers":[{"name":"a","args":["z"]}]}})");
}

TEST(StrategicMergeTest, MapsNullsAndMapDirectives) {
  constexpr std::string_view kObj = R"({"metadata":{"labels":{"x":"1","y":"2"}}})";
  EXPECT_EQ(Merge("Pod", kObj, R"({"metadata":{"labels":{"x":null,"z":"3"}}})").text,
            R"({"metadata":{"labels":{"y":"2","z":"3"}}})");
  EXPECT_EQ(Merge("Pod", kObj, R"({"metadata":{"labels":{"$patch":"replace","z":"3"}}})").text,
            R"({"metadata":{"labels":{"z":"3"}}})");
  EXPECT_EQ(Merge("Pod", kObj, R"({"metadata":{"labels":{"$patch":"delete"}}})").text,
            R"({"metadata":{"labels":{}}})");
  // New values lose their nulls and directives.
  EXPECT_EQ(Merge("Pod", "{}", R"({"metadata":{"annotations":{"a":null,"b":"1"}}})").text,
            R"({"metadata":{"annotations":{"b":"1"}}})");
  EXPECT_EQ(Merge("Pod", "{}", "null").text, "{}");
  EXPECT_EQ(Merge("Pod", "{}", "[]").code, 400);
}

TEST(StrategicMergeTest, RetainKeysAndSetElementOrder) {
  constexpr std::string_view kDeploy =
      R"({"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}})";
  EXPECT_EQ(Merge("Deployment", kDeploy,
                  R"({"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}})")
                .text,
            R"({"spec":{"strategy":{"type":"Recreate"}}})");
  EXPECT_EQ(Merge("Deployment", kDeploy,
                  R"({"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"x":1}}})")
                .code,
            400);
  constexpr std::string_view kThree =
      R"({"spec":{"containers":[{"name":"a"},{"name":"b"},{"name":"c"}]}})";
  EXPECT_EQ(Merge("Pod", kThree,
                  R"({"spec":{"$setElementOrder/containers":)"
                  R"([{"name":"c"},{"name":"a"},{"name":"b"}]}})")
                .text,
            R"({"spec":{"containers":[{"name":"c"},{"name":"a"},{"name":"b"}]}})");
  // kubectl apply's shape: order list, a changed item, a deleted one.
  EXPECT_EQ(Merge("Pod", kThree,
                  R"({"spec":{"$setElementOrder/containers":[{"name":"c"},{"name":"a"}],)"
                  R"("containers":[{"name":"a","image":"n"},{"$patch":"delete","name":"b"}]}})")
                .text,
            R"({"spec":{"containers":[{"name":"c"},{"name":"a","image":"n"}]}})");
  EXPECT_EQ(Merge("Pod", kThree, R"({"spec":{"$setElementOrderX":[]}})").code, 400);
}

}  // namespace
}  // namespace kubecxx::patch

namespace kubecxx::patch {
namespace {

// With a strict weak order Go's SliceStable and std::stable_sort agree; sizes cross the
// 20-element insertion blocks and several SymMerge rounds.
TEST(GoSortTest, StableSortAgreesWithStd) {
  uint32_t seed = 7;
  for (int n : {0, 1, 5, 19, 20, 21, 40, 41, 63, 100, 257}) {
    std::vector<std::pair<int, int>> v;
    for (int i = 0; i < n; ++i) {
      seed = seed * 1103515245u + 12345u;
      v.emplace_back(static_cast<int>((seed >> 16) % 10), i);
    }
    auto want = v;
    std::stable_sort(want.begin(), want.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    GoSliceStable<std::pair<int, int>>(
        v, [](const auto& a, const auto& b) { return a.first < b.first; });
    EXPECT_EQ(v, want) << n;
  }
}

}  // namespace
}  // namespace kubecxx::patch

namespace kubecxx::patch {
namespace {

// Random bodies built from the directive and field vocabulary: every one is merged or
// refused with one of upstream's codes, never a crash (the suite also runs under ASan/UBSan
// when built so).
class RandomBody {
 public:
  explicit RandomBody(uint32_t seed) : seed_(seed) {}
  std::string Value(int depth) {
    switch (Next(depth > 3 ? 4 : 7)) {
      case 0: return "null";
      case 1: return "\"" + Pick(kWords) + "\"";
      case 2: return std::to_string(Next(3));
      case 3: return Next(2) ? "true" : "1.5";
      case 4: return "\"" + Pick(kKeys) + "\"";
      case 5: {
        std::string out = "[";
        for (uint32_t i = 0, n = Next(4); i < n; ++i) out += (i ? "," : "") + Value(depth + 1);
        return out + "]";
      }
      default: {
        std::string out = "{";
        for (uint32_t i = 0, n = Next(5); i < n; ++i) {
          out += (i ? ",\"" : "\"") + Pick(kKeys) + "\":" + Value(depth + 1);
        }
        return out + "}";
      }
    }
  }

 private:
  static inline const std::vector<std::string> kKeys = {
      "$patch", "$retainKeys", "$setElementOrder/containers", "$setElementOrder/finalizers",
      "$deleteFromPrimitiveList/finalizers", "$setElementOrder/env", "$deleteFromPrimitiveList",
      "metadata", "spec", "containers", "env", "name", "image", "finalizers", "labels", "args",
      "volumes", "ports", "containerPort", "value", "emptyDir", "ownerReferences", "uid"};
  static inline const std::vector<std::string> kWords = {"a", "b", "c", "replace", "delete",
                                                         "merge", "name", "x"};
  uint32_t Next(uint32_t n) {
    seed_ = seed_ * 1103515245u + 12345u;
    return (seed_ >> 16) % n;
  }
  const std::string& Pick(const std::vector<std::string>& v) { return v[Next(v.size())]; }
  uint32_t seed_;
};

TEST(StrategicMergeTest, RandomBodiesNeverCrash) {
  constexpr std::string_view kObj =
      R"({"metadata":{"name":"p","finalizers":["a","b"],"labels":{"x":"1"},)"
      R"("ownerReferences":[{"uid":"a","name":"n"}]},"spec":{"containers":[{"name":"a",)"
      R"("image":"i","env":[{"name":"E","value":"1"}],"ports":[{"containerPort":1}]},)"
      R"({"name":"b","args":["x"]}],"volumes":[{"name":"v","emptyDir":{}}]}})";
  PatchSchema schema = PatchSchema::ForKind("", "v1", "Pod");
  int merged = 0;
  for (uint32_t seed = 1; seed <= 3000; ++seed) {
    RandomBody gen(seed);
    std::string body = gen.Value(0);
    for (PatchType t : {PatchType::kStrategic, PatchType::kJson, PatchType::kMerge}) {
      JsonValue out;
      PatchError e;
      if (ApplyPatch(t, body, *ParseJson(kObj), schema, true, &out, &e)) {
        ++merged;
      } else {
        EXPECT_TRUE(e.code == 400 || e.code == 422 || e.code == 500) << e.code << " " << body;
      }
    }
  }
  EXPECT_GT(merged, 1000);
}

}  // namespace
}  // namespace kubecxx::patch
