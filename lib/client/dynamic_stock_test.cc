// Integration: DynamicClient on a custom resource served by a STOCK kube-apiserver (its CRD
// made by our TypedClient<CustomResourceDefinition>): every verb, the four patch types,
// preconditions, paging, watch, schema errors, the printer column, and an object made by
// the stock kubectl read back byte for byte as `kubectl get --raw` reads it.
#include <atomic>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "lib/client/dynamic_stock_fixture.h"
#include "lib/client/unstructured.h"

namespace kubecxx::client {
namespace {

[[maybe_unused]] ::testing::Environment* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new RestStockEnvironment());

std::string Unique(const std::string& prefix) {
  static std::atomic<int> n{0};
  return prefix + std::to_string(getpid() % 100000) + "-" + std::to_string(n++);
}

std::string Widget(const std::string& name, const std::string& label, const std::string& spec,
                   const std::string& rv = "", const std::string& status = "") {
  std::string out = std::string(R"({"apiVersion":")") + DynamicStockTest::kApiVersion +
                    R"(","kind":"Widget","metadata":{"name":")" + name + "\"";
  if (!rv.empty()) out += R"(,"resourceVersion":")" + rv + "\"";
  out += R"(,"labels":{"kubecxx-dyn":")" + label + "\"}}";
  if (!spec.empty()) out += R"(,"spec":)" + spec;
  if (!status.empty()) out += R"(,"status":)" + status;
  return out + "}";
}

std::string Field(const std::string& json, std::initializer_list<std::string_view> path) {
  StatusOr<std::optional<std::string>> v = NestedFieldRaw(json, path);
  if (!v.ok()) return "<error: " + v.status().message() + ">";
  return v->value_or("<absent>");
}

api::meta::v1::ObjectMeta Meta(const std::string& json) {
  StatusOr<UnstructuredHeader> h = ParseUnstructuredHeader(json);
  EXPECT_TRUE(h.ok()) << h.status().message();
  return h.ok() ? h->metadata : api::meta::v1::ObjectMeta{};
}

class DynamicCrudTest : public DynamicStockTest, public ::testing::WithParamInterface<bool> {
 protected:
  // The RestClient's content type does not matter: the dynamic client speaks JSON.
  DynamicClient Widgets_() { return DynamicClient(Client(GetParam()), Widgets(), kNamespace); }
};

TEST_P(DynamicCrudTest, DiscoveredScope) {
  EXPECT_EQ(Widgets().kind, "Widget");
  EXPECT_TRUE(Widgets().namespaced);
  EXPECT_TRUE(Widgets().Info().Has(codec::kVerbDeleteCollection));
}

