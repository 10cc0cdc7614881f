// Unit tests of lib/apiserver's pure pieces; the server as a whole is proven against stock
// clients in components/kube-apiserver/kube_apiserver_test.cc.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "kubecxx/api/core/v1/types.h"
#include "lib/apiserver/api_errors.h"
#include "lib/apiserver/discovery.h"
#include "lib/apiserver/discovery_facts.h"
#include "lib/apiserver/json_merge.h"
#include "lib/apiserver/list_encoding.h"
#include "lib/apiserver/negotiation.h"
#include "lib/apiserver/object_meta.h"
#include "lib/apiserver/request_info.h"
#include "lib/apiserver/resource_registry.h"
#include "lib/codec/resources.h"
#include "lib/model/wire.h"

namespace kubecxx::apiserver {
namespace {

server::Request Req(std::string method, std::string target) {
  return server::Request(std::move(method), std::move(target), {}, "", true, "127.0.0.1:1");
}

TEST(RequestInfoTest, Paths) {
  auto a = ParseRequestInfo(Req("GET", "/api/v1/namespaces/default/pods/web-0/status"));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->group, "");
  EXPECT_EQ(a->namespace_, "default");
  EXPECT_EQ(a->resource, "pods");
  EXPECT_EQ(a->name, "web-0");
  EXPECT_EQ(a->subresource, "status");
  EXPECT_EQ(a->verb, "get");
  auto b = ParseRequestInfo(Req("GET", "/apis/apps/v1/deployments?watch=true"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->group, "apps");
  EXPECT_EQ(b->resource, "deployments");
  EXPECT_EQ(b->verb, "watch");
  // The namespace object itself, and its status.
  auto c = ParseRequestInfo(Req("PUT", "/api/v1/namespaces/kube-system/status"));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->resource, "namespaces");
  EXPECT_EQ(c->name, "kube-system");
  EXPECT_EQ(c->subresource, "status");
  EXPECT_EQ(c->namespace_, "");
  EXPECT_EQ(c->verb, "update");
  auto d = ParseRequestInfo(Req("DELETE", "/api/v1/namespaces/x/configmaps"));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->verb, "deletecollection");
  EXPECT_FALSE(ParseRequestInfo(Req("GET", "/apis/apps")));
  EXPECT_FALSE(ParseRequestInfo(Req("GET", "/api/v1/namespaces/a/pods/b/c/d")));
}

