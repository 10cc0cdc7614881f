// Integration: TypedClient<T>, typed errors and watches against a STOCK kube-apiserver
// (both content types), changes made by the stock kubectl, and 410 after etcd compaction.
#include <atomic>
#include <thread>

#include "kubecxx/api/apps/v1/types.h"
#include "kubecxx/api/coordination/v1/types.h"
#include "kubecxx/api/core/v1/types.h"
#include "kubecxx/api/meta/v1/types.h"
#include "lib/client/rest_stock_fixture.h"

namespace kubecxx::client {
namespace {

using api::core::v1::ConfigMap;
using api::core::v1::Pod;

[[maybe_unused]] ::testing::Environment* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new RestStockEnvironment());

std::string Unique(const std::string& prefix) {
  static std::atomic<int> n{0};
  return prefix + std::to_string(getpid() % 100000) + "-" + std::to_string(n++);
}

// Closes a watch after `seconds` unless disarmed, so nothing can hang the test.
class Watchdog {
 public:
  Watchdog(WatchStream* w, int seconds) : thread_([this, w, seconds] {
      std::unique_lock<std::mutex> lock(mu_);
      if (!cv_.wait_for(lock, std::chrono::seconds(seconds), [this] { return done_; })) {
        w->Close();
      }
    }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

class RestStockTypedTest : public RestStockTest, public ::testing::WithParamInterface<bool> {};

TEST_P(RestStockTypedTest, TypedCrudAndErrors) {
  RestClient* rest = Client(GetParam());
  TypedClient<ConfigMap> cms(rest, kNamespace);
  ConfigMap cm;
  cm.object_meta.name = Unique("typed-");
  cm.object_meta.labels["kubecxx-typed"] = cm.object_meta.name;
  cm.data["k"] = "v";
  ApiResult<ConfigMap> created = cms.Create(cm);
  ASSERT_TRUE(created.ok()) << created.error().message();
  EXPECT_EQ(created->data.at("k"), "v");
  EXPECT_FALSE(created->object_meta.uid.empty());

  ApiResult<ConfigMap> dup = cms.Create(cm);
  ASSERT_FALSE(dup.ok());
  EXPECT_TRUE(IsAlreadyExists(dup.error()));
  EXPECT_EQ(dup.error().code(), 409);
  std::cout << "[stock] AlreadyExists: " << dup.error().message() << "\n";

  ApiResult<ConfigMap> missing = cms.Get("kubecxx-no-such-thing");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(IsNotFound(missing.error()));
  EXPECT_EQ(missing.error().message(), "configmaps \"kubecxx-no-such-thing\" not found");

  ConfigMap changed = *created;
  changed.data["k"] = "w";
  ApiResult<ConfigMap> updated = cms.Update(changed);
  ASSERT_TRUE(updated.ok()) << updated.error().message();
  EXPECT_EQ(updated->data.at("k"), "w");
  ApiResult<ConfigMap> stale = cms.Update(changed);  // the old resourceVersion
  ASSERT_FALSE(stale.ok());
  EXPECT_TRUE(IsConflict(stale.error()));
  std::cout << "[stock] Conflict: " << stale.error().message() << "\n";

  ListOptions lo;
  lo.label_selector = "kubecxx-typed=" + cm.object_meta.name;
  ApiResult<TypedClient<ConfigMap>::List> list = cms.ListObjects(lo);
  ASSERT_TRUE(list.ok()) << list.error().message();
  ASSERT_EQ(list->items.size(), 1u);
  EXPECT_EQ(list->items[0].data.at("k"), "w");
  EXPECT_FALSE(list->list_meta.resource_version.empty());

  ApiResult<ConfigMap> patched =
      cms.Patch(cm.object_meta.name, PatchType::kMerge, R"({"data":{"p":"1"}})");
  ASSERT_TRUE(patched.ok()) << patched.error().message();
  EXPECT_EQ(patched->data.at("p"), "1");

  WriteOptions dry;
  dry.dry_run = true;
  ConfigMap ghost;
  ghost.object_meta.name = Unique("dry-");
  ASSERT_TRUE(cms.Create(ghost, dry).ok());
  EXPECT_TRUE(IsNotFound(cms.Get(ghost.object_meta.name).error()));

  // Invalid: a pod without containers is a 422 with causes.
  TypedClient<Pod> pods(rest, kNamespace);
  Pod bad;
  bad.object_meta.name = Unique("invalid-");
  ApiResult<Pod> invalid = pods.Create(bad);
  ASSERT_FALSE(invalid.ok());
  EXPECT_TRUE(IsInvalid(invalid.error()));
  EXPECT_EQ(invalid.error().code(), 422);
  ASSERT_TRUE(invalid.error().status().details);
  ASSERT_FALSE(invalid.error().status().details->causes.empty());
  std::cout << "[stock] Invalid: " << invalid.error().message() << " (cause field "
            << invalid.error().status().details->causes[0].field << ")\n";
  EXPECT_EQ(invalid.error().status().details->kind, "Pod");

  // A pod: create, update status, delete with preconditions.
  Pod pod;
  pod.object_meta.name = Unique("pod-");
  auto& c = pod.spec.containers.emplace_back();
  c.name = "c";
  c.image = "busybox";
  ApiResult<Pod> p = pods.Create(pod);
  ASSERT_TRUE(p.ok()) << p.error().message();
  Pod with_status = *p;
  with_status.status.message = "kubecxx";
  ApiResult<Pod> st = pods.UpdateStatus(with_status);
  ASSERT_TRUE(st.ok()) << st.error().message();
  EXPECT_EQ(st->status.message, "kubecxx");
  DeleteOptions pre;
  pre.precondition_resource_version = p->object_meta.resource_version;
  ApiResult<Empty> del = pods.Delete(pod.object_meta.name, pre);
  ASSERT_FALSE(del.ok());
  EXPECT_TRUE(IsConflict(del.error()));
  std::cout << "[stock] precondition Conflict: " << del.error().message() << "\n";
  DeleteOptions now;
  now.grace_period_seconds = 0;
  ASSERT_TRUE(pods.Delete(pod.object_meta.name, now).ok());
  ASSERT_TRUE(cms.DeleteCollection({}, lo).ok());
  EXPECT_TRUE(cms.ListObjects(lo)->items.empty());

  // Cluster-scoped and named groups.
  TypedClient<api::apps::v1::Deployment> deployments(rest, kNamespace);
  ApiResult<TypedClient<api::apps::v1::Deployment>::List> dl = deployments.ListObjects();
  ASSERT_TRUE(dl.ok()) << dl.error().message();
  TypedClient<api::core::v1::Namespace> namespaces(rest, "ignored");
  ApiResult<api::core::v1::Namespace> ns = namespaces.Get(kNamespace);
  ASSERT_TRUE(ns.ok()) << ns.error().message();
  EXPECT_EQ(ns->status.phase, "Active");
}

TEST_P(RestStockTypedTest, WatchSeesKubectlChanges) {
  RestClient* rest = Client(GetParam());
  TypedClient<ConfigMap> cms(rest, kNamespace);
  ApiResult<TypedClient<ConfigMap>::List> list = cms.ListObjects();
  ASSERT_TRUE(list.ok()) << list.error().message();
  ListOptions wo;
  wo.resource_version = list->list_meta.resource_version;
  wo.allow_watch_bookmarks = true;
  wo.timeout_seconds = 120;
  ApiResult<std::unique_ptr<WatchStream>> watch = cms.Watch(wo);
  ASSERT_TRUE(watch.ok()) << watch.error().message();
  Watchdog dog(watch->get(), 60);

  std::string name = Unique("watched-");
  ASSERT_TRUE(Kubectl({"-n", kNamespace, "create", "configmap", name, "--from-literal=a=1"}).ok());
  ASSERT_TRUE(Kubectl({"-n", kNamespace, "label", "configmap", name, "changed=yes"}).ok());
  ASSERT_TRUE(Kubectl({"-n", kNamespace, "delete", "configmap", name}).ok());

  std::vector<std::string> seen;
  while (seen.size() < 3) {
    auto ev = (*watch)->Next();
    ASSERT_TRUE(ev.ok()) << ev.error().message();
    ASSERT_TRUE(ev->has_value()) << "watch ended after " << seen.size() << " events";
    const WatchEventObject& e = **ev;
    if (e.type == "BOOKMARK") continue;
    ASSERT_NE(e.object.info(), nullptr) << e.type;
    ASSERT_EQ(e.object.info()->kind, "ConfigMap");
    const ConfigMap* cm = e.object.As<ConfigMap>();
    if (cm->object_meta.name != name) continue;
    std::cout << "[stock] " << FormatName(GetParam()) << " watch: " << e.type << " " << name
              << " rv " << cm->object_meta.resource_version << "\n";
    seen.push_back(e.type);
    if (e.type == "MODIFIED") {
      EXPECT_EQ(cm->object_meta.labels.at("changed"), "yes");
    }
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"ADDED", "MODIFIED", "DELETED"}));
  (*watch)->Close();
  auto end = (*watch)->Next();
  ASSERT_TRUE(end.ok()) << end.error().message();
  EXPECT_FALSE(end->has_value());
}

TEST_P(RestStockTypedTest, WatchListEndsInitialEventsWithABookmark) {
  RestClient* rest = Client(GetParam());
  TypedClient<ConfigMap> cms(rest, kNamespace);
  std::string name = Unique("initial-");
  ConfigMap cm;
  cm.object_meta.name = name;
  ASSERT_TRUE(cms.Create(cm).ok());
  ListOptions wo;
  wo.send_initial_events = true;
  wo.resource_version_match = "NotOlderThan";
  wo.allow_watch_bookmarks = true;
  ApiResult<std::unique_ptr<WatchStream>> watch = cms.Watch(wo);
  ASSERT_TRUE(watch.ok()) << watch.error().message();
  Watchdog dog(watch->get(), 60);
  bool saw_object = false;
  for (;;) {
    auto ev = (*watch)->Next();
    ASSERT_TRUE(ev.ok()) << ev.error().message();
    ASSERT_TRUE(ev->has_value());
    const WatchEventObject& e = **ev;
    if (e.type == "ADDED" && e.object.meta()->name == name) saw_object = true;
    if (e.type == "BOOKMARK") {
      const auto& ann = e.object.meta()->annotations;
      auto it = ann.find("k8s.io/initial-events-end");
      ASSERT_NE(it, ann.end());
      EXPECT_EQ(it->second, "true");
      std::cout << "[stock] " << FormatName(GetParam()) << " initial-events-end bookmark at rv "
                << e.object.meta()->resource_version << "\n";
      break;
    }
  }
  EXPECT_TRUE(saw_object);
  ASSERT_TRUE(cms.Delete(name).ok());
}

INSTANTIATE_TEST_SUITE_P(Formats, RestStockTypedTest, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "Protobuf" : "Json"; });

