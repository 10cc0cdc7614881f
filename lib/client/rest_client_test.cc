// RestClient and TypedClient against a local HTTP fake: what goes on the wire (URL, query,
// Accept, Content-Type, bodies) and how responses, errors and watches are read.
#include "lib/client/rest_client.h"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>
#include <vector>

#include "kubecxx/api/core/v1/types.h"
#include "kubecxx/api/meta/v1/types.h"
#include "lib/codec/json_writer.h"
#include "lib/codec/proto_writer.h"
#include "lib/client/transport_for_config.h"
#include "lib/metrics/registry.h"
#include "lib/model/wire.h"
#include "lib/net/http_client.h"
#include "lib/net/testing/test_server.h"

namespace kubecxx::client {
namespace {

using api::core::v1::Pod;
using api::core::v1::PodList;
using net::testing::TestRequest;
using net::testing::TestResponder;
using net::testing::TestServer;

codec::Object MakePod(const std::string& name, const std::string& rv = "7") {
  codec::Object obj(codec::FindKind("", "v1", "Pod"));
  Pod* pod = obj.As<Pod>();
  pod->type_meta = {"Pod", "v1"};
  pod->object_meta.name = name;
  pod->object_meta.namespace_ = "ns";
  pod->object_meta.resource_version = rv;
  pod->spec.node_name = "node-1";
  return obj;
}

codec::Object MakePodList(int n) {
  codec::Object obj(codec::FindKind("", "v1", "PodList"));
  PodList* list = obj.As<PodList>();
  list->type_meta = {"PodList", "v1"};
  list->list_meta.resource_version = "42";
  list->list_meta.continue_ = "next";
  for (int i = 0; i < n; ++i) {
    Pod p = *MakePod("p" + std::to_string(i)).As<Pod>();
    p.type_meta = {};
    list->items.push_back(p);
  }
  return obj;
}

codec::Object MakeStatus(int code, const std::string& reason, const std::string& message) {
  codec::Object obj(codec::FindKind("", "v1", "Status"));
  auto* s = obj.As<api::meta::v1::Status>();
  s->type_meta = {"Status", "v1"};
  s->status = "Failure";
  s->code = code;
  s->reason = reason;
  s->message = message;
  return obj;
}

std::string ProtoFrame(const std::string& type, const codec::Object& obj) {
  api::meta::v1::WatchEvent we;
  we.type = type;
  we.object.raw = codec::EncodeProtobuf(obj);
  codec::ProtoWriter w;
  WriteProto(w, we);
  std::string body = w.str();
  uint32_t n = body.size();
  return std::string{char(n >> 24), char(n >> 16), char(n >> 8), char(n)} + body;
}

// A fake apiserver: records requests; `reply` answers them.
class Fake {
 public:
  using Reply = std::function<void(const TestRequest&, TestResponder&)>;
  explicit Fake(Reply reply) : reply_(std::move(reply)) {
    auto server = TestServer::Start({}, [this](const TestRequest& req, TestResponder& out) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        requests_.push_back(req);
      }
      reply_(req, out);
    });
    EXPECT_TRUE(server.ok());
    server_ = std::move(*server);
  }
  std::unique_ptr<RestClient> Client(const std::string& content_type = "",
                                     metrics::Registry* registry = nullptr) {
    RestConfig config;
    config.host = server_->Url();
    config.content_type = content_type;
    config.qps = -1;
    RequestExecutorOptions opts;
    if (registry != nullptr) {
      metrics_ = std::make_unique<ClientMetrics>(*registry);
      opts.metrics = metrics_.get();
    }
    auto executor = NewRequestExecutor(config, opts);
    EXPECT_TRUE(executor.ok());
    return std::make_unique<RestClient>(config, std::move(*executor));
  }
  TestRequest Last() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_.back();
  }
  std::string Host() const { return server_->Url().substr(7); }

 private:
  Reply reply_;
  std::mutex mu_;
  std::vector<TestRequest> requests_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<ClientMetrics> metrics_;
};

net::HttpHeaders ContentType(std::string_view ct) {
  net::HttpHeaders h;
  h.Add("Content-Type", std::string(ct));
  return h;
}