TEST_P(DynamicCrudTest, CreateGetListPagesUpdateAndStatus) {
  DynamicClient c = Widgets_();
  const std::string label = Unique("crud-");
  std::vector<std::string> names;
  for (int i = 0; i < 3; ++i) {
    names.push_back(label + "-" + std::to_string(i));
    ApiResult<std::string> made =
        c.Create(Widget(names.back(), label, R"({"size":)" + std::to_string(i + 1) + "}"));
    ASSERT_TRUE(made.ok()) << made.error().message();
    EXPECT_FALSE(Meta(*made).uid.empty());
    EXPECT_EQ(Field(*made, {"spec", "size"}), std::to_string(i + 1));
  }
  ApiResult<std::string> dup = c.Create(Widget(names[0], label, R"({"size":1})"));
  ASSERT_FALSE(dup.ok());
  EXPECT_TRUE(IsAlreadyExists(dup.error()));
  EXPECT_EQ(dup.error().message(),
            "widgets.stable.kubecxx.io \"" + names[0] + "\" already exists");

  ApiResult<std::string> got = c.Get(names[0]);
  ASSERT_TRUE(got.ok()) << got.error().message();
  EXPECT_EQ(Field(*got, {"kind"}), "\"Widget\"");
  EXPECT_EQ(Meta(*got).namespace_, kNamespace);

  // Two pages of a label-selected list.
  ListOptions lo;
  lo.label_selector = "kubecxx-dyn=" + label;
  lo.limit = 2;
  ApiResult<std::string> page1 = c.List(lo);
  ASSERT_TRUE(page1.ok()) << page1.error().message();
  StatusOr<UnstructuredList> l1 = ParseUnstructuredList(*page1);
  ASSERT_TRUE(l1.ok()) << l1.status().message();
  EXPECT_EQ(l1->kind, "WidgetList");
  ASSERT_EQ(l1->items.size(), 2u);
  ASSERT_FALSE(l1->continue_token.empty());
  // Upstream counts the remaining items only for lists without selectors.
  EXPECT_FALSE(l1->remaining_item_count.has_value());
  lo.continue_token = l1->continue_token;
  ApiResult<std::string> page2 = c.List(lo);
  ASSERT_TRUE(page2.ok()) << page2.error().message();
  StatusOr<UnstructuredList> l2 = ParseUnstructuredList(*page2);
  ASSERT_TRUE(l2.ok());
  ASSERT_EQ(l2->items.size(), 1u);
  EXPECT_TRUE(l2->continue_token.empty());
  std::set<std::string> listed;
  for (const auto* l : {&*l1, &*l2}) {
    for (const std::string& item : l->items) listed.insert(Meta(item).name);
  }
  EXPECT_EQ(listed, std::set<std::string>(names.begin(), names.end()));

  // Update, then a stale update is a Conflict.
  std::string rv0 = Meta(*got).resource_version;
  ApiResult<std::string> updated = c.Update(Widget(names[0], label, R"({"size":4})", rv0));
  ASSERT_TRUE(updated.ok()) << updated.error().message();
  EXPECT_EQ(Field(*updated, {"spec", "size"}), "4");
  std::string rv1 = Meta(*updated).resource_version;
  EXPECT_NE(rv1, rv0);
  ApiResult<std::string> stale = c.Update(Widget(names[0], label, R"({"size":5})", rv0));
  ASSERT_FALSE(stale.ok());
  EXPECT_TRUE(IsConflict(stale.error()));
  EXPECT_EQ(stale.error().message(),
            "Operation cannot be fulfilled on widgets.stable.kubecxx.io \"" + names[0] +
                "\": the object has been modified; please apply your changes to the latest "
                "version and try again");

  // The status subresource writes status only; spec and generation stay.
  int64_t generation = Meta(*updated).generation;
  ApiResult<std::string> status = c.UpdateStatus(
      Widget(names[0], label, R"({"size":9})", rv1, R"({"ready":true,"observed":4})"));
  ASSERT_TRUE(status.ok()) << status.error().message();
  EXPECT_EQ(Field(*status, {"status", "ready"}), "true");
  EXPECT_EQ(Field(*status, {"spec", "size"}), "4");
  EXPECT_EQ(Meta(*status).generation, generation);
  ApiResult<std::string> via_sub = c.Get(names[0], {}, "status");
  ASSERT_TRUE(via_sub.ok());
  EXPECT_EQ(Field(*via_sub, {"status", "observed"}), "4");
  // A plain update ignores status.
  ApiResult<std::string> spec_only = c.Update(
      Widget(names[0], label, R"({"size":4})", Meta(*status).resource_version,
             R"({"ready":false})"));
  ASSERT_TRUE(spec_only.ok()) << spec_only.error().message();
  EXPECT_EQ(Field(*spec_only, {"status", "ready"}), "true");

  // DeleteCollection by label empties the set.
  ASSERT_TRUE(c.DeleteCollection({}, Selector("kubecxx-dyn=" + label)).ok());
  ApiResult<std::string> after = c.List(Selector("kubecxx-dyn=" + label));
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(ParseUnstructuredList(*after)->items.empty());
}