TEST(NegotiationTest, AcceptHeader) {
  Negotiated n;
  ApiError e;
  ASSERT_TRUE(Negotiate("", {}, &n, &e));
  EXPECT_EQ(n.content_type, "application/json");
  // kubectl get: Table first, plain JSON as the fallback.
  ASSERT_TRUE(Negotiate("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;"
                        "v=v1beta1;g=meta.k8s.io,application/json",
                        {}, &n, &e));
  EXPECT_EQ(n.format, codec::WireFormat::kJson);
  EXPECT_EQ(n.as, "");
  ASSERT_TRUE(Negotiate("application/vnd.kubernetes.protobuf, */*", {}, &n, &e));
  EXPECT_EQ(n.format, codec::WireFormat::kProtobuf);
  ASSERT_TRUE(Negotiate("application/yaml;q=0.5, application/vnd.kubernetes.protobuf;q=0.9", {}, &n, &e));
  EXPECT_EQ(n.format, codec::WireFormat::kProtobuf);
  NegotiateOptions agg;
  agg.conversions.push_back({"APIGroupDiscoveryList", "apidiscovery.k8s.io", "v2"});
  ASSERT_TRUE(Negotiate("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", agg, &n, &e));
  EXPECT_EQ(n.content_type, "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
  EXPECT_FALSE(Negotiate("text/html", {}, &n, &e));
  EXPECT_EQ(e.code, 406);
  EXPECT_EQ(e.message,
            "only the following media types are accepted: application/json, application/yaml, "
            "application/vnd.kubernetes.protobuf");
  NegotiateOptions stream;
  stream.stream = true;
  EXPECT_FALSE(Negotiate("application/yaml", stream, &n, &e));
  codec::WireFormat f;
  EXPECT_FALSE(RequestBodyFormat("text/plain", &f, &e));
  EXPECT_EQ(e.code, 415);
  ASSERT_TRUE(RequestBodyFormat("application/yaml; charset=utf-8", &f, &e));
  EXPECT_EQ(f, codec::WireFormat::kYaml);
}

TEST(ApiErrorsTest, UpstreamTexts) {
  EXPECT_EQ(NotFoundError("", "configmaps", "x").message, "configmaps \"x\" not found");
  EXPECT_EQ(NotFoundError("apps", "deployments", "x").message, "deployments.apps \"x\" not found");
  EXPECT_EQ(AlreadyExistsError("", "pods", "p").message, "pods \"p\" already exists");
  EXPECT_EQ(ConflictError("", "configmaps", "c", "boom").message,
            "Operation cannot be fulfilled on configmaps \"c\": boom");
  std::string json = codec::EncodeJson(StatusObject(NotFoundError("", "configmaps", "x")));
  EXPECT_EQ(json,
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            "\"message\":\"configmaps \\\"x\\\" not found\",\"reason\":\"NotFound\",\"details\":"
            "{\"name\":\"x\",\"kind\":\"configmaps\"},\"code\":404}");
  ApiError gone = FromStorageError(Status(StatusCode::kOutOfRange, "too old"), "", "pods", "");
  EXPECT_EQ(gone.code, 410);
  EXPECT_EQ(gone.reason, "Expired");
  EXPECT_EQ(InvalidError("", "ConfigMap", "", "metadata.name", "FieldValueRequired",
                         "Required value: name or generateName is required")
                .message,
            "ConfigMap \"\" is invalid: metadata.name: Required value: name or generateName is "
            "required");
}

TEST(ListEncodingTest, JsonAndProtobuf) {
  const codec::KindInfo* kind = codec::FindKind("", "v1", "ConfigMap");
  std::vector<codec::Object> items;
  items.emplace_back(kind);
  kind->set_type_meta(items[0].get(), "v1", "ConfigMap");
  items[0].meta()->name = "a";
  auto json = EncodeList(kind, items, {"12", "", std::nullopt}, codec::WireFormat::kJson);
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(*json,
            "{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":"
            "\"12\"},\"items\":[{\"metadata\":{\"name\":\"a\"}}]}");
  // The protobuf list decodes as the typed list.
  auto pb = EncodeList(kind, items, {"12", "tok", 3}, codec::WireFormat::kProtobuf);
  ASSERT_TRUE(pb.ok());
  auto decoded = codec::DecodeObject(*pb);
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  const auto* list = decoded->As<api::core::v1::ConfigMapList>();
  EXPECT_EQ(list->list_meta.resource_version, "12");
  EXPECT_EQ(list->list_meta.continue_, "tok");
  EXPECT_EQ(list->list_meta.remaining_item_count, 3);
  ASSERT_EQ(list->items.size(), 1u);
  EXPECT_EQ(list->items[0].object_meta.name, "a");
  std::vector<codec::Object> none;
  EXPECT_EQ(*EncodeList(kind, none, {"1", "", std::nullopt}, codec::WireFormat::kJson),
            "{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":"
            "\"1\"},\"items\":[]}");
}

TEST(ListEncodingTest, WatchFrames) {
  codec::Object cm(codec::FindKind("", "v1", "ConfigMap"));
  cm.info()->set_type_meta(cm.get(), "v1", "ConfigMap");
  cm.meta()->name = "a";
  EXPECT_EQ(EncodeWatchEvent("ADDED", cm, codec::WireFormat::kJson),
            "{\"type\":\"ADDED\",\"object\":{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\","
            "\"metadata\":{\"name\":\"a\"}}}\n");
  std::string frame = EncodeWatchEvent("DELETED", cm, codec::WireFormat::kProtobuf);
  ASSERT_GT(frame.size(), 4u);
  uint32_t n = (uint32_t(uint8_t(frame[0])) << 24) | (uint32_t(uint8_t(frame[1])) << 16) |
               (uint32_t(uint8_t(frame[2])) << 8) | uint32_t(uint8_t(frame[3]));
  EXPECT_EQ(n, frame.size() - 4);
  EXPECT_EQ(frame.substr(4, 9), std::string("\x0a\x07" "DELETED", 9));
}

TEST(DiscoveryTest, FactsAgreeWithTheModel) {
  int main_resources = 0;
  for (const DiscoveryResource& r : AllDiscoveryResources()) {
    std::string_view name = r.name;
    std::string_view sub;
    if (size_t slash = name.find('/'); slash != std::string_view::npos) {
      sub = name.substr(slash + 1);
      name = name.substr(0, slash);
    } else {
      ++main_resources;
    }
    const codec::ResourceInfo* info = codec::FindResource(r.group, r.version, name, sub);
    ASSERT_NE(info, nullptr) << r.group << "/" << r.version << " " << r.name;
    EXPECT_EQ(info->namespaced, r.namespaced) << r.name;
    if (!info->kind.empty()) {
      EXPECT_EQ(info->kind, r.kind) << r.name;
    }
  }
  EXPECT_GT(main_resources, 60);
  EXPECT_EQ(Discovery::StorageVersionHash("", "v1", "ConfigMap"), "qFsyl6wFWjQ=");
  EXPECT_EQ(Discovery::StorageVersionHash("apps", "v1", "Deployment"), "8aSe+NMegvE=");
}

TEST(ResourceRegistryTest, MissingResourcesAreNamed) {
  // With version conversion (conversion/converter.h) only virtual resources remain.
  bool tokenreviews = false;
  std::set<std::string> missing;
  for (const MissingResource& m : ResourceRegistry::MissingResources()) {
    if (m.resource == "tokenreviews") tokenreviews = true;
    EXPECT_EQ(m.reason, "no storage (virtual resource)") << m.group << "/" << m.version << " "
                                                         << m.resource;
    missing.insert(m.group + "/" + m.version + "/" + m.resource);
  }
  EXPECT_TRUE(tokenreviews);
  for (std::string served : {"autoscaling/v1/horizontalpodautoscalers", "events.k8s.io/v1/events",
                             "certificates.k8s.io/v1/clustertrustbundles",
                             "certificates.k8s.io/v1/podcertificaterequests",
                             "apiextensions.k8s.io/v1/customresourcedefinitions",
                             "resource.k8s.io/v1/devicetaintrules",
                             "storagemigration.k8s.io/v1/storageversionmigrations"}) {
    EXPECT_EQ(missing.count(served), 0u) << served;
  }
  // bindings, componentstatuses, selfsubjectreviews, tokenreviews and four authorization reviews.
  EXPECT_EQ(missing.size(), 8u);
}

TEST(ObjectMetaTest, UidAndGenerateName) {
  std::string uid = NewUid();
  EXPECT_TRUE(std::regex_match(uid, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << uid;
  EXPECT_NE(NewUid(), uid);
  std::string name = GenerateName("web-");
  EXPECT_TRUE(std::regex_match(name, std::regex("web-[bcdfghjklmnpqrstvwxz2456789]{5}"))) << name;
}

TEST(ObjectMetaTest, StatusSplit) {
  ServedResource r;
  r.group = "apps";
  r.resource = "deployments";
  r.kind = codec::FindKind("apps", "v1", "Deployment");
  r.namespaced = true;
  r.has_status = true;
  r.tracks_generation = true;
  auto old = codec::DecodeObject(
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","uid":"u1","generation":3,"resourceVersion":"5"},"spec":{"replicas":1},"status":{"replicas":1}})");
  ASSERT_TRUE(old.ok());
  // Main resource: the status stays old's; a spec change bumps the generation.
  auto next = codec::DecodeObject(
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","generation":9},"spec":{"replicas":2},"status":{"replicas":7}})");
  ASSERT_TRUE(next.ok());
  auto merged = PrepareForUpdate(r, false, std::move(*next), *old);
  ASSERT_TRUE(merged.ok()) << merged.status().message();
  EXPECT_EQ(codec::EncodeJson(*merged),
            R"({"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"d","uid":"u1","generation":4},"spec":{"replicas":2,"selector":null,"template":{"metadata":{},"spec":{"containers":null}},"strategy":{}},"status":{"replicas":1}})");
  // Status subresource: everything of old but the status.
  auto status = codec::DecodeObject(
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","labels":{"x":"y"}},"spec":{"replicas":5},"status":{"replicas":2}})");
  ASSERT_TRUE(status.ok());
  auto s = PrepareForUpdate(r, true, std::move(*status), *old);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->meta()->generation, 3);
  EXPECT_TRUE(s->meta()->labels.empty());
  std::string json = codec::EncodeJson(*s);
  EXPECT_NE(json.find(R"("spec":{"replicas":1)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("status":{"replicas":2})"), std::string::npos) << json;
}