TEST(RestClient, TypedGetSpeaksProtobufLikeStockComponents) {
  Fake fake([](const TestRequest&, TestResponder& out) {
    out.Respond(200, codec::EncodeProtobuf(MakePod("web")),
                ContentType("application/vnd.kubernetes.protobuf"));
  });
  auto rest = fake.Client();
  EXPECT_TRUE(rest->protobuf());
  TypedClient<Pod> pods(rest.get(), "ns");
  ApiResult<Pod> pod = pods.Get("web", GetOptions{"0"});
  ASSERT_TRUE(pod.ok()) << pod.error().message();
  EXPECT_EQ(pod->object_meta.name, "web");
  EXPECT_EQ(pod->spec.node_name, "node-1");
  EXPECT_EQ(pod->type_meta.kind, "Pod");
  TestRequest req = fake.Last();
  EXPECT_EQ(req.method, "GET");
  EXPECT_EQ(req.target, "/api/v1/namespaces/ns/pods/web?resourceVersion=0");
  EXPECT_EQ(req.headers.Get("Accept"), "application/vnd.kubernetes.protobuf, */*");
}

TEST(RestClient, JsonContentTypeAndListDecoding) {
  Fake fake([](const TestRequest&, TestResponder& out) {
    out.Respond(200, codec::EncodeJson(MakePodList(3)), ContentType("application/json"));
  });
  auto rest = fake.Client("application/json");
  TypedClient<Pod> pods(rest.get(), "");
  ListOptions opts;
  opts.label_selector = "app=web";
  opts.limit = 2;
  ApiResult<PodList> list = pods.ListObjects(opts);
  ASSERT_TRUE(list.ok()) << list.error().message();
  ASSERT_EQ(list->items.size(), 3u);
  EXPECT_EQ(list->items[2].object_meta.name, "p2");
  EXPECT_EQ(list->list_meta.continue_, "next");
  TestRequest req = fake.Last();
  EXPECT_EQ(req.target, "/api/v1/pods?labelSelector=app%3Dweb&limit=2");
  EXPECT_EQ(req.headers.Get("Accept"), "application/json, */*");

  // The untyped list: items as Objects of the item kind.
  ApiResult<ObjectList> objects = rest->List(ResourceRef{"", "v1", "pods", "ns", "", ""});
  ASSERT_TRUE(objects.ok()) << objects.error().message();
  ASSERT_EQ(objects->items.size(), 3u);
  EXPECT_EQ(objects->items[1].info()->kind, "Pod");
  EXPECT_EQ(objects->items[1].meta()->name, "p1");
  EXPECT_EQ(objects->resource_version, "42");
}

TEST(RestClient, UntypedProtobufList) {
  Fake fake([](const TestRequest&, TestResponder& out) {
    out.Respond(200, codec::EncodeProtobuf(MakePodList(2)),
                ContentType("application/vnd.kubernetes.protobuf"));
  });
  auto rest = fake.Client();
  ApiResult<ObjectList> objects = rest->List(ResourceRef{"", "v1", "pods", "", "", ""});
  ASSERT_TRUE(objects.ok()) << objects.error().message();
  ASSERT_EQ(objects->items.size(), 2u);
  EXPECT_EQ(objects->items[0].meta()->name, "p0");
  EXPECT_EQ(objects->continue_token, "next");
}

