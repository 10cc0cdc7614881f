// DynamicClient and the unstructured readers against a local HTTP fake: URLs, headers and
// bodies of every verb for a custom resource, discovery of the scope, and bad input.
#include "lib/client/dynamic_client.h"

#include <gtest/gtest.h>

#include <mutex>
#include <vector>

#include "lib/client/transport_for_config.h"
#include "lib/client/unstructured.h"
#include "lib/net/testing/test_server.h"

namespace kubecxx::client {
namespace {

using net::testing::TestRequest;
using net::testing::TestResponder;
using net::testing::TestServer;

constexpr std::string_view kDiscovery = R"({"kind":"APIResourceList","apiVersion":"v1",
  "groupVersion":"example.kubecxx.io/v1","resources":[
  {"name":"widgets","singularName":"widget","namespaced":true,"kind":"Widget",
   "verbs":["delete","deletecollection","get","list","patch","create","update","watch"],
   "shortNames":["wd"]},
  {"name":"widgets/status","singularName":"","namespaced":true,"kind":"Widget",
   "verbs":["get","patch","update"]},
  {"name":"gadgets","singularName":"gadget","namespaced":false,"kind":"Gadget",
   "verbs":["get","list"]}]})";

constexpr std::string_view kWidget =
    R"({"apiVersion":"example.kubecxx.io/v1","kind":"Widget","metadata":{"name":"w1",)"
    R"("namespace":"ns","resourceVersion":"12","labels":{"a":"b"}},"spec":{"size":3}})";

// Answers discovery and echoes every other request's body (or kWidget for GETs).
class Fake {
 public:
  Fake() {
    auto server = TestServer::Start({}, [this](const TestRequest& req, TestResponder& out) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        requests_.push_back(req);
      }
      net::HttpHeaders h;
      h.Add("Content-Type", "application/json");
      if (req.target == "/apis/example.kubecxx.io/v1") {
        out.Respond(200, kDiscovery, h);
      } else if (req.target.starts_with("/apis/example.kubecxx.io/v2")) {
        out.Respond(404, R"({"kind":"Status","apiVersion":"v1","status":"Failure",)"
                         R"("message":"the server could not find the requested resource",)"
                         R"("reason":"NotFound","code":404})", h);
      } else if (req.method == "GET") {
        out.Respond(200, kWidget, h);
      } else {
        out.Respond(200, req.body.empty() ? std::string(kWidget) : req.body, h);
      }
    });
    EXPECT_TRUE(server.ok());
    server_ = std::move(*server);
    RestConfig config;
    config.host = server_->Url();
    config.qps = -1;  // protobuf by default: the dynamic client must still speak JSON
    auto executor = NewRequestExecutor(config, {});
    EXPECT_TRUE(executor.ok());
    rest_ = std::make_unique<RestClient>(config, std::move(*executor));
  }
  RestClient* rest() { return rest_.get(); }
  TestRequest Last() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_.back();
  }
  size_t count() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_.size();
  }

 private:
  std::mutex mu_;
  std::vector<TestRequest> requests_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<RestClient> rest_;
};

TEST(DynamicClient, DiscoversScopeKindAndVerbs) {
  Fake fake;
  ApiResult<DynamicResource> widgets =
      DiscoverResource(fake.rest(), "example.kubecxx.io", "v1", "widgets");
  ASSERT_TRUE(widgets.ok()) << widgets.error().message();
  EXPECT_EQ(widgets->kind, "Widget");
  EXPECT_TRUE(widgets->namespaced);
  codec::ResourceInfo info = widgets->Info();
  EXPECT_TRUE(info.Has(codec::kVerbWatch));
  EXPECT_TRUE(info.Has(codec::kVerbDeleteCollection));
  EXPECT_EQ(info.GroupVersionPath(), "/apis/example.kubecxx.io/v1");
  EXPECT_EQ(fake.Last().headers.Get("Accept"), "application/json");

  ApiResult<DynamicResource> gadgets =
      DiscoverResource(fake.rest(), "example.kubecxx.io", "v1", "gadgets");
  ASSERT_TRUE(gadgets.ok());
  EXPECT_FALSE(gadgets->namespaced);
  EXPECT_TRUE(gadgets->Info().Has(codec::kVerbList));
  EXPECT_FALSE(gadgets->Info().Has(codec::kVerbWatch));

  ApiResult<DynamicResource> missing =
      DiscoverResource(fake.rest(), "example.kubecxx.io", "v1", "sprockets");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(IsNotFound(missing.error()));
  EXPECT_EQ(missing.error().message(),
            "the server could not find the requested resource \"sprockets\" in "
            "example.kubecxx.io/v1");
  // "widgets/status" is a subresource entry, never a match for "status".
  EXPECT_FALSE(DiscoverResource(fake.rest(), "example.kubecxx.io", "v1", "status").ok());

  ApiResult<DynamicResource> no_version =
      DiscoverResource(fake.rest(), "example.kubecxx.io", "v2", "widgets");
  ASSERT_FALSE(no_version.ok());
  EXPECT_TRUE(IsNotFound(no_version.error()));
  EXPECT_EQ(no_version.error().code(), 404);
}