TEST(JsonMergeTest, Rfc7386) {
  // The examples of RFC 7386 section 3.
  auto target = ParseJson(R"({"title":"Goodbye!","author":{"givenName":"John","familyName":"Doe"},"tags":["example","sample"],"content":"This will be unchanged"})");
  auto patch = ParseJson(R"({"title":"Hello!","phoneNumber":"+01-123-456-7890","author":{"familyName":null},"tags":["example"]})");
  ASSERT_TRUE(target.ok() && patch.ok());
  EXPECT_EQ(SerializeJson(MergePatch(*target, *patch)),
            R"({"title":"Hello!","author":{"givenName":"John"},"tags":["example"],"content":"This will be unchanged","phoneNumber":"+01-123-456-7890"})");
  auto scalar = ParseJson("5");
  ASSERT_TRUE(scalar.ok());
  EXPECT_EQ(SerializeJson(MergePatch(*target, *scalar)), "5");
  EXPECT_FALSE(ParseJson("{\"a\":").ok());
  EXPECT_TRUE(StrategicPatchIsPlainMerge(*ParseJson(R"({"metadata":{"labels":{"a":"b","c":null}}})")));
  EXPECT_FALSE(StrategicPatchIsPlainMerge(*ParseJson(R"({"spec":{"containers":[{"name":"c"}]}})")));
  EXPECT_FALSE(StrategicPatchIsPlainMerge(*ParseJson(R"({"$patch":"replace"})")));
}

}  // namespace
}  // namespace kubecxx::apiserver