TEST(RestClient, WritesSendEnvelopesAndOptions) {
  Fake fake([](const TestRequest& req, TestResponder& out) {
    if (req.method == "DELETE") {
      codec::Object st(codec::FindKind("", "v1", "Status"));
      auto* s = st.As<api::meta::v1::Status>();
      s->type_meta = {"Status", "v1"};
      s->status = "Success";
      out.Respond(200, codec::EncodeJson(st), ContentType("application/json"));
      return;
    }
    out.Respond(req.method == "POST" ? 201 : 200, codec::EncodeProtobuf(MakePod("web", "8")),
                ContentType("application/vnd.kubernetes.protobuf"));
  });
  auto rest = fake.Client();
  TypedClient<Pod> pods(rest.get(), "ns");
  Pod pod;  // no TypeMeta: the client sets it
  pod.object_meta.name = "web";
  WriteOptions wo;
  wo.field_manager = "kubecxx";
  wo.dry_run = true;
  ApiResult<Pod> created = pods.Create(pod, wo);
  ASSERT_TRUE(created.ok()) << created.error().message();
  EXPECT_EQ(created->object_meta.resource_version, "8");
  TestRequest req = fake.Last();
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.target, "/api/v1/namespaces/ns/pods?dryRun=All&fieldManager=kubecxx");
  EXPECT_EQ(req.headers.Get("Content-Type"), "application/vnd.kubernetes.protobuf");
  StatusOr<codec::Object> sent = codec::DecodeObject(req.body);
  ASSERT_TRUE(sent.ok()) << sent.status().message();
  EXPECT_EQ(sent->info()->kind, "Pod");
  EXPECT_EQ(sent->meta()->name, "web");

  ASSERT_TRUE(pods.UpdateStatus(pod).ok());
  EXPECT_EQ(fake.Last().method, "PUT");
  EXPECT_EQ(fake.Last().target, "/api/v1/namespaces/ns/pods/web/status");

  ASSERT_TRUE(pods.Patch("web", PatchType::kStrategicMerge, R"({"metadata":{"labels":{"a":"b"}}})")
                  .ok());
  EXPECT_EQ(fake.Last().method, "PATCH");
  EXPECT_EQ(fake.Last().headers.Get("Content-Type"), "application/strategic-merge-patch+json");
  WriteOptions apply;
  apply.field_manager = "m";
  apply.force = true;
  ASSERT_TRUE(pods.Patch("web", PatchType::kApply, "{}", apply).ok());
  EXPECT_EQ(fake.Last().target, "/api/v1/namespaces/ns/pods/web?fieldManager=m&force=true");
  EXPECT_EQ(fake.Last().headers.Get("Content-Type"), "application/apply-patch+yaml");

  DeleteOptions del;
  del.precondition_resource_version = "8";
  del.propagation_policy = "Foreground";
  del.grace_period_seconds = 0;
  ASSERT_TRUE(pods.Delete("web", del).ok());
  req = fake.Last();
  EXPECT_EQ(req.method, "DELETE");
  EXPECT_EQ(req.target, "/api/v1/namespaces/ns/pods/web");
  EXPECT_EQ(req.headers.Get("Content-Type"), "application/vnd.kubernetes.protobuf");
  sent = codec::DecodeObject(req.body);
  ASSERT_TRUE(sent.ok()) << sent.status().message();
  ASSERT_EQ(sent->info()->kind, "DeleteOptions");
  const auto* d = sent->As<api::meta::v1::DeleteOptions>();
  EXPECT_EQ(d->type_meta.api_version, "v1");
  ASSERT_TRUE(d->preconditions);
  EXPECT_EQ(d->preconditions->resource_version, "8");
  EXPECT_FALSE(d->preconditions->uid.has_value());
  EXPECT_EQ(d->propagation_policy, "Foreground");
  EXPECT_EQ(d->grace_period_seconds, 0);

  ListOptions sel;
  sel.label_selector = "x=y";
  ASSERT_TRUE(pods.DeleteCollection({}, sel).ok());
  EXPECT_EQ(fake.Last().target, "/api/v1/namespaces/ns/pods?labelSelector=x%3Dy");
}

