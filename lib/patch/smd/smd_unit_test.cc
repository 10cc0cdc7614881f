// structured-merge-diff semantics on built-in types, expectations as stock v1.37.2 writes
// them (FieldsV1 of kubectl-created objects, apply merges of list-map items).
#include <gtest/gtest.h>

#include "lib/patch/smd/fieldpath.h"
#include "lib/patch/smd/schema.h"
#include "lib/patch/smd/typed.h"
#include "lib/patch/smd/updater.h"

namespace kubecxx::smd {
namespace {

JsonValue J(std::string_view s) {
  auto v = patch::ParseJson(s);
  EXPECT_TRUE(v.ok()) << s;
  return v.ok() ? *v : JsonValue();
}

TypeRef Kind(std::string_view g, std::string_view k) {
  auto t = RootType(g, "v1", k);
  EXPECT_TRUE(t.has_value()) << k;
  return t.value_or(DeducedType());
}

TEST(SmdFieldSet, ConfigMapCreateAsStockEncodesIt) {
  TypeRef t = Kind("", "ConfigMap");
  Comparison c = Compare(J(R"({"metadata":{"creationTimestamp":null}})"),
                         J(R"({"metadata":{"name":"x","labels":{"app":"a"},
                               "creationTimestamp":null},"data":{"a":"1","b":"2"}})"),
                         t);
  EXPECT_EQ(c.added.ToJson(),
            R"({"f:data":{".":{},"f:a":{},"f:b":{}},"f:metadata":{"f:labels":{".":{},"f:app":{}},"f:name":{}}})");
  auto back = Set::FromJson(c.added.ToJson());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->ToJson(), c.added.ToJson());
}

TEST(SmdFieldSet, ContainerPortKeyUsesTheProtocolDefault) {
  TypeRef t = Kind("", "Pod");
  Set s = ToFieldSet(J(R"({"spec":{"containers":[{"name":"c","image":"i",
                            "ports":[{"containerPort":80}]}]}})"),
                     t);
  EXPECT_EQ(s.ToJson(),
            R"({"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:image":{},"f:name":{},)"
            R"("f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}})");
}

TEST(SmdMerge, ListMapItemsMergeByKeyInAppliedOrder) {
  TypeRef t = Kind("", "Pod");
  auto merged = Merge(J(R"({"spec":{"containers":[{"name":"a","image":"1"},{"name":"b","image":"2"}]}})"),
                      J(R"({"spec":{"containers":[{"name":"b","image":"3"},{"name":"c","image":"4"}]}})"),
                      t);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(patch::SerializeJson(*merged),
            R"({"spec":{"containers":[{"name":"a","image":"1"},{"name":"b","image":"3"},{"name":"c","image":"4"}]}})");
}

TEST(SmdApply, ConflictWithAnotherApplierUnlessForced) {
  TypeRef t = Kind("", "ConfigMap");
  UpdaterOptions opts{t, Set()};
  JsonValue live = J(R"({"metadata":{"name":"x"}})");
  auto first = Apply(live, J(R"({"metadata":{"name":"x"},"data":{"k":"1"}})"), "v1", {}, "a",
                     false, opts);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->conflicts.empty());
  auto second = Apply(first->object, J(R"({"metadata":{"name":"x"},"data":{"k":"2"}})"), "v1",
                      first->managers, "b", false, opts);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->conflicts.size(), 1u);
  EXPECT_EQ(second->conflicts[0].manager, "a");
  EXPECT_EQ(PathString(second->conflicts[0].path), ".data.k");
  auto forced = Apply(first->object, J(R"({"metadata":{"name":"x"},"data":{"k":"2"}})"), "v1",
                      first->managers, "b", true, opts);
  ASSERT_TRUE(forced.ok());
  EXPECT_TRUE(forced->conflicts.empty());
  EXPECT_EQ(forced->managers.at("a").set.ToJson(), R"({"f:metadata":{"f:name":{}}})");
  // The same applier dropping a key removes it.
  auto removed = Apply(forced->object, J(R"({"metadata":{"name":"x"}})"), "v1", forced->managers,
                       "b", false, opts);
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(patch::SerializeJson(removed->object), R"({"metadata":{"name":"x"}})");
}

TEST(SmdPath, ConflictPathsPrintAsStockDoes) {
  PathElement k;
  k.kind = PathElement::kKey;
  k.key.emplace_back("name", J(R"("nginx")"));
  Path p{PathElement::Field("spec"), PathElement::Field("containers"), k,
         PathElement::Field("image")};
  EXPECT_EQ(PathString(p), R"(.spec.containers[name="nginx"].image)");
}

}  // namespace
}  // namespace kubecxx::smd