TEST_P(DynamicCrudTest, FourPatchTypesAndPreconditionedDelete) {
  DynamicClient c = Widgets_();
  const std::string label = Unique("patch-");
  const std::string name = label + "-w";
  ApiResult<std::string> made = c.Create(Widget(name, label, R"({"size":1})"));
  ASSERT_TRUE(made.ok()) << made.error().message();

  ApiResult<std::string> merged = c.Patch(name, PatchType::kMerge, R"({"spec":{"color":"red"}})");
  ASSERT_TRUE(merged.ok()) << merged.error().message();
  EXPECT_EQ(Field(*merged, {"spec", "color"}), "\"red\"");
  EXPECT_EQ(Field(*merged, {"spec", "size"}), "1");

  ApiResult<std::string> jsonp =
      c.Patch(name, PatchType::kJson, R"([{"op":"replace","path":"/spec/size","value":5}])");
  ASSERT_TRUE(jsonp.ok()) << jsonp.error().message();
  EXPECT_EQ(Field(*jsonp, {"spec", "size"}), "5");

  ApiResult<std::string> status_patch =
      c.Patch(name, PatchType::kMerge, R"({"status":{"ready":true}})", {}, "status");
  ASSERT_TRUE(status_patch.ok()) << status_patch.error().message();
  EXPECT_EQ(Field(*status_patch, {"status", "ready"}), "true");

  // Custom resources have no strategic merge: upstream's 415 and its exact words.
  ApiResult<std::string> smp =
      c.Patch(name, PatchType::kStrategicMerge, R"({"spec":{"size":2}})");
  ASSERT_FALSE(smp.ok());
  EXPECT_TRUE(IsUnsupportedMediaType(smp.error()));
  EXPECT_EQ(smp.error().code(), 415);
  EXPECT_EQ(smp.error().message(),
            "the body of the request was in an unknown format - accepted media types include: "
            "application/json-patch+json, application/merge-patch+json, "
            "application/apply-patch+yaml");

  // Server-side apply: a second manager conflicts on spec.size unless it forces.
  const std::string applied_name = label + "-applied";
  const std::string apply_body = std::string(R"({"apiVersion":")") + kApiVersion +
                                 R"(","kind":"Widget","metadata":{"name":")" + applied_name +
                                 R"("},"spec":{"size":6}})";
  WriteOptions mine = Manager("kubecxx-dyn", true);
  ApiResult<std::string> applied = c.Patch(applied_name, PatchType::kApply, apply_body, mine);
  ASSERT_TRUE(applied.ok()) << applied.error().message();
  EXPECT_EQ(Field(*applied, {"spec", "size"}), "6");
  EXPECT_NE(Field(*applied, {"metadata", "managedFields"}).find(
                R"("manager":"kubecxx-dyn","operation":"Apply")"),
            std::string::npos)
      << *applied;
  std::string other_body = apply_body;
  other_body.replace(other_body.find(R"("size":6)"), 8, R"("size":7)");
  WriteOptions other = Manager("kubecxx-other", std::nullopt);
  ApiResult<std::string> conflict = c.Patch(applied_name, PatchType::kApply, other_body, other);
  ASSERT_FALSE(conflict.ok());
  EXPECT_TRUE(IsConflict(conflict.error()));
  EXPECT_EQ(conflict.error().message(),
            "Apply failed with 1 conflict: conflict with \"kubecxx-dyn\": .spec.size");
  ASSERT_EQ(conflict.error().status().details->causes.size(), 1u);
  EXPECT_EQ(conflict.error().status().details->causes[0].type, "FieldManagerConflict");
  EXPECT_EQ(conflict.error().status().details->causes[0].field, ".spec.size");
  other.force = true;
  ApiResult<std::string> forced = c.Patch(applied_name, PatchType::kApply, other_body, other);
  ASSERT_TRUE(forced.ok()) << forced.error().message();
  EXPECT_EQ(Field(*forced, {"spec", "size"}), "7");

  // Delete with failing preconditions is a Conflict; the right ones delete.
  api::meta::v1::ObjectMeta meta = Meta(*status_patch);
  ApiResult<Empty> bad_rv = c.Delete(name, Preconditions("", "1"));
  ASSERT_FALSE(bad_rv.ok());
  EXPECT_TRUE(IsConflict(bad_rv.error()));
  // rest.BeforeDelete's words, with the kind (not the resource) as the "group resource".
  EXPECT_EQ(bad_rv.error().message(),
            "Operation cannot be fulfilled on Widget.stable.kubecxx.io \"" + name +
                "\": the ResourceVersion in the precondition (1) does not match the "
                "ResourceVersion in record (" + meta.resource_version +
                "). The object might have been modified");
  ApiResult<Empty> bad_uid =
      c.Delete(name, Preconditions("00000000-0000-0000-0000-000000000000", ""));
  ASSERT_FALSE(bad_uid.ok());
  EXPECT_TRUE(IsConflict(bad_uid.error()));
  EXPECT_EQ(bad_uid.error().message(),
            "Operation cannot be fulfilled on Widget.stable.kubecxx.io \"" + name +
                "\": the UID in the precondition (00000000-0000-0000-0000-000000000000) does "
                "not match the UID in record (" + meta.uid +
                "). The object might have been deleted and then recreated");
  ASSERT_TRUE(c.Delete(name, Preconditions(meta.uid, meta.resource_version))
                  .ok());
  ApiResult<std::string> gone = c.Get(name);
  ASSERT_FALSE(gone.ok());
  EXPECT_TRUE(IsNotFound(gone.error()));
  EXPECT_EQ(gone.error().message(), "widgets.stable.kubecxx.io \"" + name + "\" not found");
  ASSERT_TRUE(c.Delete(applied_name).ok());
}