TEST(RestClient, JsonWritesCarryTypeMeta) {
  Fake fake([](const TestRequest&, TestResponder& out) {
    out.Respond(201, codec::EncodeJson(MakePod("web")), ContentType("application/json"));
  });
  auto rest = fake.Client("application/json");
  TypedClient<Pod> pods(rest.get(), "ns");
  Pod pod;
  pod.object_meta.name = "web";
  ASSERT_TRUE(pods.Create(pod).ok());
  EXPECT_EQ(fake.Last().headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(fake.Last().body.substr(0, 34), R"({"kind":"Pod","apiVersion":"v1","m)");
  ASSERT_TRUE(pods.Delete("web").ok());
  EXPECT_EQ(fake.Last().body, R"({"kind":"DeleteOptions","apiVersion":"v1"})");
}

TEST(RestClient, ErrorsDecodeStatusInBothFormatsAndGenericOtherwise) {
  int mode = 0;
  Fake fake([&mode](const TestRequest&, TestResponder& out) {
    codec::Object st = MakeStatus(404, "NotFound", "pods \"web\" not found");
    if (mode == 0) {
      out.Respond(404, codec::EncodeProtobuf(st),
                  ContentType("application/vnd.kubernetes.protobuf"));
    } else if (mode == 1) {
      out.Respond(404, codec::EncodeJson(st), ContentType("application/json"));
    } else {
      out.Respond(409, "conflict!", ContentType("text/plain"));
    }
  });
  auto rest = fake.Client();
  TypedClient<Pod> pods(rest.get(), "ns");
  for (mode = 0; mode < 2; ++mode) {
    ApiResult<Pod> got = pods.Get("web");
    ASSERT_FALSE(got.ok());
    EXPECT_TRUE(IsNotFound(got.error()));
    EXPECT_EQ(got.error().message(), "pods \"web\" not found");
  }
  ApiResult<Pod> created = pods.Create(*MakePod("web").As<Pod>());
  ASSERT_FALSE(created.ok());
  EXPECT_TRUE(IsAlreadyExists(created.error()));
  EXPECT_EQ(created.error().message(), "the server reported a conflict (post pods)");
  ApiResult<Pod> updated = pods.Update(*MakePod("web").As<Pod>());
  ASSERT_FALSE(updated.ok());
  EXPECT_TRUE(IsConflict(updated.error()));
  EXPECT_EQ(updated.error().message(), "the server reported a conflict (put pods web)");
  // Client-side errors never reach the server.
  ApiResult<Pod> bad = pods.Get("a/b");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message(), "invalid resource name \"a/b\": [may not contain '/']");
  EXPECT_EQ(bad.error().code(), 0);
}

TEST(RestClient, JsonVerbsAskForJson) {
  Fake fake([](const TestRequest& req, TestResponder& out) {
    out.Respond(req.method == "POST" ? 201 : 200, R"({"kind":"X"})",
                ContentType("application/json"));
  });
  auto rest = fake.Client();  // protobuf client: the JSON verbs still speak JSON
  ApiResult<std::string> v = rest->GetPath("/version");
  ASSERT_TRUE(v.ok()) << v.error().message();
  EXPECT_EQ(fake.Last().target, "/version");
  EXPECT_EQ(fake.Last().headers.Get("Accept"), "application/json");
  ResourceRef crs{"example.com", "v1", "widgets", "ns", "", ""};
  ASSERT_TRUE(rest->SendJson("POST", crs, "", R"({"kind":"Widget"})").ok());
  EXPECT_EQ(fake.Last().target, "/apis/example.com/v1/namespaces/ns/widgets");
  EXPECT_EQ(fake.Last().headers.Get("Content-Type"), "application/json");
  crs.name = "w";
  DeleteOptions orphan;
  orphan.propagation_policy = "Orphan";
  ASSERT_TRUE(rest->DeleteJson(crs, orphan).ok());
  EXPECT_EQ(fake.Last().body,
            R"({"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Orphan"})");
  EXPECT_FALSE(rest->SendJson("GET", crs, "", "").ok());
}

TEST(RestClient, TransportErrorsHaveCodeZero) {
  RestConfig config;
  config.host = "http://127.0.0.1:1";  // nothing listens on port 1
  config.qps = -1;
  auto rest = RestClient::New(config);
  ASSERT_TRUE(rest.ok());
  ApiResult<std::string> v = (*rest)->GetPath("/version");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code(), 0);
  EXPECT_NE(v.error().message().find("connection refused"), std::string::npos)
      << v.error().message();
}