// After an etcd compaction, requests that reach etcd at a compacted revision are 410s. The
// watch cache would answer from its own history, so this runs on a second stock apiserver
// started with --watch-cache=false.
TEST_F(RestStockTest, CompactedResourceVersionIsExpired) {
  if (server_ == nullptr) GTEST_SKIP() << "SKIPPED: needs the test's own etcd";
  testing::StockApiServerOptions options;
  options.extra_args = {"--watch-cache=false"};
  StatusOr<std::unique_ptr<testing::StockApiServer>> own =
      testing::StockApiServer::Start(options);
  ASSERT_TRUE(own.ok()) << own.status().message();
  LoadingRules rules;
  rules.explicit_path = (*own)->admin_kubeconfig();
  StatusOr<ClientConfig> config = LoadClientConfig(rules, {});
  ASSERT_TRUE(config.ok()) << config.status().message();
  config->rest.qps = -1;
  for (bool protobuf : {true, false}) {
    config->rest.content_type = protobuf ? "application/vnd.kubernetes.protobuf" : "application/json";
    StatusOr<std::unique_ptr<RestClient>> rest = RestClient::New(config->rest);
    ASSERT_TRUE(rest.ok());
    TypedClient<ConfigMap> cms(rest->get(), "default");
    ApiResult<TypedClient<ConfigMap>::List> list = cms.ListObjects();
    ASSERT_TRUE(list.ok()) << list.error().message();
    std::string old_rv = list->list_meta.resource_version;
    std::string last_rv;
    for (int i = 0; i < 3; ++i) {
      ConfigMap cm;
      cm.object_meta.name = Unique("compact-");
      ApiResult<ConfigMap> c = cms.Create(cm);
      ASSERT_TRUE(c.ok()) << c.error().message();
      last_rv = c->object_meta.resource_version;
      ASSERT_TRUE(cms.Delete(cm.object_meta.name).ok());
    }
    StatusOr<std::string> compacted = (*own)->Etcdctl({"compact", last_rv});
    ASSERT_TRUE(compacted.ok()) << compacted.status().message();
    std::cout << "[stock] etcdctl compact " << last_rv << ": " << *compacted;

    ListOptions exact;
    exact.resource_version = old_rv;
    exact.resource_version_match = "Exact";
    ApiResult<TypedClient<ConfigMap>::List> l = cms.ListObjects(exact);
    ASSERT_FALSE(l.ok()) << "list at compacted rv " << old_rv << " succeeded";
    std::cout << "[stock] " << FormatName(protobuf) << " list rv=" << old_rv
              << " Exact: " << l.error().code() << " " << l.error().reason() << " "
              << l.error().message() << "\n";
    EXPECT_EQ(l.error().code(), 410);
    EXPECT_TRUE(IsResourceExpired(l.error()) || IsGone(l.error()));

    ListOptions wo;
    wo.resource_version = old_rv;
    ApiResult<std::unique_ptr<WatchStream>> watch = cms.Watch(wo);
    ApiError err;
    if (!watch.ok()) {
      err = watch.error();
    } else {
      Watchdog dog(watch->get(), 30);
      auto ev = (*watch)->Next();
      ASSERT_TRUE(ev.ok()) << ev.error().message();
      ASSERT_TRUE(ev->has_value());
      ASSERT_EQ((**ev).type, "ERROR");
      err = WatchEventError(**ev);
    }
    std::cout << "[stock] " << FormatName(protobuf) << " watch rv=" << old_rv << ": "
              << err.code() << " " << err.reason() << " " << err.message() << "\n";
    EXPECT_EQ(err.code(), 410);
    EXPECT_TRUE(IsResourceExpired(err) || IsGone(err));
  }
}

}  // namespace
}  // namespace kubecxx::client