TEST_P(DynamicCrudTest, SchemaViolationsAreInvalidWithCauses) {
  DynamicClient c = Widgets_();
  const std::string name = Unique("bad-");
  ApiResult<std::string> bad = c.Create(Widget(name, "bad", R"({"size":20,"color":5})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(IsInvalid(bad.error()));
  EXPECT_EQ(bad.error().code(), 422);
  std::cout << "[stock] Invalid: " << bad.error().message() << "\n";
  const auto& details = bad.error().status().details;
  ASSERT_TRUE(details);
  EXPECT_EQ(details->kind, "Widget");
  EXPECT_EQ(details->group, "stable.kubecxx.io");
  EXPECT_EQ(details->name, name);
  std::set<std::string> causes;
  for (const auto& cause : details->causes) {
    causes.insert(cause.type + "|" + cause.field + "|" + cause.message);
  }
  EXPECT_EQ(causes,
            (std::set<std::string>{
                "FieldValueInvalid|spec.size|Invalid value: 20: spec.size in body should be "
                "less than or equal to 10",
                "FieldValueTypeInvalid|spec.color|Invalid value: \"integer\": spec.color in body "
                "must be of type string: \"integer\""}));

  ApiResult<std::string> missing = c.Create(Widget(name, "bad", R"({"color":"blue"})"));
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(IsInvalid(missing.error()));
  EXPECT_EQ(missing.error().message(),
            "Widget.stable.kubecxx.io \"" + name + "\" is invalid: spec.size: Required value");
  ASSERT_TRUE(missing.error().status().details);
  ASSERT_EQ(missing.error().status().details->causes.size(), 1u);
  EXPECT_EQ(missing.error().status().details->causes[0].type, "FieldValueRequired");
  EXPECT_EQ(missing.error().status().details->causes[0].field, "spec.size");
}

INSTANTIATE_TEST_SUITE_P(ContentTypes, DynamicCrudTest, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "Protobuf" : "Json"; });

}  // namespace
}  // namespace kubecxx::client