TEST(RestClient, WatchProtobufStream) {
  Fake fake([](const TestRequest& req, TestResponder& out) {
    out.StartChunked(200, ContentType("application/vnd.kubernetes.protobuf;stream=watch"));
    out.WriteChunk(ProtoFrame("ADDED", MakePod("a")));
    std::string two = ProtoFrame("MODIFIED", MakePod("a", "9"));
    out.WriteChunk(two.substr(0, 5));
    out.WriteChunk(two.substr(5) + ProtoFrame("ERROR", MakeStatus(410, "Expired", "too old")));
    out.EndChunked();
  });
  auto rest = fake.Client();
  TypedClient<Pod> pods(rest.get(), "ns");
  ListOptions opts;
  opts.resource_version = "5";
  opts.allow_watch_bookmarks = true;
  ApiResult<std::unique_ptr<WatchStream>> watch = pods.Watch(opts);
  ASSERT_TRUE(watch.ok()) << watch.error().message();
  EXPECT_EQ(fake.Last().target,
            "/api/v1/namespaces/ns/pods?allowWatchBookmarks=true&resourceVersion=5&watch=true");
  EXPECT_EQ(fake.Last().headers.Get("Accept"), "application/vnd.kubernetes.protobuf, */*");
  std::vector<std::string> seen;
  for (;;) {
    auto ev = (*watch)->Next();
    ASSERT_TRUE(ev.ok()) << ev.error().message();
    if (!ev->has_value()) break;
    const WatchEventObject& e = **ev;
    seen.push_back(e.type);
    if (e.type == "ERROR") {
      ApiError err = WatchEventError(e);
      EXPECT_TRUE(IsResourceExpired(err));
      EXPECT_EQ(err.code(), 410);
    } else {
      ASSERT_NE(e.object.info(), nullptr);
      EXPECT_EQ(e.object.As<Pod>()->object_meta.name, "a");
    }
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"ADDED", "MODIFIED", "ERROR"}));
}

TEST(RestClient, WatchJsonStreamAndCloseFromAnotherThread) {
  Fake fake([](const TestRequest&, TestResponder& out) {
    out.StartChunked(200, ContentType("application/json"));
    out.WriteChunk("{\"type\":\"ADDED\",\"object\":" + codec::EncodeJson(MakePod("a")) + "}\n");
    out.WriteChunk(R"({"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1",)"
                   R"("metadata":{"resourceVersion":"77"}}})"
                   "\n");
    // Then stays open until the client goes away.
    while (!out.stopping() && out.WriteChunk("\n")) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  auto rest = fake.Client("application/json");
  ApiResult<std::unique_ptr<WatchStream>> watch =
      rest->Watch(ResourceRef{"", "v1", "pods", "", "", ""}, {});
  ASSERT_TRUE(watch.ok()) << watch.error().message();
  auto a = (*watch)->Next();
  ASSERT_TRUE(a.ok() && a->has_value());
  EXPECT_EQ((**a).type, "ADDED");
  auto b = (*watch)->Next();
  ASSERT_TRUE(b.ok() && b->has_value());
  EXPECT_EQ((**b).type, "BOOKMARK");
  EXPECT_EQ((**b).object.meta()->resource_version, "77");
  std::thread closer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    (*watch)->Close();
  });
  auto end = (*watch)->Next();
  closer.join();
  ASSERT_TRUE(end.ok()) << end.error().message();
  EXPECT_FALSE(end->has_value());
}

TEST(RestClient, WatchErrorResponseIsAnApiError) {
  Fake fake([](const TestRequest&, TestResponder& out) {
    out.Respond(403, codec::EncodeJson(MakeStatus(403, "Forbidden", "no")),
                ContentType("application/json"));
  });
  auto rest = fake.Client();
  auto watch = rest->Watch(ResourceRef{"", "v1", "pods", "", "", ""}, {});
  ASSERT_FALSE(watch.ok());
  EXPECT_TRUE(IsForbidden(watch.error()));
  EXPECT_EQ(watch.error().message(), "no");
}

TEST(RestClient, MetricsCountAttemptsWithUpstreamNames) {
  Fake fake([](const TestRequest&, TestResponder& out) {
    out.Respond(404, "nope", ContentType("text/plain"));
  });
  metrics::Registry registry;
  auto rest = fake.Client("", &registry);
  TypedClient<Pod> pods(rest.get(), "ns");
  ASSERT_FALSE(pods.Get("x").ok());
  ASSERT_FALSE(pods.Get("y").ok());
  std::string text = registry.GatherText();
  std::string host = fake.Host();
  EXPECT_NE(text.find("rest_client_requests_total{code=\"404\",host=\"" + host +
                      "\",method=\"GET\"} 2"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rest_client_request_duration_seconds_count{host=\"" + host +
                      "\",verb=\"GET\"} 2"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("le=\"0.005\""), std::string::npos);
  EXPECT_NE(text.find("# HELP rest_client_requests_total [ALPHA] Number of HTTP requests, "
                      "partitioned by status code, method, and host."),
            std::string::npos);
}

}  // namespace
}  // namespace kubecxx::client