TEST(DynamicClient, EveryVerbSpeaksJsonToTheResourcePath) {
  Fake fake;
  DynamicResource r{"example.kubecxx.io", "v1", "widgets", "Widget", true};
  DynamicClient c(fake.rest(), r, "ns");
  const std::string base = "/apis/example.kubecxx.io/v1/namespaces/ns/widgets";

  ApiResult<std::string> got = c.Get("w1", GetOptions{"5"});
  ASSERT_TRUE(got.ok()) << got.error().message();
  EXPECT_EQ(*got, kWidget);
  EXPECT_EQ(fake.Last().target, base + "/w1?resourceVersion=5");
  EXPECT_EQ(fake.Last().headers.Get("Accept"), "application/json");

  ASSERT_TRUE(c.Get("w1", {}, "status").ok());
  EXPECT_EQ(fake.Last().target, base + "/w1/status");

  ListOptions lo;
  lo.label_selector = "a=b";
  lo.limit = 1;
  lo.continue_token = "tok";
  ASSERT_TRUE(c.List(lo).ok());
  EXPECT_EQ(fake.Last().target, base + "?continue=tok&labelSelector=a%3Db&limit=1");

  WriteOptions wo;
  wo.field_manager = "kubecxx";
  ASSERT_TRUE(c.Create(kWidget, wo).ok());
  EXPECT_EQ(fake.Last().method, "POST");
  EXPECT_EQ(fake.Last().target, base + "?fieldManager=kubecxx");
  EXPECT_EQ(fake.Last().headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(fake.Last().body, kWidget);

  ASSERT_TRUE(c.Update(kWidget).ok());
  EXPECT_EQ(fake.Last().method, "PUT");
  EXPECT_EQ(fake.Last().target, base + "/w1");
  ASSERT_TRUE(c.UpdateStatus(kWidget).ok());
  EXPECT_EQ(fake.Last().target, base + "/w1/status");

  struct {
    PatchType type;
    std::string_view content_type;
  } patches[] = {{PatchType::kJson, "application/json-patch+json"},
                 {PatchType::kMerge, "application/merge-patch+json"},
                 {PatchType::kStrategicMerge, "application/strategic-merge-patch+json"},
                 {PatchType::kApply, "application/apply-patch+yaml"}};
  for (const auto& p : patches) {
    WriteOptions po;
    if (p.type == PatchType::kApply) {
      po.field_manager = "kubecxx";
      po.force = true;
    }
    ASSERT_TRUE(c.Patch("w1", p.type, "{}", po).ok());
    EXPECT_EQ(fake.Last().method, "PATCH");
    EXPECT_EQ(fake.Last().headers.Get("Content-Type"), p.content_type);
    EXPECT_EQ(fake.Last().target, base + (p.type == PatchType::kApply
                                              ? "/w1?fieldManager=kubecxx&force=true"
                                              : "/w1"));
  }

  DeleteOptions del;
  del.precondition_resource_version = "12";
  ASSERT_TRUE(c.Delete("w1", del).ok());
  EXPECT_EQ(fake.Last().method, "DELETE");
  EXPECT_EQ(fake.Last().target, base + "/w1");
  EXPECT_EQ(fake.Last().body,
            R"({"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"resourceVersion":"12"}})");

  ListOptions sel;
  sel.label_selector = "a=b";
  ASSERT_TRUE(c.DeleteCollection({}, sel).ok());
  EXPECT_EQ(fake.Last().method, "DELETE");
  EXPECT_EQ(fake.Last().target, base + "?labelSelector=a%3Db");
  EXPECT_EQ(fake.Last().headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(fake.Last().body, R"({"kind":"DeleteOptions","apiVersion":"v1"})");

  // All namespaces for collections.
  DynamicClient all(fake.rest(), r, "");
  ASSERT_TRUE(all.List().ok());
  EXPECT_EQ(fake.Last().target, "/apis/example.kubecxx.io/v1/widgets");
}

TEST(DynamicClient, BadCallsAreClientErrorsWithoutARequest) {
  Fake fake;
  DynamicResource namespaced{"example.kubecxx.io", "v1", "widgets", "Widget", true};
  DynamicResource cluster{"example.kubecxx.io", "v1", "gadgets", "Gadget", false};
  DynamicClient no_ns(fake.rest(), namespaced, "");
  DynamicClient wrong_ns(fake.rest(), cluster, "ns");
  DynamicClient c(fake.rest(), namespaced, "ns");

  ApiResult<std::string> e1 = no_ns.Get("w1");
  ASSERT_FALSE(e1.ok());
  EXPECT_EQ(e1.error().code(), 0);
  EXPECT_EQ(e1.error().message(),
            "resource widgets is namespaced; a namespace is required for \"w1\"");
  EXPECT_FALSE(no_ns.Create(kWidget).ok());
  ApiResult<std::string> e2 = wrong_ns.List();
  ASSERT_FALSE(e2.ok());
  EXPECT_EQ(e2.error().message(),
            "resource gadgets is cluster-scoped; the namespace must be empty, not \"ns\"");
  EXPECT_EQ(c.Get("").error().message(), "resource name may not be empty");
  EXPECT_EQ(c.Update(R"({"metadata":{}})").error().message(), "name is required");
  EXPECT_FALSE(c.Update("not json").ok());
  EXPECT_FALSE(c.Update("[1]").ok());
  EXPECT_FALSE(c.Patch("", PatchType::kMerge, "{}").ok());
  EXPECT_FALSE(c.Delete("").ok());
  // A name that is no valid path segment is RestClient's error.
  EXPECT_FALSE(c.Get("a/b").ok());
  EXPECT_EQ(fake.count(), 0u);
}

TEST(Unstructured, HeaderListAndNestedFields) {
  StatusOr<UnstructuredHeader> h = ParseUnstructuredHeader(kWidget);
  ASSERT_TRUE(h.ok()) << h.status().message();
  EXPECT_EQ(h->api_version, "example.kubecxx.io/v1");
  EXPECT_EQ(h->kind, "Widget");
  EXPECT_EQ(h->metadata.name, "w1");
  EXPECT_EQ(h->metadata.resource_version, "12");
  EXPECT_EQ(h->metadata.labels.at("a"), "b");
  EXPECT_FALSE(ParseUnstructuredHeader("[]").ok());
  EXPECT_FALSE(ParseUnstructuredHeader(R"({"metadata":{"name":1}})").ok());
  EXPECT_FALSE(ParseUnstructuredHeader(R"({"kind":"X"} trailing)").ok());

  std::string list = std::string(R"({"apiVersion":"example.kubecxx.io/v1","kind":"WidgetList",)") +
                     R"("metadata":{"resourceVersion":"40","continue":"c1",)" +
                     R"("remainingItemCount":2},"items":[)" + std::string(kWidget) + "," +
                     std::string(kWidget) + "]}";
  StatusOr<UnstructuredList> l = ParseUnstructuredList(list);
  ASSERT_TRUE(l.ok()) << l.status().message();
  EXPECT_EQ(l->kind, "WidgetList");
  EXPECT_EQ(l->resource_version, "40");
  EXPECT_EQ(l->continue_token, "c1");
  EXPECT_EQ(l->remaining_item_count, 2);
  ASSERT_EQ(l->items.size(), 2u);
  EXPECT_EQ(l->items[1], kWidget);
  EXPECT_FALSE(ParseUnstructuredList(R"({"items":[1,)").ok());

  auto size = NestedFieldRaw(kWidget, {"spec", "size"});
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(size->value_or("absent"), "3");
  auto labels = NestedFieldRaw(kWidget, {"metadata", "labels"});
  ASSERT_TRUE(labels.ok());
  EXPECT_EQ(labels->value_or("absent"), R"({"a":"b"})");
  auto missing = NestedFieldRaw(kWidget, {"spec", "color"});
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  auto through_scalar = NestedFieldRaw(kWidget, {"spec", "size", "x"});
  ASSERT_TRUE(through_scalar.ok());
  EXPECT_FALSE(through_scalar->has_value());
  EXPECT_FALSE(NestedFieldRaw("{oops", {"spec"}).ok());
}

}  // namespace
}  // namespace kubecxx::client
